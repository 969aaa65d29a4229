"""Which of an entity's facts a card shows, and in what order: non-facts dropped (captions, titles,
questions, a list that only names it), near-duplicates dropped, strongest first with variety."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.facts import figures, is_framing, is_promotion, years
from bot.normalize import to_simplified

if TYPE_CHECKING:
    from bot.store.index import Index

FACTS_PER_PAGE = 6
_DATA = Path(__file__).resolve().parent.parent / "data" / "answer"


def rank_facts(facts: list[dict], entity: dict | None = None) -> list[dict]:
    """Strongest first, near-duplicates and non-facts (captions, titles, questions, front matter, lists
    that only name this entity) dropped, and variety: each repeat of a fact type costs a point."""
    from rapidfuzz import fuzz

    names = [n for n in ([entity["name"], *entity["aliases"]] if entity else []) if n]
    pool = [f for f in facts if not not_a_fact(f, names)]
    # Answers that neither name nor continue the entity are about whatever was asked; with enough
    # sentences about the entity itself they stay off the card.
    if sum(1 for f in pool if f.get("explicit", True)) >= FACTS_PER_PAGE:
        pool = [f for f in pool if f.get("explicit", True)]
    # Promotion (a mission statement, thanks) would fill a short card's free places: it stays off when two
    # other facts are there to show (a long card ranks it below its facts already).
    if 2 <= sum(1 for f in pool if not is_promotion(f["canon"])) <= FACTS_PER_PAGE:
        pool = [f for f in pool if not is_promotion(f["canon"])]
    pool.sort(key=lambda f: (-f["score"], f.get("order", ""), f["id"]))
    out: list[dict] = []
    seen: list[str] = []
    figures_seen: list[tuple[set[str], set[str]]] = []
    used: dict[str, int] = {}
    while pool:
        best = max(pool, key=lambda f: f["score"] - 1.0 * used.get(f["type"], 0))
        pool.remove(best)
        key = re.sub(r"[\W_]+", "", best["canon"])
        if any(key in s or s in key or fuzz.ratio(key, s) >= 85 for s in seen):
            continue
        # The same amount told twice is the same fact (上市当天市值一度升至300亿港元 in the lede and the
        # body), unless the years differ (3000万美元 in the A round of 2012 and the B round of 2013).
        figs, dated = figures(best["canon"]), years(best["canon"])
        if figs and any(figs & f0 and (not dated or not y0 or dated & y0) for f0, y0 in figures_seen):
            continue
        figures_seen.append((figs, dated))
        seen.append(key)
        used[best["type"]] = used.get(best["type"], 0) + 1
        out.append(best)
    return out


def not_a_fact(f: dict, names: list[str]) -> bool:
    """A caption, byline, front-matter key, the article's own title, a question, or a list of companies
    that names this one without saying anything about it."""
    from bot.relations import cues

    canon = f["canon"].strip()
    if any(c in canon for c in cues.words("captions")) or re.match(r"^[A-Za-z_]+\s*[:：]", canon):
        return True
    if is_framing(canon):
        return True
    if canon.count("|") >= 2 or canon.count("｜") >= 2:
        return True  # a row of a Markdown table (| 7/5 | 警方通报… |): cells, not a sentence
    if re.search(r"[？?]\s*$", canon) or _cue("question_particles", "(?:{})[。！]?$").search(canon):
        return True
    if not re.search(r"[\u4e00-\u9fff]", canon):
        return True
    if _cue("tail_starts", "^(?:{})").match(canon):
        return True  # the tail of a sentence split in two (是罗川衡量一个方案的首要标准。)
    flat = re.sub(r"[\W_]+", "", canon)
    for src in f.get("sources", []):
        title = re.sub(r"[\W_]+", "", to_simplified(src.get("title") or ""))
        # the article's title, or its lede when the title is the lede cut short (阳光照在…罗川的桌面…)
        if title and (flat == title or (len(title) >= 12 and flat.startswith(title))):
            return True
    listed = [n for n in names if n in canon]
    if listed and canon.count("、") >= 2 and all(only_listed(canon, n) for n in listed):
        return True
    return False


@cache
def _words(name: str) -> tuple[str, ...]:
    """Cue words of the card's fact filter, one a line in bot/data/answer/<name>.txt (`#` comments)."""
    text = (_DATA / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(w for w in (line.split("#", 1)[0].strip() for line in text.splitlines()) if w)


@cache
def _cue(name: str, pattern: str) -> re.Pattern[str]:
    """`pattern` with the words of `name` as an alternation in place of {}."""
    return re.compile(pattern.format("|".join(map(re.escape, _words(name)))))


def only_listed(canon: str, n: str) -> bool:
    """Named only inside A、B、C: every place the name stands is an item of a list: next to a 、, after a
    closing 和/与/及, or right after a short qualifier since the last 、 (…、青禾李默都起步于此)."""
    i = canon.find(n)
    while i >= 0:
        before, after = canon[:i], canon[i + len(n) :]
        # An item that gives a figure of its own (韩立舟持股7.35%、…) says something about it.
        if re.match(r"[^、，,；;。]*\d", after):
            return False
        last = before.rfind("、")
        qualifier = before[last + 1 :] if last >= 0 else None
        listed = (
            before.endswith("、")
            or after.startswith("、")
            or (before.endswith(_words("list_joiners")) and last >= 0)
            or (qualifier is not None and len(qualifier) <= 6 and not re.search(r"[，,；;。：:]", qualifier))
        )
        if not listed:
            return False
        i = canon.find(n, i + len(n))
    return True


def said_together(index: Index, fid: int, a: int, b: int) -> bool:
    """Neither entity is named in the fact only as an item of a list (远帆赵岩、…青禾李默)."""
    f = index.fact(fid)
    if f is None:
        return False
    canon = f["canon"]
    for eid in (a, b):
        e = index.entities[eid]
        here = [
            n for n in {to_simplified(x) for x in [e.name, *(al for al, _ in e.aliases)]} if n and n in canon
        ]
        if here and all(only_listed(canon, n) for n in here):
            return False  # (one not named at all is the one speaking or referred to: 他/其/我们)
    return True


def time_order(facts: list[dict]) -> list[dict]:
    dated = sorted((f for f in facts if f["date"]), key=lambda f: f["date"])
    return dated + [f for f in facts if not f["date"]]
