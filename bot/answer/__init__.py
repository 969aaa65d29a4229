"""Turn a Query into an Answer: one object that feeds the plain-text, HTML and JSON renderers."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from bot.answer import questions
from bot.answer.facts import FACTS_PER_PAGE, not_a_fact, only_listed, rank_facts, said_together, time_order
from bot.corrections import apply as corrections
from bot.corrections import text as correction_text
from bot.corrections.commands import execute
from bot.corrections.model import COMMANDS as CORRECTION_COMMANDS
from bot.corrections.model import HISTORY, Actor, CorrectionError, Request
from bot.corrections.parser import parse
from bot.facts import informativeness
from bot.normalize import to_simplified
from bot.query import Query, Resolution, parse_line, resolve
from bot.relations.values import clean_name
from bot.store.index import Index
from bot.vocab import fields_for

__all__ = [
    "FACTS_PER_PAGE",
    "Answer",
    "deep_link",
    "entity_view",
    "link_target",
    "not_a_fact",
    "only_listed",
    "rank_facts",
    "time_order",
    "view_answer",
]


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
    timeline: list = field(default_factory=list)  # /timeline: bot.timeline.Event, in time order
    graph: object = None  # /graph: the picture's nodes and edges (bot.graph.Graph)
    image: str = ""  # /graph: the PNG's path, set by the surface that drew it
    question: dict = field(default_factory=dict)  # a plain-word question: what was asked, answer or fallback


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


BARE_SUGGESTION = 70  # plain text this close to a name gets "你是不是要找…"; further, the short help
_LINK = re.compile(r"([0-9]{1,9})(?:_([0-9a-z]{1,8}))?")


def deep_link(index: Index, eid: int) -> str:
    """The /start payload that opens this entity's card: `<id>_<check>` (`Index.id_check`)."""
    return f"{eid}_{index.id_check(entity=eid)}"


def link_target(index: Index, payload: str) -> int | None:
    """The entity a /start payload opens, or None when it is stale (gone, another entity now, or a link
    made before links carried a check)."""
    m = _LINK.fullmatch(payload)
    if not m or not m.group(2):
        return None
    eid = int(m.group(1))
    if eid not in index.entities or index.id_check(entity=eid) != m.group(2):
        return None
    return eid


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


def answer_line(
    index: Index,
    line: str,
    lang: str | None = None,
    user_lang: str | None = None,
    name_limit: int = 64,
    search_limit: int = 256,
    actor: Actor | None = None,
) -> Answer:
    corrections.state(index)  # the team's corrections on the names before anything is looked up
    ans = _answer(index, line, lang, user_lang, name_limit, search_limit, actor)
    if ans.status in ("help", "error") or ans.problem == "short_help":
        ans.examples = index.examples()  # only help and usage texts need them (pypinyin stays unloaded)
    return ans


def _answer(
    index: Index,
    line: str,
    lang: str | None,
    user_lang: str | None,
    name_limit: int,
    search_limit: int,
    actor: Actor | None = None,
) -> Answer:
    q = parse_line(line, name_limit, search_limit)
    ans = Answer(query=line, command=q.command, status="help", lang=pick_lang(q, lang, user_lang), arg=q.arg)
    if q.command in CORRECTION_COMMANDS:
        return command_answer(index, ans, q.command, q.arg, actor, name_limit)
    if q.command == "ask" or (q.bare and not q.problem and questions.looks_like_question(index, q.arg)):
        return _question(index, ans, q.arg, asked_lang=lang in ("zh-hans", "zh-hant", "en"))
    if q.problem:
        ans.status, ans.problem = "error", q.problem
        return ans
    if q.command in ("start", "help", "empty", "unknown"):
        if q.command == "start" and _LINK.fullmatch(q.arg):
            eid = link_target(index, q.arg)
            if eid is None:  # an entity that is gone, or is now another one: never another card
                ans.status, ans.problem = "error", "stale"
                return ans
            return entity_answer(index, ans, eid)
        ans.status = "help"
        ans.problem = (q.problem or "unknown_command") if q.command == "unknown" else ""
        return ans
    if q.command == "sources" and q.arg:
        # /sources NAME: the articles behind that card (the 来源 button's list).
        return _named_card(index, ans, q.arg)
    if q.command == "sources":
        ans.status, ans.hits = "list", index.articles()
        return ans
    if q.command == "search":
        return search_answer(index, ans, q.arg)
    if q.command == "more":
        # /more NAME [PAGE]: the card's facts from page PAGE as the card numbers them (default 2).
        name, _, page = q.arg.rpartition(" ")
        if not (page.isdigit() and name.strip()):
            name, page = q.arg, "2"
        ans.page = max(0, int(page) - 1)
        return _named_card(index, ans, name.strip())
    if q.command in ("timeline", "graph"):
        return view_answer(index, ans, q.arg, name_limit)
    if q.command == "reload":
        ans.status = "help"
        return ans
    if not q.arg:
        ans.status, ans.problem = "error", "empty"
        return ans
    # A bare name answers whatever it names, person or company.
    res = resolve(index, q.arg, None if q.bare else q.command)
    if res.status == "not_found" and res.other_kind is not None and res.other_tier in ("exact", "pinyin"):
        # /who on a company (or /company on a person): its card, with a one-line note.
        ans.problem, ans.other_kind = "other_kind", _entity_dict(index, res.other_kind)
        return entity_answer(index, ans, res.other_kind)
    if res.status == "not_found" and q.command in ("who", "company"):
        mentioned = mentioned_answer(index, ans, q.arg)
        if mentioned is not None:
            mentioned.candidates = [_candidate(index, e, s) for e, s in res.candidates]
            return mentioned
        if q.bare and not any(s >= BARE_SUGGESTION for _, s in res.candidates):
            # Plain text that is no name (hello): the short help, not "没有找到“hello”".
            ans.status, ans.problem = "not_found", "short_help"
            return ans
    return resolution_answer(index, ans, res)


