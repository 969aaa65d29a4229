"""The relation rules' data (bot/data/relations/): every file says what it feeds, every pattern compiles,
marker words and display texts load, and a broken line is reported at its file and line."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from bot.relations import cues
from bot.relations import grammar as g

_DATA = resources.files("bot").joinpath("data", "relations")


def test_every_data_file_says_what_it_feeds():
    files = sorted(p for p in _DATA.iterdir() if p.name.endswith(".txt"))
    assert files
    for f in files:
        assert f.read_text(encoding="utf-8").startswith("#"), f"{f.name} has no `#` header"


def test_every_pattern_compiles_and_the_grammar_exposes_it():
    entries = cues.patterns("patterns", **g.GIVEN)
    assert len(entries) > 50
    for name, rx in entries.items():
        assert isinstance(re.compile(rx), re.Pattern), name
        assert name in g.GIVEN or hasattr(g, name), f"{name} is in patterns.txt but not in grammar.py"


def test_markers_and_display_texts():
    assert g.BY == "由"
    assert g.FOUNDED_ON[0] == "成立于" and isinstance(g.FOUNDED_ON, tuple)
    assert g.DEGREE_ORDER.index("本科") < g.DEGREE_ORDER.index("博士")
    assert g.shown("TICKER", ticker="CAN") == "股票代码 CAN"
    assert g.shown("YEAR", year=1983) == "1983年"


def test_placeholders_fill_from_entries_above_cues_and_the_caller():
    text = "# header\nA = x|y\nB = ({A})+{GIVEN}\nC = (?:{cue:register_verbs})\n"
    out = cues.parse_patterns(text, "t.txt", {"GIVEN": "z"})
    assert out["B"] == "(x|y)+z"
    assert out["C"] == f"(?:{cues.alternation('register_verbs')})"
    assert "{2,6}" in cues.parse_patterns("Q = a{2,6}\n", "t.txt", {})["Q"]  # a quantifier is no placeholder


@pytest.mark.parametrize(
    "text, message",
    [
        ("# header\nA = x\nB = {MISSING}\n", "t.txt:3: {MISSING} is not defined above"),
        ("# header\nno separator here\n", "t.txt:2: expected NAME = pattern"),
    ],
)
def test_a_broken_line_is_reported_at_its_file_and_line(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        cues.parse_patterns(text, "t.txt", {})
