"""The ingest's shortcuts find what the plain passes found (speed only, same index)."""

from __future__ import annotations

import random

import pytest


def names_in_every_length(simps: set[str], texts: list[str]) -> set[str]:
    """The former pass: every name length at every position."""
    lengths = sorted({len(x) for x in simps})
    found: set[str] = set()
    for canon in texts:
        n = len(canon)
        for i in range(n - 1):
            for length in lengths:
                if i + length > n:
                    break
                if canon[i : i + length] in simps:
                    found.add(canon[i : i + length])
    return found


@pytest.mark.parametrize("seed", range(20))
def test_names_found_from_their_first_characters_equal_every_length_at_every_position(seed):
    from bot.store.writer import _names_in

    rnd = random.Random(seed)
    alphabet = "张王李公司科技集团北京AB1 ·"
    for _ in range(100):
        # names of every length, the empty one and single characters included; names inside names
        simps = {
            "".join(rnd.choice(alphabet) for _ in range(rnd.choice((0, 1, 2, 2, 3, 4, 7))))
            for _ in range(rnd.randrange(0, 25))
        }
        texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 40))) for _ in range(4)]
        assert _names_in(simps, texts) == names_in_every_length(simps, texts)
