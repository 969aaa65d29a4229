"""A PostgreSQL connection with the sqlite3 surface the store uses, and the dialect rules between them.

The store's SQL is written once, in the SQLite dialect. `translate` maps the few differences, each a rule
below with why; anything it does not know is left as written (and PostgreSQL's parser says so loudly):

- `?` placeholders become psycopg's `%s` (a literal `%` doubled); `IN ()` (SQLite: no rows) `IN (NULL)`.
- `INSERT OR IGNORE` / `INSERT OR REPLACE` become `ON CONFLICT` clauses on the table's key (`_KEYS`).
- NULLs sort first in SQLite, last in PostgreSQL: every ORDER BY item says NULLS FIRST / LAST explicitly.
- SQLite's LIKE ignores ASCII case: ILIKE. `char(0)` (a separator that sorts first) is `chr(1)`: a
  PostgreSQL text cannot hold NUL, and no path or id holds U+0001, so the order is the same.
- `BEGIN` reads one snapshot (REPEATABLE READ); `BEGIN IMMEDIATE` is a plain write transaction, except on
  the index writer's connection, where it takes the commit lock and counts the commit in `meta.commits`.
- `PRAGMA data_version` reads the commit counter (`schema.COMMITS`); other PRAGMAs mean nothing here.
- An INSERT into a table with a generated key returns it, for `cursor.lastrowid`.

`instr` and `printf('%08d', n)` are SQL functions the schema defines (`schema.COMPAT`), not rewrites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

# Key columns of the tables that INSERT OR REPLACE / OR IGNORE write (ON CONFLICT needs them named).
_KEYS = {
    "meta": "key",
    "state": "key",
    "subscriptions": "chat_id, entity_id",
    "known": "entity_id, item",
    "sent": "chat_id, generation",
}
# Generated keys, returned by an INSERT so that `lastrowid` has them.
_GENERATED = {"sentences": "rowid", "raw_facts": "id", "changes": "id"}
COMMIT_LOCK = 0x46414354  # pg_advisory_xact_lock key of a writer's transaction ('FACT')

# The index writer's (`PgConnection.index_writer`): the commit lock, and the counter readers poll goes up in
# its own transaction, so it is seen exactly when the data is.
INDEX_WRITER_BEGIN = (
    f"BEGIN; SELECT pg_advisory_xact_lock({COMMIT_LOCK}); "
    "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'commits'"
)

_STATEMENTS = {
    "BEGIN": "BEGIN ISOLATION LEVEL REPEATABLE READ",
    # A write transaction of the side tables (watch state): PostgreSQL's row locks are enough.
    "BEGIN IMMEDIATE": "BEGIN",
    "PRAGMA data_version": "SELECT value::bigint FROM meta WHERE key = 'commits'",
    # UPDATE OR IGNORE (rows that would collide with a key are left as they are), with its parameters.
    "UPDATE OR IGNORE subscriptions SET entity_id=?, name=? WHERE entity_id=?": (
        "WITH p(new, name, old) AS (VALUES (%s::bigint, %s::text, %s::bigint)) "
        "UPDATE subscriptions s SET entity_id = p.new, name = p.name FROM p WHERE s.entity_id = p.old "
        "AND NOT EXISTS (SELECT 1 FROM subscriptions o WHERE o.chat_id = s.chat_id AND o.entity_id = p.new)"
    ),
    "UPDATE OR IGNORE known SET entity_id=? WHERE entity_id=?": (
        "WITH p(new, old) AS (VALUES (%s::bigint, %s::bigint)) "
        "UPDATE known k SET entity_id = p.new FROM p WHERE k.entity_id = p.old "
        "AND NOT EXISTS (SELECT 1 FROM known o WHERE o.item = k.item AND o.entity_id = p.new)"
    ),
}


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str | None, str | None]:
    """(PostgreSQL statement or None to skip it, the generated column an INSERT returns or None)."""
    stripped = " ".join(sql.split())
    if stripped in _STATEMENTS:
        return _STATEMENTS[stripped], None
    if stripped.upper().startswith("PRAGMA"):
        return None, None
    out = sql
    if "?" in out:
        out = out.replace("%", "%%").replace("?", "%s")
    out = re.sub(r"\bIN\s*\(\s*\)", "IN (NULL)", out)
    out = re.sub(r"\bchar\(0\)", "chr(1)", out)
    out = re.sub(r"(?<![\w.])LIKE\b", "ILIKE", out)
    m = re.match(r"\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)", out, re.I)
    if m:
        how, table = m.group(1).upper(), m.group(2)
        out = out[: m.start()] + f"INSERT INTO {table}" + out[m.end() :]
        if how == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        else:
            cols = _KEYS[table]
            out += f" ON CONFLICT ({cols}) DO UPDATE SET " + ", ".join(
                f"{c} = EXCLUDED.{c}" for c in _value_columns(table)
            )
    out = _order_nulls(out)
    returning = None
    m = re.match(r"\s*INSERT\s+INTO\s+(\w+)", out, re.I)
    if m and m.group(1) in _GENERATED and "RETURNING" not in out.upper() and "SELECT" not in out.upper():
        returning = _GENERATED[m.group(1)]
        out += f" RETURNING {returning}"
    return out, returning


def _value_columns(table: str) -> tuple[str, ...]:
    """The non-key columns an INSERT OR REPLACE overwrites."""
    return {"meta": ("value",), "state": ("value",)}[table]


_CLAUSE_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|FOR)\b", re.I)


def _order_nulls(sql: str) -> str:
    """Every ORDER BY item gets SQLite's NULL order: NULLS FIRST ascending, NULLS LAST descending."""
    out, pos = [], 0
    for m in re.finditer(r"\bORDER\s+BY\b", sql, re.I):
        if m.start() < pos:
            continue
        out.append(sql[pos : m.end()])
        i, depth, items, start = m.end(), 0, [], m.end()
        while i < len(sql):
            c = sql[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif c == "'":
                i = sql.index("'", i + 1)
            elif depth == 0 and c == ",":
                items.append(sql[start:i])
                start = i + 1
            elif depth == 0 and _CLAUSE_END.match(sql, i) and not sql[i - 1].isalnum() and sql[i - 1] != "_":
                break
            i += 1
        items.append(sql[start:i])
        out.append(",".join(_nulls(_order_nulls(item)) for item in items))  # sub-queries too
        pos = i
    out.append(sql[pos:])
    return "".join(out)


def _nulls(item: str) -> str:
    body = item.rstrip()
    tail = item[len(body) :]
    if re.search(r"\bNULLS\s+(FIRST|LAST)$", body, re.I):
        return item
    if re.search(r"\bDESC$", body, re.I):
        return f"{body} NULLS LAST{tail}"
    return f"{body} NULLS FIRST{tail}"


class Row:
    """A row read by name or position (what `sqlite3.Row` gives the store)."""

    __slots__ = ("_names", "_values")

    def __init__(self, values: Sequence, names: dict[str, int]) -> None:
        self._values, self._names = values, names

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._names[key]] if isinstance(key, str) else self._values[key]

    def __iter__(self) -> Iterator:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._names)


