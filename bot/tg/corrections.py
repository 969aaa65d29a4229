"""Team corrections in Telegram: the commands, who may use them, and the buttons (隐藏, 撤销, 修订记录).

The core (bot/corrections.py) checks and records each change; this adapter decides whether the user may
correct (a setting: everyone, group admins via getChatMember, or the configured admins), then swaps in a
freshly loaded index so the change applies at once — the same way a rebuild swaps it.
"""

from __future__ import annotations

import asyncio
import html
import logging
import threading

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import corrections as cx
from bot.answer import FACTS_PER_PAGE, Answer, answer_line, entity_answer, request_answer, time_order
from bot.commands import ALIASES, CORRECTION, CORRECTIONS, group
from bot.messages import t
from bot.show import excerpt, render
from bot.show.card import unspun
from bot.store.index import Index
from bot.tg.buttons import CARD, HIDE, HIDE_PICK, HISTORY, UNDO, button, current, decode, pattern
from bot.tg.buttons import CORRECTIONS as BUTTONS
from bot.tg.context import core_of, flood_ok, lang_of, user_lang
from bot.tg.guard import anonymous_admin

log = logging.getLogger("factbot.telegram")
_SWAP = threading.Lock()  # one correction at a time writes and reloads, so no swap brings back an older index


async def actor_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> cx.Actor:
    """Who is correcting and whether the `corrections.who` setting lets them."""
    core = core_of(context)
    user, chat = update.effective_user, update.effective_chat
    mode = cx.who_may_correct(core.settings)
    uid = user.id if user else 0
    name = (user.full_name or "") + (f" (@{user.username})" if user and user.username else "") if user else ""
    allowed = user is not None and (mode == "everyone" or core.is_admin(uid))
    if (
        not allowed
        and user is not None
        and mode == "group_admins"
        and chat
        and chat.type in ("group", "supergroup")
    ):
        try:
            member = await context.bot.get_chat_member(chat.id, uid)
            allowed = member.status in ("creator", "administrator")
        except TelegramError as exc:  # cannot check: refuse politely rather than guess
            log.warning("getChatMember failed: %s", exc)
    if not allowed and mode == "group_admins" and anonymous_admin(update):
        allowed = True  # an anonymous administrator writes as the group itself (bot/tg/guard.py)
    return cx.Actor(uid, name or str(uid), chat.id if chat else 0, allowed, mode)


def _apply(core, run) -> Answer:
    """Run one correction on the live index; a recorded change swaps in a reloaded index at once."""
    with _SWAP:
        ans = run(core.index)
        if ans.correction.get("changed"):
            core.index = Index(core.index_path)
    return ans


def reply_markup(ans: Answer, index: Index) -> InlineKeyboardMarkup | None:
    """Under a correction's reply, in the reader's language: undo, history, the card (or the candidates)."""
    c, lang = ans.correction, ans.lang
    row: list[InlineKeyboardButton] = []
    if c.get("ok") and c.get("changed") and c.get("op") != cx.UNDO:
        row.append(button(index, t("tg.button.undo", lang), UNDO, c["change"]))
    entity = c.get("entity")
    if c.get("ok") and entity is not None:
        if c.get("op") != cx.HISTORY:
            row.append(button(index, t("tg.button.history", lang), HISTORY, entity))
        row.append(button(index, t("tg.button.card", lang), CARD, entity))
    if not c.get("ok") and ans.candidates:
        row = [button(index, x["name"], CARD, x["id"]) for x in ans.candidates[:3]]
    return InlineKeyboardMarkup([row]) if row else None


def card_rows(ans: Answer, index: Index) -> list[list[InlineKeyboardButton]]:
    """Under a card: hide a fact of this page, and the card's history when the team changed it."""
    if ans.status != "found" or not ans.entity or not ans.facts:
        return []
    eid = ans.entity["id"]
    row = [button(index, t("tg.button.hide", ans.lang), HIDE_PICK, eid, max(0, ans.page))]
    if ans.correction.get("changes"):
        row.append(button(index, t("tg.button.history", ans.lang), HISTORY, eid))
    return [row]


async def _send(update: Update, ans: Answer, index: Index) -> None:
    msg = update.effective_message
    if msg is None:
        return
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(text, reply_markup=reply_markup(ans, index), do_quote=True)


