"""Cleaning steps for messy scraped articles; each is a small pure function (DESIGN §4).

`clean_text` runs them in order and returns the cleaned display text plus what it learned about the
article (bylines, outlet, source URL). Facts are only ever extracted from the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import add

from bot import lexicon as lx
from bot.normalize import to_simplified as _to_simplified


def _P(key: str) -> re.Pattern[str]:
    return lx.pattern("clean", key)


_YEAR_2XXX = _P("year_2xxx")
_YEAR_19XX = _P("year_19xx")
_PRODUCER_TEAM = _P("producer_team")
_DATELINE_EDITOR = _P("dateline_editor")
_SOURCE_ACCOUNT = _P("source_account")


@lru_cache(maxsize=4096)
def to_simplified(line: str) -> str:
    """Lines are looked at by several steps; convert each once."""
    return _to_simplified(line)


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# One syllable (zhuang is the longest: six letters) holding a tone mark. Bounded, so a long run of
# letters after a bracket costs a few steps, not a scan to its end from every position.
_PINYIN = rf"(?=[a-z]{{0,6}}[{_TONED}])[a-z{_TONED}]{{1,7}}"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"

# 數(shù)據(jù) -> 數據: a Chinese character followed by its toned pinyin in brackets.
_ANNOTATION = re.compile(rf"(?<=[{_HAN}])[(（]{_PINYIN}[)）]")
# The same annotation whose host character was destroyed: ?shù) / F(xiàn) / ,F(xiàn).
_BROKEN_ANNOTATION = re.compile(
    rf"(?:\?[,;!@]?[A-Za-z]?|[,;!@]?[A-Za-z])[(（]{_PINYIN}[)）]|\?{_PINYIN}[)）]"
)


LOST = "\ue000"  # marks a byte lost to mis-decoding until repair_mojibake has looked at it


def strip_pinyin_annotations(text: str) -> str:
    text = _ANNOTATION.sub("", text)
    return _BROKEN_ANNOTATION.sub(LOST, text)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """jieba's word list (words of two or more characters): a cheap test of 'reads as Chinese'."""
    import jieba

    words = set()
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            word = line.split(" ", 1)[0]
            if 2 <= len(word) <= 4:
                words.add(word)
    return frozenset(words)


def _coverage(text: str) -> float:
    """Share of characters covered by dictionary words (greedy longest match)."""
    words, i, covered = _dictionary(), 0, 0
    text = to_simplified(text)
    while i < len(text):
        for n in (4, 3, 2):
            if text[i : i + n] in words:
                covered += n
                i += n
                break
        else:
            i += 1
    return covered / max(1, len(text))


def _is_rare(ch: str) -> bool:
    """Outside the 3,755 common hanzi — judged on the Simplified form, so 為 and 這 are common."""
    try:
        return not (0xB0 <= to_simplified(ch).encode("gb2312")[0] <= 0xD7)
    except UnicodeEncodeError:
        return True


def _shift_decode(chunk: str) -> str:
    """GBK text read one byte out of phase: re-encode, drop the first byte, decode the rest."""
    try:
        # Windows code page 936 writes byte 0x80 as €; Python's gbk codec has no such mapping.
        raw = b"".join(b"\x80" if ch == "€" else ch.encode("gbk") for ch in chunk)
    except UnicodeEncodeError:
        return ""
    shifted = raw[1 : len(raw) - ((len(raw) - 1) % 2)]
    out = shifted.decode("gbk", errors="ignore")
    return out if all("\u4e00" <= c <= "\u9fff" for c in out) else ""


# € is how GBK's byte 0x80 reads; it turns up inside shifted runs.
# The run of lost bytes is taken whole, from its first character only (lookbehind, possessive): a
# file of '?' is one step per character instead of a rescan of the run from every position.
_MOJIBAKE_RUN = re.compile(rf"(?<![?{LOST}])([?{LOST}]++)([@;,!\]]{{0,2}}[{_HAN}€@{{}}A-Za-z]{{1,12}})")


