"""The PostgreSQL store (`--index postgresql://…`) on a real server (tests/pg_server.py): the same answers
and the same index content as SQLite, increments equal to a rebuild, readers seeing each commit, two writers
serialised, the dialect rules, migrations."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from bot.store.pg.sql import translate
from tests import pg_server as pg
from tests import test_golden_ask as golden
from tests import test_incremental as incremental
from tests.conftest import SEEDS

pg_server, pg_url, pg_seeded = pg.pg_server, pg.pg_url, pg.pg_seeded  # the fixtures, by name


# ---- the dialect rules (no server) -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT a FROM t WHERE b=? AND c IN (?,?)", "SELECT a FROM t WHERE b=%s AND c IN (%s,%s)"),
        ("SELECT printf('%08d', x) FROM t WHERE y=?", "SELECT printf('%%08d', x) FROM t WHERE y=%s"),
        ("SELECT a FROM t WHERE b IN ()", "SELECT a FROM t WHERE b IN (NULL)"),
        ("SELECT a FROM t ORDER BY date, id", "SELECT a FROM t ORDER BY date NULLS FIRST, id NULLS FIRST"),
        (
            "SELECT a FROM t ORDER BY s DESC, (SELECT x FROM u ORDER BY 1 LIMIT 1) LIMIT ?",
            "SELECT a FROM t ORDER BY s DESC NULLS LAST, (SELECT x FROM u ORDER BY 1 NULLS FIRST LIMIT 1)"
            " NULLS FIRST LIMIT %s",
        ),
        ("SELECT text FROM articles WHERE id LIKE ?", "SELECT text FROM articles WHERE id ILIKE %s"),
        (
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        ),
        (
            "INSERT OR IGNORE INTO known VALUES (?,?)",
            "INSERT INTO known VALUES (%s,%s) ON CONFLICT DO NOTHING",
        ),
        ("PRAGMA wal_checkpoint(TRUNCATE)", None),
    ],
)
def test_dialect_rules(sqlite, postgres):
    assert translate(sqlite)[0] == postgres


def test_only_the_index_writer_moves_the_readers_counter(pg_url):
    """BEGIN IMMEDIATE of the index writer counts a commit; another store's write transaction does not."""
    from bot.store.pg import schema
    from bot.store.writer import Writer

    def commits() -> int:
        conn = schema.connect(pg_url)
        try:
            return int(conn.execute("SELECT value FROM meta WHERE key = 'commits'").fetchone()[0])
        finally:
            conn.close()

    before = commits()
    side = schema.connect(pg_url)
    side.execute("BEGIN IMMEDIATE")
    side.execute("INSERT OR REPLACE INTO state VALUES ('x', '1')")
    side.execute("COMMIT")
    side.close()
    assert commits() == before
    w = Writer.open(Path(pg_url))
    w.begin()
    w.commit()
    w.close()
    assert commits() == before + 1


def test_an_insert_into_a_table_with_a_generated_key_returns_it():
    assert translate("INSERT INTO raw_facts (a) VALUES (?)") == (
        "INSERT INTO raw_facts (a) VALUES (%s) RETURNING id",
        "id",
    )


def test_locations_survive_a_path():
    from bot.store.pg import is_pg, shown, url

    loc = Path("postgresql://bot:secret@db.example:5432/factbot?sslmode=require")
    assert is_pg(loc) and url(loc) == "postgresql://bot:secret@db.example:5432/factbot?sslmode=require"
    assert "secret" not in shown(loc) and not is_pg(Path("var/factbot.sqlite"))


