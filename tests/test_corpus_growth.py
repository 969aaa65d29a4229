"""Indexing more articles never degrades an existing card: the seeds alone, then with the dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.ingest import build_index
from bot.normalize import to_simplified
from bot.render import to_json
from bot.store.index import Index

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "articles"
SEED_QUERIES = [
    "/who 张楠赓",
    "/company 嘉楠科技",
    "/who 杨作兴",
    "/company 神眸",
    "/company 比特微",
    "/who 王智",
]


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> Index:
    if not DEVSET.is_dir():
        pytest.skip("the shared dev set is not beside this checkout")
    path = tmp_path_factory.mktemp("grown") / "grown.sqlite"
    build_index([ROOT / "seeds", DEVSET], path)
    return Index(path)


def _values(card: dict) -> set[tuple[str, str]]:
    return {(f, v["value"]) for f, items in card["profile"].items() for v in items if f != "related"}


def _lines(text: str) -> list[tuple[str, ...]]:
    import re

    return [tuple(sorted(re.split(r"[；，]", line))) for line in text.splitlines()]


@pytest.mark.parametrize("line", SEED_QUERIES)
def test_more_articles_keep_every_seed_card(index, grown, line):
    alone, more = to_json(answer_line(index, line)), to_json(answer_line(grown, line))
    assert alone["status"] == "found" and more["status"] == "found"
    assert more["entity"]["name"] == alone["entity"]["name"]
    assert _values(alone) <= _values(more), "a profile value was lost"
    devset_text = "".join(to_simplified(p.read_text(errors="ignore")) for p in DEVSET.iterdir())
    if alone["entity"]["name"] not in devset_text:
        # Nothing new is said about it: the card is the same, line for line (values in any order).
        assert _lines(more["text"]) == _lines(alone["text"])
