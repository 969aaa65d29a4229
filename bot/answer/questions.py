"""Questions in plain words (陈书耕是谁, 恒岳哪年上市？, who founded 恒岳): a field of a profile, or the card.

A question is read in three steps: the names in it (the index's own names, longest first, then what is left
once the cue words are gone, resolved like a typed name), what it asks (the first rule of
bot/data/questions/cues.yaml whose word groups all occur, with the names masked), and the values of the
profile field that intent reads, narrowed by the question's qualifiers (a CEO, a PhD, a valuation). The
answer is those values with their sources. Whatever cannot be mapped, or maps onto a field the articles
leave empty, falls back to the card of the name in it, or to /search: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from bot.normalize import clean_surface, has_cjk, name_key, to_simplified
from bot.query import resolve
from bot.store.index import Index
from bot.vocab import PERSON_KINDS

# What each intent reads: (field of a person, field of an organisation); None where the intent has no
# answer for that kind (the card is the answer: 恒岳科技是谁).
FIELDS: dict[str, tuple[str | None, str | None]] = {
    "identity": ("roles", None),
    "role": ("roles", None),
    "leader": ("roles", "leaders"),
    "founders": ("founded", "founders"),
    "founded_when": (None, "founded"),
    "born_when": ("born", None),
    "born_where": ("born", None),
    "education": ("education", None),
    "listing_when": (None, "listing"),
    "listing_where": (None, "listing"),
    "ticker": (None, "listing"),
    "parent": (None, "parent"),
    "brands": (None, "brands"),
    "products": (None, "products"),
    "headquarters": (None, "headquarters"),
    "figures": (None, "figures"),
}
# Fields that hold one true value: two different ones mean the sources disagree, and the answer says so.
SINGLE = frozenset(
    {"founded_when", "born_when", "born_where", "listing_when", "ticker", "parent", "headquarters"}
)
# The fields a yes-or-no question checks between two names (person field, organisation field).
YES_NO = frozenset({"founders", "leader", "role", "parent", "brands", "products", "education"})


@dataclass(frozen=True)
class Cues:
    interrogatives: tuple[str, ...]
    openers: tuple[str, ...]
    veto: tuple[str, ...]
    yes_no: tuple[str, ...]
    yes_no_english: tuple[str, ...]
    filler: tuple[str, ...]
    rules: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    qualifiers: dict[str, tuple[tuple[str, ...], ...]]

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every cue and filler word, longest first (what is no part of a name)."""
        words = {w for _, groups in self.rules for g in groups for w in g} | set(self.filler)
        words |= {w for groups in self.qualifiers.values() for g in groups for w in g}
        return tuple(sorted(words, key=len, reverse=True))


@cache
def cues() -> Cues:
    text = resources.files("bot").joinpath("data", "questions", "cues.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def low(words: list) -> tuple[str, ...]:
        return tuple(dict.fromkeys(to_simplified(str(w)).lower() for w in words))

    rules = tuple((r["intent"], tuple(low(g) for g in r["all"])) for r in data["rules"])
    unknown = {i for i, _ in rules} - set(FIELDS)
    if unknown:
        raise ValueError(f"bot/data/questions/cues.yaml: unknown intents {sorted(unknown)}")
    return Cues(
        interrogatives=low(data["interrogatives"]),
        openers=low(data["english_openers"]),
        veto=low(data["veto"]),
        yes_no=low(data["yes_no"]),
        yes_no_english=low(data["yes_no_english"]),
        filler=low(data["filler"]),
        rules=rules,
        qualifiers={k: tuple(low(g) for g in v) for k, v in data["qualifiers"].items()},
    )


def _latin(word: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9 .'&-]+", word))


@cache
def _word_re(word: str) -> re.Pattern[str]:
    # Latin words only whole (list is not in listing, do not in done); Chinese words anywhere.
    body = re.escape(word)
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])" if _latin(word) else body)


def has(text: str, words: tuple[str, ...]) -> bool:
    return any(_word_re(w).search(text) for w in words)


def _found(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if _word_re(w).search(text)]


# ---- reading a question ----------------------------------------------------------------------------------
MASK = "\x00"


