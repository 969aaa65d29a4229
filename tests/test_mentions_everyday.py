"""A name that is also an everyday word (得到, 可以) is a mention only where the article's extraction found it."""

from __future__ import annotations

import pytest

from bot.corpus.mentions import everyday_names_not_found, find_mentions, name_pattern
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
