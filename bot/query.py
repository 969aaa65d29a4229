"""Parse a chat line into a Query, and resolve a typed name to an entity in tiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot import lexicon as lx
from bot.commands import ALIASES, BY_NAME
from bot.commands import PARSED as COMMANDS
from bot.corrections.apply import state as corrected
from bot.normalize import (
    clean_surface,
    has_cjk,
    is_traditional,
    name_key,
    query_pinyin_key,
    strip_legal_suffix,
)
from bot.store.index import Index
from bot.store.names import grams_of as _ngrams
from bot.vocab import ORG_KINDS, PERSON_KINDS

# The names and aliases come from the one command table (bot/commands.py, words in bot/data/messages/).


@dataclass
class Query:
    raw: str
    command: str  # who | company | search | start | help | sources | reload | more | unknown | empty
    arg: str = ""
    bot: str = ""  # @BotName the command was addressed to
    traditional: bool = False
    problem: str = ""  # empty | too_long | unknown_command | telegram_only
    bare: bool = False  # a line without a command: a name of any kind, or plain text


_QUOTES = "\"'“”‘’「」『』《》〈〉()（）[]【】<>"


def parse_line(line: str, name_limit: int = 64, search_limit: int = 256) -> Query:
    raw = line if isinstance(line, str) else str(line)
    text = clean_surface(raw.replace("\x00", ""))
    if not text:
        return Query(raw, "empty")
    m = re.match(r"^/([A-Za-z_\u4e00-\u9fff]+)(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)(.*)$", text, re.S)
    if not m:
        # A bare name is a lookup of whatever it names.
        arg = _strip_name(text)
        return Query(
            raw,
            "who" if arg else "empty",
            arg,
            traditional=is_traditional(arg),
            problem="too_long" if len(arg) > name_limit else "",
            bare=True,
        )
    cmd = m.group(1).lower()
    cmd = ALIASES.get(cmd, cmd)
    arg = m.group(3).strip()
    if cmd not in COMMANDS:
        # /watch here: a command the bot knows, answered only in Telegram - say so, not "unknown".
        problem = "telegram_only" if cmd in BY_NAME else "unknown_command"
        return Query(raw, "unknown", arg, m.group(2) or "", problem=problem)
    if cmd in ("who", "company"):
        arg = _strip_name(arg)
        limit = name_limit
    elif cmd == "search":
        limit = search_limit
    else:
        limit = 10_000
    q = Query(raw, cmd, arg, m.group(2) or "", traditional=is_traditional(arg))
    if len(arg) > limit:
        q.problem = "too_long"
    return q


def _strip_name(arg: str) -> str:
    arg = arg.strip().lstrip("@＠").strip()
    while arg and (arg[0] in _QUOTES or arg[-1] in _QUOTES):
        arg = arg.strip(_QUOTES).strip()
    return arg


@dataclass
class Resolution:
    status: str  # found | ambiguous | not_found
    entity: int | None = None
    candidates: list[tuple[int, float]] = field(default_factory=list)
    tier: str = ""
    other_kind: int | None = None  # best match of the other kind (/who 灵瞳)
    other_tier: str = ""  # the tier that found it


def _kind_ok(kind: str, want: str | None) -> bool:
    if want == "who":
        return kind in PERSON_KINDS
    if want == "company":
        return kind in ORG_KINDS
    return True


def resolve(index: Index, name: str, want: str | None = None) -> Resolution:
    corrected(index)  # names as the team corrected them
    key = name_key(name)
    if not key:
        return Resolution("not_found")
    fuzzy_scores: dict[int, float] | None = None

    def fuzzy() -> dict[int, float]:
        nonlocal fuzzy_scores
        if fuzzy_scores is None:
            fuzzy_scores = _fuzzy(index, key, name)
        return fuzzy_scores

    # Tiers are computed lazily: an exact hit never pays for the fuzzy tier.
    tiers = (
        ("exact", lambda: _exact(index, key)),
        ("pinyin", lambda: _pinyin(index, name)),
        ("contains", lambda: _contains(index, key, name)),
        ("fuzzy", lambda: {e: s for e, s in fuzzy().items() if s >= _fuzzy_limit(key)}),
        ("sound", lambda: _near_sound(index, name, key, fuzzy())),
    )
    other: int | None = None
    other_tier = ""
    for tier, compute in tiers:
        found = compute()
        if not found:
            continue
        index.prefetch(found)
        ranked = sorted(found.items(), key=lambda kv: (-kv[1], -index.entities[kv[0]].mentions))
        good = [(e, s) for e, s in ranked if _kind_ok(index.entities[e].kind, want)]
        if not good:
            if other is None:
                other, other_tier = ranked[0][0], tier
            continue
        best_score = good[0][1]
        close = [(e, s) for e, s in good if s >= best_score - 3]
        if len(close) > 1:
            m1, m2 = index.entities[close[0][0]].mentions, index.entities[close[1][0]].mentions
            # Clearly more present in the articles wins; otherwise ask.
            if not (tier in ("contains", "exact") and m1 >= 3 * max(1, m2)):
                return Resolution("ambiguous", None, close[:8], tier, other, other_tier)
        return Resolution("found", good[0][0], good[:5], tier, other, other_tier)
    return Resolution("not_found", None, _suggestions(index, fuzzy(), want), "", other, other_tier)


def _suggestions(
    index: Index, scores: dict[int, float], want: str | None, n: int = 3
) -> list[tuple[int, float]]:
    """The n best-scored entities of the wanted kind. Their kinds are read a few at a time, best first, until
    n are found: from the file, reading all of a fuzzy tier's hundreds of candidates took most of a miss."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])  # stable: ties keep the tier's order
    out: list[tuple[int, float]] = []
    for start in range(0, len(ranked), 4 * n):
        chunk = ranked[start : start + 4 * n]
        index.prefetch(e for e, _ in chunk)
        out += [(e, s) for e, s in chunk if _kind_ok(index.entities[e].kind, want)]
        if len(out) >= n:
            break
    return out[:n]


