"""The Telegram application, built in one place with every handler registered in order.

Handlers are a few lines each: parse the update, call the core, send what `render` returns.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
from pathlib import Path

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    SwitchInlineQueryChosenChat,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answer import FACTS_PER_PAGE, Answer, entity_answer
from bot.build import shown
from bot.errors import FactbotError
from bot.query import resolve
from bot.settings import Settings, load_settings
from bot.show import labels, render, render_sources
from bot.tg import corrections as tg_corrections
from bot.tg.core import UPLOAD_SUFFIXES, Core

log = logging.getLogger("factbot.telegram")

COMMANDS_ZH = [
    ("who", "人物卡片，例如 /who {person}"),
    ("company", "公司或品牌卡片，例如 /company {company}"),
    ("search", "在要点里搜索"),
    ("sources", "已收录的文章"),
    ("help", "用法和例子"),
]
COMMANDS_EN = [
    ("who", "Person card, e.g. /who {person}"),
    ("company", "Company or brand card, e.g. /company {company}"),
    ("search", "Search the facts"),
    ("sources", "Indexed articles"),
    ("help", "How to use the bot"),
]
FLOOD_ZH = "消息太快了，请稍等一分钟再试。"
ERROR_ZH = "抱歉，处理这条消息时出错了，请稍后再试。"
ADMIN_ONLY = "只有管理员可以添加文章或重建索引。"
STALE_BUTTON = "这个按钮已失效"
INLINE_QUERY_CHARS = 256  # the real Bot API's cap; a self-hosted server may send more
INLINE_MAX_OFFSET = 10_000
# Our own callback data: e:<entity>, s:<entity>, m:<entity>:<page>; ASCII digits only (not ², not ٣).
_CALLBACK = re.compile(r"([ems]):([0-9]{1,9})(?::([0-9]{1,4}))?")
# Commands a photo's or document's caption may carry (/who 张楠赓 under a picture).
_CAPTION_COMMAND = r"^/(?:start|help|who|company|search|sources)(?:@\w+)?(?:\s|$)"
PREVIEW_OFF = LinkPreviewOptions(is_disabled=True)


def core_of(context: ContextTypes.DEFAULT_TYPE) -> Core:
    return context.application.bot_data["core"]


def keyboard(ans: Answer, bot_username: str = "", corrections: bool = True) -> InlineKeyboardMarkup | None:
    """Buttons under a card; callback_data are short ids from the index, so they survive restarts."""
    L = labels(ans.lang)
    rows: list[list[InlineKeyboardButton]] = []
    if ans.status == "ambiguous":
        rows = [
            [
                InlineKeyboardButton(
                    f"{c['name']}（{L.get(c['kind'], c['kind'])}）", callback_data=f"e:{c['id']}"
                )
            ]
            for c in ans.candidates[:8]
        ]
    elif ans.status == "not_found" and ans.other_kind:
        rows = [[InlineKeyboardButton(ans.other_kind["name"], callback_data=f"e:{ans.other_kind['id']}")]]
    elif ans.status == "not_found" and ans.candidates:
        rows = [[InlineKeyboardButton(c["name"], callback_data=f"e:{c['id']}") for c in ans.candidates[:3]]]
    elif ans.status == "found" and ans.entity:
        eid = ans.entity["id"]
        first = []
        if len(ans.facts) > (ans.page + 1) * FACTS_PER_PAGE:
            first.append(InlineKeyboardButton(L["more"], callback_data=f"m:{eid}:{ans.page + 1}"))
        first.append(InlineKeyboardButton(L["sources"], callback_data=f"s:{eid}"))
        first.append(
            InlineKeyboardButton(
                "分享" if ans.lang != "en" else "Share",
                switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
                    query=ans.entity["name"],
                    allow_user_chats=True,
                    allow_group_chats=True,
                    allow_channel_chats=True,
                ),
            )
        )
        rows.append(first)
        if corrections:  # 隐藏要点 / 修订记录; not under cards shared inline into other chats
            rows += tg_corrections.card_rows(ans)
        related = [r for r in ans.profile.get("related", [])[:4]]
        if related:
            rows.append([InlineKeyboardButton(r["value"], callback_data=f"e:{r['id']}") for r in related])
    return InlineKeyboardMarkup(rows) if rows else None


async def _reply(update: Update, ans: Answer) -> None:
    msg = update.effective_message
    if msg is None:
        return
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(text, reply_markup=keyboard(ans), link_preview_options=PREVIEW_OFF, do_quote=True)


async def _flood_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    core = core_of(context)
    if user is None or core.flood.allow(user.id):
        return True
    if core.flood.should_warn(user.id) and update.effective_message:
        await update.effective_message.reply_text(FLOOD_ZH)
    return False


def _user_lang(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/who /company /search /sources /help /start: the chat line goes to the core as typed."""
    msg = update.effective_message
    if msg is None or not msg.text or not await _flood_ok(update, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, _user_lang(update))
    await _reply(update, ans)


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Commands posted in a channel where the bot is an admin (CommandHandler skips channel posts)."""
    msg = update.effective_message
    if msg is None or not msg.text:
        return
    first = msg.text.split(maxsplit=1)[0]
    if "@" in first and first.split("@", 1)[1].lower() != (context.bot.username or "").lower():
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, None)
    await _reply(update, ans)


async def on_channel_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Off by default: long posts and article documents in configured channels are ingested."""
    msg = update.effective_message
    core = core_of(context)
    if msg is None or msg.chat_id not in core.settings.channels_ingest:
        return
    if msg.document and (msg.document.file_name or "").lower().endswith(UPLOAD_SUFFIXES):
        limit = core.settings.limit("max_upload_bytes", 5_000_000)
        if (msg.document.file_size or 0) <= limit:
            data = bytes(await (await msg.document.get_file()).download_as_bytearray())
            await asyncio.to_thread(
                _ingest_quietly, core, msg.document.file_name or "article.txt", data[:limit]
            )
    elif msg.text and len(msg.text) >= 300:
        await asyncio.to_thread(
            _ingest_quietly, core, f"channel-{msg.chat_id}-{msg.message_id}.txt", msg.text.encode("utf-8")
        )


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


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A bare name in a private chat is a lookup; an admin's long pasted text is an article."""
    msg = update.effective_message
    core = core_of(context)
    if msg is None or not msg.text or not await _flood_ok(update, context):
        return
    if len(msg.text) >= 300:
        if not core.is_admin(update.effective_user.id if update.effective_user else None):
            await msg.reply_text(ADMIN_ONLY)
            return
        name = f"pasted-{msg.chat_id}-{msg.message_id}.txt"
        await _ingest(update, context, name, msg.text.encode("utf-8"))
        return
    ans = await asyncio.to_thread(core.answer, msg.text, _user_lang(update))
    await _reply(update, ans)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    msg = update.effective_message
    core = core_of(context)
    if msg is None or msg.document is None:
        return
    if not core.is_admin(update.effective_user.id if update.effective_user else None):
        await msg.reply_text(ADMIN_ONLY)
        return
    doc = msg.document
    name = doc.file_name or "article.txt"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        await msg.reply_text("只接受 .txt、.md、.html 文件。")
        return
    limit = core.settings.limit("max_upload_bytes", 5_000_000)
    if (doc.file_size or 0) > limit:
        await msg.reply_text(f"文件太大了（上限 {limit // 1_000_000} MB）。")
        return
    file = await doc.get_file()
    data = bytes(await file.download_as_bytearray())
    if len(data) > limit:
        await msg.reply_text(f"文件太大了（上限 {limit // 1_000_000} MB）。")
        return
    await _ingest(update, context, name, data)


