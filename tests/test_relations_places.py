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
                "创始人苗启川以家居电商起家，2013年便在合肥创办LUMORA的前身Lumorahome，仅用两年时间就达到了8万注册用户。"
            ],
            {"LUMORA": "c", "苗启川": "p"},
            [],
            ["合肥"],
        ),
        (
            "a change of headquarters is the headquarters; speculation about a move is not",
            [
                "最新的迹象出现在「LUMORA」官网页面上，其公司简介已更改伦敦为总部。",
                "所以综合各方消息来看，不排除「LUMORA」要将研发团队乃至总部迁移到成都的可能。",
            ],
            {"LUMORA": "c"},
            ["伦敦"],
            ["成都"],
        ),
        (
            "a move makes the newer place current, the older one is no longer shown",
            ["星途科技总部位于苏州，公司于2009年成立。", "2020年，星途科技总部迁至上海。"],
            {"星途科技": "c"},
            ["上海"],
            ["苏州"],
        ),
        (
            "a city the dictionary reads as a person's name is a place after a headquarters cue",
            ["远帆科技总部位于吉隆坡，公司于2016年成立。", "2021年，远帆科技总部迁至莫斯科。"],
            {"远帆科技": "c"},
            ["莫斯科"],
            ["吉隆坡"],
        ),
        (
            "a city whose name is also an ordinary word is a place, written whole",
            ["星途科技总部位于包头，公司于2009年成立。"],
            {"星途科技": "c"},
            ["包头"],
            [],
        ),
        (
            "a longer place of four characters, and where in it",
            ["星途科技总部位于班加罗尔郊外，公司于2009年成立。"],
            {"星途科技": "c"},
            ["班加罗尔郊外"],
            [],
        ),
        (
            "an ordinary word that starts like a short place is no place",
            ["星途科技总部设在包头巾厂，公司于2009年成立。"],
            {"星途科技": "c"},
            [],
            ["包头巾厂", "包头"],
        ),
        (
            "a move in the clause after the headquarters: the newer place",
            ["星途科技成立于2009年，总部位于贵州都匀，2020年迁至贵阳。"],
            {"星途科技": "c"},
            ["贵阳"],
            ["贵州都匀"],
        ),
        (
            "where the headquarters was at first, then a move",
            ["星途科技总部原设于厦门，2018年迁往上海。"],
            {"星途科技": "c"},
            ["上海"],
            ["厦门"],
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
