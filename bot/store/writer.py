"""The write side of the index: every query, INSERT, UPDATE and DELETE of an ingest (incremental or fresh).

`Writer` speaks in records and ids (`bot.model`), never in rows: `bot.ingest` decides what changes, the
writer only stores it. Each method is one step of the increment; `begin`/`commit`/`rollback` bracket the
single transaction an update runs in.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from bot.corpus.entities import AliasRow
from bot.facts import Fact
from bot.model import Article, Entity, Extraction, Mention, ProfileValue, StoredArticle
from bot.store.articles import extraction_table, insert_article, load_articles
from bot.store.db import connect_writer, create_fresh, set_pipeline
from bot.store.fts import text_search
from bot.store.ids import entity_sort
from bot.store.pg import is_pg

CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit

# Every table an ingest fills, cleared by a rebuild (entity_log and meta stay).
_DATA_TABLES = (
    "articles",
    "sentences",
    "entities",
    "entity_keys",
    "extractions",
    "aliases",
    "raw_facts",
    "raw_fact_entities",
    "facts",
    "fact_raw",
    "fact_sources",
    "fact_entities",
    "mentions",
    "profile",
)


def _chunks(items: Sequence, n: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _marks(part: Sequence) -> str:
    return ",".join("?" * len(part))


class Writer:
    """One write connection to an index (the caller holds `writer_lock`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: Path) -> Writer:
        if is_pg(path):
            from bot.store.pg.schema import connect

            conn = connect(path)
            conn.index_writer = True  # its transactions take the commit lock and move the readers' counter
            return cls(conn)
        return cls(connect_writer(path))

    def close(self) -> None:
        self.conn.close()

    # ---- transactions and bookkeeping -------------------------------------------------------------
    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def generation(self) -> int:
        return int(self._meta("generation"))

    def _meta(self, key: str) -> str:
        return self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()[0]

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("UPDATE meta SET value=? WHERE key=?", (value, key))

    def displaced(self, table: str) -> set[int]:
        """Ids of `table` (entities, facts) not in the first slot of their chain (`bot.store.ids`)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (f"displaced_{table}",)).fetchone()
        return set(json.loads(row[0])) if row else set()

    def set_displaced(self, table: str, ids: set[int]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"displaced_{table}", json.dumps(sorted(ids)))
        )

    def finish_generation(self, gen: int, changed: set[int]) -> None:
        """Record the commit: its generation, the pipeline that made it, and which entities it changed so
        a running bot reloads only those names (0, no entity, marks a commit that changed none, so readers
        can tell the log is complete; -1 means everything)."""
        self._set_meta("generation", str(gen))
        set_pipeline(self.conn)
        self.conn.executemany(
            "INSERT INTO entity_log VALUES (?,?)", [(gen, e) for e in sorted(changed or {0})]
        )
        self.conn.execute("DELETE FROM entity_log WHERE generation < ?", (gen - 1000,))

    def counts(self) -> tuple[int, int, int]:
        """(articles, entities, facts)."""
        return tuple(
            self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "entities", "facts")
        )  # type: ignore[return-value]

    def clear(self) -> None:
        """Everything an ingest wrote, for a rebuild inside the same transaction."""
        for t in _DATA_TABLES:
            self.conn.execute(f"DELETE FROM {t}")
        text_search(self.conn).clear(self.conn)
        self.conn.execute("DELETE FROM meta WHERE key LIKE 'displaced_%'")

    def checkpoint(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---- generic id look-ups --------------------------------------------------------------------
    def _ids(self, sql: str, values: Iterable) -> set:
        """`sql` with one `{}` for an IN list, run over `values` in chunks; the first column as a set."""
        out: set = set()
        for part in _chunks(list(values)):
            out |= {r[0] for r in self.conn.execute(sql.format(_marks(part)), part)}
        return out

    def _rows(self, sql: str, values: Iterable) -> list:
        out: list = []
        for part in _chunks(list(values)):
            out += self.conn.execute(sql.format(_marks(part)), part).fetchall()
        return out

    def _delete_in(self, table: str, column: str, values: Iterable) -> None:
        for part in _chunks(sorted(values)):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} IN ({_marks(part)})", part)

    # ---- articles ---------------------------------------------------------------------------------
    def stored_articles(self) -> dict[str, StoredArticle]:
        rows = self.conn.execute("SELECT id, sha, path, title FROM articles")
        return {r[0]: StoredArticle(r[0], r[1], r[2], r[3]) for r in rows}

    def articles(self, ids: Iterable[str] | None = None) -> dict[str, Article]:
        """Stored articles with their sentences and extraction (all of them when `ids` is None)."""
        if ids is None:
            return load_articles(self.conn)
        out: dict[str, Article] = {}
        for part in _chunks(list(ids)):
            out |= load_articles(self.conn, f"WHERE id IN ({_marks(part)})", tuple(part))
        return out

    def existing_articles(self, ids: Iterable[str]) -> set[str]:
        return self._ids("SELECT id FROM articles WHERE id IN ({})", ids)

    def extractions(self, ids: Iterable[str]) -> dict[str, dict[str, Extraction]]:
        """What each of these articles found: name -> Extraction, in found order."""
        rows = self._rows("SELECT id, extracted FROM articles WHERE id IN ({})", ids)
        return {aid: extraction_table(x) for aid, x in rows}

    def set_path(self, aid: str, path: str) -> None:
        self.conn.execute("UPDATE articles SET path=? WHERE id=?", (path, aid))

    def delete_articles(self, ids: Iterable[str]) -> None:
        """Articles, their sentences (and full-text rows) and what they contributed to entities."""
        for aid in ids:
            text_search(self.conn).delete_article(self.conn, aid)
            for t in ("sentences", "extractions"):
                self.conn.execute(f"DELETE FROM {t} WHERE article_id=?", (aid,))
            self.conn.execute("DELETE FROM articles WHERE id=?", (aid,))

    def insert_article(self, art: Article) -> None:
        insert_article(self.conn, art)

    def articles_containing(self, simps: set[str], skip: set[str]) -> set[str]:
        """Stored articles whose sentences contain one of these names (a new name or alias can make an
        old article mention an entity). Trigram full-text search for 3+ characters, a scan for shorter."""
        out: set[str] = set()
        short = sorted(s for s in simps if len(s) < 3 and len(s) >= 2)
        long = sorted(s for s in simps if len(s) >= 3)
        if len(long) + len(short) > 40:
            # Many new names (a bulk ingest): one pass over the other articles' sentences beats many queries.
            pattern = re.compile(
                "|".join(re.escape(s) for s in sorted(simps, key=len, reverse=True) if len(s) >= 2)
            )
            for aid, canon in self.conn.execute("SELECT article_id, canon FROM sentences"):
                if aid not in skip and aid not in out and pattern.search(canon):
                    out.add(aid)
            return out
        for s in long:
            out |= text_search(self.conn).articles_with(self.conn, s)
        for s in short:
            rows = self.conn.execute(
                "SELECT DISTINCT article_id FROM sentences WHERE instr(canon, ?) > 0", (s,)
            )
            out |= {r[0] for r in rows}
        return out - skip

    def question_sentences(self, ids: Iterable[str]) -> list[tuple[str, int, str, str]]:
        """(article, index, text, canon) of the interviewer's turns in these articles, in order."""
        return sorted(
            self._rows(
                "SELECT article_id, idx, text, canon FROM sentences WHERE question = 1 AND article_id IN ({})",
                sorted(ids),
            )
        )

    @property
    def connection(self) -> sqlite3.Connection:
        """For `bot.relations.questions.statements_in_questions` until it takes `question_sentences`."""
        return self.conn

    # ---- entities ---------------------------------------------------------------------------------
    def entities(self, ids: Iterable[int]) -> dict[int, Entity]:
        rows = self._rows(
            "SELECT id, name, kind, score, aliases_json FROM entities WHERE id IN ({}) ORDER BY id", ids
        )
        return {eid: Entity(eid, name, kind, score, json.loads(al)) for eid, name, kind, score, al in rows}

    def entities_extracted_from(self, article_ids: Iterable[str]) -> set[int]:
        return self._ids("SELECT entity_id FROM extractions WHERE article_id IN ({})", article_ids)

    def entities_with_keys(self, keys: Iterable[str]) -> set[int]:
        return self._ids("SELECT entity_id FROM entity_keys WHERE key IN ({})", keys)

    def entity_owner(self, eid: int) -> tuple[str, ...] | None:
        """The sort key of the entity holding this id, for `bot.store.ids`."""
        row = self.conn.execute("SELECT name, kind FROM entities WHERE id=?", (eid,)).fetchone()
        return entity_sort(*row) if row else None

    def names_extracted(self, ids: Iterable[int]) -> list[tuple[str, str]]:
        """(article, name) of every extracted name that went into these entities."""
        return self._rows("SELECT article_id, name FROM extractions WHERE entity_id IN ({})", ids)

    def entities_named_in(self, texts: list[str], speakers: set[str]) -> set[int]:
        """Entities with a name that occurs in these sentences (or is one of the speakers)."""
        longest = min(40, self.conn.execute("SELECT max(length(simp)) FROM aliases").fetchone()[0] or 2)
        if sum(len(t) for t in texts) * longest > 200_000:
            # Many articles (a bulk ingest): test every known name against them in memory.
            rows = self.conn.execute("SELECT DISTINCT simp FROM aliases")
            simps = {r[0] for r in rows if r[0] and len(r[0]) >= 2}
            found = (speakers & simps) | _names_in(simps, texts)
            return self._ids("SELECT entity_id FROM aliases WHERE simp IN ({})", found)
        # A few articles: look their substrings up in the index (cost independent of the corpus size).
        subs = set(speakers)
        for canon in texts:
            n = len(canon)
            for i in range(n - 1):
                for j in range(i + 2, min(n, i + longest) + 1):
                    subs.add(canon[i:j])
        return self._ids("SELECT DISTINCT entity_id FROM aliases WHERE simp IN ({})", subs)

    def delete_entities(self, ids: Iterable[int]) -> None:
        for eid in ids:
            for t, col in (
                ("entities", "id"),
                ("entity_keys", "entity_id"),
                ("extractions", "entity_id"),
                ("aliases", "entity_id"),
            ):
                self.conn.execute(f"DELETE FROM {t} WHERE {col}=?", (eid,))

    def insert_extractions(self, rows: Iterable[tuple[str, str, int]]) -> None:
        """(article, name, entity) for each name an article contributed to an entity."""
        self.conn.executemany("INSERT INTO extractions VALUES (?,?,?)", list(rows))

    def insert_entity(
        self,
        e: Entity,
        keys: Iterable[str],
        aliases: list[AliasRow],
        mentions: int = 0,
        traditional: str = "",
    ) -> None:
        self.conn.execute(
            "INSERT INTO entities VALUES (?,?,?,?,?,?,?)",
            (
                e.id,
                e.name,
                e.kind,
                mentions,
                e.score,
                traditional,
                json.dumps(dict(e.aliases), ensure_ascii=False),
            ),
        )
        self.conn.executemany("INSERT INTO entity_keys VALUES (?,?)", [(k, e.id) for k in sorted(keys)])
        self.insert_aliases(aliases)

    def insert_aliases(self, rows: list[AliasRow]) -> None:
        self.conn.executemany("INSERT INTO aliases VALUES (?,?,?,?,?,?,?)", rows)

    def mention_count(self, eid: int) -> int:
        return self.conn.execute("SELECT count(*) FROM mentions WHERE entity_id=?", (eid,)).fetchone()[0]

    def set_counts(self, eid: int, mentions: int, traditional: str, aliases: list[AliasRow]) -> None:
        """An entity's mention count and Traditional form, with its alias rows rewritten to include it."""
        self.conn.execute(
            "UPDATE entities SET mentions=?, traditional=? WHERE id=?", (mentions, traditional, eid)
        )
        self.conn.execute("DELETE FROM aliases WHERE entity_id=?", (eid,))
        self.insert_aliases(aliases)

    # ---- mentions and per-sentence facts ----------------------------------------------------------
    def articles_mentioning(self, ids: Iterable[int]) -> set[str]:
        return self._ids("SELECT article_id FROM mentions WHERE entity_id IN ({})", ids)

    def articles_with_facts_about(self, ids: Iterable[int]) -> set[str]:
        return self._ids(
            "SELECT r.article_id FROM raw_fact_entities x JOIN raw_facts r ON r.id = x.raw_id "
            "WHERE x.entity_id IN ({})",
            ids,
        )

    def entities_mentioned_in(self, article_ids: Iterable[str]) -> set[int]:
        return self._ids("SELECT entity_id FROM mentions WHERE article_id IN ({})", article_ids)

    def raw_facts_of(self, article_ids: Iterable[str]) -> set[int]:
        return self._ids("SELECT id FROM raw_facts WHERE article_id IN ({})", article_ids)

    def entities_of_raw(self, raw_ids: Iterable[int]) -> set[int]:
        return self._ids("SELECT entity_id FROM raw_fact_entities WHERE raw_id IN ({})", raw_ids)

    def facts_merged_from(self, raw_ids: Iterable[int]) -> set[int]:
        return self._ids("SELECT fact_id FROM fact_raw WHERE raw_id IN ({})", raw_ids)

    def delete_raw_facts(self, raw_ids: Iterable[int]) -> None:
        for part in _chunks(sorted(raw_ids)):
            self.conn.execute(f"DELETE FROM raw_fact_entities WHERE raw_id IN ({_marks(part)})", part)
            self.conn.execute(f"DELETE FROM raw_facts WHERE id IN ({_marks(part)})", part)

    def delete_mentions_in(self, article_ids: Iterable[str]) -> None:
        self._delete_in("mentions", "article_id", article_ids)

    def insert_mentions(self, mentions: Iterable[Mention]) -> None:
        self.conn.executemany(
            "INSERT INTO mentions VALUES (?,?,?)", [(m.entity, m.article, m.sentence) for m in mentions]
        )

    def insert_raw_fact(self, f: Fact, key: str) -> int:
        """One article's fact for one sentence; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO raw_facts (article_id, sentence_idx, text, canon, type, year, date, key, entities) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (f.article, f.sentence, f.text, f.canon, f.type, f.year, f.date, key, json.dumps(f.entities)),
        )
        rid = cur.lastrowid
        self.conn.executemany("INSERT INTO raw_fact_entities VALUES (?,?)", [(rid, e) for e in f.entities])
        return rid

    def insert_raw_facts(self, facts: Sequence[tuple[Fact, str]]) -> list[int]:
        """Many (fact, key) at once, as `insert_raw_fact` one after the other would store them; their ids.
        SQLite: in two statements, with the ids SQLite itself would give (one above the largest, in turn:
        the table has no AUTOINCREMENT); elsewhere (a generated key) one by one."""
        if not isinstance(self.conn, sqlite3.Connection):
            return [self.insert_raw_fact(f, key) for f, key in facts]
        top = self.conn.execute("SELECT max(id) FROM raw_facts").fetchone()[0] or 0
        ids = list(range(top + 1, top + 1 + len(facts)))
        self.conn.executemany(
            "INSERT INTO raw_facts (id, article_id, sentence_idx, text, canon, type, year, date, key, entities) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    rid,
                    f.article,
                    f.sentence,
                    f.text,
                    f.canon,
                    f.type,
                    f.year,
                    f.date,
                    key,
                    json.dumps(f.entities),
                )
                for rid, (f, key) in zip(ids, facts, strict=True)
            ],
        )
        self.conn.executemany(
            "INSERT INTO raw_fact_entities VALUES (?,?)",
            [(rid, e) for rid, (f, _) in zip(ids, facts, strict=True) for e in f.entities],
        )
        return ids

    # ---- merged facts and profiles ----------------------------------------------------------------
    def raw_fact_counts(self, ids: Iterable[int]) -> dict[int, int]:
        """Entity -> in how many per-sentence facts it is."""
        sql = "SELECT entity_id, count(*) FROM raw_fact_entities WHERE entity_id IN ({}) GROUP BY entity_id"
        return dict(self._rows(sql, ids))

    def raw_facts_about(self, ids: Iterable[int]) -> set[int]:
        return self._ids("SELECT raw_id FROM raw_fact_entities WHERE entity_id IN ({})", ids)

    def raw_facts_merged_into(self, fact_ids: Iterable[int]) -> set[int]:
        return self._ids("SELECT raw_id FROM fact_raw WHERE fact_id IN ({})", fact_ids)

    def existing_raw_facts(self, raw_ids: Iterable[int]) -> set[int]:
        return self._ids("SELECT id FROM raw_facts WHERE id IN ({})", raw_ids)

    def raw_facts_sharing(self, raw_ids: Iterable[int]) -> set[int]:
        """Per-sentence facts with the same key as these, or merged into the same fact."""
        ids = list(raw_ids)
        out = self._ids(
            "SELECT r2.id FROM raw_facts r1 JOIN raw_facts r2 ON r2.key = r1.key WHERE r1.id IN ({})", ids
        )
        return out | self._ids(
            "SELECT b.raw_id FROM fact_raw a JOIN fact_raw b ON b.fact_id = a.fact_id WHERE a.raw_id IN ({})",
            ids,
        )

    def fact_owner(self, fid: int) -> tuple[str, ...] | None:
        """The sort key (its key) of the fact holding this id, for `bot.store.ids`."""
        row = self.conn.execute("SELECT key FROM facts WHERE id=?", (fid,)).fetchone()
        return (row[0],) if row else None

    def delete_facts(self, fact_ids: Iterable[int]) -> None:
        """Merged facts with their sources, entities and links to per-sentence facts."""
        for part in _chunks(sorted(fact_ids)):
            for t, col in (
                ("facts", "id"),
                ("fact_raw", "fact_id"),
                ("fact_sources", "fact_id"),
                ("fact_entities", "fact_id"),
            ):
                self.conn.execute(f"DELETE FROM {t} WHERE {col} IN ({_marks(part)})", part)

    def delete_profiles(self, ids: Iterable[int]) -> None:
        self._delete_in("profile", "entity_id", ids)

    def raw_facts(self, raw_ids: Iterable[int]) -> list[tuple[int, Fact, str]]:
        """(id, fact, key) of these per-sentence facts in the order a full build reads them (by file
        path), so increments and rebuilds merge alike."""
        rows = self._rows(
            "SELECT r.id, r.article_id, r.sentence_idx, r.text, r.canon, r.type, r.year, r.date, r.key, "
            "r.entities, a.path FROM raw_facts r JOIN articles a ON a.id = r.article_id WHERE r.id IN ({})",
            raw_ids,
        )
        rows.sort(key=lambda r: (r[10], r[1], r[2], r[0]))
        out: list[tuple[int, Fact, str]] = []
        for rid, aid, idx, text, canon, typ, year, date, key, ents, _ in rows:
            f = Fact(aid, idx, text, canon, typ, year, date or "")
            f.entities = {int(k): v for k, v in json.loads(ents).items()}
            out.append((rid, f, key))
        return out

    def insert_fact(
        self,
        fid: int,
        f: Fact,
        key: str,
        raws: list[int],
        sources: list[tuple[str, int]],
        scores: dict[int, float],
    ) -> None:
        """A merged fact, the per-sentence facts it merges, its (article, sentence) sources and the score of
        each of its entities (with how it refers to them)."""
        self.insert_facts([(fid, f, key, raws, sources, scores)])

    def insert_facts(
        self,
        rows: Iterable[tuple[int, Fact, str, list[int], list[tuple[str, int]], dict[int, float]]],
    ) -> None:
        """Many `insert_fact`s in four statements: each table gets the same rows in the same order."""
        facts, raw, sources, entities = [], [], [], []
        for fid, f, key, raws, srcs, scores in rows:
            facts.append((fid, f.text, f.canon, f.type, f.year, f.date, key))
            raw += [(fid, r) for r in raws]
            sources += [(fid, a, s) for a, s in srcs]
            entities += [(fid, eid, f.entities[eid], score) for eid, score in scores.items()]
        self.conn.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?,?)", facts)
        self.conn.executemany("INSERT INTO fact_raw VALUES (?,?)", raw)
        self.conn.executemany("INSERT INTO fact_sources VALUES (?,?,?)", sources)
        self.conn.executemany("INSERT INTO fact_entities VALUES (?,?,?,?)", entities)

    def insert_profile(self, eid: int, values: Sequence[ProfileValue]) -> None:
        """One row per typed value, strongest first: display text, linked entity, parts and sources."""
        self.insert_profiles([(eid, values)])

    def insert_profiles(self, profiles: Iterable[tuple[int, Sequence[ProfileValue]]]) -> None:
        """Many `insert_profile`s in one statement, the rows in the same order."""
        self.conn.executemany(
            "INSERT INTO profile VALUES (?,?,?,?,?,?,?)",
            [
                (
                    eid,
                    v.field,
                    v.text,
                    json.dumps({"facts": list(v.facts), "articles": list(v.articles)}),
                    order,
                    v.entity,
                    json.dumps(v.parts, ensure_ascii=False),
                )
                for eid, values in profiles
                for order, v in enumerate(values)
            ],
        )


def _names_in(simps: set[str], texts: list[str]) -> set[str]:
    # A name is looked for only at positions that start with its first two characters: one slice per
    # position instead of one per name length (~20), the same names found.
    leads: dict[str, set[int]] = {}
    for x in simps:
        if len(x) >= 2:
            leads.setdefault(x[:2], set()).add(len(x))
    short = sorted({len(x) for x in simps if len(x) < 2})
    found: set[str] = set()
    for canon in texts:
        n = len(canon)
        for i in range(n - 1):
            for L in short:
                if canon[i : i + L] in simps:
                    found.add(canon[i : i + L])
            for L in leads.get(canon[i : i + 2], ()):
                if i + L <= n and canon[i : i + L] in simps:
                    found.add(canon[i : i + L])
    return found


def fresh_index(index: Path, fill: Callable[[Writer], None]) -> None:
    """A new index (or one replacing an older schema): built in a side file by `fill`, in one
    transaction, and renamed into place."""
    if is_pg(index):
        # A database is not renamed into place: cleared and filled in ONE transaction, the generation
        # moved on so that readers reload every name after the commit.
        w = Writer.open(index)
        try:
            w.begin()
            gen = w.generation() + 1
            w.clear()
            fill(w)
            w.finish_generation(gen, {-1})
            w.commit()
        except BaseException:
            w.conn.rollback()
            raise
        finally:
            w.close()
        return
    tmp = index.with_name(f".{index.name}.build")
    create_fresh(tmp)
    w = Writer.open(tmp)
    try:
        w.conn.execute("BEGIN IMMEDIATE")
        fill(w)
        w.commit()
        w.checkpoint()
    finally:
        w.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    os.replace(tmp, index)
