"""Complexity guards for every data pattern (issue 20), generated from the data files themselves.

For each `NAME = pattern` of bot/data/relations/patterns.txt, bot/data/facts/patterns.txt and
bot/data/patterns/*.txt, hostile sentences are made from the words the pattern is built from: the cue
lists it names ({cue:FILE}, {ROLES}, {{roles}}, {{classes}}), and the literal words in its own text; joined
into lists and chains by the connectors it knows (兼, 、, 及 …), each word repeated, the compound words
(董事长兼总裁) chained by their own connector, then a name the pattern must fail on (，张三). A new cue word
or a new pattern is covered without touching this file.

Sentence patterns run per sentence, as the pipeline runs them (sentences are at most 300 characters,
`bot.segment.split_sentences`); the text patterns (clean, read, ingest) run over the whole text. Each
pattern gets 10k and 80k characters of such input: the 80k run must cost at most ~8x the 10k one (plus
noise), and each pattern has a time budget (BUDGET seconds for both runs; an alarm stops a runaway).
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from functools import cache
from itertools import cycle, islice

import pytest

from bot import lexicon as lx
from bot.relations import cues
from bot.segment import split_sentences

BUDGET = 1.0  # seconds per pattern for the 10k and 80k runs together (typical: a few ms)
RUNAWAY = 10  # seconds: a pattern still matching then is stopped and reported
CONNECTORS = "兼暨及和与、，,的 /"
NAME_TAILS = ("，张三", "张三表示", "（Zhang San）", "")
WIDE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffefA-Za-z0-9·]+")

RELATIONS = lx._PATTERNS.parent / "relations" / "patterns.txt"
FACTS = lx._PATTERNS.parent / "facts" / "patterns.txt"
TEXT_FILES = ("clean", "read", "ingest")  # patterns run over a whole article, not per sentence


def _entries(path) -> dict[str, str]:
    """`NAME = pattern` lines (an indented line continues the one above), as written."""
    out: dict[str, str] = {}
    key = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0].isspace() and key:
            out[key] += raw.strip()
            continue
        key, _, text = raw.partition(" = ")
        key = key.strip()
        out[key] = text.strip()
    return out


@cache
def _roles() -> tuple[str, ...]:
    return tuple(sorted({*lx.PROFILE_ROLES, *cues.words("titles")}, key=len, reverse=True))


def _cue_words(raw: str, entries: dict[str, str], seen: frozenset[str] = frozenset()) -> set[str]:
    """The cue words a relations pattern is built from, following {NAME} references."""
    words: set[str] = set()
    for ref in re.findall(r"\{([A-Za-z_:]+)\}", raw):
        if ref.startswith("cue:"):
            words |= set(cues.pairs(ref[4:]))
        elif ref == "ROLES":
            words |= set(_roles())
        elif ref in entries and ref not in seen:
            words |= _cue_words(entries[ref], entries, seen | {ref})
    return words


def _standins() -> dict[str, str]:
    """What the code fills into a lexicon pattern's {{placeholders}} (stand-ins built from the same data)."""
    from bot.extract.orgs import LATIN_NAME

    return {
        "roles": lx.alternation(_roles()),
        "classes": lx.alternation(lx.load_list("class_nouns")),
        "LATIN_NAME": LATIN_NAME,
        "trans": lx.pattern_text("people", "trans"),
        "name": r"[\u4e00-\u9fff]{2,4}",
    }


def _families() -> Iterator[tuple[str, str, re.Pattern[str], set[str], bool]]:
    """(file, name, compiled pattern, its cue words, runs over whole texts)."""
    from bot.relations import grammar

    rel = _entries(RELATIONS)
    for name, raw in rel.items():
        yield "relations", name, re.compile(grammar._P[name]), _cue_words(raw, rel), False
    from bot import facts

    for name, compiled in facts._P.items():
        yield (
            "facts",
            name,
            compiled,
            set(lx.SPEECH_VERBS) if "SPEECH_VERBS" in _entries(FACTS)[name] else set(),
            False,
        )
    subs = _standins()
    for path in sorted(lx._PATTERNS.glob("*.txt")):
        for name, raw in _entries(path).items():
            words: set[str] = set()
            if "{{roles}}" in raw:
                words |= set(_roles())
            if "{{classes}}" in raw:
                words |= set(lx.load_list("class_nouns"))
            used = {k: v for k, v in subs.items() if "{{" + k + "}}" in raw}
            for hole in set(re.findall(r"\{\{(\w+)\}\}", raw)) - set(used):
                # A placeholder added later: the lexicon lists named like it (alias_cues for {{cues}}).
                found = [w for f in sorted(lx._DATA.glob(f"*{hole}*.txt")) for w in lx.load_list(f.stem)]
                words |= set(found)
                used[hole] = lx.alternation(sorted(found, key=len, reverse=True)) or r"[\u4e00-\u9fff]{2,4}"
            compiled = re.compile(lx.pattern_text(path.stem, name, **used), re.M)
            yield path.stem, name, compiled, words, path.stem in TEXT_FILES


