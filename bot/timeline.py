"""大事记 (`/timeline NAME`): an entity's dated facts in time order, one event a line, each with its sources.

For a person the dated events of their organisations (founded, led) join in: founding, listing, funding
rounds, renames. Typed profile values (founded 2013-04, listed 2019-11-21, a figure of 2020) give short
labels; other dated facts are the sentence itself (the renderer cuts it to the clause that matters).
Undated facts are left out. One event told by several sentences or articles is one line citing them
all; its date keeps the precision the text gives (2013-04, 2017–2019, 约2011, 2012年末).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.answer.facts import not_a_fact
from bot.messages import t

if TYPE_CHECKING:
    from bot.answer import Answer
    from bot.store.index import Index

PER_PAGE = 10
_CUES = Path(__file__).resolve().parent / "data" / "timeline" / "cues.yaml"
# An organisation of a person joins their timeline through these profile fields, at most this many.
_ORG_FIELDS = ("founded", "roles")
_MAX_ORGS = 4
# Kinds of a figure that are events of an organisation (a round, a valuation), not running results.
_FUNDING = re.compile(r"融资|募资|估值|轮")
# Order of events on the same date: what happened first in a life or a company's story first.
_KIND_ORDER = {"born": 0, "founded": 1, "role": 2, "listing": 3, "figure": 4}
# A year's start before the year, its end after it.
_WITHIN_YEAR = {"early": -1, "first_half": -1, "second_half": 1, "late": 1}


@dataclass
class Event:
    date: str  # sort key, as stored: 2013, 2013-04, 2019-11-21
    when: str  # the date as the text gives it: 2013-04, 2017–2019, 约2011
    kind: str  # born | founded | listing | figure | the fact's type
    entity: int  # whom it is about: the entity, or (for a person) one of their organisations
    label: str = ""  # a typed event's short text (创立恒岳科技); empty: the sentence is the text
    canon: str = ""  # the sentence (Simplified) of a sentence event
    text: str = ""  # the same sentence as the article writes it
    org: str = ""  # for a person: the organisation's name when the event is the organisation's
    facts: list[int] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    key: tuple = ()  # a typed event's identity: (kind, organisation id, …); one key, one line
    names: tuple[str, ...] = ()  # a typed event's organisation names: a sentence naming one tells it too

    def as_dict(self) -> dict:
        return {
            "date": self.date,
            "when": self.when,
            "kind": self.kind,
            "entity": self.entity,
            "label": self.label,
            "canon": self.canon,
            "text": self.text,
            "org": self.org,
            "facts": list(self.facts),
            "sources": list(self.sources),
        }


@cache
def _cues() -> dict:
    return yaml.safe_load(_CUES.read_text(encoding="utf-8"))


@cache
def _rx(name: str) -> re.Pattern[str]:
    return re.compile(_cues()[name])


def precision(canon: str, date: str, lang: str = "zh-hans") -> str:
    """The date as precise as the sentence gives it: a month or a day as stored, a period of years
    (2017–2019), an approximate year (约2011), the end or start of a year (2012年末)."""
    name, end = date_precision(canon, date)
    if name == "range":
        return t("timeline.when.range", lang, a=date, b=end)
    return t(f"timeline.when.{name}", lang, y=date) if name else date


def date_precision(canon: str, date: str) -> tuple[str, str]:
    """(range | about | late | early | mid | "", the last year of a range) for a year-only date."""
    if not re.fullmatch(r"\d{4}", date):
        return "", ""  # a month or a day: the stored form is the text's own precision
    rules = _cues()["precision"]
    end = date
    while True:  # a chain of years (2019年、2020年和截至2021年) is one period
        m = re.search(rules["range"].replace("{Y}", end), canon)
        if not m or m.group(1) <= end:
            break
        end = m.group(1)
    if end != date:
        return "range", end
    for name in ("about", "late", "early", "mid", "first_half", "second_half"):
        if re.search(rules[name].replace("{Y}", date), canon):
            return name, ""
    return "", ""


def happened(canon: str, date: str = "") -> bool:
    """Not a forecast, a plan or a wish (预计2025年…, 计划于2020年上市): judged on the clause that gives
    the date (a doubt elsewhere in the sentence is about something else), or the whole sentence."""
    clauses = re.findall(r"[^，,；;。！？]+", canon)
    dated = [c for c in clauses if date[:4] and date[:4] in c] or [canon]
    return not any(_rx("not_happened").search(c) for c in dated)


def org_event(canon: str) -> bool:
    """A sentence about an organisation's founding, listing, funding, rename or acquisition."""
    return bool(_rx("org_events").search(canon))


