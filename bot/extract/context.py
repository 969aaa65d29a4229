"""What every extraction signal shares: the article's sentences, the segmenter, the names found so far."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bot import lexicon as lx
from bot.segment import Sentence
from bot.vocab import BRAND, COMPANY, INVESTOR, PERSON, UNIVERSITY

HAN = r"\u4e00-\u9fff"
IS_HAN = re.compile(rf"^[{HAN}]+$")
NAME_TOKEN = re.compile(rf"^[{HAN}A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff·・•‧]+$")
_HAN_SPACE = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
_LEAD_BOUNDARY = set(lx.load_list("lead_boundary_chars"))
_ORG_LEAD_CHARS = frozenset(lx.load_list("org_lead_chars"))
_CONJUNCTION_LEADS = frozenset(lx.load_list("conjunction_leads"))
_NO_CONJUNCT_BEFORE = ("v", "p")  # 获得和X, 由和X: no noun before the 和 for it to join
_LIST_LEADS = lx.load_list("list_leads")
# Kinds that a later, more specific signal may give a name first taken for a company.
_REFINES = (BRAND, PERSON, UNIVERSITY, INVESTOR)


def names_inside(text: str, names: set[str] | frozenset[str], longest: int) -> set[str]:
    """The `names` that occur in `text`, by looking up its pieces up to `longest` characters: linear in
    the text, where asking each name in turn grows with the names (a list of thousands; issue 20)."""
    n = len(text)
    return {text[i:j] for i in range(n) for j in range(i + 1, min(i + longest, n) + 1)} & names


def _find_all(text: str, name: str) -> list[int]:
    """Every position where `name` starts in `text`, overlapping ones included, in order ([] for "")."""
    out: list[int] = []
    if not name:
        return out
    p = text.find(name)
    while p >= 0:
        out.append(p)
        p = text.find(name, p + 1)
    return out


# The first names an article asks about are found by scanning its text (a few microseconds each); past
# this many the bigram index, which costs about as much to build as a hundred scans, serves the rest.
_SCANS_BEFORE_INDEX = 64


@dataclass
class Found:
    name: str  # canonical (Simplified) display name
    kind: str  # see bot.vocab.ENTITY_KINDS
    score: float = 0.0
    aliases: dict[str, str] = field(
        default_factory=dict
    )  # alias -> type (short, legal, english, ticker, nickname)
    signals: set[str] = field(default_factory=set)  # which signals saw it (for tests and debugging)


class ArticleContext:
    """One article being read: signals add evidence here; `found` is the article's decision."""

    def __init__(
        self,
        sentences: list[Sentence],
        segmenter,
        known: dict[str, str] | None = None,
        words: list[str] | None = None,
        ner: dict[str, dict[str, int]] | None = None,
    ) -> None:
        self.words = words or []  # the article's own new words (bot.discover)
        self.sents = [s for s in sentences if not s.heading]
        self.all_sents = sentences
        self.seg = segmenter
        self.found: dict[str, Found] = {}
        self.known = known or {}
        # Statistical NER votes: name -> {"PER": n, "ORG": n, "LOC": n} (bot.extract.ner).
        self.ner: dict[str, dict[str, int]] = ner or {}
        self.signal = ""  # the signal running now, recorded on what it adds
        # Names the article's repeated usage establishes (bot.extract.heads): the rules that judge a
        # name by its words (generic head, function character, the model's word reading) yield to them.
        self.article_names: set[str] = set()
        # People the article introduces with a title or an office again and again (指挥官陆振华 ×3): the
        # rules that judge a person's name by its characters (a time word's ending) yield to them.
        self.titled: set[str] = set()

    @cached_property
    def text(self) -> str:
        return "\n".join(s.canon for s in self.sents)

    @cached_property
    def _bigrams(self) -> dict[str, list[int]]:
        """Where each two-character run of the text starts: built once, so finding a name costs its
        rarest bigram's occurrences, not a scan of the whole text (a list of 50,000 names asks 50,000
        times; issue 20)."""
        at: dict[str, list[int]] = {}
        text = self.text
        for i in range(len(text) - 1):
            at.setdefault(text[i : i + 2], []).append(i)
        return at

    def occurrences(self, name: str) -> list[int]:
        """Every position where `name` starts in the text, overlapping ones included, in order."""
        cache = self.__dict__.setdefault("_occurrences", {})
        got = cache.get(name)
        if got is not None:
            return got
        text = self.text
        if len(name) < 2 or len(cache) < _SCANS_BEFORE_INDEX:
            got = _find_all(text, name)
        else:
            at = self._bigrams
            k = min(range(len(name) - 1), key=lambda j: len(at.get(name[j : j + 2], ())))
            got = [p - k for p in at.get(name[k : k + 2], ()) if p >= k and text.startswith(name, p - k)]
        cache[name] = got
        return got

    def starts(self, name: str) -> list[int]:
        """Where `name` occurs without overlapping (what re.finditer and str.count see)."""
        cache = self.__dict__.setdefault("_starts", {})
        out = cache.get(name)
        if out is None:
            out, end = [], 0
            for p in self.occurrences(name):
                if p >= end:
                    out.append(p)
                    end = p + len(name)
            cache[name] = out
        return out

    def count(self, name: str) -> int:
        """As `str.count` (len + 1 for '', as str.count says)."""
        return len(self.starts(name)) if name else self.text.count(name)

    def people(self) -> set[str]:
        return {n for n, f in self.found.items() if f.kind == PERSON}

    def add(self, name: str, kind: str, score: float = 1.0) -> Found | None:
        from bot.extract.generic import rejects

        name = name.strip("“”\"'‘’()（）·-— ")
        if kind != PERSON and len(name) > 3 and name[0] in _ORG_LEAD_CHARS and not self.lead_in_name(name):
            name = name[1:]
        plain = re.sub(rf"\([{HAN}]{{2,3}}\)", "", name)  # 澄芯微创(天津)电子…: a place in brackets inside
        if len(name) < 2 or len(name) > 24 or not NAME_TOKEN.match(re.sub(r"[ +#&.!'\-]", "", plain)):
            return None
        if re.fullmatch(r"[\d.]+|[A-Za-z]{1,2}", name):
            return None
        if rejects(self, name, kind):
            return None
        f = self.found.get(name)
        if f is None:
            f = self.found[name] = Found(name, kind)
        elif f.kind != kind and kind in _REFINES and f.kind == COMPANY:
            f.kind = kind
        f.score += score
        if self.signal:
            f.signals.add(self.signal)
        return f

    def lead_in_name(self, name: str) -> bool:
        """获得和风资本（X）领投, 远帆资本、和信资本、青禾中国: a 和 with no noun before it to join (after a verb
        or a preposition, a list comma, the start of a clause) begins the name; 青禾和远帆 joins two."""
        if name[0] not in _CONJUNCTION_LEADS:
            return False
        tags = lx.dictionary_tags()
        for i in self.occurrences(name):
            before = self.text[max(0, i - 8) : i]
            if not before or not IS_HAN.match(before[-1]):
                return True
            toks = self.seg.cut(before)
            if toks and tags.get(toks[-1], "").startswith(_NO_CONJUNCT_BEFORE):
                return True
        return False

    # ---- cutting a name out of its context -------------------------------------------------------
    def left_name(self, left: str, allow_common: bool = False, max_len: int = 10) -> str:
        """The proper name that ends where `left` ends, cut at function words and common nouns."""
        tags = lx.dictionary_tags()
        # The segmenter drops spaces; between two Han characters a space parts phrases (a headline's
        # 米线　社企X), so a name never reaches across it.
        left = _HAN_SPACE.split(left)[-1]
        out = self._cut_left(self.seg.cut(left[-(max_len + 6) :]), allow_common, max_len, tags)
        name = "".join(out)
        # The name must carry something proper: not only dictionary words and places.
        if not name or all(lx.is_generic(t) or tags.get(t, "").startswith("ns") for t in out):
            return name if allow_common and len(out) > 1 else ""
        return name

    def _cut_left(
        self, tokens: list[str], allow_common: bool, max_len: int, tags: dict[str, str]
    ) -> list[str]:
        """The tokens of the name, taken from the right until one cannot belong to it."""
        out: list[str] = []
        length = 0
        for tok in reversed(tokens):
            if tok in lx.BOUNDARY or not NAME_TOKEN.match(tok) or tok.isdigit():
                break
            if len(tok) >= 3 and tok[0] in _LEAD_BOUNDARY:
                # jieba's HMM glues prepositions to new words (于清华, 赴美国): keep what follows, then stop.
                if length + len(tok) - 1 <= max_len:
                    out.insert(0, tok[1:])
                break
            if self._ends_name(tok, out, allow_common, tags) or length + len(tok) > max_len:
                break
            out.insert(0, tok)
            length += len(tok)
        return out

    def _ends_name(self, tok: str, out: list[str], allow_common: bool, tags: dict[str, str]) -> bool:
        """`tok` cannot stand before the part of the name already taken (`out`)."""
        if re.fullmatch(r"\d+[A-Za-z]*|[A-Za-z]+\d*", tok) and out:
            return True
        common = (lx.is_generic(tok) or lx.is_generic_compound(tok)) and tok not in self.known
        tag = tags.get(tok, "")
        if allow_common and out and tag[:1] in ("v", "p", "d", "c", "u", "r", "m", "q", "f", "t"):
            return True
        if common and not allow_common:
            # A place name may lead an organisation's name (深圳锐芯微); other common words end it.
            return not out or tag != "ns"
        return False

    def right_name(self, right: str) -> str:
        """The proper name that starts where `right` starts (创立了|启衡微电子，并推出...)."""
        out: list[str] = []
        for tok in self.seg.cut(right[:16]):
            if tok in lx.BOUNDARY or not NAME_TOKEN.match(tok):
                break
            if tok in lx.ORG_SUFFIXES and out:
                out.append(tok)
                break
            if lx.is_generic(tok) and tok not in self.known:
                break
            out.append(tok)
        name = "".join(out)
        return name if len(name) >= 2 and not lx.is_generic(name) else ""

    def strip_lead(self, item: str) -> str:
        toks = self.seg.cut(item)
        while toks and (toks[0] in lx.BOUNDARY or toks[0] in _LIST_LEADS):
            toks.pop(0)
        return "".join(toks)
