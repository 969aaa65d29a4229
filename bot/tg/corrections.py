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
    LinkPreviewOptions,
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
from bot.show import excerpt, render
from bot.store.index import Index

log = logging.getLogger("factbot.telegram")
PREVIEW_OFF = LinkPreviewOptions(is_disabled=True)
_SWAP = threading.Lock()  # one correction at a time writes and reloads, so no swap brings back an older index

ADMIN_COMMANDS_ZH = [
    ("alias", "加别名：/alias 名字 = 别名"),
    ("merge", "合并两张卡片：/merge 名字 = 名字"),
    ("split", "拆开：/split 名字 = 别名"),
    ("kind", "改类型：/kind 名字 company"),
    ("notentity", "不是条目：/notentity 某个词"),
    ("fix", "改资料：/fix 名字 born 1983"),
    ("hide", "隐藏要点：/hide 编号"),
    ("history", "修订记录：/history 名字"),
    ("undo", "撤销修订：/undo 编号"),
]


def _core(context: ContextTypes.DEFAULT_TYPE):
    return context.application.bot_data["core"]


async def actor_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> cx.Actor:
    """Who is correcting and whether the `corrections.who` setting lets them."""
    core = _core(context)
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
    return cx.Actor(uid, name or str(uid), chat.id if chat else 0, allowed, mode)


def _apply(core, run) -> Answer:
    """Run one correction on the live index; a recorded change swaps in a reloaded index at once."""
    with _SWAP:
        ans = run(core.index)
        if ans.correction.get("changed"):
            core.index = Index(core.index_path)
    return ans


def reply_markup(ans: Answer) -> InlineKeyboardMarkup | None:
    c = ans.correction
    row: list[InlineKeyboardButton] = []
    if c.get("ok") and c.get("changed") and c.get("op") != cx.UNDO:
        row.append(InlineKeyboardButton("撤销", callback_data=f"u:{c['change']}"))
    entity = c.get("entity")
    if c.get("ok") and entity is not None:
        if c.get("op") != cx.HISTORY:
            row.append(InlineKeyboardButton("修订记录", callback_data=f"y:{entity}"))
        row.append(InlineKeyboardButton("查看卡片", callback_data=f"e:{entity}"))
    if not c.get("ok") and ans.candidates:
        row = [InlineKeyboardButton(x["name"], callback_data=f"e:{x['id']}") for x in ans.candidates[:3]]
    return InlineKeyboardMarkup([row]) if row else None


def card_rows(ans: Answer) -> list[list[InlineKeyboardButton]]:
    """Under a card: hide a fact of this page, and the card's history when the team changed it."""
    if ans.status != "found" or not ans.entity or not ans.facts:
        return []
    eid = ans.entity["id"]
    row = [InlineKeyboardButton("隐藏要点", callback_data=f"h:{eid}:{max(0, ans.page)}")]
    if ans.correction.get("changes"):
        row.append(InlineKeyboardButton("修订记录", callback_data=f"y:{eid}"))
    return [row]


async def _send(update: Update, ans: Answer) -> None:
    msg = update.effective_message
    if msg is None:
        return
    text = await asyncio.to_thread(render, ans, "html")
    await msg.reply_html(
        text, reply_markup=reply_markup(ans), link_preview_options=PREVIEW_OFF, do_quote=True
    )