def timeline(index: Index, ans: Answer) -> list[Event]:
    """The entity's events in time order (all of them: the renderer pages them)."""
    assert ans.entity is not None
    eid, lang = ans.entity["id"], ans.lang
    events: list[Event] = []
    used: set[int] = set()  # facts a typed event already tells
    is_person = ans.entity["kind"] == "person"
    events += _typed(index, eid, ans.entity["name"], ans.profile, lang, is_person, own=True, used=used)
    orgs = _organisations(index, ans) if is_person else []
    for org in orgs:
        name = index.entities[org].name
        events += _typed(index, org, name, index.profile(org), lang, False, own=False, used=used)
    names = [n for n in [ans.entity["name"], *ans.entity["aliases"]] if n]
    for f in ans.facts:
        if f["id"] not in used and _dated_event(f, names):
            events.append(_sentence_event(f, eid, lang))
            used.add(f["id"])
    for org in orgs:
        org_names = _names(index, org)
        for f in index.facts_for(org, 200):
            if f["id"] in used or not _dated_event(f, org_names) or not org_event(f["canon"]):
                continue
            if _other_companies(index, f["id"], org):
                continue  # 星途与远帆…: not this organisation's own event
            ev = _sentence_event(f, org, lang)
            if not any(n in f["canon"] for n in org_names):
                ev.org = index.entities[org].name
            events.append(ev)
            used.add(f["id"])
    return _merge(events)


def _organisations(index: Index, ans: Answer) -> list[int]:
    """A person's organisations: those they founded, then those they hold a role in (current first)."""
    out: list[int] = []
    for field_ in _ORG_FIELDS:
        recs = sorted(ans.profile.get(field_, []), key=lambda r: r.get("status") == "past")
        for rec in recs:
            org = rec.get("entity")
            if org in index.entities and index.entities[org].kind != "person" and org not in out:
                out.append(org)
    return out[:_MAX_ORGS]


def _names(index: Index, eid: int) -> list[str]:
    e = index.entities[eid]
    return [n for n in [e.name, *(a for a, _ in e.aliases)] if n and len(n) >= 2]


def _dated_event(f: dict, names: list[str]) -> bool:
    return (
        bool(f.get("date"))
        and f["type"] != "quote"  # someone's view, not an event
        and f.get("explicit", True)
        and happened(f["canon"], f["date"])
        and not after_writing(f["date"], [s.get("date") or "" for s in f["sources"]])
        and not not_a_fact(f, names)
    )


def after_writing(date: str, written: list[str]) -> bool:
    """A date later than the article that gives it (到2035年…) is a forecast, not an event; with no
    article date known, later than this year."""
    latest = max((w for w in written if re.match(r"\d{4}", w)), default="")
    if not latest:
        import datetime

        latest = str(datetime.date.today().year)
    return date[: len(latest)] > latest[: len(date)]


def _other_companies(index: Index, fid: int, org: int) -> bool:
    """Another company or brand is named in the fact (an investor or an exchange is part of the event)."""
    return any(
        e != org and e in index.entities and index.entities[e].kind in ("company", "brand")
        for e in index.entities_in_fact(fid)
    )


def _sentence_event(f: dict, eid: int, lang: str) -> Event:
    return Event(
        date=f["date"],
        when=precision(f["canon"], f["date"], lang),
        kind=f["type"],
        entity=eid,
        canon=f["canon"],
        text=f.get("text") or f["canon"],
        facts=[f["id"]],
        sources=[dict(s) for s in f["sources"]],
    )


def _typed(
    index: Index,
    eid: int,
    name: str,
    profile: dict[str, list[dict]],
    lang: str,
    person: bool,
    own: bool,
    used: set[int],
) -> list[Event]:
    """Events from typed profile values that carry a date: born, founded, listing, a funding figure."""
    out: list[Event] = []

    def add(
        kind: str, date: str, label: str, rec: dict, about: int | str | None = None, *more: object
    ) -> None:
        if not date:
            return
        facts = [x for x in (rec.get("facts") or rec.get("sources") or []) if isinstance(x, int)]
        srcs = rec.get("sources") if rec.get("sources") and isinstance(rec["sources"][0], dict) else None
        if srcs is None:
            srcs = index.article_refs(rec.get("articles", []))
        if not srcs:
            return  # every line cites: a value no article holds is not shown
        used.update(facts)
        when = date
        for fid in facts[:1]:
            f = index.fact(fid)
            if f is not None:
                when = precision(f["canon"], date, lang) if len(date) == 4 else date
        about = eid if about is None else about
        names = tuple(_names(index, about)) if about in index.entities else ()
        out.append(Event(date, when, kind, eid, label=label, facts=facts, sources=[dict(s) for s in srcs]))
        out[-1].key, out[-1].names = (kind, about, *more), names

    org = "" if own else name
    for rec in profile.get("born", []) if person else []:
        year = _part(rec, "year")
        if year:
            place = next((_part(r, "place") for r in profile.get("born", []) if _part(r, "place")), "")
            label = t("timeline.born_in", lang, place=place) if place else t("timeline.born", lang)
            add("born", str(year), label, rec)
            break
    for rec in profile.get("founded", []):
        date = str(_part(rec, "date") or "")
        if person:
            what = _part(rec, "organisation") or rec.get("value", "")
            label = t("timeline.founded_by", lang, org=what)
            others = [w for w in (_part(rec, "with") or []) if w]
            if others:
                label += t("timeline.with", lang, names=t("timeline.sep", lang).join(others))
            add("founded", date, label, rec, rec.get("entity") or what)
        else:
            add("founded", date, t("timeline.founded", lang, org=org).strip(), rec)
    for rec in profile.get("listing", []):
        if _part(rec, "status") not in ("done", None, ""):
            continue  # a planned listing has not happened
        label = t("timeline.listed", lang, org=org, exchange=_part(rec, "exchange") or "").strip()
        if _part(rec, "ticker"):
            label += t("timeline.ticker", lang, ticker=_part(rec, "ticker"))
        add("listing", str(_part(rec, "date") or ""), label, rec, None, _part(rec, "exchange"))
    for rec in profile.get("figures", []):
        kind, year = str(_part(rec, "kind") or ""), _part(rec, "year")
        if not year or _part(rec, "status") == "planned" or (not own and not _FUNDING.search(kind)):
            continue
        label = t("timeline.figure", lang, org=org, kind=kind, amount=_part(rec, "amount") or "").strip()
        add("figure", str(year), label, rec, None, kind, _part(rec, "amount"))
    return out