@dataclass
class Question:
    text: str  # Simplified, lowercased, stray punctuation off
    intent: str = ""  # "" when no rule matches
    names: list[str] = field(default_factory=list)  # as written, in order
    entities: list[int] = field(default_factory=list)  # resolved, in order (unresolved names left out)
    unresolved: list[str] = field(default_factory=list)
    ambiguous: list[tuple[int, float]] = field(default_factory=list)  # candidates of a name that is ambiguous
    veto: bool = False
    yes_no: bool = False
    masked: str = ""


def normalise(line: str) -> str:
    text = to_simplified(clean_surface(line)).lower()
    return text.strip().strip("?？!！。.,，~～ ").strip()


def looks_like_question(index: Index, line: str) -> bool:
    """Whether plain text is a question rather than a name: a question word or a relation cue, an English
    question opener, and not itself a known name."""
    text = normalise(line)
    if not text or name_key(text) in index.by_key:
        return False
    c = cues()
    first = text.split(" ", 1)[0]
    if first in c.openers or line.strip().endswith(("?", "？")):
        return True
    if has(text, c.interrogatives):
        return True
    masked, _ = _mask_names(index, text)
    return any(all(has(masked, g) for g in groups) for _, groups in c.rules)


def _cue_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for w in words:
        for m in _word_re(w).finditer(text):
            spans.append((m.start(), m.end()))
    return spans


def _inside_word(text: str, k: int) -> bool:
    """Whether position k splits a Latin word (a Latin name starts and ends at a word's edge)."""
    return 0 < k < len(text) and _latin(text[k - 1]) and _latin(text[k]) and " " not in text[k - 1 : k + 1]


def _name_at(index: Index, text: str, i: int, cue_spans: list[tuple[int, int]]) -> int | None:
    """The end of the longest index name starting at i (at most 24 characters), or None."""
    filler = cues().filler
    for j in range(min(len(text), i + 24), i + 1, -1):
        sub = text[i:j]
        if _inside_word(text, j) or len(sub.strip()) < 2 or sub != sub.strip():
            continue
        if any(a <= i and j <= b for a, b in cue_spans):
            continue  # 研发, 公司: a cue word the index happens to hold as a name
        if (has_cjk(sub) or sub not in filler) and name_key(sub) in index.by_key:
            return j
    return None


def _mask_names(index: Index, text: str) -> tuple[str, list[tuple[int, int]]]:
    """The index's names in the question, longest first, never one that is only a cue word (the names are
    masked so that 星创优选 does not read as 创…)."""
    cue_spans = _cue_spans(text, cues().vocabulary)
    found = []
    for i in range(len(text)):
        if text[i] != " " and not _inside_word(text, i):
            j = _name_at(index, text, i, cue_spans)
            if j is not None:
                found.append((i, j))
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    chosen: list[tuple[int, int]] = []
    for s in found:
        if all(s[1] <= a or s[0] >= b for a, b in chosen):
            chosen.append(s)
    chosen.sort()
    masked = text
    for a, b in reversed(chosen):
        masked = masked[:a] + MASK + masked[b:]
    return masked, chosen


def _leftovers(masked: str) -> list[str]:
    """What is left once names, cue words and filler are gone: names the index knows by another spelling."""
    rest = masked
    for w in cues().vocabulary:
        rest = _word_re(w).sub(MASK, rest)
    parts = re.split(rf"[{MASK}\s,，、。?？!！:：;；\"'“”‘’「」『』《》()（）]+", rest)
    out = []
    for p in parts:
        p = p.strip(" -")
        if (has_cjk(p) and len(p) >= 2) or (not has_cjk(p) and len(re.sub(r"[^a-z0-9]", "", p)) >= 3):
            out.append(p)
    # Pinyin written as several words (zhang nangeng) is one name.
    latin = [p for p in out if not has_cjk(p)]
    if len(latin) > 1 and not [p for p in out if has_cjk(p)]:
        return [" ".join(latin)]
    return out


