"""The fact index as a real SQLite database: schema-versioned, WAL, updated in transactions.

- Writers take an fcntl lock on `<index>.lock` (one writer at a time; the second waits) and change
  the index in ONE transaction, so a reader or a crash sees the state before or after, never between.
- Readers open it read-only and notice a commit by `PRAGMA data_version` (see `bot.store.index.Index`).
- We only ever write over a file that is a factbot index: another application's database, a folder,
  an unreadable file is refused (`NotOurs`); a factbot index that SQLite cannot read is moved aside.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from bot.errors import FactbotError, IndexCorrupt, IndexMissing, IndexUnwritable, NotOurs
from bot.store.names import NAMES_SCHEMA
from bot.store.pg import is_pg

SCHEMA_VERSION = 4  # 4: incremental tables, FTS5, typed profile records
APPLICATION_ID = 0x46414354  # 'FACT' in the database header: whose file this is

SCHEMA = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, sha TEXT NOT NULL, title TEXT, date TEXT, author TEXT,
    outlet TEXT, source_url TEXT, encoding TEXT, text TEXT NOT NULL, sentence_count INTEGER,
    notes TEXT, extracted TEXT NOT NULL);
CREATE INDEX articles_sha ON articles(sha);
CREATE TABLE sentences (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, paragraph INTEGER, text TEXT NOT NULL, canon TEXT NOT NULL,
    speaker TEXT, question INTEGER, heading INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY (article_id, idx));
CREATE VIRTUAL TABLE sentences_fts USING fts5(canon, content='sentences', content_rowid='rowid', tokenize='trigram');
CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, mentions INTEGER,
    score REAL, traditional TEXT, aliases_json TEXT NOT NULL DEFAULT '{}');
CREATE TABLE entity_keys (key TEXT NOT NULL, entity_id INTEGER NOT NULL);
CREATE INDEX entity_keys_key ON entity_keys(key);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE extractions (article_id TEXT NOT NULL, name TEXT NOT NULL, entity_id INTEGER NOT NULL);
CREATE INDEX extractions_article ON extractions(article_id);
CREATE INDEX extractions_entity ON extractions(entity_id);
CREATE TABLE aliases (entity_id INTEGER NOT NULL, alias TEXT NOT NULL, type TEXT, key TEXT NOT NULL,
    pinyin TEXT, initials TEXT, simp TEXT);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_pinyin ON aliases(pinyin);
CREATE INDEX aliases_simp ON aliases(simp);
CREATE INDEX aliases_entity ON aliases(entity_id);
CREATE TABLE raw_facts (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, sentence_idx INTEGER NOT NULL,
    text TEXT NOT NULL, canon TEXT NOT NULL, type TEXT, year INTEGER, date TEXT, key TEXT NOT NULL,
    entities TEXT NOT NULL);
CREATE INDEX raw_facts_article ON raw_facts(article_id);
CREATE INDEX raw_facts_key ON raw_facts(key);
CREATE TABLE raw_fact_entities (raw_id INTEGER NOT NULL, entity_id INTEGER NOT NULL);
CREATE INDEX raw_fact_entities_entity ON raw_fact_entities(entity_id);
CREATE INDEX raw_fact_entities_raw ON raw_fact_entities(raw_id);
CREATE TABLE facts (id INTEGER PRIMARY KEY, text TEXT NOT NULL, canon TEXT NOT NULL, type TEXT, year INTEGER,
    date TEXT, key TEXT UNIQUE);
CREATE TABLE fact_raw (fact_id INTEGER NOT NULL, raw_id INTEGER NOT NULL);
CREATE INDEX fact_raw_fact ON fact_raw(fact_id);
CREATE INDEX fact_raw_raw ON fact_raw(raw_id);
CREATE TABLE fact_sources (fact_id INTEGER NOT NULL, article_id TEXT NOT NULL, sentence_idx INTEGER);
CREATE INDEX fact_sources_fact ON fact_sources(fact_id);
CREATE INDEX fact_sources_place ON fact_sources(article_id, sentence_idx);
CREATE TABLE fact_entities (fact_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, explicit INTEGER,
    score REAL);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id);
CREATE INDEX fact_entities_fact ON fact_entities(fact_id);
CREATE TABLE mentions (entity_id INTEGER NOT NULL, article_id TEXT NOT NULL, sentence_idx INTEGER);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE TABLE profile (entity_id INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, sources TEXT,
    ord INTEGER, linked INTEGER, parts TEXT);
CREATE INDEX profile_linked ON profile(linked);
CREATE INDEX profile_entity ON profile(entity_id);
CREATE TABLE entity_log (generation INTEGER NOT NULL, entity_id INTEGER NOT NULL);
CREATE INDEX entity_log_generation ON entity_log(generation);
"""
    + NAMES_SCHEMA
)  # n-gram postings of the alias keys, kept by triggers (bot.store.names)

