"""Cue words and patterns for the relation rules, read once from `bot/data/relations/*.txt`.

One entry per line; `#` starts a comment. A line `word=display` gives an entry a display form
(figure labels: 花了=已投入). Longest entries first, so alternations prefer 联合创始人 over 创始人.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def words(name: str) -> tuple[str, ...]:
    text = resources.files("bot").joinpath("data", "relations", f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(sorted(dict.fromkeys(out), key=len, reverse=True))


@cache
def pairs(name: str) -> dict[str, str]:
    """Entries written `a b` or `a=b`: spun word -> common word, label -> display."""
    out = {}
    for entry in words(name):
        parts = re.split(r"\s+|=", entry, maxsplit=1)
        out[parts[0]] = parts[1] if len(parts) > 1 else parts[0]
    return out


@cache
def alternation(name: str) -> str:
    """The entries of `name` as a regex alternation (without a group)."""
    return "|".join(re.escape(w) for w in sorted(pairs(name), key=len, reverse=True))


@cache
def pattern(name: str) -> re.Pattern[str]:
    return re.compile(alternation(name))
