"""The team's corrections as an event log: its own SQLite file beside the index, never written by ingest.

Rows name their targets by stable keys (an entity's name key, a fact's key), never by row ids, so a rebuilt
index gets every correction back. This module holds all the SQL of that file and nothing else: what a change
means is bot.corrections' business.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import FactbotError, NotOurs
from bot.store.db import pg_schema
from bot.store.pg import is_pg

log = logging.getLogger("factbot.corrections")

UNDO = "undo"  # the one op the log itself understands: it marks the change it undoes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, user_id INTEGER, user_name TEXT, chat_id INTEGER,
    op TEXT NOT NULL, target TEXT NOT NULL, target_name TEXT NOT NULL, person INTEGER,
    arg TEXT NOT NULL DEFAULT '', arg_key TEXT NOT NULL DEFAULT '', field TEXT NOT NULL DEFAULT '',
    old TEXT NOT NULL DEFAULT '', new TEXT NOT NULL DEFAULT '', parts TEXT NOT NULL DEFAULT '{}',
    undone_by INTEGER);
CREATE INDEX IF NOT EXISTS changes_target ON changes(target);
"""
_COLUMNS = (
    "id, ts, user_id, user_name, chat_id, op, target, target_name, person, arg, arg_key, field, old, new,"
    " parts, undone_by"
)


APPLICATION_ID = 0x46495853  # 'FIXS' in the database header: a factbot corrections file
_SQLITE_MAGIC = b"SQLite format 3\x00"
_OWN_TABLES = {"changes", "sqlite_sequence"}
LOCK_WAIT_SECONDS = (
    60  # a corrections file locked by another process is waited for this long (with a message)
)


class StoreBroken(FactbotError):
    """The corrections file cannot be written (corrupt, read-only, locked for too long)."""


class CorrectionsLocked(FactbotError):
    """The corrections file stayed locked by another process: answering without them would be silent."""


