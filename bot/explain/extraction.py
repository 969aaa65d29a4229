"""Why a name is (or is not) an entity in one article: extraction re-run with a recorder.

The article's stored text goes through the same steps as ingest (`segment_text`, `new_words`,
`extract_entities`). Nothing inside `bot.extract` is changed: `extract_entities` builds its context
from the module's `ArticleContext`, which is swapped for a recording subclass for the duration of
the call. The subclass records every `add` (signal, kind, weight, the sentence and the matched cue
it can see in the calling signal's frame, and the generic rule that refused it), snapshots the found
names each time the running signal changes (new names, kind changes, aliases and who added them),
and keeps the people signal's per-name statistics. The tidy steps at the end (short forms folded,
fragments dropped) are read from the difference between the last snapshot and the result.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from bot.discover import new_words
from bot.extract import extract_entities, generic, people
from bot.extract.context import ArticleContext
from bot.segment import segment_text, segmenter
from bot.vocab import PERSON

TIDY = "tidy"  # the steps after the signals: short forms folded, fragments dropped, cut names mended


@dataclass
class Attempt:
    """One signal proposing one name."""

    signal: str
    name: str
    kind: str
    weight: float
    accepted: bool
    refused_by: str = ""  # the generic rule (bot.extract.generic) or "shape"
    reason: str = ""  # the rule's first docstring line
    sentence: str = ""
    cue: str = ""
    stats: dict = field(default_factory=dict)  # the people signal's counts for the name


@dataclass
class Change:
    """What one signal (or the tidy steps) changed about one found name."""

    signal: str
    name: str
    what: str  # added | kind | alias | removed | renamed
    detail: str = ""


def _snapshot(found: dict) -> dict[str, tuple[str, float, dict[str, str], int]]:
    return {n: (f.kind, f.score, dict(f.aliases), id(f)) for n, f in found.items()}


def _frame_evidence(frame, name: str) -> tuple[str, str, dict]:
    """The sentence, the cue and the people statistics the calling signal holds in its locals. A signal
    that adds after its loops still holds the loop's last sentence: only one that contains the name is
    taken."""
    sentence = cue = ""
    stats: dict = {}
    while frame is not None and frame.f_globals.get("__name__", "").startswith("bot.extract"):
        loc = frame.f_locals
        st = loc.get("st")
        if is_dataclass(st) and not isinstance(st, type):
            return "", "", asdict(st)
        s = loc.get("s")
        if s is not None and name in getattr(s, "canon", ""):
            sentence = s.canon
        m = loc.get("m")
        if isinstance(m, re.Match) and name in m.string:
            cue, sentence = m.group(0), sentence or m.string
        if sentence:
            break
        frame = frame.f_back
    return sentence, cue, stats


def _first_line(func: Any) -> str:
    doc = (getattr(func, "__doc__", "") or "").strip()
    return doc.splitlines()[0] if doc else ""


class RecordingContext(ArticleContext):
    """An ArticleContext that remembers every proposal and every change to the found names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.attempts: list[Attempt] = []
        self.changes: list[Change] = []
        self.person_stats: dict[str, dict] = {}
        self._snap: dict = {}
        self._running = ""
        super().__init__(*args, **kwargs)

    # extract_entities sets `signal` before each signal and clears it after the last one: each change
    # closes the previous signal's record.
    @property
    def signal(self) -> str:
        return self._running

    @signal.setter
    def signal(self, value: str) -> None:
        if getattr(self, "found", None) is not None and self._running:
            self._diff(self._running)
        self._running = value
        if value == "people":
            _watch_people(self)
        else:
            _unwatch()

    def _diff(self, signal: str) -> None:
        now = _snapshot(self.found)
        self.changes += diff(self._snap, now, signal)
        self._snap = now

    def add(self, name: str, kind: str, score: float = 1.0):
        f = super().add(name, kind, score)
        sentence, cue, stats = _frame_evidence(sys._getframe(1), name)
        att = Attempt(self._running, f.name if f else name, kind, round(score, 2), f is not None)
        att.sentence, att.cue, att.stats = sentence, cue, stats
        if f is None:
            cleaned = name.strip("“”\"'‘’()（）·-— ")
            rule = _refusing_rule(self, cleaned, kind)
            att.refused_by = rule.__name__ if rule else "shape"
            att.reason = _first_line(rule) if rule else "length, characters or a bare number"
            att.name = cleaned
        self.attempts.append(att)
        return f

    def finish(self, result: dict) -> None:
        """The tidy steps: what changed between the last signal and the article's decision."""
        self.changes += diff(self._snap, _snapshot(result), TIDY)


