"""Background statements inside an interviewer's turn (我看资料青芯是2006年成立的，…).

Questions are never facts, but a turn often states what the interviewer read before asking. Such a
declarative clause may give an organisation's founding date, and nothing else: the profile builder reads
these sentences only with its organisation-founded rule, and only for entities the same article has
facts about (so a full build and an increment see the same sentences).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.facts import Fact
from bot.relations import grammar as g
from bot.relations.grammar import QUESTION_TYPE
from bot.vocab import REF_NAMED

if TYPE_CHECKING:
    import sqlite3

_ASKS = g.ASKS
_FOUNDING = g.FOUNDING_STATEMENT


def declarative(canon: str) -> bool:
    """A statement, not a question: nothing in it asks."""
    return not _ASKS.search(canon)


def statements_in_questions(
    conn: sqlite3.Connection, entities: dict[int, dict], facts: list[Fact]
) -> list[Fact]:
    """The declarative founding statements of question turns in the articles of `facts`, each tagged with
    the entities (of `entities`) it names that have a fact in the same article."""
    by_article: dict[str, set[int]] = {}
    for f in facts:
        by_article.setdefault(f.article, set()).update(e for e in f.entities if e in entities)
    if not by_article:
        return []
    names = {eid: [e["name"], *e.get("aliases_simplified", [])] for eid, e in entities.items()}
    out: list[Fact] = []
    ids = sorted(by_article)
    for k in range(0, len(ids), 500):
        part = ids[k : k + 500]
        rows = conn.execute(
            f"SELECT article_id, idx, text, canon FROM sentences WHERE question = 1 AND article_id IN "
            f"({','.join('?' * len(part))}) ORDER BY article_id, idx",
            part,
        ).fetchall()
        for aid, idx, text, canon in rows:
            if not _FOUNDING.search(canon) or not declarative(canon):
                continue
            f = Fact(aid, idx, text, canon, QUESTION_TYPE, None, "")
            for eid in sorted(by_article[aid]):
                if any(n and len(n) >= 2 and n in canon for n in names[eid]):
                    f.entities[eid] = REF_NAMED
            if f.entities:
                out.append(f)
    return out
