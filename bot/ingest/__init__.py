"""The ingest: files -> worker processes (read, clean, segment, extract) -> corpus merge -> the store, in
ONE transaction per update.

- `files`: which files, reading them (cached by content hash, the rest in workers), the report.
- `worker`: one file in a worker process -> `Article` or `FileFailure`.
- `update`: the incremental update (the full build is an update with every article added).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import IndexCorrupt, NoArticles
from bot.model import Article, StoredArticle
from bot.pool import preload_in_isolation, run_isolated, start_isolation, time_limit
from bot.settings import load_settings
from bot.store.articles import cached_articles
from bot.store.db import (
    cannot_write,
    check_path,
    move_aside,
    own_articles,
    remove_side_files,
    remove_stale_temps,
    rollback_quietly,
    writer_lock,
)
from bot.store.ids import IdConflict
from bot.store.pg import is_pg
from bot.store.writer import Writer, fresh_index

from .files import IngestReport, Known, collect_files, read_all, shown
from .rehearse import NOTES
from .update import apply
from .worker import process_file

__all__ = [
    "IngestReport",
    "UpdateReport",
    "build_index",
    "build_index_isolated",
    "collect_files",
    "ensure_index",
    "prepare_isolation",
    "process_file",
    "read_all",
    "shown",
]


def build_index(
    paths: list[Path] | None = None,
    index: Path | None = None,
    progress: Callable | None = None,
    keep_previous: bool = True,
    rebuild: bool = False,
    wait_message: Callable[[str], None] | None = None,
    cluster: str | None = None,
) -> UpdateReport:
    """Bring the index up to date with `paths`: new, changed and removed files are applied in ONE
    transaction that touches only their articles and the entities they mention (`rebuild` recomputes
    everything). Raises NoArticles when nothing could be indexed, NotOurs when `index` is not ours.
    `cluster`: a Dask scheduler's address (or "local:N") where the files are read (`ingest.cluster`)."""
    settings = load_settings()
    index = index or settings.index_path
    paths = paths or [settings.seeds_dir]
    report = UpdateReport()
    check_path(index)  # a stranger's file: refused before even a lock file appears beside it
    with writer_lock(index, wait_message), _engine(cluster):
        notes = NOTES.set(report.notes)  # articles whose facts the update leaves out (rehearse.py)
        try:
            return _build(paths, index, report, progress, keep_previous, rebuild)
        except Exception as exc:
            unwritable = cannot_write(index, exc)
            if unwritable is None:
                raise
            remove_side_files(index)  # a half-built side file would keep the disk full
            raise unwritable from exc
        finally:
            NOTES.reset(notes)


def _engine(cluster: str | None):
    if not cluster:
        return nullcontext()
    from .cluster import on_cluster

    return on_cluster(cluster)


# `build_index_isolated`'s children start from a fork server (bot/pool.py) that has loaded these once.
preload_in_isolation("bot.ingest", "bot.ingest.prefork")


def prepare_isolation() -> None:
    """Start the process `build_index_isolated` forks its children from, now rather than at the first
    update (it loads the dictionaries: ~2 s). Returns at once; the bot calls it when it starts."""
    start_isolation()


def build_index_isolated(
    paths: list[Path], index: Path, file_seconds: float | None, seconds: float | None
) -> UpdateReport:
    """`build_index` in a child process, each file within `file_seconds`, the whole update within
    `seconds`: the caller (the bot) never runs extraction or the relation rules itself, so a runaway
    costs the update, never the caller's other work. A child stopped at the limit leaves the index as it
    was (its one transaction never committed) and raises TooSlow."""
    try:
        return run_isolated(_build_in_child, (paths, index, file_seconds), seconds)
    finally:
        remove_stale_temps(Path(index).parent)  # a fresh build's side file, when the child was stopped


def _build_in_child(paths: list[Path], index: Path, file_seconds: float | None) -> UpdateReport:
    with time_limit(file_seconds):
        return build_index(paths, index)