def _refusing_rule(ctx: ArticleContext, name: str, kind: str):
    for rule in generic.PERSON_RULES if kind == PERSON else generic.ORG_RULES:
        if rule(ctx, name):
            return rule
    return None


def diff(before: dict, after: dict, signal: str) -> list[Change]:
    """What `signal` changed between two snapshots of the found names."""
    out: list[Change] = []
    for n, (kind, _score, aliases, oid) in after.items():
        old = before.get(n)
        if old is None:
            renamed = next((o for o, v in before.items() if v[3] == oid and o not in after), "")
            out.append(Change(signal, n, "renamed" if renamed else "added", renamed or kind))
            old = before.get(renamed) if renamed else None
        elif old[0] != kind:
            out.append(Change(signal, n, "kind", f"{old[0]} -> {kind}"))
        out += [
            Change(signal, n, "alias", f"{a} ({t})") for a, t in aliases.items() if not old or a not in old[2]
        ]
    return out + _removed(before, after, signal)


def _removed(before: dict, after: dict, signal: str) -> list[Change]:
    """Names gone (not renamed): into the kept name that holds them as an alias, or contains them."""
    ids_after = {v[3] for v in after.values()}
    out = []
    for n, v in before.items():
        if n not in after and v[3] not in ids_after:
            into = next((m for m, w in after.items() if n in w[2]), "")
            into = into or next((m for m in after if n in m and m != n), "")
            out.append(Change(signal, n, "removed", into))
    return out


# ---- the people signal's statistics, read from its frame when it returns ---------------------------
_target: list[RecordingContext] = []


def _profile(frame, event: str, arg: Any) -> None:
    if event == "return" and frame.f_code is people.find_people.__code__ and _target:
        stats = frame.f_locals.get("stats") or {}
        _target[0].person_stats = {n: asdict(st) for n, st in stats.items() if is_dataclass(st)}


def _watch_people(ctx: RecordingContext) -> None:
    _target[:] = [ctx]
    sys.setprofile(_profile)


def _unwatch() -> None:
    if _target:
        sys.setprofile(None)
        _target.clear()


@contextmanager
def _recording():
    """extract_entities with the recording context (restored even when extraction raises). The name is
    swapped where extract_entities looks it up (its module's globals), wherever that module is."""
    scope = extract_entities.__globals__
    original = scope["ArticleContext"]
    made: list[RecordingContext] = []

    class _Made(RecordingContext):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    scope["ArticleContext"] = _Made
    try:
        yield made
    finally:
        scope["ArticleContext"] = original
        _unwatch()


def rerun(text: str) -> tuple[RecordingContext, dict]:
    """The article's extraction, as ingest runs it on the stored (cleaned) text, with its record."""
    sentences = segment_text(text)
    words = new_words([s.canon for s in sentences if not s.heading])
    with _recording() as made:
        found = extract_entities(sentences, segmenter(), words=words)
    ctx = made[0]
    ctx.finish(found)
    return ctx, found


# ---- one name in one article -----------------------------------------------------------------------
def person_verdict(ctx: ArticleContext, name: str, st: dict) -> str:
    """Why the people signal kept or left a name it counted (its own tests, asked again)."""
    try:
        stats = people._Stats(**{k: st[k] for k in ("mentions", "before", "after", "ner")})
        foreign = bool(re.search("[·・•‧]", name))
        if not stats.before and people.model_reads_no_person(ctx, name):
            return "NER reads it as no person (ORG/LOC/word), and no title or founding verb before it"
        if not people._accept(stats, foreign):
            return "too little evidence: needs a cue before and after, or repeated mentions with cues"
        if not people.plausible_person(name, stats.before, stats.mentions, stats.ner):
            return _implausible(name, stats)
        return "accepted as a person"
    except (AttributeError, KeyError, TypeError):  # the signal's internals changed: say so, not crash
        return "not recorded"


