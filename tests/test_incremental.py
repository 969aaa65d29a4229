"""The index as a living database (issue 12): increments equal a rebuild, one transaction per update."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.build import build_index
from bot.index import Index
from tests.conftest import SEEDS


def content(path: Path) -> dict:
    """The index's content keyed by names, fact texts and profile values, never by row ids."""
    conn = sqlite3.connect(path)
    names = dict(conn.execute("SELECT id, name FROM entities"))
    facts = dict(conn.execute("SELECT id, canon FROM facts"))
    out: dict = {
        "articles": sorted(conn.execute("SELECT id, path, title FROM articles")),
        "entities": sorted(conn.execute("SELECT name, kind, mentions, traditional, aliases_json FROM entities")),
        "aliases": sorted(
            (names[e], a, t, k, p) for e, a, t, k, p in conn.execute("SELECT entity_id, alias, type, key, pinyin FROM aliases")
        ),
        "mentions": sorted((names[e], a, i) for e, a, i in conn.execute("SELECT * FROM mentions")),
        "facts": sorted(conn.execute("SELECT text, canon, type, year, date, key FROM facts")),
        "sources": sorted((facts[f], a, i) for f, a, i in conn.execute("SELECT * FROM fact_sources")),
        "fact_entities": sorted(
            (facts[f], names[e], x, round(s, 6)) for f, e, x, s in conn.execute("SELECT * FROM fact_entities")
        ),
        "profile": sorted(
            (names[e], field, names.get(int(value), "?") if field == "related" else value, tuple(sorted(facts[int(i)] for i in src.strip("[]").split(",") if i)), o)
            for e, field, value, src, o in conn.execute("SELECT * FROM profile")
        ),
        "fts": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
    }
    conn.close()
    return out


def assert_same(a: dict, b: dict) -> None:
    for k in a:
        assert a[k] == b[k], k


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> list[Path]:
    return sorted(SEEDS.iterdir())


def test_increments_equal_a_rebuild(tmp_path, seed_files):
    src = tmp_path / "arts"
    src.mkdir()
    inc = tmp_path / "inc.sqlite"
    for p in seed_files:  # one article at a time, each its own update
        shutil.copy(p, src / p.name)
        build_index([src], inc)
    full = tmp_path / "full.sqlite"
    build_index([src], full)
    assert_same(content(full), content(inc))
    # Removing an article and changing another, as increments and as a rebuild.
    (src / seed_files[1].name).unlink()
    (src / seed_files[3].name).write_text(
        seed_files[3].read_text(encoding="utf-8") + "\n韩立峰是太极科技的创始人。", encoding="utf-8"
    )
    build_index([src], inc)
    build_index([src], full, rebuild=True)
    assert_same(content(full), content(inc))
    assert len(Index(inc).articles()) == len(seed_files) - 1
