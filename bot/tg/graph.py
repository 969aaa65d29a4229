"""Telegram: /graph, whose answer is a photo with a caption and the card's buttons; /timeline's pages;
and the 大事记 and 关系图 buttons under a card (t:<entity>:<page>, g:<entity>)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.answer import Answer, entity_view
from bot.graph.draw import draw_answer
from bot.messages import t
from bot.show import render
from bot.tg.buttons import CARD, TIMELINE, VIEWS, button, current, decode, keyboard, pattern
from bot.tg.context import Context, core_of, flood_ok, lang_of, user_lang
from bot.tg.corrections import card_rows
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


async def reply_view(update: Update, context: Context, ans: Answer, message: Message | None = None) -> None:
    """A /timeline answer (text) or a /graph answer (a photo) as a reply to `message` (default: the
    message that asked)."""
    msg = message or update.effective_message
    if msg is None:
        return
    index = core_of(context).index
    if ans.command == "graph":
        await _send_graph(msg, ans, index, quote=message is None)
        return
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(text, reply_markup=timeline_keyboard(ans, index), do_quote=message is None)


async def _send_graph(msg: Message, ans: Answer, index, quote: bool) -> None:
    caption = await asyncio.to_thread(render, ans, "html")  # rendered before the path is set: none shown
    path = await asyncio.to_thread(draw_answer, ans, index)
    buttons = keyboard(ans, index, card_rows(ans, index))
    if path is None:  # fewer than two relations: the caption says so
        await msg.reply_html(caption, reply_markup=buttons, do_quote=quote)
        return
    with open(path, "rb") as fh:
        await msg.reply_photo(
            fh, caption=caption, parse_mode=ParseMode.HTML, reply_markup=buttons, do_quote=quote
        )


async def on_graph(update: Update, context: Context) -> None:
    """/graph NAME: a command handler of its own, since the answer is a photo."""
    msg = update.effective_message
    if msg is None or not msg.text or not await flood_ok(update, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, user_lang(update))
    if ans.status == "found":
        await reply_view(update, context, ans)
        return
    text = await asyncio.to_thread(render, ans, "html")  # not found, ambiguous, empty: as for a card
    await msg.reply_html(text, reply_markup=keyboard(ans, core_of(context).index), do_quote=True)


async def on_view_button(update: Update, context: Context) -> None:
    """大事记 (and its pages) and 关系图 under a card; a stale press says so."""
    q = update.callback_query
    if q is None:
        return
    core, press = core_of(context), decode(q.data)
    index = core.index
    if (
        press is None
        or press.kind not in VIEWS
        or press.num(0, -1) not in index.entities
        or not current(index, press)
    ):
        await q.answer(t("tg.stale_button", lang_of(update)))
        return
    await q.answer()
    command = "timeline" if press.kind == TIMELINE else "graph"
    ans = Answer(query=q.data or "", command=command, status="found", lang=lang_of(update))
    ans = await asyncio.to_thread(entity_view, index, ans, press.num(0), press.num(1))
    if isinstance(q.message, Message):
        await reply_view(update, context, ans, message=q.message)
    elif q.inline_message_id and command == "timeline":  # a card shared inline becomes its timeline
        text = await asyncio.to_thread(render, ans, "html")
        await q.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=timeline_keyboard(ans, index))


def register(app: Application) -> None:
    """Before the card's own handlers (their button handler answers every other press)."""
    app.add_handler(CommandHandler("graph", on_graph, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_view_button, pattern=pattern(VIEWS)))