def _param(v: Any) -> Any:
    # SQLite stores a bool as 0/1 in an INTEGER column; PostgreSQL would refuse a boolean there.
    return int(v) if isinstance(v, bool) else v


class Cursor:
    """The result of one statement: iterate, fetchone, fetchall, rowcount, lastrowid."""

    def __init__(self, conn: PgConnection) -> None:
        self._conn = conn
        self._rows: list = []
        self._at = 0
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.description: Any = None

    def execute(self, sql: str, params: Sequence | None = ()) -> Cursor:
        query, returning = translate(sql)
        if self._conn.index_writer and " ".join(sql.split()) == "BEGIN IMMEDIATE":
            query = INDEX_WRITER_BEGIN
        if query is None:
            return self
        args = [_param(p) for p in params] if params else []
        cur = self._conn.run(query, args if "%s" in query else None)
        self.rowcount = cur.rowcount
        self.description = cur.description
        if cur.description is not None:
            rows = cur.fetchall()
            if self._conn.row_factory is not None:
                names = {d.name: i for i, d in enumerate(cur.description)}
                rows = [Row(r, names) for r in rows]
            self._rows = rows
        if returning is not None and self._rows:
            self.lastrowid = self._rows[0][0]
            self._rows = []
        return self

    def executemany(self, sql: str, seq: Iterable[Sequence]) -> Cursor:
        query, _ = translate(sql)
        if query is None:
            return self
        params = [[_param(p) for p in row] for row in seq]
        if not params:
            return self
        with self._conn.raw.cursor() as cur:
            # A RETURNING clause added for lastrowid would make executemany collect results: strip it.
            cur.executemany(re.sub(r" RETURNING \w+$", "", query), params)
            self.rowcount = cur.rowcount
        return self

    def fetchone(self) -> Any:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list:
        rows, self._at = self._rows[self._at :], len(self._rows)
        return rows

    def __iter__(self) -> Iterator:
        while (row := self.fetchone()) is not None:
            yield row


class PgConnection:
    """One autocommit psycopg connection; transactions are the store's own BEGIN/COMMIT, as with SQLite."""

    backend = "postgresql"
    statements = 0  # sent to a server by this process's connections, each a round trip (`bench --store`)

    def __init__(self, location: object) -> None:
        import psycopg

        from bot.store.pg import url

        self.url = url(location)
        self.raw = psycopg.connect(self.url, autocommit=True)
        self.row_factory: Any = None
        self.index_writer = False  # set by `bot.store.writer.Writer.open`: its commits count for readers
        self._opened: list[bool] = []

    def run(self, query: str, args: list | None) -> Any:
        """One statement on the server. A connection the server dropped (a restart, a fail-over, an idle
        timeout) is opened again: before the statement when an earlier one found it lost (its transaction,
        if any, is gone and the error that said so went up), and once after the statement when no
        transaction of ours was open on it (repeating the statement loses nothing)."""
        import psycopg
        from psycopg.pq import TransactionStatus

        PgConnection.statements += 1
        status = self.raw.info.transaction_status
        if status == TransactionStatus.UNKNOWN:
            self.raw = psycopg.connect(self.url, autocommit=True)
            return self.raw.execute(query, args)
        try:
            return self.raw.execute(query, args)
        except psycopg.OperationalError:
            if status != TransactionStatus.IDLE or not (self.raw.broken or self.raw.closed):
                raise
        self.raw = psycopg.connect(self.url, autocommit=True)
        return self.raw.execute(query, args)

    @property
    def text_search(self) -> Any:
        """Full text for this backend (`bot.store.fts.text_search`)."""
        from bot.store.pg.text import PG_TRIGRAM

        return PG_TRIGRAM

    def execute(self, sql: str, params: Sequence | None = ()) -> Cursor:
        return Cursor(self).execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence]) -> Cursor:
        return Cursor(self).executemany(sql, seq)

    def executescript(self, script: str) -> None:
        self.raw.execute(script)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    # `with conn:` is one transaction, committed at the end or rolled back on an error (sqlite3's meaning);
    # inside a transaction already open it adds nothing.
    def __enter__(self) -> PgConnection:
        self._opened.append(not self.in_transaction)
        if self._opened[-1]:
            self.raw.execute("BEGIN")
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if self._opened.pop():
            self.raw.execute("ROLLBACK" if kind is not None else "COMMIT")
