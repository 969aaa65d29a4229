"""Names read from a PostgreSQL index (bot.store.names through the PG connection) answer exactly as names
held in memory, on a real server (tests/pg_server.py): the comparisons of tests/test_names_store.py on the
seeds; the postings kept by the triggers of migration 4 after an incremental ingest and a removal; an index
made before that migration filled by it; the same rule choosing the mode."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.ingest import build_index
from bot.render import to_json
from bot.store.index import Index
from bot.store.names import grams_of, has_grams
from tests import pg_server as pg
from tests.test_corrections import TEAM
from tests.test_names_store import _queries_of, _resolution

pg_server, pg_url, pg_seeded = pg.pg_server, pg.pg_url, pg.pg_seeded  # the fixtures, by name


def _both(location: Path) -> tuple[Index, Index]:
    memory, store = Index(location, names="memory"), Index(location, names="store")
    assert memory.names_mode == "memory" and store.names_mode == "store"
    assert type(store.conn).__name__ == "PgConnection"
    return memory, store


def _postings_are_the_aliases_grams(location: Path) -> int:
    """name_grams holds exactly the n-grams of every alias row (what the in-memory tables compute);
    returns how many rows."""
    from bot.store.pg import schema

    conn = schema.connect(location)
    try:
        rows = conn.execute("SELECT rowid, key, coalesce(pinyin, '') FROM aliases").fetchall()
        want = {("k" + g, r) for r, k, _ in rows for g in grams_of(k, 2)}
        want |= {("p" + g, r) for r, _, p in rows for g in grams_of(p, 3)}
        got = [tuple(r) for r in conn.execute("SELECT gram, row FROM name_grams").fetchall()]
    finally:
        conn.close()
    assert rows and len(got) == len(set(got)) and set(got) == want
    return len(rows)


def test_the_same_resolutions_from_memory_and_from_postgresql(pg_seeded):
    memory, store = _both(pg_seeded)
    queries = _queries_of(memory, random.Random(5))
    assert len(queries) > 300
    tiers = set()
    for q in queries:
        for want in (None, "who", "company"):
            got = _resolution(memory, q, want)
            assert _resolution(store, q, want) == got, (q, want)
            tiers.add(got[3])
    assert {"exact", "pinyin", "contains", "fuzzy"} <= tiers  # every tier was exercised


def test_the_same_resolutions_as_the_sqlite_index(pg_seeded, seed_index):
    """The same seeds on both backends, names read from each store: the same answers (ids included)."""
    lite, store = Index(seed_index, names="store"), Index(pg_seeded, names="store")
    for q in _queries_of(lite, random.Random(7))[:400]:
        assert _resolution(store, q, None) == _resolution(lite, q, None), q


def test_the_same_whole_answers_from_memory_and_from_postgresql(pg_seeded):
    memory, store = _both(pg_seeded)
    lines = [
        f"{cmd}{q}" for q in _queries_of(memory, random.Random(9))[:100] for cmd in ("/who ", "/company ", "")
    ]
    for line in lines + ["/search 创始人", "/help", "/who 不存在的人"]:
        assert to_json(answer_line(store, line)) == to_json(answer_line(memory, line)), line


def test_the_names_written_in_a_text_are_found_alike(pg_seeded):
    from bot.answer import _names_in

    memory, store = _both(pg_seeded)
    pool = [n for e in memory.entities.values() for n in (e.name, *(a for a, _ in e.aliases)) if len(n) >= 2]
    rnd = random.Random(4)
    blobs = ["", "无关的文字", "\n".join(pool)]
    for _ in range(30):
        picked = rnd.sample(pool, 6)
        blobs.append("，".join(picked) + "的" + picked[0][1:] + picked[1][:-1] + picked[2] * 2)
    for blob in blobs:
        assert list(_names_in(store, blob).items()) == list(_names_in(memory, blob).items())


def test_corrections_apply_alike_from_memory_and_from_postgresql(pg_seeded):
    for line in (
        "/alias 张楠赓 = 南瓜哥",
        "/alias -张楠赓 = 南瓜张",
        "/merge 研极微电子 = 神眸",
        "/kind 北极星 company",
        "/notentity 李佳轩",
        "/alias 嘉楠小队 = 嘉楠科技",
    ):
        assert answer_line(Index(pg_seeded), line, actor=TEAM).correction, line
    memory, store = _both(pg_seeded)
    queries = [
        "南瓜哥",
        "南瓜张",
        "神眸",
        "研极微电子",
        "北极星",
        "李佳轩",
        "嘉楠小队",
        "nangua ge",
        "研极",
        "南瓜",
    ]
    queries += _queries_of(memory, random.Random(2))[:200]
    for q in queries:
        for want in (None, "who", "company"):
            assert _resolution(store, q, want) == _resolution(memory, q, want), (q, want)
    lines = ["/who 南瓜哥", "/company 研极微电子", "/company 神眸", "/who 李佳轩", "/company 北极星"]
    for line in lines:
        assert to_json(answer_line(store, line)) == to_json(answer_line(memory, line)), line
    assert answer_line(store, "/who 南瓜哥").entity["name"] == "张楠赓"


def test_the_triggers_keep_the_postings_after_an_increment_and_a_removal(pg_url, tmp_path):
    d = tmp_path / "a"
    d.mkdir()
    (d / "1.txt").write_text("2018年，韩立明在杭州创立了星河科技，并担任星河科技董事长。\n", encoding="utf-8")
    build_index([d], Path(pg_url))
    before = _postings_are_the_aliases_grams(Path(pg_url))
    (d / "2.txt").write_text("2019年，温焯明在广州创立了明远软件，担任明远软件董事长。\n", encoding="utf-8")
    build_index([d], Path(pg_url))
    assert _postings_are_the_aliases_grams(Path(pg_url)) > before
    store = Index(Path(pg_url), names="store")
    assert _resolution(store, "温焯明", None)[0] == "found"
    (d / "1.txt").unlink()
    build_index([d], Path(pg_url))
    _postings_are_the_aliases_grams(Path(pg_url))
    # A reader holding names from the store sees the commits on its next query.
    assert store.refresh()
    names = {store.entities[e].name for e in store.entities}
    assert "温焯明" in names and "韩立明" not in names
    assert _resolution(store, "韩立明", None)[1] is None
    memory = Index(Path(pg_url), names="memory")
    for q in ["温焯明", "明远", "明远软件", "wenzhuoming", "温焯", "温卓明", "星河科技"]:
        assert _resolution(store, q, None) == _resolution(memory, q, None), q


def test_an_index_made_before_the_postings_is_filled_by_the_migration(pg_url, monkeypatch):
    """An index ingested at schema 3 (no postings; names in memory at any size) gains them, for every row
    it holds, when a factbot of schema 4 first connects; then answers from the store as from memory."""
    from bot.store.pg import schema
    from tests.conftest import SEEDS

    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        m.setattr(schema, "VERSION", 3)
        build_index([SEEDS], Path(pg_url))
        old = Index(Path(pg_url))
        assert old.names_mode == "memory" and not has_grams(old.conn)
        assert schema.version(old.conn) == 3
        old.conn.close()
        schema.close_shared()
    assert schema.VERSION >= 4
    memory, store = _both(Path(pg_url))
    assert schema.version(store.conn) == schema.VERSION
    assert _postings_are_the_aliases_grams(Path(pg_url)) > 50  # alias rows, every one with its postings
    for q in _queries_of(memory, random.Random(6))[:300]:
        assert _resolution(store, q, None) == _resolution(memory, q, None), q


def test_the_same_rule_chooses_names_from_postgresql(pg_seeded, monkeypatch):
    monkeypatch.setenv("FACTBOT_NAMES_IN_MEMORY", "10")
    assert Index(pg_seeded).names_mode == "store"
    monkeypatch.setenv("FACTBOT_NAMES_IN_MEMORY", "1000000")
    assert Index(pg_seeded).names_mode == "memory"
    monkeypatch.delenv("FACTBOT_NAMES_IN_MEMORY")
    from bot.store.pg import schema

    conn = schema.connect(pg_seeded)
    conn.execute("ALTER TABLE aliases DISABLE TRIGGER aliases_grams_add")  # postings no longer kept
    conn.close()
    monkeypatch.setenv("FACTBOT_NAMES_IN_MEMORY", "10")
    assert Index(pg_seeded).names_mode == "memory"
    with pytest.raises(Exception, match="no name postings"):
        Index(pg_seeded, names="store")


def test_a_bulk_build_writes_the_postings_the_triggers_would(pg_url, tmp_path):
    """`bulk_insert` (the bench's synthetic index) into PostgreSQL: the same postings, the triggers on."""
    from bot.bench import mixed_queries
    from tests.pg_names_bench import synthetic_names

    names = synthetic_names(2000, Path(pg_url))
    _postings_are_the_aliases_grams(Path(pg_url))
    memory, store = _both(Path(pg_url))
    assert has_grams(store.conn)
    for _, q, _ in mixed_queries(names, 300, random.Random(3)):
        assert _resolution(store, q, None) == _resolution(memory, q, None), q


def test_the_lookups_read_alias_rows_and_entities_from_covering_indexes(pg_seeded):
    """Migration 5: the columns a lookup reads by `rowid` and by entity are in indexes of their own (an
    index-only scan at a million names)."""
    _, store = _both(pg_seeded)
    found = {
        r[0]: r[1]
        for r in store.conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('aliases', 'entities')"
        ).fetchall()
    }
    assert "INCLUDE (key, pinyin, entity_id)" in found["aliases_rowid_cover"]
    assert "(entity_id, rowid) INCLUDE (alias, type)" in found["aliases_entity_rows"]
    assert "INCLUDE (name, kind, mentions, traditional)" in found["entities_cover"]
