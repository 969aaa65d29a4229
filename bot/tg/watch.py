"""/watch NAME, /unwatch NAME, /watching, and the job that posts digests (bot/watch).

The job looks at the index every few seconds (`limits.watch_seconds`): any commit - an upload, /reload, a
channel post, `python -m bot ingest` in another process - moves its generation, and the digests it owes go
out, one message per chat, at most `limits.watch_per_minute` a minute per chat (more wait their turn, stored
with the subscriptions: a restart posts them). A chat that blocked the bot or is gone is unsubscribed. In groups, who may watch follows `corrections.who`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut
from telegram.ext import Application, CommandHandler, filters

from bot.messages import t
from bot.tg.buttons import CARD, button
from bot.tg.context import Context, core_of, flood_ok, lang_of
from bot.tg.corrections import actor_for
from bot.watch import Digest, Watcher, render

log = logging.getLogger("factbot.telegram")
NAMES = ("watch", "unwatch", "watching")


def watcher_of(context: Context | Application) -> Watcher:
    app = context if isinstance(context, Application) else context.application
    return app.bot_data["watch"]


def _arg(context: Context) -> str:
    return " ".join(context.args or []).strip()


async def _allowed(update: Update, context: Context) -> bool:
    """Anyone in a private chat (it is their own); in a group whoever `corrections.who` lets correct."""
    chat = update.effective_chat
    if chat is None or chat.type == "private":
        return True
    actor = await actor_for(update, context)
    if not actor.allowed:
        await update.effective_message.reply_text(t("watch.not_allowed", lang_of(update)))
    return actor.allowed


async def on_watch(update: Update, context: Context) -> None:
    msg, lang = update.effective_message, lang_of(update)
    if msg is None or update.effective_chat is None or not await flood_ok(update, context):
        return
    name = _arg(context)
    if not name:
        await msg.reply_text(t("watch.usage", lang))
        return
    if not await _allowed(update, context):
        return
    core = core_of(context)
    status, entity, cands = await asyncio.to_thread(
        watcher_of(context).watch, core.index, update.effective_chat.id, name, lang
    )
    if entity is not None:
        markup = InlineKeyboardMarkup([[button(core.index, entity["name"], CARD, entity["id"])]])
        await msg.reply_text(t(f"watch.{status}", lang, name=entity["name"]), reply_markup=markup)
        return
    if cands:
        markup = InlineKeyboardMarkup([[button(core.index, c["name"], CARD, c["id"])] for c in cands[:5]])
        await msg.reply_text(t(f"watch.{status}", lang, name=name), reply_markup=markup)
        return
    await msg.reply_text(t("watch.not_found", lang, name=name))


async def on_unwatch(update: Update, context: Context) -> None:
    msg, lang = update.effective_message, lang_of(update)
    if msg is None or update.effective_chat is None or not await flood_ok(update, context):
        return
    name = _arg(context)
    if not name:
        await msg.reply_text(t("watch.usage_unwatch", lang))
        return
    if not await _allowed(update, context):
        return
    status, shown = await asyncio.to_thread(
        watcher_of(context).unwatch, core_of(context).index, update.effective_chat.id, name
    )
    await msg.reply_text(t(f"watch.{status}", lang, name=shown))


async def on_watching(update: Update, context: Context) -> None:
    msg, lang = update.effective_message, lang_of(update)
    if msg is None or update.effective_chat is None or not await flood_ok(update, context):
        return
    subs = await asyncio.to_thread(watcher_of(context).watching, update.effective_chat.id)
    if not subs:
        await msg.reply_text(t("watch.none", lang))
        return
    index = core_of(context).index
    names = t("ask.separator", lang).join(s.name for s in subs)
    rows = [[button(index, s.name, CARD, s.entity_id)] for s in subs[:8] if s.entity_id in index.entities]
    await msg.reply_text(
        t("watch.list", lang, count=len(subs), names=names),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )


class Outbox:
    """Digests waiting for their chat's rate limit; a later digest for the same chat joins the waiting one.

    With a watcher, what waits is also stored beside the subscriptions (`Watcher.done`), and a new outbox
    takes up what a previous run left: the waiting digests and the chats' posts of the last minute. Times
    are seconds since the epoch, as they outlive the process."""

    def __init__(self, per_minute: int, watcher: Watcher | None = None, now: float | None = None) -> None:
        self.per_minute = max(1, per_minute)
        self.sent: dict[int, deque] = defaultdict(deque)
        self.waiting: dict[int, Digest] = {}
        if watcher is not None:
            now = time.time() if now is None else now
            for chat, at in watcher.posts_since(now - 60):
                self.sent[chat].append(at)
            for d in watcher.waiting():
                self.waiting[d.chat_id] = d

    def add(self, d: Digest) -> Digest:
        """Queue `d`; the digest that now waits for its chat (`d`, or the one it joined)."""
        w = self.waiting.get(d.chat_id)
        if w is None:
            self.waiting[d.chat_id] = d
            return d
        seen = {s.entity for s in w.sections}
        w.sections += [s for s in d.sections if s.entity not in seen]
        w.generation = d.generation
        return w

    def due(self, now: float) -> list[Digest]:
        out = []
        for chat in list(self.waiting):
            q = self.sent[chat]
            while q and not (0 <= now - q[0] <= 60):  # older than a minute (or from a clock set back)
                q.popleft()
            if len(q) < self.per_minute:
                q.append(now)
                out.append(self.waiting.pop(chat))
        return out

    def retry(self, d: Digest) -> None:
        """A post that failed for a passing reason (the network): it waits again, before anything newer."""
        w = self.waiting.pop(d.chat_id, None)
        self.waiting[d.chat_id] = d
        if w is not None:
            self.add(w)


async def tick(context: Context) -> None:
    """One look at the index: queue what it owes, post what the rate limits allow."""
    app = context.application
    watcher, core = watcher_of(app), core_of(app)
    outbox: Outbox = app.bot_data["watch_outbox"]
    pending = await asyncio.to_thread(watcher.pending, core.index)
    if pending is not None:
        # posted before a restart, or by another replica: never twice
        queued = [outbox.add(d) for d in pending.digests if watcher.claim(d)]
        await asyncio.to_thread(watcher.done, pending, queued)
    for d in outbox.due(time.time()):
        await _post(context, watcher, outbox, d)


async def _post(context: Context, watcher: Watcher, outbox: Outbox, d: Digest) -> None:
    index = core_of(context).index
    rows = [
        [
            button(
                index,
                t("watch.button.card", "en" if d.lang == "en" else "zh-hans", name=s.name),
                CARD,
                s.entity,
            )
        ]
        for s in d.sections
        if s.entity in index.entities
    ]
    try:
        await context.bot.send_message(
            d.chat_id,
            render(d, html_mode=True),
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup(rows) if rows else None,
        )
    except Forbidden:  # blocked, kicked, or the user deactivated: no more digests there
        n = await asyncio.to_thread(watcher.forget_chat, d.chat_id)
        log.info("chat %s blocked the bot: %d subscriptions removed", d.chat_id, n)
        return
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            await asyncio.to_thread(watcher.forget_chat, d.chat_id)
            return
        log.warning("digest for %s not sent: %s", d.chat_id, exc)
        await asyncio.to_thread(watcher.dropped, d)
        return
    except TimedOut:  # it may have arrived: counted as posted, since a digest is never posted twice
        log.warning("digest for %s timed out: not posted again", d.chat_id)
    except NetworkError as exc:  # never reached Telegram: it waits for the next look
        log.warning("digest for %s not sent yet: %s", d.chat_id, exc)
        outbox.retry(d)
        return
    await asyncio.to_thread(watcher.posted, d, time.time())


def register(app: Application) -> None:
    core = core_of(app)
    app.bot_data["watch"] = Watcher(core.index_path)
    # What a previous run left waiting for a rate limit is posted by this one.
    app.bot_data["watch_outbox"] = Outbox(core.settings.limit("watch_per_minute", 3), app.bot_data["watch"])
    new_msg = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("watch", on_watch, filters=new_msg))
    app.add_handler(CommandHandler("unwatch", on_unwatch, filters=new_msg))
    app.add_handler(CommandHandler("watching", on_watching, filters=new_msg))
    seconds = float(core.settings.limits.get("watch_seconds", 5))
    if app.job_queue is not None:
        app.job_queue.run_repeating(tick, interval=seconds, first=seconds, name="watch")
    else:  # python-telegram-bot without its job-queue extra: digests are off, and the log says so
        log.warning("no job queue (install python-telegram-bot[job-queue]): watch digests are not posted")
