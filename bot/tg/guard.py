"""The Telegram edges (issue 20): updates the library cannot read, forwarded commands, automatic forwards
from a linked channel, anonymous group administrators, and a document whose caption is a command.

- An update PTB cannot parse would make `getUpdates` fail before the offset moves: the same update is
  fetched forever and nobody is answered. `GuardedBot` replaces such an update by its bare id (logged
  once), so the offset advances and the bot goes on.
- A forwarded message is someone else's words: its command is never run as the forwarder's (a `/fix`
  typed by a stranger would become the forwarder's correction). The same for the copy of a channel post
  that Telegram forwards automatically into the channel's discussion group (the post was answered in the
  channel already).
- An anonymous administrator writes as the group itself (`sender_chat` is the chat): for
  `corrections.who: group_admins` that is an administrator.
- A document whose caption is a command is both: the article is taken as an upload (or the reply says why
  not) and the command answered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ExtBot, MessageHandler, filters

from bot.messages import t
from bot.tg.context import Context, lang_of
from bot.tg.core import UPLOAD_SUFFIXES

log = logging.getLogger("factbot.telegram")

# What the bot handles; nothing else is requested from Telegram (edits were answered when first sent).
ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "inline_query"]
_COMMAND = re.compile(r"^\s*/")


class GuardedBot(ExtBot):
    """ExtBot whose getUpdates never fails on one update it cannot read (see the module's docstring)."""

    __slots__ = ()

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return readable_updates(result, self)
        return result


def readable_updates(raw: list, bot: ExtBot | None = None) -> list:
    """The updates as received, each one PTB cannot parse replaced by its bare id (skipped, acknowledged)."""
    out = []
    for item in raw:
        if parse_update(item, bot) is None:
            uid = item.get("update_id") if isinstance(item, dict) else None
            if not _usable_id(uid):
                continue
            item = {"update_id": uid}
        out.append(item)
    return out


def parse_update(item: object, bot: ExtBot | None = None) -> Update | None:
    """The update, or None (logged once, naming its id and kinds) when PTB cannot read it."""
    try:
        if not isinstance(item, dict):
            raise TypeError("not an object")
        return Update.de_json(item, bot)
    except Exception as exc:  # noqa: BLE001 - any parse failure: this update is skipped, not retried
        uid = item.get("update_id") if isinstance(item, dict) else None
        if not _usable_id(uid):
            log.warning("skipped an update without a usable id (%s)", exc.__class__.__name__)
            return None
        kinds = sorted(str(k) for k in item if k != "update_id")  # type: ignore[union-attr]
        log.warning(
            "skipped update %d that this python-telegram-bot cannot read (%s in %s)",
            uid,
            exc.__class__.__name__,
            ",".join(kinds)[:80],
        )
        return None


def _usable_id(uid: object) -> bool:
    return isinstance(uid, int) and not isinstance(uid, bool)


def guard_bot(bot: ExtBot) -> None:
    """Make the application's bot a GuardedBot. The builder has no hook for the bot's class, and building
    the bot by hand would repeat its request and rate-limiter set-up; the subclass adds no state."""
    bot.__class__ = GuardedBot


def _text(msg: Message) -> str:
    return msg.text or msg.caption or ""


def is_forwarded_command(msg: Message | None) -> bool:
    """A command someone else wrote: a forwarded message or an automatic forward from a linked channel."""
    if msg is None or not _COMMAND.match(_text(msg)):
        return False
    return msg.forward_origin is not None or bool(msg.is_automatic_forward)


async def on_forwarded_command(update: Update, context: Context) -> None:
    """Never run a forwarded command. In a private chat the reader is told why nothing happened; in groups
    (automatic forwards of channel posts included) the bot stays silent."""
    msg = update.effective_message
    if msg is not None and msg.chat.type == "private":
        await msg.reply_text(t("guard.forwarded_command", lang_of(update)), do_quote=True)
    raise ApplicationHandlerStop


def forwarded_commands_handler() -> MessageHandler:
    """Registered in a group before every other handler: it stops forwarded commands from reaching them."""
    has_command = filters.Regex(_COMMAND) | filters.CaptionRegex(_COMMAND)
    return MessageHandler(
        filters.UpdateType.MESSAGES & (filters.FORWARDED | filters.IS_AUTOMATIC_FORWARD) & has_command,
        on_forwarded_command,
    )


def anonymous_admin(update: Update) -> bool:
    """An anonymous administrator of a group writes as the group itself."""
    msg, chat = update.effective_message, update.effective_chat
    return (
        msg is not None
        and chat is not None
        and chat.type in ("group", "supergroup")
        and msg.sender_chat is not None
        and msg.sender_chat.id == chat.id
    )


# A document that is an article (by its name); other documents with a command caption are pictures.
ARTICLE_DOCUMENT = filters.Document.FileExtension("txt")
for _suffix in UPLOAD_SUFFIXES[1:]:
    ARTICLE_DOCUMENT = ARTICLE_DOCUMENT | filters.Document.FileExtension(_suffix.lstrip("."))

Handler = Callable[[Update, Context], Awaitable[None]]


def both(upload: Handler, command: Handler) -> Handler:
    """An article document with a command caption: the upload first (so the card can show it; a
    non-admin is told the article was not taken), then the command's answer."""

    async def handle(update: Update, context: Context) -> None:
        try:
            await upload(update, context)
        finally:
            await command(update, context)

    return handle