async def on_correction(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alias /merge /split /kind /notentity /fix /hide /history /undo, as typed."""
    msg = update.effective_message
    core = _core(context)
    if msg is None or not msg.text or update.effective_user is None:
        return
    if not core.flood.allow(update.effective_user.id):
        if core.flood.should_warn(update.effective_user.id):
            await msg.reply_text("消息太快了，请稍等一分钟再试。")
        return
    actor = await actor_for(update, context)
    limit = core.settings.limit("name_chars", 64)
    ans = await asyncio.to_thread(
        _apply, core, lambda index: answer_line(index, msg.text, name_limit=limit, actor=actor)
    )
    await _send(update, ans)


def _hide_picker(index: Index, eid: int, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    ans = entity_answer(index, Answer(query="", command="who", status="found"), eid)
    chosen = time_order(ans.facts[page * FACTS_PER_PAGE : (page + 1) * FACTS_PER_PAGE])
    if not chosen:
        return "这一页没有可以隐藏的要点。", None
    names = [ans.entity["name"], *ans.entity["aliases"]] if ans.entity else []
    lines = [f"隐藏「{html.escape(ans.entity['name'] if ans.entity else '')}」的哪一条要点？"]
    buttons = []
    for i, f in enumerate(chosen, 1):
        lines.append(f"{i}. {html.escape(excerpt(f['canon'], names, 60, whole=60))}（编号 {f['id']}）")
        buttons.append(InlineKeyboardButton(f"隐藏 {i}", callback_data=f"x:{eid}:{f['id']}"))
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """h:<entity>:<page> pick a fact · x:<entity>:<fact> hide it · u:<change> undo · y:<entity> history."""
    q = update.callback_query
    if q is None:
        return
    core = _core(context)
    parts = (q.data or "").split(":")
    if len(parts) < 2 or not all(p.isdigit() for p in parts[1:]):
        await q.answer()
        return
    kind, nums = parts[0], [int(p) for p in parts[1:]]
    actor = await actor_for(update, context)
    if kind in ("h", "x", "u") and not actor.allowed:
        key = "refused_group_admins" if actor.mode == "group_admins" else "refused_admins"
        await q.answer(cx.MESSAGES[key], show_alert=True)
        return
    if kind == "h":
        if nums[0] not in core.index.entities:
            await q.answer()
            return
        text, markup = await asyncio.to_thread(
            _hide_picker, core.index, nums[0], nums[1] if len(nums) > 1 else 0
        )
        await q.answer()
        if q.message is not None:
            await q.message.reply_html(text, reply_markup=markup, link_preview_options=PREVIEW_OFF)
        return
    if kind == "x" and len(nums) == 2:
        req = cx.Request(cx.HIDE, number=nums[1], entity_id=nums[0])
    elif kind == "u":
        req = cx.Request(cx.UNDO, number=nums[0])
    else:
        req = cx.Request(cx.HISTORY, entity_id=nums[0])
    command = {"x": "hide", "u": "undo"}.get(kind, "history")
    ans = await asyncio.to_thread(
        _apply,
        core,
        lambda index: request_answer(
            index, Answer(query=q.data or "", command=command, status="found"), req, actor
        ),
    )
    text = await asyncio.to_thread(render, ans, "html")
    toast = {"x": "已隐藏", "u": "已撤销"}.get(kind) if ans.correction.get("ok") else cx.reply_text(ans)[:190]
    await q.answer(toast)
    if q.message is not None:
        await q.message.reply_html(text, reply_markup=reply_markup(ans), link_preview_options=PREVIEW_OFF)


async def set_admin_commands(app: Application, public: list[tuple[str, str]], ex: dict[str, str]) -> None:
    """Admins see the correction commands in their menu; everyone else keeps the short public one."""
    commands = [BotCommand(c, d.format(**ex)) for c, d in public] + [
        BotCommand(c, d) for c, d in ADMIN_COMMANDS_ZH
    ]
    scopes = [BotCommandScopeAllChatAdministrators()] + [
        BotCommandScopeChat(a) for a in sorted(_core_of_app(app).settings.admins)
    ]
    for scope in scopes:
        try:
            await app.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:  # an admin who never opened a chat with the bot: skip, keep going
            log.warning("setMyCommands for %s failed: %s", scope.type, exc)


def _core_of_app(app: Application):
    return app.bot_data["core"]


def register(app: Application) -> None:
    """Before the private-text handler: /别名 … is not a Telegram command entity but is one of ours."""
    from bot.query import ALIASES

    chinese = sorted((w for w, c in ALIASES.items() if c in cx.COMMANDS), key=len, reverse=True)
    # New messages only: an edited /alias must not be applied a second time.
    fresh = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    app.add_handler(CommandHandler(list(cx.COMMANDS), on_correction, filters=fresh))
    app.add_handler(
        MessageHandler(
            fresh & filters.TEXT & filters.Regex(rf"^/(?:{'|'.join(chinese)})(?:\s|$)"), on_correction
        )
    )
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^[hxuy]:\d+"))
