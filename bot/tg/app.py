"""The Telegram application, built in one place with every handler registered in order.

Handlers are a few lines each: parse the update, call the core, send what `bot.show` renders. The
commands, their menus and caption commands come from the one command table (bot/commands.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answer import Answer, entity_answer
from bot.commands import ADMIN, LOOKUP, group
from bot.ingest import prepare_isolation
from bot.messages import t
from bot.settings import Settings, load_settings
from bot.show import render
from bot.tg import admin, guard
from bot.tg import ask as tg_ask
from bot.tg import corrections as tg_corrections
from bot.tg import graph as tg_graph
from bot.tg import watch as tg_watch
from bot.tg import webhook as tg_webhook
from bot.tg.buttons import (
    ARTICLES,
    CARD,
    LOOKUPS,
    MORE,
    SEARCH,
    SOURCES,
    Press,
    current,
    decode,
    keyboard,
    pattern,
)
from bot.tg.context import Context, core_of, flood_ok, lang_of, user_lang
from bot.tg.core import Core
from bot.tg.inline import on_inline

log = logging.getLogger("factbot.telegram")
# The lookups a Telegram handler answers (/start /help /who /company /search /sources).
LOOKUP_NAMES = [c.name for c in group(LOOKUP) if c.telegram]
# Commands a photo's or document's caption may carry (/who 陈书耕 under a picture; /graph too: `_reply`
# sends its photo as the command's handler does).
_CAPTION_COMMAND = rf"^/(?:{'|'.join(c.name for c in group(LOOKUP))})(?:@\w+)?(?:\s|$)"


def keyboard_for(ans: Answer, core: Core, corrections: bool = True):
    """An answer's buttons, with the team's correction row under a card unless it is shared inline
    elsewhere; a search's page buttons carry a key to its remembered words."""
    index = core.index
    key = core.remember_search(ans.arg) if ans.command == "search" and ans.status == "list" else None
    rows = tg_corrections.card_rows(ans, index) if corrections else None
    return keyboard(ans, index, rows, search_key=key)


async def _reply(update: Update, context: Context, ans: Answer) -> None:
    msg = update.effective_message
    if msg is None:
        return
    if ans.command in ("timeline", "graph") and ans.status == "found":
        await tg_graph.reply_view(update, context, ans)  # their own buttons, or a photo
        return
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(text, reply_markup=keyboard_for(ans, core_of(context)), do_quote=True)


def _addressed_elsewhere(text: str, context: Context) -> bool:
    """/who@otherbot …: a command for another bot in the same chat or channel."""
    first = text.split(maxsplit=1)[0]
    return "@" in first and first.split("@", 1)[1].lower() != (context.bot.username or "").lower()


async def on_command(update: Update, context: Context) -> None:
    """/who /company /search /sources /help /start: the chat line goes to the core as typed."""
    msg = update.effective_message
    if msg is None or not msg.text or not await flood_ok(update, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, user_lang(update))
    await _reply(update, context, ans)


async def on_channel_post(update: Update, context: Context) -> None:
    """Commands posted in a channel where the bot is an admin (CommandHandler skips channel posts)."""
    msg = update.effective_message
    if msg is None or not msg.text or _addressed_elsewhere(msg.text, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, None)
    await _reply(update, context, ans)


async def on_private_text(update: Update, context: Context) -> None:
    """A bare name in a private chat is a lookup; an admin's long pasted text is an article."""
    msg = update.effective_message
    if msg is None or not msg.text or not await flood_ok(update, context):
        return
    if len(msg.text) >= admin.PASTE_CHARS:
        await admin.on_pasted(update, context)
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.text, user_lang(update))
    await _reply(update, context, ans)


async def on_caption_command(update: Update, context: Context) -> None:
    """A photo or document whose caption is a command (/who 陈书耕) is answered like the command."""
    msg = update.effective_message
    if msg is None or not msg.caption or _addressed_elsewhere(msg.caption, context):
        return
    if msg.chat.type != "channel" and not await flood_ok(update, context):
        return
    ans = await asyncio.to_thread(core_of(context).answer, msg.caption, user_lang(update))
    await _reply(update, context, ans)


