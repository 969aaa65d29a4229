"""Team corrections: stored apart from extraction (bot.store.corrections), applied on top of it.

- `model`: the ops, Actor, Request, State and the typed results of a command.
- `parser`: a command's argument -> Request.
- `apply`: the log on a loaded index's names (`state`), and on a built card or search list (`card`, `hits`).
- `commands`: `execute` a Request -> Done | History (CorrectionError otherwise).
- `text`: the words, from the message catalogue (bot/data/messages/<lang>/corrections.yaml).

The answer (bot.answer) drives them; the index never imports this package. The names below are the ones the
surfaces (render, Telegram, CLI) use.
"""

from __future__ import annotations

from bot.corrections.commands import execute
from bot.corrections.commands import listing as rows
from bot.corrections.model import (
    ALIAS,
    COMMANDS,
    FIX,
    HIDE,
    HISTORY,
    KIND,
    MERGE,
    NOTENTITY,
    READ_ONLY,
    SPLIT,
    UNALIAS,
    UNDO,
    Actor,
    CorrectionError,
    Request,
    parse_date,
    who_may_correct,
)
from bot.corrections.parser import parse
from bot.corrections.text import marked_profile, message, render_reply, reply_text, row_dict
from bot.messages import catalogue
from bot.store.corrections import Store, store_path

# Error texts by code (Simplified Chinese), for surfaces that answer without an Answer (a button's toast);
# `message(code, lang)` gives them in the reader's language.
MESSAGES = {
    k.removeprefix("corrections.error."): v
    for k, v in catalogue("zh-hans").items()
    if k.startswith("corrections.error.")
}


def listing(index) -> list[dict]:
    """Every change with its status (active, undone, or waiting because its target is gone)."""
    return [row_dict(r) for r in rows(index)]


__all__ = [
    "ALIAS",
    "COMMANDS",
    "FIX",
    "HIDE",
    "HISTORY",
    "KIND",
    "MERGE",
    "MESSAGES",
    "NOTENTITY",
    "READ_ONLY",
    "SPLIT",
    "UNALIAS",
    "UNDO",
    "Actor",
    "CorrectionError",
    "Request",
    "Store",
    "execute",
    "listing",
    "marked_profile",
    "message",
    "parse",
    "parse_date",
    "render_reply",
    "reply_text",
    "store_path",
    "who_may_correct",
]
