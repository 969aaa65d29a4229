"""Quoted names: 「星岚诺亚」, “一起科技”, 《十点钟》 — a name the writer marks off in quotes and uses as an
organisation (a class noun or a founding verb before it, a role or an organisation's verb after it).

The quotes and the cue are the evidence, so the name may be an everyday word (一起, 知道, 老码头)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bot import lexicon as lx
from bot.extract.context import ArticleContext
from bot.extract.orgs import LATIN_NAME
from bot.vocab import BRAND, COMPANY

_QUOTED = lx.pattern("orgs", "quoted", LATIN_NAME=LATIN_NAME)
_CLASS_BEFORE = re.compile(f"(?:{'|'.join(lx.CLASS_NOUNS)})\\s*$")
_PAIRS = {"「": "」", "“": "”", "《": "》", "『": "』", '"': '"'}


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = "|".join(f"(?:{p})" for p in lx.load_list("quoted_name_before"))
    after = "|".join(f"(?:{p})" for p in lx.load_list("quoted_name_after"))
    return re.compile(before), re.compile(after)


def find_quoted_names(ctx: ArticleContext) -> None:
    """品牌「老码头」创办人陈启明, 「星岚诺亚」成立于2018年, 《十点钟》创办人陆远舟, 加入《南方晨报》.
    One cue is enough when the article writes the name twice or more; a name written once needs a cue
    on both sides; an everyday word must be quoted twice."""
    before, after = _cues()
    people = ctx.people()
    cues: Counter[str] = Counter()
    quoted: Counter[str] = Counter()
    brand: set[str] = set()
    classed: set[str] = set()
    for s in ctx.sents:
        for m in lx.finditer(_QUOTED, s.canon):
            if _PAIRS[m.group(1)] != m.group(3):
                continue
            name = m.group(2).strip()
            quoted[name] += 1
            b = before.search(s.canon[max(0, m.start() - 8) : m.start()])
            a = after.match(s.canon, m.end())
            if not (a or b) or name in people:
                continue
            cues[name] += bool(a) + bool(b)
            if b and lx.word("brand") in b.group(0):
                brand.add(name)
            if b and _CLASS_BEFORE.search(b.group(0)):
                classed.add(name)
    tags = lx.dictionary_tags()
    for name, n in cues.items():
        # 本地广告公司「晨光创作」: a class noun right before the quotes names it once, when the name is no
        # dictionary word (公司「出海」 stays a word)
        once = name in classed and len(name) >= 3 and name not in tags
        if (ctx.count(name) >= 2 or n >= 2 or once) and (quoted[name] >= 2 or not lx.is_generic(name)):
            ctx.add(name, BRAND if name in brand else COMPANY, 2.0 + 0.5 * n)