_SQLITE_MAGIC = b"SQLite format 3\x00"


def fts_available() -> bool:
    """FTS5 with the trigram tokenizer needs SQLite 3.34 or newer (compiled with FTS5)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    return True


def sqlite_uri(path: Path, mode: str = "ro", immutable: bool = False) -> str:
    """A `file:` URI for sqlite3.connect(uri=True) with the path percent-escaped: a folder named `team#2`,
    `a?b` or `100%` is that folder, not a URI fragment, query or escape."""
    query = f"mode={mode}" + ("&immutable=1" if immutable else "")
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"


def _companions(path: Path) -> list[Path]:
    return [Path(str(path) + s) for s in ("-wal", "-shm", "-journal")]


def check_path(path: Path) -> str:
    """What is at `path`: 'missing', 'ours', 'old' (an older factbot schema), 'stale' (this schema, made
    by other extraction code: `pipeline_fingerprint`) or 'corrupt' (a factbot index SQLite cannot read).
    Raises NotOurs for anything we must not write over."""
    if is_pg(path):
        return pg_schema().check(path, pipeline_fingerprint())
    if not path.exists() and not path.is_symlink():
        return "missing"
    if path.is_dir():
        raise NotOurs(f"{path} is a directory, not a factbot index; not touching it")
    if not path.is_file():
        raise NotOurs(f"{path} is not a regular file, not a factbot index; not touching it")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise NotOurs(f"{path} cannot be read ({exc.strerror}); not touching it") from exc
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise NotOurs(f"{path} is not a factbot index (not an SQLite database); not touching it")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise NotOurs(f"{path} belongs to another application (SQLite application id {app_id:#x})")
    try:
        # immutable: looking must not create -wal/-shm files beside someone else's database
        conn = sqlite3.connect(sqlite_uri(path, immutable=True), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "meta" not in tables:
                if app_id == APPLICATION_ID:
                    return "corrupt"
                raise NotOurs(f"{path} is another application's SQLite database, not a factbot index")
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None or not {"articles", "entities", "facts"} <= tables:
                raise NotOurs(f"{path} is another application's SQLite database, not a factbot index")
            version = int(row[0])
            if version != SCHEMA_VERSION:
                return "old" if version < SCHEMA_VERSION else _newer(path, version)
            made_by = conn.execute("SELECT value FROM meta WHERE key='pipeline'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        # The header says SQLite and ours (or unmarked), but the content cannot be read.
        if app_id == APPLICATION_ID:
            return "corrupt"
        raise NotOurs(f"{path} is an unreadable SQLite file, not known to be a factbot index") from None
    if damage(path):
        return "corrupt"
    if made_by is None or made_by[0] != pipeline_fingerprint():
        return "stale"
    return "ours"


QUICK_CHECK_BYTES = 64 << 20  # `PRAGMA quick_check` at open for an index (with its WAL) up to this size
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def damaged(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error says the file is damaged (not busy, read-only or unopenable)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_DAMAGED) or "malformed" in str(exc) or "not a database" in str(exc)


def has_wal(path: Path) -> bool:
    """Whether `path` has a WAL with frames in it (else reading the main file alone is reading it all)."""
    wal = Path(str(path) + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def damage(path: Path) -> str:
    """What `PRAGMA quick_check` finds wrong with one of our indexes, WAL included ('' when nothing, when the
    index is too large for a cheap check, or when it cannot be opened to look: read-only, locked)."""
    size = sum(p.stat().st_size for p in (path, Path(str(path) + "-wal")) if p.exists())
    if size > QUICK_CHECK_BYTES:
        return ""
    # Without a WAL to apply, the main file alone is checked (immutable: no -wal/-shm made beside it).
    try:
        conn = sqlite3.connect(sqlite_uri(path, immutable=not has_wal(path)), uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc) if damaged(exc) else ""
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    return "; ".join(problems)


def _newer(path: Path, version: int) -> str:
    raise NotOurs(
        f"{path} has index schema {version}, newer than this factbot ({SCHEMA_VERSION}); update factbot"
    )


def move_aside(path: Path) -> Path:
    """A corrupt index is kept for inspection, never deleted."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, target)
    for comp in _companions(path):
        if comp.exists():
            os.replace(comp, Path(str(target) + comp.name[len(path.name) :]))
    return target


