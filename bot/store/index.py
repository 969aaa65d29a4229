"""A loaded fact index: names in memory for fast resolution (or, for a very large index, read from the
file through `bot.store.names`), facts read from SQLite on demand."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bot.errors import FactbotError
from bot.model import ProfileValue, SourceRef
from bot.store.db import open_index
from bot.store.ids import check, entity_key
from bot.store.names import Entity, StoredNames, entity_count, has_grams, names_in_memory
from bot.store.pg import is_pg
from bot.store.search import TextSearch
from bot.store.text import HL_OFF, HL_ON, fts_literal, highlight

__all__ = ["HL_OFF", "HL_ON", "Entity", "Index", "LiveIndex", "fts_literal", "highlight"]


class Index(TextSearch):
    """`names`: 'memory' holds the name tables in this process, 'store' reads them from the file
    (`bot.store.names`: memory bounded at any size); by default 'store' above `names_in_memory()` entities
    when the file keeps the n-gram postings. Both give the same resolutions (tests/test_names_store.py)."""

    def __init__(self, path: Path, names: str | None = None) -> None:
        self.path = path
        self.conn: sqlite3.Connection = open_index(path)
        self._version = self._data_version()
        stored = has_grams(self.conn)
        if names is None:
            names = "store" if stored and entity_count(self.conn) > names_in_memory() else "memory"
        if names == "store" and not stored:
            raise FactbotError(f"{path} keeps no name postings (made by an older factbot): ingest --rebuild")
        self.names_mode = names
        self._stored: StoredNames | None = None
        self._forget()
        self._load_names()

    def _data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def _generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def refresh(self) -> bool:
        """Pick up a commit by another connection (an ingest, an upload): one cheap PRAGMA per query.
        When the index changed, only the names of the entities the commits changed are reloaded
        (`entity_log`); after a rebuild, or when the log does not reach back far enough, all of them.
        Returns whether anything was reloaded. Rows kept for the previous query (`_forget`) go."""
        self._forget()
        try:
            version = self._data_version()
        except sqlite3.DatabaseError:
            return False
        if version == self._version:
            return False
        self._version = version
        self.conn.execute("BEGIN")  # one snapshot for the log and the rows it points at
        try:
            gen = self._generation()
            if gen == self._gen:
                return False
            log = self.conn.execute(
                "SELECT generation, entity_id FROM entity_log WHERE generation > ?", (self._gen,)
            ).fetchall()
            ids = {e for _, e in log}
            corrected = getattr(self.corrections, "rewrites_names", False)
            # Corrections rewrite the name tables in place: with any, reload all and apply them again.
            # Names read from the file: a fresh cache and overlay is the whole reload.
            if (
                self.names_mode == "store"
                or corrected
                or -1 in ids
                or {g for g, _ in log} != set(range(self._gen + 1, gen + 1))
            ):
                self._load_names(in_transaction=True)
            else:
                self._patch(ids)
                self._gen = gen
        finally:
            self.conn.execute("COMMIT")
        return True

    def _load_names(self, in_transaction: bool = False) -> None:
        if self.names_mode == "store":
            self._stored = stored = StoredNames(self.conn)
            self.entities, self.by_key, self.by_pinyin = stored.entities, stored.by_key, stored.by_pinyin
            self.keys = _RowsView(stored)  # type: ignore[assignment]
            self._rows_of = {}
            self._grams = None
            self._examples = None
            self._gen = self._generation()
            self.corrections = None
            return
        if not in_transaction:
            self.conn.execute("BEGIN")  # names from one committed state
        try:
            gen = self._generation()
            entities: dict[int, Entity] = {}
            # In id and row order on both backends (a table scan's order on SQLite; PostgreSQL's heap
            # order is not the order rows were written): the in-memory tables' order breaks ties.
            for r in self.conn.execute(
                "SELECT id, name, kind, mentions, traditional FROM entities ORDER BY id"
            ):
                entities[r[0]] = Entity(r[0], r[1], r[2], r[3] or 0, r[4] or "", [])
            by_key: dict[str, set[int]] = defaultdict(set)
            by_pinyin: dict[str, set[int]] = defaultdict(set)
            keys: list[tuple[str, str, int]] = []  # (key, pinyin, entity id)
            rows_of: dict[int, list[int]] = defaultdict(list)
            for eid, alias, typ, key, pinyin in self.conn.execute(
                "SELECT entity_id, alias, type, key, pinyin FROM aliases ORDER BY rowid"
            ):
                ent = entities.get(eid)
                if ent is None:
                    continue
                if typ != "name" and (alias, typ) not in ent.aliases and alias != ent.name:
                    ent.aliases.append((alias, typ))
                by_key[key].add(eid)
                if pinyin:
                    by_pinyin[pinyin].add(eid)
                rows_of[eid].append(len(keys))
                keys.append((key, pinyin or "", eid))
        finally:
            if not in_transaction:
                self.conn.execute("COMMIT")
        # Swapped in one go: a query in another thread sees the old tables or the new ones.
        self.entities, self.by_key, self.by_pinyin, self.keys = entities, by_key, by_pinyin, keys
        self._rows_of = rows_of
        self._grams: dict[str, set[int]] | None = None
        self._examples = None
        self._gen = gen
        # The team's corrections (a separate file ingest never rewrites) go on top of every load: the
        # answer applies them (bot.corrections.apply.state) and keeps what they did here.
        self.corrections: Any = None

    def _patch(self, ids: set[int]) -> None:
        """Replace the names of these entities, copy-on-write: tables being read by a query in
        another thread are never changed under it. A dropped alias row stays as a blank tombstone
        (its row number may be in the n-gram postings)."""
        entities = dict(self.entities)
        by_key = defaultdict(set, self.by_key)
        by_pinyin = defaultdict(set, self.by_pinyin)
        keys = list(self.keys)
        rows_of = dict(self._rows_of)
        grams = dict(self._grams) if self._grams is not None else None
        for eid in ids:
            for row in rows_of.pop(eid, []):
                key, py, _ = keys[row]
                by_key[key] = by_key[key] - {eid}
                if py:
                    by_pinyin[py] = by_pinyin[py] - {eid}
                keys[row] = ("", "", -1)
            entities.pop(eid, None)
        marks = ",".join("?" * len(ids))
        for r in self.conn.execute(
            f"SELECT id, name, kind, mentions, traditional FROM entities WHERE id IN ({marks}) ORDER BY id",
            list(ids),
        ):
            entities[r[0]] = Entity(r[0], r[1], r[2], r[3] or 0, r[4] or "", [])
        for eid, alias, typ, key, pinyin in self.conn.execute(
            f"SELECT entity_id, alias, type, key, pinyin FROM aliases WHERE entity_id IN ({marks}) ORDER BY rowid",
            list(ids),
        ):
            ent = entities.get(eid)
            if ent is None:
                continue
            if typ != "name" and (alias, typ) not in ent.aliases and alias != ent.name:
                ent.aliases.append((alias, typ))
            by_key[key] = by_key.get(key, set()) | {eid}
            if pinyin:
                by_pinyin[pinyin] = by_pinyin.get(pinyin, set()) | {eid}
            row = len(keys)
            rows_of.setdefault(eid, []).append(row)
            keys.append((key, pinyin or "", eid))
            if grams is not None:
                for g in ["k" + g for g in _ngrams(key, 2)] + ["p" + g for g in _ngrams(pinyin or "", 3)]:
                    grams[g] = grams.get(g, set()) | {row}
        self.entities, self.by_key, self.by_pinyin, self.keys = entities, by_key, by_pinyin, keys
        self._rows_of = rows_of
        if grams is not None:
            self._grams = defaultdict(set, grams)
        self._examples = None

    def examples(self) -> dict[str, str]:
        """Names for help texts and menus, taken from this index (its most-mentioned person and company)."""
        if getattr(self, "_examples", None) is None:
            from pypinyin import lazy_pinyin

            if self._stored is not None:
                person, org_name, english = self._stored.examples()
            else:
                ranked = sorted(self.entities.values(), key=lambda e: -e.mentions)
                person = next((e.name for e in ranked if e.kind == "person"), "张三")
                org = next((e for e in ranked if e.kind != "person"), None)
                org_name = org.name if org else None
                english = next((a for e in ranked for a, t in e.aliases if t == "english"), "")
            py = lazy_pinyin(person)
            self._examples = {
                "person": person,
                "company": org_name or "某公司",
                "english": english or org_name or "某公司",
                "pinyin": " ".join([py[0], "".join(py[1:])]) if len(py) > 1 else "".join(py),
            }
        return self._examples

    def names_changed(self) -> None:
        """The name tables were changed in place (the team's corrections): drop what is derived from them."""
        self._grams = None
        self._examples = None

    def close(self) -> None:
        self.conn.close()

    # ---- the name tables, as the resolver (bot.query) and the corrections read and change them ----------
    # A row is an alias row: its place in `self.keys` in memory, its `aliases.rowid` in the file (same order).
    @property
    def gram_cap(self) -> int | None:
        """The longest posting read (None: all, in memory)."""
        return self._stored.gram_cap if self._stored is not None else None

    def prefetch(self, ids: Iterable[int]) -> None:
        """Entities about to be read (a tier's candidates), in one query when they come from the file."""
        if self._stored is not None:
            self._stored.entities.prefetch(ids)

    def prefetch_keys(self, keys: Iterable[str]) -> None:
        """Keys about to be looked up in `by_key`, in one query when they come from the file."""
        if self._stored is not None:
            self._stored.by_key.prefetch(keys)

    def gram_count(self, gram: str) -> int:
        if self._stored is not None:
            return self._stored.gram_count(gram)
        return len(self.grams().get(gram, ()))

    def gram_rows(self, gram: str) -> Iterable[int]:
        if self._stored is not None:
            return self._stored.gram_rows(gram)
        return self.grams().get(gram, ())

    def best_rows(self, grams: list[str], limit: int) -> list[int]:
        """The rows holding the most of these n-grams, and those holding one fewer (at least one), in row
        order, the first `limit`."""
        if self._stored is not None:
            return self._stored.best_rows(grams, limit)
        cand: Counter[int] = Counter()
        for g in grams:
            cand.update(self.gram_rows(g))  # counted in C: a common bigram's posting has thousands of rows
        if not cand:
            return []
        least = max(1, max(cand.values()) - 1)
        rows = [r for r, c in cand.items() if c >= least]
        rows.sort()
        return rows[:limit]

    def name_rows(self, rows: list[int]) -> list[tuple[str, str, int]]:
        """(key, pinyin, entity) of each row, in the order given."""
        if self._stored is not None:
            return self._stored.name_rows(rows)
        keys = self.keys
        return [keys[r] for r in rows]

    def rows_holding(self, key: str) -> list[tuple[int, str, int]]:
        """(row, key, entity) of the rows whose key holds `key` (two characters or more), in row order."""
        if self._stored is not None:
            return self._stored.rows_holding(key)
        grams = self.grams()
        postings = sorted((grams.get("k" + g, set()) for g in _ngrams(key, 2)), key=len)
        if not postings or not postings[0]:
            return []
        rows = set(postings[0])
        for p in postings[1:]:
            rows &= p
            if not rows:
                break
        keys = self.keys
        return [(r, keys[r][0], keys[r][2]) for r in sorted(rows) if key in keys[r][0]]

    def entity_rows(self, eids: Iterable[int]) -> list[tuple[int, str, str, int]]:
        """(row, key, pinyin, entity) of every row of these entities, in row order."""
        if self._stored is not None:
            return self._stored.entity_rows(eids)
        keys, rows_of = self.keys, self._rows_of
        return [(r, *keys[r]) for r in sorted(r for e in set(eids) for r in rows_of.get(e, ()))]

    def entities_named_in(self, text: str) -> set[int]:
        """Names read from the file: the entities one of whose names (two characters or more) is written
        in `text`, and those the team's corrections changed."""
        if self._stored is None:
            raise ValueError("names in memory: use the whole table")
        return self._stored.entities_named_in(text)

    @contextlib.contextmanager
    def editing_names(self) -> Iterator[None]:
        """The corrections change entities in place: read from the file, the ones they touch are kept."""
        if self._stored is None:
            yield
            return
        self._stored.entities.pinning = True
        try:
            yield
        finally:
            self._stored.entities.pinning = False

    def add_name(self, key: str, py: str, eid: int) -> None:
        self.by_key[key].add(eid)
        if py:
            self.by_pinyin[py].add(eid)
        if self._stored is not None:
            self._stored.add_name(key, py, eid)
        else:
            self._rows_of.setdefault(eid, []).append(len(self.keys))
            self.keys.append((key, py, eid))

    def drop_names(self, eid: int, gone: set[str]) -> None:
        """Take the rows of `eid` whose key is in `gone` away; a pinyin its other rows give stays."""
        rows = [(r, k, p) for r, k, p, _ in self.entity_rows([eid]) if k in gone]
        if self._stored is not None:
            self._stored.drop_rows([r for r, _, _ in rows])
        else:
            drop = {r for r, _, _ in rows}
            self.keys = [row for i, row in enumerate(self.keys) if i not in drop]
            self._renumber()
        kept_pinyin = {p for _, _, p, _ in self.entity_rows([eid])}
        for _, k, p in rows:
            self.by_key[k].discard(eid)
            if p and p not in kept_pinyin:
                self.by_pinyin[p].discard(eid)

    def move_names(self, src: int, dst: int | None) -> None:
        """Every name of `src` now names `dst` (a merge), or nothing (not an entity)."""
        rows = self.entity_rows([src])
        for _, k, p, _ in rows:
            self.by_key[k].discard(src)
            if p:
                self.by_pinyin[p].discard(src)
            if dst is not None:
                self.by_key[k].add(dst)
                if p:
                    self.by_pinyin[p].add(dst)
        if self._stored is not None:
            if dst is None:
                self._stored.drop_rows([r for r, *_ in rows])
            else:
                self._stored.give_rows([r for r, *_ in rows], dst)
        else:
            self.keys = [
                (k, p, dst) if e == src else (k, p, e) for k, p, e in self.keys if e != src or dst is not None
            ]
            self._renumber()

    def _renumber(self) -> None:
        """`_rows_of` again after rows were taken out of `keys` (the n-gram postings: `names_changed`)."""
        rows_of: dict[int, list[int]] = {}
        for i, (_, _, eid) in enumerate(self.keys):
            if eid != -1:
                rows_of.setdefault(eid, []).append(i)
        self._rows_of = rows_of
        self._grams = None

    # ---- candidate generation for fuzzy matching -------------------------------------------------
    def grams(self) -> dict[str, set[int]]:
        """Character bigrams of keys and trigrams of pinyin -> rows of self.keys (built on first use)."""
        if self._stored is not None:
            return {}  # read from the file: `gram_rows`
        if self._grams is None:
            grams: dict[str, set[int]] = defaultdict(set)
            for i, (key, pinyin, _) in enumerate(self.keys):
                for g in _ngrams(key, 2):
                    grams["k" + g].add(i)
                for g in _ngrams(pinyin, 3):
                    grams["p" + g].add(i)
            self._grams = grams
        return self._grams

    # ---- reading ----------------------------------------------------------------------------------
    def profile_values(self, eid: int) -> dict[str, list[ProfileValue]]:
        """Typed profile values by field, strongest first, citing their merged facts and articles."""
        out: dict[str, list[ProfileValue]] = defaultdict(list)
        for field, value, sources, linked, parts in self.conn.execute(
            "SELECT field, value, sources, linked, parts FROM profile WHERE entity_id=? ORDER BY field, ord",
            (eid,),
        ):
            src = json.loads(sources or "{}")
            facts, articles = src.get("facts", []), src.get("articles", [])
            out[field].append(
                ProfileValue(field, value, linked, json.loads(parts or "{}"), tuple(facts), tuple(articles))
            )
        # A card cites the articles of each value, and weighs the facts each field cites: both are read
        # when the first of them is asked for, all at once (`source_refs`, `fact`).
        cited = tuple(dict.fromkeys(a for values in out.values() for v in values for a in v.articles))
        if len(self._cited) > _MEMO_ROWS:
            self._cited.clear()
        self._cited.update((a, cited) for a in cited)
        for values in out.values():
            self._group([f for v in values for f in v.facts])
        return out

    def _group(self, fids: list[int]) -> None:
        """Facts read together when the first of them is asked for (`fact`, `entities_in_fact`)."""
        group = tuple(dict.fromkeys(fids))
        if len(self._siblings) > _MEMO_ROWS:
            self._siblings.clear()
        self._siblings.update((f, group) for f in group)

    def profile(self, eid: int) -> dict[str, list[dict]]:
        """Typed profile records by field: {value, entity, parts, sources (fact ids)}, strongest first."""
        out: dict[str, list[dict]] = defaultdict(list)
        for field, values in self.profile_values(eid).items():
            out[field] = [
                {
                    "value": v.text,
                    "entity": v.entity,
                    "parts": v.parts,
                    "sources": list(v.facts),  # fact ids
                    "articles": list(v.articles),  # the articles that say it
                }
                for v in values
            ]
        return out

    def profiles_naming(self, eid: int, fields: tuple[str, ...]) -> set[int]:
        """Entities whose profile links to `eid` in one of `fields` (启衡微电子's brands hold 灵瞳)."""
        marks = ",".join("?" for _ in fields)
        rows = self.conn.execute(
            f"SELECT DISTINCT entity_id FROM profile WHERE field IN ({marks}) AND linked = ?", (*fields, eid)
        )
        return {r[0] for r in rows}

    def source_refs(self, ids: list[str]) -> list[SourceRef]:
        """Some articles as sources, oldest first."""
        if not ids:
            return []
        memo = self._articles
        wanted = list(dict.fromkeys(ids))
        found = {a: memo[a] for a in wanted if a in memo}
        missing = [a for a in wanted if a not in found]
        if missing:
            # With the other articles the same profile cites: a card shows them next.
            group = (a for m in missing for a in self._cited.get(m, ()) if a not in memo)
            read = self._read_articles(list(dict.fromkeys([*missing, *group]))[: max(_CHUNK, len(missing))])
            found.update((r.article, r) for r in read)
        # The order of `ORDER BY date, id` (a NULL date first; text compares as bytes, as SQLite's).
        refs = [found[a] for a in wanted if a in found]
        return sorted(refs, key=lambda r: (r.date is not None, r.date or "", r.article))

    def _read_articles(self, ids: list[str]) -> list[SourceRef]:
        out: list[SourceRef] = []
        for part in _chunks(ids):
            marks = ",".join("?" * len(part))
            out += [
                SourceRef(*r)
                for r in self.conn.execute(
                    f"SELECT id, title, outlet, date, source_url FROM articles WHERE id IN ({marks})", part
                )
            ]
        self._remember_articles(out)
        return out

    def _remember_articles(self, refs: Iterable[SourceRef]) -> None:
        memo = self._articles
        if len(memo) > _MEMO_ROWS:
            memo.clear()
        memo.update((r.article, r) for r in refs)

    def _forget(self) -> None:
        """Rows kept while one answer is made (the articles cited, the facts a profile field cites or a
        `facts_for` lists, the entities each fact names), so that a card reads them in a few queries rather than one per line that
        shows them. A live reader drops them before each query (`refresh`: never a row older than the
        query); they are bounded."""
        self._articles: dict[str, SourceRef] = {}
        self._fact_entities: dict[int, frozenset[int]] = {}
        self._facts_by_id: dict[int, dict | None] = {}
        self._siblings: dict[int, tuple[int, ...]] = {}  # fact -> the facts listed with it
        self._cited: dict[str, tuple[str, ...]] = {}  # article -> the articles its profile cites

    def article_refs(self, ids: list[str]) -> list[dict]:
        """`source_refs` as dicts (article, title, outlet, date, url)."""
        return [
            {"article": r.article, "title": r.title, "outlet": r.outlet, "date": r.date, "url": r.url}
            for r in self.source_refs(ids)
        ]

    def facts_for(self, eid: int, limit: int = 200) -> list[dict]:
        rows = self.conn.execute(
            f"""SELECT f.id, f.text, f.canon, f.type, f.year, f.date, fe.score, fe.explicit, {_READING_ORDER}
               FROM fact_entities fe JOIN facts f ON f.id = fe.fact_id
               WHERE fe.entity_id=? ORDER BY fe.score DESC, 9, f.id LIMIT ?""",
            (eid, limit),
        ).fetchall()
        # Callers go on to ask who else each of these facts names: read for all of them at the first.
        self._group([r[0] for r in rows])
        return self._facts(rows)

    def people_in_fact(self, fid: int) -> set[int]:
        return {
            e for e in self.entities_in_fact(fid) if e in self.entities and self.entities[e].kind == "person"
        }

    def entities_in_fact(self, fid: int) -> set[int]:
        return set(self._entities_of([fid])[fid])

    def _entities_of(self, fids: list[int]) -> dict[int, frozenset[int]]:
        """The entities each fact names, read in one query with those of the facts listed with them."""
        memo = self._fact_entities
        known = {f: memo[f] for f in fids if f in memo}
        missing = [f for f in dict.fromkeys(fids) if f not in known]
        if missing:
            group = (g for f in missing for g in self._siblings.get(f, ()) if g not in memo)
            missing = list(dict.fromkeys([*missing, *group]))[: max(_CHUNK, len(missing))]
        if missing:
            found: dict[int, set[int]] = {f: set() for f in missing}
            for part in _chunks(missing):
                marks = ",".join("?" * len(part))
                for fid, eid in self.conn.execute(
                    f"SELECT fact_id, entity_id FROM fact_entities WHERE fact_id IN ({marks})", part
                ):
                    found[fid].add(eid)
            known.update((f, frozenset(e)) for f, e in found.items())
            if len(memo) > _MEMO_ROWS:
                memo.clear()
            memo.update((f, known[f]) for f in missing)
        return {f: known[f] for f in fids}

    def fact_key(self, fid: int) -> str | None:
        """The stable key of a fact (its id derives from it: `bot.store.ids`)."""
        row = self.conn.execute("SELECT key FROM facts WHERE id=?", (fid,)).fetchone()
        return row[0] if row else None

    def id_check(self, entity: int | None = None, fact: int | None = None) -> str | None:
        """The check a button or link carries next to these ids (`bot.store.ids.check`): a hash of the keys
        they name in the stored index (names as extracted, before the team's corrections). None when one of
        them names nothing."""
        keys = []
        if entity is not None:
            row = self.conn.execute("SELECT name, kind FROM entities WHERE id=?", (entity,)).fetchone()
            if row is None:
                return None
            keys.append(entity_key(row[0], row[1]))
        if fact is not None:
            key = self.fact_key(fact)
            if key is None:
                return None
            keys.append(key)
        return check(*keys)

    def fact_by_key(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM facts WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else None

    def fact(self, fid: int) -> dict | None:
        """One fact by id (score 0, explicit). A fact a profile value cites is read together with the
        other facts its field cites (a card weighs them one after the other: one query, not one each)."""
        memo = self._facts_by_id
        if fid in memo:
            f = memo[fid]
        else:
            group = self._siblings.get(fid, ())
            ids = [fid, *(f for f in group if f != fid and f not in memo)][:_CHUNK]
            found: dict[int, dict | None] = dict.fromkeys(ids)
            marks = ",".join("?" * len(ids))
            rows = self.conn.execute(
                f"SELECT id, text, canon, type, year, date, 0, 1 FROM facts WHERE id IN ({marks})", ids
            ).fetchall()
            found.update((f["id"], f) for f in self._facts(rows))
            if len(memo) > _MEMO_ROWS:
                memo.clear()
            memo.update(found)
            f = found[fid]
        # A copy: callers add to what they are given (a /search hit's highlight).
        return {**f, "sources": [dict(s) for s in f["sources"]]} if f is not None else None

    def _fact(self, r) -> dict:
        return self._facts([r])[0]

    def _facts(self, rows: list) -> list[dict]:
        """Fact rows (id, text, canon, type, year, date, score, explicit, ...) as dicts with their sources,
        the sources of all of them read in one query (a query per fact cost a round trip each on
        PostgreSQL: about 50 per answer)."""
        srcs: dict[int, list] = {r[0]: [] for r in rows}
        for part in _chunks(list(srcs)):
            marks = ",".join("?" * len(part))
            # Ordered as one fact's sources were: the order of each fact's own rows is kept.
            for s in self.conn.execute(
                f"""SELECT s.fact_id, a.id, a.title, a.outlet, a.date, a.source_url, a.path, s.sentence_idx
                   FROM fact_sources s JOIN articles a ON a.id = s.article_id
                   WHERE s.fact_id IN ({marks}) ORDER BY a.date, a.id""",
                part,
            ):
                srcs[s[0]].append(s[1:])
        self._remember_articles(SourceRef(*s[:5]) for ss in srcs.values() for s in ss)
        return [
            {
                "order": min((_order(s[5], s[0], s[6]) for s in srcs[r[0]]), default=""),
                "id": r[0],
                "text": r[1],
                "canon": r[2],
                "type": r[3],
                "year": r[4],
                "date": r[5] or "",
                "score": r[6],
                "explicit": bool(r[7]),
                "sources": [
                    {"article": s[0], "title": s[1], "outlet": s[2], "date": s[3], "url": s[4]}
                    for s in srcs[r[0]]
                ],
            }
            for r in rows
        ]

    def articles(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT id, title, date, outlet, path, sentence_count, author, source_url FROM articles ORDER BY path"
        )
        return [
            {
                "id": r[0],
                "title": r[1],
                "date": r[2],
                "outlet": r[3],
                "source": r[4],
                "sentences": r[5],
                "author": r[6],
                "url": r[7],
            }
            for r in rows
        ]

    def article_text(self, aid: str) -> str | None:
        row = self.conn.execute(
            "SELECT text FROM articles WHERE id=? OR id LIKE ?", (aid, aid + "%")
        ).fetchone()
        return row[0] if row else None


# Reading order of a fact: the file, article and sentence of its first source. It breaks ties between
# equally strong facts alike in every index (ids are hashes: they have no order). `_order` is the same in
# Python.
_READING_ORDER = """(SELECT a.path || char(0) || a.id || char(0) || printf('%08d', coalesce(s.sentence_idx, -1))
    FROM fact_sources s JOIN articles a ON a.id = s.article_id WHERE s.fact_id = f.id ORDER BY 1 LIMIT 1)"""


# Ids in one `IN (…)` list (SQLite's default limit on parameters is far above it), and the rows a memo
# holds before it starts again.
_CHUNK = 500
_MEMO_ROWS = 20_000


def _chunks(ids: list) -> Iterator[list]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _order(path: str, article: str, sentence: int | None) -> str:
    return f"{path}\0{article}\0{-1 if sentence is None else sentence:08d}"


class _RowsView:
    """`Index.keys` of an index whose names stay in the file: every (key, pinyin, entity), streamed."""

    def __init__(self, stored: StoredNames) -> None:
        self._stored = stored

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return self._stored.rows()


class LiveIndex:
    """The index a long-lived reader (the bot, the console chat) answers from: `get()` before each line
    sees every commit by any writer (an ingest, a rebuild, an upload) — `Index.refresh` for one in place,
    a fresh `Index` when the file was replaced as a whole (a new schema, a fresh build) — so names and
    data always come from the same index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fixes = corrections_token(path)  # before loading: a correction made meanwhile is seen next
        self._index = Index(path)
        self._inode = _inode(path)

    def get(self) -> Index:
        fixes = corrections_token(self.path)
        if _inode(self.path) != self._inode or fixes != self._fixes:
            # Replaced as a whole, or the team's corrections changed (in this process or another: a
            # replica, `ask`): they apply at load, so a fresh load.
            try:
                fresh = Index(self.path)
            except FactbotError:
                return self._index  # keep answering from what we have
            self._index, self._inode, self._fixes = fresh, _inode(self.path), fixes
        else:
            self._index.refresh()
        return self._index

    def replace(self, index: Index) -> None:
        """A reloaded index (after a correction: they apply at load) takes over."""
        self._index, self._inode = index, _inode(self.path)
        self._fixes = corrections_token(self.path)

    def reload(self) -> Index:
        self.replace(Index(self.path))
        return self._index


def corrections_token(index_path: Path) -> tuple:
    """What changes whenever any process records a correction: the corrections file's identity, size and
    time, and SQLite's file change counter (header bytes 24-27, bumped by every commit in its
    rollback-journal mode). One small read per query; () when there is no such regular file."""
    if is_pg(index_path):  # a PostgreSQL index: the corrections table's counter (any replica's commits)
        from bot.store.pg.schema import corrections_token as counter

        return counter(index_path)
    from bot.store.corrections import store_path

    path = store_path(index_path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # never blocks on a FIFO put there
    except OSError:
        return ()
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return ()
        counter = os.pread(fd, 4, 24)
    except OSError:
        return ()
    finally:
        os.close(fd)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, counter)


def _inode(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_dev, st.st_ino)


def _ngrams(text: str, n: int) -> set[str]:
    if len(text) <= n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}
