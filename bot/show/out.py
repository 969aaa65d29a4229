"""The pieces every renderer shares: plain-or-HTML output, the reader's script, excerpts, the length cap."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

from bot.messages import catalogue
from bot.normalize import to_simplified, to_traditional, utf16_len
from bot.relations import cues

LIMIT = 4096


class Out:
    """Builds the same text as plain or HTML; article text is always escaped in HTML."""

    def __init__(self, html_mode: bool, conv: Callable[[str], str]) -> None:
        self.html = html_mode
        self.conv = conv
        self.parts: list[str] = []

    def text(self, s: str) -> None:
        s = self.conv(s)
        self.parts.append(html.escape(s, quote=False) if self.html else s)

    def bold(self, s: str) -> None:
        s = self.conv(s)
        self.parts.append(f"<b>{html.escape(s, quote=False)}</b>" if self.html else s)

    def link(self, s: str, url: str) -> None:
        s = self.conv(s)
        if self.html and url.startswith(("http://", "https://")):
            self.parts.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(s, quote=False)}</a>')
        else:
            self.parts.append(html.escape(s, quote=False) if self.html else s)

    def name(self, s: str, convert: bool) -> None:
        """Names as written (陳書耕 stays Traditional in a Simplified card), converted only when asked."""
        s = self.conv(s) if convert else s
        self.parts.append(html.escape(s, quote=False) if self.html else s)

    def raw(self, s: str) -> None:
        self.parts.append(s)

    def value(self) -> str:
        return "".join(self.parts)


def labels(lang: str) -> dict[str, str]:
    """The card's words by short name (born, sources, not_found…) from the catalogue. Chinese cards are
    written in Simplified and converted as a whole for a Traditional reader (see `converter`)."""
    return _labels("en" if lang == "en" else "zh-hans")


_LABEL_CACHE: dict[str, dict[str, str]] = {}


def _labels(lang: str) -> dict[str, str]:
    if lang not in _LABEL_CACHE:
        out: dict[str, str] = {}
        for key, text in catalogue(lang).items():
            area, _, name = key.partition(".")
            if area in ("kind", "field", "show"):
                out[name] = text
        _LABEL_CACHE[lang] = out
    return _LABEL_CACHE[lang]


def converter(ans) -> Callable[[str], str]:
    """Everything in the reader's script: OpenCC t2s for Simplified readers (titles of Traditional
    articles too), s2t for Traditional readers with known names protected from phrase-level conversion."""
    if ans.lang != "zh-hant":
        return simplified
    # A name is held in the form its article writes (朱國樑, 大中華表行): OpenCC's s2t would rewrite it
    # character by character or as a phrase (樑 -> 梁, 表行 -> 錶行), whether it comes Simplified or not.
    forms = {n: t for n, t in ans.names.items() if n}
    forms.update({t: t for t in ans.names.values() if t and t not in forms})
    names = sorted(forms, key=len, reverse=True)[:800]
    pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None

    def conv(s: str) -> str:
        if not s or already_traditional(s):
            return s
        if pattern is None:
            return to_traditional(s)
        found: list[str] = []

        def hold(m: re.Match[str]) -> str:
            found.append(forms.get(m.group(0), m.group(0)))
            return f"\ue100{len(found) - 1}\ue101"

        held = pattern.sub(hold, s)
        out = to_traditional(held)
        return re.sub("\ue100(\\d+)\ue101", lambda m: found[int(m.group(1))], out)

    return conv


def already_traditional(s: str) -> bool:
    """Text written in Traditional (a Traditional article's title): at least one character that only
    Traditional has and none that only Simplified has. It is shown as written, never converted again."""
    scripts = {_script(ch) for ch in s if "\u4e00" <= ch <= "\u9fff"}
    return "traditional" in scripts and "simplified" not in scripts


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    if to_simplified(ch) != ch:
        return "traditional"
    return "simplified" if to_traditional(ch) != ch else "both"


def simplified(s: str) -> str:
    """OpenCC t2s, then 著 as the particle or verb (意味著, 随著, 著手) becomes 着; 著名, 显著, 名著 stay."""
    s = to_simplified(s)
    if "著" not in s:
        return s
    keep_after, keep_before = cues.words("zhu_after"), cues.words("zhu_before")
    out = []
    for i, ch in enumerate(s):
        if ch == "著" and not (s[i + 1 : i + 2] in keep_after or s[i - 1 : i] in keep_before):
            ch = "着"
        out.append(ch)
    return "".join(out)


def title(s: dict) -> str:
    """An article's title for the source list; never a bare front-matter line (---)."""
    text = (s.get("title") or "").strip()
    if not re.search(r"[\w\u4e00-\u9fff]", text):
        text = s.get("outlet") or s.get("article") or ""
    return text


def short(text: str, n: int = 140) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _names_in(clause: str, names: list[str]) -> bool:
    return any(n and n in clause for n in names)


def excerpt(text: str, names: list[str], limit: int = 90, whole: int = 120) -> str:
    """A long sentence shown from the clause that names the entity, cut at clause ends; one that is
    not much longer than the limit is shown whole (its opening clause is often its topic)."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= max(limit, whole):
        return text
    clauses = re.findall(r"[^，；。！？]+[，；。！？]?", text)
    start = next((i for i, c in enumerate(clauses) if _names_in(c, names)), 0)
    # Keep the date or subject clause just before the named one when it fits (2014年1月，陈书耕…).
    if start and len(clauses[start - 1]) <= 12:
        start -= 1
    out = ""
    named = next((i for i, c in enumerate(clauses) if _names_in(c, names)), start)
    for i, c in enumerate(clauses[start:], start):
        if out and len(out) + len(c) > limit and i > named:
            break  # never before the clause that names the entity (…在IPO之前… said nothing)
        out += c
    out = short(out, limit)
    prefix = "…" if start else ""
    suffix = "…" if not out.endswith(("。", "！", "？", "…", "”")) else ""
    return prefix + out.rstrip("，；") + suffix


def fit(text: str, html_mode: bool) -> str:
    """At most 4096 UTF-16 units; cut at a line break and never inside an HTML tag or entity."""
    if utf16_len(text) <= LIMIT:
        return text
    lines = text.split("\n")
    while lines and utf16_len("\n".join(lines) + "\n…") > LIMIT:
        lines.pop()
    out = "\n".join(lines)
    if not lines:
        out = re.sub(r"<[^>]*>", "", text) if html_mode else text
        while utf16_len(out) > LIMIT - 2:
            out = out[: len(out) - max(1, (utf16_len(out) - LIMIT) // 2 + 1)]
        out = re.sub(r"&[a-z#0-9]*$", "", out)
    return out + "\n…"
