"""Inline mode: `@bot NAME` in any chat lists matching cards, page by page, to share."""

from __future__ import annotations

import asyncio
import re

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from bot.answer import Answer, entity_answer, person_traditional, pick_lang
from bot.messages import t
from bot.normalize import name_key
from bot.query import parse_line, resolve
from bot.show import render
from bot.tg.buttons import keyboard, kind_label
from bot.tg.context import Context, core_of, lang_of, user_lang
from bot.tg.core import Core

INLINE_QUERY_CHARS = 256  # the real Bot API's cap; a self-hosted server may send more
INLINE_MAX_OFFSET = 10_000
PREVIEW_OFF = LinkPreviewOptions(is_disabled=True)


async def on_inline(update: Update, context: Context) -> None:
    iq = update.inline_query
    if iq is None:
        return
    core = core_of(context)
    text = (iq.query or "")[:INLINE_QUERY_CHARS].strip()
    limit = core.settings.limit("name_chars", 64)
    hint = None
    if not text:
        person = core.index.examples()["person"]
        if lang_of(update) == "zh-hant":  # the example name in the reader's script too
            person = person_traditional(person)
        hint = t("tg.inline.hint", lang_of(update), person=person)
    elif len(text) > limit:
        # The CPU budget: no fuzzy matching over a name longer than any name.
        hint = t("tg.inline.too_long", lang_of(update), n=limit)
    if hint is not None:
        await iq.answer([], cache_time=5, button=InlineQueryResultsButton(hint, start_parameter="help"))
        return
    offset = _inline_offset(iq.offset)
    page = min(50, core.settings.limit("inline_page", 10))
    results, more = await asyncio.to_thread(_inline_results, core, text, user_lang(update), offset, page)
    await iq.answer(results, cache_time=30, next_offset=str(offset + page) if more else "")


def _inline_offset(raw: str | None) -> int:
    """Our own next_offset comes back as a small number; anything else starts from the first page."""
    if raw and re.fullmatch(r"[0-9]{1,5}", raw):
        return min(int(raw), INLINE_MAX_OFFSET)
    return 0


def _matches(core: Core, name: str) -> list[int]:
    """The resolved entity and candidates first, then names containing the text (科技 lists every …科技)."""
    res = resolve(core.index, name, None)
    ids = [res.entity] if res.entity is not None else []
    ids += [e for e, _ in res.candidates if e not in ids]
    key = name_key(name)
    if key:
        extra = {eid for k, _, eid in core.index.keys if key in k and eid not in ids}
        ids += sorted(extra, key=lambda e: -core.index.entities[e].mentions)
    return ids


def _inline_results(core: Core, text: str, user_lang: str | None, offset: int, size: int):
    q = parse_line("/who " + text, core.settings.limit("name_chars", 64))
    lang = pick_lang(q, None, user_lang)
    if q.problem or not q.arg:
        return [], False
    ids = _matches(core, q.arg)
    return [_result(core, text, lang, eid) for eid in ids[offset : offset + size]], len(ids) > offset + size


def _result(core: Core, text: str, lang: str, eid: int) -> InlineQueryResultArticle:
    ans = entity_answer(core.index, Answer(query=text, command="who", status="found", lang=lang), eid)
    e = ans.entity
    firsts = [v["value"] for f in ("roles", "founders", "founded") for v in ans.profile.get(f, [])[:1]]
    desc = t("common.semicolon", lang).join(firsts)[:100]
    kind = kind_label(e["kind"], lang)
    return InlineQueryResultArticle(
        id=f"{eid}",
        title=t("tg.inline.title", lang, name=e["name"], kind=kind),
        description=desc or None,
        input_message_content=InputTextMessageContent(
            render(ans, "html"), parse_mode=ParseMode.HTML, link_preview_options=PREVIEW_OFF
        ),
        reply_markup=keyboard(ans, core.index),
    )
