"""A name that is also an everyday word (得到, 可以) is a mention only where the article's extraction found it."""

from __future__ import annotations

import pytest

from bot.corpus.mentions import everyday_names_not_found, find_mentions, is_everyday, name_pattern
from bot.model import Article, Extraction


def article(extracted: dict[str, Extraction]) -> Article:
    return Article("a1", "a1.txt", "", "", "", "", "", "", "utf-8", "", extracted=extracted)


CASES = [
    ("the word is the name the article found", {"得到": Extraction("company", 3.0)}, set()),
    (
        "the word is an alias the article found",
        {"罗辑思维": Extraction("company", 3.0, {"得到": "short"})},
        set(),
    ),
    ("another article's name is a word here", {"星河科技": Extraction("company", 3.0)}, {"得到"}),
]


@pytest.mark.parametrize(("description", "extracted", "skipped"), CASES, ids=[c[0] for c in CASES])
def test_everyday_names_count_only_where_found(description, extracted, skipped):
    assert everyday_names_not_found(article(extracted), frozenset({"得到"})) == skipped


def test_a_skipped_name_is_no_mention():
    table = {"得到": 1, "星河科技": 2}
    found = find_mentions("星河科技得到了认可。", name_pattern(table), table, frozenset({"得到"}))
    assert found == [(2, 0)]


@pytest.mark.parametrize(
    ("description", "name", "everyday"),
    [
        ("a dictionary word", "得到", True),
        ("a short name opening with a function character (all well)", "都好", True),
        ("another such name", "也好", True),
        ("a coined name", "星河科技", False),
        ("a long name opening with a function character is a name", "都市丽人集团", False),
    ],
)
def test_which_names_are_everyday(description, name, everyday):
    assert is_everyday(name) is everyday, description


def test_a_function_character_name_is_no_mention_in_another_article():
    table = {"都好": 1}
    skip = everyday_names_not_found(article({"星河科技": Extraction("company", 3.0)}), frozenset({"都好"}))
    assert find_mentions("大家都好，生意也不错。", name_pattern(table), table, skip) == []
