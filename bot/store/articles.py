"""Articles as the store keeps them: the article row with its extraction (JSON), and its sentences with
their full-text rows. Read back as `Article` records, exactly as a worker returned them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.model import Article, Extraction, Sentence
from bot.store.db import sqlite_uri
from bot.store.fts import FTS5, text_search
from bot.store.pg import is_pg


def insert_article(conn: sqlite3.Connection, art: Article) -> None:
    """An article's row, its sentences and their full-text rows."""
    fts = text_search(conn)
    conn.execute(
        "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            art.id,
            art.path,
            art.sha,
            art.title,
            art.date,
            art.author,
            art.outlet,
            art.source_url,
            art.encoding,
            art.text,
            len(art.sentences),
            json.dumps(list(art.notes), ensure_ascii=False),
            json.dumps(extraction_json(art.extracted), ensure_ascii=False),
        ),
    )
    rows = [
        (
            art.id,
            s.index,
            s.paragraph,
            s.text,
            s.canon,
            s.speaker,
            int(s.question),
            int(s.heading),
            s.start,
            s.end,
        )
        for s in art.sentences
    ]
    if fts is FTS5:
        # SQLite: the sentences in one statement and their full-text rows in another (one statement per
        # sentence was a third of the ingest's SQL time); the same rows and rowids, in the same order.
        conn.executemany("INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute(
            "INSERT INTO sentences_fts(rowid, canon) SELECT rowid, canon FROM sentences WHERE article_id=? "
            "ORDER BY rowid",
            (art.id,),
        )
        return
    for row in rows:
        cur = conn.execute("INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?,?,?)", row)
        fts.add(conn, cur.lastrowid, row[4])


def extraction_json(extracted: dict[str, Extraction] | object) -> dict:
    return {n: {"kind": e.kind, "score": e.score, "aliases": dict(e.aliases)} for n, e in extracted.items()}


def extraction_table(raw: str) -> dict[str, Extraction]:
    return {n: Extraction(e["kind"], e["score"], e["aliases"]) for n, e in json.loads(raw).items()}


def _sentence(r: sqlite3.Row) -> Sentence:
    return Sentence(
        r["idx"],
        r["paragraph"],
        r["text"],
        r["canon"],
        r["speaker"] or "",
        bool(r["question"]),
        bool(r["heading"]),
        r["start"],
        r["end"],
    )


def load_articles(conn: sqlite3.Connection, where: str = "", params: tuple = ()) -> dict[str, Article]:
    """Stored articles (by id) with their sentences and extraction, as a worker returns them."""
    conn.row_factory = sqlite3.Row
    out: dict[str, Article] = {}
    try:
        rows = conn.execute(f"SELECT * FROM articles {where}", params).fetchall()
        sents: dict[str, list[Sentence]] = {}
        if rows and not where:
            q = conn.execute("SELECT * FROM sentences ORDER BY article_id, idx")
        else:
            q = (
                r
                for row in rows
                for r in conn.execute("SELECT * FROM sentences WHERE article_id=? ORDER BY idx", (row["id"],))
            )
        for r in q:
            sents.setdefault(r["article_id"], []).append(_sentence(r))
        for row in rows:
            out[row["id"]] = Article(
                id=row["id"],
                path=row["path"],
                sha=row["sha"],
                title=row["title"],
                date=row["date"],
                author=row["author"],
                outlet=row["outlet"],
                source_url=row["source_url"],
                encoding=row["encoding"],
                text=row["text"],
                notes=tuple(json.loads(row["notes"] or "[]")),
                sentences=tuple(sents.get(row["id"], [])),
                extracted=extraction_table(row["extracted"]),
            )
    finally:
        conn.row_factory = None
    return out


def cached_articles(path: Path) -> dict[str, Article]:
    """Previous articles by content hash, with their sentences and extraction, to skip unchanged files.
    Works on the current and the previous schema (both keep articles and sentences alike)."""
    if is_pg(path):
        from bot.store.pg.schema import connect

        conn = connect(path)
        try:
            return {a.sha: a for a in load_articles(conn).values()}
        finally:
            conn.close()
    if not path.is_file():
        return {}
    try:
        # immutable: looking must not create -wal/-shm files beside someone else's database
        conn = sqlite3.connect(sqlite_uri(path, immutable=True), uri=True)
    except sqlite3.DatabaseError:
        return {}
    try:
        return {a.sha: a for a in load_articles(conn).values()}
    except sqlite3.DatabaseError:
        return {}
    finally:
        conn.close()
