"""Statements per answer: a card reads its facts' sources, the articles it cites and the facts its profile
weighs in a few queries for all of them, not one query per line (each a loopback round trip on PostgreSQL),
on both backends; and what is kept for one answer never outlives a commit a live reader sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import pg_server as pg
from tests.conftest import SEEDS
from tests.test_incremental import _article

pg_server, pg_seeded = pg.pg_server, pg.pg_seeded  # the fixtures, by name

# Cards of the seeds with many facts and sources (each read ~50 statements one fact at a time), a /search
# with many hits, a miss.
QUERIES = [
    "/who 张楠赓",
    "/company 嘉楠科技",
    "/company 寒武纪",
    "/who 陈天石",
    "/search 芯片",
    "/who 不存在的人",
]
MOST = 16  # statements of any one of these answers, the refresh's counter reads included


def _count_sqlite(index) -> list[int]:
    seen: list[int] = [0]
    index.conn.set_trace_callback(lambda s: None if s.startswith("--") else seen.__setitem__(0, seen[0] + 1))
    return seen


def _answers(live, counter: list[int]) -> list[tuple[str, int, dict]]:
    from bot.answer import answer_line
    from bot.show import to_json

    out = []
    for q in QUERIES:
        before = counter[0]
        ans = to_json(answer_line(live.get(), q))
        out.append((q, counter[0] - before, ans))
    return out


@pytest.fixture
def pg_counter(monkeypatch) -> list[int]:
    from bot.store.pg.sql import PgConnection

    seen = [0]
    real = PgConnection.run

    def run(self, query, args):
        seen[0] += 1
        return real(self, query, args)

    monkeypatch.setattr(PgConnection, "run", run)
    return seen


def test_an_answer_reads_its_rows_in_a_few_statements_on_both_backends(seed_index, pg_seeded, pg_counter):
    from bot.store.index import LiveIndex

    sqlite_live = LiveIndex(seed_index)
    sqlite_seen = _count_sqlite(sqlite_live.get())
    on_sqlite = _answers(sqlite_live, sqlite_seen)
    on_pg = _answers(LiveIndex(pg_seeded), pg_counter)
    assert any(len(a.get("facts", [])) >= 10 for _, _, a in on_sqlite)  # cards with many lines
    for (q, n_sqlite, a_sqlite), (_, n_pg, a_pg) in zip(on_sqlite, on_pg, strict=True):
        assert a_pg == a_sqlite, q
        assert n_sqlite <= MOST and n_pg <= MOST, (q, n_sqlite, n_pg)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_rows_kept_for_an_answer_never_outlive_a_commit(backend, tmp_path, request):
    """The same sentences in a second article: the next answer of the same live reader cites both
    articles (the first answer had read and kept the one)."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.show import to_json
    from bot.store.index import LiveIndex

    src = tmp_path / "arts"
    src.mkdir()
    shutil.copy(sorted(SEEDS.iterdir())[0], src / "seed.txt")
    (src / "a.txt").write_text(_article("韩立峰", "太极科技"), encoding="utf-8")
    if backend == "sqlite":
        where = tmp_path / "i.sqlite"
    else:
        where = Path(request.getfixturevalue("pg_server").create_database(f"kept_{id(tmp_path)}"))
    build_index([src], where)
    live = LiveIndex(where)

    def cited() -> set[str]:
        ans = to_json(answer_line(live.get(), "/company 太极科技"))
        facts = [*ans["facts"], *(v for vs in ans.get("profile", {}).values() for v in vs)]
        return {s["article"] for f in facts for s in f.get("sources", [])}

    first = cited()
    assert len(first) == 1
    reader = live.get()
    org = next(e for e, ent in reader.entities.items() if ent.name == "太极科技")
    fid = reader.facts_for(org)[0]["id"]
    assert len(reader.fact(fid)["sources"]) == 1  # read, and kept for this answer
    (src / "b.txt").write_text(
        "又一篇\n" + _article("韩立峰", "太极科技").split("\n", 1)[1], encoding="utf-8"
    )
    build_index([src / "b.txt"], where)
    assert len(live.get().fact(fid)["sources"]) == 2
    assert len(cited()) == 2 and first < cited()


def test_bench_store_counts_statements_on_both_backends(seed_index, pg_seeded):
    """`python -m bot bench --store INDEX`: the statements it reports are counted, on either backend."""
    from bot.bench import bench_store

    on_sqlite = bench_store(seed_index, n_queries=5, passes=1)
    on_pg = bench_store(pg_seeded, n_queries=5, passes=1)
    assert (on_sqlite["backend"], on_pg["backend"]) == ("sqlite", "postgresql")
    for r in (on_sqlite, on_pg):
        assert r["answers"] == 5 and 2 <= r["statements"] <= MOST and r["mean_ms"] > 0
    # PostgreSQL also reads the corrections' counter (a file's header on SQLite): one more per answer.
    assert on_pg["statements"] == on_sqlite["statements"] + 1
