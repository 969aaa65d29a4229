"""The PostgreSQL database of a factbot deployment: versioned migrations, locks, change counters.

- `MIGRATIONS[n]` takes a database from version n to n+1, each in its own transaction under an advisory
  lock, so replicas starting together migrate once. `meta.pg_schema` holds the version; a database newer
  than this code is refused, one holding other tables and no `meta` is not ours.
- Tables and columns are those of the SQLite store (same names, same order: the store's SQL runs on both),
  with every text column in the "C" collation (SQLite compares bytes) and without FTS5: the sentences carry
  a `rowid` and a pg_trgm index instead (`bot.store.pg.text`).
- Writers of the index serialise on a session advisory lock (`writer_lock`, held for a whole ingest) and on
  a transaction one (`sql.COMMIT_LOCK`); every commit adds one to `meta.commits`, which readers poll
  (`PRAGMA data_version` translated): a reader sees an ingest's commit on its next query.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bot.errors import FactbotError, IndexMissing, NotOurs
from bot.store.pg import shown, url
from bot.store.pg.sql import PgConnection

WRITER_LOCK = 0x46414355  # a whole ingest ('FACU')
MIGRATE_LOCK = 0x46414356  # schema changes ('FACV')

_TEXT = 'TEXT COLLATE "C"'

# Functions SQLite has built in that the store's SQL uses (see bot.store.pg.sql).
COMPAT = """
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE AS 'SELECT strpos(haystack, needle)';
CREATE OR REPLACE FUNCTION printf(fmt text, n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN fmt <> '%08d' THEN NULL
                WHEN n < 0 THEN '-' || lpad((-n)::text, 7, '0') ELSE lpad(n::text, 8, '0') END $$;
-- SQLite's catalogue, empty: where the store asks whether an index keeps something of SQLite's own, the
-- answer here is no (the name postings' triggers are asked of pg_trigger: bot.store.names.has_grams).
CREATE OR REPLACE VIEW sqlite_master AS
    SELECT ''::text AS type, ''::text AS name, ''::text AS tbl_name, ''::text AS sql WHERE false;
"""

_V1 = (
    """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS meta (key T PRIMARY KEY, value T NOT NULL);
CREATE TABLE articles (
    id T PRIMARY KEY, path T NOT NULL, sha T NOT NULL, title T, date T, author T,
    outlet T, source_url T, encoding T, text T NOT NULL, sentence_count BIGINT,
    notes T, extracted T NOT NULL);
CREATE INDEX articles_sha ON articles(sha);
CREATE TABLE sentences (
    article_id T NOT NULL, idx BIGINT NOT NULL, paragraph BIGINT, text T NOT NULL, canon T NOT NULL,
    speaker T, question BIGINT, heading BIGINT, start BIGINT, "end" BIGINT,
    rowid BIGSERIAL UNIQUE, PRIMARY KEY (article_id, idx));
CREATE INDEX sentences_trgm ON sentences USING gin (lower(canon) gin_trgm_ops);
CREATE TABLE entities (id BIGINT PRIMARY KEY, name T NOT NULL, kind T NOT NULL, mentions BIGINT,
    score DOUBLE PRECISION, traditional T, aliases_json T NOT NULL DEFAULT '{}');
CREATE TABLE entity_keys (key T NOT NULL, entity_id BIGINT NOT NULL);
CREATE INDEX entity_keys_key ON entity_keys(key);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE extractions (article_id T NOT NULL, name T NOT NULL, entity_id BIGINT NOT NULL);
CREATE INDEX extractions_article ON extractions(article_id);
CREATE INDEX extractions_entity ON extractions(entity_id);
CREATE TABLE aliases (entity_id BIGINT NOT NULL, alias T NOT NULL, type T, key T NOT NULL,
    pinyin T, initials T, simp T);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_pinyin ON aliases(pinyin);
CREATE INDEX aliases_simp ON aliases(simp);
CREATE INDEX aliases_entity ON aliases(entity_id);
CREATE TABLE raw_facts (id BIGSERIAL PRIMARY KEY, article_id T NOT NULL, sentence_idx BIGINT NOT NULL,
    text T NOT NULL, canon T NOT NULL, type T, year BIGINT, date T, key T NOT NULL,
    entities T NOT NULL);
CREATE INDEX raw_facts_article ON raw_facts(article_id);
CREATE INDEX raw_facts_key ON raw_facts(key);
CREATE TABLE raw_fact_entities (raw_id BIGINT NOT NULL, entity_id BIGINT NOT NULL);
CREATE INDEX raw_fact_entities_entity ON raw_fact_entities(entity_id);
CREATE INDEX raw_fact_entities_raw ON raw_fact_entities(raw_id);
CREATE TABLE facts (id BIGINT PRIMARY KEY, text T NOT NULL, canon T NOT NULL, type T, year BIGINT,
    date T, key T UNIQUE);
CREATE TABLE fact_raw (fact_id BIGINT NOT NULL, raw_id BIGINT NOT NULL);
CREATE INDEX fact_raw_fact ON fact_raw(fact_id);
CREATE INDEX fact_raw_raw ON fact_raw(raw_id);
CREATE TABLE fact_sources (fact_id BIGINT NOT NULL, article_id T NOT NULL, sentence_idx BIGINT);
CREATE INDEX fact_sources_fact ON fact_sources(fact_id);
CREATE INDEX fact_sources_place ON fact_sources(article_id, sentence_idx);
CREATE TABLE fact_entities (fact_id BIGINT NOT NULL, entity_id BIGINT NOT NULL, explicit BIGINT,
    score DOUBLE PRECISION);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id);
CREATE INDEX fact_entities_fact ON fact_entities(fact_id);
CREATE TABLE mentions (entity_id BIGINT NOT NULL, article_id T NOT NULL, sentence_idx BIGINT);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE profile (entity_id BIGINT NOT NULL, field T NOT NULL, value T NOT NULL, sources T,
    ord BIGINT, linked BIGINT, parts T);
CREATE INDEX profile_linked ON profile(linked);
CREATE INDEX profile_entity ON profile(entity_id);
CREATE TABLE entity_log (generation BIGINT NOT NULL, entity_id BIGINT NOT NULL);
CREATE INDEX entity_log_generation ON entity_log(generation);
INSERT INTO meta VALUES ('generation', '0'), ('next_entity', '1'), ('commits', '0');
""".replace(" T ", f" {_TEXT} ")
    .replace(" T,", f" {_TEXT},")
    .replace(" T)", f" {_TEXT})")
)

# What the SQLite store keeps in files of their own beside the index (corrections, watch) and in memory
# (the flood limits), here tables of the same database.
_V2 = (
    """
CREATE TABLE changes (
    id BIGSERIAL PRIMARY KEY, ts T NOT NULL, user_id BIGINT, user_name T, chat_id BIGINT,
    op T NOT NULL, target T NOT NULL, target_name T NOT NULL, person BIGINT,
    arg T NOT NULL DEFAULT '', arg_key T NOT NULL DEFAULT '', field T NOT NULL DEFAULT '',
    old T NOT NULL DEFAULT '', new T NOT NULL DEFAULT '', parts T NOT NULL DEFAULT '{}',
    undone_by BIGINT);
CREATE INDEX changes_target ON changes(target);
CREATE TABLE subscriptions (
    chat_id BIGINT NOT NULL, entity_id BIGINT NOT NULL, name T NOT NULL, lang T NOT NULL,
    added DOUBLE PRECISION NOT NULL, PRIMARY KEY (chat_id, entity_id));
CREATE INDEX subscriptions_entity ON subscriptions(entity_id);
CREATE TABLE known (entity_id BIGINT NOT NULL, item T NOT NULL, PRIMARY KEY (entity_id, item));
CREATE TABLE sent (chat_id BIGINT NOT NULL, generation BIGINT NOT NULL, PRIMARY KEY (chat_id, generation));
CREATE TABLE state (key T PRIMARY KEY, value T NOT NULL);
CREATE TABLE search_words (key BIGINT PRIMARY KEY, words T NOT NULL, at DOUBLE PRECISION NOT NULL);
CREATE INDEX search_words_at ON search_words(at);
CREATE TABLE rate_hits (scope T NOT NULL, who BIGINT NOT NULL, hits DOUBLE PRECISION[] NOT NULL,
    PRIMARY KEY (scope, who));
""".replace(" T ", f" {_TEXT} ")
    .replace(" T,", f" {_TEXT},")
    .replace(" T)", f" {_TEXT})")
)

# The alias rows in the order they were written, as SQLite's rowid gives them (a new row after every older
# one): the names load in this order, and it breaks ties between candidates. Without it PostgreSQL read
# them in heap order, which a VACUUM after an incremental ingest reshuffles.
_V3 = """
ALTER TABLE aliases ADD COLUMN rowid BIGSERIAL;
"""

# The name postings of `bot.store.names` (its module docstring says what they are and why): `name_grams`
# with SQLite's columns, kept in step with `aliases` by triggers computing the grams as SQLite's do
# (`names._grams_of`: a key's character bigrams as 'k…', its pinyin's trigrams as 'p…', a value shorter
# than that its own gram, at most 1,024 positions each), and filled here for the rows an index made before
# them holds. SQLite's helper table of positions is `generate_series` here. The lookups read alias rows by
# `rowid` (unique: the postings point at it) and by `alias` (the names written in a text).
_V4 = """
ALTER TABLE aliases ADD CONSTRAINT aliases_rowid UNIQUE (rowid);
CREATE INDEX aliases_alias ON aliases(alias);
CREATE TABLE name_grams (gram TEXT COLLATE "C" NOT NULL, row BIGINT NOT NULL, PRIMARY KEY (gram, row));
CREATE FUNCTION name_grams_of(k text, p text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'k' || substr(k, n, 2) FROM generate_series(1, least(1024, greatest(1, length(k) - 1))) AS n
        WHERE coalesce(k, '') <> ''
    UNION
    SELECT 'p' || substr(p, n, 3) FROM generate_series(1, least(1024, greatest(1, length(p) - 2))) AS n
        WHERE coalesce(p, '') <> '' $$;
CREATE FUNCTION aliases_grams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM name_grams
            WHERE row = OLD.rowid AND gram IN (SELECT name_grams_of(OLD.key, OLD.pinyin));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO name_grams (gram, row) SELECT g, NEW.rowid FROM name_grams_of(NEW.key, NEW.pinyin) AS g
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER aliases_grams_add AFTER INSERT ON aliases FOR EACH ROW EXECUTE FUNCTION aliases_grams();
CREATE TRIGGER aliases_grams_drop AFTER DELETE ON aliases FOR EACH ROW EXECUTE FUNCTION aliases_grams();
CREATE TRIGGER aliases_grams_change AFTER UPDATE OF key, pinyin ON aliases
    FOR EACH ROW EXECUTE FUNCTION aliases_grams();
INSERT INTO name_grams (gram, row)
    SELECT DISTINCT g, a.rowid FROM aliases a, name_grams_of(a.key, a.pinyin) AS g ORDER BY 1, 2;
"""

# A lookup from the store reads hundreds of alias rows by `rowid` (a fuzzy tier's candidates, the rows
# holding a name) and entities with their rows: indexes holding the columns read make those index-only
# scans, one random page each instead of two (a million names: their p99 ~8 -> ~7 ms in an A/B on one
# database). Seconds at 1.8M alias rows.
_V5 = """
CREATE INDEX aliases_rowid_cover ON aliases (rowid) INCLUDE (key, pinyin, entity_id);
CREATE INDEX aliases_entity_rows ON aliases (entity_id, rowid) INCLUDE (alias, type);
CREATE INDEX entities_cover ON entities (id) INCLUDE (name, kind, mentions, traditional);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5)
VERSION = len(MIGRATIONS)


def connect(location: object) -> PgConnection:
    """A connection to the deployment's database, migrated to this code's schema (IndexMissing when the
    server cannot be reached, NotOurs when the database is someone else's or newer than this code)."""
    try:
        conn = PgConnection(location)
    except Exception as exc:  # psycopg.OperationalError: no server, no such database, refused
        raise IndexMissing(f"cannot reach the PostgreSQL index {shown(location)}: {exc}".strip()) from exc
    try:
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def version(conn: PgConnection) -> int:
    """The schema version of this database: 0 when empty; NotOurs when it holds other tables and no meta."""
    return _state(conn)[0]


def _state(conn: PgConnection) -> tuple[int, str]:
    """(schema version, which COMPAT the database holds)."""
    has_meta = conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()[0]
    if not has_meta:
        others = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()[0]
        if others:
            raise NotOurs(f"{shown(conn.url)} holds other tables and no factbot index; not touching it")
        return 0, ""
    rows = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN ('pg_schema', 'pg_compat')").fetchall()
    )
    if "pg_schema" not in rows:
        raise NotOurs(f"{shown(conn.url)} has a table 'meta' that is not factbot's; not touching it")
    return int(rows["pg_schema"]), rows.get("pg_compat", "")


