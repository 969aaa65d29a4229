"""Listing rule (bot/relations/listing.py): exchange, date, ticker, status.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import profile


@pytest.mark.parametrize(
    "desc, sentence, entities, ctx, expected",
    [
        (
            "listing date from the clause with the listing verb, not the IPO start",
            "同年2月，星光光电启动IPO，同年8月在科创板上市。",
            {"星光光电": "c"},
            2020,
            {"exchange": "科创板", "date": "2020-08", "status": "done"},
        ),
        (
            "exchange, full date and ticker",
            "嘉楠科技于2019年11月21日在纳斯达克上市，股票代码为CAN。",
            {"嘉楠科技": "c"},
            None,
            {"exchange": "纳斯达克", "date": "2019-11-21", "ticker": "CAN"},
        ),
        (
            "a planned listing says so",
            "驰岚汽车计划在港交所挂牌上市。",
            {"驰岚汽车": "c"},
            None,
            {"exchange": "港交所", "status": "planned"},
        ),
        (
            "将 before the listing: planned",
            "重组完成后，岚途科技将成为上市公司，在纽交所挂牌交易。",
            {"岚途科技": "c"},
            None,
            {"exchange": "纽交所", "status": "planned"},
        ),
    ],
)
def test_listing(desc, sentence, entities, ctx, expected):
    _, recs = profile(sentence, entities, ctx_year=ctx)
    listing = [v.parts for vs in recs.values() for v in vs if v.field == "listing"]
    assert listing, desc
    assert {k: listing[0].get(k) for k in expected} == expected, (desc, listing)


def test_listing_in_a_list_of_companies_belongs_to_none():
    flat, _ = profile(
        "目前已经上市的本土功率芯片企业包括锐芯微、澜启电子、岚捷创芯等。",
        {"锐芯微": "c", "澜启电子": "c", "岚捷创芯": "c"},
    )
    assert not any(f == "listing" for vs in flat.values() for f, _ in vs)


@pytest.mark.parametrize(
    "desc, sentence, expected, forbidden",
    [
        (
            "a filing with a plan is no listing",
            "6月2日，青柚出行向SEC提交招股说明书，拟在纳斯达克挂牌。",
            set(),
            {"纳斯达克", "纳斯达克（计划）"},
        ),
        (
            "a lapsed application is no listing",
            "青柚出行曾两度申请在港交所上市，但申请均已失效。",
            set(),
            {"港交所"},
        ),
        (
            "seeking a listing after filing is no listing either",
            "青柚出行昨日向港交所递交申请，寻求在港交所主板上市。",
            set(),
            {"港交所"},
        ),
        (
            "a listing with a date of its own after the filing is one",
            "青柚出行于2020年5月递交上市申请，并于同年10月在纳斯达克上市。",
            {"纳斯达克 · 2020年10月"},
            set(),
        ),
    ],
)
def test_an_application_is_not_a_listing(desc, sentence, expected, forbidden):
    flat, _ = profile(sentence, {"青柚出行": "c"})
    got = {t for f, t in flat.get("青柚出行", set()) if f == "listing"}
    assert expected <= got and not (forbidden & got), (desc, got)
