"""Profiles as typed relations: each value filled only where the sentence's structure says so.

Every relation has typed slots (founded: person -> organisation, date; role: title @ organisation,
current | past; listing: exchange, date, ticker, status; figure: kind, amount, year, status …) and is
taken only when the entity is the clause's subject (named, or continued by 他/她/该公司), the verb is
not negated, failed or merely planned, and the argument is of the right kind (a school is not founded,
an exchange is not a product). Each relation is a rule in its own module (founded, roles, born,
education, listing, figures, products, places); the grammar they share is `sentence.Reader`; the cue
words are data (`bot/data/relations/`).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.relations import born, cues, education, figures, founded, listing, places, products, roles
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.grammar import QUESTION_TYPE
from bot.relations.record import Value
from bot.relations.sentence import Reader, Rule, View

__all__ = ["QUESTION_TYPE", "ProfileBuilder", "Value"]


# A sentence naming more entities than this is a list: each is related only to its LIST_NEIGHBOURS
# neighbours on either side, so a list of 17,000 names costs linear, not quadratic, values (issue 20).
MAX_RELATED_ALL_PAIRS = 16
LIST_NEIGHBOURS = 2


def related(b: Reader, s: View) -> None:
    """Every two entities a sentence names are related (in a long list: neighbours only)."""
    ids = [e for e in s.f.entities if e not in b.bad_org]
    near = len(ids) if len(ids) <= MAX_RELATED_ALL_PAIRS else LIST_NEIGHBOURS
    for i, a in enumerate(ids):
        for o in ids[max(0, i - near) : i + near + 1]:
            if a != o:
                b.put(a, "related", b.name(o), s.i, entity=o)


# In the order they run: a later rule may read what an earlier one recorded (departures, moves).
RULES: tuple[Rule, ...] = (
    founded.FOUNDED,
    founded.FOUNDER_TITLES,
    founded.FOUNDER_DESCRIBED,
    founded.ORG_FOUNDED,
    founded.SHOPS_OPENED,
    roles.ROLES,
    roles.DEPARTURES,
    born.BORN,
    education.EDUCATION,
    listing.LISTING,
    figures.FIGURES,
    products.PRODUCTS,
    places.PLACES,
    Rule("related", ("related",), related),
)


class ProfileBuilder(Reader):
    """Structured fields for each entity, every value with the facts (sources) that support it."""

    def build(self) -> dict[int, list[Value]]:
        sents = [self.view(i, f) for i, f in enumerate(self.facts)]
        self.by_place = {(s.f.article, s.f.sentence): s for s in sents if s.f.type != QUESTION_TYPE}
        for s in sents:
            if s.f.type == QUESTION_TYPE:
                founded.org_founded(
                    self, s
                )  # a statement in a question turn: its founding date, nothing else
                continue
            for rule in RULES:
                rule.apply(self, s)
        return self._finish()

    def _finish(self) -> dict[int, list[Value]]:
        roles.apply_departures(self)
        places.apply_moves(self)
        out: dict[int, list[Value]] = {}
        for eid, e in self.entities.items():
            # Aliases as the corpus writes them (a spun 技能 restored to 技术 in a legal name).
            for alias, typ in e["aliases"].items():
                self.put(eid, "aliases", self.restore(alias), None, type=typ, written=alias)
        for eid, table in self.values.items():
            kept = _most_specific(education.same_schools(list(table.values())))
            if self.is_person(eid):
                self._with_cofounders(eid, kept)
            kept = education.in_study_order(kept)
            kept = _heads_in_rank(kept)
            edu = [v for v in kept if v.field == "education"]
            if edu:
                kept = [v for v in kept if v.field != "related" or not education.shown_school(v, edu)]
            out[eid] = kept
        return out

    def _with_cofounders(self, eid: int, kept: list[Value]) -> None:
        """A person's founding with the co-founders named beside it (恒岳科技（2014年6月，与孙启明）)."""
        for v in kept:
            if v.field == "founded" and v.entity is not None:
                others = [
                    k.entity
                    for k in self.values.get(v.entity, {}).values()
                    if k.field == "founders" and k.entity not in (None, eid) and k.sources & v.sources
                ]
                if others:
                    v.parts["with"] = [self.name(o) for o in others]
                    names = g.LIST_COMMA.join(self.name(o) for o in others)
                    date = vals.show_date(v.parts["date"]) if v.parts.get("date") else ""
                    when = g.shown("FOUNDED_WITH_DATE", date=date) if date else ""
                    v.text = g.shown("FOUNDED_WITH", org=self.name(v.entity), date=when, names=names)