def _build(
    paths: list[Path],
    index: Path,
    report: UpdateReport,
    progress: Callable | None,
    keep_previous: bool,
    rebuild: bool,
) -> UpdateReport:
    settings = load_settings()
    state, rescued = _prepare(index, report)
    # Made by other extraction code: every article whose file is still there is read again.
    reextract = state == "stale"
    if reextract:
        rebuild, state = True, "ours"
    w = Writer.open(index) if state == "ours" else None
    stored = w.stored_articles() if w else {}
    # Unchanged files are recognised by their hash alone; their stored extraction is not even read.
    cache: dict[str, Known] = {a.sha: a for a in stored.values()}
    if state == "old":
        cache = dict(cached_articles(index))
    files = collect_files(paths, report)
    files += [f for f in rescued if f not in files]  # a damaged index's own articles are read again
    # The index's own files in a folder being read are not articles that were left out.
    own = {os.path.abspath(str(index) + x) for x in ("", "-wal", "-shm", "-journal", ".lock")}
    report.skipped = [(p, why) for p, why in report.skipped if os.path.abspath(p) not in own]
    kept = _keep_previous(files, cache, reextract) if keep_previous else set()
    articles = read_all(
        files, {} if reextract else cache, report, progress, settings.limit("max_file_bytes", 8_000_000)
    )
    kept = _one_article_per_content(articles, kept, cache, report)
    _changes(report, articles, stored, kept)
    if not articles and not kept:
        if w is not None:
            w.close()
        raise NoArticles("no article could be indexed", report.skipped)
    if w is None:
        fresh_index(index, lambda fresh: _fill(fresh, articles))
        w = Writer.open(index)
    else:
        try:
            update_index(w, articles, stored, rebuild, kept)
        except BaseException:
            w.close()
            raise
    report.articles, report.entities, report.facts = w.counts()
    w.close()
    return report


@dataclass
class UpdateReport(IngestReport):
    """The ingest's report with what changed in the index: files (path, title) new to it, changed
    (the same path, other content) and removed, and how many articles stayed as they were."""

    new: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0


def _changes(
    report: UpdateReport, articles: list[Known], stored: dict[str, StoredArticle], kept: set[str]
) -> None:
    stored_at = {os.path.abspath(a.path): a for a in stored.values()}
    read = {a.id for a in articles}
    replaced: set[str] = set()
    for a in articles:
        if a.id in stored:
            report.unchanged += 1
            continue
        old = stored_at.get(os.path.abspath(a.path))
        if old is not None and old.id not in read:
            report.changed.append((shown(a.path), shown(a.title or "")))
            replaced.add(old.id)
        else:
            report.new.append((shown(a.path), shown(a.title or "")))
    report.new.sort()
    report.changed.sort()
    report.unchanged += len(kept)
    for aid in sorted(set(stored) - read - kept - replaced, key=lambda i: stored[i].path):
        report.removed.append((shown(stored[aid].path), shown(stored[aid].title or "")))


def _prepare(index: Path, report: IngestReport) -> tuple[str, list[Path]]:
    """What is at `index` (under the writer lock: never work towards overwriting a stranger); a corrupt
    index is moved aside, and the files of the articles it held (as far as they can be listed) returned to
    be read again. Notes what will happen."""
    state = check_path(index)
    rescued: list[Path] = []
    if state == "corrupt":
        rescued = own_articles(index)
        moved = move_aside(index)
        report.notes.append(
            (str(index), f"index was damaged; moved aside to {moved.name}, rebuilt from its own articles")
        )
        state = "missing"
    if state == "old":
        report.notes.append((str(index), "index of an older schema: rebuilt in the current one"))
    if state == "stale":
        report.notes.append((str(index), "index made by another factbot version: articles re-read"))
    return state, rescued


def _keep_previous(files: list[Path], cache: dict[str, Known], reextract: bool) -> set[str]:
    """Articles of the index whose files still exist stay (their ids returned, or their files added to
    `files` to be read again); a removed file takes its facts along. Files outside the given paths are not
    read again (that is what makes adding one file cheap)."""
    kept: set[str] = set()
    given = {os.path.abspath(f) for f in files}
    for art in cache.values():
        if os.path.abspath(art.path) not in given and os.path.exists(art.path):
            if isinstance(art, StoredArticle) and not reextract:
                kept.add(art.id)
            else:
                files.append(Path(art.path))
    return kept


def _one_article_per_content(
    articles: list[Known], kept: set[str], cache: dict[str, Known], report: IngestReport
) -> set[str]:
    """The same content through two paths is one article: one read from the given paths replaces a kept
    one of the index (its path moves), and the summary says so."""
    by_id = {a.id: a for a in articles}
    twins = kept & set(by_id)
    for old in (a for a in cache.values() if a.id in twins):
        report.notes.append((shown(old.path), f"same content as {shown(by_id[old.id].path)}: one article"))
    return kept - twins


