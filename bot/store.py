"""The fact index as a real SQLite file: schema-versioned, written to a temporary file and renamed."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

from bot.errors import IndexCorrupt, IndexMissing

SCHEMA_VERSION = 3

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, sha TEXT NOT NULL, title TEXT, date TEXT, author TEXT,
    outlet TEXT, source_url TEXT, encoding TEXT, text TEXT NOT NULL, sentence_count INTEGER,
    notes TEXT, extracted TEXT NOT NULL);
CREATE TABLE sentences (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, paragraph INTEGER, text TEXT NOT NULL, canon TEXT NOT NULL,
    speaker TEXT, question INTEGER, heading INTEGER, start INTEGER, "end" INTEGER, PRIMARY KEY (article_id, idx));
CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, mentions INTEGER,
    score REAL, traditional TEXT);
CREATE TABLE aliases (entity_id INTEGER NOT NULL, alias TEXT NOT NULL, type TEXT, key TEXT NOT NULL,
    pinyin TEXT, initials TEXT);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_pinyin ON aliases(pinyin);
CREATE TABLE facts (id INTEGER PRIMARY KEY, text TEXT NOT NULL, canon TEXT NOT NULL, type TEXT, year INTEGER,
    date TEXT, key TEXT UNIQUE);
CREATE TABLE fact_sources (fact_id INTEGER NOT NULL, article_id TEXT NOT NULL, sentence_idx INTEGER);
CREATE TABLE fact_entities (fact_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, explicit INTEGER,
    score REAL);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id);
CREATE TABLE mentions (entity_id INTEGER NOT NULL, article_id TEXT NOT NULL, sentence_idx INTEGER);
CREATE TABLE profile (entity_id INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, sources TEXT,
    ord INTEGER, linked INTEGER, parts TEXT);
CREATE INDEX profile_linked ON profile(linked);
CREATE INDEX profile_entity ON profile(entity_id);
"""


def write_index(path: Path, fill) -> None:
    """Create a fresh index at `path` by calling fill(conn); atomic: a crash leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The pid in the name lets a later run tell a crashed writer's file from a live one.
    fd, tmp = tempfile.mkstemp(prefix=f".factbot-{os.getpid()}-", suffix=".sqlite.tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        fill(conn)
        conn.commit()
        conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
    if not path.exists():
        raise IndexMissing(f"no index at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise IndexCorrupt(f"{path} is not a factbot index ({exc})") from exc
    if row is None or int(row[0]) != SCHEMA_VERSION:
        raise IndexCorrupt(
            f"{path} has schema {row[0] if row else '?'}, expected {SCHEMA_VERSION}; run ingest again"
        )
    return conn


def cached_articles(path: Path) -> dict[str, dict]:
    """Previous articles by content hash, with their sentences and extraction, to skip unchanged files."""
    try:
        conn = open_index(path)
    except (IndexMissing, IndexCorrupt):
        return {}
    out: dict[str, dict] = {}
    try:
        for row in conn.execute("SELECT * FROM articles"):
            art = dict(row)
            art["sentences"] = [
                {
                    "index": r["idx"],
                    "paragraph": r["paragraph"],
                    "text": r["text"],
                    "canon": r["canon"],
                    "speaker": r["speaker"] or "",
                    "question": bool(r["question"]),
                    "heading": bool(r["heading"]),
                    "start": r["start"],
                    "end": r["end"],
                }
                for r in conn.execute("SELECT * FROM sentences WHERE article_id=? ORDER BY idx", (row["id"],))
            ]
            art["notes"] = json.loads(row["notes"] or "[]")
            art["extracted"] = json.loads(row["extracted"])
            out[row["sha"]] = art
    except sqlite3.DatabaseError:
        return {}
    finally:
        conn.close()
    return out
