"""Sentences, speakers and words. One segmenter serves articles and queries alike.

The segmenter owns its `jieba.Tokenizer` (never the global one), so words learned from one corpus
do not leak into another index or into tests.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from bot.model import Sentence
from bot.normalize import to_simplified

__all__ = ["Sentence"]  # the record lives in bot.model; extraction imports it from here too

_END = "。！？!?"
_OPEN, _CLOSE = "“‘「『《(（", "”’」』》)）"
_LABEL = re.compile(r"^([^\s:：，。“”]{1,10})[:：]\s*(?=\S)")


def _name_bang(text: str, i: int) -> bool:
    """An exclamation mark that belongs to a Latin name (Yahoo!, Joomla!): written right after the
    word and followed, in the same clause, by more Chinese (把 Nimbus！以 3000 万美金…卖给了青禾)."""
    if text[i] not in "!！" or i == 0 or not text[i - 1].isascii() or not text[i - 1].isalnum():
        return False
    j = i + 1
    while j < len(text) and text[j] == " ":
        j += 1
    return j < len(text) and ("\u4e00" <= text[j] <= "\u9fff" or text[j] in "，,、")


# The characters split_sentences acts on: the others only go into the sentence being read.
_MARKS = re.compile("[" + re.escape(_OPEN + _CLOSE + _END) + "]")


def split_sentences(paragraph: str, max_len: int = 300) -> list[str]:
    """Split on Chinese sentence punctuation, never inside a quotation (“……。” stays whole)."""
    out, depth = [], 0
    start = 0  # where the sentence being read starts
    n = len(paragraph)
    # From one quotation mark or sentence end to the next (a regex search), not character by character.
    m = _MARKS.search(paragraph)
    while m is not None:
        i = m.start()
        ch = paragraph[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in _END and depth == 0 and not _name_bang(paragraph, i):
            while i + 1 < n and paragraph[i + 1] in _END + "”’」』":
                i += 1
            out.append(paragraph[start : i + 1].strip())
            start = i + 1
        elif ch in "”」" and depth == 0 and i > 0 and paragraph[i - 1] in _END:
            out.append(paragraph[start : i + 1].strip())
            start = i + 1
        m = _MARKS.search(paragraph, i + 1)
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    # A run-on with no full stops (one huge line) is cut at semicolons or commas to keep facts short.
    # Positions move forward instead of re-slicing the rest: a huge line costs linear time.
    final = []
    for s in out:
        at = 0
        while len(s) - at > max_len:
            cut = max(s.rfind(p, at, at + max_len) for p in "；;，,") - at
            cut = cut if cut > max_len // 3 else max_len
            final.append(s[at : at + cut + 1])
            at += cut + 1
        if at < len(s):
            final.append(s[at:])
    return [s for s in final if s]


def is_heading(line: str) -> bool:
    return len(line) <= 24 and not re.search(r"[。！？!?；;，,：:”]$", line)


def interview_labels(lines: list[str]) -> tuple[set[str], set[str]]:
    """(answer labels, question labels) of a Q&A: labels used three times or more at line starts.

    The label whose lines mostly end in a question mark is the interviewer's.
    """
    counts: Counter[str] = Counter()
    asks: Counter[str] = Counter()
    for line in lines:
        m = _LABEL.match(line)
        if m:
            counts[m.group(1)] += 1
            asks[m.group(1)] += line.rstrip().endswith(("？", "?"))
    # Two labels taking turns (Q, A, Q, A) make an interview; one label alone needs three lines.
    labels = {lab for lab, n in counts.items() if n >= 3}
    if len(labels) >= 1:
        labels |= {lab for lab, n in counts.items() if n >= 2}
    ratio = {lab: asks[lab] / counts[lab] for lab in labels}
    questions = {lab for lab in labels if ratio[lab] >= 0.5}
    if len(labels) >= 2 and not questions:
        top = max(labels, key=lambda lab: ratio[lab])
        if ratio[top] >= 0.3:
            questions = {top}
    return labels - questions, questions


# How the cleaner marks a Markdown heading (`# …`) and an image caption (`![…]`): context, never a fact.
_MARKED = re.compile(r"^(?:#\s+(?P<heading>.+)|!\[(?P<caption>.+)\])$")


def segment_text(text: str) -> list[Sentence]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    answers, questions = interview_labels(lines)
    sentences: list[Sentence] = []
    cursor = 0
    for p, line in enumerate(lines):
        speaker, question = "", False
        marked = _MARKED.match(line)
        if marked:
            line = (marked.group("heading") or marked.group("caption")).strip()
            for s in split_sentences(line):
                at = text.find(s, cursor)
                if at >= 0:
                    cursor = at + len(s)
                # A heading is context. A caption says who and what a picture shows: its names are evidence
                # (the extractor reads it) but, like a question turn, it is no statement of the article and
                # makes no fact, so it never reads as a bullet.
                heading = marked.group("heading") is not None
                sentences.append(
                    Sentence(
                        len(sentences), p, s, to_simplified(s), "", not heading, heading, at, at + len(s)
                    )
                )
            continue
        m = _LABEL.match(line)
        if m and m.group(1) in answers | questions:
            question = m.group(1) in questions
            speaker = "" if question else to_simplified(m.group(1))
            line = line[m.end() :]
        elif (
            sentences and not is_heading(line) and sentences[-1].speaker and p == sentences[-1].paragraph + 1
        ):
            speaker = sentences[-1].speaker  # an answer running over several paragraphs
        heading = is_heading(line) and not speaker and not question
        for s in split_sentences(line):
            at = text.find(s, cursor)
            if at >= 0:
                cursor = at + len(s)
            sentences.append(
                Sentence(
                    len(sentences),
                    p,
                    s,
                    to_simplified(s),
                    speaker,
                    question,
                    heading,
                    at,
                    at + len(s) if at >= 0 else -1,
                )
            )
    return sentences


_LEARNED_FREQ = 300  # enough for a learned word to beat the pieces jieba would cut it into


class Segmenter:
    """Word segmentation with an owned jieba.Tokenizer and the corpus's own new words."""

    def __init__(self, words: dict[str, str] | None = None) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not for the user's terminal
        self._tok = jieba.Tokenizer()
        self._tok.initialize()
        for word, tag in (words or {}).items():
            self._tok.add_word(word, freq=None, tag=tag)

    def add_word(self, word: str, tag: str = "nz") -> None:
        self._tok.add_word(word, freq=None, tag=tag)

    def learned(self, words: list[str]):
        """Words known only while one article is processed (a context manager), then forgotten."""
        from contextlib import contextmanager

        @contextmanager
        def scope():
            tok = self._tok
            added = [w for w in dict.fromkeys(words) if tok.FREQ.get(w, 0) == 0]
            # What jieba's add_word changes, to put back exactly: the word's own entry, the prefix
            # entries it creates and the running total. jieba's del_word would instead mark the word
            # force-split for good, so one article's words changed how later articles in the same
            # worker were cut.
            before = {w: tok.FREQ.get(w) for w in added}
            # Tested one by one: `set - FREQ.keys()` would copy jieba's whole dictionary per article.
            prefixes = {w[:i] for w in added for i in range(1, len(w)) if w[:i] not in tok.FREQ}
            total = tok.total
            for w in added:
                # An explicit frequency: jieba would otherwise segment each word to suggest one.
                tok.add_word(w, freq=_LEARNED_FREQ)
            try:
                yield self
            finally:
                for w, freq in before.items():
                    if freq is None:
                        tok.FREQ.pop(w, None)
                    else:
                        tok.FREQ[w] = freq
                for frag in prefixes:
                    tok.FREQ.pop(frag, None)
                tok.total = total

        return scope()

    def cut(self, text: str) -> list[str]:
        return [w for w in self._tok.cut(to_simplified(text)) if w.strip()]

    def last_word(self, text: str, endings: frozenset[str]) -> str:
        """`cut(text)[-1]` when that word ends in one of `endings`, else "". The words of a cut put together
        give back the simplified text, and only the all-space ones are dropped, so the last word ends on
        its last non-space character: when that one is no ending, the text need not be cut at all."""
        simple = to_simplified(text)
        tail = simple.rstrip()
        if not tail or tail[-1] not in endings:
            return ""
        words = [w for w in self._tok.cut(simple) if w.strip()]
        return words[-1] if words and words[-1][-1] in endings else ""

    def words_ending_at(self, text: str, ends: set[int]) -> list[tuple[str, int]] | None:
        """(word, where it ends) for each word of `cut(text)` made of jieba's word characters (Han, Latin,
        digits: not a punctuation mark) that ends at one of `ends`, in order. jieba cuts each run of those
        characters on its own, so only the runs where such a word can end are cut. None when simplifying
        changes the text (positions would not be the text's)."""
        import jieba

        if to_simplified(text) != text:
            return None
        out = []
        for run in jieba.re_han_default.finditer(text):
            a, b = run.span()
            if not any(a < e <= b for e in ends):
                continue
            at = a
            for w in self._tok.cut(run.group()):
                at += len(w)
                if at in ends:
                    out.append((w, at))
        return out

    def cut_for_search(self, text: str) -> list[str]:
        return [w for w in self._tok.cut_for_search(to_simplified(text)) if w.strip()]

    @property
    def tokenizer(self):
        return self._tok


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The process's one segmenter (articles, queries, mentions): built once, on first use."""
    return Segmenter()