async def on_correction(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alias /merge /split /kind /notentity /fix /hide /history /undo, as typed."""
    msg = update.effective_message
    core = core_of(context)
    if msg is None or not msg.text or update.effective_user is None or not await flood_ok(update, context):
        return
    actor = await actor_for(update, context)
    limit = core.settings.limit("name_chars", 64)
    ans = await asyncio.to_thread(
        _apply,
        core,
        lambda index: answer_line(
            index, msg.text, user_lang=user_lang(update), name_limit=limit, actor=actor
        ),
    )
    await _send(update, ans, core.index)


def _hide_picker(index: Index, eid: int, page: int, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    ans = entity_answer(index, Answer(query="", command="who", status="found"), eid)
    chosen = time_order(ans.facts[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE])
    if not chosen:
        return t("tg.hide.none", lang), None
    names = [ans.entity["name"], *ans.entity["aliases"]] if ans.entity else []
    lines = [t("tg.hide.which", lang, name=html.escape(ans.entity["name"] if ans.entity else ""))]
    buttons = []
    for i, f in enumerate(chosen, 1):
        text = html.escape(excerpt(unspun(ans, f), names, 60, whole=60))  # as the card shows it
        lines.append(t("tg.hide.line", lang, i=i, text=text, id=f["id"]))
        buttons.append(button(index, t("tg.button.hide_n", lang, i=i), HIDE, eid, f["id"]))
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """h:<entity>:<page> pick a fact · x:<entity>:<fact> hide it · u:<change> undo · y:<entity> history."""
    q = update.callback_query
    if q is None:
        return
    core, lang, press = core_of(context), lang_of(update), decode(q.data)
    if press is None or press.kind not in BUTTONS or not current(core.index, press):
        await q.answer(t("tg.stale_button", lang))
        return
    actor = await actor_for(update, context)
    if press.kind in (HIDE_PICK, HIDE, UNDO) and not actor.allowed:
        key = "refused_group_admins" if actor.mode == "group_admins" else "refused_admins"
        await q.answer(t(f"corrections.error.{key}", lang), show_alert=True)
        return
    if press.kind == HIDE_PICK:
        if press.num(0) not in core.index.entities:
            await q.answer()
            return
        text, markup = await asyncio.to_thread(_hide_picker, core.index, press.num(0), press.num(1), lang)
        await q.answer()
        if q.message is not None:
            await q.message.reply_html(text, reply_markup=markup)
        return
    await _correct(q, core, press, actor, lang)


# A button press as the correction it requests, and the command its reply is rendered for.
_REQUESTS = {
    HIDE: (lambda n: cx.Request(cx.HIDE, number=n[1], entity_id=n[0]), "hide", "tg.toast.hidden"),
    UNDO: (lambda n: cx.Request(cx.UNDO, number=n[0]), "undo", "tg.toast.undone"),
    HISTORY: (lambda n: cx.Request(cx.HISTORY, entity_id=n[0]), "history", None),
}


async def _correct(q, core, press, actor: cx.Actor, lang: str) -> None:
    make, command, toast_key = _REQUESTS[press.kind]
    req = make(press.nums)
    ans = await asyncio.to_thread(
        _apply,
        core,
        lambda index: request_answer(
            index, Answer(query=q.data or "", command=command, status="found", lang=lang), req, actor
        ),
    )
    text = await asyncio.to_thread(render, ans, "html")
    if ans.correction.get("ok"):
        toast = t(toast_key, lang) if toast_key else None
    else:
        toast = cx.reply_text(ans)[:190]
    await q.answer(toast)
    if q.message is not None:
        await q.message.reply_html(text, reply_markup=reply_markup(ans, core.index))


async def set_admin_commands(app: Application, public: list[BotCommand]) -> None:
    """Admins see the correction commands in their menu; everyone else keeps the short public one."""
    commands = public + [BotCommand(c.name, c.menu_text("zh-hans")) for c in group(CORRECTION)]
    scopes = [BotCommandScopeAllChatAdministrators()] + [
        BotCommandScopeChat(a) for a in sorted(core_of(app).settings.admins)
    ]
    for scope in scopes:
        try:
            await app.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:  # an admin who never opened a chat with the bot: skip, keep going
            log.warning("setMyCommands for %s failed: %s", scope.type, exc)


def register(app: Application) -> None:
    """Before the private-text handler: /别名 … is not a Telegram command entity but is one of ours."""
    chinese = sorted((w for w, c in ALIASES.items() if c in CORRECTIONS), key=len, reverse=True)
    # New messages only: an edited /alias must not be applied a second time.
    fresh = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    app.add_handler(CommandHandler(list(CORRECTIONS), on_correction, filters=fresh))
    app.add_handler(
        MessageHandler(
            fresh & filters.TEXT & filters.Regex(rf"^/(?:{'|'.join(chinese)})(?:\s|$)"), on_correction
        )
    )
    app.add_handler(CallbackQueryHandler(on_button, pattern=pattern(BUTTONS)))
