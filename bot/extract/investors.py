"""Investors named where a financing sentence puts them: 由X领投，Y、Z跟投.

The position says what the name is, whatever its words: 积木资本 (积木 is an everyday word), 星苏产投
(no suffix at all), M资本(MainVest Capital， 简称M资本), ZK Capital D轮领投. A name in such a position is
one the article establishes (`ctx.article_names`), so the rules that judge a name by its words yield.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot import lexicon as lx
from bot.extract.context import HAN, ArticleContext
from bot.extract.orgs import LATIN_NAME, kind_for


def _P(key: str, **subs: str) -> re.Pattern[str]:
    return lx.pattern("orgs", key, **subs)


@lru_cache(maxsize=1)
def _positions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _P("investor_lead"), _P("investor_follow")


_BRACKET = _P("investor_bracket")
_DESCRIPTOR = _P("investor_descriptor")
_LEAD_WORDS = _P("investor_lead_words")
_LATIN = re.compile(rf"^({LATIN_NAME})")
_SPLIT = re.compile(r"[、，,]|(?<=[\u4e00-\u9fffA-Za-z)）]{2})(?:和|与|及)(?=[\u4e00-\u9fffA-Za-z]{2})")
# A clause, not a name: particles, verbs of the sentence, a person's honorific.
_CLAUSE = re.compile(r"[的了是在将会对从把被由获]|融资|博士|先生|女士|\d{4}年")
_CUES = ("领投", "跟投", "参投")


def find_investors(ctx: ArticleContext) -> None:
    lead, follow = _positions()
    people = ctx.people()
    for s in ctx.sents:
        if not any(c in s.canon for c in _CUES):
            continue
        for pat in (lead, follow):
            for m in lx.finditer(pat, s.canon):
                for item in _items(m.group("items")):
                    _add(ctx, item, people)


def _items(text: str) -> list[str]:
    """The names of a list, with their brackets (the split never cuts inside a bracket)."""
    brackets: list[str] = []

    def keep(m: re.Match[str]) -> str:
        brackets.append(m.group(0))
        return f"\x00{len(brackets) - 1}\x00"

    masked = _BRACKET.sub(keep, text)
    parts = [p.strip() for p in _SPLIT.split(masked)]
    return [re.sub(r"\x00(\d+)\x00", lambda m: brackets[int(m.group(1))], p) for p in parts if p]


def _add(ctx: ArticleContext, item: str, people: set[str]) -> None:
    aliases: dict[str, str] = {}
    for m in _BRACKET.finditer(item):
        inside = m.group("inside").strip()
        latin = _LATIN.match(inside)
        if latin and len(latin.group(1).strip()) >= 3:
            aliases[latin.group(1).strip()] = "english"
    name = _BRACKET.sub("", item).strip()
    name = _DESCRIPTOR.sub("", name)
    name = _LEAD_WORDS.sub("", name).strip()
    if "旗下" in name:  # 远帆资本旗下远帆新经济基金: the fund is the investor
        name = name.rsplit("旗下", 1)[1]
    if not 2 <= len(name) <= 16 or _CLAUSE.search(name) or name in people:
        return
    if not re.fullmatch(rf"[{HAN}A-Za-z0-9&.\- ]+", name) or any(p in name for p in people):
        return
    if re.search(rf"[{HAN}]", name) and " " in name:
        return  # 北海石油North Petro: two names written together, neither cut cleanly
    if name.isascii() and (len(name) < 3 or not re.search(r"[A-Z]", name)):
        return
    if lx.is_generic(name) or name in lx.CLASS_NOUNS or name in lx.ROLE_WORDS:
        return
    ctx.article_names.add(name)
    f = ctx.add(name, kind_for(name), 1.5)
    if f:
        for alias, kind in aliases.items():
            if alias != name:
                f.aliases.setdefault(alias, kind)
