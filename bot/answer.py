"""Turn a Query into an Answer: one object that feeds the plain-text, HTML and JSON renderers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import corrections
from bot.index import Index
from bot.query import Query, Resolution, parse_line, resolve

FACTS_PER_PAGE = 6


@dataclass
class Answer:
    query: str
    command: str
    status: str  # found | ambiguous | mentioned | not_found | error | help | list
    lang: str = "zh-hans"
    entity: dict | None = None
    candidates: list[dict] = field(default_factory=list)
    profile: dict[str, list[dict]] = field(default_factory=dict)
    facts: list[dict] = field(default_factory=list)  # all ranked facts; renderers page them
    sources: list[dict] = field(default_factory=list)  # numbered in order of first use
    hits: list[dict] = field(default_factory=list)  # /search and /sources rows
    problem: str = ""
    arg: str = ""
    other_kind: dict | None = None
    page: int = 0
    names: dict[str, str] = field(default_factory=dict)  # simplified name -> traditional form (protection)
    examples: dict[str, str] = field(default_factory=dict)  # names from this index for help texts
    correction: dict = field(default_factory=dict)  # what a correction command did, or a card's change ids


def pick_lang(q: Query, lang: str | None, user_lang: str | None = None) -> str:
    if lang in ("zh-hans", "zh-hant", "en"):
        return lang
    if q.traditional:
        return "zh-hant"
    ul = (user_lang or "").lower()
    if ul in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-hant"
    if ul.startswith("en"):
        return "en"
    return "zh-hans"


def _entity_dict(index: Index, eid: int) -> dict:
    e = index.entities[eid]
    aliases = [a for a, t in e.aliases]
    if e.traditional and e.traditional != e.name and e.traditional not in aliases:
        aliases.insert(0, e.traditional)
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": aliases,
        "traditional": e.traditional,
        "alias_types": {a: t for a, t in e.aliases},
    }


def _candidate(index: Index, eid: int, score: float) -> dict:
    e = index.entities[eid]
    return {"id": e.id, "name": e.name, "kind": e.kind, "score": round(float(score), 1)}


def rank_facts(facts: list[dict]) -> list[dict]:
    """Strongest first, near-duplicates dropped, and variety: each repeat of a fact type costs a point."""
    pool = sorted(facts, key=lambda f: (-f["score"], f["id"]))
    out: list[dict] = []
    seen: list[str] = []
    used: dict[str, int] = {}
    while pool:
        best = max(pool, key=lambda f: f["score"] - 1.0 * used.get(f["type"], 0))
        pool.remove(best)
        key = re.sub(r"[\W_]+", "", best["canon"])
        if any(key in s or s in key for s in seen):
            continue
        seen.append(key)
        used[best["type"]] = used.get(best["type"], 0) + 1
        out.append(best)
    return out


def time_order(facts: list[dict]) -> list[dict]:
    dated = sorted((f for f in facts if f["date"]), key=lambda f: f["date"])
    return dated + [f for f in facts if not f["date"]]


def answer_line(
    index: Index,
    line: str,
    lang: str | None = None,
    user_lang: str | None = None,
    name_limit: int = 64,
    search_limit: int = 256,
    actor: corrections.Actor | None = None,
) -> Answer:
    ans = _answer(index, line, lang, user_lang, name_limit, search_limit, actor)
    if ans.status in ("help", "error"):
        ans.examples = index.examples()  # only help and usage texts need them (pypinyin stays unloaded)
    return ans


def _answer(
    index: Index,
    line: str,
    lang: str | None,
    user_lang: str | None,
    name_limit: int,
    search_limit: int,
    actor: corrections.Actor | None = None,
) -> Answer:
    q = parse_line(line, name_limit, search_limit)
    ans = Answer(query=line, command=q.command, status="help", lang=pick_lang(q, lang, user_lang), arg=q.arg)
    if q.command in corrections.COMMANDS:
        return corrections.command_answer(index, ans, q.command, q.arg, actor, name_limit)
    if q.problem:
        ans.status, ans.problem = "error", q.problem
        return ans
    if q.command in ("start", "help", "empty", "unknown"):
        if q.command == "start" and q.arg.isdigit() and int(q.arg) in index.entities:
            return entity_answer(index, ans, int(q.arg))
        ans.status = "help"
        ans.problem = "unknown_command" if q.command == "unknown" else ""
        return ans
    if q.command == "sources":
        ans.status, ans.hits = "list", index.articles()
        return ans
    if q.command == "search":
        return search_answer(index, ans, q.arg)
    if q.command == "more":
        parts = q.arg.split()
        if parts and parts[0].isdigit() and int(parts[0]) in index.entities:
            ans.page = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
            return entity_answer(index, ans, int(parts[0]))
        ans.status = "not_found"
        return ans
    if q.command == "reload":
        ans.status = "help"
        return ans
    if not q.arg:
        ans.status, ans.problem = "error", "empty"
        return ans
    res = resolve(index, q.arg, q.command)
    if res.status == "not_found" and res.other_kind is None and q.command in ("who", "company"):
        mentioned = mentioned_answer(index, ans, q.arg)
        if mentioned is not None:
            mentioned.candidates = [_candidate(index, e, s) for e, s in res.candidates]
            return mentioned
    return resolution_answer(index, ans, res)


def mentioned_answer(index: Index, ans: Answer, name: str) -> Answer | None:
    """No known entity, but the name stands as a word of its own in the articles: say so, with the
    sentences around it, cited (status `mentioned`, entity null)."""
    from bot.normalize import to_simplified

    word = re.sub(r"\s+", "", to_simplified(name)).lstrip("@")
    facts = index.occurrences(word)
    if not facts:
        return None
    ans.status = "mentioned"
    ans.entity = None
    ans.facts = facts
    return ans


def resolution_answer(index: Index, ans: Answer, res: Resolution) -> Answer:
    ans.candidates = [_candidate(index, e, s) for e, s in res.candidates]
    if res.other_kind is not None:
        ans.other_kind = _entity_dict(index, res.other_kind)
    if res.status == "found" and res.entity is not None:
        return entity_answer(index, ans, res.entity)
    ans.status = res.status
    return ans


def entity_answer(index: Index, ans: Answer, eid: int) -> Answer:
    ans.status = "found"
    ans.entity = _entity_dict(index, eid)
    prof = index.profile(eid)
    facts = index.facts_for(eid)
    if index.entities[eid].kind == "person":
        # What a person founded speaks for them: its products and listing belong on their card.
        own = {f["id"] for f in facts}
        for value, _ in prof.get("founded", [])[:2]:
            org = next(
                (e for e in index.entities.values() if value.startswith(e.name) and e.kind != "person"), None
            )
            if org is None:
                continue
            for f in index.facts_for(org.id, 40):
                if (
                    f["type"] in ("product", "listing")
                    and f["id"] not in own
                    and len(f["canon"]) <= 120
                    and not index.people_in_fact(f["id"]) - {eid}
                ):  # never about someone else
                    f["score"] -= 1.0
                    facts.append(f)
    facts = rank_facts(facts)
    ans.facts = facts
    if index.entities[eid].kind == "person" and prof.get("founded"):
        enriched = []
        for value, src in prof["founded"]:
            org = next(
                (e for e in index.entities.values() if value.startswith(e.name) and e.kind != "person"), None
            )
            extra = []
            if org is not None:
                op = index.profile(org.id)
                extra += [v for v, _ in op.get("products", [])[:3]] + [
                    v for v, _ in op.get("listing", [])[:1]
                ]
            enriched.append((value + (f"：{'、'.join(extra)}" if extra else ""), src))
        prof["founded"] = enriched
    ans.profile = {}
    for field_, values in prof.items():
        if field_ == "related":
            linked = _linked(index, eid, prof)
            rel = []
            for v, src in values:
                other = int(v) if v.isdigit() else -1
                if other in index.entities and other != eid and (other in linked or len(src) >= 2):
                    rel.append(
                        {
                            "value": index.entities[other].name,
                            "id": other,
                            "kind": index.entities[other].kind,
                            "sources": src,
                            "weight": len(src) + (10 if other in linked else 0),
                        }
                    )
            rel.sort(key=lambda r: -r["weight"])
            ans.profile["related"] = rel[:8]
            continue
        ans.profile[field_] = [{"value": v, "sources": src} for v, src in _distinct(field_, values)]
    ans.names = {e.name: (e.traditional or e.name) for e in index.entities.values() if len(e.name) >= 2}
    return corrections.apply_to_answer(index, ans)


_FIELDS_LINKING = ("founded", "roles", "founders", "leaders", "parent", "brands")


def _linked(index: Index, eid: int, prof: dict[str, list[tuple[str, list[int]]]]) -> set[int]:
    """Entities tied by a profile field (founded, leads, founders, parent, brands) and co-founders.

    Only these, and entities sharing two facts or more, are offered as related: one run-on sentence
    naming two people does not relate them.
    """
    by_name = {e.name: e.id for e in index.entities.values()}
    out: set[int] = set()
    for field_ in _FIELDS_LINKING:
        for value, _ in prof.get(field_, []):
            head = re.split(r"[（(：]", value, maxsplit=1)[0].split(" ")[0]
            if head in by_name:
                out.add(by_name[head])
    for org in list(out):
        if index.entities[org].kind != "person":
            for value, _ in index.profile(org).get("founders", []):
                if value in by_name:
                    out.add(by_name[value])
    out |= index.profiles_naming(index.entities[eid].name, _FIELDS_LINKING)
    out.discard(eid)
    return out


def _distinct(field_: str, values: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    """One value per thing: 嘉楠科技 CEO goes when 嘉楠科技 董事长兼CEO is there; one founding per organisation."""
    out: list[tuple[str, list[int]]] = []
    for v, src in values:
        if field_ == "roles":
            org, _, role = v.rpartition(" ")
            if any(
                o.rpartition(" ")[0] == org and role in o.rpartition(" ")[2] and o != v for o, _ in values
            ):
                continue
        if field_ in ("founded", "leaders"):
            head = re.split(r"[（(]", v, maxsplit=1)[0]
            if any(re.split(r"[（(]", o, maxsplit=1)[0] == head for o, _ in out):
                continue
        out.append((v, src))
    return out


def search_answer(index: Index, ans: Answer, text: str) -> Answer:
    from bot.normalize import to_simplified

    if not text.strip():
        ans.status, ans.problem = "error", "empty"
        return ans
    terms = _search_terms(to_simplified(text))
    hits = index.search_facts(terms)
    ans.hits = []
    for eid, fact in hits[:20]:
        e = index.entities.get(eid)
        # a sentence in no fact has no entity (corrections read h["entity"]["id"], so keep the dict)
        entity = {"id": eid, "name": e.name, "kind": e.kind} if e else {"id": None, "name": "", "kind": ""}
        ans.hits.append({"entity": entity, **fact})
    corrections.apply_to_answer(index, ans)
    ans.status = "list" if ans.hits else "not_found"
    return ans


def _search_terms(text: str) -> list[str]:
    from bot.segment import Segmenter

    global _SEARCH_SEG
    if _SEARCH_SEG is None:
        _SEARCH_SEG = Segmenter()
    words = [w for w in _SEARCH_SEG.cut(text) if len(w) >= 2 or re.fullmatch(r"[A-Za-z0-9]+", w)]
    # The whole query first (阿瓦隆 is one name even where the segmenter cuts it), then its words.
    whole = [text.strip()] if " " not in text.strip() and len(text.strip()) <= 20 else []
    return list(dict.fromkeys(whole + words or [text.strip()]))[:8]


_SEARCH_SEG = None