def check_store(path: Path) -> bool:
    """Whether `path` holds a corrections file (False: nothing there yet). Anything else there (another
    application's SQLite file, a factbot index, a folder, a text file) is refused with NotOurs, so neither a
    read nor a `/fix` ever treats it as the team's corrections or writes a table into it."""
    if not path.exists() and not path.is_symlink():
        return False
    if not path.is_file():
        raise NotOurs(f"corrections file {path} is not a regular file; not touching it")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise NotOurs(f"corrections file {path} cannot be read ({exc.strerror}); not touching it") from exc
    if not head:
        return False  # an empty file (touched): SQLite makes it a new database
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise NotOurs(f"corrections file {path} is not an SQLite database; not touching it")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        raise NotOurs(f"corrections file {path} belongs to another application (application id {app_id:#x})")
    # An unmarked file (made before the id existed): ours only if it holds the corrections table alone.
    try:
        conn = sqlite3.connect(_uri(path, immutable=True), uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotOurs(
            f"corrections file {path} is an unreadable SQLite file ({exc}); not touching it"
        ) from exc
    if tables and ("changes" not in tables or not tables <= _OWN_TABLES):
        raise NotOurs(f"corrections file {path} is another application's SQLite database; not touching it")
    return bool(tables)


def _uri(path: Path, immutable: bool = False) -> str:
    # Percent-escaped: a folder named `team#2` or `a?b` is that folder (see bot.store.db.sqlite_uri).
    return f"{Path(os.path.abspath(path)).as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded correction."""

    id: int
    ts: str
    user_id: int
    user_name: str
    chat_id: int
    op: str
    target: str  # name key of the entity, or "*" for a fact hidden everywhere
    target_name: str
    person: bool | None
    arg: str = ""  # the alias, the other entity's name, the kind, the fact text or the undone change id
    arg_key: str = ""  # name key of arg, or the fact key
    field: str = ""
    old: str = ""
    new: str = ""
    parts: dict[str, Any] = _field(default_factory=dict)
    undone_by: int | None = None

    @property
    def active(self) -> bool:
        return self.op != UNDO and self.undone_by is None


def store_path(index_path: Path) -> Path:
    """`corrections.path` from the settings, else `<index>.corrections.sqlite` beside the index."""
    from bot.settings import PROJECT_ROOT, load_settings

    if is_pg(index_path):
        return Path(index_path)  # the corrections are a table of the same database
    configured = (getattr(load_settings(), "corrections", None) or {}).get("path")
    if configured:
        p = Path(str(configured))
        return p if p.is_absolute() else PROJECT_ROOT / p
    return Path(index_path).with_suffix(".corrections.sqlite")


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.exists()

    def changes(self) -> list[Change]:
        """Every change in the order made; none when the file does not exist (reading never creates it).

        A file locked by another process is waited for (saying so once); still locked after
        LOCK_WAIT_SECONDS raises CorrectionsLocked rather than answering without the team's corrections.
        A file that is not a corrections file is never read as one (a warning; extraction alone answers).
        """
        if is_pg(self.path):
            rows = pg_schema().shared(self.path).execute(f"SELECT {_COLUMNS} FROM changes ORDER BY id")
            return [_change(tuple(r)) for r in rows]
        try:
            if not check_store(self.path):
                return []
        except NotOurs as exc:  # not the team's corrections: answer from extraction alone, never touch it
            log.warning("%s", exc)
            return []
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        said = False
        while True:
            try:
                return self._read(timeout=1.0)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    return self._unreadable(exc)
                if time.monotonic() >= deadline:
                    raise CorrectionsLocked(
                        f"the corrections file {self.path} stayed locked by another process for "
                        f"{LOCK_WAIT_SECONDS} s; not answering without the team's corrections"
                    ) from exc
                if not said:
                    said = True
                    _say(f"waiting for the corrections file {self.path} (locked by another process)…")
            except sqlite3.DatabaseError as exc:
                return self._unreadable(exc)

    def _read(self, timeout: float) -> list[Change]:
        conn = sqlite3.connect(_uri(self.path), uri=True, timeout=timeout)
        try:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM changes ORDER BY id").fetchall()
        finally:
            conn.close()
        return [_change(r) for r in rows]

    def _unreadable(self, exc: Exception) -> list[Change]:
        # Unreadable (damaged): answer from extraction alone, never overwrite it.
        log.warning("corrections file %s unreadable: %s", self.path, exc)
        return []

    def add(self, c: Change) -> int:
        """Record a change (its user fields filled, id and time given here); an undo marks what it undoes."""
        try:
            return self._add(c)
        except NotOurs as exc:
            log.error("%s", exc)
            raise StoreBroken(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            log.error("cannot write %s: %s", self.path, exc)
            raise StoreBroken(str(self.path)) from exc

    def _add(self, c: Change) -> int:
        if is_pg(self.path):
            conn: Any = pg_schema().connect(self.path)
        else:
            check_store(self.path)  # NotOurs: nothing is written into a stranger's file
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10)
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        with conn:
            cur = conn.execute(
                "INSERT INTO changes (ts, user_id, user_name, chat_id, op, target, target_name, person, arg,"
                " arg_key, field, old, new, parts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    c.user_id,
                    c.user_name,
                    c.chat_id,
                    c.op,
                    c.target,
                    c.target_name,
                    None if c.person is None else int(c.person),
                    c.arg,
                    c.arg_key,
                    c.field,
                    c.old,
                    c.new,
                    json.dumps(c.parts, ensure_ascii=False),
                ),
            )
            cid = int(cur.lastrowid or 0)
            if c.op == UNDO:
                conn.execute("UPDATE changes SET undone_by=? WHERE id=?", (cid, int(c.arg)))
        conn.close()
        return cid


def _change(r: tuple) -> Change:
    return Change(
        id=r[0],
        ts=r[1],
        user_id=r[2] or 0,
        user_name=r[3] or "",
        chat_id=r[4] or 0,
        op=r[5],
        target=r[6],
        target_name=r[7],
        person=None if r[8] is None else bool(r[8]),
        arg=r[9],
        arg_key=r[10],
        field=r[11],
        old=r[12],
        new=r[13],
        parts=json.loads(r[14] or "{}"),
        undone_by=r[15],
    )