def _exact(index: Index, key: str) -> dict[int, float]:
    index.prefetch_keys((key, strip_legal_suffix(key)))
    ids = index.by_key.get(key, set()) | index.by_key.get(strip_legal_suffix(key), set())
    # In id order: candidates of equal score and mentions come out alike from memory and from the file.
    return {e: 100.0 for e in sorted(ids)}


def _pinyin(index: Index, name: str) -> dict[int, float]:
    py = query_pinyin_key(name)
    if len(py) < 4 or not re.fullmatch(r"[a-z0-9]+", py):
        return {}
    return {e: 95.0 for e in sorted(index.by_pinyin.get(py, set()))}


def _contains(index: Index, key: str, name: str) -> dict[int, float]:
    """Names that start with or contain what was typed (恒岳 -> 恒岳科技), or that it contains."""
    if len(key) < 2 or (not has_cjk(key) and len(key) < 3):
        return {}
    out: dict[int, float] = {}

    def score(k: str) -> float:
        return 60 + 30 * min(len(k), len(key)) / max(len(k), len(key))

    # Known names inside the query (恒岳科技有限公司 holds 恒岳科技), at least half its length; a Latin
    # name (a ticker, an abbreviation) only as whole words of it: CAN is not in Cancer, Canon or candy.
    parts = [key[i:j] for i in range(len(key)) for j in range(i + max(2, (len(key) + 1) // 2), len(key) + 1)]
    index.prefetch_keys(parts)
    for part in parts:
        ids = index.by_key.get(part, ())
        if ids and (not _LATIN.fullmatch(part) or _whole_words(name, part)):
            for eid in sorted(ids):
                out[eid] = max(out.get(eid, 0), score(part))
    # A class noun or an ordinary word (创投, 资本, 公司) only finds names that start with it (青禾 -> 青禾集团),
    # never names that merely hold it (星创投 is not what /company 创投 asks for).
    generic = lx.is_generic(key) or key in lx.ORG_SUFFIXES or key in lx.CLASS_NOUNS
    # Names holding the query (in row order).
    latin = bool(_LATIN.fullmatch(key))
    for _, k, eid in index.rows_holding(key):
        if not (generic and not k.startswith(key)):
            if latin and k != key and not _in_whole_words(index, eid, k, key):
                continue  # 'cana' is part of a word of Canaan: a suggestion at most, never a card
            out[eid] = max(out.get(eid, 0), score(k) + (2 if k.startswith(key) else 0))
    return out


_LATIN = re.compile(r"[a-z0-9]+")


def _whole_words(text: str, sub: str) -> bool:
    """Whether `sub` (a Latin key) is one or more whole consecutive words of `text`."""
    words = _LATIN.findall(clean_surface(text).lower())
    for i in range(len(words)):
        acc = ""
        for w in words[i:]:
            acc += w
            if acc == sub:
                return True
            if len(acc) >= len(sub):
                break
    return False


def _in_whole_words(index: Index, eid: int, k: str, sub: str) -> bool:
    """Whether `sub` is whole words of the name of `eid` whose key is `k` (true when that name is unknown)."""
    e = index.entities[eid]
    names = [n for n in (e.name, e.traditional, *(a for a, _ in e.aliases)) if n and name_key(n) == k]
    return not names or any(_whole_words(n, sub) for n in names)


_SOUND_FOLDS = (
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("eng", "en"),
    ("ing", "in"),
    ("ang", "an"),
    ("ong", "on"),
)


def _fold_sound(py: str) -> str:
    for a, b in _SOUND_FOLDS:
        py = py.replace(a, b)
    return py


def _near_sound(index: Index, name: str, key: str, scores: dict[int, float]) -> dict[int, float]:
    """陈书根 for 陈书耕: a short name whose one wrong character nearly sounds the same (gen/geng, zh/z,
    in/ing) is a typo; 许秀英 for 许秀丽 sounds different and stays a suggestion."""
    if not has_cjk(key) or len(key) > 3:
        return {}
    want = _fold_sound(query_pinyin_key(name))
    close = {e for e, s in scores.items() if s >= 60}
    out: dict[int, float] = {}
    # Only the close entities' rows, in table order (not a pass over every key: 3 ms at 20,000 entities).
    for _, k, py, eid in index.entity_rows(close):
        if eid in close and len(k) == len(key) and py and (_fold_sound(py) == want or _homophones(k, key)):
            out[eid] = scores[eid]
    return out


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def _homophones(a: str, b: str) -> bool:
    """林卓然 for 林焯然, 韦文辛 for 韦文莘: each character can be read the same (焯 is zhuo as well as chao,
    莘 xin as well as shen) — the typo of someone who typed the name by its sound."""
    return len(a) == len(b) and all(x == y or _readings(x) & _readings(y) for x, y in zip(a, b, strict=True))


def _fuzzy_limit(key: str) -> float:
    if has_cjk(key):
        # Up to three characters one wrong character is another name (许秀英 is not 许秀丽); a
        # same-sounding one is found by the pinyin tier. Longer names forgive one character in four.
        return 101 if len(key) <= 3 else 74
    return 85


def _fuzzy(index: Index, key: str, name: str, floor: float = 50) -> dict[int, float]:
    """rapidfuzz over candidates that share n-grams with the query — bounded work at any index size."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    cjk = has_cjk(key)
    py = query_pinyin_key(name) if not cjk or len(key) <= 3 else ""

    def rarest(grams: set[str], empty: bool = True) -> list[str]:
        # The rarest trigrams are enough to find a near spelling; the commonest (ang, eng) add only noise.
        # (`empty`: a trigram no name has counts as one of the rarest, as it always has for Latin input.)
        sizes = {g: index.gram_count(g) for g in grams}
        ranked = sorted((g for g in grams if empty or sizes[g]), key=lambda g: (sizes[g], g))
        return ranked[: max(2, len(ranked) // 2)]

    # The rows sharing the most of these n-grams (and one fewer), in row order, at most 400.
    if cjk:
        rows = index.best_rows(sorted("k" + g for g in _ngrams(key, 2)), 400)
        if py and not rows and len(key) >= 2:
            # 林卓然 shares no two characters with 林焯然: a short name is looked up by its sound as well
            rows = index.best_rows(rarest({"p" + g for g in _ngrams(py, 3)}, empty=False), 400)
    else:
        rows = index.best_rows(rarest({"p" + g for g in _ngrams(py, 3)}), 400)
    if not rows:
        return {}
    out: dict[int, float] = {}
    for k, p, eid in index.name_rows(rows):
        if cjk:
            if len(k) < 2:
                continue
            s = fuzz.ratio(key, k)
            if len(key) >= 4 and Levenshtein.distance(key, k) > len(key) // 4:
                # 兴旺绸缎 is not 兴旺丝绸: two characters changed in four is another name (ratio counts a
                # moved character once), whatever the shared ones.
                s = min(s, 65)
            if len(key) <= 3 and p and fuzz.ratio(py, p) < 80:
                # 陈书华 is more likely someone else than a typo of 陈书耕: short names need the sound too.
                s = min(s, 65)
        else:
            s = max(fuzz.ratio(key, k), fuzz.ratio(py, p) if p else 0)
            if min(len(key), len(k)) <= 4:
                # One letter off a ticker or abbreviation is another word (cana, cat for CAN): a suggestion.
                s = min(s, 80)
        if s >= floor:
            out[eid] = max(out.get(eid, 0), s)
    return out
