"""Read article files into `Article`s: one reader per format, chosen by suffix and content.

`read_article` reads the bytes (`files`), decodes them, takes the front matter (`meta`) and turns the
body into text with the first format in `FORMATS` whose suffix or sniffing test matches (`html`, then
plain text and Markdown, which stay as written). A new input format is one entry in `FORMATS`.
Cleaning (`bot.read.clean`) comes after reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ReadError
from bot.read.files import article_id, content_hash, decode_bytes, read_regular_file
from bot.read.html import html_to_text, looks_like_html
from bot.read.meta import (
    _iso_date,
    _scalar,
    clean_title,
    outlet_from,
    source_link,
    split_front_matter,
    strip_controls,
)


@dataclass(frozen=True)
class Format:
    """An input format: the suffixes that name it, a test of the decoded body, and its text (and title)."""

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[str], bool]
    to_text: Callable[[str, list[str]], tuple[str, str]]


def _as_written(body: str, notes: list[str]) -> tuple[str, str]:
    return body, ""


# In order: the first format whose suffix or test matches reads the file (HTML saved as .txt is HTML).
FORMATS = (
    Format("html", (".html", ".htm"), looks_like_html, html_to_text),
    Format("text", (".txt", ".md", ".markdown"), lambda body: True, _as_written),
)


def format_for(path: Path, body: str) -> Format:
    suffix = path.suffix.lower()
    return next(f for f in FORMATS if suffix in f.suffixes or f.sniff(body))


SUFFIXES = tuple(s for f in FORMATS for s in f.suffixes)  # the files an ingest reads from a folder


@dataclass
class Article:
    id: str
    path: str
    text: str  # decoded body (front matter removed, HTML turned into text), before cleaning
    sha: str
    encoding: str
    title: str = ""
    date: str = ""
    author: str = ""
    outlet: str = ""
    source_url: str = ""
    notes: list[str] = field(default_factory=list)


def read_article(path: Path, max_bytes: int = 8_000_000, data: bytes | None = None) -> Article:
    """Read one file into an Article (body not yet cleaned). Raises ReadError with a reason."""
    notes: list[str] = []
    if data is None:
        data, size = read_regular_file(path, max_bytes)
    else:
        size = len(data)
    if not data.strip():
        raise ReadError("empty file")
    if len(data) > max_bytes:
        data = data[:max_bytes]
        notes.append(f"truncated from {size} to {max_bytes} bytes")
    sha = content_hash(data)
    text, codec = decode_bytes(data)
    meta, body, problem = split_front_matter(text)
    if problem:
        notes.append(problem)
    body, html_title = format_for(path, body).to_text(body, notes)
    if not body.strip():
        raise ReadError("no text in the file")
    art = Article(id=article_id(sha), path=str(path), text=body, sha=sha, encoding=codec, notes=notes)
    art.title, title_date = clean_title(_scalar(meta.get("title")) or html_title)
    art.date = _iso_date(_scalar(meta.get("date"))) or title_date
    art.author = _scalar(meta.get("author"))
    art.source_url = source_link(meta)
    art.outlet = outlet_from(meta.get("categories"), art.author)
    return art


__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Article",
    "Format",
    "ReadError",
    "content_hash",
    "format_for",
    "html_to_text",
    "read_article",
    "read_regular_file",
    "split_front_matter",
    "strip_controls",
]
