"""The PostgreSQL tables are the SQLite store's tables: same names, same columns in the same order, the same
types and NOT NULLs, the same indexes, on a real server after every migration (tests/pg_server.py).

The DDL is written twice on purpose: a PostgreSQL migration, once released, must never change (a database
that went through it keeps what it made), while the SQLite schema is rewritten in place and rebuilt. So
instead of generating one from the other, this test holds them together: a column added to the SQLite
store fails here until a PostgreSQL migration adds it too. What differs by design is listed below."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests import pg_server as pg

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures, by name

_TYPES = {"TEXT": "text", "INTEGER": "bigint", "REAL": "double precision"}

# SQLite's own machinery with no twin: FTS5 (pg_trgm's index on sentences instead, bot.store.pg.text) and
# the positions the name postings' triggers count through (`generate_series` on PostgreSQL). The postings
# themselves (`name_grams`, `aliases_alias`) are on both (migration 4).
SQLITE_ONLY_TABLES = {"name_gram_pos"}
SQLITE_ONLY_INDEXES: set[str] = set()
# Digests waiting on the rate limit (bot.store.watch): in memory on PostgreSQL (README, watching a name).
SQLITE_ONLY_WATCH = {"waiting", "posts"}
# PostgreSQL's: the generated keys SQLite's rowid is (sentences, aliases); its search_words, rate_hits (what a
# SQLite deployment keeps in its one process's memory).
PG_ONLY_COLUMNS = {("sentences", "rowid"), ("aliases", "rowid")}
PG_ONLY_TABLES = {"search_words", "rate_hits"}
# sentences_trgm: full-text search (SQLite's FTS5 table); the covering ones: migration 5, for the lookups
# from the store at a million names (SQLite reads an alias row by its rowid in the table itself).
PG_ONLY_INDEXES = {
    "sentences_trgm",
    "search_words_at",
    "aliases_rowid_cover",
    "aliases_entity_rows",
    "entities_cover",
}


def _sqlite_tables() -> tuple[dict[str, list[tuple]], dict[str, tuple[str, tuple[str, ...]]]]:
    """(table -> [(column, type, not null)], index -> (table, columns)) of every SQLite schema of the store."""
    from bot.store import corrections, watch
    from bot.store.db import SCHEMA, fts_available

    if not fts_available():
        pytest.skip("this SQLite has no FTS5 trigram tokenizer")
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA + corrections._SCHEMA + watch._SCHEMA)
    tables, indexes = {}, {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        if name.startswith("sentences_fts") or name == "sqlite_sequence":
            continue
        info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        # A primary key column is NOT NULL on PostgreSQL (SQLite allows a NULL in a non-INTEGER one).
        tables[name] = [(c[1], _TYPES[c[2]], bool(c[3] or c[5])) for c in info]
    for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND sql NOT NULL"
    ):
        cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
        indexes[name] = (table, cols)
    conn.close()
    return tables, indexes


def _pg_tables(url: str) -> tuple[dict[str, list[tuple]], dict[str, tuple[str, tuple[str, ...]]]]:
    from bot.store.pg import schema

    conn = schema.connect(url)
    try:
        tables: dict[str, list[tuple]] = {}
        for table, column, typ, nullable in conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name IN (SELECT tablename FROM pg_tables "
            "WHERE schemaname = current_schema()) ORDER BY table_name, ordinal_position"
        ):
            tables.setdefault(table, []).append((column, typ, nullable == "NO"))
        indexes = {}
        for name, table, definition in conn.execute(
            # Not those of PRIMARY KEY and UNIQUE constraints (SQLite's autoindexes, not listed there).
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ):
            cols = re.search(r"\((.*)\)\s*$", definition).group(1)
            indexes[name] = (table, tuple(c.strip() for c in cols.split(",")))
    finally:
        conn.close()
    return tables, indexes


def test_postgresql_holds_the_sqlite_stores_tables_column_for_column(pg_url):
    sqlite_tables, _ = _sqlite_tables()
    pg_tables, _ = _pg_tables(pg_url)
    for name in SQLITE_ONLY_TABLES | SQLITE_ONLY_WATCH:
        sqlite_tables.pop(name)
    for name in PG_ONLY_TABLES:
        pg_tables.pop(name)
    for table, column in PG_ONLY_COLUMNS:
        pg_tables[table] = [c for c in pg_tables[table] if c[0] != column]
    assert sorted(pg_tables) == sorted(sqlite_tables)
    for name, columns in sqlite_tables.items():
        assert pg_tables[name] == columns, name


def test_postgresql_has_the_sqlite_stores_indexes(pg_url):
    _, sqlite_indexes = _sqlite_tables()
    _, pg_indexes = _pg_tables(pg_url)
    for name in SQLITE_ONLY_INDEXES:
        sqlite_indexes.pop(name)
    for name in PG_ONLY_INDEXES:
        pg_indexes.pop(name)
    assert pg_indexes == sqlite_indexes


def test_the_differences_listed_here_are_real(pg_url):
    """Each exception above names something that exists on its side: a stale one fails."""
    sqlite_tables, sqlite_indexes = _sqlite_tables()
    pg_tables, pg_indexes = _pg_tables(pg_url)
    assert SQLITE_ONLY_TABLES | SQLITE_ONLY_WATCH <= set(sqlite_tables) - set(pg_tables)
    assert set(pg_tables) - set(sqlite_tables) == PG_ONLY_TABLES
    assert SQLITE_ONLY_INDEXES <= set(sqlite_indexes) - set(pg_indexes)
    assert set(pg_indexes) - set(sqlite_indexes) == PG_ONLY_INDEXES
    assert all(c in {x[0] for x in pg_tables[t]} for t, c in PG_ONLY_COLUMNS)
