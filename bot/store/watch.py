"""Watched names and what their digests already told: an SQLite file of its own beside the index.

Ingest never writes it, so subscriptions survive restarts and rebuilds. Rows name entities by their stable
ids (`bot.store.ids`: a rebuild gives an entity the same id), with the name as written so that a watched
entity that is merged or renamed can be found again. This module holds all the SQL of that file, and the one
read of the index a watcher needs (its generation). What a digest says is bot.watch's business.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import NotOurs
from bot.store.db import pg_schema
from bot.store.pg import is_pg

APPLICATION_ID = 0x57544348  # 'WTCH' in the database header: a factbot watch file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, name TEXT NOT NULL, lang TEXT NOT NULL,
    added REAL NOT NULL, PRIMARY KEY (chat_id, entity_id));
CREATE INDEX IF NOT EXISTS subscriptions_entity ON subscriptions(entity_id);
CREATE TABLE IF NOT EXISTS known (entity_id INTEGER NOT NULL, item TEXT NOT NULL, PRIMARY KEY (entity_id, item));
CREATE TABLE IF NOT EXISTS sent (chat_id INTEGER NOT NULL, generation INTEGER NOT NULL,
    PRIMARY KEY (chat_id, generation));
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS waiting (chat_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL,
    body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (chat_id INTEGER NOT NULL, at REAL NOT NULL);
"""


def store_path(index_path: Path) -> Path:
    """`<index>.watch.sqlite` beside the index (a PostgreSQL index: the same database)."""
    if is_pg(index_path):
        return Path(index_path)
    return Path(index_path).with_suffix(".watch.sqlite")


def index_generation(conn: sqlite3.Connection) -> int:
    """The index's commit counter (every ingest that commits adds one): what a watcher compares."""
    row = conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class Subscription:
    chat_id: int
    entity_id: int
    name: str
    lang: str  # the subscriber's language: the digests' language


