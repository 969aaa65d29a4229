from __future__ import annotations

from bot.segment import Segmenter, segment_text, split_sentences


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
