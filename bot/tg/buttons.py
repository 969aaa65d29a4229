"""Every button's callback data, encoded and decoded here and nowhere else; the card's keyboard.

Data is `<kind>:<number>[:<number>][.<check>]` with ASCII digits only (not ², not ٣), at most 64 bytes. The
ids are the index's stable ids (`bot.store.ids`), so a button survives a restart and a rebuild; the check (a
short hash of the entity's and fact's keys, `Index.id_check`) says what they pointed to, so a button whose
entity or fact is gone or is now another one is answered "这个按钮已失效", never with another card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, SwitchInlineQueryChosenChat

from bot.answer import FACTS_PER_PAGE, Answer
from bot.messages import DEFAULT, catalogue, t
from bot.show import article_pages, search_pages, shown_page, sources_pages
from bot.store.index import Index

CARD, SOURCES, MORE = "e", "s", "m"  # e:<entity>  s:<entity>[:<page>]  m:<entity>:<page>
SEARCH, ARTICLES = "q", "a"  # q:<search key>:<page> (`Core.remember_search`)  a:<page> of /sources
HIDE_PICK, HIDE, UNDO, HISTORY = (
    "h",
    "x",
    "u",
    "y",
)  # h:<entity>:<page>  x:<entity>:<fact>  u:<change>  y:<entity>
TIMELINE, GRAPH = "t", "g"  # t:<entity>:<page>  g:<entity> (answered by bot/tg/graph.py)
VIEWS = TIMELINE + GRAPH
LOOKUPS = CARD + SOURCES + MORE + SEARCH + ARTICLES
CORRECTIONS = HIDE_PICK + HIDE + UNDO + HISTORY
_ARITY = {
    CARD: (1,),
    SOURCES: (1, 2),
    MORE: (2,),
    SEARCH: (2,),
    ARTICLES: (1,),
    HIDE_PICK: (1, 2),
    HIDE: (2,),
    UNDO: (1,),
    HISTORY: (1,),
}
_ARITY |= {TIMELINE: (2,), GRAPH: (1,)}
# Which numbers of a press are ids the check covers: (entity position, fact position). A change id (u:) is
# the corrections store's own, which a rebuild never renumbers.
_CHECKED = {
    CARD: (0, None),
    SOURCES: (0, None),
    MORE: (0, None),
    HIDE_PICK: (0, None),
    HIDE: (0, 1),
    HISTORY: (0, None),
    TIMELINE: (0, None),
    GRAPH: (0, None),
}
_DATA = re.compile(r"([a-z]):([0-9]{1,9})(?::([0-9]{1,9}))?(?:\.([0-9a-z]{1,8}))?")


@dataclass(frozen=True, slots=True)
class Press:
    """A decoded button press: its kind and numbers (entity, page, fact or change ids), and its check."""

    kind: str
    nums: tuple[int, ...]
    check: str = ""

    def num(self, i: int, default: int = 0) -> int:
        return self.nums[i] if i < len(self.nums) else default


def encode(kind: str, *nums: int, check: str = "") -> str:
    assert len(nums) in _ARITY[kind], (kind, nums)
    return ":".join([kind, *(str(int(n)) for n in nums)]) + (f".{check}" if check else "")


def decode(data: str | None) -> Press | None:
    """The press, or None for data that is not ours or not well formed."""
    m = _DATA.fullmatch(data or "")
    if not m or m.group(1) not in _ARITY:
        return None
    nums = tuple(int(g) for g in m.groups()[1:3] if g is not None)
    return Press(m.group(1), nums, m.group(4) or "") if len(nums) in _ARITY[m.group(1)] else None


def expected_check(index: Index, kind: str, nums: tuple[int, ...]) -> str | None:
    """The check a press of this kind with these numbers must carry now (None: its ids name nothing)."""
    if kind not in _CHECKED:
        return ""
    e, f = _CHECKED[kind]
    return index.id_check(
        entity=nums[e] if e is not None and e < len(nums) else None,
        fact=nums[f] if f is not None and f < len(nums) else None,
    )


def current(index: Index, press: Press | None) -> bool:
    """Whether a press still points at what it pointed at when the button was made (a button without a
    check, made before checks existed, cannot tell: stale)."""
    if press is None:
        return False
    want = expected_check(index, press.kind, press.nums)
    return want is not None and want == press.check


def pattern(kinds: str) -> str:
    """The CallbackQueryHandler pattern of presses of these kinds (decoded, and checked, by the handler)."""
    return rf"^[{kinds}]:"


def kind_label(kind: str, lang: str) -> str:
    """人物, 公司… (person, company… in English); an unknown kind as it is."""
    return t(f"kind.{kind}", lang) if f"kind.{kind}" in catalogue(DEFAULT) else kind


def button(index: Index, text: str, kind: str, *nums: int) -> InlineKeyboardButton:
    """A button whose data carries the check of the ids it holds (computed from `index`)."""
    return InlineKeyboardButton(
        text, callback_data=encode(kind, *nums, check=expected_check(index, kind, nums) or "")
    )


def keyboard(
    ans: Answer, index: Index, corrections_rows: list | None = None, search_key: int | None = None
) -> InlineKeyboardMarkup | None:
    """Buttons under an answer, in the reader's language: candidates, or a card's pages, sources, share,
    or the pages of a list. `search_key` names a /search's words for its page buttons."""
    rows: list[list[InlineKeyboardButton]] = []
    if ans.status == "ambiguous":
        for c in ans.candidates[:8]:
            kind = kind_label(c["kind"], ans.lang)
            text = t("tg.button.candidate", ans.lang, name=c["name"], kind=kind)
            rows.append([button(index, text, CARD, c["id"])])
    elif ans.status == "not_found" and ans.other_kind:
        rows = [[button(index, ans.other_kind["name"], CARD, ans.other_kind["id"])]]
    elif ans.status == "not_found" and ans.candidates:
        rows = [[button(index, c["name"], CARD, c["id"]) for c in ans.candidates[:3]]]
    elif ans.status == "found" and ans.entity and ans.command == "sources":
        rows = sources_rows(ans, index)
    elif ans.status == "found" and ans.entity:
        rows = _card_rows(ans, index, corrections_rows)
    elif ans.status == "list" and ans.command == "search" and search_key is not None:
        rows = _page_row(ans, index, search_pages(ans), lambda p: (SEARCH, search_key, p))
    elif ans.status == "list" and ans.command == "sources":
        rows = _page_row(ans, index, article_pages(ans), lambda p: (ARTICLES, p))
    elif ans.status == "answered" and ans.entity:  # a question's answer: its full card one tap away
        rows = [[button(index, t("ask.button.card", ans.lang), CARD, ans.entity["id"])]]
    return InlineKeyboardMarkup(rows) if rows else None


