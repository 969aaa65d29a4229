"""An index's names served from its SQLite file (or its PostgreSQL database), for an index too large to hold
them in memory.

`bot.store.index.Index` holds every name, alias key, pinyin key and n-gram posting of a small index in
memory (fast: a lookup costs microseconds, but about 3 KB per entity, more with facts). Above `names_in_memory()` entities
it reads them from the file instead, through `StoredNames`, which answers the same questions from tables
with the right indexes and keeps in memory only a bounded cache of entities and the team's corrections:

- exact and pinyin keys: `aliases(key)` and `aliases(pinyin)` (indexes the schema always had);
- containment and fuzzy candidates: `name_grams`, the same postings the in-memory design builds (character
  bigrams of each alias key as 'k…', trigrams of its pinyin as 'p…', each pointing at the alias row),
  kept in step with `aliases` by triggers, so every writer (an ingest, an upload, a rebuild) maintains it;
- entities: `entities` and `aliases` by id, through an LRU cache (`StoredEntities`).

A posting longer than `gram_cap` rows (科技 or the pinyin trigram "ang" in a million names) is not read: a
lookup stays bounded, and answers as the in-memory design does whenever no posting it reads is that long
(the seed index: under 30 rows; the goldens and the development set answer alike). A 20,000-name
synthetic index has pinyin trigrams of 6,000-8,000 rows: there the two differ on a few typos (`bench
--names`), which is why names stay in memory up to `NAMES_IN_MEMORY` entities.
Rows are `aliases.rowid` (the in-memory tables number them in the same order).

On PostgreSQL the same SQL runs through `bot.store.pg.sql` (every statement here is valid in both
dialects once translated); the postings and their triggers are schema migration 4 (`bot.store.pg.schema`),
PL/pgSQL computing the grams as the SQLite triggers below do. The same rule picks the mode.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Entity:
    id: int
    name: str
    kind: str
    mentions: int
    traditional: str
    aliases: list[tuple[str, str]]  # (alias, type)


# Above this many entities a process reads names from the file (FACTBOT_NAMES_IN_MEMORY overrides it).
NAMES_IN_MEMORY = 200_000
GRAM_CAP = 2_000  # longest posting read at lookup time
CACHE = 20_000  # entities kept in memory by a store-backed index
COUNTS = 100_000  # posting lengths kept in memory by a store-backed index
KEYS = 20_000  # keys' entity sets kept in memory by a store-backed index (of each of key and pinyin)
GRAM_POSITIONS = 1024  # n-grams of an alias key or pinyin beyond this many characters are not indexed
ADDED_ROWS = 1 << 40  # rows added by corrections are numbered from here (after every stored row)


def names_in_memory() -> int:
    raw = os.environ.get("FACTBOT_NAMES_IN_MEMORY", "")
    return int(raw) if raw.strip().isdigit() else NAMES_IN_MEMORY


def _grams_of(col: str, src: str, row: str = "") -> str:
    """SELECT of the postings of one alias row (`src` is `new`, `old` or `a`; `row` adds its rowid), as the
    in-memory `_ngrams`: a key of two characters or fewer is its own bigram, a pinyin of three or fewer its
    own trigram."""
    n = 2 if col == "key" else 3
    tag = "k" if col == "key" else "p"
    return (
        f"SELECT '{tag}' || substr({src}.{col}, p.n, {n}) AS g{', ' + row if row else ''} FROM name_gram_pos p "
        f"WHERE coalesce({src}.{col}, '') != '' AND p.n <= max(1, length({src}.{col}) - {n - 1})"
    )


_ADD = (
    "INSERT OR IGNORE INTO name_grams (gram, row) SELECT g, new.rowid FROM "
    f"({_grams_of('key', 'new')} UNION ALL {_grams_of('pinyin', 'new')});"
)
_DROP = (
    "DELETE FROM name_grams WHERE row = old.rowid AND gram IN "
    f"({_grams_of('key', 'old')} UNION ALL {_grams_of('pinyin', 'old')});"
)

# Appended to the index schema (bot.store.db.SCHEMA). Pure SQL, so any connection writing `aliases` keeps
# the postings right.
NAMES_SCHEMA = f"""
CREATE TABLE name_gram_pos (n INTEGER PRIMARY KEY);
INSERT INTO name_gram_pos WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < {GRAM_POSITIONS})
    SELECT n FROM c;
