"""Hostile input, round 2 (issue 20): damaged and odd index states end in one clear line, never a traceback,
and a damaged index is rebuilt from its own articles (never from the seeds into someone else's index).
Every index here is made from articles written by the test."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import IndexCorrupt, IndexUnwritable
from bot.ingest import build_index, ensure_index
from bot.store.db import check_path
from tests.conftest import ROOT

ARTICLES = {
    "a.txt": "王小川在2006年创立了百川科技。王小川毕业于清华大学计算机系。",
    "b.txt": "李明远是星河数据的创始人。李明远表示，星河数据将继续投入研发。",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A two-article index (its articles beside it)."""
    root = tmp_path_factory.mktemp("small")
    (root / "arts").mkdir()
    for name, text in ARTICLES.items():
        (root / "arts" / name).write_text(text, encoding="utf-8")
    build_index([root / "arts"], root / "idx.sqlite")
    return root / "idx.sqlite"


def _copy(small: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "idx.sqlite"
    shutil.copy(small, path)
    return path


def _bot(*args: str | bytes, check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, timeout=300, check=check
    )


def _damage_pages(path: Path, tables: tuple[str, ...]) -> None:
    """Random bytes over the root pages of `tables`, the header and the articles left intact."""
    conn = sqlite3.connect(path)
    names = ",".join(f"'{t}'" for t in tables)
    roots = [r for (r,) in conn.execute(f"SELECT rootpage FROM sqlite_master WHERE name IN ({names})")]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        for page in roots:
            fh.seek((page - 1) * size)
            fh.write(os.urandom(size))


def _answers(path: Path) -> str:
    out = _bot("ask", "/who 王小川", "--index", str(path))
    err = out.stderr.decode()
    assert "Traceback" not in err, err
    assert out.returncode == 0, err
    return out.stdout.decode() + err


def test_damaged_pages_are_found_moved_aside_and_rebuilt_from_its_own_articles(small, tmp_path):
    path = _copy(small, tmp_path / "team")
    _damage_pages(path, ("profile", "mentions", "facts"))
    assert check_path(path) == "corrupt"  # quick_check, not only the schema
    text = _answers(path)
    assert "damaged" in text and "清华大学" in text
    assert list(path.parent.glob("idx.sqlite.corrupt-*"))  # kept for inspection
    conn = sqlite3.connect(path)
    assert sorted(Path(p).name for (p,) in conn.execute("SELECT path FROM articles")) == ["a.txt", "b.txt"]


def test_a_wal_from_another_database_is_found(small, tmp_path):
    path = _copy(small, tmp_path / "w")
    sqlite3.connect(path).execute("VACUUM")  # the same rows on other pages
    other = _copy(small, tmp_path / "other")
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("UPDATE articles SET title = title || 'x'")
    conn.execute("DELETE FROM sentences")
    conn.commit()
    shutil.copy(str(other) + "-wal", str(path) + "-wal")  # its frames now overlay our pages
    conn.close()
    assert check_path(path) == "corrupt"
    assert "清华大学" in _answers(path)


def test_garbage_in_the_wal_and_shm_never_ends_in_a_traceback(small, tmp_path):
    path = _copy(small, tmp_path / "g")
    Path(str(path) + "-wal").write_bytes(os.urandom(40_000))
    Path(str(path) + "-shm").write_bytes(os.urandom(32_768))
    assert "清华大学" in _answers(path)


def test_a_damaged_index_whose_articles_cannot_be_listed_is_never_filled_from_the_seeds(small, tmp_path):
    path = _copy(small, tmp_path / "x")
    _damage_pages(path, ("articles", "meta", "entities"))
    with pytest.raises(IndexCorrupt, match="ingest <your folders>"):
        ensure_index(path)
    assert not path.exists() and list(path.parent.glob("idx.sqlite.corrupt-*"))


def test_a_lock_file_that_is_a_directory_is_one_line(small, tmp_path):
    path = _copy(small, tmp_path / "l")
    Path(str(path) + ".lock").mkdir()
    out = _bot("ingest", str(ROOT / "seeds"), "--index", str(path))
    err = out.stderr.decode()
    assert out.returncode == 3 and "is a directory" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def _unshare(script: str) -> subprocess.CompletedProcess:
    """Run `script` in a private mount namespace (its mounts vanish with it)."""
    if not shutil.which("unshare"):
        pytest.skip("no unshare(1)")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here")
    return subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, timeout=300)


def test_an_index_on_a_read_only_folder_is_served_and_refused_for_writing_in_one_line(small, tmp_path):
    path = _copy(small, tmp_path / "ro")
    folder = path.parent
    py = sys.executable
    out = _unshare(
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} || exit 77;"
        f" {py} -m bot ask '/who 王小川' --index {path}; echo rc=$?;"
        f" {py} -m bot ingest {small.parent / 'arts'} --index {path}; echo rc=$?"
    )
    if out.returncode == 77:
        pytest.skip("read-only bind mounts are not allowed here")
    stdout, err = out.stdout.decode(), out.stderr.decode()
    assert "清华大学" in stdout and "rc=0" in stdout
    assert "rc=1" in stdout and "Traceback" not in err
    assert [line for line in err.splitlines() if "cannot write the index" in line]
    assert "Read-only file system" in err


def test_a_full_disk_during_ingest_is_one_line_with_its_cause(small, tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    out = _unshare(
        f"mount -t tmpfs -o size=96k tmpfs {folder} || exit 77;"
        f" {sys.executable} -m bot ingest {small.parent / 'arts'} --index {folder / 'i.sqlite'}; echo rc=$?;"
        f" ls -a {folder}"
    )
    if out.returncode == 77:
        pytest.skip("tmpfs mounts are not allowed here")
    stdout, err = out.stdout.decode(), out.stderr.decode()
    assert "rc=1" in stdout and "Traceback" not in err
    assert "database or disk is full" in err and "cannot rollback" not in err
    assert ".build" not in stdout  # no half-built side file keeps the disk full


def test_a_full_disk_during_an_update_is_not_masked_by_the_rollback(small, tmp_path, monkeypatch):
    from bot.store.writer import Writer

    path = _copy(small, tmp_path / "u")
    before = path.read_bytes()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "c.txt").write_text("赵晓东创立了云帆科技。", encoding="utf-8")

    def full(self, art) -> None:
        self.conn.execute("ROLLBACK")  # what SQLite does by itself on SQLITE_FULL
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorname = "SQLITE_FULL"
        raise exc

    monkeypatch.setattr(Writer, "insert_article", full)
    with pytest.raises(IndexUnwritable, match="database or disk is full"):
        build_index([tmp_path / "new"], path)
    assert path.read_bytes() == before


def test_a_gbk_terminal_argument_is_decoded(small, tmp_path):
    path = _copy(small, tmp_path / "gbk")
    out = _bot(b"ask", "/who 王小川".encode("gbk"), b"--index", str(path).encode())
    assert out.returncode == 0, out.stderr.decode()
    assert "清华大学" in out.stdout.decode()


def test_an_index_path_with_a_newline_is_one_summary_line(small, tmp_path):
    arts = small.parent / "arts"
    path = tmp_path / "a\nb" / "idx.sqlite"
    path.parent.mkdir()
    out = _bot("ingest", str(arts), "--index", str(path))
    assert out.returncode == 0, out.stderr.decode()
    lines = out.stdout.decode().splitlines()
    assert lines[0].startswith("indexed ") and lines[0].endswith("a\\x0ab/idx.sqlite"), lines
    assert all(line.startswith(("indexed ", "  ")) for line in lines), lines