class WatchStore:
    """Subscriptions, the items (facts, profile values, articles) each watched entity already had, the
    digests posted, and the last index generation examined."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if is_pg(path):  # tables of the index's database (bot.store.pg.schema)
            self.conn: Any = pg_schema().connect(path)
            return
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        app = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if not fresh and app != APPLICATION_ID:
            self.conn.close()
            raise NotOurs(f"watch file {self.path} is not a factbot watch file; not touching it")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    # ---- subscriptions ----------------------------------------------------------------------------
    def add(self, chat_id: int, entity_id: int, name: str, lang: str, known: Iterable[str]) -> bool:
        """Subscribe; False when the chat watched it already. The entity's present items are known: only
        what comes after is news."""
        with self.conn:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO subscriptions VALUES (?,?,?,?,?)",
                (chat_id, entity_id, name, lang, time.time()),
            )
            if cur.rowcount:
                self._know(entity_id, known)
            return bool(cur.rowcount)

    def remove(self, chat_id: int, entity_id: int) -> bool:
        with self.conn:
            cur = self.conn.execute(
                "DELETE FROM subscriptions WHERE chat_id=? AND entity_id=?", (chat_id, entity_id)
            )
            self._forget_unwatched()
            return bool(cur.rowcount)

    def remove_chat(self, chat_id: int) -> int:
        """A chat that blocked the bot or is gone: all its subscriptions."""
        with self.conn:
            cur = self.conn.execute("DELETE FROM subscriptions WHERE chat_id=?", (chat_id,))
            for table in ("sent",) if is_pg(self.path) else ("sent", "waiting", "posts"):
                self.conn.execute(f"DELETE FROM {table} WHERE chat_id=?", (chat_id,))
            self._forget_unwatched()
            return cur.rowcount

    def of_chat(self, chat_id: int) -> list[Subscription]:
        rows = self.conn.execute(
            "SELECT chat_id, entity_id, name, lang FROM subscriptions WHERE chat_id=? ORDER BY added, entity_id",
            (chat_id,),
        )
        return [Subscription(*r) for r in rows]

    def watched(self) -> dict[int, list[Subscription]]:
        """Entity id -> its subscriptions (chats in id order)."""
        out: dict[int, list[Subscription]] = {}
        for r in self.conn.execute(
            "SELECT chat_id, entity_id, name, lang FROM subscriptions ORDER BY entity_id, chat_id"
        ):
            out.setdefault(r[1], []).append(Subscription(*r))
        return out

    def rekey(self, old: int, new: int, name: str) -> None:
        """A watched entity merged into another or renamed: its watchers watch the one it became."""
        with self.conn:
            self.conn.execute(
                "UPDATE OR IGNORE subscriptions SET entity_id=?, name=? WHERE entity_id=?", (new, name, old)
            )
            self.conn.execute("DELETE FROM subscriptions WHERE entity_id=?", (old,))  # both were watched
            self.conn.execute("UPDATE OR IGNORE known SET entity_id=? WHERE entity_id=?", (new, old))
            self.conn.execute("DELETE FROM known WHERE entity_id=?", (old,))

    # ---- what was already told --------------------------------------------------------------------
    def known(self, entity_id: int) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT item FROM known WHERE entity_id=?", (entity_id,))}

    def _know(self, entity_id: int, items: Iterable[str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO known VALUES (?,?)", [(entity_id, i) for i in items])

    def _forget_unwatched(self) -> None:
        self.conn.execute("DELETE FROM known WHERE entity_id NOT IN (SELECT entity_id FROM subscriptions)")

    def was_sent(self, chat_id: int, generation: int) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM sent WHERE chat_id=? AND generation=?", (chat_id, generation)
            ).fetchone()
            is not None
        )

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        """One transaction. The file's connection commits each statement on its own (isolation_level None),
        so it is opened here; a database's connection makes one of `with conn`."""
        if is_pg(self.path):
            with self.conn:
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def claim(self, chat_id: int, generation: int) -> bool:
        """Whether this process is to post the digest of (chat, generation). Replicas on one database: the
        first to claim it gets it (its `sent` row written now), so it is posted once, not once per replica.
        One process on a file: whether it was not posted before (a restart between posting and noting)."""
        if not is_pg(self.path):
            return not self.was_sent(chat_id, generation)
        with self.conn:
            return bool(
                self.conn.execute("INSERT OR IGNORE INTO sent VALUES (?,?)", (chat_id, generation)).rowcount
            )

    def mark_sent(self, chat_id: int, generation: int) -> None:
        """The digest of (chat, generation) went out (`posted` also clears it from waiting and counts it)."""
        with self._tx():
            self.conn.execute("INSERT OR IGNORE INTO sent VALUES (?,?)", (chat_id, generation))
            self.conn.execute(
                "DELETE FROM sent WHERE chat_id=? AND generation < ?", (chat_id, generation - 100)
            )

    # ---- digests waiting for their chat's rate limit (a file only: on a database each replica keeps
    # its own in memory, since replicas share the tables and who owns a waiting digest is not settled) ------------------------------------------------
    def examined(
        self, generation: int, remember: dict[int, set[str]], waiting: Iterable[tuple[int, int, str]]
    ) -> None:
        """One look at the index done, in one transaction: the items now known, the generation examined and
        the digests still to post (chat, generation, body). A restart finds them waiting, or finds the
        generation not yet examined and works them out again: a digest is never lost between the two."""
        with self._tx():
            for eid, its in remember.items():
                self._know(eid, its)
            if not is_pg(self.path):
                self.conn.executemany("INSERT OR REPLACE INTO waiting VALUES (?,?,?)", list(waiting))
            self.conn.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)", (str(generation),))

    def waiting(self) -> list[tuple[int, int, str]]:
        if is_pg(self.path):
            return []
        return list(self.conn.execute("SELECT chat_id, generation, body FROM waiting ORDER BY chat_id"))

    def posted(self, chat_id: int, generation: int, at: float) -> None:
        """A digest went out: it is sent (never again), no longer waiting, and counts towards the chat's
        rate limit after a restart too. Posts older than an hour are forgotten."""
        with self._tx():
            self.conn.execute("INSERT OR IGNORE INTO sent VALUES (?,?)", (chat_id, generation))
            self.conn.execute(
                "DELETE FROM sent WHERE chat_id=? AND generation < ?", (chat_id, generation - 100)
            )
            if not is_pg(self.path):
                self.conn.execute(
                    "DELETE FROM waiting WHERE chat_id=? AND generation <= ?", (chat_id, generation)
                )
                self.conn.execute("INSERT INTO posts VALUES (?,?)", (chat_id, at))
                self.conn.execute("DELETE FROM posts WHERE at < ?", (at - 3600,))

    def drop_waiting(self, chat_id: int) -> None:
        """A digest Telegram refused for good (not a block: that unsubscribes the chat)."""
        if not is_pg(self.path):
            self.conn.execute("DELETE FROM waiting WHERE chat_id=?", (chat_id,))

    def posts_since(self, since: float) -> list[tuple[int, float]]:
        if is_pg(self.path):
            return []
        return list(self.conn.execute("SELECT chat_id, at FROM posts WHERE at >= ? ORDER BY at", (since,)))

    def generation(self) -> int | None:
        """The last index generation examined (None: never)."""
        row = self.conn.execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0]) if row else None

    def set_generation(self, generation: int) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO state VALUES ('generation', ?)", (str(generation),))
