"""Why a profile value: the relation rules re-run over the entity's articles, each value with its rule.

The per-sentence facts of the articles that name the entity are built again (`build_facts`, as
ingest does) and `ProfileBuilder` runs over them unchanged; a subclass only records, for every value
put, which rule (`bot.relations.profile.RULES`) and which of its helpers was running — read from the
call stack, so the rule modules need no hook. Sentences of a field's family (a role sentence for
roles, a founding sentence for founded …) that gave the entity no value of the field are listed as
"silent"; why a rule declined inside (a negation, a plan, the wrong subject) is not recorded.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

from bot import lexicon as lx
from bot.corpus.mentions import build_facts
from bot.facts import Fact
from bot.model import Article, Entity
from bot.normalize import to_simplified
from bot.relations import profile as rel_profile
from bot.relations.questions import statements_in_questions
from bot.vocab import FIELD_LABELS_ZH, ORG_FIELDS, PERSON_FIELDS

# Which sentences (bot.facts fact types) a field's rules read for their values.
FAMILY_TYPES: dict[str, tuple[str, ...]] = {
    "roles": ("role",),
    "leaders": ("role",),
    "founded": ("founded",),
    "founders": ("founded",),
    "born": ("born",),
    "education": ("education",),
    "listing": ("listing",),
    "figures": ("figure",),
    "products": ("product",),
    "brands": ("product",),
}
# Words that make a sentence one a field's rules could read, whatever type the sentence was given.
FAMILY_CUES: dict[str, tuple[str, ...]] = {
    "roles": tuple(lx.PROFILE_ROLES),
    "leaders": tuple(lx.PROFILE_ROLES),
}
_SHARED = {"record", "sentence", "profile", "grammar", "values", "cues"}  # where no rule lives


def field_name(word: str) -> str:
    """A profile field from its name or its Chinese label (身份, 創立 …); '' when it is none."""
    word = word.strip().lower()
    if word in PERSON_FIELDS or word in ORG_FIELDS:
        return word
    labels = {v: k for k, v in FIELD_LABELS_ZH.items()}
    return labels.get(to_simplified(word), "")


@dataclass
class Put:
    eid: int
    field: str
    text: str
    source: int | None  # the index of the fact in the builder's list
    rule: str
    helper: str


class TracingBuilder(rel_profile.ProfileBuilder):
    """ProfileBuilder that remembers which rule put each value."""

    def __init__(self, entities: dict[int, dict], facts: list[Fact]) -> None:
        super().__init__(entities, facts)
        self.puts: list[Put] = []
        self._rules = {r.apply.__code__: r.name for r in rel_profile.RULES}

    def put(
        self, eid: int, field_: str, text: str, i: int | None, entity: int | None = None, **parts
    ) -> None:
        rule, helper = self._who(sys._getframe(1))
        self.puts.append(Put(eid, field_, text.strip("，,。 "), i, rule, helper))
        super().put(eid, field_, text, i, entity, **parts)

    def _who(self, frame) -> tuple[str, str]:
        """The rule whose function is on the stack, and the innermost rule-module function below it."""
        helper = ""
        while frame is not None:
            mod = frame.f_globals.get("__name__", "")
            code = frame.f_code
            if code in self._rules:
                return self._rules[code], helper or f"{mod}.{code.co_name}"
            if mod.startswith("bot.relations.") and mod.rsplit(".", 1)[1] not in _SHARED and not helper:
                helper = f"{mod}.{code.co_name}"
            if code.co_name == "_finish":
                return "finish", helper or f"{mod}._finish"
            frame = frame.f_back
        return "", helper


def _records(index, ids: set[int]) -> dict[int, dict]:
    out = {}
    for eid in ids:
        e = index.entities[eid]
        aliases = dict(e.aliases)
        out[eid] = {
            "id": eid,
            "name": e.name,
            "kind": e.kind,
            "score": float(e.mentions),
            "aliases": aliases,
            "aliases_simplified": [to_simplified(a) for a in aliases],
        }
    return out


def trace_profile(
    index, eid: int, articles: Mapping[str, Article], field: str, only: str | None = None
) -> dict:
    """The entity's values of `field` with the rule and sentence behind each, and the silent sentences
    (with `only`, an article id or its start: the evidence and silent sentences of that article).
    The rules run over all the entity's articles either way: a value's sources may span them."""
    ents = {
        i: Entity(i, e.name, e.kind, float(e.mentions), dict(e.aliases)) for i, e in index.entities.items()
    }
    arts = [articles[a] for a in sorted(articles)]
    facts, _ = build_facts(arts, ents)
    named = {e for f in facts for e in f.entities}
    records = _records(index, named | {eid})
    own = facts + statements_in_questions(index.conn, records, facts)
    b = TracingBuilder(records, own)
    built = b.build()
    stored = {v.text: v for v in index.profile_values(eid).get(field, [])}
    kept = [v for v in built.get(eid, []) if v.field == field]
    shown = {v.text for v in kept}
    values = [_value(b, own, eid, v, stored, shown) for v in kept]
    values += [
        {"value": text, "stored": True, "reproduced": False, "parts": v.parts, "articles": list(v.articles)}
        for text, v in stored.items()
        if text not in shown
    ]
    silent = _silent(b, own, eid, field)
    if only:
        for v in values:
            for key in ("rules", "folded"):
                v[key] = [r for r in v.get(key, []) if r.get("article", "").startswith(only)]
        silent = [s for s in silent if s["article"].startswith(only)]
    return {"field": field, "values": values, "silent": silent, "refusals": "not recorded"}


def _where(own: list[Fact], i: int | None) -> dict:
    if i is None:
        return {}
    f = own[i]
    return {"article": f.article, "sentence": f.sentence, "text": f.text, "canon": f.canon}


def _once(puts: list[Put]) -> list[Put]:
    """One put per rule, helper, text and sentence (a founding date is put once for each founder)."""
    seen: dict[tuple, Put] = {}
    for p in puts:
        seen.setdefault((p.rule, p.helper, p.text, p.source), p)
    return list(seen.values())


def _value(b: TracingBuilder, own: list[Fact], eid: int, v, stored: dict, kept: set[str]) -> dict:
    mine = _once([p for p in b.puts if p.eid == eid and p.field == v.field])
    exact = [p for p in mine if p.text == v.text]
    # Less specific values folded into this one (CEO into 董事长兼CEO): their sources were added to it.
    folded = [p for p in mine if p.text not in kept and p.source in v.sources]
    return {
        "value": v.text,
        "entity": v.entity,
        "parts": v.parts,
        "stored": v.text in stored,
        "reproduced": True,
        "rules": [_rule(p, own) for p in exact],
        "folded": [{"value": p.text, **_rule(p, own)} for p in folded],
    }


def _rule(p: Put, own: list[Fact]) -> dict:
    return {"rule": p.rule, "helper": p.helper, **_where(own, p.source)}


def _silent(b: TracingBuilder, own: list[Fact], eid: int, field: str) -> list[dict]:
    """Sentences about the entity that a rule of the field reads, which gave it no value of the field."""
    types = FAMILY_TYPES.get(field, ())
    family = {r.name for r in rel_profile.RULES if field in r.fields}
    gave = {p.source for p in b.puts if p.eid == eid and p.field == field}
    out = []
    for i, f in enumerate(own):
        if eid not in f.entities or i in gave:
            continue
        here = [p for p in b.puts if p.source == i]
        others = sorted({b.name(p.eid) for p in here if p.field == field and p.eid != eid})
        fired = sorted({p.rule for p in here if p.rule in family})
        cue = next((w for w in FAMILY_CUES.get(field, ()) if w in f.canon), "")
        if f.type in types or others or cue:
            note = _note(f.type in types, f.type, cue, others, fired, field)
            out.append({**_where(own, i), "type": f.type, "note": note})
    return out


def _note(typed: bool, type_: str, cue: str, others: list[str], fired: list[str], field: str) -> str:
    note = (f"a {type_} sentence" if typed else f"typed {type_}") + (f", holds {cue}" if cue else "")
    if others:
        return note + f"; gave {field} to " + ", ".join(others)
    return note + ("; " + ", ".join(fired) + " put other fields only" if fired else "")
