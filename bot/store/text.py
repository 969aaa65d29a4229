"""Text helpers of the reader: full-text literals, highlighted excerpts, whether a word stands alone."""

from __future__ import annotations

HL_ON, HL_OFF = "\ue000", "\ue001"


def fts_literal(text: str) -> str:
    """User text as an FTS5 string literal: never query syntax (AND, NEAR, *, column filters)."""
    return '"' + text.replace('"', '""') + '"'


def highlight(canon: str, terms: list[str], width: int = 120) -> str:
    """An excerpt of about `width` characters around the first hit, each term between HL marks."""
    spans = []
    for t in sorted(terms, key=len, reverse=True):
        start = 0
        while (i := canon.find(t, start)) >= 0:
            if not any(a < i + len(t) and i < b for a, b in spans):
                spans.append((i, i + len(t)))
            start = i + 1
    spans.sort()
    lo = 0
    if spans and len(canon) > width:
        lo = max(0, min(spans[0][0] - 20, len(canon) - width))
    hi = min(len(canon), lo + width)
    out, pos = [], lo
    for a, b in spans:
        if a < lo or b > hi:
            continue
        out += [canon[pos:a], HL_ON, canon[a:b], HL_OFF]
        pos = b
    out.append(canon[pos:hi])
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(canon) else "")


def stands_alone(canon: str, word: str, longer: list[str], seg) -> bool:
    covered: list[tuple[int, int]] = []
    for name in longer:
        start = 0
        while (i := canon.find(name, start)) >= 0:
            covered.append((i, i + len(name)))
            start = i + 1
    bounds = {0}
    pos = 0
    for tok in seg.tokenizer.cut(canon):  # every token, spaces too, so positions add up
        pos += len(tok)
        bounds.add(pos)
    start = 0
    while (i := canon.find(word, start)) >= 0:
        j = i + len(word)
        inside = any(a <= i and j <= b for a, b in covered)
        if not inside and i in bounds and j in bounds:
            return True
        start = i + 1
    return False
