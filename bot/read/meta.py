"""Metadata of an article file: YAML front matter (size- and shape-checked) and its values."""

from __future__ import annotations

import re

import yaml

from bot import lexicon

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


# Front matter is a few lines of metadata; anything bigger, deeper or full of aliases is hostile.
FRONT_MATTER_BYTES = 16_000


FRONT_MATTER_DEPTH = 8


FRONT_MATTER_ALIASES = 8


FRONT_MATTER_EVENTS = 2_000


def _check_yaml_shape(block: str) -> str | None:
    """Walk the YAML event stream (iterative, nothing constructed) and name the first limit broken.

    A "billion laughs" is refused by its alias count before anything is expanded; 3,000-deep
    nesting is refused before PyYAML's recursive composer could overflow the stack.
    """
    depth = aliases = events = 0
    for ev in yaml.parse(block, Loader=yaml.SafeLoader):
        events += 1
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > FRONT_MATTER_DEPTH:
                return f"nested deeper than {FRONT_MATTER_DEPTH} levels"
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > FRONT_MATTER_ALIASES:
                return f"more than {FRONT_MATTER_ALIASES} aliases"
        if events > FRONT_MATTER_EVENTS:
            return f"more than {FRONT_MATTER_EVENTS} items"
    return None


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """(metadata, body, problem). Broken or oversized YAML is reported and the block dropped, the body kept."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, None
    block, body = m.group(1), text[m.end() :]
    if len(block.encode("utf-8", "surrogatepass")) > FRONT_MATTER_BYTES:
        return {}, body, f"front matter over {FRONT_MATTER_BYTES} bytes ignored"
    try:
        problem = _check_yaml_shape(block)
        if problem:
            return {}, body, f"front matter ignored ({problem})"
        meta = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError) as exc:
        # ValueError: a 5,000-digit integer (int max str digits); OverflowError: a date past year 9999.
        return {}, body, f"broken front matter ignored ({exc.__class__.__name__})"
    if not isinstance(meta, dict):
        return {}, body, "front matter is not a mapping; ignored"
    return meta, body, None


def _scalar(value: object, limit: int = 300) -> str:
    """A metadata value as one short line of text; lists and maps are not titles."""
    if value is None or isinstance(value, (list, dict, set, tuple)):
        return ""
    return re.sub(r"[\r\n\t]+", " ", strip_controls(str(value))).strip()[:limit]


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """NUL and the other C0 controls (tabs and line breaks kept) never reach the index."""
    return _CONTROLS.sub("", text)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


_ISO_DATE = lexicon.pattern("read", "iso_date")


def _iso_date(raw: str) -> str:
    """Best-effort ISO date from the forms articles use (2019-09-07, RFC 822, 2019年9月7日)."""
    raw = raw[:100]
    m = _ISO_DATE.search(raw)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.search(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})", raw)
    if m and m[2].lower() in _MONTHS:
        return f"{int(m[3]):04d}-{_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    return ""


_TITLE_DATE = re.compile(r"^\s*date\s*[:：]?\s*(\d{4}-\d{1,2}-\d{1,2})\s+")


def clean_title(raw: str) -> tuple[str, str]:
    """(title, date): a page title that starts with its date (`date 2025-11-03 兩岸好故事／…`) gives the date
    to the date and the rest to the title."""
    m = _TITLE_DATE.match(raw)
    if not m:
        return raw.strip(), ""
    return raw[m.end() :].strip(), _iso_date(m.group(1))


# Where a source line links: the article's original address first (a re-post's front matter names it
# `original_url` or `link`), then its own `url`, then `source` (often the page it was copied from).
LINK_KEYS = ("original_url", "link", "url", "source")


def source_link(meta: dict) -> str:
    """The first web address among the front matter's link fields (a `source: 36氪` is no address)."""
    for key in LINK_KEYS:
        value = _scalar(meta.get(key))
        if re.match(r"https?://\S+$", value, re.I):
            return value
    return ""


def outlet_from(categories: object, author: str) -> str:
    """Blog exports list the outlet among the categories ([新媒体, 星河网, 资讯]); a category is the outlet only
    when the author field names it too. A lone category (新闻, 手机, 电商) is a topic, never an outlet."""
    if not isinstance(categories, list) or not author:
        return ""
    for c in categories:
        c = _scalar(c)
        if c and c in author:
            return c
    return ""
