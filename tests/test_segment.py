from __future__ import annotations

import pytest

from bot.segment import Segmenter, segment_text, split_sentences


@pytest.mark.parametrize(
    "desc, text, expected",
    [
        (
            "a Latin name ending in ! inside a clause",
            "2012 年，31 岁的蒋予川把 Zentra！以 3000 万美金的价格卖给了星河科技，并出任顾问。",
            ["2012 年，31 岁的蒋予川把 Zentra！以 3000 万美金的价格卖给了星河科技，并出任顾问。"],
        ),
        (
            "the name followed by a space and more of the clause",
            "蒋予川写下了 Zentra! 的第一行代码。后来他去了上海。",
            ["蒋予川写下了 Zentra! 的第一行代码。", "后来他去了上海。"],
        ),
        (
            "a Chinese exclamation still ends the sentence",
            "太好了！我们上市了。",
            ["太好了！", "我们上市了。"],
        ),
        ("a Latin word at the end of a sentence", "他说了一句 OK! ", ["他说了一句 OK!"]),
    ],
)
def test_exclamation_marks(desc, text, expected):
    assert split_sentences(text) == expected, desc


def test_quotes_are_not_broken():
    s = split_sentences("张楠赓说，“芯片行业没有捷径。就是一代一代迭代下去。”创业之路从来不会一帆风顺。")
    assert s == ["张楠赓说，“芯片行业没有捷径。就是一代一代迭代下去。”", "创业之路从来不会一帆风顺。"]


def test_huge_line_is_cut():
    parts = split_sentences("嘉楠，" * 400)
    assert len(parts) > 1 and all(len(p) <= 300 for p in parts)


def test_interview_speakers():
    text = "\n".join(["楊作興像個導師。"] + ["硬氪：你怎么看？", "楊作興：我們是領先的。"] * 3)
    sents = segment_text(text)
    answers = [s for s in sents if s.speaker]
    assert answers and all(s.speaker == "杨作兴" for s in answers)
    assert all(s.question for s in sents if "怎么看" in s.text)


def test_segmenter_owns_its_dictionary():
    a, b = Segmenter(), Segmenter()
    a.add_word("研极微电子")
    assert "研极微电子" in a.cut("杨作兴创立了研极微电子")
    assert "研极微电子" not in b.cut("杨作兴创立了研极微电子")


def test_new_words_are_learned_from_the_article_and_forgotten():
    from bot.discover import new_words

    # Cohesion is measured against the rest of the article, so the sample needs some ordinary text around.
    filler = [
        "这家公司的产品在市场上很受欢迎，销售额每年都在增长。",
        "行业分析人士认为，低功耗芯片的需求还会继续扩大。",
        "今年上半年，国内摄像头市场的出货量明显上升。",
        "投资人对这个方向的看法并不一致，有人看好也有人担心。",
    ] * 2
    text = filler + [
        "二〇二〇年杨作兴创立了研极微电子。",
        "创始人杨作兴表示，旗下研极微电子会继续投入。",
        "外界评价杨作兴很低调。",
        "据悉研极微电子的芯片功耗很低。",
        "对此杨作兴说，今年研极微电子的目标是十倍增长。",
    ]
    words = new_words(text)
    assert "杨作兴" in words and "研极微电子" in words
    seg = Segmenter()
    with seg.learned(words):
        assert "杨作兴" in seg.cut("杨作兴创立了公司")
    assert "杨作兴" not in seg.cut("杨作兴创立了公司")