def _sample(words: list[str], n: int) -> list[str]:
    """At most n words, spread over the sorted list (the same every run)."""
    words = sorted(set(words))
    step = max(1, len(words) // n)
    return words[::step][:n]


def _sentences(pattern: re.Pattern[str], words: set[str]) -> list[str]:
    """Hostile sentences (each a little under 300 characters) from the pattern's words."""
    literal = [w for w in WIDE.findall(pattern.pattern.replace("\\", " ")) if len(w) <= 12]
    pool = _sample([w for w in (*words, *literal) if w and len(w) <= 16], 40) or ["公司"]
    joins = [c for c in CONNECTORS if c in pattern.pattern] or ["、"]
    shapes: list[str] = []
    for c in joins[:5]:
        shapes.append(c.join(islice(cycle(pool), 120)))  # a list of every word
    for w in pool[:12]:
        shapes.append("".join([w] * 100))  # one word again and again
        shapes.append("、".join([w] * 100))
    # Compounds chained by their own connector (董事长兼总裁兼董事长兼总裁…): every word that holds one.
    compounds = sorted({(w, c) for w in (*words, *literal) for c in joins if c in w.strip(c)})
    for w, c in compounds[:24]:
        shapes.append(c.join([w] * 60))
    out = []
    for i, body in enumerate(shapes):
        tail = NAME_TAILS[i % len(NAME_TAILS)]
        out.append(body[: 290 - len(tail)] + tail)
    return out


def _text(sentences: list[str], chars: int) -> list[str]:
    """`chars` characters of the sentences, cycled, in the pipeline's sentences (≤ 300 characters)."""
    out, n = [], 0
    for s in cycle(sentences):
        if n >= chars:
            return out
        pieces = split_sentences(s + "。")
        out += pieces
        n += sum(len(p) for p in pieces)
    return out


def _run(pattern: re.Pattern[str], sentences: list[str], whole: bool) -> float:
    texts = ["\n".join(sentences)] if whole else sentences
    # CPU time of this process: wall time on a loaded machine read a linear pattern as 37x.
    t0 = time.process_time()
    for s in texts:
        pattern.search(s)
        for _ in pattern.finditer(s):
            pass
    return time.process_time() - t0


FAMILIES = list(_families())


def _timeout(signum, frame):
    raise TimeoutError


@pytest.mark.parametrize(
    "family,name,pattern,words,whole",
    FAMILIES,
    ids=[f"{f}:{n}" for f, n, *_ in FAMILIES],
)
def test_pattern_worst_case_is_linear(family, name, pattern, words, whole):
    sentences = _sentences(pattern, words)
    small, big = _text(sentences, 10_000), _text(sentences, 80_000)
    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(RUNAWAY)
    try:
        for _ in range(3):  # a busy machine can slow one run: measured again before failing
            t10 = min(_run(pattern, small, whole) for _ in range(2))
            t80 = _run(pattern, big, whole)
            if t10 + t80 < BUDGET and t80 <= 12 * t10 + 0.05:
                break
    except TimeoutError:
        pytest.fail(f"{family}:{name} still matching after {RUNAWAY} s (catastrophic backtracking)")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert t10 + t80 < BUDGET, f"{family}:{name}: {t10:.3f} s + {t80:.3f} s over the budget"
    assert t80 <= 12 * t10 + 0.05, f"{family}:{name}: 80k costs {t80 / max(t10, 1e-9):.0f}x the 10k input"


def test_every_pattern_file_is_covered():
    files = {f for f, *_ in FAMILIES}
    assert {"relations", "facts"} <= files
    assert {p.stem for p in lx._PATTERNS.glob("*.txt")} <= files
    assert len(FAMILIES) >= 150
