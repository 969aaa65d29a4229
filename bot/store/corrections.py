"""The team's corrections as an event log: its own SQLite file beside the index, never written by ingest.

Rows name their targets by stable keys (an entity's name key, a fact's key), never by row ids, so a rebuilt
index gets every correction back. This module holds all the SQL of that file and nothing else: what a change
means is bot.corrections' business.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from dataclasses import field as _field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import FactbotError

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


class StoreBroken(FactbotError):
    """The corrections file cannot be written (corrupt, read-only, locked for too long)."""


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
        """Every change in the order made; none when the file does not exist (reading never creates it)."""
        if not self.path.exists():
            return []
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
            rows = conn.execute(f"SELECT {_COLUMNS} FROM changes ORDER BY id").fetchall()
            conn.close()
        except sqlite3.DatabaseError as exc:  # unreadable: answer from extraction alone, never overwrite it
            log.warning("corrections file %s unreadable: %s", self.path, exc)
            return []
        return [_change(r) for r in rows]

    def add(self, c: Change) -> int:
        """Record a change (its user fields filled, id and time given here); an undo marks what it undoes."""
        try:
            return self._add(c)
        except sqlite3.DatabaseError as exc:
            log.error("cannot write %s: %s", self.path, exc)
            raise StoreBroken(str(self.path)) from exc

    def _add(self, c: Change) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        conn.executescript(_SCHEMA)
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
