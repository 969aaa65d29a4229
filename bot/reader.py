"""Read article files: detect encoding from the bytes, parse front matter and HTML, collect metadata."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

from bot import lexicon
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

    # Elements that hold running text: a line break in the source inside them is white space.
    TEXT_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._skipped: list[str] = []  # text inside <noscript>, recovered when it never closes
        self._in_title = False
        self._in_text = 0
        self._in_pre = 0
        # Page furniture (nav, sidebars, related news): the depth of its element in the stack of open
        # elements; its text goes to `furniture` instead of `parts`, and is used only if the rest would
        # be (almost) nothing. The stack closes elements left open (<li> without </li>) with their parent.
        self._open: list[str] = []
        self._open_count: dict[str, int] = {}  # how many of each are open: `in` without a scan
        self._furniture: int | None = None
        self.furniture: list[str] = []
        self.all_parts: list[str] = []

    def _out(self, text: str) -> None:
        self.all_parts.append(text)
        (self.parts if self._furniture is None else self.furniture).append(text)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in _VOID:
            self._open.append(tag)
            self._open_count[tag] = self._open_count.get(tag, 0) + 1
            if (
                self._furniture is None
                and tag not in ("script", "style", "noscript")
                and _is_furniture(tag, attrs)
            ):
                self._furniture = len(self._open) - 1
        if tag == "pre":
            self._in_pre += 1
        elif tag in self.TEXT_BLOCKS:
            self._in_text += 1
        if tag in ("script", "style", "noscript"):
            self._skip += 1
            if self._skip == 1:
                self._skipped = []
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self._in_title = False  # an unclosed <title> ends where the body's blocks begin
            self._out("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = max(0, self._in_pre - 1)
        elif tag in self.TEXT_BLOCKS:
            self._in_text = max(0, self._in_text - 1)
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self._out("\n")
        if self._open_count.get(tag):
            while True:
                top = self._open.pop()
                self._open_count[top] -= 1
                if top == tag:
                    break
        if self._furniture is not None and len(self._open) <= self._furniture:
            self._furniture = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            self._skipped.append(data)
            return
        if self._in_title:
            self.title += data
            return
        if self._in_text and not self._in_pre and "\n" in data:
            # …我們得以打通 Stellar⏎ 在美國…: the source's line break inside a paragraph is no sentence end.
            data = _SOURCE_BREAK.sub(_join_lines, data)
        self._out(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SOURCE_BREAK = re.compile(r"(.?)[ \t\u3000]*\n[ \t\u3000\n]*(.?)")
_WIDE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _join_lines(m: re.Match[str]) -> str:
    """Two Chinese characters join directly; a Latin word keeps its space (Money⏎Transmitter, Stellar⏎交易)."""
    a, b = m.group(1), m.group(2)
    glue = "" if (not a or not b or (_WIDE.match(a) and _WIDE.match(b))) else " "
    return f"{a}{glue}{b}"


@lru_cache(maxsize=1)
def _furniture_words() -> tuple[frozenset[str], frozenset[str]]:
    from bot.lexicon import load_list

    entries = load_list("html_boilerplate")
    tags = frozenset(e[4:] for e in entries if e.startswith("tag:"))
    return tags, frozenset(e.lower() for e in entries if not e.startswith("tag:"))


def _is_furniture(tag: str, attrs) -> bool:
    tags, words = _furniture_words()
    if tag in tags:
        return True
    names = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
    if not names:
        return False
    # side-bar, na-ad-pc, scrollToNext: words split at - _ spaces, digits and camelCase.
    parts = re.split(r"[\s_\-\d]+|(?<=[a-z])(?=[A-Z])", names)
    return any(p.lower() in words for p in parts if p)


# A '<' that does not open a tag closed before the next '<' is text. html.parser rescans such a
# '<' to the end of the input each time (`<a<a<a…` is quadratic); escaped, it is plain data.
# Each lookahead stops at the next '<' or '>', so the scans never overlap: linear.
_STRAY_LT = re.compile(r"<(?![^<>]*>)")
_SKIPPED_OPEN = re.compile(r"<!--|<(script|style)\b", re.I)
_CLOSERS = {
    "!--": re.compile("-->"),
    "script": re.compile("</script", re.I),
    "style": re.compile("</style", re.I),
}
_NEXT_TAG = re.compile(r"<[A-Za-z/!]")


def _drop_code_and_comments(html: str, notes: list[str]) -> str:
    """Scripts, styles and comments go before parsing, in one pass.

    An unclosed <script> or <style> would swallow the rest of the page: its tag and code up to the
    next tag are dropped and the text after it kept (with a note). An unclosed comment loses only its
    opener. Once a closer is known to be missing it is not searched for again, so this stays linear.
    """
    out: list[str] = []
    pos = 0
    missing: set[str] = set()
    for m in _SKIPPED_OPEN.finditer(html):
        if m.start() < pos:
            continue
        out.append(html[pos : m.start()])
        tag = (m.group(1) or "!--").lower()
        close = None if tag in missing else _CLOSERS[tag].search(html, m.end())
        if close is not None:
            end = close.end() - 1 if tag == "!--" else html.find(">", close.end())
            pos = end + 1 if end >= 0 else len(html)
            continue
        if tag not in missing:
            missing.add(tag)
            what = "comment" if tag == "!--" else f"<{tag}>"
            notes.append(f"unclosed HTML {what} ignored; the text after it is kept")
        if tag == "!--":
            pos = m.end()
        else:
            nxt = _NEXT_TAG.search(html, m.end() + 1)
            pos = nxt.start() if nxt else len(html)
    out.append(html[pos:])
    return "".join(out)


_BLANKS = re.compile(r"\s+")


def html_to_text(html: str, notes: list[str] | None = None) -> tuple[str, str]:
    """Return (text, <title>). Inline elements stay on their line; block elements break lines."""
    notes = notes if notes is not None else []
    html = _STRAY_LT.sub("&lt;", _drop_code_and_comments(html, notes))
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    if parser._skip and "".join(parser._skipped).strip():
        parser.parts.extend(parser._skipped)
        notes.append("unclosed <noscript> kept as text")
    text = "".join(parser.parts)
    # Page furniture is dropped unless the article itself was marked up as furniture (a whole page
    # inside one <aside>): then the page's text is kept as it was.
    if len(_BLANKS.sub("", text)) < 0.2 * len(_BLANKS.sub("", "".join(parser.all_parts))):
        text = "".join(parser.all_parts)
        notes.append("page furniture kept: without it almost nothing was left")
    # Line by line, not one regex over the text: a run of spaces without a line break is linear too.
    text = "\n".join(line.strip(" \t\u3000") for line in text.split("\n"))
    return re.sub(r"\n{2,}", "\n\n", text).strip(), parser.title.strip()


def looks_like_html(text: str) -> bool:
    return len(re.findall(r"</?(?:p|div|span|br|h\d|strong|a|li)\b", text[:20000], re.I)) >= 3


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


def article_id(sha: str) -> str:
    return sha[:10]


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_regular_file(path: Path, max_bytes: int) -> tuple[bytes, int]:
    """(first max_bytes + 1 bytes, size) of a regular file. FIFOs, devices and sockets are refused
    before they are opened; O_NONBLOCK guards the race where the name is swapped in between."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"not a regular file ({_kind(st.st_mode)})")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ReadError(f"not a regular file ({_kind(st.st_mode)})")
            return fh.read(max_bytes + 1), st.st_size
    except OSError as exc:
        raise ReadError(f"unreadable ({exc.strerror or exc.__class__.__name__})") from exc


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
    html_title = ""
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(body):
        body, html_title = html_to_text(body, notes)
    if not body.strip():
        raise ReadError("no text in the file")
    art = Article(id=article_id(sha), path=str(path), text=body, sha=sha, encoding=codec, notes=notes)
    art.title = _scalar(meta.get("title")) or html_title.strip()
    art.date = _iso_date(_scalar(meta.get("date")))
    art.author = _scalar(meta.get("author"))
    art.source_url = _scalar(meta.get("source")) or _scalar(meta.get("url")) or _scalar(meta.get("link"))
    categories = meta.get("categories")
    if isinstance(categories, list) and categories:
        # Blog exports list the outlet among the categories; the author field often names it too.
        art.outlet = _scalar(categories[-2] if len(categories) > 1 else categories[0])
    return art


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


_ISO_DATE = lexicon.pattern("reader", "iso_date")


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
