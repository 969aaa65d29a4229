"""The kind of an organisation: a society, party, school, team or publication is no company.

Each case is an invented article with a real sentence shape: (description, text, expected kinds,
forbidden kinds). The ending of the name or the 《》 the article writes it in decides; an article that
calls the name a company is believed.
"""

from __future__ import annotations

import pytest

from tests.test_extract import ANY, Case, kinds

CASES = [
    Case(
        "a sports association's short form (…协) is no company",
        "青山羽协今天宣布，赵一鸣辞去青山羽协主席一职。青山羽协将在下月选出新主席。赵一鸣表示，他会继续支持青山羽协。",
        expected={"青山羽协": "organization"},
        forbidden={"青山羽协": "company"},
    ),
    Case(
        "a school (…中学) is no company",
        "晨光中学校长赵一鸣表示，晨光中学今年扩招。晨光中学的学生很多。",
        expected={"晨光中学": "organization"},
        forbidden={},
    ),
    Case(
        "a magazine the article writes in 《》 is no company",
        "《半岛风》创办人赵一鸣表示，《半岛风》下月停刊。赵一鸣说，《半岛风》的读者会理解。",
        expected={"半岛风": "organization"},
        forbidden={},
    ),
    Case(
        "a school the article calls a company (是一家…公司) stays a company",
        "晨光书院是一家教育公司，2016年由赵一鸣创办。晨光书院今年营收过亿。晨光书院的学费很高。",
        expected={"晨光书院": "company"},
        forbidden={},
    ),
    Case(
        "a name after a kind of product (消费级机器人X（Y）) is a product, not the company that makes it",
        "星澜科技成立于2014年，是一家消费级机器人公司，把控制算法用于消费级机器人小澜宝（LanBot）。"
        "LanBot今年销量过万，LanBot在海外也有用户。星澜科技创始人赵一鸣表示，小澜宝会继续迭代。",
        expected={"小澜宝": "product", "星澜科技": "company"},
        forbidden={},
    ),
    Case(
        "a name after 品牌 is a brand; accented Latin letters do not cut it (Lumière, not Lumi)",
        "逸星电商宣布收购法国高端护肤品牌Lumière。收购后，原股东持有Lumière品牌10%的股权。"
        "Lumière是上世纪70年代创立的品牌。逸星电商创始人赵一鸣表示，会把Lumière引入中国。",
        expected={"Lumière": "brand"},
        forbidden={"Lumi": ANY},
    ),
    Case(
        "a plain company name is untouched",
        "星河科技创始人赵一鸣表示，星河科技今年营收过亿。星河科技的客户多是银行。",
        expected={"星河科技": "company"},
        forbidden={},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_organisation_kinds(case: Case):
    got = kinds(case.text)
    for name, kind in case.expected.items():
        assert got.get(name) == kind, case.description
    for name, kind in case.forbidden.items():
        assert name not in got if kind == ANY else got.get(name) != kind, case.description
