"""Language resources shared by extraction: cue words, patterns, surnames, jieba's dictionary tags.

These are facts about Chinese, not about any article: role words, speech verbs, organisation
suffixes, the common surnames. Nothing here names an entity from the seeds. This is the one loader
of bot/data/lexicon/*.txt (word lists) and bot/data/patterns/*.txt (named regular expressions);
an error names the file and the line.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from bot.errors import FactbotError

_ROOT = Path(__file__).resolve().parent / "data"
_DATA = _ROOT / "lexicon"
_PATTERNS = _ROOT / "patterns"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class LexiconError(FactbotError):
    """A data file is malformed: the message starts with file:line."""


def _entries(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of every entry line: blank lines and `#` comment lines are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}:0: {exc}") from exc
    return [(i, x.strip()) for i, x in enumerate(lines, 1) if x.strip() and not x.lstrip().startswith("#")]


@cache
def load_list(name: str) -> tuple[str, ...]:
    """One entry per line from bot/data/lexicon/<name>.txt, in file order; `#` starts a comment line."""
    return tuple(x for _, x in _entries(_DATA / f"{name}.txt"))


def load_rows(name: str, least: int, most: int) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of bot/data/lexicon/<name>.txt, each with `least` to `most` fields."""
    path = _DATA / f"{name}.txt"
    rows = []
    for n, line in _entries(path):
        row = tuple(line.split("\t"))
        if not least <= len(row) <= most:
            raise LexiconError(f"{path}:{n}: {len(row)} tab-separated fields, {least} to {most} expected")
        rows.append(row)
    return tuple(rows)


@cache
def _named_words() -> dict[str, str]:
    return dict(load_rows("named_words", 2, 2))


def word(key: str) -> str:
    """A single word that a rule tests for by name (bot/data/lexicon/named_words.txt: key<TAB>word)."""
    words = _named_words()
    if key not in words:
        raise LexiconError(f"{_DATA / 'named_words.txt'}:0: no word named {key}")
    return words[key]


def alternation(words) -> str:
    """Words as a regex alternation, in the order given, each escaped (no group around it)."""
    return "|".join(re.escape(w) for w in words)


@cache
def _pattern_file(name: str) -> dict[str, tuple[int, str]]:
    """bot/data/patterns/<name>.txt: `key = regex` lines; an indented line continues the one above."""
    path = _PATTERNS / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    out: dict[str, tuple[int, str]] = {}
    key = ""
    for n, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0].isspace():
            if not key:
                raise LexiconError(f"{path}:{n}: a continuation line before any `key = pattern` line")
            line_no, text = out[key]
            out[key] = (line_no, text + raw.strip())
            continue
        key, sep, text = raw.partition(" = ")
        key = key.strip()
        if not sep or not re.fullmatch(r"\w+", key):
            raise LexiconError(f"{path}:{n}: expected `key = pattern`")
        if key in out:
            raise LexiconError(f"{path}:{n}: {key} is defined twice (first on line {out[key][0]})")
        out[key] = (n, text)
    return out


def pattern_text(name: str, key: str, **subs: str) -> str:
    """The regex `key` of bot/data/patterns/<name>.txt, its {{placeholders}} filled from `subs`."""
    path = _PATTERNS / f"{name}.txt"
    entries = _pattern_file(name)
    if key not in entries:
        raise LexiconError(f"{path}:0: no pattern named {key}")
    line_no, text = entries[key]

    def fill(m: re.Match[str]) -> str:
        if m.group(1) not in subs:
            raise LexiconError(
                f"{path}:{line_no}: {key} uses {{{{{m.group(1)}}}}}, which the code does not give"
            )
        return subs[m.group(1)]

    return _PLACEHOLDER.sub(fill, text)


def pattern(name: str, key: str, **subs: str) -> re.Pattern[str]:
    """`pattern_text` compiled; a regex that does not compile is reported at its file and line."""
    text = pattern_text(name, key, **subs)
    try:
        return re.compile(text)
    except re.error as exc:
        raise LexiconError(f"{_PATTERNS / name}.txt:{_pattern_file(name)[key][0]}: {key}: {exc}") from exc


