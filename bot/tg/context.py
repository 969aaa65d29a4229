"""What every handler reads from an update and its context: the core, the reader's language, the flood gate."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.messages import t
from bot.tg.core import Core

Context = ContextTypes.DEFAULT_TYPE


def core_of(context: Context | Application) -> Core:
    app = context if isinstance(context, Application) else context.application
    return app.bot_data["core"]


def user_lang(update: Update) -> str | None:
    return update.effective_user.language_code if update.effective_user else None


def lang_of(update: Update) -> str:
    """The catalogue language of the user: zh-hant for Traditional locales, en for English, else zh-hans."""
    code = (user_lang(update) or "").lower()
    if code in ("zh-hant", "zh-tw", "zh-hk", "zh-mo"):
        return "zh-hant"
    return "en" if code.startswith("en") else "zh-hans"


def user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


async def flood_ok(update: Update, context: Context) -> bool:
    """False (and a warning once a minute) for a user sending faster than the limit."""
    user = update.effective_user
    core = core_of(context)
    if user is None or core.flood.allow(user.id):
        return True
    if core.flood.should_warn(user.id) and update.effective_message:
        await update.effective_message.reply_text(t("tg.flood", lang_of(update)))
    return False
