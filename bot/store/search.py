"""Text search over the index: /search's ranked sentences, the sentences a bare word occurs in (a
`mentioned` answer) and the LIKE baseline the benchmark compares with. A mixin of `Index`, which gives it
`conn`, `entities` and `_fact`."""

from __future__ import annotations

from bot.store.fts import text_search
from bot.store.text import highlight, stands_alone


class TextSearch:
    def search_facts(self, terms: list[str], limit: int = 200) -> list[tuple[int | None, dict]]:
        """Sentences containing the terms, ranked: how many terms they hold, then FTS5 bm25, then the
        strength of the fact they make. Each with the entity of that fact (None when the sentence is in
        no fact) and `highlight`: an excerpt with the terms between HL_ON/HL_OFF marks.

        Terms of 3+ characters go through the trigram index, as string literals (never query syntax);
        shorter ones (most Chinese words are two characters) by instr(), which has no wildcards."""
        terms = [t for t in dict.fromkeys(terms) if t.strip()]
        if not terms:
            return []
        rank: dict[int, float] = {}
        long = [t for t in terms if len(t) >= 3]
        if long:
            rank.update(text_search(self.conn).ranked(self.conn, long))
        for t in terms:
            if len(t) < 3:
                for (rowid,) in self.conn.execute(
                    "SELECT rowid FROM sentences WHERE instr(canon, ?) > 0 ORDER BY rowid LIMIT 300", (t,)
                ):
                    rank.setdefault(rowid, 0.0)
        if not rank:
            return []
        rows = []
        ids = list(rank)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            rows += self.conn.execute(
                f"""SELECT s.rowid, s.article_id, s.idx, s.text, s.canon,
                       (SELECT fs.fact_id FROM fact_sources fs WHERE fs.article_id = s.article_id
                        AND fs.sentence_idx = s.idx LIMIT 1)
                    FROM sentences s WHERE s.rowid IN ({",".join("?" * len(part))})""",
                part,
            ).fetchall()
        scored = []
        for rowid, aid, idx, text, canon, fid in rows:
            hits = sum(1 for t in terms if t in canon)
            scored.append((hits * 10 + rank[rowid], -(fid or 10**9), rowid, aid, idx, text, canon, fid))
        scored.sort(key=lambda x: (-x[0], x[3], x[4]))
        hits: dict[int, tuple] = {}  # the first sentence of each fact, strongest first
        for _, _, _, aid, idx, text, canon, fid in scored:
            if fid is None or fid in hits:
                continue  # /search searches the facts (要点); sentences in none are for `mentioned`
            hits[fid] = (aid, idx, text, canon)
            if len(hits) >= limit:
                break
        # The entity and the fact of every hit, each read in one query for all of them.
        top: dict[int, int] = {}
        facts: dict[int, dict] = {}
        fids = list(hits)
        for i in range(0, len(fids), 500):
            part = fids[i : i + 500]
            marks = ",".join("?" * len(part))
            # Equally strong: the entity more present in the corpus (ids are hashes, no order).
            for fid, eid in self.conn.execute(
                "SELECT fe.fact_id, fe.entity_id FROM fact_entities fe JOIN entities e ON e.id = fe.entity_id "
                f"WHERE fe.fact_id IN ({marks}) ORDER BY fe.score DESC, e.score DESC, e.name, fe.entity_id",
                part,
            ):
                top.setdefault(fid, eid)
            rows = self.conn.execute(
                f"SELECT id, text, canon, type, year, date, 0, 1 FROM facts WHERE id IN ({marks})", part
            ).fetchall()
            facts.update((f["id"], f) for f in self._facts(rows))
        out: list[tuple[int | None, dict]] = []
        for fid, (aid, idx, text, canon) in hits.items():
            fact = facts.get(fid) or self._sentence_fact(aid, idx, text, canon)
            fact["highlight"] = highlight(canon, terms)
            out.append((top.get(fid), fact))
        return out

    def _sentence_fact(self, aid: str, idx: int, text: str, canon: str) -> dict:
        """A sentence shaped like a fact (no type, no date), citing its article."""
        a = self.conn.execute(
            "SELECT id, title, outlet, date, source_url FROM articles WHERE id=?", (aid,)
        ).fetchone()
        src = [{"article": a[0], "title": a[1], "outlet": a[2], "date": a[3], "url": a[4]}] if a else []
        return {
            "id": 0,
            "text": text,
            "canon": canon,
            "type": "mention",
            "year": None,
            "date": "",
            "score": 0.0,
            "explicit": False,
            "sources": src,
            "sentence": idx,
        }

    def occurrences(self, word: str, limit: int = 6) -> list[dict]:
        """Sentences where `word` stands as a word of its own: not inside a longer known name (书耕 in
        陈书耕) and, by the segmenter, not inside a longer word. For the `mentioned` answer."""
        from bot.segment import segmenter

        if len(word) < 2:
            return []
        if len(word) >= 3:
            rows = text_search(self.conn).sentences_with(self.conn, word, 400)
        else:
            rows = self.conn.execute(
                "SELECT article_id, idx, text, canon FROM sentences WHERE instr(canon, ?) > 0 "
                "ORDER BY article_id, idx LIMIT 400",
                (word,),
            ).fetchall()
        longer: list[str] | None = None  # read only when a sentence or title holds the word
        out: list[dict] = []
        for aid, idx, text, canon in rows:
            if longer is None:
                longer = self._longer_names(word)
            if not stands_alone(canon, word, longer, segmenter()):
                continue
            out.append(self._sentence_fact(aid, idx, text, canon))
            if len(out) >= limit:
                break
        if not out:
            out = self._title_occurrences(word, longer, limit)
        return out

    def _longer_names(self, word: str) -> list[str]:
        """Known names holding `word` (a scan of every alias: only when something could stand alone)."""
        rows = self.conn.execute(
            "SELECT DISTINCT simp FROM aliases WHERE instr(simp, ?) > 0 AND simp != ?", (word, word)
        )
        return [r[0] for r in rows]

    def _title_occurrences(self, word: str, longer: list[str] | None, limit: int) -> list[dict]:
        """A name only an article's title uses (陆老板VS哈德森：…): the title, citing its article."""
        from bot.normalize import to_simplified, to_traditional
        from bot.segment import segmenter

        forms = list(dict.fromkeys([word, to_traditional(word)]))
        rows = self.conn.execute(
            "SELECT id, title FROM articles WHERE "
            + " OR ".join("instr(title, ?) > 0" for _ in forms)
            + " ORDER BY date DESC, id LIMIT 50",
            forms,
        ).fetchall()
        out = []
        for aid, title in rows:
            canon = to_simplified(title)
            if longer is None:
                longer = self._longer_names(word)
            if stands_alone(canon, word, longer, segmenter()):
                out.append(self._sentence_fact(aid, -1, title, canon))
            if len(out) >= limit:
                break
        return out

    def like_search(self, terms: list[str], limit: int = 20) -> list[tuple[int, dict]]:
        """The /search of schema 2, kept as a benchmark's baseline: LIKE over every fact, ranked by terms
        found."""
        where = " OR ".join("f.canon LIKE ?" for _ in terms)
        # Each fact once, with its strongest entity: a window, not a bare column beside MAX() in a GROUP
        # BY (SQLite's extension, which PostgreSQL refuses).
        rows = self.conn.execute(
            f"""SELECT id, text, canon, type, year, date, score, 1, entity_id FROM (
                    SELECT f.id, f.text, f.canon, f.type, f.year, f.date, fe.score, fe.entity_id,
                        row_number() OVER (PARTITION BY f.id ORDER BY fe.score DESC, fe.entity_id) AS n
                    FROM facts f JOIN fact_entities fe ON fe.fact_id = f.id WHERE {where}) AS best
                WHERE n = 1 LIMIT 2000""",
            [f"%{t}%" for t in terms],
        ).fetchall()
        scored = sorted(rows, key=lambda r: -(sum(10 for t in terms if t in r[2]) + (r[6] or 0)))
        return [(r[8], self._fact(r)) for r in scored[:limit]]