def _heads_in_rank(items: list[Value]) -> list[Value]:
    """An organisation's heads in the order of their titles (董事长 before 总经理), each title keeping its
    support order; the other fields stay where they are."""
    heads = [v for v in items if v.field == "leaders"]
    if len(heads) < 2:
        return items
    ranked = iter(sorted(heads, key=lambda v: _head_rank(v.parts.get("title", ""))))
    return [next(ranked) if v.field == "leaders" else v for v in items]


def _head_rank(title: str) -> int:
    order = cues.words_in_order("leader_rank")
    rank = next((k for k, t in enumerate(order) if t in title), len(order))
    # a deputy (副主席, 副总经理) after every head
    return rank + (len(order) + 1 if title.startswith(g.DEPUTY) else 0)


def _most_specific(items: list[Value]) -> list[Value]:
    """The values, best supported first, each less specific one folded into (its sources added to) a more
    specific one of the same field (aliases and related entities are all kept)."""
    kept: list[Value] = []
    for v in sorted(items, key=lambda v: (-len(v.sources), min(v.sources, default=0))):
        if v.field != "related" and v.field != "aliases":
            bigger = next(
                (k for k in items if k is not v and k.field == v.field and _less_specific(v, k)), None
            )
            if bigger is not None:
                bigger.sources |= v.sources
                continue
        kept.append(v)
    return kept


def _less_specific(a: Value, b: Value) -> bool:
    """`a` says less than `b` about the same thing (2014 vs 2014年6月; 恒岳科技 vs 恒岳科技（2014年6月）;
    CEO vs 董事长兼CEO at the same company; a past role that is also current)."""
    pa, pb = a.parts, b.parts
    if a.field == "listing":
        return _less_listing(pa, pb)
    if a.field == "founded" and a.entity is not None:
        return a.entity == b.entity and not pa.get("date") and bool(pb.get("date"))
    if "date" in pa and "date" in pb and not pa.get("exchange"):
        return bool(pa["date"]) and pb["date"].startswith(pa["date"]) and len(pb["date"]) > len(pa["date"])
    by_field = _LESS_BY_FIELD.get(a.field)
    if by_field is not None:
        return by_field(a, b)
    return a.text != b.text and a.text in b.text and a.field not in ("figures",)


def _less_listing(pa: dict, pb: dict) -> bool:
    """The same exchange without the date or the ticker; a ticker alone that another listing has."""
    if pa.get("exchange") and pa.get("exchange") == pb.get("exchange"):
        no_date = not pa.get("date") and bool(pb.get("date"))
        no_ticker = not pa.get("ticker") and bool(pb.get("ticker")) and pa.get("date") == pb.get("date")
        return no_date or no_ticker
    return not pa.get("exchange") and bool(pa.get("ticker")) and pa.get("ticker") == pb.get("ticker")


def _less_role(a: Value, b: Value) -> bool:
    """CEO vs 董事长兼CEO at the same company; a past role that is also current."""
    pa, pb = a.parts, b.parts
    same_org = pa.get("organisation") == pb.get("organisation")
    if same_org and pa.get("title") == pb.get("title"):
        return pa.get("status") == "past" and pb.get("status") == "current"
    return same_org and pa.get("title", "") in pb.get("title", "") and pa.get("status") == pb.get("status")


def _less_leader(a: Value, b: Value) -> bool:
    return a.entity == b.entity and a.parts.get("title", "") in b.parts.get("title", "") and a.text != b.text


def _less_education(a: Value, b: Value) -> bool:
    """The same school with fewer of major, year and degrees."""
    pa, pb = a.parts, b.parts
    degrees_a = set(filter(None, (pa.get("degree") or "").split("/")))
    degrees_b = set(filter(None, (pb.get("degree") or "").split("/")))
    return (
        pa.get("school") == pb.get("school")
        and all(not pa.get(k) or pa.get(k) == pb.get(k) for k in ("major", "year"))
        and degrees_a <= degrees_b
        and a.text != b.text
    )


_LESS_BY_FIELD: dict[str, Callable[[Value, Value], bool]] = {
    "roles": _less_role,
    "leaders": _less_leader,
    "education": _less_education,
    "born": lambda a, b: False,
}
