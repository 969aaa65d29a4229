"""New-word discovery: the words an article uses that jieba's dictionary does not know (杨作兴, 神眸, 比特微).

A candidate is a run of 2-5 Chinese characters that recurs, holds together (every split of it is much
more frequent together than its parts would be by chance: pointwise mutual information), and is free
on both sides (several different characters before and after it: neighbour entropy). Substrings of a
longer discovered word that never occur on their own are dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from bot import lexicon as lx

_RUNS = re.compile(r"[\u4e00-\u9fff]+")


def _entropy(counter: Counter[str]) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0


def new_words(texts: list[str], min_count: int = 3, max_len: int = 5, min_pmi: float = 3.0,
              min_entropy: float = 0.6) -> list[str]:
    runs = [r for t in texts for r in _RUNS.findall(t)]
    chars: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for run in runs:
        chars.update(run)
        for n in range(2, max_len + 1):
            for i in range(len(run) - n + 1):
                g = run[i : i + n]
                grams[g] += 1
    total = max(1, sum(chars.values()))
    candidates = {g: c for g, c in grams.items() if c >= min_count}
    for run in runs:
        for n in range(2, max_len + 1):
            for i in range(len(run) - n + 1):
                g = run[i : i + n]
                if g in candidates:
                    left[g][run[i - 1] if i > 0 else "^"] += 1
                    right[g][run[i + n] if i + n < len(run) else "$"] += 1

    def prob(s: str) -> float:
        return (chars[s] if len(s) == 1 else grams.get(s, 0)) / total

    dictionary = lx.dictionary_tags()
    found: dict[str, int] = {}
    for g, c in candidates.items():
        if g in dictionary or any(ch in lx.STOP_NAME_CHARS for ch in g):
            continue
        p = c / total
        pmi = min(math.log(p / (prob(g[:k]) * prob(g[k:]) + 1e-12)) for k in range(1, len(g)))
        if pmi < min_pmi:
            continue
        if _entropy(left[g]) < min_entropy or _entropy(right[g]) < min_entropy:
            continue
        found[g] = c
    # Keep the longest form: 杨作 goes when 杨作兴 accounts for (nearly) all of its occurrences.
    out = []
    for g, c in found.items():
        if any(g != h and g in h and found[h] >= 0.8 * c for h in found):
            continue
        out.append(g)
    return sorted(out, key=lambda w: (-found[w], w))
