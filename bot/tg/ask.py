"""Questions in a group: a message that mentions the bot (@factbot 谁创办了恒岳) or replies to one of its
messages is read like a plain question in a private chat. /ask works everywhere through the command table."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from telegram import Message, MessageEntity, Update

from bot.answer import Answer
from bot.tg.context import Context, core_of, flood_ok, user_lang


def addressed_text(msg: Message, username: str, bot_id: int) -> str | None:
    """The text of a group message meant for the bot, without the @mention; None when it is not for us."""
    text = msg.text or ""
    mentioned = False
    for ent, value in msg.parse_entities([MessageEntity.MENTION]).items():
        del ent
        if value.lstrip("@").lower() == username.lower():
            mentioned = True
    replied = bool(
        msg.reply_to_message
        and msg.reply_to_message.from_user
        and msg.reply_to_message.from_user.id == bot_id
    )
    if not (mentioned or replied):
        return None
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.I).strip() or None


def group_handler(reply: Callable[[Update, Context, Answer], Awaitable[None]]):
    """The group text handler, replying through `reply` (bot.tg.app's one reply path: HTML, buttons)."""

    async def on_group_text(update: Update, context: Context) -> None:
        msg = update.effective_message
        if msg is None or not msg.text:
            return
        text = addressed_text(msg, context.bot.username or "", context.bot.id)
        if text is None or not await flood_ok(update, context):
            return
        ans = await asyncio.to_thread(core_of(context).answer, text, user_lang(update))
        if ans.problem == "short_help":
            return  # 谢谢 in reply to the bot is chat between people, not a lookup: no help text in the group
        await reply(update, context, ans)

    return on_group_text
