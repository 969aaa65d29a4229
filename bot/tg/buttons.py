"""Every button's callback data, encoded and decoded here and nowhere else; the card's keyboard.

Data is `<kind>:<number>[:<number>]` with ASCII digits only (not ², not ٣), at most 64 bytes: ids from the
index, so a button survives a restart; one whose entity is gone is answered as stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, SwitchInlineQueryChosenChat

from bot.answer import FACTS_PER_PAGE, Answer
from bot.messages import DEFAULT, catalogue, t

CARD, SOURCES, MORE = "e", "s", "m"  # e:<entity>  s:<entity>  m:<entity>:<page>
HIDE_PICK, HIDE, UNDO, HISTORY = (
    "h",
    "x",
    "u",
    "y",
)  # h:<entity>:<page>  x:<entity>:<fact>  u:<change>  y:<entity>
LOOKUPS = CARD + SOURCES + MORE
CORRECTIONS = HIDE_PICK + HIDE + UNDO + HISTORY
_ARITY = {CARD: (1,), SOURCES: (1,), MORE: (2,), HIDE_PICK: (1, 2), HIDE: (2,), UNDO: (1,), HISTORY: (1,)}
_DATA = re.compile(r"([a-z]):([0-9]{1,9})(?::([0-9]{1,9}))?")


@dataclass(frozen=True, slots=True)
class Press:
    """A decoded button press: its kind and numbers (entity, page, fact or change ids)."""

    kind: str
    nums: tuple[int, ...]

    def num(self, i: int, default: int = 0) -> int:
        return self.nums[i] if i < len(self.nums) else default


def encode(kind: str, *nums: int) -> str:
    assert len(nums) in _ARITY[kind], (kind, nums)
    return ":".join([kind, *(str(int(n)) for n in nums)])


def decode(data: str | None) -> Press | None:
    """The press, or None for data that is not ours or not well formed."""
    m = _DATA.fullmatch(data or "")
    if not m or m.group(1) not in _ARITY:
        return None
    nums = tuple(int(g) for g in m.groups()[1:] if g is not None)
    return Press(m.group(1), nums) if len(nums) in _ARITY[m.group(1)] else None


def pattern(kinds: str) -> str:
    """The CallbackQueryHandler pattern of presses of these kinds (decoded, and checked, by the handler)."""
    return rf"^[{kinds}]:"


def kind_label(kind: str, lang: str) -> str:
    """人物, 公司… (person, company… in English); an unknown kind as it is."""
    return t(f"kind.{kind}", lang) if f"kind.{kind}" in catalogue(DEFAULT) else kind


def button(text: str, kind: str, *nums: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(kind, *nums))


def keyboard(ans: Answer, corrections_rows: list | None = None) -> InlineKeyboardMarkup | None:
    """Buttons under an answer, in the reader's language: candidates, or a card's pages, sources, share."""
    rows: list[list[InlineKeyboardButton]] = []
    if ans.status == "ambiguous":
        for c in ans.candidates[:8]:
            kind = kind_label(c["kind"], ans.lang)
            rows.append(
                [button(t("tg.button.candidate", ans.lang, name=c["name"], kind=kind), CARD, c["id"])]
            )
    elif ans.status == "not_found" and ans.other_kind:
        rows = [[button(ans.other_kind["name"], CARD, ans.other_kind["id"])]]
    elif ans.status == "not_found" and ans.candidates:
        rows = [[button(c["name"], CARD, c["id"]) for c in ans.candidates[:3]]]
    elif ans.status == "found" and ans.entity:
        rows = _card_rows(ans, corrections_rows or [])
    return InlineKeyboardMarkup(rows) if rows else None


def _card_rows(ans: Answer, corrections_rows: list) -> list[list[InlineKeyboardButton]]:
    eid = ans.entity["id"]
    first = []
    if len(ans.facts) > (ans.page + 1) * FACTS_PER_PAGE:
        first.append(button(t("tg.button.more", ans.lang), MORE, eid, ans.page + 1))
    first.append(button(t("tg.button.sources", ans.lang), SOURCES, eid))
    share = SwitchInlineQueryChosenChat(
        query=ans.entity["name"], allow_user_chats=True, allow_group_chats=True, allow_channel_chats=True
    )
    first.append(InlineKeyboardButton(t("tg.button.share", ans.lang), switch_inline_query_chosen_chat=share))
    rows = [first, *corrections_rows]
    related = ans.profile.get("related", [])[:4]
    if related:
        rows.append([button(r["value"], CARD, r["id"]) for r in related])
    return rows