CREATE INDEX aliases_alias ON aliases(alias);
CREATE TABLE name_grams (gram TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (gram, row)) WITHOUT ROWID;
CREATE TRIGGER aliases_grams_add AFTER INSERT ON aliases BEGIN
    {_ADD}
END;
CREATE TRIGGER aliases_grams_drop AFTER DELETE ON aliases BEGIN
    {_DROP}
END;
CREATE TRIGGER aliases_grams_change AFTER UPDATE OF key, pinyin ON aliases BEGIN
    {_DROP}
    {_ADD}
END;
"""

# Every posting from the aliases at once, sorted (a bulk build: `fill_grams`).
_FILL = (
    f"INSERT OR IGNORE INTO name_grams (gram, row) SELECT * FROM ({_grams_of('key', 'a', 'a.rowid')} "
    f"UNION ALL {_grams_of('pinyin', 'a', 'a.rowid')}) ORDER BY 1, 2"
).replace("FROM name_gram_pos p", "FROM aliases a JOIN name_gram_pos p")


def fill_grams(conn: sqlite3.Connection) -> None:
    """Postings of every alias row, for aliases inserted with the triggers dropped (a bulk build)."""
    conn.execute("DELETE FROM name_grams")
    conn.execute(_FILL)


def drop_gram_triggers(conn: sqlite3.Connection) -> None:
    for t in ("aliases_grams_add", "aliases_grams_drop", "aliases_grams_change"):
        conn.execute(f"DROP TRIGGER IF EXISTS {t}")


def create_gram_triggers(conn: sqlite3.Connection) -> None:
    for stmt in NAMES_SCHEMA.split("CREATE TRIGGER")[1:]:
        conn.execute("CREATE TRIGGER" + stmt.rsplit("END;", 1)[0] + "END")


def bulk_insert(path: Path, items: Iterable[tuple[tuple, list[tuple]]]) -> None:
    """Many entities ((id, name, kind, mentions, traditional), their alias rows as an ingest writes them)
    into a fresh index at once, the postings built in one sorted pass (the bench's synthetic index of a
    million names: row by row through the triggers would take far longer)."""
    from bot.store.pg import is_pg

    if is_pg(path):
        _bulk_insert_pg(path, items)
        return
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A fresh file nobody reads yet: no journal (a WAL would hold the whole build twice), WAL again after.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA temp_store=FILE")  # the sort of ~20 million postings: on disk, not in RAM
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("BEGIN")
        drop_gram_triggers(conn)
        ents: list[tuple] = []
        rows: list[tuple] = []

        def flush() -> None:
            conn.executemany(
                "INSERT INTO entities (id, name, kind, mentions, score, traditional) VALUES (?,?,?,?,1.0,?)",
                ents,
            )
            conn.executemany("INSERT INTO aliases VALUES (?,?,?,?,?,?,?)", rows)
            ents.clear()
            rows.clear()

        for ent, its_rows in items:
            ents.append(ent)
            rows += its_rows
            if len(ents) >= 20_000:
                flush()
        flush()
        fill_grams(conn)
        create_gram_triggers(conn)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


_PG_FILL = (
    "INSERT INTO name_grams (gram, row) SELECT DISTINCT g, a.rowid FROM aliases a, "
    "name_grams_of(a.key, a.pinyin) AS g ORDER BY 1, 2"
)


def _bulk_insert_pg(location: Path, items: Iterable[tuple[tuple, list[tuple]]]) -> None:
    """`bulk_insert` into an empty PostgreSQL index: COPY the rows with the postings' trigger off, then
    every posting in one sorted pass and its primary key built after (not maintained row by row)."""
    from bot.store.pg import schema

    conn = schema.connect(location)
    try:
        with conn:
            conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            conn.execute("ALTER TABLE aliases DISABLE TRIGGER aliases_grams_add")
            ent_sql = "COPY entities (id, name, kind, mentions, score, traditional) FROM STDIN"
            alias_sql = "COPY aliases (entity_id, alias, type, key, pinyin, initials, simp) FROM STDIN"
            ents: list[tuple] = []
            rows: list[tuple] = []

            def flush() -> None:  # one COPY at a time on a connection: entities, then their alias rows
                with conn.raw.cursor() as cur:
                    with cur.copy(ent_sql) as copy:
                        for e in ents:
                            copy.write_row(e)
                    with cur.copy(alias_sql) as copy:
                        for r in rows:
                            copy.write_row(r)
                ents.clear()
                rows.clear()

            for (eid, name, kind, mentions, trad), its_rows in items:
                ents.append((eid, name, kind, mentions, 1.0, trad))
                rows.extend(its_rows)
                if len(ents) >= 20_000:
                    flush()
            flush()
            conn.execute("ALTER TABLE name_grams DROP CONSTRAINT name_grams_pkey")
            conn.execute("DELETE FROM name_grams")
            conn.execute(_PG_FILL)
            conn.execute("ALTER TABLE name_grams ADD PRIMARY KEY (gram, row)")
            conn.execute("ALTER TABLE aliases ENABLE TRIGGER aliases_grams_add")
        # Statistics for the planner, and the visibility map an index-only scan of the postings needs.
        for table in ("entities", "aliases", "name_grams"):
            conn.execute(f"VACUUM ANALYZE {table}")
    finally:
        conn.close()


def has_grams(conn: sqlite3.Connection) -> bool:
    """Whether this index keeps the postings (indexes made before them do not: they keep names in memory).
    On PostgreSQL: whether its trigger is there and enabled (schema migration 4 makes it)."""
    if _is_pg(conn):
        rows = conn.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'aliases_grams_add' "
            "AND tgrelid = to_regclass('aliases') AND tgenabled <> 'D'"
        ).fetchone()
        return bool(rows[0])
    rows = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name='aliases_grams_add'"
    ).fetchone()
    return bool(rows[0])


def _is_pg(conn: object) -> bool:
    return getattr(conn, "backend", "") == "postgresql"


def entity_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM entities").fetchone()[0]


def grams_of(text: str, n: int) -> set[str]:
    if len(text) <= n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _entity_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Entity]:
    """Entities as the in-memory load makes them: aliases in row order, without the name itself and
    without repeats. One statement (a round trip to a PostgreSQL server) for an entity and its rows."""
    out: dict[int, Entity] = {}
    for i in range(0, len(ids), 900):
        part = ids[i : i + 900]
        for eid, name, kind, mentions, trad, row, alias, typ in conn.execute(
            "SELECT e.id, e.name, e.kind, e.mentions, e.traditional, a.rowid, a.alias, a.type FROM entities e "
            f"LEFT JOIN aliases a ON a.entity_id = e.id WHERE e.id IN ({_marks(len(part))}) ORDER BY e.id, a.rowid",
            part,
        ):
            ent = out.get(eid)
            if ent is None:
                ent = out[eid] = Entity(eid, name, kind, mentions or 0, trad or "", [])
            if row is not None and typ != "name" and (alias, typ) not in ent.aliases and alias != ent.name:
                ent.aliases.append((alias, typ))
    return out


class StoredEntities(MutableMapping[int, Entity]):
    """id -> Entity read from the file through a bounded LRU cache. The team's corrections change entities
    in place: while `pinning` (set by `StoredNames.editing`) every entity handed out is kept, with its
    changes, in `changed`; removed ones are in `deleted`. Both are as small as the corrections."""

    def __init__(self, conn: sqlite3.Connection, size: int = CACHE) -> None:
        self._conn = conn
        self._size = size
        self._cache: OrderedDict[int, Entity] = OrderedDict()
        self._lock = threading.Lock()
        self.changed: dict[int, Entity] = {}
        self.deleted: set[int] = set()
        self.pinning = False

    def _get(self, eid: int) -> Entity | None:
        if not isinstance(eid, int) or eid in self.deleted:
            return None
        e = self.changed.get(eid)
        if e is not None:
            return e
        with self._lock:
            e = self._cache.get(eid)
            if e is not None:
                self._cache.move_to_end(eid)
                return e
        self.prefetch([eid])
        with self._lock:
            return self._cache.get(eid)

    def prefetch(self, ids: Iterable[int]) -> None:
        """Read the entities among `ids` not cached yet in one query (a tier's candidates)."""
        with self._lock:
            want = sorted({e for e in ids if e not in self._cache and e not in self.changed})
        if not want:
            return
        got = _entity_rows(self._conn, want[: self._size])
        with self._lock:
            for eid, e in got.items():
                self._cache[eid] = e
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def __getitem__(self, eid: int) -> Entity:
        e = self._get(eid)
        if e is None:
            raise KeyError(eid)
        if self.pinning:
            self.changed[eid] = e
        return e

    def __contains__(self, eid: object) -> bool:
        return isinstance(eid, int) and self._get(eid) is not None

    def __setitem__(self, eid: int, e: Entity) -> None:
        self.deleted.discard(eid)
        self.changed[eid] = e

    def __delitem__(self, eid: int) -> None:
        if eid not in self:
            raise KeyError(eid)
        self.changed.pop(eid, None)
        self.deleted.add(eid)

    def __len__(self) -> int:
        stored = self._conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        return stored - len(self.deleted)

    def __iter__(self) -> Iterator[int]:
        for (eid,) in self._conn.execute("SELECT id FROM entities ORDER BY id"):
            if eid not in self.deleted:
                yield eid

    def values(self):  # type: ignore[override]
        return (e for _, e in self.items())

    def items(self):  # type: ignore[override]
        """Every entity, streamed in id order (a pass over the file: for tools, not for answers)."""

        def gen() -> Iterator[tuple[int, Entity]]:
            last = -1
            while True:
                ids = [
                    r[0]
                    for r in self._conn.execute(
                        "SELECT id FROM entities WHERE id > ? ORDER BY id LIMIT 900", (last,)
                    )
                ]
                if not ids:
                    return
                last = ids[-1]
                got = _entity_rows(self._conn, ids)
                for eid in ids:
                    if eid in self.deleted:
                        continue
                    e = self.changed.get(eid) or got.get(eid)
                    if e is not None:
                        yield eid, e

        return gen()


class StoredIds:
    """key (or pinyin) -> the ids of the entities having it, read from `aliases`; a key the corrections
    touch is held in `overlay` (`names[key]` gives a set to change, as a defaultdict would). What was read
    is kept (bounded, `KEYS`) until the index reloads its names, as the in-memory tables are: one lookup
    asks for the same key several times (exact, a legal suffix stripped, the containment tier's parts),
    each a round trip to a PostgreSQL server."""

    def __init__(self, conn: sqlite3.Connection, column: str) -> None:
        self._conn = conn
        self._sql = f"SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.{column} = ?"
        self._exists = f"SELECT 1 FROM aliases WHERE {column} = ? LIMIT 1"
        self._many = (
            f"SELECT DISTINCT a.{column}, a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            f"WHERE a.{column} IN ({{marks}})"
        )
        self.overlay: dict[str, set[int]] = {}
        self._read: dict[str, frozenset[int]] = {}

    def get(self, key: str, default: set[int] | None = None) -> set[int] | None:
        got = self.overlay.get(key)
        if got is not None:
            return got
        ids = self._read.get(key)
        if ids is None:
            ids = frozenset(r[0] for r in self._conn.execute(self._sql, (key,)))
            if len(self._read) >= KEYS:
                self._read.clear()
            self._read[key] = ids
        return set(ids) if ids else default  # a set of its own: a caller may change it

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read the keys among `keys` not read yet in one statement (the containment tier asks for every
        long part of the query: one round trip each to a PostgreSQL server otherwise); `get` then finds them."""
        want = list(dict.fromkeys(k for k in keys if k not in self.overlay and k not in self._read))
        if len(want) < 2:
            return  # one key: `get` asks for it as it always did
        if len(self._read) + len(want) > KEYS:
            self._read.clear()
        found: dict[str, set[int]] = {k: set() for k in want}
        for i in range(0, len(want), 900):
            part = want[i : i + 900]
            for k, eid in self._conn.execute(self._many.format(marks=_marks(len(part))), part):
                found[k].add(eid)
        for k, ids in found.items():
            self._read[k] = frozenset(ids)

    def __getitem__(self, key: str) -> set[int]:
        got = self.overlay.get(key)
        if got is None:
            got = self.overlay[key] = self.get(key) or set()
        return got

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self.overlay or self._read.get(key):
            return True
        return self._conn.execute(self._exists, (key,)).fetchone() is not None


Row = tuple[str, str, int]  # (key, pinyin, entity id) of an alias row
_GONE: Row = ("", "", -1)


class StoredNames:
    """The questions the resolver asks of the name tables (`bot.query`), answered from the file, with the
    team's corrections as an overlay of added rows (`_added`), rows given to another entity or dropped
    (`_owner`), and the keys they touch (`StoredIds.overlay`)."""

    def __init__(self, conn: sqlite3.Connection, cache: int = CACHE, gram_cap: int = GRAM_CAP) -> None:
        self.conn = conn
        self.entities = StoredEntities(conn, cache)
        self.by_key = StoredIds(conn, "key")
        self.by_pinyin = StoredIds(conn, "pinyin")
        self.gram_cap = gram_cap
        self._added: dict[int, Row] = {}
        self._added_grams: dict[str, set[int]] = {}
        self._owner: dict[int, int | None] = {}
        self._counts: dict[str, int] = {}  # gram -> its posting's length (read once; bounded)
        self._fetched: dict[int, Row] = {}  # the rows `best_rows` just read, for `name_rows`

    # ---- postings ---------------------------------------------------------------------------------------
    def _dropped(self) -> list[int]:
        return [r for r, o in self._owner.items() if o is None]

    def gram_count(self, gram: str) -> int:
        """Rows holding this n-gram; any number above `gram_cap` reads as gram_cap + 1."""
        n = self._counts.get(gram)
        if n is None:
            n = self._count(gram)
            if len(self._counts) >= COUNTS:
                self._counts.clear()
            self._counts[gram] = n
        return n

    def count_grams(self, grams: Iterable[str]) -> None:
        """The posting lengths of `grams` not counted yet, in one statement (a lookup asks for several,
        each a round trip to a PostgreSQL server otherwise); `gram_count` then finds them. With rows
        dropped by the corrections each is counted on its own, as `_count` does."""
        want = [g for g in dict.fromkeys(grams) if g not in self._counts]
        if len(want) < 2 or self._dropped():
            return
        if len(self._counts) + len(want) > COUNTS:
            self._counts.clear()
        for i in range(0, len(want), 200):
            part = want[i : i + 200]
            # One counting subquery per gram, each stopping at gram_cap + 1, numbered by its place.
            sql = " UNION ALL ".join(
                f"SELECT {n}, count(*) FROM (SELECT 1 FROM name_grams WHERE gram = ? LIMIT ?) AS t{n}"
                for n in range(len(part))
            )
            args = [x for g in part for x in (g, self.gram_cap + 1)]
            for n, count in self.conn.execute(sql, args).fetchall():
                g = part[n]
                self._counts[g] = count + len(self._added_grams.get(g, ()))

    def _count(self, gram: str) -> int:
        n = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM name_grams WHERE gram = ? LIMIT ?) AS t",
            (gram, self.gram_cap + 1),
        ).fetchone()[0]
        dropped = self._dropped()
        if dropped and n <= self.gram_cap:
            n -= self.conn.execute(
                f"SELECT count(*) FROM name_grams WHERE gram = ? AND row IN ({_marks(len(dropped))})",
                (gram, *dropped),
            ).fetchone()[0]
        return n + len(self._added_grams.get(gram, ()))

    def gram_rows(self, gram: str) -> list[int]:
        """The rows holding this n-gram; none when there are more than `gram_cap` (too common to tell)."""
        rows = [
            r[0]
            for r in self.conn.execute(
                "SELECT row FROM name_grams WHERE gram = ? LIMIT ?", (gram, self.gram_cap + 1)
            )
        ]
        if len(rows) > self.gram_cap:
            return []
        if self._owner:
            rows = [r for r in rows if self._owner.get(r, 0) is not None]
        return rows + sorted(self._added_grams.get(gram, ()))

    def best_rows(self, grams: list[str], limit: int) -> list[int]:
        """As `Index.best_rows`: counted by SQLite (a Python loop over ~10,000 posting rows took ~20 ms)."""
        self.count_grams(grams)
        grams = [g for g in dict.fromkeys(grams) if self.gram_count(g) <= self.gram_cap]
        if not grams:
            return []
        if self._owner or self._added:  # the team's corrections: count here, with them
            cand: dict[int, int] = {}
            for g in grams:
                for row in self.gram_rows(g):
                    cand[row] = cand.get(row, 0) + 1
            if not cand:
                return []
            best = max(cand.values())
            return sorted(r for r, c in cand.items() if c >= max(1, best - 1))[:limit]
        # A row counted here holds at least one gram: `n >= max - 1` is the in-memory `max(1, best - 1)`.
        # The rows are picked (`b`) before their alias rows are read: PostgreSQL otherwise joined every
        # counted row (thousands for two common pinyin trigrams at a million) and sorted after (4x slower).
        found = self.conn.execute(
            f"""WITH c AS (SELECT row, count(*) AS n FROM name_grams WHERE gram IN ({_marks(len(grams))})
                GROUP BY row),
            b AS (SELECT row FROM c WHERE n >= (SELECT max(n) FROM c) - 1 ORDER BY row LIMIT ?)
            SELECT b.row, a.key, coalesce(a.pinyin, ''), a.entity_id FROM b JOIN aliases a ON a.rowid = b.row
            ORDER BY b.row""",
            (*grams, limit),
        ).fetchall()
        self._fetched = {r[0]: (r[1], r[2], r[3]) for r in found}
        return [r[0] for r in found]

    def name_rows(self, rows: list[int]) -> list[Row]:
        """(key, pinyin, entity) of each row, in the order given."""
        fetched = self._fetched
        base = [r for r in rows if r < ADDED_ROWS and r not in fetched]
        got: dict[int, Row] = {r: fetched[r] for r in rows if r in fetched}
        for i in range(0, len(base), 900):
            part = base[i : i + 900]
            for rid, key, py, eid in self.conn.execute(
                f"SELECT rowid, key, coalesce(pinyin, ''), entity_id FROM aliases WHERE rowid IN ({_marks(len(part))})",
                part,
            ):
                got[rid] = (key, py, eid)
        out = []
        for r in rows:
            row = self._added.get(r, _GONE) if r >= ADDED_ROWS else got.get(r, _GONE)
            owner = self._owner.get(r, row[2])
            out.append(_GONE if owner is None else (row[0], row[1], owner))
        return out

    def rows_holding(self, key: str) -> list[tuple[int, str, int]]:
        """(row, key, entity) of the rows whose key holds `key` (two characters or more), in row order;
        none when even its rarest bigram is in more than `gram_cap` rows."""
        grams = sorted(grams_of(key, 2))
        if not grams:
            return []
        self.count_grams("k" + g for g in grams)
        counts = {g: self.gram_count("k" + g) for g in grams}
        rarest = min(grams, key=lambda g: (counts[g], g))
        if counts[rarest] == 0 or counts[rarest] > self.gram_cap:
            return []
        # A row holding the key holds each of its bigrams: the rows in every readable posting are found in
        # the postings alone, and only they are read from `aliases` (at a million names the rarest posting
        # alone has hundreds of rows, each a random read of the table).
        usable = ["k" + g for g in grams if counts[g] <= self.gram_cap]
        found = self.conn.execute(
            f"""WITH r AS (SELECT row FROM name_grams WHERE gram IN ({_marks(len(usable))}) GROUP BY row
                HAVING count(*) = ?)
            SELECT a.rowid, a.key, a.entity_id FROM r JOIN aliases a ON a.rowid = r.row
            WHERE instr(a.key, ?) > 0""",
            (*usable, len(usable), key),
        ).fetchall()
        out = []
        for rid, k, eid in found:
            owner = self._owner.get(rid, eid)
            if owner is not None:
                out.append((rid, k, owner))
        out += [(r, k, e) for r, (k, _, e) in self._added.items() if key in k]
        return sorted(out)

    def entity_rows(self, eids: Iterable[int]) -> list[tuple[int, str, str, int]]:
        """(row, key, pinyin, entity) of every row of these entities now, in row order."""
        want = set(eids)
        if not want:
            return []
        ids = sorted(want)
        out: list[tuple[int, str, str, int]] = []
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            for rid, key, py, eid in self.conn.execute(
                "SELECT rowid, key, coalesce(pinyin, ''), entity_id FROM aliases "
                f"WHERE entity_id IN ({_marks(len(part))})",
                part,
            ):
                if self._owner.get(rid, eid) in want:
                    out.append((rid, key, py, self._owner.get(rid, eid)))  # type: ignore[arg-type]
        moved_in = [r for r, o in self._owner.items() if o in want]
        have = {r for r, *_ in out}
        for r, row in zip(moved_in, self.name_rows(moved_in), strict=True):
            if r not in have and row[2] in want:
                out.append((r, row[0], row[1], row[2]))
        out += [(r, k, p, e) for r, (k, p, e) in self._added.items() if e in want]
        return sorted(out)

    def rows(self) -> Iterator[Row]:
        """Every row, streamed in row order (a pass over the file)."""
        for rid, key, py, eid in self.conn.execute(
            "SELECT rowid, key, coalesce(pinyin, ''), entity_id FROM aliases ORDER BY rowid"
        ):
            owner = self._owner.get(rid, eid)
            if owner is not None:
                yield (key, py, owner)
        yield from self._added.values()

    def entities_named_in(self, text: str) -> set[int]:
        """The entities one of whose names is written in `text`, found by its first two characters (one
        range of `aliases(alias)` per two characters of the text), and every entity the corrections changed."""
        out = set(self.entities.changed)
        # Two-character names by value, longer ones by their first three characters (a range of two
        # characters holds hundreds of names at a million).
        pairs = sorted({text[i : i + 2] for i in range(len(text) - 1)})
        for i in range(0, len(pairs), 900):
            part = pairs[i : i + 900]
            out.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT entity_id FROM aliases WHERE alias IN ({_marks(len(part))})", part
                )
            )
        leads = sorted({text[i : i + 3] for i in range(len(text) - 2)})
        for i in range(0, len(leads), 400):
            part = leads[i : i + 400]
            ranges = ",".join("(?,?)" for _ in part)
            for eid, alias in self.conn.execute(
                f"WITH lead(lo, hi) AS (VALUES {ranges}) "
                "SELECT a.entity_id, a.alias FROM lead JOIN aliases a ON a.alias >= lead.lo AND a.alias < lead.hi",
                [x for lead in part for x in (lead, lead + "\U0010ffff")],
            ):
                if alias in text:
                    out.add(eid)
        return out

    def examples(self) -> tuple[str, str | None, str]:
        """The most-mentioned person, organisation and English alias, as `Index.examples` picks them."""
        order = "ORDER BY coalesce(e.mentions, 0) DESC, e.id LIMIT 1"
        person = self.conn.execute(
            f"SELECT e.name FROM entities e WHERE e.kind = 'person' {order}"
        ).fetchone()
        org = self.conn.execute(f"SELECT e.name FROM entities e WHERE e.kind != 'person' {order}").fetchone()
        english = self.conn.execute(
            "SELECT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.type = 'english' AND a.alias != e.name "
            "ORDER BY coalesce(e.mentions, 0) DESC, e.id, a.rowid LIMIT 1"
        ).fetchone()
        return (person[0] if person else "张三", org[0] if org else None, english[0] if english else "")

    # ---- the team's corrections -------------------------------------------------------------------------
    def add_name(self, key: str, py: str, eid: int) -> None:
        self._counts.clear()
        row = ADDED_ROWS + len(self._added)
        self._added[row] = (key, py, eid)
        for g in ["k" + g for g in grams_of(key, 2)] + ["p" + g for g in grams_of(py, 3)]:
            self._added_grams.setdefault(g, set()).add(row)

    def drop_rows(self, rows: list[int]) -> None:
        self._counts.clear()
        for r in rows:
            if r >= ADDED_ROWS:
                key, py, _ = self._added[r]
                self._added[r] = _GONE
                for g in ["k" + g for g in grams_of(key, 2)] + ["p" + g for g in grams_of(py, 3)]:
                    self._added_grams.get(g, set()).discard(r)
            else:
                self._owner[r] = None

    def give_rows(self, rows: list[int], eid: int) -> None:
        for r in rows:
            if r >= ADDED_ROWS:
                key, py, _ = self._added[r]
                self._added[r] = (key, py, eid)
            else:
                self._owner[r] = eid
