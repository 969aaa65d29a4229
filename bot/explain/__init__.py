"""`why NAME [FIELD]`: the evidence for and against a name being an entity, or for one profile value.

`explain(index, name, field, article)` returns one object (what `why --json` prints):

    {"query": "陈书耕", "field": null | "roles",
     "status": "entity" | "ambiguous" | "no_entity" | "unknown" | "bad_field",
     "message": "<one line, set when there is nothing more to say>",
     "entity": {"id", "name", "kind", "aliases": [{"alias", "type", "from": ["<article>: <how>", ...]}]} | null,
     "candidates": [{"id", "name", "kind", "score"}],          # how the name resolved (as /who, /company)
     "resolved_by": "exact" | "pinyin" | "contains" | "fuzzy" | "sound" | "",
     "articles": [{"article", "title", "matches_index": bool,  # the re-run found what the index stored
                   "names": [{"name", "asked", "count", "ner": {"PER": n, ...},
                              "evidence": [{"signal", "kind", "weight", "accepted",
                                            "refused_by", "reason", "sentence", "cue"}],
                              "people": {"mentions", "before", "after", "ner", "verdict"} | null,
                              "changes": [{"by", "what", "detail"}],   # added, kind, alias, removed, renamed
                              "decision": {"status": "kept" | "alias" | "folded" | "dropped" |
                                           "refused" | "absent", ...}}]}],
     "skipped_articles": ["<id>", ...],                        # containing the name, not re-run (limit)
     "profile": {"field", "values": [{"value", "entity", "parts", "stored", "reproduced",
                                      "rules": [{"rule", "helper", "article", "sentence", "text"}],
                                      "folded": [...]}],
                 "silent": [{"article", "sentence", "text", "type", "note"}],
                 "refusals": "not recorded"} | null}

With FIELD, the extraction part is left out (and the other way round).
"""

from __future__ import annotations

from bot.explain.extraction import name_report, rerun
from bot.explain.profile import field_name, trace_profile
from bot.messages import t
from bot.normalize import to_simplified
from bot.query import resolve
from bot.store.articles import cached_articles
from bot.vocab import PERSON_FIELDS, fields_for

__all__ = ["MAX_ARTICLES", "explain", "field_name"]

OPERATOR = "en"  # the CLI's operator output is English (bot.cli)
MAX_ARTICLES = 8  # articles re-run by default (each runs the NER model again); --article picks one


def explain(index, name: str, field: str | None = None, article: str | None = None) -> dict:
    out: dict = {"query": name, "field": field, "status": "", "message": "", "entity": None, "candidates": []}
    out.update(articles=[], skipped_articles=[], profile=None)
    want = field_name(field) if field else ""
    if field and not want:
        fields = ", ".join(dict.fromkeys([*PERSON_FIELDS, *fields_for("company")]))
        return {
            **out,
            "status": "bad_field",
            "message": t("why.bad_field", OPERATOR, field=field, fields=fields),
        }
    out["field"] = want or None
    res = resolve(index, name)
    eid = (
        res.entity if res.status == "found" else (res.candidates[0][0] if res.status == "ambiguous" else None)
    )
    out["candidates"] = [_candidate(index, e, s) for e, s in res.candidates[:5]]
    out["resolved_by"] = res.tier  # exact, pinyin, contains, fuzzy, sound (as /who and /company)
    all_articles = {a.id: a for a in cached_articles(index.path).values()}
    forms = _forms(index, eid, name)
    hits = _articles_with(all_articles, forms, article)
    if eid is not None:
        out["entity"] = _entity(index, eid, all_articles)
        out["status"] = "entity" if res.status == "found" else "ambiguous"
    else:
        out["status"] = "no_entity" if hits else "unknown"
    if want:
        if eid is None:
            return {**out, "message": t("why.no_entity_field", OPERATOR, name=name, field=want)}
        out["profile"] = trace_profile(index, eid, _mentioning(all_articles, forms), want, article)
        return out
    if not hits:
        if article:
            return {**out, "message": t("why.not_in_article", OPERATOR, name=name, article=article)}
        key = "why.unknown" if eid is None else "why.not_in_articles"
        return {**out, "message": t(key, OPERATOR, name=name, id=eid)}
    ranked = sorted(hits, key=lambda a: (-_count(a, forms), a.id))
    for art in ranked[:MAX_ARTICLES]:
        ctx, found = rerun(art.text)
        names = name_report(ctx, found, forms, _primary(index, eid, name))
        out["articles"].append(
            {
                "article": art.id,
                "title": art.title,
                "matches_index": _same(found, art.extracted),
                "names": names,
            }
        )
    out["skipped_articles"] = [a.id for a in ranked[MAX_ARTICLES:]]
    return out


def _candidate(index, eid: int, score: float) -> dict:
    e = index.entities[eid]
    return {"id": eid, "name": e.name, "kind": e.kind, "score": round(float(score), 1)}


def _forms(index, eid: int | None, name: str) -> set[str]:
    """The names to look for: the one asked, and the entity's name and aliases (Simplified)."""
    forms = {to_simplified(name.strip())}
    if eid is not None:
        e = index.entities[eid]
        forms |= {to_simplified(n) for n in [e.name, *(a for a, _ in e.aliases)]}
    return {f for f in forms if len(f) >= 2}


def _primary(index, eid: int | None, name: str) -> set[str]:
    """The forms whose longer and shorter neighbours are worth showing: the name asked, the entity's."""
    out = {to_simplified(name.strip())}
    if eid is not None:
        out.add(to_simplified(index.entities[eid].name))
    return out


def _count(art, forms: set[str]) -> int:
    return sum(s.canon.count(f) for s in art.sentences for f in forms)


def _articles_with(articles: dict, forms: set[str], only: str | None) -> list:
    chosen = [a for aid, a in articles.items() if not only or aid == only or aid.startswith(only)]
    return [a for a in chosen if _count(a, forms)]


def _mentioning(articles: dict, forms: set[str]) -> dict:
    return {aid: a for aid, a in articles.items() if _count(a, forms)}


def _same(found: dict, stored) -> bool:
    return {n: f.kind for n, f in found.items()} == {n: e.kind for n, e in stored.items()}


def _entity(index, eid: int, articles: dict) -> dict:
    """The merged entity, each alias with the articles whose extraction gave it (as a name or an alias)."""
    e = index.entities[eid]
    rows = [(e.name, "name"), *e.aliases]
    aliases = []
    for alias, typ in rows:
        simp = to_simplified(alias)
        came = []
        for aid in sorted(articles):
            ext = articles[aid].extracted
            if simp in ext or alias in ext:
                came.append(f"{aid}: found as a {ext.get(simp, ext.get(alias)).kind}")
            for n, x in ext.items():
                t = x.aliases.get(alias) or x.aliases.get(simp)
                if t:
                    came.append(f"{aid}: {t} alias of {n}")
        aliases.append({"alias": alias, "type": typ, "from": came})
    return {"id": eid, "name": e.name, "kind": e.kind, "aliases": aliases}