def _fill(w: Writer, articles: list[Known]) -> None:
    apply(w, [_full(w, a) for a in articles], set())


def _full(w: Writer, art: Known) -> Article:
    if isinstance(art, StoredArticle):
        return _with_path(w.articles([art.id])[art.id], art.path)
    return art


def _with_path(art: Article, path: str) -> Article:
    import dataclasses

    return dataclasses.replace(art, path=path)


def update_index(
    w: Writer,
    articles: list[Known],
    stored: dict[str, StoredArticle],
    rebuild: bool,
    kept: set[str] = frozenset(),
) -> None:
    """One transaction: the difference between what is stored and what was read. An increment whose ids
    would differ from a rebuild's (a hash collision, `bot.store.ids`) is redone as a rebuild."""
    try:
        _update(w, articles, stored, rebuild, kept)
    except IdConflict:
        if rebuild:
            raise
        _update(w, articles, stored, True, kept)


def _update(
    w: Writer,
    articles: list[Known],
    stored: dict[str, StoredArticle],
    rebuild: bool,
    kept: set[str],
) -> None:
    w.begin()
    try:
        gen = w.generation() + 1
        changed: set[int] = {-1}  # -1: everything (readers reload all names)
        if rebuild:
            full = w.articles()
            articles = articles + [stored[aid] for aid in sorted(kept) if aid in stored]
            w.clear()
            added = [_with_path(full[a.id], a.path) if isinstance(a, StoredArticle) else a for a in articles]
            apply(w, added, set())
        else:
            removed = set(stored) - {a.id for a in articles} - set(kept)
            added = [a for a in articles if isinstance(a, Article) and a.id not in stored]
            for a in articles:  # the same content under a new name: only the path changes
                if a.id in stored and stored[a.id].path != a.path:
                    w.set_path(a.id, a.path)
            changed = apply(w, added, removed) if added or removed else set()
        # Which entities this commit changed, so a running bot reloads only those names.
        w.finish_generation(gen, changed)
        w.commit()
    except BaseException:
        rollback_quietly(w.rollback)  # SQLite may have rolled back already (a full disk): keep the cause
        raise


def ensure_index(path: Path) -> Path:
    """`ask`, `chat` and `run` build the index from seeds/ on first use, and migrate an older schema;
    anything at `path` that is not a factbot index is refused (NotOurs), never written over."""
    state = check_path(path)
    if state == "stale":
        # Made by another factbot version: re-read its own articles (not the seeds into someone's index).
        files = own_articles(path)
        if files and not is_pg(path) and not os.access(path.parent, os.W_OK):  # a database has no folder
            print(f"index {path} is in a read-only folder: served as it is", file=sys.stderr)
        elif files:
            _quiet_jieba()
            print(
                f"index made by another factbot version: re-reading its {len(files)} articles …",
                file=sys.stderr,
            )
            build_index(files, path)
        return path
    if state == "corrupt":
        # Rebuilt from its own articles, never from the seeds into someone else's index.
        files = own_articles(path)
        _quiet_jieba()
        if files:
            print(
                f"index {path} is damaged: moving it aside, rebuilding it from its {len(files)} articles …",
                file=sys.stderr,
            )
            build_index(files, path)
            return path
        moved = move_aside(path)
        if Path(os.path.abspath(path)) != Path(os.path.abspath(load_settings().index_path)):
            raise IndexCorrupt(
                f"index {path} is damaged and its articles cannot be listed; moved aside to {moved.name}: "
                f"run `ingest <your folders> --index {path}`"
            )
        print(f"index {path} is damaged: moved aside to {moved.name}", file=sys.stderr)
        state = "missing"
    if state != "ours":
        _quiet_jieba()
        why = {
            "missing": "building the index",
            "old": "index of an older schema: rebuilding it",
        }[state]
        print(f"{why} from {load_settings().seeds_dir} …", file=sys.stderr)
        build_index([load_settings().seeds_dir], path)
    return path


def _quiet_jieba() -> None:
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    except Exception:  # noqa: BLE001 - jieba is optional for the lookups that do not need it
        pass
