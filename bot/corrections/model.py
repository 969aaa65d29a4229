"""The domain of team corrections: the ops, who is correcting, a parsed request, what applying the log did,
and the typed results of a command. No SQL (bot.store.corrections) and no reply text (bot.corrections.text)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.errors import FactbotError
from bot.normalize import clean_surface
from bot.store.corrections import UNDO, Change
from bot.vocab import (
    ENTITY_KINDS,
    FIELD_LABELS_ZH,
    KIND_LABELS_ZH,
    ORG_FIELDS,
    PERSON_FIELDS,
    PERSON_KINDS,
    fields_for,
)

__all__ = ["Change", "UNDO"]

ALIAS, UNALIAS, MERGE, SPLIT, KIND, NOTENTITY, FIX, HIDE = (
    "alias",
    "unalias",
    "merge",
    "split",
    "kind",
    "notentity",
    "fix",
    "hide",
)
HISTORY = "history"
# What a user types; `unalias` is `/alias -NAME = ALIAS`.
COMMANDS = ("alias", "merge", "split", "kind", "notentity", "fix", "hide", "history", "undo")
READ_ONLY = frozenset({HISTORY})

KIND_LABELS = KIND_LABELS_ZH
FIELD_LABELS = FIELD_LABELS_ZH
# Set with their own commands (/alias) or computed from other entities: not typed values.
_NOT_FIXABLE = frozenset({"aliases", "related"})


def _words(key: str) -> Any:
    """Words a user may type for kinds, fields and clearing a value (bot/data/corrections/words.yaml)."""
    data = yaml.safe_load(_WORDS.read_text(encoding="utf-8")) or {}
    return data.get(key) or {}


_WORDS = Path(__file__).resolve().parent.parent / "data" / "corrections" / "words.yaml"


KIND_WORDS = {**{k: k for k in ENTITY_KINDS}, **{v: k for k, v in KIND_LABELS.items()}, **_words("kinds")}
FIELD_WORDS = {
    **{f: f for f in (*PERSON_FIELDS, *ORG_FIELDS)},
    **{v: k for k, v in FIELD_LABELS.items()},
    **_words("fields"),
}
CLEAR_WORDS = frozenset(_words("clear"))


def fixable_fields(kind: str) -> tuple[str, ...]:
    return tuple(f for f in fields_for(kind) if f not in _NOT_FIXABLE)


def fix_slot(field_: str, parts: dict[str, Any]) -> str:
    """What a /fix replaces: a birth date leaves the birthplace the articles give (`/fix X born 1983`);
    any other value, or a cleared field, replaces the whole field."""
    return "born:date" if field_ == "born" and "year" in parts else field_


def in_slot(slot: str, parts: dict[str, Any]) -> bool:
    """Whether an extracted value (its typed parts) is one a fix of `slot` replaces."""
    return parts.get("year") is not None if slot == "born:date" else True


def is_date_field(field_: str, kind: str) -> bool:
    """born is a date for everyone; founded is a date for an organisation and organisations for a person."""
    return field_ == "born" or (field_ == "founded" and kind not in PERSON_KINDS)


_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?$")


def parse_date(text: str) -> dict[str, Any] | None:
    """1983 / 1983年 / 2013-04 / 2013年4月 / 2013-04-05 → typed parts and a display value, else None."""
    m = _DATE.match(clean_surface(text))
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    this_year = datetime.now(UTC).year
    if not 1800 <= year <= this_year + 1 or (month and not 1 <= month <= 12) or (day and not 1 <= day <= 31):
        return None
    value = f"{year}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    parts: dict[str, Any] = {"year": year}
    if month:
        parts["month"] = month
    if day:
        parts["day"] = day
    return {"value": value, **parts}


class CorrectionError(FactbotError):
    """Bad input to a correction command; `code` picks the message, `params` fill it."""

    def __init__(self, code: str, status: str = "error", **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params


@dataclass
class Actor:
    user_id: int
    name: str
    chat_id: int = 0
    allowed: bool = True
    mode: str = "everyone"  # the setting that decided `allowed`: everyone | group_admins | admins


WHO_MODES = ("everyone", "group_admins", "admins")


def who_may_correct(settings) -> str:
    mode = str((getattr(settings, "corrections", None) or {}).get("who") or "everyone")
    return mode if mode in WHO_MODES else "admins"  # an unknown setting errs on the safe side


@dataclass
class Request:
    op: str
    name: str = ""
    other: str = ""  # the alias, or the second entity
    field: str = ""
    value: str = ""
    number: int = 0  # fact id (/hide) or change id (/undo)
    entity_id: int | None = None  # set by buttons, which know the card they are under


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a stored change does not apply to this index now (its target is gone...): a message code."""

    code: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class State:
    """What the active corrections did to one loaded index."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    orphans: dict[int, Reason] = field(default_factory=dict)  # change id -> why its target is not there
    merged: dict[int, list[int]] = field(default_factory=dict)  # surviving entity -> entities merged in
    removed: dict[int, str] = field(default_factory=dict)  # /notentity: entity id -> its name
    # entity -> what a fix replaces (`fix_slot`: a field, or born's date alone) -> the latest fix of it
    fixes: dict[int, dict[str, Change]] = field(default_factory=lambda: defaultdict(dict))
    # entity (0: every card) -> fact id -> the change that hid it
    hidden: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    touched: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # eid -> change ids
    names: object = None  # the index's entity table these were applied on (a reload makes a new one)

    @property
    def rewrites_names(self) -> bool:
        """Whether a reload of the index must reload every name (the log changes names in place)."""
        return self.any or self.path.exists()

    @property
    def any(self) -> bool:
        return any(c.active for c in self.changes)

    def by_id(self, cid: int) -> Change | None:
        return next((c for c in self.changes if c.id == cid), None)


# ---- what a command did ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Done:
    """A recorded change (`undone`: the change an undo reverted; `overridden_by`: a later change of the
    same thing, which stays, so undoing this one changes nothing the card shows)."""

    change: Change
    entity: int | None = None
    undone: Change | None = None
    fact: int | None = None
    overridden_by: Change | None = None


@dataclass(frozen=True, slots=True)
class HistoryRow:
    change: Change
    status: str  # active | undone | orphan
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class History:
    entity: int | None
    title: str
    rows: list[HistoryRow]


Result = Done | History


class Resolved(Protocol):
    """What the resolver (bot.query.resolve) says a typed name is; corrections are given it, not import it."""

    status: str
    entity: int | None
    candidates: list[tuple[int, float]]
    tier: str
