"""Full-text search over the sentences, the one part of the store's SQL that differs by backend in more than
spelling: SQLite's FTS5 (trigram tokenizer, bm25) here; PostgreSQL's pg_trgm in `bot.store.pg.text`, which
ranks as FTS5 does. `text_search(conn)` gives the one a connection needs. User text is only ever a
parameter, and in FTS5 a string literal (`fts_literal`): never query syntax.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol

from bot.store.text import fts_literal

RANKED_LIMIT = 300  # sentences ranked per search (the best by bm25)


class TextSearch(Protocol):
    def ranked(self, conn: Any, terms: list[str]) -> dict[int, float]:
        """Sentence rowid -> -bm25 (higher is better) of the best RANKED_LIMIT sentences holding any of
        these terms (each 3+ characters), case-insensitively."""

    def sentences_with(self, conn: Any, word: str, limit: int) -> list[tuple[str, int, str, str]]:
        """(article, index, text, canon) of sentences holding `word` (3+ characters), in article order."""

    def articles_with(self, conn: Any, word: str) -> set[str]:
        """Articles with a sentence holding `word` (3+ characters)."""

    def add(self, conn: Any, rowid: int, canon: str) -> None:
        """A new sentence row (its rowid and canonical text) into the full-text index."""

    def delete_article(self, conn: Any, article: str) -> None:
        """An article's sentences out of the full-text index (before their rows are deleted)."""

    def clear(self, conn: Any) -> None:
        """Everything out of the full-text index (a rebuild)."""


class Fts5:
    """SQLite: the external-content FTS5 table `sentences_fts` (trigram tokenizer) over `sentences`."""

    def ranked(self, conn: sqlite3.Connection, terms: list[str]) -> dict[int, float]:
        match = " OR ".join(fts_literal(t) for t in terms)
        rows = conn.execute(
            "SELECT rowid, bm25(sentences_fts) FROM sentences_fts WHERE sentences_fts MATCH ? "
            f"ORDER BY bm25(sentences_fts) LIMIT {RANKED_LIMIT}",
            (match,),
        )
        return {rowid: -bm for rowid, bm in rows}

    def sentences_with(
        self, conn: sqlite3.Connection, word: str, limit: int
    ) -> list[tuple[str, int, str, str]]:
        return conn.execute(
            "SELECT s.article_id, s.idx, s.text, s.canon FROM sentences_fts f JOIN sentences s "
            "ON s.rowid = f.rowid WHERE sentences_fts MATCH ? ORDER BY s.article_id, s.idx LIMIT ?",
            (fts_literal(word), limit),
        ).fetchall()

    def articles_with(self, conn: sqlite3.Connection, word: str) -> set[str]:
        rows = conn.execute(
            "SELECT s.article_id FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid "
            "WHERE sentences_fts MATCH ?",
            (fts_literal(word),),
        )
        return {r[0] for r in rows}

    def add(self, conn: sqlite3.Connection, rowid: int, canon: str) -> None:
        conn.execute("INSERT INTO sentences_fts(rowid, canon) VALUES (?,?)", (rowid, canon))

    def delete_article(self, conn: sqlite3.Connection, article: str) -> None:
        conn.execute(
            "INSERT INTO sentences_fts(sentences_fts, rowid, canon) "
            "SELECT 'delete', rowid, canon FROM sentences WHERE article_id=?",
            (article,),
        )

    def clear(self, conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES('delete-all')")


FTS5 = Fts5()


def text_search(conn: Any) -> TextSearch:
    """The full-text search of this connection's backend."""
    return getattr(conn, "text_search", None) or FTS5
