"""Corrections applied on top of what the store returns: the log on a loaded index's name tables (names,
kinds, merges: `state`), and on a built card or search list (fixed values, hidden and merged facts, removed
names: `card`, `hits`). The index never calls this module; the answer and the resolver do."""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.corrections.model import (
    ALIAS,
    FIX,
    HIDE,
    KIND,
    MERGE,
    NOTENTITY,
    SPLIT,
    UNALIAS,
    Change,
    Reason,
    State,
    fix_slot,
    in_slot,
)
from bot.normalize import name_key, pinyin_key, strip_legal_suffix
from bot.store.corrections import Store, store_path
from bot.vocab import PERSON_KINDS

if TYPE_CHECKING:
    from bot.store.index import Index

log = logging.getLogger("factbot.corrections")
_LOCK = threading.Lock()


def state(index: Index) -> State:
    """The corrections applied to this index's names, applied now if its names were (re)loaded since."""
    st = index.corrections
    if isinstance(st, State) and st.names is index.entities:
        return st
    with _LOCK:  # two threads answering at once apply the log once
        st = index.corrections
        if not (isinstance(st, State) and st.names is index.entities):
            st = load(index)
            index.corrections = st
    return st


def load(index: Index) -> State:
    """The active corrections, in the order made, on the index's name tables."""
    st = State(store_path(index.path), names=index.entities)
    st.changes = Store(st.path).changes()
    if not st.any:
        return st
    active = [c for c in st.changes if c.active]
    cancelled = _cancelled(active)
    with index.editing_names():  # names read from the file: the entities changed here are kept
        for c in active:
            if c.id in cancelled:
                continue
            try:
                why = _apply_one(index, st, c)
            except (
                KeyError,
                ValueError,
                TypeError,
                sqlite3.DatabaseError,
            ) as exc:  # one bad row never stops a load
                log.warning("correction #%s not applied: %s", c.id, exc)
                why = Reason("failed", {"error": str(exc)})
            if why:
                st.orphans[c.id] = why
    index.names_changed()  # n-gram tables are rebuilt from the corrected keys on next use
    return st


def _cancelled(active: list[Change]) -> set[int]:
    """A split undoes the latest earlier merge of the same two names; both then do nothing."""
    cancelled: set[int] = set()
    for i, c in enumerate(active):
        if c.op != SPLIT:
            continue
        for m in reversed(active[:i]):
            if m.op == MERGE and m.id not in cancelled and {m.target, m.arg_key} == {c.target, c.arg_key}:
                cancelled |= {m.id, c.id}
                break
    return cancelled


def find(index: Index, key: str, person: bool | None = None) -> int | None:
    """The entity a stored key names now: its own name first, then an alias; same person-ness preferred."""
    ids = [e for e in index.by_key.get(key, ()) if e in index.entities]
    if not ids:
        return None

    def rank(eid: int) -> tuple:
        ent = index.entities[eid]
        return (
            name_key(ent.name) != key,
            person is not None and (ent.kind in PERSON_KINDS) != person,
            -ent.mentions,
            eid,
        )

    return min(ids, key=rank)


def _name_keys(name: str) -> set[str]:
    k = name_key(name)
    return {k, strip_legal_suffix(k)} if k else set()


def _add_name(index: Index, eid: int, alias: str, typ: str) -> None:
    ent = index.entities[eid]
    key = name_key(alias)
    if eid in index.by_key.get(key, ()):
        return
    index.add_name(key, pinyin_key(alias), eid)
    if alias != ent.name and all(a != alias for a, _ in ent.aliases):
        ent.aliases.append((alias, typ))


def _drop_name(index: Index, eid: int, key: str) -> bool:
    """Take one alias (by key) away from an entity; the keys its other names give stay."""
    ent = index.entities[eid]
    if eid not in index.by_key.get(key, ()):
        return False
    ent.aliases = [(a, t) for a, t in ent.aliases if name_key(a) != key]
    keep: set[str] = set()
    for n in [ent.name, ent.traditional, *(a for a, _ in ent.aliases)]:
        if n:
            keep |= _name_keys(n)
    index.drop_names(eid, {key, strip_legal_suffix(key)} - keep)
    return True


def _move(index: Index, src: int, dst: int | None) -> None:
    """Every name of `src` now points to `dst` (merge), or to nothing (not an entity)."""
    index.move_names(src, dst)


