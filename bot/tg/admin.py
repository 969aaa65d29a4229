"""Admins' handlers: uploaded and pasted articles, channel articles, /reload and /remove."""

from __future__ import annotations

import asyncio
import html
import logging
from pathlib import Path

from telegram import Update
from telegram.constants import ParseMode

from bot.errors import FactbotError
from bot.ingest import shown
from bot.messages import t
from bot.tg.context import Context, core_of, lang_of, user_id
from bot.tg.core import UPLOAD_SUFFIXES, Core

log = logging.getLogger("factbot.telegram")
PASTE_CHARS = 300  # a private message this long is an article, not a name


async def _refused(update: Update, context: Context, key: str = "tg.admin_only") -> bool:
    """True (after saying so) when the user is not an admin."""
    if core_of(context).is_admin(user_id(update)):
        return False
    await update.effective_message.reply_text(t(key, lang_of(update)))
    return True


async def on_pasted(update: Update, context: Context) -> None:
    """An admin's long text pasted in a private chat is an article."""
    msg = update.effective_message
    if await _refused(update, context):
        return
    await ingest(update, context, f"pasted-{msg.chat_id}-{msg.message_id}.txt", msg.text.encode("utf-8"))


async def on_document(update: Update, context: Context) -> None:
    msg = update.effective_message
    core = core_of(context)
    if msg is None or msg.document is None or await _refused(update, context):
        return
    lang, doc = lang_of(update), msg.document
    name = doc.file_name or "article.txt"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        await msg.reply_text(t("tg.upload.suffixes", lang))
        return
    limit = core.settings.limit("max_upload_bytes", 5_000_000)
    too_big = t("tg.upload.too_big", lang, mb=limit // 1_000_000)
    if (doc.file_size or 0) > limit:
        await msg.reply_text(too_big)
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    if len(data) > limit:
        await msg.reply_text(too_big)
        return
    await ingest(update, context, name, data)


async def ingest(update: Update, context: Context, name: str, data: bytes) -> None:
    core, msg, lang = core_of(context), update.effective_message, lang_of(update)
    progress = await msg.reply_text(t("tg.upload.progress", lang))
    path, created = await asyncio.to_thread(core.save_upload, name, data)
    shown_name = html.escape(shown(path.name.split("-", 1)[-1]))  # without the content-hash prefix
    try:
        # Reading and extraction run in worker processes (bot.pool): this thread only waits.
        result = await asyncio.to_thread(core.ingest_file, path)
    except Exception as exc:  # noqa: BLE001 - a bad upload is refused and removed, never left to block
        log.exception("ingest of %s failed", shown(name))
        if created:
            path.unlink(missing_ok=True)
        why = exc.args[0] if isinstance(exc, FactbotError) else t("tg.upload.internal", lang)
        text = t("tg.upload.refused", lang, name=shown_name, reason=html.escape(why))
        await progress.edit_text(text, parse_mode=ParseMode.HTML)
        return
    await progress.edit_text(_ingested(result, path, created, shown_name, lang), parse_mode=ParseMode.HTML)


def _ingested(result: dict, path: Path, created: bool, shown_name: str, lang: str) -> str:
    skipped = [r for p, r in result["skipped"] if Path(p).name == path.name]
    if skipped:
        if created:
            path.unlink(missing_ok=True)
        return t("tg.upload.refused", lang, name=shown_name, reason=html.escape(shown(skipped[0])))
    new = t("common.sep", lang).join(result["new"][:15]) or t("tg.upload.none_new", lang)
    counts = {k: result[k] for k in ("articles", "entities", "facts")}
    return t("tg.upload.done", lang, name=shown_name, new=html.escape(new), **counts)


async def on_channel_article(update: Update, context: Context) -> None:
    """Off by default: long posts and article documents in configured channels are ingested."""
    msg = update.effective_message
    core = core_of(context)
    if msg is None or msg.chat_id not in core.settings.channels_ingest:
        return
    if msg.document and (msg.document.file_name or "").lower().endswith(UPLOAD_SUFFIXES):
        limit = core.settings.limit("max_upload_bytes", 5_000_000)
        if (msg.document.file_size or 0) <= limit:
            data = bytes(await (await msg.document.get_file()).download_as_bytearray())
            name = msg.document.file_name or "article.txt"
            await asyncio.to_thread(_ingest_quietly, core, name, data[:limit])
    elif msg.text and len(msg.text) >= PASTE_CHARS:
        name = f"channel-{msg.chat_id}-{msg.message_id}.txt"
        await asyncio.to_thread(_ingest_quietly, core, name, msg.text.encode("utf-8"))


def _ingest_quietly(core: Core, name: str, data: bytes) -> None:
    path, created = core.save_upload(name, data)
    try:
        result = core.ingest_file(path)
    except Exception:
        if created:
            path.unlink(missing_ok=True)
        raise
    if created and any(Path(p).name == path.name for p, _ in result["skipped"]):
        path.unlink(missing_ok=True)
    log.info("channel article %s: %s entities, %s facts", shown(name), result["entities"], result["facts"])


async def on_reload(update: Update, context: Context) -> None:
    msg = update.effective_message
    if msg is None or await _refused(update, context):
        return
    lang = lang_of(update)
    progress = await msg.reply_text(t("tg.reload.progress", lang))
    try:
        result = await asyncio.to_thread(core_of(context).rebuild)
    except Exception:  # noqa: BLE001 - the old index keeps answering
        log.exception("rebuild failed")
        await progress.edit_text(t("tg.reload.failed", lang))
        return
    text = t("tg.reload.done", lang, **{k: result[k] for k in ("articles", "entities", "facts")})
    if result["skipped"]:
        files = [
            t("tg.reload.skipped_file", lang, name=shown(Path(p).name), reason=shown(r))
            for p, r in result["skipped"][:5]
        ]
        text += t("tg.reload.skipped", lang, n=len(result["skipped"])) + t("common.semicolon", lang).join(
            files
        )
    await progress.edit_text(text[:4000])


async def on_remove(update: Update, context: Context) -> None:
    """/remove <article id>: an admin removes an uploaded article (ids are listed by /sources)."""
    core, msg, lang = core_of(context), update.effective_message, lang_of(update)
    if msg is None or await _refused(update, context, "tg.remove.admin_only"):
        return
    aid = (context.args or [""])[0].strip()
    if not aid:
        await msg.reply_text(t("tg.remove.usage", lang))
        return
    path, title = await asyncio.to_thread(core.removable, aid)
    if path is None:
        why = t("tg.remove.not_upload" if title else "tg.remove.unknown", lang)
        await msg.reply_text(t("tg.remove.refused", lang, id=shown(aid)[:40], why=why))
        return
    result = await asyncio.to_thread(core.remove_article, aid)
    articles = result["articles"] if result else "?"
    await msg.reply_text(t("tg.remove.done", lang, title=shown(title), id=aid, articles=articles))
