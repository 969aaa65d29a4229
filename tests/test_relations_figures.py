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
            "据悉，EnerVenue完成1．25亿美元A轮融资。",
            {"EnerVenue": "c"},
            [("A轮融资", "1.25亿美元", "actual")],
        ),
        (
            "累计亏损 is its own kind",
            "估值140亿元的依图科技累计亏损72.68亿元。",
            {"依图科技": "c"},
            [("累计亏损", "72.68亿元", "actual")],
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
            "两年后获由顺为资本领投的5亿元融资。",
            {"顺为资本": "c"},
        ),
        (
            "后者 is another company",
            "也有韦豪创芯的身影，例如爱芯元智，后者在4月刚完成了一笔10亿元的融资。",
            {"韦豪创芯": "c"},
        ),
        (
            "a customer's revenue is not the company's",
            "报告期内，云从科技前五大客户的销售收入为3.02亿元。",
            {"云从科技": "c"},
        ),
        (
            "a series of amounts over years is no one figure",
            "2018年-2020年云从科技销售收入为4.51亿元、5.97亿元、5.15亿元。",
            {"云从科技": "c"},
        ),
        (
            "an average per dentist, in orders of magnitude, is not the company's revenue",
            "过去三年，瑞尔集团全职牙医平均年收入在百万以上，最高超200万元。",
            {"瑞尔集团": "c"},
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
            "三年后，瑞尔集团再度完成9000万美元D轮融资，高盛集团和高瓴共同投资。",
            "D轮融资 9000万美元",
        ),
        (
            "the cumulative total, labelled as such",
            "至此，从2010年1月完成A轮融资2000万美元到最后E轮融资，瑞尔集团先后经历了5次资本市场融资，累积融资近4亿美元。",
            "累计融资 近4亿美元",
        ),
        ("an angel round", "星光光电去年完成了3000万元天使轮融资。", "天使轮融资 3000万元"),
        ("a plain funding figure stays plain", "星光光电去年融资3000万元。", "融资 3000万元"),
    ],
)
def test_funding_rounds(desc, sentence, expected):
    flat, _ = profile(sentence, {"瑞尔集团": "c", "星光光电": "c", "高盛": "c"})
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
