"""Which words are names and which forms belong together: category words, split and cut names.

Each case is an invented article with a real sentence shape: (description, text, expected kinds,
forbidden kinds), checked as in tests/test_extract.py.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tests.test_extract import ANY, ORG, Case, found, kinds

CASES = [
    Case(
        "a line of business written before 市场/品牌/产品 is no organisation, whatever the model reads",
        "星河优选是一家新锐美妆零售品牌，创始人赵一鸣表示，美妆市场仍在增长。星河优选的美妆产品来自全球。"
        "赵一鸣说，美妆品牌需要门店。美妆行业竞争激烈，星河优选今年开了十家店。",
        expected={"赵一鸣": "person"},
        forbidden={"美妆": ANY},
    ),
    Case(
        "a name the article mostly writes on its own stays a name though once before 产品",
        "顺腾物流今年营收过亿，顺腾物流的客户多是电商。顺腾物流产品线很长。赵一鸣说，顺腾物流会上市。",
        expected={"顺腾物流": ORG},
        forbidden={},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.description for c in CASES])
def test_forms(case: Case):
    got = kinds(case.text)
    for name, kind in case.expected.items():
        assert (got.get(name) not in (None, "person")) if kind == ORG else got.get(name) == kind, (
            case.description
        )
    for name, kind in case.forbidden.items():
        assert name not in got if kind == ANY else got.get(name) != kind, case.description


class FormCase(NamedTuple):
    """(description, text, the name that must hold the alias, the alias) or, with `same` False, two names
    that must stay apart."""

    description: str
    text: str
    name: str
    alias: str
    same: bool = True


FORMS = [
    FormCase(
        "a legal name of place + name + line of business + legal form holds the short form the article keeps",
        "苏州星澜生物医药科技有限公司宣布完成B轮融资。星澜CEO赵一鸣表示，星澜将继续投入研发。"
        "星澜成立于2015年，星澜的药已进入临床。",
        "苏州星澜生物医药科技有限公司",
        "星澜",
    ),
    FormCase(
        "a legal name with another proper word in it is another company (a subsidiary), not the short form's",
        "星澜创始人赵一鸣表示，星澜将继续投入研发。星澜成立于2015年，星澜的药已进入临床。"
        "星澜入股了星澜慧宇科技有限公司。",
        "星澜慧宇科技有限公司",
        "星澜",
        same=False,
    ),
]


@pytest.mark.parametrize("case", FORMS, ids=[c.description for c in FORMS])
def test_forms_of_one_name(case: FormCase):
    got = found(case.text)
    if case.same:
        assert case.name in got and case.alias in got[case.name].aliases, case.description
        assert case.alias not in got, case.description
    else:
        assert case.name not in got or case.alias not in got[case.name].aliases, case.description
