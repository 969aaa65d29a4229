"""One test per cleaning step, with real fragments from the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.read import read_article
from bot.read.clean import (
    CleanResult,
    clean_text,
    drop_disclaimers,
    drop_trailing_spam,
    normalize_width,
    repair_mojibake,
    strip_images_and_captions,
    strip_pinyin_annotations,
    take_bylines,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def test_pinyin_annotations():
    assert strip_pinyin_annotations("IPO數(shù)據(jù)圖表") == "IPO數據圖表"
    assert strip_pinyin_annotations("神眸(CINMOORE)") == "神眸(CINMOORE)"


def test_mojibake_repaired_or_dropped_keeping_the_sentence():
    # 以及能源 read one byte out of phase: the bytes survive, so it is repaired.
    assert repair_mojibake(strip_pinyin_annotations("硬件規(guī)?;约澳茉础?")).startswith("硬件規及能源")
    out = repair_mojibake(strip_pinyin_annotations("我覺得我不能放棄它?!痹?013年1月,張楠賡成功研發"))
    assert "2013年1月,張楠賡成功研發" in out and "痹" not in out.split("2013")[1]
    out = repair_mojibake(strip_pinyin_annotations("同頻對接?,F(xiàn)場致辭中,張楠賡說"))
    assert (
        out.startswith("同頻對接") and out.endswith("致辭中,張楠賡說") and "?" not in out and "(" not in out
    )


def test_real_question_marks_are_kept():
    assert repair_mojibake("技術路線?他如何理解AI芯片") == "技術路線?他如何理解AI芯片"


def test_images_and_captions():
    lines = strip_images_and_captions(["![]()", "神眸PT-4攝像頭(圖源/企業)", "照片由王智本人提供", "正文。"])
    assert [x for x in lines if x] == ["正文。"]


def test_bylines_become_metadata():
    r = CleanResult("")
    rest = take_bylines(["作者 | 歐雪", "編輯 | 袁斯來", "出品|虎嗅科技組", "正文。"], r)
    assert rest == ["正文。"] and r.bylines["作者"] == "歐雪" and r.outlet == "虎嗅"


def test_disclaimers_and_spam():
    r = CleanResult("")
    rest = drop_disclaimers(
        [
            "正文。",
            "特別聲明:以上內容為自媒體平臺“網易號”用戶上傳",
            "本文來自虎嗅,原文鏈接:https://www.huxiu.com/a/1.html",
        ],
        r,
    )
    assert rest == ["正文。"] and r.source_url.startswith("https://www.huxiu.com")
    body = [
        "王智認為半導體投資進入精準擊破階段。",
        "中國半導體產業發展經過從無到有。",
        "王智談到國產替代。",
        "半導體投資要看市場空間。",
        "本文來自虎嗅,原文鏈接:https://www.huxiu.com/a/1.html",
        "魔獸世界全版本最受歡迎的10個坐騎和一句話攻略",
        "免責聲明:本文內容由開放的智能模型自動生成,僅供參考。",
    ]
    r = CleanResult("")
    assert drop_trailing_spam(drop_disclaimers(body, r), r) == body[:4]


def test_an_articles_own_ending_is_not_spam():
    # A short interview's last answers share few bigrams with the rest, and still belong to it.
    lines = [
        "美團創始人王興很少接受採訪。",
        "晚點：美團為什麼要做外賣？",
        "王興：外賣是一個很大的市場。",
        "晚點：下一步是什麼？",
        "王興：科技。我們會在無人機配送上持續投入。",
        "2023年，美團營收2767億元，同比增長26%。",
    ]
    r = CleanResult("")
    assert drop_trailing_spam(drop_disclaimers(lines, r), r) == lines


def test_width():
    assert normalize_width("ＡＩ芯片,撑得过?") == "AI芯片，撑得过？"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_golden_cleaned_text(seed):
    text = clean_text(read_article(SEEDS / seed).text).text
    golden = GOLDEN / (Path(seed).stem + ".clean.txt")
    assert text == golden.read_text(encoding="utf-8")
    for bad in ("(shù)", "(xiàn)", "<p>", "</p", "特別聲明", "免責聲明", "魔獸世界", "如果发现本网站", "![]"):
        assert bad not in text


_BODY = "星遙集團宣布獲得美國 Orbis 基金會策略性投資。\n韓立舟表示，雙方將長期合作。\n星遙本輪募資吸引了美國、新加坡的投資者。\n"
RELATED = [
    ("a related-news heading (Traditional)", "相關新聞", True),
    ("a further-reading heading with a colon", "延伸阅读：", True),
    ("a next-article teaser", "點擊閱讀下一則新聞", True),
    ("the words inside a sentence are no heading", "他说相关新闻不实。", False),
]


@pytest.mark.parametrize(("description", "heading", "cut"), RELATED, ids=[r[0] for r in RELATED])
def test_a_related_news_list_ends_the_article(description, heading, cut):
    text = _BODY + heading + "\n【記者溫若蘭／台中報導】峻榮-KY（6617）出現董事會改選爭議。\n"
    out = clean_text(text).text
    assert ("峻榮" not in out) is cut, description
    assert "韩立舟表示" in out or "韓立舟表示" in out


def test_a_related_heading_before_the_article_has_begun_cuts_nothing():
    text = "相关新闻\n" + _BODY
    assert "募資" in clean_text(text).text or "募资" in clean_text(text).text