@contextlib.contextmanager
def writer_lock(path: Path, wait_message: Callable[[str], None] | None = None) -> Iterator[None]:
    """One writer at a time; a second one waits (and says so) instead of losing its work. The lock file is
    removed when the writer is done, so none is left beside the index."""
    if is_pg(path):  # an advisory lock on the database, for writers on any machine
        with pg_schema().writer_lock(path, wait_message):
            yield
        return
    lock = Path(str(path) + ".lock")
    told = False
    while True:
        fd = _open_lock(path, lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                (wait_message or _say)(
                    f"等待另一个 ingest 结束… / waiting for another ingest on {path} to finish…"
                )
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _still_the_lock_file(fd, lock):
            break
        # The writer before us removed the file while we waited: a lock on it excludes no one. Again.
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # a read-only folder keeps it; the next writer reuses it
            lock.unlink()
        os.close(fd)  # closing releases the lock


def _open_lock(path: Path, lock: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except IsADirectoryError:
        raise NotOurs(f"{lock} is a directory, not factbot's lock file; not touching it") from None
    except OSError as exc:
        raise IndexUnwritable(
            f"cannot write the index {path}: {exc.strerror or exc} ({lock.parent}); it can still be read"
        ) from None


def _still_the_lock_file(fd: int, lock: Path) -> bool:
    try:
        now = os.stat(lock)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def connect_writer(path: Path) -> sqlite3.Connection:
    """A write connection in WAL mode to an existing index (the caller holds `writer_lock`)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


# What turns articles into the index, relative to bot/: reading, language processing, extraction, relation
# rules, the corpus merge and the ingest, with their data. Renderers, answers, queries, the CLI, the
# Telegram adapter and the message catalogue are left out: changing a label must not force re-extraction.
PIPELINE_PARTS = (
    "read/",
    "reader.py",
    "clean.py",
    "nlp/",
    "extract/",
    "segment.py",
    "normalize.py",
    "discover.py",
    "lexicon.py",
    "relations/",
    "facts.py",
    "corpus/",
    "ingest/",
    "model.py",
    "vocab.py",
    "data/",
)
PIPELINE_EXCLUDED = ("data/messages/", "data/questions/")  # what users read, how questions are read
PIPELINE_CONFIG = ("entities.yaml",)  # curated entities change merges


def pipeline_files(root: Path, config: Path) -> list[tuple[str, Path]]:
    """(name, file) of every file the pipeline fingerprint covers: code and data under `root` (bot/) named
    by PIPELINE_PARTS, and the config files that change extraction."""
    out: list[tuple[str, Path]] = []
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root).as_posix()
        if not f.is_file() or f.suffix not in (".py", ".txt", ".yaml", ".yml", ".tsv", ".json"):
            continue
        if any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in PIPELINE_PARTS) and not any(
            rel.startswith(x) for x in PIPELINE_EXCLUDED
        ):
            out.append((rel, f))
    out += [(f"config/{name}", config / name) for name in PIPELINE_CONFIG if (config / name).is_file()]
    return out


def fingerprint_of(root: Path, config: Path) -> str:
    import hashlib

    h = hashlib.sha1()
    for rel, f in pipeline_files(root, config):
        h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """A hash of the code and data that turn articles into the index (`pipeline_files`). An index made by
    other code is rebuilt from its files on the next ingest, so an upgrade never leaves cards of the old
    extraction in place."""
    from bot.settings import CONFIG_DIR

    return fingerprint_of(Path(__file__).resolve().parent.parent, CONFIG_DIR)


def article_paths(path: Path, immutable: bool = False) -> list[Path]:
    """The files an index's articles were read from (read-only look; `immutable`: the main file alone,
    its WAL ignored)."""
    conn = sqlite3.connect(sqlite_uri(path, immutable=immutable), uri=True)
    try:
        return [Path(r[0]) for r in conn.execute("SELECT path FROM articles ORDER BY id")]
    finally:
        conn.close()


def set_pipeline(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('pipeline', ?)", (pipeline_fingerprint(),))


def create_fresh(path: Path) -> None:
    """An empty index of the current schema at `path`, made in a temporary file and renamed (so a
    crash never leaves a half-made schema where an old index was)."""
    if not fts_available():
        raise FactbotError(
            f"this Python's SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer; factbot needs "
            "SQLite 3.34 or newer with FTS5"
        )
    tmp = path.with_name(f".{path.name}.new")
    for p in [tmp, *_companions(tmp)]:
        p.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    # No syncs while the file is made (it was 4 rounds of them: the schema, the application id, the meta
    # rows, the switch to WAL; ~0.1 s on a busy disk): a crash leaves only this side file, removed on the
    # next try, and the one fsync below puts it on disk before it is renamed into place.
    conn.execute("PRAGMA synchronous=OFF")
    # One transaction: each statement on its own would sync the disk (~40 syncs; 0.04-0.7 s on a busy disk).
    conn.executescript(f"BEGIN;\n{SCHEMA}\nCOMMIT;")
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(
        "INSERT INTO meta VALUES ('schema_version', ?), ('generation', '0'), ('next_entity', '1')",
        (str(SCHEMA_VERSION),),
    )
    set_pipeline(conn)
    conn.commit()
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for comp in _companions(path):
        comp.unlink(missing_ok=True)
    os.replace(tmp, path)


def remove_side_files(index: Path) -> None:
    """The side files a build that failed half-way leaves beside `index` (`fresh_index`, `create_fresh`)."""
    for name in (f".{index.name}.build", f"..{index.name}.build.new", f".{index.name}.new"):
        side = index.with_name(name)
        for p in [side, *_companions(side)]:
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)


def remove_stale_temps(folder: Path, max_age: float = 3600.0) -> list[Path]:
    """Remove `.factbot-<pid>-*.sqlite.tmp` files whose writer is gone (a run killed by SIGKILL)."""
    import time

    removed = []
    for tmp in folder.glob(".factbot-*.sqlite.tmp"):
        pid = tmp.name.split("-")[1]
        try:
            if pid.isdigit() and _alive(int(pid)):
                continue
            if not pid.isdigit() and time.time() - tmp.stat().st_mtime < max_age:
                continue  # a name without a pid: removed only when clearly abandoned
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_index(path: Path) -> sqlite3.Connection:
    if is_pg(path):
        return pg_schema().open_reader(path)  # type: ignore[return-value]  # the sqlite3 surface
    if path.is_dir():
        raise NotOurs(f"{path} is a directory, not a factbot index")
    if not path.exists():
        raise IndexMissing(f"no index at {path}")
    try:
        conn, row = _open_reader(path, immutable=False)
    except sqlite3.DatabaseError as exc:
        if damaged(exc) or os.access(path.parent, os.W_OK):
            raise IndexCorrupt(f"{path} is not a factbot index ({exc})") from exc
        # A read-only folder: a WAL reader cannot make its -shm there; read the file as it is.
        try:
            conn, row = _open_reader(path, immutable=True)
        except sqlite3.DatabaseError as exc2:
            raise IndexCorrupt(f"{path} is not a factbot index ({exc2})") from exc2
    if row is None or int(row[0]) != SCHEMA_VERSION:
        raise IndexCorrupt(
            f"{path} has schema {row[0] if row else '?'}, expected {SCHEMA_VERSION}; run ingest again"
        )
    return conn


def _open_reader(path: Path, immutable: bool) -> tuple[sqlite3.Connection, sqlite3.Row | None]:
    conn = sqlite3.connect(sqlite_uri(path, immutable=immutable), uri=True, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        return conn, conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except BaseException:
        conn.close()
        raise


def own_articles(index: Path) -> list[Path]:
    """The files a (possibly damaged) index's articles were read from that still exist; [] if unreadable.
    With a WAL, read through it, then (a damaged WAL) from the main file alone; the main file alone is read
    immutable, so no -wal/-shm is made beside a damaged index."""
    if is_pg(index):
        return pg_schema().own_articles(index)
    for immutable in (False, True) if has_wal(index) else (True,):
        try:
            return [p for p in article_paths(index, immutable) if p.is_file()]
        except sqlite3.DatabaseError:
            continue
    return []


_FULL = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY")


def cannot_write(index: Path, exc: BaseException) -> IndexUnwritable | None:
    """A full disk (or an I/O, read-only or permission error) while writing `index`, as one line with its
    cause; None for any other error."""
    if isinstance(exc, sqlite3.OperationalError):
        if not (getattr(exc, "sqlite_errorname", "") or "").startswith(_FULL):
            return None
        why = str(exc)
    elif isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
        why = exc.strerror or str(exc)
    else:
        return None
    return IndexUnwritable(f"cannot write the index {index}: {why}; the previous index is unchanged")


def rollback_quietly(rollback: Callable[[], None]) -> None:
    """Roll back after an error; SQLite has already rolled back after some (a full disk), and the
    'no transaction is active' that follows must not replace the cause being raised."""
    with contextlib.suppress(sqlite3.OperationalError):
        rollback()


def pg_schema():
    """The PostgreSQL store (`--index postgresql://…`), imported only when one is used (psycopg is an extra)."""
    from bot.store.pg import schema

    return schema
