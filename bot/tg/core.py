"""What the Telegram handlers share: the live index (swapped after a rebuild), admins, flood limits.

No `telegram` import here either: this is plain state the adapter drives.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections import OrderedDict, defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from bot.answer import Answer, answer_line
from bot.ingest import IngestReport, build_index_isolated
from bot.settings import PROJECT_ROOT, Settings
from bot.store.db import remove_stale_temps
from bot.store.index import Index, LiveIndex
from bot.store.pg import is_pg

UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm")
SEARCHES_KEPT = 4096


def safe_filename(name: str) -> str:
    """A document's name never becomes a path outside the uploads folder."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base).lstrip(".") or "article.txt"
    return base[:80]


@dataclass
class FloodGate:
    per_minute: int = 20
    hits: dict[int, deque] = field(default_factory=lambda: defaultdict(deque))
    warned: dict[int, float] = field(default_factory=dict)

    def allow(self, user_id: int, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        q = self.hits[user_id]
        while q and now - q[0] > 60:
            q.popleft()
        if len(q) >= self.per_minute:
            return False
        q.append(now)
        return True

    def should_warn(self, user_id: int, now: float | None = None) -> bool:
        """Tell a flooding user once a minute, not once per message."""
        now = time.monotonic() if now is None else now
        if now - self.warned.get(user_id, -1e9) > 60:
            self.warned[user_id] = now
            return True
        return False


def _flood_gate(index_path: Path, per_minute: int) -> FloodGate:
    """In memory for a file index (one process); in the database for PostgreSQL, shared by the replicas."""
    if is_pg(index_path):
        from bot.store.pg.limits import SharedFloodGate

        return SharedFloodGate(index_path, per_minute)  # type: ignore[return-value]  # the same two methods
    return FloodGate(per_minute)


class Core:
    def __init__(self, index_path: Path, settings: Settings) -> None:
        self.index_path = index_path
        self.settings = settings
        self._live = LiveIndex(index_path)
        self.flood = _flood_gate(index_path, settings.limit("flood_per_minute", 20))
        # A database has no folder: uploads go to var/ beside the project (each replica its own).
        self.uploads = (PROJECT_ROOT / "var" if is_pg(index_path) else index_path.parent) / "uploads"
        self._rebuild = threading.Lock()
        # The words of recent searches by key, for their page buttons (64 bytes hold a key, not the words).
        self.searches: OrderedDict[int, str] = OrderedDict()
        if is_pg(index_path):  # replicas: a button made by one is pressed through another
            from bot.store.pg.limits import SharedSearchWords

            self.searches = SharedSearchWords(index_path, SEARCHES_KEPT)  # type: ignore[assignment]
        remove_stale_temps(index_path.parent)  # left by a run killed with SIGKILL

    @property
    def index(self) -> Index:
        """The live index: a commit by any writer (an upload here, an `ingest` elsewhere) is seen on the
        next query, without /reload (`LiveIndex`)."""
        return self._live.get()

    @index.setter
    def index(self, value: Index) -> None:
        """A reloaded index (after a correction) replaces the live one."""
        self._live.replace(value)

    def remember_search(self, words: str) -> int:
        """A key for these search words that a page button carries (the same words, the same key); the
        last few thousand are kept, an older key (or one from before a restart) is a stale button."""
        key = int(hashlib.sha256(words.encode()).hexdigest()[:7], 16)
        if not isinstance(self.searches, OrderedDict):
            self.searches.remember(key, words)
            return key
        self.searches[key] = words
        self.searches.move_to_end(key)
        while len(self.searches) > SEARCHES_KEPT:
            self.searches.popitem(last=False)
        return key

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admins

    def answer(self, line: str, user_lang: str | None = None, lang: str | None = None) -> Answer:
        return answer_line(
            self.index,
            line,
            lang=lang,
            user_lang=user_lang,
            name_limit=self.settings.limit("name_chars", 64),
            search_limit=self.settings.limit("search_chars", 256),
        )

    def rebuild(self, extra: list[Path] | None = None) -> dict:
        """Re-read seeds/ and uploads/: new, changed and removed files are applied to the index in one
        transaction (unchanged ones cost a hash); queries keep answering meanwhile."""
        with self._rebuild:
            before = {e.name for e in self.index.entities.values()}
            paths = (
                [self.settings.seeds_dir] + ([self.uploads] if self.uploads.exists() else []) + (extra or [])
            )
            # Each file is read in a worker process; one that runs past the limit is stopped and skipped.
            report = self._update(paths)
            new_index = self.index  # refreshed by the property
            added = sorted({e.name for e in new_index.entities.values()} - before)
            return {
                "articles": report.articles,
                "entities": report.entities,
                "facts": report.facts,
                "new": added,
                "skipped": report.skipped,
            }

    def ingest_file(self, path: Path) -> dict:
        """One uploaded file into the index: one small transaction, no re-reading of the folders."""
        with self._rebuild:
            before = set(self.index.entities)
            report = self._update([path])
            now = self.index  # refreshed by the property
            added = sorted(now.entities[e].name for e in set(now.entities) - before)
            return {
                "articles": report.articles,
                "entities": report.entities,
                "facts": report.facts,
                "new": added,
                "skipped": report.skipped,
            }

    def _update(self, paths: list[Path]) -> IngestReport:
        """The update runs in a child process (bot/ingest: build_index_isolated): the bot's process never
        runs extraction or the relation rules, so no article can freeze it (issue 20)."""
        limit = self.settings.limit
        return build_index_isolated(
            paths, self.index_path, limit("upload_seconds", 60), limit("update_seconds", 600)
        )

    def save_upload(self, name: str, data: bytes) -> tuple[Path, bool]:
        """(path, created). Stored by content: `<sha256 prefix>-<sanitised name>`, created exclusively,
        so an upload never overwrites another; the same content again returns the stored file."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()[:12]
        for existing in sorted(self.uploads.glob(f"{digest}-*")):
            return existing, False
        safe = Path(safe_filename(name))
        if safe.suffix.lower() not in UPLOAD_SUFFIXES:
            safe = safe.with_suffix(".txt")
        target = self.uploads / f"{digest}-{safe.name}"
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return target, True

    def removable(self, article_id: str) -> tuple[Path | None, str]:
        """(the upload holding this article, its title); None when the id is unknown or not an upload."""
        for row in self.index.articles():
            if row["id"] == article_id:
                path = Path(row["source"])
                inside = path.parent.resolve() == self.uploads.resolve() if path.exists() else False
                return (path if inside else None), row["title"] or row["id"]
        return None, ""

    def remove_article(self, article_id: str) -> dict | None:
        """An admin's explicit removal of an uploaded article: its file goes, the index is rebuilt."""
        path, _ = self.removable(article_id)
        if path is None:
            return None
        path.unlink(missing_ok=True)
        return self.rebuild()