def person_cues(ctx: ArticleContext, name: str, limit: int = 2) -> list[dict]:
    """Sentences where a cue the people signal counts stands before the name (a title, a birth year, a
    founding verb after it) or after it (a speech verb, a time word), as the signal looks for them."""
    out: list[dict] = []
    try:
        role_before = people._role_before()
        for s in ctx.sents:
            i = s.canon.find(name)
            while i >= 0 and len(out) < limit:
                m = role_before.search(s.canon, max(0, i - 8), i) or people._BORN_BEFORE.search(
                    s.canon, max(0, i - 10), i
                )
                f = people._FOUNDS.match(s.canon, i + len(name))
                if m or f:
                    cue = m.group(0) if m else f.group(0)
                    out.append({"cue": cue, "where": "before" if m else "after", "sentence": s.canon})
                i = s.canon.find(name, i + len(name))
    except (AttributeError, TypeError):
        return []
    return out


def _implausible(name: str, st: Any) -> str:
    from bot import lexicon as lx

    if people._not_a_name_form(name, st.before, st.ner):
        return "not a name form (a form of address, or a stop character inside)"
    if people._reads_as_words(name, st.before, st.mentions, st.ner):
        return "reads as ordinary words, and nothing else says it is a name"
    if not lx.is_common_surname(name[0]):
        return "rare surname without enough NER votes"
    return "ends like an organisation suffix"


def name_report(ctx: RecordingContext, found: dict, forms: set[str], primary: set[str]) -> list[dict]:
    """For each candidate name that is one of `forms` (the name asked and the entity's aliases), or
    contains or is contained in one of `primary` (the name asked and the entity's name): the evidence,
    the refusals, the NER votes and the article's decision."""
    near = {a.name for a in ctx.attempts} | set(ctx.person_stats) | {c.name for c in ctx.changes}

    def wanted(n: str) -> bool:
        return n in forms or (len(n) >= 2 and any(p in n or n in p for p in primary))

    names = sorted(
        (n for n in near | forms if wanted(n)),
        key=lambda n: (n not in forms, -len(n), n),
    )
    out = [_one_name(ctx, found, n, forms) for n in names]
    # An alias the article never writes says nothing here.
    return [d for d in out if d["count"] or d["evidence"] or d["people"] or d["changes"]]


def _one_name(ctx: RecordingContext, found: dict, name: str, forms: set[str]) -> dict:
    evidence = [_attempt(a) for a in ctx.attempts if a.name == name]
    st = ctx.person_stats.get(name)
    return {
        "name": name,
        "asked": name in forms,
        "count": ctx.count(name),
        "ner": {k: v for k, v in ctx.ner.get(name, {}).items() if v},
        "evidence": evidence,
        "people": {**st, "verdict": person_verdict(ctx, name, st), "cues": person_cues(ctx, name)}
        if st
        else None,
        "changes": [
            {"by": c.signal, "what": c.what, "detail": c.detail} for c in ctx.changes if c.name == name
        ],
        "decision": decision(found, ctx, name),
    }


def _attempt(a: Attempt) -> dict:
    d = {"signal": a.signal, "kind": a.kind, "weight": a.weight, "accepted": a.accepted}
    if not a.accepted:
        d["refused_by"], d["reason"] = a.refused_by, a.reason
    if a.sentence:
        d["sentence"] = a.sentence
    if a.cue and a.cue != a.sentence:
        d["cue"] = a.cue
    return d


def decision(found: dict, ctx: RecordingContext, name: str) -> dict:
    """The article's decision about `name`: kept (kind, score, aliases), an alias of a kept name, folded
    or dropped by the tidy steps, refused by a rule, or never proposed."""
    f = found.get(name)
    if f is not None:
        return {
            "status": "kept",
            "kind": f.kind,
            "score": round(f.score, 2),
            "signals": sorted(f.signals),
            "aliases": dict(f.aliases),
        }
    owner = next((n for n, g in found.items() if name in g.aliases), "")
    if owner:
        return {"status": "alias", "of": owner, "type": found[owner].aliases[name]}
    removed = next((c for c in ctx.changes if c.name == name and c.what == "removed"), None)
    if removed is not None:
        return {
            "status": "folded" if removed.detail else "dropped",
            "into": removed.detail,
            "by": removed.signal,
        }
    refused = [a for a in ctx.attempts if a.name == name and not a.accepted]
    if refused:
        return {"status": "refused", "by": sorted({a.refused_by for a in refused})}
    return {"status": "absent"}