def repair_mojibake(text: str) -> str:
    """Repair GBK/UTF-8 mis-decoding where the bytes survive; otherwise drop only the damaged span.

    After a lost byte ('?' or a destroyed annotation) comes text shifted by one byte. When there is
    evidence of damage, each split point k is tried: the first k characters shifted back (or dropped)
    and the rest kept; the reading whose words cover the most text wins. A '?' followed by ordinary
    text is a real question mark and is left alone.
    """

    # Open quotes on the current line, kept up to date as matches come in order: counting from the
    # line start at every match would rescan a long line of damage once per match.
    quotes = {"at": 0, "open": 0}

    def open_quotes(pos: int) -> int:
        seen = text[quotes["at"] : pos]
        nl = seen.rfind("\n")
        if nl >= 0:
            quotes["open"], seen = 0, seen[nl + 1 :]
        quotes["open"] += seen.count("“") - seen.count("”")
        quotes["at"] = pos
        return quotes["open"]

    def fix(m: re.Match[str]) -> str:
        marker, run = m.group(1), m.group(2)
        end = ""
        if marker == "?" and run.startswith("!") and len(run) > 1:
            # GBK's 。” read one byte out of phase leaves ?! — restore the sentence end (and the closing
            # quote when one is open on this line); what follows is the damaged start of the next word.
            end = "。”" if open_quotes(m.start()) > 0 else "。"
            marker, run = LOST, run[1:]
        damaged = LOST in marker or run[0] in "@;,!]" or _is_rare(run[0]) and run[0] not in "AaIi"
        if not damaged:
            return m.group(0)
        tail = text[m.end() : m.end() + 6]
        if end and tail[:1] in ("?", LOST):
            return end  # a single character between two lost bytes is all damage
        best, best_score = run, _coverage(run + tail) - 0.2
        # A damaged span is short: the lost byte's neighbours, at most a few characters.
        for k in range(1, len(run) + 1):
            chunk = run[:k].strip("@;,!]{}")
            shifted = _shift_decode(chunk) if re.fullmatch(rf"[{_HAN}€]+", chunk) else ""
            for repl in {shifted, ""}:
                cand = repl + run[k:]
                lost_common = sum(1 for c in run[:k] if "\u4e00" <= c <= "\u9fff" and not _is_rare(c))
                score = _coverage(cand + tail) - 0.06 * max(0, lost_common - len(repl))
                if score > best_score:
                    best, best_score = cand, score
        return end + best

    text = _MOJIBAKE_RUN.sub(fix, text)
    text = re.sub("。”?(?=。)", "", text)  # a restored sentence end next to the original one
    # A year whose first digit went with the lost byte: ?013年 -> 2013年 (19xx/20xx are the only readings).
    text = _YEAR_2XXX.sub("2", text)
    text = _YEAR_19XX.sub("1", text)
    text = re.sub(rf"\?(?=[，。、；])|{LOST}", "", text)
    return re.sub(r"<?/(?:p|div|span)>|<(?:p|div|span|br)>", "", text)


