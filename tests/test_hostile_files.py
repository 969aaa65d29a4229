"""Hostile input, round 2 (issue 20): files and paths. Symbolic links out of the article folders, index
and corrections paths with URI characters, a corrections path at a stranger's file, odd HTML markup and
a Big5 page the encoding detector refuses at its default threshold. Every input is crafted here."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.errors import NotOurs
from bot.ingest import IngestReport, collect_files, read_all
from bot.read import html_to_text, read_article
from bot.read.files import read_regular_file
from bot.store import corrections as sc
from bot.store.db import article_paths, check_path, open_index
from tests.conftest import ROOT

ARTICLE = "王小川在2006年创立了百川科技。王小川毕业于清华大学计算机系。".encode()
SECRET = b"TELEGRAM_BOT_TOKEN=123456:secret-from-outside\n"


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    """An article folder with links inside it and out of it; a folder of secrets beside it."""
    arts, out = tmp_path / "articles", tmp_path / "outside"
    arts.mkdir()
    (out / "dir").mkdir(parents=True)
    (out / "token.txt").write_bytes(SECRET)
    (out / "dir" / "passwd.txt").write_bytes(SECRET)
    os.mkfifo(out / "fifo")
    (arts / "a.txt").write_bytes(ARTICLE)
    (arts / "sub").mkdir()
    os.symlink(out / "token.txt", arts / "notes.txt")  # a file outside
    os.symlink(out / "dir", arts / "more")  # a folder outside
    os.symlink(out / "fifo", arts / "pipe.txt")  # a special file
    os.symlink(tmp_path / "nowhere.txt", arts / "gone.txt")
    os.symlink(arts / "a.txt", arts / "sub" / "same.txt")  # inside: followed
    return arts, out


def test_symlinks_out_of_the_article_folder_are_skipped_with_their_reason(tmp_path):
    arts, out = _tree(tmp_path)
    report = IngestReport()
    files = collect_files([arts], report)
    assert sorted(f.relative_to(arts).as_posix() for f in files) == ["a.txt", "sub/same.txt"]
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert "outside the given folders" in reasons["notes.txt"]
    assert "outside the given folders" in reasons["more"]
    assert "outside the given folders" in reasons["pipe.txt"]
    assert "to nothing" in reasons["gone.txt"]
    articles = read_all(files, {}, report, None, 100_000)
    assert not any(b"secret" in a.text.encode() for a in articles)


def test_a_link_swapped_in_after_the_walk_is_not_followed(tmp_path):
    arts, out = _tree(tmp_path)
    report = IngestReport()
    files = collect_files([arts], report)
    (arts / "a.txt").unlink()
    os.symlink(out / "token.txt", arts / "a.txt")  # the race: a link where the walk saw a file
    read_all(files, {}, report, None, 100_000)
    assert any(Path(p).name == "a.txt" and "outside" in r for p, r in report.skipped)


def test_a_file_named_explicitly_is_read_even_through_a_link(tmp_path):
    arts, out = _tree(tmp_path)
    report = IngestReport()
    assert collect_files([arts / "notes.txt"], report) == [arts / "notes.txt"]
    assert read_regular_file(arts / "notes.txt", 1000)[0] == SECRET
    # A linked folder named on the command line is walked (its own files are inside it).
    assert [f.name for f in collect_files([arts / "more"], IngestReport())] == ["passwd.txt"]


def test_cli_ingest_never_indexes_a_secret_behind_a_link(tmp_path):
    arts, _ = _tree(tmp_path)
    index = tmp_path / "idx.sqlite"
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(arts), "--index", str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "notes.txt" in out.stdout and "outside the given folders" in out.stdout
    conn = sqlite3.connect(index)
    assert not conn.execute("SELECT count(*) FROM articles WHERE text LIKE '%secret%'").fetchone()[0]


@pytest.mark.parametrize("folder", ["team#2", "a?mode=rw", "100%25", "x%"])
def test_an_index_in_a_folder_with_uri_characters_is_ours(seed_index, tmp_path, folder):
    from bot.ingest import ensure_index
    from bot.store.articles import cached_articles
    from bot.store.index import Index

    path = tmp_path / folder / "idx.sqlite"
    path.parent.mkdir()
    shutil.copy(seed_index, path)
    assert check_path(path) == "ours"
    assert ensure_index(path) == path and path.exists()
    assert not list(path.parent.glob("*corrupt*"))  # never moved aside
    assert Index(path).articles() and article_paths(path) and cached_articles(path)
    open_index(path).close()


def _foreign(path: Path, app_id: int = 0) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    if app_id:
        conn.execute(f"PRAGMA application_id={app_id}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def _change() -> sc.Change:
    return sc.Change(0, "", 1, "u", 1, "alias", "k", "name", True, "alias", "alias")


@pytest.mark.parametrize("app_id", [0, 0x1234])
def test_corrections_path_at_another_applications_file_is_refused(tmp_path, app_id):
    path = tmp_path / "other.db"
    before = _foreign(path, app_id)
    with pytest.raises(NotOurs):
        sc.check_store(path)
    with pytest.raises(sc.StoreBroken, match="not touching it|another application"):
        sc.Store(path).add(_change())
    assert sc.Store(path).changes() == []
    assert path.read_bytes() == before  # nothing written into it


def test_corrections_path_at_a_factbot_index_is_refused(seed_index, tmp_path):
    path = tmp_path / "idx.sqlite"
    shutil.copy(seed_index, path)
    with pytest.raises(sc.StoreBroken):
        sc.Store(path).add(_change())
    assert "changes" not in {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}


def test_a_corrections_file_is_marked_as_ours_and_read_in_a_uri_folder(tmp_path):
    path = tmp_path / "a#b?c" / "fix.sqlite"
    assert sc.Store(path).add(_change()) == 1
    assert sc.check_store(path) is True
    assert [c.target for c in sc.Store(path).changes()] == ["k"]


def test_a_locked_corrections_file_is_waited_for_with_a_message(tmp_path, monkeypatch, capsys):
    path = tmp_path / "fix.sqlite"
    sc.Store(path).add(_change())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(float(sys.argv[2]))",
            str(path),
            "1.5",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    t0 = time.monotonic()
    assert len(sc.Store(path).changes()) == 1  # waited for, then read
    assert time.monotonic() - t0 >= 0.5
    assert "waiting for the corrections file" in capsys.readouterr().err
    holder.wait()


def test_a_corrections_file_locked_too_long_is_never_answered_without_them_silently(tmp_path, monkeypatch):
    path = tmp_path / "fix.sqlite"
    sc.Store(path).add(_change())
    monkeypatch.setattr(sc, "LOCK_WAIT_SECONDS", 1)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sc.CorrectionsLocked, match="without the team's corrections"):
            sc.Store(path).changes()
    finally:
        conn.execute("ROLLBACK")


@pytest.mark.parametrize(
    "odd",
    ["<![foo]>", "<![ 1 ]>", "<![foo", "<![if !IE]>", "<!foo bar>", "<!>", "<![CDATA[x]]>", "<!DOCTYPE"],
)
def test_odd_html_declarations_keep_the_text_around_them(odd):
    page = f"<html><body><p>前面的段落。</p>{odd}<p>后面的段落。</p><div>再一段</div></body></html>"
    text, _ = html_to_text(page, [])
    assert "前面的段落" in text and "后面的段落" in text


def test_a_big5_page_with_long_url_escape_lines_is_read(tmp_path):
    body = (
        "澳門特別行政區政府今日宣佈，新的經濟發展計劃將於明年正式啟動，涉及旅遊、會展及科技創新等多個領域。\n"
    )
    url = "http://example.com/news/" + "%EF%BF%BD" * 60 + "\n"
    (tmp_path / "macau.txt").write_bytes(((body + url) * 3).encode("big5"))
    art = read_article(tmp_path / "macau.txt")
    assert art.encoding == "big5" and "澳門特別行政區" in art.text
