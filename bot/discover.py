"""New-word discovery: the words an article uses that jieba's dictionary does not know (韩立舟, 灵瞳, 锐芯微).

A candidate is a run of 2-5 Chinese characters that recurs, holds together (every split of it is much
more frequent together than its parts would be by chance: pointwise mutual information), and is free
on both sides (several different characters before and after it: neighbour entropy). Substrings of a
longer discovered word that never occur on their own are dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from operator import add

from bot import lexicon as lx

_RUNS = re.compile(r"[\u4e00-\u9fff]+")


def _entropy(counter: Counter[str]) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0


def new_words(
    texts: list[str], min_count: int = 3, max_len: int = 5, min_pmi: float = 3.0, min_entropy: float = 0.6
) -> list[str]:
    runs = [r for t in texts for r in _RUNS.findall(t)]
    # One string, runs separated by a newline: four C-level counting passes instead of one per run;
    # n-grams that straddle two runs hold the newline and are dropped below.
    joined = "\n" + "\n".join(runs) + "\n"
    chars: Counter[str] = Counter(joined)
    del chars["\n"]
    grams = _ngrams(joined, min_count, max_len)
    # Cheap tests first (count, dictionary, cohesion); neighbour entropy only for what survives them.
    cohesive = _cohesive(grams, chars, min_count, min_pmi)
    found = {g: c for g, c in cohesive.items() if _free_on_both_sides(joined, g, min_entropy)}
    # Keep the longest form: 韩立 goes when 韩立舟 accounts for (nearly) all of its occurrences.
    out = [g for g, c in found.items() if not any(g != h and g in h and found[h] >= 0.8 * c for h in found)]
    return sorted(out, key=lambda w: (-found[w], w))


def _ngrams(joined: str, min_count: int, max_len: int) -> Counter[str]:
    # The bigrams made pairwise by map (C-level), not by a slice per position.
    pairs = list(map(add, joined[:-1], joined[1:]))
    grams: Counter[str] = Counter(pairs)
    # Apriori: an n-gram can only recur if its first n-1 characters do, so longer n-grams are
    # counted only where the shorter one was frequent.
    frequent = {g for g, c in grams.items() if c >= min_count}
    positions = [i for i, g in enumerate(pairs) if g in frequent]
    size = len(joined)
    for n in range(3, max_len + 1):
        positions = [i for i in positions if i + n <= size]
        cut = [joined[i : i + n] for i in positions]
        level = Counter(cut)
        grams.update(level)
        positions = [i for i, g in zip(positions, cut, strict=True) if level[g] >= min_count]
    return grams


def _cohesive(grams: Counter[str], chars: Counter[str], min_count: int, min_pmi: float) -> dict[str, int]:
    """Recurring n-grams, unknown to the dictionary, whose every split is far likelier together (PMI)."""
    total = max(1, sum(chars.values()))

    def prob(s: str) -> float:
        return (chars[s] if len(s) == 1 else grams.get(s, 0)) / total

    dictionary = lx.dictionary_tags()
    cohesive: dict[str, int] = {}
    for g, c in grams.items():
        if c < min_count or "\n" in g or g in dictionary or any(ch in lx.STOP_NAME_CHARS for ch in g):
            continue
        p = c / total
        if min(math.log(p / (prob(g[:k]) * prob(g[k:]) + 1e-12)) for k in range(1, len(g))) >= min_pmi:
            cohesive[g] = c
    return cohesive


def _free_on_both_sides(joined: str, g: str, min_entropy: float) -> bool:
    """Several different characters stand before and after `g` (neighbour entropy)."""
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    i = joined.find(g)
    while i >= 0:
        left[joined[i - 1]] += 1
        right[joined[i + len(g)]] += 1
        i = joined.find(g, i + 1)
    return _entropy(left) >= min_entropy and _entropy(right) >= min_entropy