def _page_row(ans: Answer, index: Index, count: int, data, page: int | None = None) -> list[list]:
    """‹ 上一页 / 下一页 › for a list of `count` pages (none for one page); `data(p)` is a page's press."""
    page = min(max(0, ans.page if page is None else page), count - 1)
    row = []
    if page > 0:
        row.append(button(index, t("tg.button.prev", ans.lang), *data(page - 1)))
    if page + 1 < count:
        row.append(button(index, t("tg.button.next", ans.lang), *data(page + 1)))
    return [row] if row else []


def sources_rows(ans: Answer, index: Index) -> list[list[InlineKeyboardButton]]:
    """Under a card's source list: back to the card (in place), and its pages."""
    eid = ans.entity["id"]
    pages = _page_row(ans, index, sources_pages(ans), lambda p: (SOURCES, eid, p))
    return [*pages, [button(index, t("tg.button.card", ans.lang), MORE, eid, 0)]]


def _card_rows(ans: Answer, index: Index, corrections_rows: list | None) -> list[list[InlineKeyboardButton]]:
    eid = ans.entity["id"]
    page = shown_page(ans)
    first = []
    if page > 0:
        first.append(button(index, t("tg.button.prev", ans.lang), MORE, eid, page - 1))
    if len(ans.facts) > (page + 1) * FACTS_PER_PAGE:
        label = "tg.button.more" if page == 0 else "tg.button.next"
        first.append(button(index, t(label, ans.lang), MORE, eid, page + 1))
    first.append(button(index, t("tg.button.sources", ans.lang), SOURCES, eid))
    share = SwitchInlineQueryChosenChat(
        query=ans.entity["name"], allow_user_chats=True, allow_group_chats=True, allow_channel_chats=True
    )
    first.append(InlineKeyboardButton(t("tg.button.share", ans.lang), switch_inline_query_chosen_chat=share))
    rows = [first, *(corrections_rows or [])]
    views = view_row(ans, index, photo=corrections_rows is not None)  # an inline message holds no photo
    if views:
        rows.append(views)
    related = ans.profile.get("related", [])[:4]
    if related and page == 0:
        rows.append([button(index, r["value"], CARD, r["id"]) for r in related])
    return rows


def view_row(ans: Answer, index: Index, photo: bool = True) -> list[InlineKeyboardButton]:
    """大事记 under a card with two dated facts or more, 关系图 under one with two relations or more
    (where a photo can be sent in reply)."""
    from bot.graph import MIN_EDGES, relation_count
    from bot.timeline import dated_count

    eid, row = ans.entity["id"], []
    if dated_count(ans) >= 2:
        row.append(button(index, t("graph.button.timeline", ans.lang), TIMELINE, eid, 0))
    if photo and ans.command != "graph" and relation_count(index, ans) >= MIN_EDGES:
        row.append(button(index, t("graph.button.graph", ans.lang), GRAPH, eid))
    return row
