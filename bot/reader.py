"""Read article files: detect encoding from the bytes, parse front matter and HTML, collect metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from bot.errors import ReadError

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


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


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_encoding(data: bytes) -> tuple[str, bytes]:
    """Return (codec, payload without BOM). Raises ReadError for binary or undetectable data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", data
    if b"\x00" in data[:4096]:
        raise ReadError("binary data (NUL bytes)")
    try:
        data.decode("utf-8")
        return "utf-8", data
    except UnicodeDecodeError as exc:
        # A file cut in the middle of a multi-byte character is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", data
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16"]).best()
    if best is None or best.encoding is None:
        raise ReadError("undetectable text encoding")
    codec = best.encoding
    if codec in ("gb2312", "gbk"):
        codec = "gb18030"
    return codec, data


def decode_bytes(data: bytes) -> tuple[str, str]:
    codec, payload = detect_encoding(data)
    text = payload.decode(codec, errors="replace")
    if text.count("\ufffd") > max(20, len(text) // 50):
        raise ReadError(f"too many undecodable bytes for {codec}")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > max(8, len(text[:20000]) // 100):
        raise ReadError("binary data (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), codec


class _TextExtractor(HTMLParser):
    """HTML to text, keeping paragraph breaks; scripts and styles dropped."""

    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "ul",
        "ol",
        "table",
        "hr",
        "pre",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
            return
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """Return (text, <title>). Inline elements stay on their line; block elements break lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "\n", text)
    return re.sub(r"\n{2,}", "\n\n", text).strip(), parser.title.strip()


def looks_like_html(text: str) -> bool:
    return len(re.findall(r"</?(?:p|div|span|br|h\d|strong|a|li)\b", text[:20000], re.I)) >= 3


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """(metadata, body, problem). Broken YAML is reported and the block dropped, the body kept."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, None
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        return {}, text[m.end() :], f"broken front matter ignored ({exc.__class__.__name__})"
    if not isinstance(meta, dict):
        return {}, text[m.end() :], "front matter is not a mapping; ignored"
    return meta, text[m.end() :], None


def article_id(sha: str) -> str:
    return sha[:10]


def read_article(path: Path, max_bytes: int = 8_000_000, data: bytes | None = None) -> Article:
    """Read one file into an Article (body not yet cleaned). Raises ReadError with a reason."""
    notes: list[str] = []
    if data is None:
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"unreadable ({exc.strerror or exc.__class__.__name__})") from exc
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
    html_title = ""
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(body):
        body, html_title = html_to_text(body)
    if not body.strip():
        raise ReadError("no text in the file")
    art = Article(id=article_id(sha), path=str(path), text=body, sha=sha, encoding=codec, notes=notes)
    art.title = str(meta.get("title") or html_title or "").strip()
    date = meta.get("date")
    art.date = _iso_date(str(date)) if date else ""
    art.author = str(meta.get("author") or "").strip()
    art.source_url = str(meta.get("source") or meta.get("url") or meta.get("link") or "").strip()
    categories = meta.get("categories")
    if isinstance(categories, list) and categories:
        # Blog exports list the outlet among the categories; the author field often names it too.
        art.outlet = str(categories[-2] if len(categories) > 1 else categories[0])
    return art


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _iso_date(raw: str) -> str:
    """Best-effort ISO date from the forms articles use (2019-09-07, RFC 822, 2019年9月7日)."""
    m = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", raw)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.search(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})", raw)
    if m and m[2].lower() in _MONTHS:
        return f"{int(m[3]):04d}-{_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    return ""
