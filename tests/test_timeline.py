"""大事记 (/timeline): dated facts in time order, one event a line with its sources, in ask, chat and JSON.

The seeds give the real cases (two articles telling 张楠赓's first bitcoin year, Traditional text); two
invented articles about an invented company give the typed events (founding told twice, a listing, a
funding round, a forecast, a period of years).
"""

from __future__ import annotations

import re

import pytest

from bot.timeline import after_writing, date_precision, happened, org_event, precision

# ---- rules (bot/data/timeline/cues.yaml) ---------------------------------------------------------


@pytest.mark.parametrize(
    "description, sentence, date, expected",
    [
        ("a year", "2016年，公司推出第一款芯片。", "2016", "2016"),
        ("a month as stored", "2013年4月，他创立了公司。", "2013-04", "2013-04"),
        ("a day as stored", "2019年11月21日，公司上市。", "2019-11-21", "2019-11-21"),
        ("a period with 至", "2016年至2019年，他带领团队研发了三代产品。", "2016", "2016–2019"),
        ("a period with a dash", "2016-2019年间营收翻了三倍。", "2016", "2016–2019"),
        (
            "a chain of years",
            "在2017年、2018年和截至2019年9月30日的9个月里，累计量产了1亿颗。",
            "2017",
            "2017–2019",
        ),
        ("approximately", "他第一次接触比特币是在2011年左右。", "2011", "约2011"),
        ("the end of a year", "在2012年末，他开始做矿机。", "2012", "2012年末"),
        ("the start of a year", "2020年初，公司搬到深圳。", "2020", "2020年初"),
        ("the first half", "2025年上半年销量位列第一。", "2025", "2025年上半年"),
        ("a later year is no period", "2019年，他回忆起2011年的事。", "2019", "2019"),
    ],
)
def test_precision_as_the_text_gives_it(description, sentence, date, expected):
    assert precision(sentence, date) == expected, description


def test_precision_in_english():
    assert precision("他第一次接触比特币是在2011年左右。", "2011", "en") == "c. 2011"
    assert precision("2016年至2019年，他研发了三代产品。", "2016", "en") == "2016–2019"
    assert date_precision("2012年末，他开始做矿机。", "2012") == ("late", "")


@pytest.mark.parametrize(
    "description, sentence, date, expected",
    [
        ("a plain event", "2018年，公司完成A轮融资。", "2018", True),
        ("a forecast", "公司预计2030年实现盈利。", "2030", False),
        ("a plan", "公司计划于2022年上市。", "2022", False),
        ("a doubt in another clause", "他在2011年左右接触比特币，起先觉得它或许能改变世界。", "2011", True),
        ("a hope", "我们希望2026年把产品卖到海外。", "2026", False),
    ],
)
def test_forecasts_are_not_events(description, sentence, date, expected):
    assert happened(sentence, date) is expected, description


@pytest.mark.parametrize(
    "description, date, written, expected",
    [
        ("before the article", "2019", ["2021-06-01"], False),
        ("the article's own year", "2021", ["2021-06-01"], False),
        ("after the article", "2035", ["2025-08-01"], True),
        ("a later month of the same year", "2021-09", ["2021-06-01"], True),
        ("no article date: this year is the limit", "2999", [""], True),
    ],
)
def test_a_date_after_the_article_is_a_forecast(description, date, written, expected):
    assert after_writing(date, written) is expected, description


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("2018年，公司完成A轮融资。", True),
        ("2020年，公司在上交所上市。", True),
        ("2019年，公司更名为星河科技。", True),
        ("2015年，他在杭州创立了公司。", True),
        ("2016年，他去了一趟美国。", False),
    ],
)
def test_organisation_events(sentence, expected):
    assert org_event(sentence) is expected


# ---- the seeds -----------------------------------------------------------------------------------
LINE = re.compile(r"^(\S+) (.+?) ((?:\[\d+\])+)$")


def _lines(text: str) -> list[tuple[str, str, str]]:
    return [m.groups() for m in map(LINE.match, text.splitlines()) if m]


def _key(when: str) -> str:
    return re.search(r"\d{4}(?:-\d{2})*", when).group(0)


def test_a_person_in_time_order_each_line_cited(ask):
    out = ask("/timeline 张楠赓")
    assert out["command"] == "timeline" and out["status"] == "found"
    lines = _lines(out["text"])
    assert out["text"].startswith("张楠赓 · 大事记")
    assert len(lines) == 10  # a page, like the card's
    keys = [_key(w) for w, _, _ in lines]
    assert keys == sorted(keys)
    assert ("2013-04", "创立嘉楠科技（与李佳轩）") in [(w, x) for w, x, _ in lines]
    assert out["text"].rstrip().splitlines()[-2].startswith("[1]")  # the numbered sources close it


def test_undated_facts_are_left_out(ask):
    out = ask("/timeline 张楠赓")
    shown = {f for e in out["timeline"] for f in e["facts"]}
    undated = {f["id"] for f in out["facts"] if not f["date"]}
    assert undated and not shown & undated
    assert all(e["date"] for e in out["timeline"])