async def on_callback(update: Update, context: Context) -> None:
    """A card's and a list's buttons. Pages of the same answer (更多要点, 来源, a search's or the article
    list's next page, back to the card) replace the message they are under, as popular bots page; a name
    opens its card in a new message. Any other press that reaches here is stale."""
    q = update.callback_query
    if q is None:
        return
    core, press, lang = core_of(context), decode(q.data), lang_of(update)
    ans = await asyncio.to_thread(_pressed, core, press, user_lang(update), lang) if press else None
    if ans is None:
        # Every query is answered, or the user's button spins: unknown, stale (its entity is gone or is
        # now another one: the check differs; a search no longer remembered) or malformed data says so.
        await q.answer(t("tg.stale_button", lang))
        return
    await q.answer()
    text = await asyncio.to_thread(render, ans, "html")
    markup = keyboard_for(ans, core, corrections=q.message is not None)
    if press is not None and press.kind == CARD and isinstance(q.message, Message):
        await q.message.reply_html(text, reply_markup=markup)  # another card: a message of its own
    else:
        await _edit(q, context, text, markup)


def _pressed(core: Core, press: Press, user_lang: str | None, lang: str) -> Answer | None:
    """The answer a press asks for (its page set), or None when the press is stale."""
    index = core.index
    if press.kind not in LOOKUPS or not current(index, press):
        return None
    if press.kind == SEARCH:
        words = core.searches.get(press.num(0))
        if words is None:
            return None
        ans = core.answer("/search " + words, user_lang)
        ans.page = press.num(1)
        return ans if ans.status == "list" else None
    if press.kind == ARTICLES:
        ans = core.answer("/sources", user_lang)
        ans.page = press.num(0)
        return ans
    if press.num(0, -1) not in index.entities:
        return None
    ans = Answer(query=press.kind, command="who", status="found", lang=lang)
    ans = entity_answer(index, ans, press.num(0))
    if press.kind == SOURCES:
        ans.command, ans.page = "sources", press.num(1)
    elif press.kind == MORE:
        ans.page = press.num(1)
    return ans


async def _edit(q, context: Context, text: str, markup) -> None:
    """The message the button is under (or an inline one) now shows `text`; one that can no longer be
    edited gets the text as a new message."""
    try:
        await q.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
        return
    except BadRequest as exc:
        if "not modified" in str(exc).lower():
            return  # the page it already shows (pressed twice)
        if q.message is None:
            raise
        log.info("could not edit the message (%s): sending the page as a new one", exc)
    except TypeError:  # an inaccessible message (deleted, or too old to reach)
        if q.message is None:
            raise
    await context.bot.send_message(q.message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_error(update: object, context: Context) -> None:
    log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text(t("tg.error", lang_of(update)))
        except Exception:  # noqa: BLE001 - the error reply itself must never raise
            log.warning("could not send the error reply")


def menu(lang: str, examples: dict[str, str]) -> list[BotCommand]:
    """The public menu: the table's commands marked `menu`, described in `lang`."""
    return [BotCommand(c.name, c.menu_text(lang, **examples)) for c in group(LOOKUP) if c.menu]


async def post_init(app: Application) -> None:
    prepare_isolation()  # the uploads' fork server starts loading now, not at the first upload
    bot = app.bot
    ex = core_of(app).index.examples()
    for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
        await bot.set_my_commands(menu("zh-hans", ex), scope=scope)
        await bot.set_my_commands(menu("en", ex), scope=scope, language_code="en")
    await tg_corrections.set_admin_commands(app, menu("zh-hans", ex))


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
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))  # cards cite links
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(post_init)
        .concurrent_updates(True)
    )
    base_url = base_url or os.environ.get("TELEGRAM_API_BASE_URL")
    if base_url:
        builder = builder.base_url(base_url)
        builder = builder.base_file_url(base_file_url or base_url.replace("/bot", "/file/bot"))
    app = builder.build()
    guard.guard_bot(app.bot)  # an update PTB cannot parse is skipped, not fetched forever
    app.bot_data["core"] = Core(index_path, settings)
    _register(app)
    return app