def _question(index: Index, ans: Answer, text: str, asked_lang: bool = False) -> Answer:
    """A question in plain words (bot/answer/questions.py): its answer, or the card, search or not-found
    answer it falls back to. Unless a language was asked for (`--lang`), it answers in the question's."""
    ans.command = "ask"
    return questions.answer(
        index,
        ans,
        text,
        keep_lang=asked_lang,
        card=entity_answer,
        entity=_entity_dict,
        search=search_answer,
        mentioned=mentioned_answer,
        resolution=resolution_answer,
    )


def _named_card(index: Index, ans: Answer, name: str) -> Answer:
    """The card NAME names, of any kind (for /more and /sources NAME), or what resolving it says."""
    ans.arg = name
    if not name:
        ans.status, ans.problem = "error", "empty"
        return ans
    return resolution_answer(index, ans, resolve(index, name, None))


def mentioned_answer(index: Index, ans: Answer, name: str) -> Answer | None:
    """No known entity, but the name stands as a word of its own in the articles: say so, with the
    sentences around it, cited (status `mentioned`, entity null)."""

    # Spaces next to Chinese are stray; between Latin words they belong to the name (Ryan Hudson).
    word = re.sub(r"\s+", " ", to_simplified(name)).strip().lstrip("@")
    word = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", word)
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


def _founded_facts(index: Index, eid: int, prof: dict[str, list[dict]], facts: list[dict]) -> None:
    """What a person founded speaks for them: its products and listing belong on their card (added to
    `facts`)."""
    own = {f["id"] for f in facts}
    for rec in prof.get("founded", [])[:2]:
        org = rec["entity"]
        if org not in index.entities:
            continue
        # The company's strongest product and listing facts, one each, never about someone else.
        taken: set[str] = set()
        for f in index.facts_for(org, 200):
            if (
                f["type"] in ("product", "listing")
                and f["type"] not in taken
                and f["id"] not in own
                and len(f["canon"]) <= 120
                and (f["year"] or informativeness(f["canon"]) > 0)  # concrete, not 青禾未来的“厨电新品”…
                and not index.people_in_fact(f["id"]) - {eid}
                and not _other_orgs_in_fact(index, f["id"], org)  # 星途与远帆…恒岳: not its own
            ):
                taken.add(f["type"])
                facts.append(f)
                own.add(f["id"])


