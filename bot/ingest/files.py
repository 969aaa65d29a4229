"""Which files to read, and reading them: cached articles by content hash, the rest in worker processes."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ReadError
from bot.model import Article, FileFailure, StoredArticle
from bot.pool import FILE_SECONDS, RUNNER, run_pool, workers
from bot.read import SUFFIXES, read_regular_file
from bot.settings import load_settings

from .worker import process_file, warm

_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


@dataclass
class IngestReport:
    read: list[tuple[str, str]] = field(default_factory=list)  # (path, title)
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)
    entities: int = 0
    facts: int = 0
    articles: int = 0
    roots: list[str] = field(default_factory=list)  # the named folders, resolved: nothing outside is read
    named: set[str] = field(default_factory=set)  # files named on the command line (read even via a link)


def shown(text: str) -> str:
    """A file name or title as one printable line: control characters (a newline could forge a summary
    line), invisible format characters and undecodable bytes (surrogates from os.fsdecode) escaped."""
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Cf", "Zl", "Zp"):
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
                out.append(f"\\x{code - 0xDC00:02x}")
            else:
                out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def collect_files(paths: list[Path], report: IngestReport) -> list[Path]:
    """Article files under the given paths; a folder that links back to itself is visited once.

    Nothing outside the named folders is read: a symbolic link (to a file or a folder) inside them that
    leads outside them, to a special file or nowhere is skipped with its reason. A file named on the
    command line is read even through a link (the caller chose it). Paths are returned as they are (to be
    opened); in the report they are `shown` escaped.
    """
    out: list[Path] = []
    seen: set[str] = set()
    report.roots = [os.path.realpath(p) for p in paths if p.is_dir()]
    for p in paths:
        if p.is_dir():
            out += _walk(p, seen, report)
        elif p.exists():
            report.named.add(str(p))
            out.append(p)
        else:
            report.skipped.append((shown(str(p)), "no such file or folder"))
    return out


def inside(real: str, roots: list[str]) -> bool:
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def link_problem(path: str, roots: list[str]) -> str | None:
    """Why a symbolic link found in a folder walk is not followed (None: it is not a link, or stays inside)."""
    if not os.path.islink(path):
        return None
    real = os.path.realpath(path)
    if not os.path.exists(real):
        return "symbolic link to nothing (skipped)"
    if not inside(real, roots):
        return "symbolic link leading outside the given folders (skipped)"
    mode = os.stat(real).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "symbolic link to a special file (skipped)"
    return None


def _walk(top: Path, seen: set[str], report: IngestReport) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(top, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            report.skipped.append((shown(root), "folder already visited (link loop)"))
            dirs[:] = []
            continue
        seen.add(real)
        kept = []
        for d in sorted(dirs):
            why = link_problem(os.path.join(root, d), report.roots)
            if why:
                report.skipped.append((shown(os.path.join(root, d)), why))
            else:
                kept.append(d)
        dirs[:] = kept
        for f in sorted(files):
            fp = Path(root) / f
            if fp.suffix.lower() in SUFFIXES:
                why = link_problem(str(fp), report.roots)
                if why:
                    report.skipped.append((shown(str(fp)), why))
                else:
                    out.append(fp)
            elif not f.startswith("."):
                suffix = shown(fp.suffix) or "no suffix"
                report.skipped.append((shown(str(fp)), f"not an article file ({suffix})"))
    return out


Known = Article | StoredArticle  # an article the index (or an older index) already has


def read_all(
    files: list[Path],
    cache: dict[str, Known],
    report: IngestReport,
    progress: Callable | None,
    max_bytes: int,
) -> list[Known]:
    """Read each file once (regular files only), reuse cached articles by content hash, and process the
    rest in worker processes, one file each, each within the per-file time limit (`bot.pool`)."""
    todo: list[tuple[str, int, bytes]] = []
    results: list[Known | FileFailure] = []
    # Results come back in completion order; the merge gets them in the files' order, so the index does
    # not depend on which worker (or cluster node) finished first (an entity's aliases were in that order).
    rank = {str(fp): i for i, fp in enumerate(files)}
    ranks: list[int] = []
    for fp in files:
        try:
            within = None if str(fp) in report.named else report.roots
            data, _ = read_regular_file(fp, max_bytes, within)
        except ReadError as exc:
            report.skipped.append((shown(str(fp)), str(exc)))
            continue
        sha = hashlib.sha256(data[:max_bytes]).hexdigest()
        if sha in cache:
            art = dataclasses.replace(cache[sha], path=shown(str(fp)))
            results.append(art)
            ranks.append(rank[str(fp)])
            report.reused += 1
            if progress:
                progress(art.path)
        else:
            todo.append((str(fp), max_bytes, data))
    if todo and RUNNER.get() is None:  # on a cluster the workers load their own (`ingest.cluster`)
        warm(len(todo))
    seconds = FILE_SECONDS.get()
    if seconds is None:
        seconds = load_settings().limit("file_seconds", 300)

    def done(res: Article | FileFailure) -> None:
        ranks.append(rank.get(res.path, len(rank)))
        if isinstance(res, Article):
            # One line: line breaks become spaces (an ideographic space in a headline stays as it is).
            res = dataclasses.replace(
                res, path=shown(res.path), title=shown(_LINE_BREAKS.sub(" ", str(res.title)))
            )
        else:
            res = dataclasses.replace(res, path=shown(res.path))
        results.append(res)
        if progress:
            progress(res.path)

    # Always in worker processes, even for one file: a hostile file then costs only its own worker
    # (killed at the time limit), and the caller's process (the bot's event loop) stays responsive.
    run_pool(process_file, todo, workers(), seconds or None, done)
    in_order = [res for _, res in sorted(zip(ranks, results, strict=True), key=lambda x: x[0])]
    return _keep_good(in_order, report)


def _keep_good(results: list[Known | FileFailure], report: IngestReport) -> list[Known]:
    good: list[Known] = []
    seen: dict[str, str] = {}
    for res in results:
        if isinstance(res, FileFailure):
            report.skipped.append((res.path, res.error))
            continue
        if res.id in seen:
            report.skipped.append((res.path, f"same content as {seen[res.id]}"))
            continue
        seen[res.id] = res.path
        for note in getattr(res, "notes", ()):
            report.notes.append((res.path, note))
        good.append(res)
        report.read.append((res.path, res.title))
    return good