# ---- the same answers and content as SQLite ------------------------------------------------------------
def test_ask_json_answers_equal_the_sqlite_goldens(pg_url):
    """tests/golden/ask/answers.jsonl (made on SQLite) from an index of seeds + dev-set parts A-C on
    PostgreSQL, through the command line."""
    if not all(p.is_dir() for p in golden.PARTS):
        pytest.skip(f"the development set is not beside the project ({golden.DEVSET})")
    golden._bot("ingest", "seeds", *map(str, golden.PARTS), "--index", pg_url)
    queries = [
        q for q in (golden.GOLDEN / "queries.txt").read_text(encoding="utf-8").splitlines() if q.strip()
    ]
    out = golden._bot("ask", "--index", pg_url, "--json", *queries).splitlines()
    got = [json.dumps(json.loads(x), ensure_ascii=False, sort_keys=True) for x in out]
    want = (golden.GOLDEN / "answers.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(got) == len(want)
    for q, g, w in zip(queries, got, want, strict=True):
        assert g == w, q


def test_seed_index_content_equals_the_sqlite_golden(pg_seeded):
    """The seeds built into PostgreSQL (tests/pg_server.py's template, `ingest seeds` in this process)."""
    from bot.store.pg.sql import PgConnection

    conn = PgConnection(pg_seeded)
    parts = []
    for table, sql in golden.CONTENT.items():
        parts.append(f"## {table}")
        sql = sql.replace("round(score, 6)", "score")  # rounded below: PostgreSQL rounds only numerics
        for row in conn.execute(sql):
            row = list(row)
            if table == "fact_entities":
                row[3] = round(row[3], 6)
            parts.append(json.dumps(row, ensure_ascii=False))
    conn.close()
    want = (golden.GOLDEN / "seed_index.txt").read_text(encoding="utf-8").splitlines()
    assert parts == want


def _content(location: str) -> tuple[dict, tuple]:
    """test_incremental's content and ids of a PostgreSQL index (its SQL, through our connection)."""
    from bot.store.pg.sql import PgConnection

    class Shim:
        connect = staticmethod(lambda _path: PgConnection(location))

    real = incremental.sqlite3
    incremental.sqlite3 = Shim  # type: ignore[assignment]
    try:
        return incremental.content(Path(location)), incremental.ids_of(Path(location))
    finally:
        incremental.sqlite3 = real


def test_increments_equal_a_rebuild(pg_server, tmp_path):
    """test_incremental's test on PostgreSQL: one article at a time, then a removal and a change."""
    from bot.ingest import build_index
    from bot.store.index import Index

    seed_files = sorted(SEEDS.iterdir())
    src = tmp_path / "arts"
    src.mkdir()
    inc = Path(pg_server.create_database("inc"))
    full = Path(pg_server.create_database("full"))
    for p in seed_files:
        shutil.copy(p, src / p.name)
        build_index([src], inc)
    build_index([src], full)
    incremental.assert_same(_content(str(full))[0], _content(str(inc))[0])
    assert _content(str(full))[1] == _content(str(inc))[1]
    (src / seed_files[1].name).unlink()
    (src / seed_files[3].name).write_text(
        seed_files[3].read_text(encoding="utf-8") + "\n韩立峰是太极科技的创始人。", encoding="utf-8"
    )
    build_index([src], inc)
    build_index([src], full, rebuild=True)
    a, b = _content(str(full)), _content(str(inc))
    incremental.assert_same(a[0], b[0])
    assert a[1] == b[1]
    assert len(Index(inc).articles()) == len(seed_files) - 1


# ---- readers, writers, migrations ---------------------------------------------------------------------
def test_a_reader_sees_each_commit_on_its_next_query(pg_url, tmp_path):
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.store.index import Index, LiveIndex

    src = tmp_path / "arts"
    src.mkdir()
    for p in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(p, src / p.name)
    build_index([src], Path(pg_url))
    live = LiveIndex(Path(pg_url))
    reader = live.get()
    assert not reader.refresh()  # nothing committed since
    (src / "new.txt").write_text(incremental._article("韩立峰", "太极科技"), encoding="utf-8")
    build_index([src / "new.txt"], Path(pg_url))
    assert answer_line(live.get(), "/company 太极科技").status == "found"  # the very next query
    assert sorted(live.get().entities) == sorted(Index(Path(pg_url)).entities)


def test_two_writers_serialise_on_the_advisory_lock(pg_url):
    from bot.store.db import writer_lock

    said: list[str] = []
    order: list[str] = []
    with writer_lock(Path(pg_url)):
        second = threading.Thread(target=lambda: _hold(pg_url, said, order), daemon=True)
        second.start()
        second.join(1.0)
        assert second.is_alive() and order == []  # waiting for the first
        order.append("first done")
    second.join(10)
    assert order == ["first done", "second"] and "waiting for another ingest" in said[0]


def _hold(url: str, said: list[str], order: list[str]) -> None:
    from bot.store.db import writer_lock

    with writer_lock(Path(url), said.append):
        order.append("second")


def test_sqlite_catalogue_questions_get_an_empty_answer(pg_url):
    from bot.store.pg import schema

    conn = schema.connect(pg_url)
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name=?", ("x",)).fetchone()[
            0
        ]
        == 0
    )
    conn.close()