def entity_answer(index: Index, ans: Answer, eid: int) -> Answer:
    corrections.state(index)
    ans.status = "found"
    ans.entity = _entity_dict(index, eid)
    kind = index.entities[eid].kind
    prof = index.profile(eid)
    facts = index.facts_for(eid)
    if kind == "person":
        _founded_facts(index, eid, prof, facts)
    ans.facts = rank_facts(facts, ans.entity)
    # Aliases as the corpus writes them: a spun word restored (北京恒岳启明信息技术有限公司).
    restored = {r["parts"].get("written"): r["value"] for r in prof.get("aliases", [])}
    shown = list(dict.fromkeys(restored.get(a, a) for a in ans.entity["aliases"]))
    ans.entity["aliases"] = shown
    ans.profile = _card_profile(index, eid, kind, prof, shown)
    # Names to keep whole in a Traditional card: those this card shows (the full table is cached).
    blob = "\n".join(
        [ans.entity["name"], *ans.entity["aliases"]]
        + [str(v.get("value", "")) for vs in ans.profile.values() for v in vs]
        + [f["canon"] for f in ans.facts[: (ans.page + 1) * FACTS_PER_PAGE]]
    )
    if ans.lang == "zh-hant":  # only a Traditional card converts (and loads OpenCC's s2t tables)
        ans.names = _names_in(index, blob)
    corrected = corrections.card(index, eid, ans.facts, ans.profile, ans.names, rank_facts)
    if corrected is not None:
        ans.facts, ans.profile, changes = corrected
        ans.correction = {"changes": changes}
    return ans


def _card_profile(
    index: Index, eid: int, kind: str, prof: dict[str, list[dict]], aliases: list[str]
) -> dict[str, list[dict]]:
    out = {"aliases": [{"value": a, "sources": [], "facts": [], "entity": None} for a in aliases]}
    for field_ in fields_for(kind):
        if field_ == "aliases":
            continue
        recs = prof.get(field_, [])
        if field_ == "related":
            recs = _related(index, eid, prof)
        items = [_item(index, r) for r in recs]
        if field_ == "related":
            for it in items:
                it["id"] = it["entity"]  # the buttons' callback data
        if items:
            out[field_] = items
    return out


def _item(index: Index, rec: dict) -> dict:
    """A profile record as the card and JSON see it: display text, linked entity, typed parts, sources."""
    return {
        **{k: v for k, v in rec["parts"].items() if k not in ("value", "sources", "entity", "facts")},
        "value": rec["value"],
        "entity": rec["entity"],
        "facts": rec["sources"],
        "sources": index.article_refs(rec.get("articles", [])),
    }


_FIELDS_LINKING = ("founded", "roles", "founders", "leaders", "parent", "brands", "education")


def _shown_elsewhere(prof: dict[str, list[dict]]) -> set[int]:
    """Entities another profile line of the card already shows: 相关 does not list them again."""
    return {
        r["entity"]
        for f, recs in prof.items()
        if f not in ("related", "aliases")
        for r in recs
        if r["entity"]
    }


def _related(index: Index, eid: int, prof: dict[str, list[dict]]) -> list[dict]:
    """Entities tied by a profile relation (founded, leads, founders, parent, brands), co-founders, and
    entities sharing two facts or more: one run-on sentence naming two people does not relate them."""
    linked: set[int] = {r["entity"] for f in _FIELDS_LINKING for r in prof.get(f, []) if r["entity"]}
    for org in list(linked):
        if org in index.entities and index.entities[org].kind != "person":
            linked |= {r["entity"] for r in index.profile(org).get("founders", []) if r["entity"]}
    linked |= index.profiles_naming(eid, _FIELDS_LINKING)
    linked.discard(eid)
    shown = _shown_elsewhere(prof)
    rel = []
    for r in prof.get("related", []):
        other = r["entity"]
        if other in shown:
            continue
        if other in index.entities and other != eid and (other in linked or len(r["sources"]) >= 2):
            # Without a relation, two sentences that name both (not in a list) make them related.
            if (
                other not in linked
                and sum(said_together(index, f, eid, other) for f in r["sources"][:12]) < 2
            ):
                continue
            if not clean_name(index.entities[other].name) or index.entities[other].kind == "exchange":
                continue
            weight = len(r["sources"]) + (10 if other in linked else 0)
            rel.append((weight, {**r, "parts": {**r["parts"], "kind": index.entities[other].kind}}))
    rel.sort(key=lambda x: -x[0])
    # One thing written two ways (明远书院 / 明远学院, 启航 / 启航教育) is not related to itself, is listed
    # once (its best supported form) on a third card, and not at all when another line shows it.
    me = index.entities[eid]
    cores = {_name_core(n) for n in [me.name, *(a for a, _t in me.aliases)]}
    # (nor is the other form of an entity another line shows: 创立 明远书院 and 相关 明远学院)
    cores |= {_name_core(index.entities[o].name) for o in shown if o in index.entities}
    own = {to_simplified(n) for n in [me.name, *(a for a, _t in me.aliases)] if len(n) >= 2}
    out: list[dict] = []
    for _, r in rel:
        name = to_simplified(index.entities[r["entity"]].name)
        core = _name_core(name)
        if core in cores or _made_from(name, own):
            continue
        cores.add(core)
        out.append(r)
    return out[:8]