async def _ingest(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, data: bytes) -> None:
    core = core_of(context)
    msg = update.effective_message
    progress = await msg.reply_text("正在收录，请稍候……")
    path, created = await asyncio.to_thread(core.save_upload, name, data)
    shown_name = html.escape(shown(path.name.split("-", 1)[-1]))  # without the content-hash prefix
    try:
        # Reading and extraction run in worker processes (bot.pool): this thread only waits.
        result = await asyncio.to_thread(core.ingest_file, path)
    except Exception as exc:  # noqa: BLE001 - a bad upload is refused and removed, never left to block
        log.exception("ingest of %s failed", shown(name))
        if created:
            path.unlink(missing_ok=True)
        reason = html.escape(getattr(exc, "args", [""])[0] if isinstance(exc, FactbotError) else "内部错误")
        await progress.edit_text(f"没有收录 {shown_name}：{reason}", parse_mode=ParseMode.HTML)
        return
    skipped = [r for p, r in result["skipped"] if Path(p).name == path.name]
    if skipped:
        if created:
            path.unlink(missing_ok=True)
        text = f"没有收录 {shown_name}：{html.escape(shown(skipped[0]))}"
    else:
        new = "、".join(result["new"][:15]) or "无"
        text = (
            f"已收录 <b>{shown_name}</b>。\n现在共有 {result['articles']} 篇文章、"
            f"{result['entities']} 个实体、{result['facts']} 条要点。\n新发现：{html.escape(new)}"
        )
    await progress.edit_text(text, parse_mode=ParseMode.HTML)


