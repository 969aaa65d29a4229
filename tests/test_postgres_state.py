"""The team's corrections and the subscriptions on PostgreSQL: the tests of test_corrections.py and
test_watch.py that work on a copied seed index, run here on a database of their own holding the seeds
(tests/pg_server.py), and what several replicas need: a correction made through one shows on the next
query through another."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg_server as pg
from tests import test_corrections, test_watch
from tests.test_corrections import *  # noqa: F403 - collected again here, on PostgreSQL
from tests.test_watch import (  # noqa: F401 - collected again here, on PostgreSQL
    test_a_digest_for_new_articles_only_and_never_for_a_rebuild,
    test_a_watched_name_merged_into_another_stays_watched,
)

pg_server, pg_seeded = pg.pg_server, pg.pg_seeded  # the fixtures, by name

# Those that build or copy SQLite files of their own (tmp_path, seed_index) stay in test_corrections.py.
for _name in [n for n in dir(test_corrections) if n.startswith("test_")]:
    args = test_corrections.__dict__[_name].__code__.co_varnames
    if "tmp_path" in args or "seed_index" in args:
        del globals()[_name]


@pytest.fixture(scope="module")
def corrections_db(pg_server) -> Path:
    return Path(pg_server.create_database("corrections", pg.seeds_template()))


@pytest.fixture
def chat(corrections_db) -> test_corrections.Chat:
    """The seeds with no correction yet: corrections change only their own table (ingest and the index
    are untouched by them), so one database serves, its log emptied before each test (ids from 1)."""
    from bot.store.pg.sql import PgConnection

    conn = PgConnection(corrections_db)
    conn.execute("TRUNCATE changes RESTART IDENTITY")
    conn.close()
    return test_corrections.Chat(corrections_db)


@pytest.fixture
def copied(pg_seeded) -> Path:
    return pg_seeded


def test_a_correction_through_one_replica_shows_on_the_next_query_through_another(pg_seeded):
    from bot.answer import answer_line
    from bot.store.index import LiveIndex

    one, other = LiveIndex(pg_seeded), LiveIndex(pg_seeded)  # two processes' readers, two connections
    assert answer_line(other.get(), "/who 南瓜哥").status != "found"
    done = answer_line(one.get(), "/alias 张楠赓 = 南瓜哥", actor=test_corrections.TEAM)
    assert done.correction.get("ok"), done.correction
    assert answer_line(other.get(), "/who 南瓜哥").status == "found"


def test_subscriptions_are_in_the_database_for_every_replica(pg_seeded):
    from bot.store.index import Index
    from bot.watch import Watcher

    index = Index(pg_seeded)
    one, other = Watcher(pg_seeded), Watcher(pg_seeded)
    assert one.watch(index, 42, "嘉楠", "zh-hans")[0] == "added"
    assert other.watch(index, 42, "嘉楠科技", "zh-hans")[0] == "already"
    assert [s.name for s in other.watching(42)] == ["嘉楠科技"]
    assert other.unwatch(index, 42, "嘉楠科技") == ("removed", "嘉楠科技")
    assert one.watching(42) == []
    one.close()
    other.close()


def test_the_watch_tests_here_use_postgresql(copied):
    from bot.store.watch import WatchStore, store_path

    store = WatchStore(store_path(copied))
    assert type(store.conn).__name__ == "PgConnection"
    store.close()
    assert test_watch.WatchStore is WatchStore


def _replica(location: Path, name: str) -> str:
    """The same database under another connection key: a second process's connection, in this process."""
    return f"{location}?application_name={name}"


def test_the_flood_limit_counts_across_replicas(pg_seeded):
    from bot.store.pg.limits import SharedFloodGate

    one = SharedFloodGate(_replica(pg_seeded, "one"), per_minute=5)
    other = SharedFloodGate(_replica(pg_seeded, "other"), per_minute=5)
    allowed = [gate.allow(77) for gate in [one, other] * 4]
    assert allowed == [True] * 5 + [False] * 3
    assert one.allow(78) and other.allow(78)  # another user has limits of their own
    assert one.should_warn(77) and not other.should_warn(77)  # told once a minute, by one replica


def test_concurrent_hits_on_two_replicas_never_exceed_the_limit(pg_seeded):
    import threading

    from bot.store.pg.limits import SharedRateLimits

    results: list[bool] = []
    lock = threading.Lock()

    def hammer(name: str) -> None:
        limits = SharedRateLimits(_replica(pg_seeded, name))
        for _ in range(10):
            ok = limits.allow("flood", 5, 7)
            with lock:
                results.append(ok)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in ("a", "b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert len(results) == 20 and results.count(True) == 7


def test_a_digest_is_claimed_by_one_replica_only(pg_seeded, tmp_path):
    from bot.store.watch import WatchStore

    one, other = WatchStore(Path(_replica(pg_seeded, "one"))), WatchStore(Path(_replica(pg_seeded, "two")))
    assert [one.claim(1, 6), other.claim(1, 6), other.claim(2, 6), one.claim(1, 7)] == [
        True,
        False,
        True,
        True,
    ]
    assert one.was_sent(2, 6)
    # One process on a file: a claim only asks whether it went out before (nothing written).
    alone = WatchStore(tmp_path / "w.sqlite")
    assert alone.claim(1, 6) and alone.claim(1, 6)
    alone.mark_sent(1, 6)
    assert not alone.claim(1, 6)