# Markdown bodies carry structure the reader must not take for text: inline HTML (figures, captions, line
# breaks), headings, bold markers, block quotes, links and tables. Headings and captions stay, marked the
# way the segmenter reads them (`# heading`, `![caption]`): context, never body sentences.
HEADING = "# "
CAPTION_OPEN, CAPTION_CLOSE = "![", "]"
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.S | re.I)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
# Tag names only (never a bare '<'): a tag of one of these is markup, whatever its attributes.
_HTML_TAG = re.compile(
    r"</?(?:figure|figcaption|img|picture|source|p|div|span|section|article|strong|b|em|i|u|a|sup|sub|small|"
    r"font|center|blockquote|ul|ol|li|table|tbody|thead|tr|td|th|h[1-6]|hr|iframe|video|audio|mark|del|ins|"
    r"s|code|pre|header|footer|aside|nav)\b[^<>]*>",
    re.I,
)
# A Markdown image whose address may run over a line break (WeChat exports cut long addresses).
_MD_IMAGE_ANY = re.compile(r"!\s*\[[^\[\]\n]*\]\([^()]*\)")
_MD_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\([^()\s]*\)")
_MD_HEADING = re.compile(r"^#{1,6}(?:\s+|(?=\*)|$)(.*?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^\|.*\|\s*$|^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_BOLD = re.compile(r"\*{2,}|(?<![A-Za-z0-9])__(?![A-Za-z0-9])")
_END_PUNCT = "。！？!?"
# Text glued before a bold opener with no clause punctuation (a WeChat caption left where its image was):
# 红底牡丹蜀锦**金色花瓣上有… The bold run must go on to the line's end, so 我们的**核心**产品 stays.
_RUN_IN_CAPTION = re.compile(r"^([^*。！？!?，,；;：:“”\"「」『』（）()]{4,40}?)\*{2,}(?=[^*\s])(.*)$")


def _caption_lines(text: str) -> str:
    lines = [re.sub(r"\s+", " ", _HTML_TAG.sub("", line)).strip() for line in text.split("\n")]
    return "".join(f"\n{CAPTION_OPEN}{line}{CAPTION_CLOSE}\n" for line in lines if line)


def inline_html(text: str) -> str:
    """<figure><img><figcaption>…</figcaption></figure> in a Markdown body: the caption kept as a caption
    line, line breaks as line breaks, every other tag dropped (its text kept). A Markdown image whose
    address a line break cut is made whole again."""
    if "![" in text:
        text = _MD_IMAGE_ANY.sub(lambda m: re.sub(r"\s+", "", m.group(0)), text)
    if "<" not in text:
        return text
    text = _FIGCAPTION.sub(lambda m: _caption_lines(m.group(1)), text)
    text = _BREAK_TAG.sub("\n", text)
    return _HTML_TAG.sub("", text)


def _image_caption(rest: str) -> tuple[str, str]:
    """The text right after an image, up to a bold opener or the line's end, when it is one short phrase
    (no sentence end inside): the image's caption. Returns (caption, what follows)."""
    rest = rest.lstrip("* ")
    cut = rest.find("**")
    head, tail = (rest[:cut], rest[cut:]) if cut >= 0 else (rest, "")
    head = head.strip()
    if head and len(head) <= 60 and not re.search(f"[{_END_PUNCT}]", head.rstrip(_END_PUNCT)):
        return head, tail
    return "", rest


def markdown_lines(lines: list[str], result: CleanResult) -> list[str]:
    """Headings marked, captions split off, bold markers, quote markers, links and table rows gone."""
    out: list[str] = []
    for line in lines:
        if _TABLE_ROW.match(line.strip()) or re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            result.dropped.append(line)
            continue
        # An image inside a line ends the text before it; a short phrase after it is its caption.
        parts = _MD_IMAGE_ANY.split(line)
        out.extend(_markdown_line(parts[0]))
        for after in parts[1:]:
            caption, after = _image_caption(after)
            if caption:
                out.append(f"{CAPTION_OPEN}{_BOLD.sub('', caption).strip()}{CAPTION_CLOSE}")
            out.extend(_markdown_line(after))
    return out


def _markdown_line(line: str) -> list[str]:
    line = _MD_LINK.sub(r"\1", line)
    line = re.sub(r"^(?:>\s*)+", "", line.strip())
    h = _MD_HEADING.match(line)
    if h:
        title = _BOLD.sub("", h.group(1)).strip()
        return [f"{HEADING}{title}"] if title else []
    out = []
    m = _RUN_IN_CAPTION.match(line)
    if m and ("**" not in m.group(2).rstrip("* ") or re.search(r"[。！？!?”」]\*+\s*$", m.group(2))):
        out.append(f"{CAPTION_OPEN}{m.group(1).strip()}{CAPTION_CLOSE}")
        line = m.group(2)
    line = _BOLD.sub("", line).strip()
    return [*out, line] if line or not out else out


def heading_text(line: str) -> str:
    """A marked heading or caption line without its mark."""
    if line.startswith(HEADING):
        return line[len(HEADING) :].strip()
    if line.startswith(CAPTION_OPEN) and line.endswith(CAPTION_CLOSE):
        return line[len(CAPTION_OPEN) : -len(CAPTION_CLOSE)].strip()
    return line


# Alt text without brackets, URL without brackets or spaces: scans from two openers never overlap.
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\s]*\)")
_CAPTION = _P("caption")
_PHOTO_CREDIT = _P("photo_credit")


