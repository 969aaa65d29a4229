"""Running the profile builder on one sentence or on one article's sentences, for the relation tests."""

from __future__ import annotations

from bot.facts import Fact, fact_date, fact_type
from bot.relations.profile import ProfileBuilder
from bot.segment import Sentence
from bot.vocab import REF_NAMED, REF_PRONOUN

KINDS = {"p": "person", "c": "company", "b": "brand", "u": "university", "pr": "product"}


def profile(
    sentence: str, entities: dict[str, str], ctx_year: int | None = None, corpus: str = "", refs=None
):
    """Run the profile builder on one sentence; returns {name: {(field, value), ...}} and the records."""
    ents = {
        i: {"name": n, "kind": KINDS[k], "aliases": {}, "aliases_simplified": []}
        for i, (n, k) in enumerate(entities.items(), 1)
    }
    s = Sentence(
        index=0, paragraph=0, text=sentence, canon=sentence, speaker="", question=False, heading=False
    )
    year, date = fact_date(sentence, ctx_year)
    f = Fact("a", 0, sentence, sentence, fact_type(s), year, date)
    for i, e in ents.items():
        if e["name"] in sentence:
            f.entities[i] = REF_NAMED
    for name in refs or []:
        f.entities[next(i for i, e in ents.items() if e["name"] == name)] = REF_PRONOUN
    facts = [f]
    if corpus:
        facts.append(Fact("b", 0, corpus, corpus, "event", None, ""))
    out = ProfileBuilder(ents, facts).build()
    flat = {ents[i]["name"]: {(v.field, v.text) for v in vs} for i, vs in out.items()}
    recs = {ents[i]["name"]: vs for i, vs in out.items()}
    return flat, recs


def has(flat, name, field, text):
    return (field, text) in flat.get(name, set())


def fields(flat, name, field):
    return {t for f, t in flat.get(name, set()) if f == field}


def article_profile(sentences: list[str], entities: dict[str, str], refs: dict[int, list[str]] | None = None):
    """Several sentences of one article (a bare 公司 may stand for the article's organisation)."""
    ents = {
        i: {"name": n, "kind": KINDS[k], "aliases": {}, "aliases_simplified": []}
        for i, (n, k) in enumerate(entities.items(), 1)
    }
    facts = []
    for j, text in enumerate(sentences):
        s = Sentence(index=j, paragraph=0, text=text, canon=text, speaker="", question=False, heading=False)
        year, date = fact_date(text, 2021)
        f = Fact("a", j, text, text, fact_type(s), year, date)
        for i, e in ents.items():
            if e["name"] in text:
                f.entities[i] = REF_NAMED
        for name in (refs or {}).get(j, []):
            f.entities[next(i for i, e in ents.items() if e["name"] == name)] = REF_PRONOUN
        facts.append(f)
    out = ProfileBuilder(ents, facts).build()
    return {ents[i]["name"]: {(v.field, v.text) for v in vs} for i, vs in out.items()}