def _alias(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    key = name_key(c.arg)
    owners = [e for e in index.by_key.get(key, ()) if e in index.entities and e != eid]
    own_name = [e for e in owners if name_key(index.entities[e].name) == key]
    if own_name:
        return Reason("alias_owned", {"alias": c.arg, "owner": index.entities[own_name[0]].name})
    for e in owners:  # the team's alias wins over an alias extraction gave someone else
        _drop_name(index, e, key)
    _add_name(index, eid, c.arg, "team")
    return None


def _unalias(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    if not _drop_name(index, eid, c.arg_key):
        return Reason("alias_gone", {"name": c.target_name, "alias": c.arg})
    return None


def _merge(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    other = find(index, c.arg_key, c.person)
    if other is None:
        return Reason("gone", {"name": c.arg})
    if other == eid:
        return None
    a, b = index.entities[eid], index.entities[other]
    if (a.kind in PERSON_KINDS) != (b.kind in PERSON_KINDS):
        return Reason("kinds_differ", {"a": a.name, "b": b.name})
    _move(index, other, eid)
    for alias in [(b.name, "merged"), *b.aliases]:
        if alias[0] != a.name and all(x != alias[0] for x, _ in a.aliases):
            a.aliases.append(alias)
    a.mentions += b.mentions
    del index.entities[other]
    st.merged.setdefault(eid, []).extend([other, *st.merged.pop(other, [])])
    st.touched[eid].extend(st.touched.pop(other, []))
    return None


def _kind(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    index.entities[eid].kind = c.new
    return None


def _notentity(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    st.removed[eid] = index.entities[eid].name
    _move(index, eid, None)
    del index.entities[eid]
    return None


def _fix(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    st.fixes[eid][fix_slot(c.field, c.parts)] = c
    return None


def _hide(index: Index, st: State, eid: int, c: Change) -> Reason | None:
    fid = index.fact_by_key(c.arg_key)
    if fid is None:
        return Reason("fact_gone")
    st.hidden[eid][fid] = c.id
    return None


_APPLY: dict[str, Callable[[Index, State, int, Change], Reason | None]] = {
    ALIAS: _alias,
    UNALIAS: _unalias,
    SPLIT: _unalias,
    MERGE: _merge,
    KIND: _kind,
    NOTENTITY: _notentity,
    FIX: _fix,
    HIDE: _hide,
}


def _apply_one(index: Index, st: State, c: Change) -> Reason | None:
    """Apply one change to the loaded names; returns why it could not be (target gone), else None."""
    if c.op == HIDE and c.target == "*":
        eid = 0
    else:
        found = find(index, c.target, c.person)
        if found is None:
            return Reason("gone", {"name": c.target_name})
        eid = found
    apply = _APPLY.get(c.op)
    why = apply(index, st, eid, c) if apply else None
    if why is None and eid:
        st.touched[eid].append(c.id)
    return why


# ---- on a built card or search list ------------------------------------------------------------------
def hits(index: Index, found: list[dict]) -> list[dict]:
    """Search hits without the hidden facts and the entities that are not entities."""
    st = state(index)
    if not st.any:
        return found
    removed = set(st.removed)
    everywhere = st.hidden.get(0, {})
    return [
        h
        for h in found
        if h["entity"]["id"] not in removed
        and h["id"] not in everywhere
        and h["id"] not in st.hidden.get(h["entity"]["id"], {})
    ]


def _names_removed(item: dict, names: set[str], ids: set[int]) -> bool:
    if item.get("id") in ids or item.get("entity") in ids:
        return True
    head = re.split(r"[（(：:\s]", str(item.get("value", "")), maxsplit=1)[0]
    return head in names


def _absorb(
    index: Index, absorbed: list[int], facts: list[dict], profile: dict[str, list[dict]]
) -> list[dict]:
    """The facts and profile values of the entities merged into this one, added to the card's."""
    seen = {f["id"] for f in facts}
    extra = []
    for b in absorbed:
        for f in index.facts_for(b):
            if f["id"] not in seen:
                seen.add(f["id"])
                extra.append(f)
        for field_, values in index.profile(b).items():
            if field_ == "related":
                continue
            items = profile.setdefault(field_, [])
            have = {i["value"] for i in items}
            items.extend(dict(v) for v in values if v["value"] not in have)
    return extra


def card(
    index: Index,
    eid: int,
    facts: list[dict],
    profile: dict[str, list[dict]],
    names: dict[str, str],
    rank: Callable[[list[dict]], list[dict]],
) -> tuple[list[dict], dict[str, list[dict]], list[int]] | None:
    """A built card's facts and profile with the corrections on it, and the ids of the changes that touch
    it; None when there are no corrections (`names` loses the names of removed entities)."""
    st = state(index)
    if not st.any:
        return None
    absorbed = st.merged.get(eid, [])
    if absorbed:
        facts = rank(facts + _absorb(index, absorbed, facts, profile))
    hidden = {**st.hidden.get(0, {}), **st.hidden.get(eid, {})}
    if hidden:
        facts = [f for f in facts if f["id"] not in hidden]
    if st.removed:
        removed_ids, removed_names = set(st.removed), set(st.removed.values())
        for field_ in list(profile):
            profile[field_] = [
                i for i in profile[field_] if not _names_removed(i, removed_names, removed_ids)
            ]
        for n in removed_names:
            names.pop(n, None)
    # In the order made: a cleared field, then a new birth date, shows the date alone.
    for slot, c in sorted(st.fixes.get(eid, {}).items(), key=lambda kv: kv[1].id):
        if not c.new:
            profile.pop(c.field, None)
            continue
        item = {"value": c.new, "sources": [], "entity": None, **c.parts, "corrected": True, "change": c.id}
        kept = [v for v in profile.get(c.field, []) if not in_slot(slot, v) and not v.get("corrected")]
        profile[c.field] = [item, *kept]
    profile = {k: v for k, v in profile.items() if v}
    return facts, profile, list(st.touched.get(eid, []))