def _made_from(name: str, own: set[str]) -> bool:
    """丰年日 on 丰年's card: the card's own name and one more character is a word made from it (a day, a
    fan, a unit), not another thing to relate."""
    return any(len(name) == len(n) + 1 and name.startswith(n) for n in own)


def _name_core(name: str) -> str:
    """A name without the class words that end it (明远书院 -> 明远, 启航教育 -> 启航), simplified; never
    shorter than two characters."""
    from bot import lexicon as lx
    from bot.relations import cues

    endings = sorted(
        {*lx.ORG_SUFFIXES, *lx.UNIVERSITY_SUFFIXES, *cues.words("name_class_endings")}, key=len, reverse=True
    )
    core = to_simplified(name)
    cut = True
    while cut:
        cut = False
        for e in endings:
            if core.endswith(e) and len(core) - len(e) >= 2:
                core, cut = core[: -len(e)], True
                break
    return core


# ---- the card's other views: 大事记 (bot.timeline) and 关系图 (bot.graph) ------------------------------
_QUOTES = "\"'“”‘’「」『』《》"


def view_answer(index: Index, ans: Answer, arg: str, name_limit: int = 64) -> Answer:
    """/timeline NAME [PAGE] and /graph NAME: the card of NAME (any kind) with its timeline or graph."""
    name, page = arg.strip(), 0
    head, _, tail = name.rpartition(" ")
    if ans.command == "timeline" and tail.isdigit() and len(tail) <= 3 and head.strip():
        name, page = head.strip(), max(0, int(tail) - 1)  # a page as the card's /more takes it
    name = name.lstrip("@＠").strip().strip(_QUOTES).strip()
    ans.arg = name
    if not name:
        ans.status, ans.problem = "error", "empty"
        return ans
    if len(name) > name_limit:
        ans.status, ans.problem = "error", "too_long"
        return ans
    return _with_view(index, resolution_answer(index, ans, resolve(index, name, None)), page)


def entity_view(index: Index, ans: Answer, eid: int, page: int = 0) -> Answer:
    """The timeline or graph (by `ans.command`) of one entity, for a button that names it by id."""
    return _with_view(index, entity_answer(index, ans, eid), page)


def _with_view(index: Index, ans: Answer, page: int) -> Answer:
    if ans.status != "found" or ans.entity is None:
        return ans
    if ans.command == "timeline":
        from bot.timeline import timeline

        ans.timeline, ans.page = timeline(index, ans), page
        shown = " ".join(e.label + e.canon + e.org for e in ans.timeline)
    else:
        from bot.graph import build

        ans.graph = build(index, ans)
        shown = " ".join(n.label for n in ans.graph.nodes.values())
    if ans.lang == "zh-hant":  # the names these lines show stay as their articles write them
        ans.names.update(_names_in(index, shown))
    return ans


def _protected_names(index: Index) -> dict[str, str]:
    """Simplified name -> the Traditional form a Traditional card shows, whole (余志凯 stays 余志凯, not 餘志凱)."""
    cached = _PROTECTED.get(index)
    if cached is not None and cached[0] is index.entities:
        return cached[1]
    out = _protected_table(index.entities.values())
    _PROTECTED[index] = (index.entities, out)
    return out


def _protected_table(entities) -> dict[str, str]:
    from bot.normalize import to_traditional

    out = {}
    for e in entities:
        if e is None or len(e.name) < 2:
            continue
        trad = e.traditional or e.name
        if e.kind == "person" and trad == to_traditional(e.name):
            trad = person_traditional(e.name)
        out[e.name] = trad
        for alias, _t in e.aliases:
            if len(alias) >= 2 and alias not in out:
                out[alias] = person_traditional(alias) if e.kind == "person" else to_traditional(alias)
    return out


