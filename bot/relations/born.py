"""When and where a person was born (field: born)."""

from __future__ import annotations

from bot.relations import grammar as g
from bot.relations.sentence import Reader, Rule, View, is_place, possessive


def born(b: Reader, s: View) -> None:
    m = g.BORN.search(s.canon)
    place = None
    for pm in g.BORN_PLACE.finditer(s.canon):
        if is_place(pm.group(1)):
            place = pm
            break
    year = next(x for x in m.groups() if x) if m else ""
    at = m.start() if m else place.start() if place else -1
    if not m:
        # 1977年，张三出生在湖北: a bare 出生 takes its year from the clause or a leading date clause, when
        # the clause has someone who does it.
        v = g.BORN_VERB.search(s.canon)
        date = b.when(s, v.start(), v.start()) if v else ""
        if v and date and b.agents(s, v.start()):
            at, year = v.start(), date[:4]
    if at < 0:
        return
    who = b.agents(s, at) or ([s.people[0][0]] if len(s.people) == 1 else [])
    if len(who) != 1:
        return
    pid = who[0]
    if any(q[0] == pid and possessive(s, q) for q in s.people if q[2] < at):
        return  # 张三的女儿出生在北京: someone of his was born
    if year:
        b.put(pid, "born", g.shown("YEAR", year=year), s.i, year=int(year))
    if place:
        b.put(pid, "born", place.group(1), s.i, place=place.group(1))


BORN = Rule("born", ("born",), born)