def read(index: Index, line: str) -> Question:
    c = cues()
    text = normalise(line)
    q = Question(text)
    q.veto = has(text, c.veto)
    masked, spans = _mask_names(index, text)
    q.masked = masked
    q.names = [text[a:b] for a, b in spans]
    for a, b in spans:
        res = resolve(index, text[a:b], None)
        if res.status == "found" and res.entity is not None:
            q.entities.append(res.entity)
        elif res.status == "ambiguous" and not q.ambiguous:
            q.ambiguous = res.candidates
    for name in _leftovers(masked):
        res = resolve(index, name, None)
        q.names.append(name)
        if (
            res.status == "found"
            and res.entity is not None
            and res.tier in ("exact", "pinyin", "sound", "fuzzy")
        ):
            q.entities.append(res.entity)
        elif res.status == "ambiguous" and not q.ambiguous:
            q.ambiguous = res.candidates
        else:
            q.unresolved.append(name)
    q.entities = list(dict.fromkeys(q.entities))
    first = text.split(" ", 1)[0]
    q.yes_no = has(masked, c.yes_no) or (first in c.yes_no_english and len(q.entities) >= 2)
    for intent, groups in c.rules:
        if all(has(masked, g) for g in groups):
            q.intent = intent
            break
    return q


# ---- answering -----------------------------------------------------------------------------------------
@dataclass
class Reply:
    """What the question gets: values with sources (answered), or why it falls back."""

    question: Question
    entity: int | None = None  # the entity the answer is about (its card is one tap away)
    field_name: str = ""
    values: list[dict] = field(default_factory=list)  # profile items: value, sources (article refs), entity
    disagree: bool = False
    yes: bool = False  # a yes-or-no question answered yes
    other: int | None = None  # the second name of a yes-or-no question
    fallback: str = ""  # "" (answered) | card | search | not_found | ambiguous


def _qualified(q: Question, key: str) -> list[tuple[str, ...]]:
    return [g for g in cues().qualifiers.get(key, ()) if has(q.masked, g)]


def _narrow(items: list[dict], part: str, groups: list[tuple[str, ...]]) -> list[dict]:
    """The items whose typed part holds a word of every asked group (a CEO, a PhD)."""
    out = []
    for it in items:
        text = to_simplified(str(it.get(part) or it.get("value") or "")).lower()
        if all(any(w in text for w in g) for g in groups):
            out.append(it)
    return out


# The typed part an intent needs in a value (a founding with its year or date, a listing with its exchange).
_NEEDS: dict[str, tuple[str, ...]] = {
    "founded_when": ("year", "date"),
    "born_when": ("year",),
    "born_where": ("place",),
    "listing_when": ("date",),
    "listing_where": ("exchange",),
}
# The qualifiers that narrow an intent's values, and the typed part they are read in.
_NARROWED: dict[str, tuple[str, str]] = {
    "leader": ("leader", "title"),
    "education": ("education", "degree"),
    "figures": ("figures", "kind"),
}


def _values(index: Index, q: Question, eid: int, profile: dict[str, list[dict]]) -> tuple[str, list[dict]]:
    """(field, the values answering the question) for this entity; no values: no answer."""
    person = index.entities[eid].kind in PERSON_KINDS
    fld = FIELDS[q.intent][0 if person else 1]
    if fld is None:
        return "", []
    items = list(profile.get(fld, []))
    intent = q.intent
    if intent in ("identity", "role"):
        fld, items = _roles(q, profile, items)
    elif intent == "ticker":
        items = [{**it, "value": it["ticker"]} for it in items if it.get("ticker")] or _ticker_aliases(
            index, eid
        )
    elif intent in _NEEDS:
        items = [it for it in items if any(it.get(p) for p in _NEEDS[intent])]
    elif intent in _NARROWED:
        key, part = _NARROWED[intent]
        groups = _qualified(q, key)
        # Which figure is asked must be said: a revenue is never the answer to a valuation.
        items = [] if intent == "figures" and not groups else _narrow(items, part, groups)
    return fld, [it for it in items if it.get("sources")]


