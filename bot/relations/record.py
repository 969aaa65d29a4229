"""Recording profile values: one Value per (entity, field, text), with its sources."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.relations import grammar as g
from bot.relations import values as vals
from bot.vocab import PERSON_KINDS


@dataclass
class Value:
    """One profile value: what the card shows, the entity it links to, its typed parts, its sources."""

    field: str
    text: str
    entity: int | None = None
    parts: dict = field(default_factory=dict)
    sources: set[int] = field(default_factory=set)

    def record(self) -> dict:
        return {
            "field": self.field,
            "value": self.text,
            "entity": self.entity,
            "parts": self.parts,
            "sources": sorted(self.sources),
        }


# Distinct values one entity may hold in one field (aliases apart): a hub named in thousands of
# sentences (王某担任X1…X5000董事) keeps its first ones; the rules that compare an entity's values with
# each other then cost a bounded amount, and the index grows no further (issue 20). The dev set's
# largest field holds 74 (related).
MAX_VALUES_PER_FIELD = 200


class Recorder:
    """The profile values found so far, per entity and field, each with the facts (sources) behind it."""

    def __init__(self, entities: dict[int, dict]) -> None:
        self.entities = entities
        self.values: dict[int, dict[tuple[str, str], Value]] = defaultdict(dict)
        self._per_field: dict[tuple[int, str], int] = defaultdict(int)

    def put(
        self, eid: int, field_: str, text: str, i: int | None, entity: int | None = None, **parts
    ) -> None:
        text = text.strip("，,。 ")
        if not text:
            return
        v = self.values[eid].get((field_, text))
        if v is None:
            if field_ != "aliases" and self._per_field[(eid, field_)] >= MAX_VALUES_PER_FIELD:
                return
            self._per_field[(eid, field_)] += 1
            v = self.values[eid][(field_, text)] = Value(
                field_, text, entity, {k: p for k, p in parts.items()}
            )
        if i is not None:
            v.sources.add(i)

    def name(self, eid: int) -> str:
        return self.entities[eid]["name"]

    def is_person(self, eid: int) -> bool:
        return self.entities[eid]["kind"] in PERSON_KINDS

    def record_founded(self, pid: int, oid: int, date: str, i: int) -> None:
        org = self.name(oid)
        self.put(
            pid,
            "founded",
            org + (f"（{vals.show_date(date)}）" if date else ""),
            i,
            entity=oid,
            organisation=org,
            date=date,
        )
        self.put(oid, "founders", self.name(pid), i, entity=pid, person=self.name(pid))
        if date:
            self.put(oid, "founded", vals.show_date(date), i, date=date, year=int(date[:4]))

    @staticmethod
    def role_text(org: str, title: str, status: str) -> str:
        return f"{org} {title}" + (g.shown("PAST") if status == "past" else "")

    def record_role(
        self, pid: int, oid: int, title: str, status: str, i: int, leads: bool = True, written: str = ""
    ) -> None:
        """A title at an organisation (shown by `written`, the fuller name the article gives it, if any)."""
        org = written or self.name(oid)
        title = re.sub(r"\s+", "", title)
        text = self.role_text(org, title, status)
        self.put(pid, "roles", text, i, entity=oid, title=title, organisation=org, status=status)
        if status == "current" and leads:
            self.put(
                oid,
                "leaders",
                f"{self.name(pid)}（{title}）",
                i,
                entity=pid,
                person=self.name(pid),
                title=title,
                status=status,
            )
