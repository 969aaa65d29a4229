"""HTML to article text: paragraph breaks kept, scripts, styles and page furniture dropped."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from bot import lexicon


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

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """`<![foo]>` or `<![ 1`: html.parser asserts on an unknown keyword; here the odd markup up to
        its `>` is dropped and the text around it kept."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return end + 1 if end >= 0 else len(self.rawdata)

    def handle_data(self, data: str) -> None:
        if self._skip:
            self._skipped.append(data)
            return
        if self._in_title:
            self.title += data
            return
        if self._in_text and not self._in_pre and "\n" in data:
            # …我們得以連接 Nova⏎ 在美國…: the source's line break inside a paragraph is no sentence end.
            data = _SOURCE_BREAK.sub(_join_lines, data)
        self._out(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


_SOURCE_BREAK = re.compile(r"(.?)[ \t\u3000]*\n[ \t\u3000\n]*(.?)")


_WIDE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _join_lines(m: re.Match[str]) -> str:
    """Two Chinese characters join directly; a Latin word keeps its space (Harbor⏎Bridge, Quillon⏎交易)."""
    a, b = m.group(1), m.group(2)
    glue = "" if (not a or not b or (_WIDE.match(a) and _WIDE.match(b))) else " "
    return f"{a}{glue}{b}"


@lru_cache(maxsize=1)
def _furniture_words() -> tuple[frozenset[str], frozenset[str]]:
    entries = lexicon.load_list("html_boilerplate")
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
_ANY_TAG = re.compile(r"<[^<>]*>")


def html_to_text(html: str, notes: list[str] | None = None) -> tuple[str, str]:
    """Return (text, <title>). Inline elements stay on their line; block elements break lines."""
    notes = notes if notes is not None else []
    html = _STRAY_LT.sub("&lt;", _drop_code_and_comments(html, notes))
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # other odd markup html.parser cannot take: the text without its tags
        notes.append("HTML markup html.parser could not read; tags dropped")
        parser = _TextExtractor()
        parser.feed(_ANY_TAG.sub("\n", html).replace("<", "&lt;"))
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