# The compatibility functions change with the code, not with the schema: they are made again whenever the
# database holds another version of them.
COMPAT_ID = hashlib.sha1(COMPAT.encode()).hexdigest()[:12]


def migrate(conn: PgConnection) -> None:
    """Every pending migration, one transaction each, under the migration lock (replicas starting together
    migrate once; the others wait, then find nothing to do); then this code's COMPAT functions."""
    if _state(conn) == (VERSION, COMPAT_ID):
        return
    conn.execute(f"SELECT pg_advisory_lock({MIGRATE_LOCK})")
    try:
        now, compat = _state(conn)
        if now > VERSION:
            raise NotOurs(
                f"{shown(conn.url)} has factbot schema {now}, newer than this factbot ({VERSION}); update factbot"
            )
        for n in range(now, VERSION):
            with conn:
                conn.executescript(COMPAT + MIGRATIONS[n])
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('pg_schema', ?)", (str(n + 1),))
        if compat != COMPAT_ID:
            with conn:
                conn.executescript(COMPAT)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('pg_compat', ?)", (COMPAT_ID,))
    finally:
        conn.execute(f"SELECT pg_advisory_unlock({MIGRATE_LOCK})")


def check(location: object, fingerprint: str) -> str:
    """What `bot.store.db.check_path` says of a file, for a database: 'missing' (nothing indexed yet),
    'stale' (made by other extraction code than `fingerprint`) or 'ours'."""
    conn = connect(location)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'pipeline'").fetchone()
    finally:
        conn.close()
    if row is None:
        return "missing"
    return "ours" if row[0] == fingerprint else "stale"


