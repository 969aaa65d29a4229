"""The test PostgreSQL server itself (tests/pg_server.py): real, on loopback, with pg_trgm."""

from __future__ import annotations

from tests import pg_server as pg

pg_server, pg_url = pg.pg_server, pg.pg_url  # the fixtures, by name


def test_server_is_real_and_has_trigram_search(pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.info.host == "127.0.0.1"
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        assert conn.execute("SELECT similarity('张三丰', '张三')").fetchone()[0] > 0
        assert conn.execute("SELECT current_setting('server_version_num')::int").fetchone()[0] >= 120000


def test_each_test_has_its_own_database(pg_server, pg_url):
    import psycopg

    other = pg_server.create_database("another_one")
    with psycopg.connect(pg_url, autocommit=True) as a, psycopg.connect(other, autocommit=True) as b:
        a.execute("CREATE TABLE only_here (x int)")
        assert b.execute("SELECT to_regclass('only_here')").fetchone()[0] is None
