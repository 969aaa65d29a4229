"""A loaded fact index: names in memory for fast resolution, facts read from SQLite on demand."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.corrections import apply_to_index
from bot.store import open_index


@dataclass
class Entity:
    id: int
    name: str
    kind: str
    mentions: int
    traditional: str
    aliases: list[tuple[str, str]]  # (alias, type)


class Index:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn: sqlite3.Connection = open_index(path)
        self._version = self._data_version()
        self._load_names()

    def _data_version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def refresh(self) -> bool:
        """Pick up a commit by another process (an ingest, an upload): one cheap PRAGMA per query;
        the name tables are reloaded only when the index changed. Returns whether it did."""
        try:
            version = self._data_version()
        except sqlite3.DatabaseError:
            return False
        if version == self._version:
            return False
        self._version = version
        self._load_names()
        return True

    def _load_names(self) -> None:
        # One read transaction, so the names come from one committed state.
        self.conn.execute("BEGIN")
        try:
            entities: dict[int, Entity] = {}
            for r in self.conn.execute("SELECT id, name, kind, mentions, traditional FROM entities"):
                entities[r[0]] = Entity(r[0], r[1], r[2], r[3] or 0, r[4] or "", [])
            by_key: dict[str, set[int]] = defaultdict(set)
            by_pinyin: dict[str, set[int]] = defaultdict(set)
            keys: list[tuple[str, str, int]] = []  # (key, pinyin, entity id)
            for eid, alias, typ, key, pinyin in self.conn.execute(
                "SELECT entity_id, alias, type, key, pinyin FROM aliases"
            ):
                ent = entities.get(eid)
                if ent is None:
                    continue
                if typ != "name" and (alias, typ) not in ent.aliases and alias != ent.name:
                    ent.aliases.append((alias, typ))
                by_key[key].add(eid)
                if pinyin:
                    by_pinyin[pinyin].add(eid)
                keys.append((key, pinyin or "", eid))
        finally:
            self.conn.execute("COMMIT")
        # Swapped in one go: a query in another thread sees the old tables or the new ones.
        self.entities, self.by_key, self.by_pinyin, self.keys = entities, by_key, by_pinyin, keys
        self._grams: dict[str, set[int]] | None = None
        self._examples = None
        # The team's corrections (a separate file ingest never rewrites) go on top of every load.
        self.corrections = apply_to_index(self)

    def examples(self) -> dict[str, str]:
        """Names for help texts and menus, taken from this index (its most-mentioned person and company)."""
        if getattr(self, "_examples", None) is None:
            from pypinyin import lazy_pinyin

            ranked = sorted(self.entities.values(), key=lambda e: -e.mentions)
            person = next((e.name for e in ranked if e.kind == "person"), "张三")
            org = next((e for e in ranked if e.kind != "person"), None)
            english = next((a for e in ranked for a, t in e.aliases if t == "english"), "")
            py = lazy_pinyin(person)
            self._examples = {
                "person": person,
                "company": org.name if org else "某公司",
                "english": english or (org.name if org else "某公司"),
                "pinyin": " ".join([py[0], "".join(py[1:])]) if len(py) > 1 else "".join(py),
            }
        return self._examples

    def close(self) -> None:
        self.conn.close()

    # ---- candidate generation for fuzzy matching -------------------------------------------------
    def grams(self) -> dict[str, set[int]]:
        """Character bigrams of keys and trigrams of pinyin -> rows of self.keys (built on first use)."""
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
    def profile(self, eid: int) -> dict[str, list[tuple[str, list[int]]]]:
        out: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
        for field, value, sources in self.conn.execute(
            "SELECT field, value, sources FROM profile WHERE entity_id=? ORDER BY field, ord", (eid,)
        ):
            out[field].append((value, json.loads(sources or "[]")))
        return out

    def profiles_naming(self, name: str, fields: tuple[str, ...]) -> set[int]:
        """Entities whose profile names `name` in one of `fields` (研极微电子's brands hold 神眸)."""
        marks = ",".join("?" for _ in fields)
        rows = self.conn.execute(
            f"SELECT entity_id, value FROM profile WHERE field IN ({marks}) AND value LIKE ?",
            (*fields, name + "%"),
        )
        return {
            eid
            for eid, value in rows
            if value == name or value[len(name) : len(name) + 1] in ("（", " ", "：")
        }

    def facts_for(self, eid: int, limit: int = 200) -> list[dict]:
        rows = self.conn.execute(
            """SELECT f.id, f.text, f.canon, f.type, f.year, f.date, fe.score, fe.explicit
               FROM fact_entities fe JOIN facts f ON f.id = fe.fact_id
               WHERE fe.entity_id=? ORDER BY fe.score DESC, f.id LIMIT ?""",
            (eid, limit),
        ).fetchall()
        return [self._fact(r) for r in rows]

    def people_in_fact(self, fid: int) -> set[int]:
        rows = self.conn.execute("SELECT entity_id FROM fact_entities WHERE fact_id=?", (fid,))
        return {eid for (eid,) in rows if eid in self.entities and self.entities[eid].kind == "person"}

    def fact(self, fid: int) -> dict | None:
        r = self.conn.execute(
            "SELECT id, text, canon, type, year, date, 0, 1 FROM facts WHERE id=?", (fid,)
        ).fetchone()
        return self._fact(r) if r else None

    def _fact(self, r) -> dict:
        srcs = self.conn.execute(
            """SELECT a.id, a.title, a.outlet, a.date, a.source_url FROM fact_sources s JOIN articles a ON a.id = s.article_id
               WHERE s.fact_id=? ORDER BY a.date, a.id""",
            (r[0],),
        ).fetchall()
        return {
            "id": r[0],
            "text": r[1],
            "canon": r[2],
            "type": r[3],
            "year": r[4],
            "date": r[5] or "",
            "score": r[6],
            "explicit": bool(r[7]),
            "sources": [
                {"article": s[0], "title": s[1], "outlet": s[2], "date": s[3], "url": s[4]} for s in srcs
            ],
        }

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

    def search_facts(self, terms: list[str], limit: int = 200) -> list[tuple[int, dict]]:
        """Facts containing any term, ranked by how many terms they contain; each with its entity."""
        if not terms:
            return []
        where = " OR ".join("f.canon LIKE ?" for _ in terms)
        rows = self.conn.execute(
            f"""SELECT f.id, f.text, f.canon, f.type, f.year, f.date, MAX(fe.score), 1, fe.entity_id
                FROM facts f JOIN fact_entities fe ON fe.fact_id = f.id WHERE {where}
                GROUP BY f.id LIMIT 2000""",
            [f"%{t}%" for t in terms],
        ).fetchall()
        scored = []
        for r in rows:
            hits = sum(1 for t in terms if t in r[2])
            scored.append((hits * 10 + (r[6] or 0), r))
        scored.sort(key=lambda x: -x[0])
        return [(r[8], self._fact(r)) for _, r in scored[:limit]]


def _ngrams(text: str, n: int) -> set[str]:
    if len(text) <= n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}
