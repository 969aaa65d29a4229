"""Born rule (bot/relations/born.py): the year and place of the person the sentence is about.

Cases are (description, sentence, entities, expected, forbidden), invented sentences; entities as the
extractor would find them (p person, c company, u university).
"""

from __future__ import annotations

import pytest

from tests.relations_helpers import has, profile


@pytest.mark.parametrize(
    "desc, sentence, entities, expected, forbidden",
    [
        (
            "the year written before 生于",
            "晨星物流创始人孟凡，1979年生于安徽，技校毕业后去了深圳。",
            {"孟凡": "p"},
            [("孟凡", "born", "1979年")],
            [],
        ),
        (
            "a leading year clause gives a bare 出生 its year",
            "1986年，孟凡出生在江西赣州。",
            {"孟凡": "p"},
            [("孟凡", "born", "1986年")],
            [],
        ),
        (
            "people in possessive modifiers are not the subject; the schools stay his too",
            "孟凡是船王孟大海的外孙、孟思远的独子，出生于1961年，于伦敦商学院取得硕士学位。",
            {"孟凡": "p", "孟大海": "p", "孟思远": "p", "伦敦商学院": "u"},
            [("孟凡", "born", "1961年")],
            [("孟思远", "born", "1961年"), ("孟大海", "born", "1961年")],
        ),
        (
            "a city the dictionary reads as a person's name is a birthplace",
            "孟凡1982年出生于西雅图，毕业于明远大学。",
            {"孟凡": "p", "明远大学": "u"},
            [("孟凡", "born", "西雅图")],
            [],
        ),
        (
            "a city of four characters is a birthplace",
            "孟凡1982年出生于班加罗尔，毕业于明远大学。",
            {"孟凡": "p", "明远大学": "u"},
            [("孟凡", "born", "班加罗尔")],
            [],
        ),
        (
            "someone of his was born: not him",
            "2012年，孟凡的儿子出生在杭州。",
            {"孟凡": "p"},
            [],
            [("孟凡", "born", "2012年")],
        ),
        (
            "出生地 is no birth",
            "2015年，孟凡回到出生地宜宾投资建厂。",
            {"孟凡": "p"},
            [],
            [("孟凡", "born", "2015年")],
        ),
    ],
)
def test_born(desc, sentence, entities, expected, forbidden):
    flat, _ = profile(sentence, entities)
    for name, field, value in expected:
        assert has(flat, name, field, value), (desc, flat)
    for name, field, value in forbidden:
        assert not has(flat, name, field, value), (desc, flat)