def test_the_same_event_from_two_articles_is_one_line_with_both(ask):
    out = ask("/timeline 张楠赓")
    first_bitcoin = [e for e in out["timeline"] if e["date"] == "2011" and "比特币" in e["canon"]]
    merged = [e for e in first_bitcoin if len(e["sources"]) == 2]
    assert len(merged) == 1 and merged[0]["when"] == "约2011"
    line = next(x for x in out["text"].splitlines() if x.startswith("约2011"))
    assert line.endswith("[1][2]")


def test_pages(ask):
    first, second = ask("/timeline 张楠赓"), ask("/timeline 张楠赓 2")
    assert "/timeline 张楠赓 2" in first["text"]
    assert second["timeline"] == first["timeline"]  # JSON carries every event; the text pages them
    a = {x for _, x, _ in _lines(first["text"])}
    b = {x for _, x, _ in _lines(second["text"])}
    assert b and not a & b
    assert "第 2/2 页" in second["text"]


def test_json_fields(ask):
    out = ask("/timeline 嘉楠科技")
    assert out["entity"]["name"] == "嘉楠科技"
    for ev in out["timeline"]:
        assert {"date", "when", "kind", "text", "sources", "facts", "entity"} <= set(ev)
        assert ev["sources"] and all({"article", "title"} == set(s) for s in ev["sources"])
    assert any(ev["when"] == "2017–2019" for ev in out["timeline"])  # 2017年、2018年和截至2019年…


def test_traditional_and_english_readers(ask):
    hant = ask("/timeline 張楠賡")
    assert hant["lang"] == "zh-hant" and hant["text"].startswith("張楠賡 · 大事記")
    assert "約2011" in hant["text"] and "創立嘉楠科技" in hant["text"]
    en = ask("/timeline 张楠赓", lang="en")
    assert en["text"].startswith("张楠赓 · Timeline") and "c. 2011" in en["text"]
    assert "founded 嘉楠科技 (with 李佳轩)" in en["text"]


def test_unknown_and_empty_names(ask):
    assert ask("/timeline 没有这个人")["status"] == "not_found"
    assert ask("/timeline")["status"] == "error"
    assert ask("/大事记 张楠赓")["command"] == "timeline"


def test_a_forecast_and_a_later_year_stay_out(ask):
    out = ask("/timeline 神眸")
    assert out["timeline"] and not any(e["date"] >= "2030" for e in out["timeline"])


# ---- invented articles: typed events ---------------------------------------------------------------
ARTICLE_A = """---
title: 星河动力的十年
date: 2021-06-01
---
2015年3月，王小明与李大力在杭州创立星河动力科技有限公司（以下简称“星河动力”）。

王小明任星河动力董事长兼CEO。

2018年，星河动力完成A轮融资，金额为2亿元。

2020年11月5日，星河动力在上交所科创板上市，股票代码688999。

王小明表示，公司预计2030年实现全面盈利。

星河动力的工程师都很年轻，王小明经常和他们一起加班。

2016年至2019年，王小明带领团队研发了三代发动机。
"""
ARTICLE_B = """---
title: 对话王小明：造发动机的人
date: 2021-07-01
---
王小明1985年出生于湖南长沙。

2015年，王小明在杭州创立了星河动力科技有限公司。

王小明说，创业很难，但是值得。
"""


@pytest.fixture(scope="module")
def invented(tmp_path_factory):
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    folder = tmp_path_factory.mktemp("timeline")
    (folder / "a.md").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    build_index([folder], folder / "index.sqlite")
    index = Index(folder / "index.sqlite")
    return lambda line, lang=None: to_json(answer_line(index, line, lang=lang))


def test_a_person_gets_the_events_of_their_company(invented):
    out = invented("/timeline 王小明")
    got = [(w, x) for w, x, _ in _lines(out["text"])]
    assert got == [
        ("1985", "出生于湖南长沙"),
        ("2015-03", "创立星河动力（与李大力）"),  # told by both articles: one line, the finer date
        ("2016–2019", "王小明带领团队研发了三代发动机。"),
        ("2018", "星河动力完成A轮融资，金额为2亿元。"),
        ("2020-11-05", "星河动力在上交所上市，股票代码 688999"),
    ]
    founding = next(e for e in out["timeline"] if e["kind"] == "founded")
    assert len(founding["sources"]) == 2
    assert "2030" not in out["text"]  # a forecast
    assert "加班" not in out["text"]  # undated


def test_an_organisation_timeline(invented):
    out = invented("/timeline 星河动力")
    got = [(w, x) for w, x, _ in _lines(out["text"])]
    assert got[0][0] == "2015-03" and got[-1] == ("2020-11-05", "在上交所上市，股票代码 688999")


def test_chat_answers_the_timeline(seed_index):
    from bot.cli import ChatSession

    chat = ChatSession(seed_index)
    reply = chat.handle("/timeline 嘉楠科技")
    assert reply.startswith("嘉楠科技 · 大事记") and "2013-04" in reply
