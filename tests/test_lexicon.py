"""The one loader of bot/data/lexicon and bot/data/patterns: file order, continuation lines,
placeholders, and errors that name the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import lexicon as lx

_DATA = Path(lx.__file__).resolve().parent / "data"


@pytest.fixture
def patterns_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(lx, "_PATTERNS", tmp_path)
    lx._pattern_file.cache_clear()
    yield tmp_path
    lx._pattern_file.cache_clear()


def test_every_data_file_says_what_it_feeds():
    files = sorted((_DATA / "lexicon").glob("*.txt")) + sorted((_DATA / "patterns").glob("*.txt"))
    assert files
    for f in files:
        assert f.read_text(encoding="utf-8").startswith("#"), f"{f.name} has no `#` header"


def test_every_pattern_compiles():
    subs = {
        "LATIN_NAME": "[A-Za-z]+",
        "roles": "a",
        "classes": "b",
        "trans": "c",
        "cues": "d",
        "people": "e",
        "han": "f",
    }
    for f in sorted((_DATA / "patterns").glob("*.txt")):
        for key in lx._pattern_file(f.stem):
            assert isinstance(lx.pattern(f.stem, key, **subs), re.Pattern), f"{f.stem}.{key}"


def test_a_list_keeps_the_file_order_and_skips_comments():
    words = lx.load_list("name_suffixes")
    assert words[:3] == ("股份有限公司", "有限责任公司", "有限公司")
    assert not any(w.startswith("#") for w in words)


def test_a_pattern_continues_on_indented_lines_and_fills_placeholders(patterns_dir):
    (patterns_dir / "t.txt").write_text("# test\nk = 甲(?:{{x}})\n    |乙\n", encoding="utf-8")
    assert lx.pattern_text("t", "k", x="丙") == "甲(?:丙)|乙"
    assert lx.pattern("t", "k", x="丙").fullmatch("乙")


@pytest.mark.parametrize(
    ("description", "text", "message"),
    [
        ("a line without `key = `", "# h\nk = a\nno pattern here\n", "t.txt:3: expected `key = pattern`"),
        ("a key defined twice", "# h\nk = a\n\nk = b\n", "t.txt:4: k is defined twice (first on line 2)"),
        ("a continuation first", "# h\n    a\n", "t.txt:2: a continuation line"),
        ("a regex that does not compile", "# h\n\nk = (a\n", "t.txt:3: k: missing )"),
        ("a placeholder the code does not give", "# h\nk = {{y}}a\n", "t.txt:2: k uses {{y}}"),
    ],
)
def test_errors_name_the_file_and_line(patterns_dir, description, text, message):
    (patterns_dir / "t.txt").write_text(text, encoding="utf-8")
    with pytest.raises(lx.LexiconError, match=re.escape(message)):
        lx.pattern("t", "k")


def test_a_row_with_the_wrong_number_of_fields_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(lx, "_DATA", tmp_path)
    (tmp_path / "r.txt").write_text("# h\na\tb\nc\n", encoding="utf-8")
    with pytest.raises(lx.LexiconError, match=re.escape("r.txt:3: 1 tab-separated fields, 2 to 2 expected")):
        lx.load_rows("r", 2, 2)


def test_a_named_word():
    assert lx.word("company") == "公司"
    with pytest.raises(lx.LexiconError, match="no word named nothing"):
        lx.word("nothing")