async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    core = core_of(context)
    msg = update.effective_message
    if msg is None:
        return
    if not core.is_admin(update.effective_user.id if update.effective_user else None):
        await msg.reply_text(ADMIN_ONLY)
        return
    progress = await msg.reply_text("正在重建索引，期间照常回答查询……")
    try:
        result = await asyncio.to_thread(core.rebuild)
    except Exception:  # noqa: BLE001 - the old index keeps answering
        log.exception("rebuild failed")
        await progress.edit_text("重建失败，仍在使用原来的索引。")
        return
    text = f"索引已重建：{result['articles']} 篇文章、{result['entities']} 个实体、{result['facts']} 条要点。"
    if result["skipped"]:
        text += f"\n跳过 {len(result['skipped'])} 个文件：" + "；".join(
            f"{shown(Path(p).name)}（{shown(r)}）" for p, r in result["skipped"][:5]
        )
    await progress.edit_text(text[:4000])


async def on_remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove <article id>: an admin removes an uploaded article (ids are listed by /sources)."""
    core = core_of(context)
    msg = update.effective_message
    if msg is None:
        return
    if not core.is_admin(update.effective_user.id if update.effective_user else None):
        await msg.reply_text("只有管理员可以删除文章。")
        return
    aid = (context.args or [""])[0].strip()
    if not aid:
        await msg.reply_text("用法：/remove 文章编号（编号见 /sources）")
        return
    path, title = await asyncio.to_thread(core.removable, aid)
    if path is None:
        known = "只能删除上传的文章" if title else "没有这个编号的文章，见 /sources"
        await msg.reply_text(f"没有删除 {shown(aid)[:40]}：{known}。")
        return
    result = await asyncio.to_thread(core.remove_article, aid)
    articles = result["articles"] if result else "?"
    await msg.reply_text(f"已删除文章《{shown(title)}》（{aid}）。现在共有 {articles} 篇文章。")


async def on_caption_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document whose caption is a command (/who 张楠赓) is answered like the command."""
    msg = update.effective_message
    if msg is None or not msg.caption:
        return
    first = msg.caption.split(maxsplit=1)[0]
    if "@" in first and first.split("@", 1)[1].lower() != (context.bot.username or "").lower():
        return
    if msg.chat.type != "channel" and not await _flood_ok(update, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.caption, _user_lang(update))
    await _reply(update, ans)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    q = update.callback_query
    if q is None:
        return
    core = core_of(context)
    m = _CALLBACK.fullmatch(q.data or "")
    kind, eid = (m.group(1), int(m.group(2))) if m else ("", -1)
    if not m or eid not in core.index.entities or (kind == "m") != (m.group(3) is not None):
        # Every query is answered, or the user's button spins: unknown, stale (an entity of an older
        # index) or malformed data says so.
        await q.answer(STALE_BUTTON)
        return
    await q.answer()
    ans = Answer(query=q.data or "", command="who", status="found", lang=_lang_for(update))
    ans = await asyncio.to_thread(entity_answer, core.index, ans, eid)
    if kind == "s":
        text = await asyncio.to_thread(render_sources, ans)
        if q.message is not None:
            await q.message.reply_html(text, link_preview_options=PREVIEW_OFF)
        return
    if kind == "m":
        ans.page = int(m.group(3))
        text = await asyncio.to_thread(render, ans, "html")
        if q.message is not None:
            await q.message.reply_html(text, reply_markup=keyboard(ans), link_preview_options=PREVIEW_OFF)
        return
    text = await asyncio.to_thread(render, ans, "html")
    if q.message is not None:
        await q.message.reply_html(text, reply_markup=keyboard(ans), link_preview_options=PREVIEW_OFF)
    elif q.inline_message_id:
        await q.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard(ans))