def _register(app: Application) -> None:
    # Only new messages and posts: an edited one was answered already when it was first sent.
    new_msg, new_post = filters.UpdateType.MESSAGE, filters.UpdateType.CHANNEL_POST
    app.add_handler(guard.forwarded_commands_handler(), group=-1)  # someone else's command is not run
    app.add_handler(CommandHandler(LOOKUP_NAMES, on_command, filters=new_msg))
    tg_graph.register(app)  # 大事记 and 关系图: /graph and their buttons (before the card's buttons)
    tg_watch.register(app)  # /watch /unwatch /watching and the digest job
    admin_handlers = {"reload": admin.on_reload, "remove": admin.on_remove}
    for c in group(ADMIN):
        app.add_handler(CommandHandler(c.name, admin_handlers[c.name], filters=new_msg))
    # Our buttons first: PTB hands a callback with empty data to any pattern handler, so this one (which
    # answers it as stale) must come before the corrections' buttons; unknown data falls to the last one.
    app.add_handler(CallbackQueryHandler(on_callback, pattern=pattern(LOOKUPS)))
    # /alias /merge /split /kind /notentity /fix /hide /history /undo and buttons
    tg_corrections.register(app)
    captioned = (filters.PHOTO | filters.Document.ALL | filters.VIDEO) & filters.CaptionRegex(
        _CAPTION_COMMAND
    )
    # An article with a command caption is both an upload and the command (bot/tg/guard.py).
    private_doc = new_msg & filters.ChatType.PRIVATE & guard.ARTICLE_DOCUMENT & captioned
    app.add_handler(MessageHandler(private_doc, guard.both(admin.on_document, on_caption_command)))
    channel_doc = new_post & guard.ARTICLE_DOCUMENT & captioned
    app.add_handler(MessageHandler(channel_doc, guard.both(admin.on_channel_article, on_caption_command)))
    app.add_handler(MessageHandler((new_msg | new_post) & captioned, on_caption_command))
    app.add_handler(MessageHandler(new_post & filters.Regex(r"^/"), on_channel_post))
    app.add_handler(
        MessageHandler(new_post & (filters.Document.ALL | filters.TEXT), admin.on_channel_article)
    )
    app.add_handler(
        MessageHandler(new_msg & filters.Document.ALL & filters.ChatType.PRIVATE, admin.on_document)
    )
    app.add_handler(
        MessageHandler(new_msg & filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, on_private_text)
    )
    # In a group, text that mentions the bot or replies to it: a question or a name (bot/tg/ask.py).
    app.add_handler(
        MessageHandler(
            new_msg & filters.TEXT & ~filters.COMMAND & filters.ChatType.GROUPS, tg_ask.group_handler(_reply)
        )
    )
    # Any other /command in a private chat: the reply says which commands there are (none is silent).
    app.add_handler(MessageHandler(new_msg & filters.COMMAND & filters.ChatType.PRIVATE, on_command))
    app.add_handler(InlineQueryHandler(on_inline))
    app.add_handler(CallbackQueryHandler(on_callback))  # every button press, ours or not, is answered
    app.add_error_handler(on_error)


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
        # Our own handler: PTB's answers 400 to an update it cannot parse and Telegram resends it forever.
        tg_webhook.run_webhook(
            app,
            listen=str(hook.get("listen", "0.0.0.0")),
            port=int(hook.get("port", 8443)),
            path="telegram",
            webhook_url=str(hook["url"]).rstrip("/") + "/telegram",
            secret=secret,
        )
    else:
        app.run_polling(allowed_updates=guard.ALLOWED_UPDATES)
    return 0
