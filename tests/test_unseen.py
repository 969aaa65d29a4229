"""Articles written for the tests, in other styles and encodings: the method, not the seeds, is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.ingest import build_index
from bot.render import to_json
from bot.store.index import Index

UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    path = tmp_path_factory.mktemp("unseen") / "i.sqlite"
    build_index([UNSEEN], path)
    index = Index(path)
    return lambda line: to_json(answer_line(index, line))


def values(a: dict, field: str) -> str:
    return " ".join(v["value"] for v in a["profile"].get(field, []))


def test_news_person_and_company(ask):
    p = ask("/who 梁文锋")
    assert p["status"] == "found"
    assert "1985" in values(p, "born") and "湛江" in values(p, "born")
    assert "浙江大学" in values(p, "education") and "深度求索" in values(p, "founded")
    c = ask("/company DeepSeek")
    assert c["status"] == "found" and c["entity"]["name"] == "深度求索"
    assert "梁文锋" in values(c, "founders") and c["profile"]["founded"][0]["date"] == "2023-07"


def test_traditional_interview(ask):
    p = ask("/who 王興")
    assert p["status"] == "found" and p["lang"] == "zh-hant"
    assert {"興哥", "兴哥"} & set(p["entity"]["aliases"]) and "興哥" in p["text"]
    assert "清華" in p["text"] and "美團" in p["text"] and "1979" in p["text"]
    assert "赴" not in values(p, "related") and "畢業" not in values(p, "related")
    assert ask("/who wang xing")["status"] == "found"
    assert any(f["type"] == "quote" for f in p["facts"])


def test_gb18030_html_company(ask):
    c = ask("/company 宁德时代")
    assert c["status"] == "found"
    for needle in ("2011", "曾毓群", "福建宁德", "创业板", "300750", "4009亿元"):
        assert needle in c["text"], needle
    assert ask("/company 寧德時代")["status"] == "found"
    assert ask("/company 300750")["entity"]["name"] == "宁德时代"
    assert ask("/who zeng yuqun")["entity"]["name"] == "曾毓群"  # the surname's reading, not ceng
    cofounder = ask("/who 黄世霖")
    assert cofounder["status"] == "found" and "新能源科技" in values(cofounder, "founded")


def test_nothing_invented(ask):
    for name in ("张楠赓", "杨作兴", "雷军"):
        assert ask(f"/who {name}")["status"] == "not_found"


def test_big5_taiwan_report(ask):
    p = ask("/who 魏哲家")
    assert p["status"] == "found" and p["lang"] == "zh-hans"
    assert (
        "台积电" in values(p, "roles")
        and "1953" in values(p, "born")
        and "耶鲁大学" in values(p, "education")
    )
    c = ask("/company 台積電")
    assert c["status"] == "found" and c["lang"] == "zh-hant"
    for needle in ("1987", "張忠謀", "2330", "證券交易所"):
        assert needle in c["text"], needle
    assert "台湾积体电路制造股份有限公司" in c["entity"]["aliases"]


def test_transliterated_names_and_english_aliases(ask):
    altman = ask("/who Sam Altman")
    assert altman["status"] == "found" and altman["entity"]["name"] == "萨姆·奥特曼"
    assert "OpenAI" in values(altman, "roles")
    assert ask("/who 马斯克")["entity"]["name"] == "埃隆·马斯克"
    openai = ask("/company openai")
    assert {"萨姆·奥特曼", "埃隆·马斯克"} <= {v["value"] for v in openai["profile"]["founders"]}
    assert "400亿美元" in values(openai, "figures") and "3000亿美元" in values(openai, "figures")
    moon = ask("/company Moonshot AI")
    assert moon["entity"]["name"] == "月之暗面" and "Kimi" in values(moon, "products")
    assert "杨植麟" in values(moon, "founders")


def test_not_found_echoes_the_query_as_typed(ask):
    a = ask("/who 台灣無名氏")
    assert a["status"] == "not_found" and a["lang"] == "zh-hant"
    assert "“台灣無名氏”" in a["text"]  # not OpenCC's 臺灣


def test_qa_interview_with_generic_labels(ask):
    p = ask("/who 李斌")
    assert "蔚来汽车 董事长" in values(p, "roles") and "安徽安庆" in values(p, "born")
    assert {"蔚来汽车", "易车网"} <= {v["value"].split("（")[0] for v in p["profile"]["founded"]}
    quotes = [f["text"] for f in p["facts"] if f["type"] == "quote"]
    assert any("换电" in q for q in quotes)  # 答： answers belong to the interviewee
    assert ask("/company 蔚来")["entity"]["name"] == "蔚来汽车"


def test_corporate_biography_and_annual_report(ask):
    p = ask("/who 周建平")
    assert (
        p["status"] == "found"
        and "1970" in values(p, "born")
        and "星途科技 董事长兼总裁" in values(p, "roles")
    )
    c = ask("/company 星途科技")
    assert values(c, "founded").startswith("2009") and "江苏苏州" in values(c, "headquarters")
    assert c["profile"]["founded"][0]["year"] == 2009
    assert {"激光雷达", "车载摄像头"} <= {v["value"] for v in c["profile"]["products"]}
    figures = values(c, "figures")
    for needle in ("128亿元", "9.6亿元", "15亿元", "200亿元"):
        assert needle in figures, needle


def test_surname_titles_and_company_continuations(ask):
    p = ask("/who 朱总")
    assert p["status"] == "found" and p["entity"]["name"] == "朱兴明"
    assert "汇川科技 董事长" in values(p, "roles") and "2003" in values(p, "founded")
    assert "钱晓东" not in p["text"]  # the analyst's sentence is not about him
    c = ask("/company 汇川科技")
    assert any("304亿元" in f["text"] for f in c["facts"])  # 该公司2023年营收… continues the company