def _lang_for(update: Update) -> str:
    code = (_user_lang(update) or "").lower()
    if code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-hant"
    return "en" if code.startswith("en") else "zh-hans"


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    iq = update.inline_query
    if iq is None:
        return
    core = core_of(context)
    text = (iq.query or "")[:INLINE_QUERY_CHARS].strip()
    if not text:
        hint = f"输入名字，例如 {core.index.examples()['person']}"
        await iq.answer([], cache_time=5, button=InlineQueryResultsButton(hint, start_parameter="help"))
        return
    if len(text) > core.settings.limit("name_chars", 64):
        # The CPU budget: no fuzzy matching over a name longer than any name.
        hint = f"名字太长了（最多 {core.settings.limit('name_chars', 64)} 个字）"
        await iq.answer([], cache_time=5, button=InlineQueryResultsButton(hint, start_parameter="help"))
        return
    offset = _inline_offset(iq.offset)
    page = min(50, core.settings.limit("inline_page", 10))
    results, more = await asyncio.to_thread(_inline_results, core, text, _user_lang(update), offset, page)
    await iq.answer(results, cache_time=30, next_offset=str(offset + page) if more else "")


def _inline_offset(raw: str | None) -> int:
    """Our own next_offset comes back as a small number; anything else starts from the first page."""
    if raw and re.fullmatch(r"[0-9]{1,5}", raw):
        return min(int(raw), INLINE_MAX_OFFSET)
    return 0


def _inline_results(core: Core, text: str, user_lang: str | None, offset: int, size: int):
    from bot.answer import pick_lang
    from bot.query import parse_line

    q = parse_line("/who " + text, core.settings.limit("name_chars", 64))
    lang = pick_lang(q, None, user_lang)
    if q.problem or not q.arg:
        return [], False
    res = resolve(core.index, q.arg, None)
    ids = [res.entity] if res.entity is not None else []
    ids += [e for e, _ in res.candidates if e not in ids]
    # Names containing the text fill further pages (e.g. 科技 lists every …科技).
    from bot.normalize import name_key

    key = name_key(text)
    if key:
        extra = sorted(
            {eid for k, _, eid in core.index.keys if key in k and eid not in ids},
            key=lambda e: -core.index.entities[e].mentions,
        )
        ids += extra
    page = ids[offset : offset + size]
    results = []
    for eid in page:
        ans = Answer(query=text, command="who", status="found", lang=lang)
        ans = entity_answer(core.index, ans, eid)
        L = labels(lang)
        e = ans.entity
        desc = "；".join(
            v["value"] for f in ("roles", "founders", "founded") for v in ans.profile.get(f, [])[:1]
        )[:100]
        results.append(
            InlineQueryResultArticle(
                id=f"{eid}",
                title=f"{e['name']} · {L.get(e['kind'], e['kind'])}",
                description=desc or None,
                input_message_content=InputTextMessageContent(
                    render(ans, "html"), parse_mode=ParseMode.HTML, link_preview_options=PREVIEW_OFF
                ),
                reply_markup=keyboard(ans, corrections=False),
            )
        )
    return results, len(ids) > offset + size


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(ERROR_ZH)
        except Exception:  # noqa: BLE001 - the error reply itself must never raise
            log.warning("could not send the error reply")


