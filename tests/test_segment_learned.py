"""Words learned for one article are forgotten exactly: the next article is cut as if they never existed."""

from __future__ import annotations

from bot.segment import segmenter

TEXT = "云帆出行今天宣布完成融资，云帆出行创始人赵一鸣表示很高兴。嘉楠科技也在北京。"


def test_learned_words_leave_the_dictionary_as_it_was():
    seg = segmenter()
    before = seg.cut(TEXT)
    freq, total = dict(seg.tokenizer.FREQ), seg.tokenizer.total
    with seg.learned(["云帆出行", "赵一鸣", "嘉楠", "赵一鸣"]):
        assert "云帆出行" in seg.cut(TEXT)
    # jieba's own del_word would mark them force-split for good (赵一鸣 -> 赵 一 鸣 in the next article).
    assert seg.cut(TEXT) == before
    assert seg.tokenizer.FREQ == freq
    assert seg.tokenizer.total == total