def _roles(q: Question, profile: dict[str, list[dict]], items: list[dict]) -> tuple[str, list[dict]]:
    """Who someone is: what they do now (all roles when none is current; 现在/目前 asks for the current
    ones); with no role at all, what they founded."""
    current = [it for it in items if it.get("status") != "past"]
    if _qualified(q, "current") or (q.intent == "identity" and current):
        items = current
    if q.intent == "identity" and not items:
        return "founded", list(profile.get("founded", []))
    return "roles", items


def _ticker_aliases(index: Index, eid: int) -> list[dict]:
    """A ticker the articles write next to the name (恒岳科技(NASDAQ:HYK)), cited by where it is written."""
    out = []
    for alias, typ in index.entities[eid].aliases:
        if typ != "ticker" or any(alias in o["value"] for o in out):
            continue
        hits = index.occurrences(alias, limit=1)
        refs = index.article_refs(sorted({s["article"] for h in hits for s in h.get("sources", [])}))
        if refs:
            out.append({"value": alias, "sources": refs, "entity": None})
    # 00600.HK and 00600 are one ticker: the longer form holds the shorter.
    return [o for o in out if not any(o is not p and o["value"] in p["value"] for p in out)]


def _reverse(index: Index, q: Question, eid: int, card: Callable[[int], dict]) -> tuple[str, list[dict]]:
    """The same relation told from the other side: 灵瞳's parent is whoever lists it among its brands."""
    if q.intent != "parent":
        return "", []
    out = []
    for other in sorted(index.profiles_naming(eid, ("brands",))):
        if other not in index.entities:
            continue
        for it in card(other).get("brands", []):
            if it.get("entity") == eid and it.get("sources"):
                out.append({**it, "value": index.entities[other].name, "entity": other})
    return ("parent", out) if out else ("", [])


def _links(index: Index, q: Question, a: int, b: int, card: Callable[[int], dict]) -> list[dict]:
    """The profile items of `a` that link to `b` in the field the question names (a yes-or-no question)."""
    person = index.entities[a].kind in PERSON_KINDS
    fld = FIELDS[q.intent][0 if person else 1]
    if not fld:
        return []
    items = [it for it in card(a).get(fld, []) if it.get("entity") == b and it.get("sources")]
    if q.intent == "leader":
        groups = _qualified(q, "leader")
        items = _narrow(items, "title", groups) if groups else items
    return items


def _yes_no(index: Index, q: Question, reply: Reply, card: Callable[[int], dict]) -> Reply:
    """是不是 between two names: yes when a relation of the asked field links them, else the card (no relation
    in the articles is not a no)."""
    if q.intent not in YES_NO or len(q.entities) != 2:
        reply.fallback = "card"
        return reply
    a, b = q.entities
    forward = _links(index, q, a, b, card)
    items = forward or _links(index, q, b, a, card)
    if not items:
        reply.fallback = "card"
        return reply
    owner, other = (a, b) if forward else (b, a)
    reply.entity, reply.other, reply.yes, reply.values = owner, other, True, items
    reply.field_name = FIELDS[q.intent][0 if index.entities[owner].kind in PERSON_KINDS else 1] or ""
    return reply


def understand(index: Index, line: str, card: Callable[[int], dict]) -> Reply:
    """The reply to a question: `card(eid)` gives an entity's card profile (items with article refs)."""
    q = read(index, line)
    reply = Reply(q, entity=q.entities[0] if q.entities else None)
    if not q.entities:
        reply.fallback = "ambiguous" if q.ambiguous else ("not_found" if q.unresolved else "search")
        return reply
    if q.veto or not q.intent:
        reply.fallback = "card"
        return reply
    if q.yes_no:
        return _yes_no(index, q, reply, card)
    # The entity the question is about: with two names (韩立舟哪年创立了启衡微电子), the one whose kind the
    # intent reads (an organisation's founding).
    for eid in q.entities:
        person = index.entities[eid].kind in PERSON_KINDS
        if FIELDS[q.intent][0 if person else 1] is not None:
            reply.entity = eid
            break
    fld, values = _values(index, q, reply.entity, card(reply.entity))
    if not values:
        fld, values = _reverse(index, q, reply.entity, card)
    if not values:
        reply.fallback = "card"
        return reply
    reply.field_name, reply.values = fld, values[:6]
    # Two values of a one-value field disagree when different articles say them (one article naming a brand's
    # company and group is no dispute).
    shown = {to_simplified(v["value"]) for v in reply.values}
    told = {
        tuple(sorted(str(s.get("article")) for s in v.get("sources", []) if isinstance(s, dict)))
        for v in reply.values
    }
    reply.disagree = q.intent in SINGLE and len(shown) > 1 and len(told) > 1
    return reply


