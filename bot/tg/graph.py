"""Telegram: the 大事记 and 关系图 buttons under a card (t:<entity>:<page>, g:<entity>), and /graph, whose
answer is a photo with a caption and the card's buttons."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler

from bot.answer import Answer, entity_view
from bot.messages import t
from bot.show import render
from bot.tg.buttons import CARD, TIMELINE, VIEWS, button, current, decode, pattern
from bot.tg.context import Context, core_of, lang_of
from bot.timeline import pages


def timeline_keyboard(ans: Answer, index) -> InlineKeyboardMarkup | None:
    """Under a timeline page: the next page while there is one, and the card."""
    if ans.entity is None or ans.status != "found":
        return None
    eid, row = ans.entity["id"], []
    if ans.page + 1 < pages(ans.timeline):
        row.append(button(index, t("tg.button.more", ans.lang), TIMELINE, eid, ans.page + 1))
    row.append(button(index, ans.entity["name"], CARD, eid))
    return InlineKeyboardMarkup([row])


async def reply_view(update: Update, context: Context, ans: Answer) -> None:
    """A /timeline answer (text) as a reply to the message that asked."""
    msg = update.effective_message
    if msg is None:
        return
    index = core_of(context).index
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(text, reply_markup=timeline_keyboard(ans, index), do_quote=True)


async def on_view_button(update: Update, context: Context) -> None:
    """大事记 (and its pages) and 关系图 under a card; a stale press says so."""
    q = update.callback_query
    if q is None:
        return
    core, press = core_of(context), decode(q.data)
    index = core.index
    if press is None or press.kind not in VIEWS or press.num(0, -1) not in index.entities:
        await q.answer(t("tg.stale_button", lang_of(update)))
        return
    if not current(index, press):
        await q.answer(t("tg.stale_button", lang_of(update)))
        return
    await q.answer()
    command = "timeline" if press.kind == TIMELINE else "graph"
    ans = Answer(query=q.data or "", command=command, status="found", lang=lang_of(update))
    ans = await asyncio.to_thread(entity_view, index, ans, press.num(0), press.num(1))
    if command == "timeline":
        text = await asyncio.to_thread(render, ans, "html")
        if q.message is not None:
            await q.message.reply_html(text, reply_markup=timeline_keyboard(ans, index))
        elif q.inline_message_id:  # a card shared inline becomes its timeline
            await q.edit_message_text(
                text, parse_mode=ParseMode.HTML, reply_markup=timeline_keyboard(ans, index)
            )


def register(app: Application) -> None:
    """Before the card's own button handler (which answers every other press)."""
    app.add_handler(CallbackQueryHandler(on_view_button, pattern=pattern(VIEWS)))
