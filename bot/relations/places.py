"""Headquarters (moves included), parent organisations and their brands (fields: headquarters, parent, brands)."""

from __future__ import annotations

from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.sentence import Reader, Rule, View, is_place


def places_and_parents(b: Reader, s: View) -> None:
    subj = b.subject(s)
    for oid, _n, pos in s.orgs:
        m = g.UNDER.search(s.canon, max(0, pos - 32), pos)
        if m:
            parent = next((o for o in s.orgs if o[1] in m.group(1) and o[0] != oid), None)
            if parent:
                b.put(oid, "parent", b.name(parent[0]), s.i, entity=parent[0])
                b.put(parent[0], "brands", b.name(oid), s.i, entity=oid)
        # Where a company was founded (在南京创办) is not where it is based: only a 总部 cue says that.
        hq = g.HQ.search(s.canon)
        if hq and oid == subj and is_place(hq.group(1)):
            b.put(oid, "headquarters", hq.group(1), s.i, place=hq.group(1), moved=False)
    for m in g.HQ_MOVED.finditer(s.canon):
        place = next(p for p in m.groups() if p)
        cs, _ = vals.clause_at(s.canon, m.start())
        named = {o[0] for o in s.orgs}
        oid = subj if subj is not None and not b.is_person(subj) else None
        if oid is None and len(named) == 1:
            oid = next(iter(named))
        if oid is None or not is_place(place) or g.NOT_DONE.search(s.canon[cs : m.start()]):
            continue
        b.put(oid, "headquarters", place, s.i, place=place, moved=True)


def apply_moves(b: Reader) -> None:
    """An organisation whose headquarters moved shows the place it moved to, not the older one."""
    for table in b.values.values():
        hq = [k for k, v in table.items() if v.field == "headquarters"]
        if any(table[k].parts.get("moved") for k in hq):
            for k in hq:
                if not table[k].parts.get("moved"):
                    del table[k]


PLACES = Rule("places", ("headquarters", "parent", "brands"), places_and_parents)