# ---- sieves: a text that holds none of the strings every match must hold is not searched ----------------
def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` holds (a literal run it always reads, or each branch's),
    found from the parsed pattern; None when no such set is sure (case-folding, optional parts only)."""
    try:
        from re import _constants as sre
        from re import _parser
    except ImportError:  # another Python: no sieve, every text is searched
        return None
    if pattern.flags & re.IGNORECASE:
        return None
    repeats = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

    def of(items) -> frozenset[str] | None:
        """The best needle set of a sequence: any item that must match gives one; the longest shortest
        needle (then the fewest needles) is the most selective."""
        found: list[frozenset[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:  # consecutive literals are read as one string
                found.append(frozenset(["".join(run)]))
                run = []
            got = None
            if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
                got = of(av[3].data)
            elif op is sre.BRANCH:
                branches = [of(b.data) for b in av[1]]
                got = None if any(b is None for b in branches) else frozenset().union(*branches)
            elif op in repeats and av[0] >= 1:
                got = of(av[2].data)
            elif op is sre.IN and all(o is sre.LITERAL for o, _ in av):
                got = frozenset(chr(c) for _, c in av)
            elif op is sre.ASSERT:  # a lookaround that must hold reads its text too
                got = of(av[1].data)
            elif op is sre.ATOMIC_GROUP:
                got = of(av.data)
            if got:
                found.append(got)
        if run:
            found.append(frozenset(["".join(run)]))
        return max(found, key=lambda n: (min(map(len, n)), -len(n)), default=None)

    try:
        return of(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # noqa: BLE001 - a pattern the parser's internals read otherwise: no sieve
        return None


def _sieve(pattern: re.Pattern[str]):
    """A test that is False only for a text `pattern` cannot match anywhere (None: no such test)."""
    found = needles(pattern)
    if not found:
        return None
    if len(found) == 1:
        needle = next(iter(found))
        return lambda text: needle in text
    return re.compile(alternation(sorted(found, key=len, reverse=True))).search


_SIEVES: dict[re.Pattern[str], object] = {}


def finditer(pattern: re.Pattern[str], text: str):
    """`pattern.finditer(text)`, but a text holding none of the pattern's `needles` is not searched (most
    sentences lack the cue a rule's pattern needs, and a failed search tries every position). For the
    rules' fixed patterns: each is parsed once per process."""
    sieve = _SIEVES.get(pattern, finditer)
    if sieve is finditer:
        if len(_SIEVES) > 4096:  # fixed patterns only; a stray caller with made-up ones stays bounded
            _SIEVES.clear()
        sieve = _SIEVES[pattern] = _sieve(pattern)
    if sieve is not None and not sieve(text):
        return iter(())
    return pattern.finditer(text)


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_SURNAME_ROWS = load_rows("surnames", 1, 2)
SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if len(r[0]) == 1)
DOUBLE_SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if len(r[0]) == 2)
COMMON_SURNAMES = frozenset(r[0] for r in _SURNAME_ROWS if r[1:] == ("common",))
SURNAME_READINGS = dict(load_rows("surname_readings", 2, 2))

ROLE_WORDS = load_list("role_words")
PROFILE_ROLES = load_list("profile_roles")
SPEECH_VERBS = load_list("speech_verbs")
AFTER_NAME = (*load_list("after_name"), *ROLE_WORDS)
ORG_SUFFIXES = _longest_first(load_list("org_suffixes"))
LEGAL_FORMS = _longest_first(load_list("legal_forms"))
UNIVERSITY_SUFFIXES = load_list("university_suffixes")
INVESTOR_SUFFIXES = load_list("investor_suffixes")
CLASS_NOUNS = load_list("class_nouns")
NATIONALITY_ENDINGS = tuple(load_list("nationality_endings"))
BOUNDARY = frozenset(load_list("boundary"))
STOP_NAME_CHARS = frozenset(load_list("stop_name_chars"))


def is_common_surname(ch: str) -> bool:
    """A surname many people carry (王, 邹, 傅): a name starting with a rare one (蒯, 和) needs more evidence."""
    return ch in COMMON_SURNAMES


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary as word -> part-of-speech tag (read once, without jieba's HMM)."""
    return {w: t for w, (t, _) in _dictionary().items()}


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, int]]:
    import jieba

    out: dict[str, tuple[str, int]] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) >= 2:
                out[parts[0]] = (parts[2], int(parts[1]))
            elif len(parts) >= 3 and int(parts[1]) >= 9000:
                _COMMON_CHARS.add(parts[0])
    return out


_COMMON_CHARS: set[str] = set()  # single characters used as words all the time (全, 级, 大, 新)


def word_frequency(word: str) -> int:
    """jieba's frequency of a dictionary word of two characters or more (0 when it is not one)."""
    entry = _dictionary().get(word)
    return entry[1] if entry else 0


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a rare person name (方面, 马拉松, 陆军; jieba tags 范畴 'nr' too)."""
    entry = _dictionary().get(word)
    if entry is None:
        return False
    tag, freq = entry
    # jieba tags many everyday two-character words as names (张开, 李子, 高明, 范畴 — all frequent);
    # its three-character 'nr' entries are real names (张三丰, 李彦宏), whatever their frequency.
    return not tag.startswith("nr") or (len(word) == 2 and freq >= 60)


# jieba's tags of words no transliterated name is made of: verbs, adverbs, prepositions, conjunctions,
# numbers and measures, time and place-of words, pronouns, particles, adjectives (如同 d, 受到 v, 一位 m).
_PLAIN_TAGS = frozenset(
    {
        "v",
        "vd",
        "vn",
        "d",
        "p",
        "c",
        "m",
        "mq",
        "q",
        "t",
        "f",
        "r",
        "u",
        "uj",
        "ul",
        "uz",
        "ug",
        "uv",
        "ud",
        "a",
        "ad",
    }
)


def is_plain_word(word: str) -> bool:
    """A dictionary word of one of `_PLAIN_TAGS`: where it starts, a name written before it has ended."""
    entry = _dictionary().get(word)
    return entry is not None and entry[0] in _PLAIN_TAGS


def is_generic(word: str) -> bool:
    """For organisation names: a dictionary word that is not marked proper (nr/nz/nt/j)."""
    entry = _dictionary().get(word)
    return entry is not None and not entry[0].startswith(("nr", "nz", "nt", "j"))


def is_generic_compound(word: str) -> bool:
    """A word jieba did not know that is made of ordinary words (芯片公司, 海外市场, 全定制): ordinary too.

    Any split over the dictionary (not only the greedy one: 全场景 is 全 + 场景, though 全场 is a word too);
    at most one character may be left over, a common one, and every dictionary word inside must be an
    ordinary one (亚特微 holds 亚特, marked proper, so it is not).
    """
    if len(word) < 3 or word in _dictionary():
        return False

    @cache
    def split(i: int, leftover: int) -> bool:
        """word[i:] splits into ordinary dictionary words and at most `1 - leftover` common characters."""
        if i == len(word):
            return True
        for n in (4, 3, 2):
            piece = word[i : i + n]
            entry = _dictionary().get(piece) if len(piece) == n else None
            if entry is not None and entry[1] >= 20 and not is_generic(piece):
                return False  # a proper word inside (rarer entries are dictionary noise: 伟达)
            if entry is not None and entry[1] >= 20 and split(i + n, leftover):
                return True
        return leftover == 0 and word[i] in _COMMON_CHARS and split(i + 1, 1)

    return split(0, 0) and any(
        (e := _dictionary().get(word[i : i + n])) is not None and e[1] >= 20
        for i in range(len(word))
        for n in (2, 3, 4)
    )


def frequency(word: str) -> int:
    """How often jieba's dictionary saw the word (0 when it does not know it): rare entries are noise."""
    entry = _dictionary().get(word)
    return entry[1] if entry else 0
