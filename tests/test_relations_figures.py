"""Figure rule (bot/relations/figures.py): a company's amounts with kind, year and status.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from bot.relations import values as vals
from tests.relations_helpers import profile


@pytest.mark.parametrize(
    "desc, sentence, entities, expected",
    [
        (
            "预计 is planned, 已经花了 actual",
            "创立神眸这条产品线，我预计总投入50个亿，到今天已经花了22个亿。",
            {"神眸": "b"},
            [("总投入", "50亿", "planned"), ("已投入", "22亿", "actual")],
        ),
        (
            "数十亿 keeps its 数",
            "星光光电2020年营收数十亿元。",
            {"星光光电": "c"},
            [("营收", "数十亿元", "actual")],
        ),
        (
            "超过 stays with the amount",
            "星光光电估值超过100亿美元。",
            {"星光光电": "c"},
            [("估值", "超过100亿美元", "actual")],
        ),
        (
            "a full-width decimal point (and the round it was)",
            "据悉，Nexolyte完成2．35亿美元B轮融资。",
            {"Nexolyte": "c"},
            [("B轮融资", "2.35亿美元", "actual")],
        ),
        (
            "累计亏损 is its own kind",
            "估值85亿元的澜图科技累计亏损31.46亿元。",
            {"澜图科技": "c"},
            [("累计亏损", "31.46亿元", "actual")],
        ),
        (
            "目标 is a target",
            "星光光电的目标是2025年营收100亿元。",
            {"星光光电": "c"},
            [("营收", "100亿元", "target")],
        ),
    ],
)
def test_figures(desc, sentence, entities, expected):
    _, recs = profile(sentence, entities)
    got = {
        (v.parts["kind"], v.parts["amount"], v.parts["status"])
        for vs in recs.values()
        for v in vs
        if v.field == "figures"
    }
    assert set(expected) <= got, (desc, got)


@pytest.mark.parametrize(
    "desc, sentence, entities",
    [
        (
            "the investor who led a round owns no figure",
            "三年后获由启岚资本领投的8亿元融资。",
            {"启岚资本": "c"},
        ),
        (
            "后者 is another company",
            "也有澄湖创投的身影，例如岚芯微电，后者在6月刚完成了一笔12亿元的融资。",
            {"澄湖创投": "c"},
        ),
        (
            "a customer's revenue is not the company's",
            "报告期内，翎犀科技前五大客户的销售收入为2.17亿元。",
            {"翎犀科技": "c"},
        ),
        (
            "a series of amounts over years is no one figure",
            "2019年-2021年翎犀科技销售收入为3.26亿元、4.08亿元、3.91亿元。",
            {"翎犀科技": "c"},
        ),
        (
            "an average per dentist, in orders of magnitude, is not the company's revenue",
            "过去两年，沐岚集团全职药剂师平均年收入在十万以上，最高超50万元。",
            {"沐岚集团": "c"},
        ),
    ],
)
def test_figures_that_belong_to_no_one(desc, sentence, entities):
    flat, _ = profile(sentence, entities)
    assert not any(f == "figures" for vs in flat.values() for f, _ in vs), (desc, flat)


@pytest.mark.parametrize(
    "desc, sentence, expected",
    [
        (
            "one round, labelled as such",
            "两年后，沐岚集团再度完成7000万美元C轮融资，岚峰集团和澄湖共同投资。",
            "C轮融资 7000万美元",
        ),
        (
            "the cumulative total, labelled as such",
            "至此，从2011年3月完成A轮融资1500万美元到最后D轮融资，沐岚集团先后经历了4次资本市场融资，累积融资近3亿美元。",
            "累计融资 近3亿美元",
        ),
        ("an angel round", "星光光电去年完成了3000万元天使轮融资。", "天使轮融资 3000万元"),
        ("a plain funding figure stays plain", "星光光电去年融资3000万元。", "融资 3000万元"),
    ],
)
def test_funding_rounds(desc, sentence, expected):
    flat, _ = profile(sentence, {"沐岚集团": "c", "星光光电": "c", "岚峰": "c"})
    got = {t for vs in flat.values() for f, t in vs if f == "figures"}
    assert expected in got, (desc, got)


@pytest.mark.parametrize(
    "desc, text, expected",
    [
        ("数十亿", "营收数十亿元", "数十亿元"),
        ("近", "估值近50亿美元", "近50亿美元"),
        ("超过", "超过1000万台", "超过1000万台"),
        ("个亿", "花了22个亿", "22个亿"),
    ],
)
def test_amounts_keep_their_modifier(desc, text, expected):
    assert vals.AMOUNT.search(text).group(1) == expected, desc
