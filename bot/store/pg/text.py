"""Full-text search on PostgreSQL: pg_trgm's GIN index on lower(canon) finds the sentences holding a term
(LIKE with the term as a parameter, its wildcards escaped), and the ranking is FTS5's bm25 computed the
same way (trigram tokens: a sentence of n characters has n-2; a term is a phrase; k1 1.2, b 0.75), so
/search ranks alike on both backends."""

from __future__ import annotations

import math
from typing import Any

from bot.store.fts import RANKED_LIMIT

K1, B = 1.2, 0.75


def _pattern(word: str) -> str:
    return "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _count(canon: str, term: str) -> int:
    """Occurrences of `term` in `canon`, overlapping ones too (each is a phrase match in FTS5)."""
    n, start = 0, 0
    while (i := canon.find(term, start)) >= 0:
        n += 1
        start = i + 1
    return n


class PgTrigram:
    def ranked(self, conn: Any, terms: list[str]) -> dict[int, float]:
        raw = conn.raw
        n_rows, n_tokens = raw.execute(
            "SELECT count(*), coalesce(sum(greatest(length(canon) - 2, 0)), 0) FROM sentences"
        ).fetchone()
        if not n_rows:
            return {}
        avgdl = float(n_tokens) / float(n_rows)
        folded = [t.lower() for t in terms]
        rows: dict[int, str] = {}
        idf: list[float] = []
        for term in folded:
            hits = 0
            for rowid, canon in raw.execute(
                "SELECT rowid, lower(canon) FROM sentences WHERE lower(canon) LIKE %s", (_pattern(term),)
            ):
                if term in canon:
                    hits += 1
                    rows[rowid] = canon
            value = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            idf.append(value if value > 0.0 else 1e-6)
        scored = []
        for rowid, canon in rows.items():
            size = max(len(canon) - 2, 0)
            score = 0.0
            for term, weight in zip(folded, idf, strict=True):
                f = float(_count(canon, term))
                score += weight * (f * (K1 + 1.0)) / (f + K1 * (1 - B + B * size / avgdl))
            scored.append((score, rowid))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return {rowid: score for score, rowid in scored[:RANKED_LIMIT]}

    def sentences_with(self, conn: Any, word: str, limit: int) -> list[tuple[str, int, str, str]]:
        rows = conn.raw.execute(
            "SELECT article_id, idx, text, canon FROM sentences WHERE lower(canon) LIKE %s "
            "ORDER BY article_id, idx LIMIT %s",
            (_pattern(word), limit),
        ).fetchall()
        return [tuple(r) for r in rows]

    def articles_with(self, conn: Any, word: str) -> set[str]:
        rows = conn.raw.execute(
            "SELECT DISTINCT article_id FROM sentences WHERE lower(canon) LIKE %s", (_pattern(word),)
        )
        return {r[0] for r in rows}

    # The trigram index is on the sentences table itself: nothing else to keep.
    def add(self, conn: Any, rowid: int, canon: str) -> None:
        pass

    def delete_article(self, conn: Any, article: str) -> None:
        pass

    def clear(self, conn: Any) -> None:
        pass


PG_TRIGRAM = PgTrigram()
