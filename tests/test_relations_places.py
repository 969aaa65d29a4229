"""Headquarters rule (bot/relations/places.py): the place, and moves.

Cases are (description, sentence(s), entities, expected, forbidden): entities as the extractor
would find them (p person, c company, b brand, u university), so they check only what the relation
layer decides.
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import article_profile


@pytest.mark.parametrize(
    "desc, sentences, entities, expected, forbidden",
    [
        (
            "where a company was founded is not its headquarters",
            [
                "创始人许仰天以婚纱电商起家，2012年便在南京创办SHEIN的前身Sheinside，仅用一年时间就达到了25万注册用户。"
            ],
            {"SHEIN": "c", "许仰天": "p"},
            [],
            ["南京"],
        ),
        (
            "a change of headquarters is the headquarters; speculation about a move is not",
            [
                "变化的迹象最先发生在「SHEIN」领英页面上，其公司简介已更改新加坡为总部。",
                "所以基于多方信息来看，不排除「SHEIN」要将公司核心力量乃至总部迁移到广州的可能。",
            ],
            {"SHEIN": "c"},
            ["新加坡"],
            ["广州"],
        ),
        (
            "a move makes the newer place current, the older one is no longer shown",
            ["星途科技总部位于苏州，公司于2009年成立。", "2020年，星途科技总部迁至上海。"],
            {"星途科技": "c"},
            ["上海"],
            ["苏州"],
        ),
        (
            "a planned move changes nothing",
            ["星途科技总部位于苏州，公司于2009年成立。", "星途科技计划将总部迁至上海。"],
            {"星途科技": "c"},
            ["苏州"],
            ["上海"],
        ),
    ],
)
def test_headquarters(desc, sentences, entities, expected, forbidden):
    flat = article_profile(sentences, entities)
    org = next(n for n, k in entities.items() if k == "c")
    hq = {t for f, t in flat.get(org, set()) if f == "headquarters"}
    assert set(expected) <= hq and not set(forbidden) & hq, (desc, hq)
