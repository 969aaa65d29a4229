"""The update's relation rules rehearsed per article, in worker processes under the per-file time limit.

The worker's own rehearsal (`worker.rehearse_relations`) knows only the article's names; the rules first
meet the corpus's names in the update (`update.apply`). Rehearsed there, one article per worker task, a
sentence that makes a rule run away with names another article brought costs that article's facts (left
out and noted), never the ingest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar

from bot.facts import Fact
from bot.model import FileFailure
from bot.pool import FILE_SECONDS, RUNNER, run_pool, workers
from bot.settings import load_settings

# Where the update notes an article whose facts were left out (set by `build_index` to its report's notes).
NOTES: ContextVar[list[tuple[str, str]] | None] = ContextVar("NOTES", default=None)

# The facts being rehearsed, by article, and their entities as the rules read them: set in the ingesting
# process just before the workers fork, so they inherit it instead of receiving it through a pipe.
_REHEARSAL: tuple[dict[str, list[Fact]], dict[int, dict]] = ({}, {})


def rehearsed_facts(
    facts: Sequence[Fact],
    records: Mapping[int, dict],
    paths: Mapping[str, str],
    meanwhile: Iterable[Callable[[], object]] = (),
) -> list[Fact]:
    """The update's per-sentence facts, each article's first run through the relation rules in a worker
    with the corpus's names, within the per-file time limit. The worker's own rehearsal
    (`rehearse_relations`) knew only the article's names; here a sentence that makes a rule run away
    with names another article brought costs that article's facts (left out, noted), never the ingest.
    `meanwhile`: the update's own steps that need none of this (storing the articles), run in this
    process while the workers rehearse (`bot.pool.run_pool`); all of them have run when this returns."""
    global _REHEARSAL
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_article[f.article].append(f)
    if not by_article:
        for step in meanwhile:
            step()
        return list(facts)
    seconds = FILE_SECONDS.get()
    if seconds is None:
        seconds = load_settings().limit("file_seconds", 300)
    failed: dict[str, str] = {}

    def done(res: object) -> None:
        if isinstance(res, FileFailure):
            failed[res.path] = res.error

    _REHEARSAL = (by_article, dict(records))
    # Always this machine's forked workers, even when a cluster extracts (`ingest --cluster`): they inherit
    # the rehearsal's facts; a cluster's workers would not have them.
    local = RUNNER.set(None)
    try:
        tasks = [(aid,) for aid in sorted(by_article)]
        run_pool(_rehearse_article, tasks, workers(), seconds or None, done, meanwhile)
    finally:
        RUNNER.reset(local)
        _REHEARSAL = ({}, {})
    notes = NOTES.get()
    for aid, why in sorted(failed.items()):
        if notes is not None:
            notes.append(
                (paths.get(aid, aid), f"relation rules {why} with the corpus's names: facts left out")
            )
    return [f for f in facts if f.article not in failed]


def _rehearse_article(aid: str) -> str:
    """In a worker: the relation rules over one article's facts (their result is dropped)."""
    from bot.relations.profile import ProfileBuilder

    by_article, records = _REHEARSAL
    own = by_article[aid]
    ProfileBuilder({e: records[e] for f in own for e in f.entities if e in records}, own).build()
    return aid