@contextlib.contextmanager
def writer_lock(location: object, wait_message: Callable[[str], None] | None = None) -> Iterator[None]:
    """One ingest at a time on a database (any machine): a session advisory lock, waited for (saying so)."""
    conn = connect(location)
    try:
        if not conn.execute(f"SELECT pg_try_advisory_lock({WRITER_LOCK})").fetchone()[0]:
            (wait_message or _say)(
                f"等待另一个 ingest 结束… / waiting for another ingest on {shown(location)} to finish…"
            )
            conn.execute(f"SELECT pg_advisory_lock({WRITER_LOCK})")
        yield
    finally:
        conn.close()  # ends the session: the lock goes with it


_shared: dict[tuple[str, int], PgConnection] = {}
_shared_lock = threading.Lock()


def shared(location: object) -> PgConnection:
    """One connection per database and process for single statements (the corrections' change counter
    every query reads, the rate limits): no connection set-up per query. A forked child opens its own."""
    key = (url(location), os.getpid())
    with _shared_lock:
        conn = _shared.get(key)
        if conn is None or (conn.raw.closed and not conn.raw.broken):  # broken: it reconnects itself
            conn = _shared[key] = connect(location)
        return conn


def close_shared() -> None:
    """Close this process's shared connections (tests: a database about to be copied or dropped)."""
    with _shared_lock:
        for conn in _shared.values():
            conn.close()
        _shared.clear()


def corrections_token(location: object) -> tuple:
    """What changes whenever any replica records a correction (`bot.store.index.corrections_token`)."""
    return tuple(shared(location).execute("SELECT count(*), coalesce(max(id), 0) FROM changes").fetchone())


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def open_reader(location: object) -> PgConnection:
    """A reader's connection (what `bot.store.db.open_index` returns for a file)."""
    conn = connect(location)
    if conn.execute("SELECT value FROM meta WHERE key = 'pipeline'").fetchone() is None:
        conn.close()
        raise IndexMissing(f"no index in {shown(location)} yet: run ingest")
    return conn


def own_articles(location: object) -> list[Path]:
    """The files the database's articles were read from that still exist."""
    conn = connect(location)
    try:
        rows = conn.execute("SELECT path FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()
    return [Path(r[0]) for r in rows if Path(r[0]).is_file()]


def drop_everything(location: object) -> None:
    """Tests: an empty database again."""
    conn = PgConnection(location)
    try:
        conn.executescript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        conn.close()


def wait_for(location: object, seconds: float = 30.0) -> None:
    """Tests and start-up: wait until the server accepts connections."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            PgConnection(location).close()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise FactbotError(f"PostgreSQL {shown(location)} is not answering") from None
            time.sleep(0.2)