def strip_images_and_captions(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = _MD_IMAGE.sub("", line).strip()
        if not line:
            out.append("")
            continue
        if len(line) <= 40 and _CAPTION.search(line):
            continue
        if len(line) <= 40 and _PHOTO_CREDIT.match(to_simplified(line)):
            continue
        out.append(line)
    return out


_BYLINE = _P("byline")
_DATELINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(.*)$")
_OUTLET_REPORTER = _P("outlet_reporter")
_NAME_STOP = set(lx.load_list("reporter_name_stops"))


@dataclass
class CleanResult:
    text: str
    bylines: dict[str, str] = field(default_factory=dict)
    outlet: str = ""
    source_url: str = ""
    date: str = ""
    headline: str = ""
    dropped: list[str] = field(default_factory=list)
    trailer_at: int = -1  # index (in the kept lines) where a closing disclaimer stood


def take_bylines(lines: list[str], result: CleanResult) -> list[str]:
    """Byline, editor and dateline lines become metadata; they are never facts."""
    out = []
    for i, line in enumerate(lines):
        simp = to_simplified(line)
        m = _BYLINE.match(simp) if len(line) <= 60 else None
        if m:
            role, value = m.group(1), line[m.start(2) :].strip()
            result.bylines.setdefault(role, value)
            if role == lx.word("byline_producer") and not result.outlet:
                result.outlet = _PRODUCER_TEAM.sub("", value)
            continue
        d = _DATELINE.match(line)
        if d and i < 8:
            result.date = result.date or d.group(1)
            rest = to_simplified(d.group(2)[:200])
            ed = _DATELINE_EDITOR.search(rest)
            if ed:
                result.bylines.setdefault(lx.word("byline_editor"), ed.group(1).strip())
            continue
        r = _OUTLET_REPORTER.match(simp)
        if r and i < 12:
            result.outlet = result.outlet or line[: len(r.group(1))]
            rest = line[r.end() :]
            n = 2 if len(rest) > 2 and rest[2] in _NAME_STOP else 3
            result.bylines.setdefault(lx.word("byline_reporter"), rest[:n] if n == 2 else rest[:2])
            line = rest[2:] if n == 2 or rest[2:3] in _NAME_STOP else rest[2:]
            line = line.strip()
            if not line:
                continue
        out.append(line)
    return out


_DISCLAIMER = _P("disclaimer")
_URL = re.compile(r"https?://[^\s，。)）]+")


def drop_disclaimers(lines: list[str], result: CleanResult) -> list[str]:
    """Disclaimers, source lines and platform notices go; the first one near the end starts the trailer."""
    out = []
    content = [i for i, line in enumerate(lines) if line.strip()]
    tail_from = content[int(len(content) * 0.7)] if content else 0
    for i, line in enumerate(lines):
        simp = to_simplified(line)
        if _DISCLAIMER.search(simp):
            url = _URL.search(line)
            if url and not result.source_url:
                result.source_url = url.group(0)
            src = _SOURCE_ACCOUNT.search(simp)
            if src and not result.outlet:
                g = 1 if src.group(1) else 2
                result.outlet = line[src.start(g) : src.end(g)].strip()
            result.dropped.append(line)
            if i >= tail_from and result.trailer_at < 0:
                result.trailer_at = len(out)
            continue
        out.append(line)
    return out


def _bigrams(text: str) -> set[str]:
    han = re.sub(rf"[^{_HAN}A-Za-z0-9]", "", to_simplified(text))
    return set(map(add, han[:-1], han[1:]))  # the pairs made by map, not a slice per position


def _overlap(line: str, body: set[str]) -> float:
    grams = _bigrams(line)
    return len(grams & body) / len(grams) if grams else 1.0


def drop_trailing_spam(lines: list[str], result: CleanResult, threshold: float = 0.3) -> list[str]:
    """Unrelated lines appended after a closing disclaimer (ads, link bait) share almost no bigrams
    with the body. Only lines in that trailer are examined: an article's own ending is never touched.
    """
    if result.trailer_at < 0:
        return lines
    body = _bigrams("".join(lines[: result.trailer_at]))
    out = lines[: result.trailer_at]
    for line in lines[result.trailer_at :]:
        if line.strip() and len(line) <= 80 and _overlap(line, body) < threshold:
            result.dropped.append(line)
            continue
        out.append(line)
    return out


@lru_cache(maxsize=1)
def _related_headings() -> frozenset[str]:
    return frozenset(lx.load_list("related_headings"))


def drop_related_list(lines: list[str], result: CleanResult) -> list[str]:
    """相關新聞, 延伸阅读 on a line of its own after the article has begun (three paragraphs ending a
    sentence): what follows are other stories (a sidebar or a list of links saved with the page)."""
    heads = _related_headings()
    paragraphs = 0
    for i, line in enumerate(lines):
        key = re.sub(r"[\s:：|｜>»›]+", "", to_simplified(heading_text(line)))
        paragraphs += bool(re.search(r"[。！？!?」”]$", line.strip()))
        if paragraphs >= 3 and key in heads:
            result.dropped.extend(line for line in lines[i:] if line.strip())
            return lines[:i]
    return lines


def dedupe_headline(lines: list[str], result: CleanResult) -> list[str]:
    """A short first line without sentence punctuation is the headline; a repeat of it is dropped."""
    content = [line for line in lines if line.strip() and not _not_a_title(line)]
    if not content:
        return lines
    first = heading_text(content[0].strip())
    marked = content[0].startswith(HEADING)  # a Markdown heading is a title even when it asks a question
    if len(first) <= 60 and (marked or not re.search(r"[。！？!?]$", first)):
        result.headline = first
        out, seen = [], False
        for line in lines:
            if heading_text(line.strip()) == first:
                if seen:
                    continue
                seen = True
                # The headline stays a line of text: names in it are evidence (the card drops it as the title).
                line = first
            out.append(line)
        return out
    return lines


_BREADCRUMB = _P("breadcrumb")
_BYLINE_LINE = _P("byline_line")


def _not_a_title(line: str) -> bool:
    """Page furniture before the headline: a caption, a breadcrumb (> 要闻 > 社会, 国内 | 国际 | 社会), a
    byline of staff (星河新闻实习生 叶文清 记者 郑远)."""
    line = line.strip()
    if line.startswith(CAPTION_OPEN):
        return True
    simp = to_simplified(line)
    return bool(_BREADCRUMB.search(simp) or (len(simp) <= 40 and _BYLINE_LINE.search(simp)))


_ASCII_TO_FULL = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


def normalize_width(text: str) -> str:
    """Full-width letters and digits to ASCII; ASCII punctuation between Chinese to Chinese punctuation."""
    text = _FULLWIDTH_ALNUM.sub(
        lambda m: " " if m.group(0) == "\u3000" else chr(ord(m.group(0)) - 0xFEE0), text
    )
    text = re.sub(
        rf"(?<=[{_HAN}”’）)])([,?!:;])(?=[{_HAN}“‘（(A-Za-z0-9]|$)|(?<=[{_HAN}])([,?!:;])",
        lambda m: _ASCII_TO_FULL[m.group(1) or m.group(2)],
        text,
        flags=re.M,
    )
    # A question ending in a Latin word, followed by Chinese: ARM?陳書耕 -> ARM？陳書耕.
    text = re.sub(rf"(?<=[A-Za-z0-9])([?!])(?=[{_HAN}])", lambda m: _ASCII_TO_FULL[m.group(1)], text)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# NUL and the other C0 controls (tab and line break kept) and DEL: never part of a fact.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def clean_text(raw: str) -> CleanResult:
    result = CleanResult(text="")
    text = strip_controls(raw)
    text = strip_pinyin_annotations(text)
    text = inline_html(text)
    text = repair_mojibake(text)
    lines = text.split("\n")
    lines = markdown_lines(lines, result)
    lines = strip_images_and_captions(lines)
    lines = take_bylines(lines, result)
    lines = drop_disclaimers(lines, result)
    lines = drop_trailing_spam(lines, result)
    lines = drop_related_list(lines, result)
    lines = dedupe_headline(lines, result)
    text = normalize_width("\n".join(lines))
    text = re.sub(r"\n{2,}", "\n", text).strip()
    result.text = text
    return result
