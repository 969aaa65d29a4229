"""When and where a person was born (field: born)."""

from __future__ import annotations

from bot.relations import grammar as g
from bot.relations.sentence import Reader, Rule, View, is_place


def born(b: Reader, s: View) -> None:
    m = g.BORN.search(s.canon)
    place = None
    for pm in g.BORN_PLACE.finditer(s.canon):
        if is_place(pm.group(1)):
            place = pm
            break
    if not m and not place:
        return
    at = m.start() if m else place.start()
    who = b.agents(s, at) or ([s.people[0][0]] if len(s.people) == 1 else [])
    if len(who) != 1:
        return
    pid = who[0]
    if m:
        year = next(x for x in m.groups() if x)
        b.put(pid, "born", g.shown("YEAR", year=year), s.i, year=int(year))
    if place:
        b.put(pid, "born", place.group(1), s.i, place=place.group(1))


BORN = Rule("born", ("born",), born)