def _names_in(index: Index, blob: str) -> dict[str, str]:
    """The protected names written in `blob`, in the table's order: each name is looked up from its first
    two characters at each position of the card's text, instead of testing every name of the index
    against it (9 ms a card at 20,000 entities)."""
    if getattr(index, "names_mode", "memory") == "store":
        # Names read from the file (a very large index): the table over only the entities having a name
        # written here, in id order as the whole table is (a pass over every name: seconds, hundreds of MB).
        ids = sorted(index.entities_named_in(blob))
        index.prefetch(ids)
        return {n: t for n, t in _protected_table(index.entities.get(e) for e in ids).items() if n in blob}
    names = _protected_names(index)
    cached = _LEADS.get(index)
    if cached is None or cached[0] is not names:
        leads: dict[str, list[str]] = {}
        for n in names:
            leads.setdefault(n[:2], []).append(n)
        cached = _LEADS[index] = (names, leads, {n: i for i, n in enumerate(names)})
    _, leads, rank = cached
    found = {n for i in range(len(blob) - 1) for n in leads.get(blob[i : i + 2], ()) if blob.startswith(n, i)}
    return {n: names[n] for n in sorted(found, key=rank.__getitem__)}


# Per loaded index (and its name tables): the protected names, built once.
_PROTECTED: weakref.WeakKeyDictionary[Index, tuple[object, dict[str, str]]] = weakref.WeakKeyDictionary()
# and, per table of protected names, the names by their first two characters and their order in it
_LEADS: weakref.WeakKeyDictionary[Index, tuple[dict, dict[str, list[str]], dict[str, int]]] = (
    weakref.WeakKeyDictionary()
)


def person_traditional(name: str) -> str:
    """A person's name in Traditional script when no article writes it so: OpenCC on the whole name, with
    the surname kept where OpenCC reads it as a word (余 is a surname, not 餘)."""
    from bot.normalize import to_traditional
    from bot.relations import cues

    keep = cues.words("surnames_kept")
    conv = to_traditional(name)
    return name[0] + conv[1:] if name[:1] in keep and len(conv) == len(name) else conv


def search_answer(index: Index, ans: Answer, text: str) -> Answer:

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
    ans.hits = corrections.hits(index, ans.hits)
    ans.status = "list" if ans.hits else "not_found"
    return ans


def _search_terms(text: str) -> list[str]:
    from bot.segment import segmenter

    words = [w for w in segmenter().cut(text) if len(w) >= 2 or re.fullmatch(r"[A-Za-z0-9]+", w)]
    # The whole query first (卡洛伦 is one name even where the segmenter cuts it), then its words.
    whole = [text.strip()] if " " not in text.strip() and len(text.strip()) <= 20 else []
    return list(dict.fromkeys(whole + words or [text.strip()]))[:8]


def _other_orgs_in_fact(index: Index, fid: int, org: int) -> bool:
    return any(
        e != org and e in index.entities and index.entities[e].kind != "person"
        for e in index.entities_in_fact(fid)
    )


# ---- correction commands ------------------------------------------------------------------------------
def command_answer(
    index: Index, ans: Answer, command: str, arg: str, actor: Actor | None, limit: int
) -> Answer:
    """`/alias`, `/fix`, … as an Answer: `correction` says what happened, `status` how it went."""
    try:
        req = parse(command, arg, limit)
    except CorrectionError as exc:
        return error_answer(index, ans, command, exc)
    return request_answer(index, ans, req, actor)


def request_answer(index: Index, ans: Answer, req: Request, actor: Actor | None) -> Answer:
    try:
        result = execute(index, req, actor, resolve)
    except CorrectionError as exc:
        return error_answer(index, ans, req.op, exc)
    ans.status = "found"
    ans.correction = {
        "ok": True,
        "changed": req.op != HISTORY,
        **correction_text.result_dict(result, ans.lang),
    }
    entity = ans.correction.get("entity")
    if entity in index.entities:
        e = index.entities[entity]
        ans.entity = {"id": e.id, "name": e.name, "kind": e.kind, "aliases": [a for a, _ in e.aliases]}
    return ans


def error_answer(index: Index, ans: Answer, command: str, exc: CorrectionError) -> Answer:
    ans.status, ans.problem = exc.status, exc.code
    params = dict(exc.params)
    cands = params.pop("candidates", [])
    ans.candidates = [_candidate(index, e, s) for e, s in cands if e in index.entities]
    named = [(index.entities[e].name, index.entities[e].kind) for e, _ in cands if e in index.entities]
    params = correction_text.error_params(exc.code, params, named, ans.lang)
    ans.correction = {"ok": False, "changed": False, "error": exc.code, "params": params}
    if exc.code == "usage":
        ans.examples = index.examples()
    return ans
