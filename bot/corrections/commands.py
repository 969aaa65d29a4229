"""Run one correction command against a loaded index: check it, record it, return a typed result.

The resolver (bot.query.resolve) is passed in: corrections sit below the query layer and never import it.
Replies are written elsewhere (bot.corrections.text); errors are CorrectionError codes with their values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.corrections import text
from bot.corrections.apply import find, state
from bot.corrections.model import (
    ALIAS,
    CLEAR_WORDS,
    FIELD_WORDS,
    FIX,
    HIDE,
    HISTORY,
    KIND,
    KIND_WORDS,
    MERGE,
    NOTENTITY,
    SPLIT,
    UNALIAS,
    UNDO,
    Actor,
    Change,
    CorrectionError,
    Done,
    History,
    HistoryRow,
    Request,
    Resolved,
    Result,
    State,
    fix_slot,
    fixable_fields,
    in_slot,
    is_date_field,
    parse_date,
)
from bot.normalize import name_key
from bot.store.corrections import Store, StoreBroken
from bot.vocab import PERSON_KINDS

if TYPE_CHECKING:
    from bot.store.index import Index

Resolver = Callable[["Index", str], Resolved]


def execute(index: Index, req: Request, actor: Actor | None, resolve: Resolver) -> Result:
    """Run one correction against the live index; returns what happened (raises CorrectionError)."""
    st = state(index)
    if req.op == HISTORY:
        return _history(index, st, req, resolve)
    if actor is None or not actor.allowed:
        raise CorrectionError(
            "refused_group_admins" if actor and actor.mode == "group_admins" else "refused_admins"
        )
    if req.op == UNDO:
        return _undo(index, st, req, actor)
    eid = req.entity_id if req.entity_id in index.entities else None
    req = _new_name_left(index, req)
    if eid is None and req.name:
        eid = _entity(index, req.name, resolve)
    if req.op == HIDE:
        return _hide(index, st, req, eid, actor)
    assert eid is not None
    make = _MAKERS.get(req.op)
    if make is None:
        raise CorrectionError("usage", op=req.op)
    c = _record(st, actor, make(index, st, eid, req, resolve))
    return Done(c, eid if c.op != NOTENTITY else None)


def _record(st: State, actor: Actor, c: Change) -> Change:
    c = replace(c, user_id=actor.user_id, user_name=actor.name, chat_id=actor.chat_id)
    try:
        return replace(c, id=Store(st.path).add(c))
    except StoreBroken as exc:
        raise CorrectionError("store_broken") from exc


def _new_name_left(index: Index, req: Request) -> Request:
    """`/alias 南瓜陈 = 陈书耕`: the new name on the left."""
    if req.op == ALIAS and not _exact_ids(index, req.name) and _exact_ids(index, req.other):
        return Request(ALIAS, req.other, req.name)
    return req


def _entity(index: Index, name: str, resolve: Resolver) -> int:
    """Corrections need the exact entity: an exact or pinyin match; a near one is offered, not guessed."""
    res = resolve(index, name)
    if res.status == "found" and res.tier in ("exact", "pinyin") and res.entity is not None:
        return res.entity
    if res.status == "ambiguous" and res.tier in ("exact", "pinyin"):
        raise CorrectionError("ambiguous", status="ambiguous", q=name, candidates=res.candidates)
    cands = [(e, s) for e, s in res.candidates if e in index.entities][:3]
    if res.entity is not None and all(e != res.entity for e, _ in cands):
        cands.insert(0, (res.entity, 100.0))
    raise CorrectionError("not_found", status="not_found", q=name, candidates=cands)


def _exact_ids(index: Index, name: str) -> set[int]:
    key = name_key(name)
    return {e for e in index.by_key.get(key, set()) if e in index.entities}


def _change(index: Index, eid: int, op: str, **kw) -> Change:
    ent = index.entities[eid]
    return Change(0, "", 0, "", 0, op, name_key(ent.name), ent.name, ent.kind in PERSON_KINDS, **kw)


# ---- one maker per op: the change to record, or CorrectionError --------------------------------------
def _alias(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent, alias = index.entities[eid], req.other
    other_ids = _exact_ids(index, alias) - {eid}
    if eid in _exact_ids(index, alias):
        raise CorrectionError("alias_exists", alias=alias, name=ent.name)
    if other_ids:
        other = index.entities[min(other_ids, key=lambda e: -index.entities[e].mentions)]
        raise CorrectionError("alias_taken", alias=alias, other=other.name, name=ent.name)
    return _change(index, eid, ALIAS, arg=alias, arg_key=name_key(alias), new=alias)


def _unalias(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent, key = index.entities[eid], name_key(req.other)
    if key == name_key(ent.name):
        raise CorrectionError("alias_is_name", alias=req.other, name=ent.name)
    if eid not in _exact_ids(index, req.other):
        aliases = [a for a, _ in ent.aliases[:8]]
        raise CorrectionError("alias_missing", alias=req.other, name=ent.name, aliases=aliases)
    return _change(index, eid, UNALIAS, arg=req.other, arg_key=key, old=req.other)


def _merge(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent = index.entities[eid]
    other_id = _entity(index, req.other, resolve)
    if other_id == eid:
        raise CorrectionError("merge_same", a=ent.name, b=req.other)
    other = index.entities[other_id]
    if (ent.kind in PERSON_KINDS) != (other.kind in PERSON_KINDS):
        raise CorrectionError(
            "merge_kinds",
            a=ent.name,
            b=other.name,
            ka=ent.kind,
            kb=other.kind,
        )
    return _change(index, eid, MERGE, arg=other.name, arg_key=name_key(other.name), new=other.name)


def _split(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent, key = index.entities[eid], name_key(req.other)
    if key == name_key(ent.name) or eid not in _exact_ids(index, req.other):
        raise CorrectionError("split_not_one", a=ent.name, b=req.other)
    return _change(index, eid, SPLIT, arg=req.other, arg_key=key, old=req.other)


def _kind(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent = index.entities[eid]
    kind = KIND_WORDS.get(req.value.lower())
    if kind is None:
        raise CorrectionError("unknown_kind", kind=req.value)
    if kind == ent.kind:
        raise CorrectionError("same_kind", name=ent.name, kind=kind)
    return _change(index, eid, KIND, field="kind", old=ent.kind, new=kind)


def _notentity(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    return _change(index, eid, NOTENTITY, old=index.entities[eid].name)


def _fix(index: Index, st: State, eid: int, req: Request, resolve: Resolver) -> Change:
    ent = index.entities[eid]
    field_ = FIELD_WORDS.get(req.field.lower(), "")
    if field_ not in fixable_fields(ent.kind):
        raise CorrectionError("unknown_field", field=req.field, kind=ent.kind, name=ent.name)
    value, parts = req.value.strip(), {}
    if not value:
        raise CorrectionError("empty_value", name=ent.name, field=field_)
    if value.lower() in CLEAR_WORDS:
        value = ""
    elif is_date_field(field_, ent.kind):
        typed = parse_date(value)
        if typed is None:
            raise CorrectionError("bad_date", field=field_, value=value)
        value = typed.pop("value")
        parts = typed
    slot = fix_slot(field_, parts)
    old_fix = st.fixes.get(eid, {}).get(slot)
    if old_fix is not None:
        old = old_fix.new
    else:
        extracted = [v for v in index.profile(eid).get(field_, []) if in_slot(slot, v["parts"])]
        old = "；".join(str(v["value"]) for v in extracted[:3])
    if old_fix is not None and old == value:
        raise CorrectionError("same_value", name=ent.name, field=field_, value=value)
    return _change(index, eid, FIX, field=field_, old=old, new=value, parts=parts)


_MAKERS: dict[str, Callable[[Index, State, int, Request, Resolver], Change]] = {
    ALIAS: _alias,
    UNALIAS: _unalias,
    MERGE: _merge,
    SPLIT: _split,
    KIND: _kind,
    NOTENTITY: _notentity,
    FIX: _fix,
}


def _hide(index: Index, st: State, req: Request, eid: int | None, actor: Actor) -> Done:
    fact = index.fact(req.number)
    key = index.fact_key(req.number) if fact is not None else None
    if fact is None or key is None:
        raise CorrectionError("fact_not_found", n=req.number)
    if req.number in st.hidden.get(0, {}) or (eid is not None and req.number in st.hidden.get(eid, {})):
        raise CorrectionError("already_hidden")
    arg = text.short(fact["canon"], 40)
    if eid is None:
        c = Change(0, "", 0, "", 0, HIDE, "*", "*", None, arg, key)
    else:
        c = _change(index, eid, HIDE, arg=arg, arg_key=key)
    c = _record(st, actor, replace(c, old=fact["canon"], new=""))
    return Done(c, eid, fact=req.number)


def _undo(index: Index, st: State, req: Request, actor: Actor) -> Done:
    number = req.number
    if number == 0:
        mine = [x for x in st.changes if x.active and x.user_id == actor.user_id]
        if not mine:
            raise CorrectionError("undo_none")
        number = mine[-1].id
    c = st.by_id(number)
    if c is None:
        raise CorrectionError("undo_unknown", n=number)
    if c.op == UNDO:
        raise CorrectionError("undo_undo", n=number)
    if c.undone_by is not None:
        raise CorrectionError("undo_done", n=number)
    undo = Change(0, "", 0, "", 0, UNDO, c.target, c.target_name, c.person, str(c.id), c.arg_key, c.field)
    undo = _record(st, actor, replace(undo, old=text.describe(c), new=""))
    entity = find(index, c.target, c.person) if c.target != "*" else None
    return Done(undo, entity, undone=c, overridden_by=overridden_by(st, c))


def overridden_by(st: State, c: Change) -> Change | None:
    """The latest later active change of the same thing (the same field's value, the same kind, the same
    alias), which the card shows whether or not `c` is undone."""
    later = [x for x in st.changes if x.id > c.id and x.active and x.target == c.target]
    if c.op == FIX:
        slot = fix_slot(c.field, c.parts)
        same = [
            x
            for x in later
            if x.op == FIX and x.field == c.field and fix_slot(x.field, x.parts) in (slot, x.field)
        ]
    elif c.op == KIND:
        same = [x for x in later if x.op == KIND]
    elif c.op in (ALIAS, UNALIAS):
        same = [x for x in later if x.op in (ALIAS, UNALIAS) and x.arg_key == c.arg_key]
    else:
        same = []
    return same[-1] if same else None


# ---- reading the log ----------------------------------------------------------------------------------
def _history(index: Index, st: State, req: Request, resolve: Resolver) -> History:
    if not req.name and req.entity_id is None:
        rows = list(reversed(st.changes))[:20]
        if not rows:
            raise CorrectionError("nothing")
        return History(None, "", [row(st, c) for c in rows])
    keys: set[str] = set()
    eid = req.entity_id if req.entity_id in index.entities else None
    req = _new_name_left(index, req)
    if eid is None and req.name:
        keys.add(name_key(req.name))
        try:
            eid = _entity(index, req.name, resolve)
        except CorrectionError:
            if not any(c.target in keys or c.arg_key in keys for c in st.changes):
                raise
    title = req.name
    ids: set[int] = set()
    if eid is not None:
        ent = index.entities[eid]
        title = ent.name
        keys |= {name_key(ent.name), *(name_key(a) for a, _ in ent.aliases)}
        ids |= set(st.touched.get(eid, []))
    ids |= _changes_naming(st, keys)
    if eid is not None:
        ids |= _hidden_everywhere_from(index, st, eid)
    ids |= {c.id for c in st.changes if c.op == UNDO and int(c.arg) in ids}
    rows = [c for c in reversed(st.changes) if c.id in ids]
    if not rows:
        raise CorrectionError("no_history", q=title)
    return History(eid, title, [row(st, c) for c in rows[:30]])


def _changes_naming(st: State, keys: set[str]) -> set[int]:
    return {
        c.id
        for c in st.changes
        if c.op != UNDO and (c.target in keys or (c.op != HIDE and c.arg_key in keys))
    }


def _hidden_everywhere_from(index: Index, st: State, eid: int) -> set[int]:
    """Hides made on all cards (/hide N) of a fact this entity's card had: they touched it too."""
    out = set()
    for c in st.changes:
        if c.op == HIDE and c.target == "*":
            fid = index.fact_by_key(c.arg_key)
            if fid is not None and eid in index.entities_in_fact(fid):
                out.add(c.id)
    return out


def row(st: State, c: Change) -> HistoryRow:
    status = "undone" if c.undone_by else ("orphan" if c.id in st.orphans else "active")
    return HistoryRow(c, status, st.orphans.get(c.id))


def listing(index: Index) -> list[HistoryRow]:
    """Every change with its status (active, undone, or waiting because its target is gone)."""
    st = state(index)
    return [row(st, c) for c in st.changes]