# ---- the Answer ----------------------------------------------------------------------------------------
def question_lang(q: Question, lang: str) -> str:
    """The language to answer in: the question's own. English words around the names (who founded 恒岳)
    give English whatever the reader's Telegram language; Chinese words give Chinese (in the script already
    chosen from the question or the reader); names alone (陈书耕?) say nothing, and `lang` stays."""
    rest = q.masked.replace(MASK, " ")
    for name in sorted(q.names, key=len, reverse=True):  # names the index knows by another spelling too
        rest = rest.replace(name, " ")
    if has_cjk(rest):
        return "zh-hans" if lang == "en" else lang
    if re.search(r"[a-z]{2,}", rest):
        return "en"
    return lang


def answer(
    index: Index,
    ans,
    text: str,
    *,
    card: Callable,
    entity: Callable,
    search: Callable,
    mentioned: Callable,
    resolution: Callable,
    keep_lang: bool = False,
):
    """Fill `ans` (a bot.answer.Answer, command `ask`): status `answered` with `ans.question` holding the
    values and their sources, or the card / search / not-found answer the question falls back to, with
    `ans.question["fallback"]` saying which. The answer's own functions come as arguments (this module sits
    below bot.answer). The reader's language is the question's (`question_lang`) unless `keep_lang`."""
    from dataclasses import replace

    ans.arg = text
    if not text.strip():
        ans.status, ans.problem = "error", "empty"
        ans.question = {"fallback": "empty"}
        return ans
    cards: dict[int, dict] = {}

    def profile_of(eid: int) -> dict:
        if eid not in cards:
            scratch = replace(ans, profile={}, facts=[], entity=None, question={})
            cards[eid] = card(index, scratch, eid).profile
        return cards[eid]

    reply = understand(index, text, profile_of)
    q = reply.question
    if not keep_lang:
        ans.lang = question_lang(q, ans.lang)
    ans.question = {
        "intent": q.intent or None,
        "names": q.names,
        "entities": q.entities,
        "fallback": reply.fallback or None,
    }
    if reply.fallback == "card":
        card(index, ans, reply.entity)
        return ans
    if reply.fallback == "ambiguous":
        ans.status = "ambiguous"
        ans.candidates = [
            {"id": e, "name": index.entities[e].name, "kind": index.entities[e].kind, "score": round(s, 1)}
            for e, s in q.ambiguous
            if e in index.entities
        ]
        return ans
    if reply.fallback == "not_found":
        name = q.unresolved[0]
        ans.arg = name
        found = mentioned(index, ans, name)
        return found if found is not None else resolution(index, ans, resolve(index, name, None))
    if reply.fallback == "search":
        words = _leftovers(q.masked) or [q.text]
        return search(index, ans, " ".join(words))
    # answered
    ans.status = "answered"
    ans.entity = entity(index, reply.entity)
    ans.profile, ans.facts = {}, []
    numbers: dict[str, int] = {}
    ans.sources = []
    values = []
    for v in reply.values:
        cites = []
        for ref in v.get("sources", []):
            if not isinstance(ref, dict):
                continue
            if ref["article"] not in numbers:
                numbers[ref["article"]] = len(numbers) + 1
                ans.sources.append(ref)
            cites.append(numbers[ref["article"]])
        values.append(
            {
                "value": v["value"],
                "entity": v.get("entity"),
                "sources": [{"article": r["article"], "title": r["title"]} for r in v.get("sources", [])],
                "cites": cites,
            }
        )
    ans.question.update(
        {
            "entity": reply.entity,
            "field": reply.field_name,
            "values": values,
            "disagree": reply.disagree,
            "yes": reply.yes if q.yes_no else None,
            "other": reply.other,
        }
    )
    return ans
