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
def words_in_order(name: str) -> tuple[str, ...]:
    """The entries of `name` in the order the file gives them (a ranking), not longest first."""
    text = resources.files("bot").joinpath("data", "relations", f"{name}.txt").read_text(encoding="utf-8")
    out = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(w for w in out if w))


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


_PLACEHOLDER = re.compile(r"\{(cue:[a-z_]+|[A-Z_]+)\}")


@cache
def patterns(name: str, **given: str) -> dict[str, str]:
    """The `NAME = regex` entries of `bot/data/relations/<name>.txt`, in order, placeholders filled (see
    `parse_patterns`)."""
    text = resources.files("bot").joinpath("data", "relations", f"{name}.txt").read_text(encoding="utf-8")
    return parse_patterns(text, f"bot/data/relations/{name}.txt", given)


def parse_patterns(text: str, source: str, given: dict[str, str]) -> dict[str, str]:
    """`NAME = regex` lines, placeholders filled: `{NAME}` an entry above it (or one the caller gives),
    `{cue:FILE}` the entries of FILE.txt as an alternation. A regex keeps its spaces inside; `#` starts a
    comment only at the start of a line. Errors name the file and the line."""
    out: dict[str, str] = dict(given)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, rx = line.partition(" = ")
        where = f"{source}:{n}"
        if not sep:
            raise ValueError(f"{where}: expected NAME = pattern")

        def fill(m: re.Match[str], where: str = where) -> str:
            ref = m.group(1)
            if ref.startswith("cue:"):
                return alternation(ref[4:])
            if ref not in out:
                raise ValueError(f"{where}: {{{ref}}} is not defined above")
            return out[ref]

        out[key.strip()] = _PLACEHOLDER.sub(fill, rx.strip())
    return out