async def post_init(app: Application) -> None:
    bot = app.bot
    ex = app.bot_data["core"].index.examples()
    for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
        await bot.set_my_commands([BotCommand(c, d.format(**ex)) for c, d in COMMANDS_ZH], scope=scope)
        await bot.set_my_commands(
            [BotCommand(c, d.format(**ex)) for c, d in COMMANDS_EN], scope=scope, language_code="en"
        )
    await tg_corrections.set_admin_commands(app, COMMANDS_ZH, ex)


def build_application(
    token: str,
    index_path: Path,
    settings: Settings | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
) -> Application:
    settings = settings or load_settings()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token in URLs
    builder = (
        Application.builder()
        .token(token)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(post_init)
        .concurrent_updates(True)
    )
    base_url = base_url or os.environ.get("TELEGRAM_API_BASE_URL")
    if base_url:
        builder = builder.base_url(base_url)
        builder = builder.base_file_url(base_file_url or base_url.replace("/bot", "/file/bot"))
    app = builder.build()
    app.bot_data["core"] = Core(index_path, settings)
    # Only new messages and posts: an edited one was answered already when it was first sent.
    new_msg, new_post = filters.UpdateType.MESSAGE, filters.UpdateType.CHANNEL_POST
    app.add_handler(
        CommandHandler(["start", "help", "who", "company", "search", "sources"], on_command, filters=new_msg)
    )
    app.add_handler(CommandHandler("reload", on_reload, filters=new_msg))
    app.add_handler(CommandHandler("remove", on_remove, filters=new_msg))
    # Our buttons first: PTB hands a callback with empty data to any pattern handler, so this one (which
    # answers it as stale) must come before the corrections' buttons; unknown data falls to the last one.
    app.add_handler(CallbackQueryHandler(on_callback, pattern=r"^[ems]:"))
    # /alias /merge /split /kind /notentity /fix /hide /history /undo and buttons
    tg_corrections.register(app)
    captioned = (filters.PHOTO | filters.Document.ALL | filters.VIDEO) & filters.CaptionRegex(
        _CAPTION_COMMAND
    )
    app.add_handler(MessageHandler((new_msg | new_post) & captioned, on_caption_command))
    app.add_handler(MessageHandler(new_post & filters.Regex(r"^/"), on_channel_post))
    app.add_handler(MessageHandler(new_post & (filters.Document.ALL | filters.TEXT), on_channel_article))
    app.add_handler(MessageHandler(new_msg & filters.Document.ALL & filters.ChatType.PRIVATE, on_document))
    app.add_handler(
        MessageHandler(new_msg & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, on_private_text)
    )
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_handler(CallbackQueryHandler(on_callback))  # every button press, ours or not, is answered
    app.add_error_handler(on_error)
    return app


def run_bot(token: str, index_path: Path) -> int:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    settings = load_settings()
    app = build_application(token, index_path, settings)
    hook = settings.webhook or {}
    if hook.get("url"):
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET")
        if not secret:
            log.error("webhook mode needs TELEGRAM_WEBHOOK_SECRET")
            return 2
        app.run_webhook(
            listen=str(hook.get("listen", "0.0.0.0")),
            port=int(hook.get("port", 8443)),
            url_path="telegram",
            webhook_url=str(hook["url"]).rstrip("/") + "/telegram",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