def _part(rec: dict, key: str):
    """A typed part of a profile value, from a card's item (flat) or an index record (`parts`)."""
    if key in rec:
        return rec[key]
    return (rec.get("parts") or {}).get(key)


# ---- one event, one line -------------------------------------------------------------------------
def _merge(events: list[Event]) -> list[Event]:
    """Events told twice become one line citing every source: the same typed event (founded 2013 and
    founded 2013-04), or two sentences of the same date that say the same thing. The more precise
    date and the typed label win."""
    events.sort(key=lambda e: (e.date, _KIND_ORDER.get(e.kind, 9), 0 if e.label else 1, e.canon))
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if _same(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        finer = len(ev.date) > len(twin.date)
        if finer:
            twin.date, twin.when = ev.date, ev.when
        if ev.label and (finer or not twin.label):  # the finer telling says more (与李大力)
            twin.label, twin.kind = ev.label, ev.kind
        twin.facts += [f for f in ev.facts if f not in twin.facts]
        have = {s["article"] for s in twin.sources}
        twin.sources += [s for s in ev.sources if s["article"] not in have]
    out.sort(
        key=lambda e: (
            e.date,
            _WITHIN_YEAR.get(date_precision(e.canon, e.date)[0], 0),
            _KIND_ORDER.get(e.kind, 9),
        )
    )
    return out


def dated_count(ans: Answer) -> int:
    """The card's dated events, counted cheaply (the 大事记 button needs two): its dated facts that are
    events, and its profile values that carry a date."""
    names = [n for n in [ans.entity["name"], *ans.entity["aliases"]] if n] if ans.entity else []
    n = sum(1 for f in ans.facts if _dated_event(f, names))
    for field_, key in (("founded", "date"), ("listing", "date"), ("figures", "year"), ("born", "year")):
        n += sum(1 for v in ans.profile.get(field_, []) if v.get(key) and v.get("sources"))
    return n


def _same(a: Event, b: Event) -> bool:
    # Dates that agree: equal, or one the same day/month at a finer precision (2013 and 2013-04).
    if not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if set(a.facts) & set(b.facts):
        return True
    if a.key and b.key:
        return a.key == b.key
    typed = a if a.key else b if b.key else None
    if typed is not None:
        # A sentence that a typed event of the same kind already tells (the founding of the company it
        # names, in the same year).
        other = b if typed is a else a
        return (
            other.kind == typed.kind
            and typed.kind in ("founded", "listing")
            and a.date[:4] == b.date[:4]
            and (other.entity == typed.key[1] or any(n in other.canon for n in typed.names))
        )
    return a.entity == b.entity and _overlap(a.canon, b.canon) >= 0.6


def _overlap(x: str, y: str) -> float:
    """Share of the shorter sentence's character pairs (digits and punctuation left out) in the longer."""

    def pairs(s: str) -> set[str]:
        s = re.sub(r"[\W\d_]+", "", s)
        return {s[i : i + 2] for i in range(len(s) - 1)}

    px, py = pairs(x), pairs(y)
    if not px or not py:
        return 0.0
    small, big = (px, py) if len(px) <= len(py) else (py, px)
    return len(small & big) / len(small)


def pages(events: list[Event]) -> int:
    return max(1, -(-len(events) // PER_PAGE))


__all__ = [
    "PER_PAGE",
    "Event",
    "after_writing",
    "date_precision",
    "dated_count",
    "happened",
    "org_event",
    "pages",
    "precision",
    "timeline",
]