def test_migrations_are_versioned_and_refuse_a_newer_or_foreign_database(pg_server, pg_url):
    from bot.errors import NotOurs
    from bot.store.pg import schema
    from bot.store.pg.sql import PgConnection

    conn = schema.connect(pg_url)
    assert schema.version(conn) == schema.VERSION == len(schema.MIGRATIONS)
    schema.migrate(conn)  # nothing to do: no error, no second copy
    # Functions of an older factbot (same schema): made again on the next connection.
    conn.execute("DROP VIEW sqlite_master")
    conn.execute("UPDATE meta SET value = 'older' WHERE key = 'pg_compat'")
    conn.close()
    conn = schema.connect(pg_url)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.execute("UPDATE meta SET value = ? WHERE key = 'pg_schema'", (str(schema.VERSION + 1),))
    conn.close()
    with pytest.raises(NotOurs, match="newer"):
        schema.connect(pg_url)
    other = pg_server.create_database("someone_elses")
    raw = PgConnection(other)
    raw.execute("CREATE TABLE invoices (id int)")
    raw.close()
    with pytest.raises(NotOurs, match="other tables"):
        schema.connect(other)


def test_a_reader_outlives_a_dropped_connection(pg_seeded):
    """The server drops the replica's connections (a restart, a fail-over): the next query reconnects."""
    from bot.answer import answer_line
    from bot.store.index import LiveIndex
    from bot.store.pg.sql import PgConnection

    live = LiveIndex(pg_seeded)
    assert answer_line(live.get(), "/who 张楠赓").status == "found"
    admin = PgConnection(pg_seeded)
    dropped = admin.execute(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    ).fetchone()[0]
    admin.close()
    assert dropped >= 1
    assert answer_line(live.get(), "/who 张楠赓").status == "found"
    assert answer_line(live.get(), "/company 嘉楠科技").status == "found"


def test_the_command_line_names_a_database_without_its_password(pg_server, tmp_path):
    """`ingest --index postgresql://user:password@…` prints where it indexed, the password left out."""
    import psycopg

    url = pg_server.create_database("with_password")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER ROLE factbot PASSWORD 'hunter2-secret'")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.txt").write_text(incremental._article("韩立峰", "太极科技"), encoding="utf-8")
    secret_url = url.replace("factbot@", "factbot:hunter2-secret@")
    r = incremental._cli("ingest", str(tmp_path / "a"), "--index", secret_url)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "hunter2-secret" not in r.stdout + r.stderr and "factbot:***@127.0.0.1" in r.stdout


def test_the_benchmarks_like_search_runs_on_both_backends(seed_index, pg_seeded):
    """`bench`'s LIKE baseline (`Index.like_search`): each fact once, with its strongest entity, alike."""
    from bot.store.index import Index

    words = ["芯片", "创始人", "董事长"]
    on_sqlite = Index(seed_index).like_search(words, limit=500)
    on_pg = Index(pg_seeded).like_search(words, limit=500)
    assert 5 <= len(on_sqlite) < 500 and len({f["id"] for _, f in on_sqlite}) == len(on_sqlite)  # all found
    assert sorted(on_pg, key=lambda x: x[1]["id"]) == sorted(on_sqlite, key=lambda x: x[1]["id"])


def test_the_names_load_in_sqlites_order_after_increments_and_a_vacuum(pg_server, tmp_path):
    """The in-memory name rows (their order breaks ties between candidates) as SQLite loads them: the
    alias rows written in the same order (the writer reads entities in id order), read in the order
    written (`aliases.rowid`, migration 3), not in PostgreSQL's heap order, which a VACUUM reshuffles."""
    import psycopg

    from bot.ingest import build_index
    from bot.store.index import Index
    from bot.store.pg import url

    src = tmp_path / "arts"
    src.mkdir()
    files = sorted(SEEDS.iterdir())
    for p in files:
        shutil.copy(p, src / p.name)
    on_pg, on_sqlite = Path(pg_server.create_database("order")), tmp_path / "i.sqlite"

    def same() -> None:
        a, b = Index(on_sqlite), Index(on_pg)
        assert a.keys == b.keys and list(a.entities) == list(b.entities)

    for where in (on_pg, on_sqlite):
        build_index([src], where)
    same()
    (src / files[1].name).unlink()
    for where in (on_pg, on_sqlite):
        build_index([src], where)
    same()
    with psycopg.connect(url(on_pg), autocommit=True) as conn:
        conn.execute("VACUUM aliases")
    shutil.copy(files[1], src / files[1].name)
    (src / files[3].name).write_text(
        files[3].read_text(encoding="utf-8") + "\n韩立峰是太极科技的创始人。", encoding="utf-8"
    )
    for where in (on_pg, on_sqlite):
        build_index([src], where)
    same()
