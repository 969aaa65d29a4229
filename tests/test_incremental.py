"""The index as a living database (issue 12): increments equal a rebuild, one transaction per update."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.ingest import build_index
from bot.store.index import Index
from tests.conftest import ROOT, SEEDS


def content(path: Path) -> dict:
    """The index's content keyed by names, fact texts and profile values, never by row ids."""
    conn = sqlite3.connect(path)
    names = dict(conn.execute("SELECT id, name FROM entities"))
    facts = dict(conn.execute("SELECT id, canon FROM facts"))
    out: dict = {
        "articles": sorted(conn.execute("SELECT id, path, title FROM articles")),
        "entities": sorted(
            conn.execute("SELECT name, kind, mentions, traditional, aliases_json FROM entities")
        ),
        "aliases": sorted(
            (names[e], a, t, k, p)
            for e, a, t, k, p in conn.execute("SELECT entity_id, alias, type, key, pinyin FROM aliases")
        ),
        "mentions": sorted((names[e], a, i) for e, a, i in conn.execute("SELECT * FROM mentions")),
        "facts": sorted(conn.execute("SELECT text, canon, type, year, date, key FROM facts")),
        "sources": sorted((facts[f], a, i) for f, a, i in conn.execute("SELECT * FROM fact_sources")),
        "fact_entities": sorted(
            (facts[f], names[e], x, round(s, 6)) for f, e, x, s in conn.execute("SELECT * FROM fact_entities")
        ),
        "profile": sorted(
            (
                names[e],
                field,
                value,
                names.get(linked, "") if linked is not None else "",
                tuple(sorted(facts[int(i)] for i in json.loads(src)["facts"])),
                tuple(json.loads(src)["articles"]),
                o,
                parts,
            )
            for e, field, value, src, o, linked, parts in conn.execute("SELECT * FROM profile")
        ),
        "fts": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
    }
    conn.close()
    return out


def assert_same(a: dict, b: dict) -> None:
    for k in a:
        assert a[k] == b[k], k


def ids_of(path: Path) -> tuple[list, list]:
    """Entity ids by name and kind, fact ids by key: derived from them, so increments and rebuilds agree."""
    conn = sqlite3.connect(path)
    out = (
        sorted(conn.execute("SELECT name, kind, id FROM entities")),
        sorted(conn.execute("SELECT key, id FROM facts")),
    )
    conn.close()
    return out


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> list[Path]:
    return sorted(SEEDS.iterdir())


def test_increments_equal_a_rebuild(tmp_path, seed_files):
    src = tmp_path / "arts"
    src.mkdir()
    inc = tmp_path / "inc.sqlite"
    for p in seed_files:  # one article at a time, each its own update
        shutil.copy(p, src / p.name)
        build_index([src], inc)
    full = tmp_path / "full.sqlite"
    build_index([src], full)
    assert_same(content(full), content(inc))
    assert ids_of(full) == ids_of(inc)
    # Removing an article and changing another, as increments and as a rebuild.
    (src / seed_files[1].name).unlink()
    (src / seed_files[3].name).write_text(
        seed_files[3].read_text(encoding="utf-8") + "\n韩立峰是太极科技的创始人。", encoding="utf-8"
    )
    build_index([src], inc)
    build_index([src], full, rebuild=True)
    assert_same(content(full), content(inc))
    assert ids_of(full) == ids_of(inc)
    assert len(Index(inc).articles()) == len(seed_files) - 1


def _article(name: str, org: str) -> str:
    return (
        f"{org}的故事\n2015年3月，{name}在深圳创立了{org}，{name}担任{org}董事长。"
        f"{name}表示，{org}会坚持研发芯片。2019年，{org}推出第一款产品。"
    )


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, **kw
    )


def test_two_concurrent_ingests_both_land(seed_index, tmp_path):
    index = tmp_path / "i.sqlite"
    shutil.copy(seed_index, index)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "a.txt").write_text(_article("韩立峰", "太极科技"), encoding="utf-8")
    (b / "b.txt").write_text(_article("宋远桥", "武当电子"), encoding="utf-8")
    cmds = [
        [sys.executable, "-m", "bot", "ingest", str(SEEDS), str(d), "--index", str(index)] for d in (a, b)
    ]
    procs = [
        subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in cmds
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    conn = sqlite3.connect(index)
    paths = {r[0] for r in conn.execute("SELECT path FROM articles")}
    assert str(a / "a.txt") in paths and str(b / "b.txt") in paths
    fresh = Index(index)
    assert answer_line(fresh, "/company 太极科技").status == "found"
    assert answer_line(fresh, "/company 武当电子").status == "found"


def test_a_second_writer_waits_and_says_so(tmp_path):
    from bot.store.db import writer_lock

    said: list[str] = []
    index = tmp_path / "i.sqlite"
    with writer_lock(index):
        t = threading.Thread(target=lambda: writer_lock(index, said.append).__enter__())
        t.start()
        t.join(0.5)
        assert t.is_alive() and said and "等待" in said[0]
    t.join(5)
    assert not t.is_alive()


@pytest.mark.parametrize("command", ["ingest", "ask", "run"])
@pytest.mark.parametrize("what", ["other-sqlite", "directory", "unreadable"])
def test_refuses_what_is_not_a_factbot_index(tmp_path, command, what):
    target = tmp_path / "target"
    if what == "other-sqlite":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE meta (key, value)")  # even a table named like ours
        conn.execute("CREATE TABLE notes (body)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
        conn.commit()
        conn.close()
    elif what == "directory":
        target.mkdir()
        (target / "keep.txt").write_text("mine")
    elif os.geteuid() == 0:
        os.mkfifo(target)  # root reads any file: a file no one can read is a pipe here
    else:
        target.write_bytes(b"secret")
        target.chmod(0)
    before = sorted(p.name for p in tmp_path.rglob("*")), target.read_bytes() if target.is_file() else b""
    args = {"ingest": ["ingest", str(SEEDS)], "ask": ["ask", "/who 张楠赓"], "run": ["run"]}[command]
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    r = _cli(*args, "--index", str(target), env=env, timeout=60)
    assert r.returncode != 0
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not a factbot index" in lines[0] or "another application" in lines[0], (
        r.stderr
    )
    after = sorted(p.name for p in tmp_path.rglob("*")), target.read_bytes() if target.is_file() else b""
    assert after == before


def test_older_schema_is_rebuilt_with_a_message(seed_index, tmp_path):
    index = tmp_path / "i.sqlite"
    shutil.copy(seed_index, index)
    conn = sqlite3.connect(index)
    conn.execute("UPDATE meta SET value='2' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    r = _cli("ask", "--index", str(index), "/who 张楠赓")
    assert r.returncode == 0 and "older schema" in r.stderr and "张楠赓" in r.stdout


def test_corrupt_index_is_moved_aside(seed_index, tmp_path):
    index = tmp_path / "i.sqlite"
    data = bytearray(seed_index.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first is garbage
    index.write_bytes(bytes(data))
    report = build_index([SEEDS], index)
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == bytes(data)
    assert report.articles == 5 and any("corrupt" in n for _, n in report.notes)


def test_kill_9_during_an_incremental_update(seed_index, tmp_path):
    """Killed at different moments of an update: the index is always the one before or the one after."""
    index = tmp_path / "i.sqlite"
    shutil.copy(seed_index, index)
    new = tmp_path / "new"
    new.mkdir()
    for i in range(6):
        (new / f"{i}.txt").write_text(
            _article(f"韩立{'峰岳山川海河'[i]}", f"太极{'一二三四五六'[i]}号科技"), encoding="utf-8"
        )
    before = content(index)
    outcomes = set()
    for delay in (0.8, 1.6, 2.4, 3.2, 4.0, 6.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", str(SEEDS), str(new), "--index", str(index)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = content(index)
        assert sqlite3.connect(index).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if now == before:
            outcomes.add("before")
        else:
            assert len(now["articles"]) == len(before["articles"]) + 6
            outcomes.add("after")
            break
    assert outcomes


def test_search_takes_user_text_literally(index):
    for q in ("%", "_", '"', "芯片 OR", "NEAR(a b)", "*", "a:b", "100%", "AI芯片"):
        ans = answer_line(index, f"/search {q}")  # never an FTS5 syntax error, never a wildcard
        assert ans.status in ("list", "not_found"), q
    for q in ("%", "_", "100%"):
        assert all(q in h["canon"] for h in answer_line(index, f"/search {q}").hits), q


def test_search_ranks_and_highlights(index):
    from bot.render import render

    ans = answer_line(index, "/search 阿瓦隆")
    assert ans.hits and "阿瓦隆" in ans.hits[0]["canon"]
    assert "<b>阿瓦隆</b>" in render(ans, "html")


def test_mentioned_answer(ask):
    a = ask("/company 蝴蝶实验室")
    assert a["status"] == "mentioned" and a["entity"] is None
    assert a["facts"] and all("蝴蝶实验室" in f["text"] and f["source"] for f in a["facts"])
    assert "还不是已知" in a["text"]
    assert ask("/who 楠赓")["status"] != "mentioned"  # inside 张楠赓, not a word of its own
    assert ask("/who 欧阳某某")["status"] == "not_found"


def test_a_latin_name_with_a_space_is_mentioned_as_written(ask):
    a = ask("/company Old money")  # seed 004: 被“Old money”接纳 — the space belongs to the name
    assert a["status"] == "mentioned" and any("Old money" in f["text"] for f in a["facts"])


def test_a_reader_sees_each_commit_and_patches_only_what_changed(tmp_path, seed_files):
    src = tmp_path / "arts"
    src.mkdir()
    for p in seed_files[:3]:
        shutil.copy(p, src / p.name)
    idx = tmp_path / "i.sqlite"
    build_index([src], idx)
    reader = Index(idx)
    reader.grams()
    assert not reader.refresh()  # nothing committed since: one PRAGMA, no reload

    def names(i: Index) -> tuple:
        ents = {
            e.id: (e.name, e.kind, e.mentions, e.traditional, sorted(e.aliases)) for e in i.entities.values()
        }
        keys = sorted((k, p, e) for k, p, e in i.keys if e != -1)
        by_key = {k: v for k, v in i.by_key.items() if v}
        return ents, keys, by_key

    (src / "new.txt").write_text(_article("韩立峰", "太极科技"), encoding="utf-8")
    build_index([src / "new.txt"], idx)  # one file: the others are not read again
    assert reader.refresh()
    assert names(reader) == names(Index(idx))
    assert answer_line(reader, "/company 太极科技").status == "found"
    assert answer_line(reader, "/who 韩立峰").status == "found"
    (src / "new.txt").unlink()
    build_index([src], idx)
    assert reader.refresh() and names(reader) == names(Index(idx))
    assert answer_line(reader, "/company 太极科技").status != "found"


def test_a_name_only_in_a_title_is_mentioned_with_the_title(tmp_path):
    """A nickname only the headline uses (矿机教父的二次创业) is not a bare 没有找到: the title is cited."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.render import to_json
    from bot.store.index import Index

    seed = Path(__file__).resolve().parent.parent / "seeds" / "001_c956362e3014444e.txt"
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: 矿机教父的二次创业\n---\n" + seed.read_text(encoding="utf-8"))
    build_index([folder], tmp_path / "i.db")
    a = to_json(answer_line(Index(tmp_path / "i.db"), "/who 矿机教父"))
    assert a["status"] == "mentioned" and "矿机教父的二次创业" in a["facts"][0]["text"]
    assert a["facts"][0]["source"]
    assert to_json(answer_line(Index(tmp_path / "i.db"), "/who 矿机大王"))["status"] == "not_found"


def test_an_index_made_by_other_code_is_rebuilt_from_its_own_articles(tmp_path):
    """After an upgrade, cards of the old extraction never stay: the index re-reads its own files (not
    the seeds into someone else's index) on the next ask, and an ingest re-extracts everything."""
    from bot.ingest import build_index, ensure_index
    from bot.store.db import check_path, pipeline_fingerprint

    seed = Path(__file__).resolve().parent.parent / "seeds" / "001_c956362e3014444e.txt"
    folder = tmp_path / "arts"
    folder.mkdir()
    shutil.copy(seed, folder / "a.txt")
    path = tmp_path / "i.db"
    build_index([folder], path)
    assert check_path(path) == "ours"

    def made_by_older_code() -> None:
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value='older' WHERE key='pipeline'")
        conn.execute("DELETE FROM profile")  # what the older extraction had (here: nothing)
        conn.commit()
        conn.close()

    def state() -> tuple[str, int, int]:
        conn = sqlite3.connect(path)
        try:
            return (
                conn.execute("SELECT value FROM meta WHERE key='pipeline'").fetchone()[0],
                conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                conn.execute("SELECT count(*) FROM profile").fetchone()[0],
            )
        finally:
            conn.close()

    made_by_older_code()
    assert check_path(path) == "stale"
    ensure_index(path)
    made, articles, profile = state()
    assert made == pipeline_fingerprint() and articles == 1 and profile > 0

    made_by_older_code()
    build_index([folder], path)  # an ingest of the same, unchanged files re-extracts them too
    made, articles, profile = state()
    assert made == pipeline_fingerprint() and articles == 1 and profile > 0


def test_rebuild_of_a_folder_holding_a_copy_of_an_indexed_article(tmp_path):
    """Issue 19, item 3: the same content through two paths is one article, said in the summary; the
    rebuild does not crash (it did: UNIQUE constraint failed: articles.id)."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    seeds = sorted(SEEDS.iterdir())[:2]
    for p in seeds:
        shutil.copy(p, a / p.name)
    shutil.copy(seeds[0], b / "copy.txt")
    index = tmp_path / "i.sqlite"
    build_index([a], index)
    report = build_index([b], index, rebuild=True)
    assert report.articles == 2
    assert any("same content as" in note and "copy.txt" in note for _, note in report.notes)
    paths = {r["source"] for r in Index(index).articles()}
    assert str(b / "copy.txt") in paths and str(a / seeds[0].name) not in paths
    r = _cli("ingest", "--rebuild", str(a), "--index", str(index))
    assert r.returncode == 0 and "Traceback" not in r.stderr and "one article" in r.stdout


def _main(capsys, *args: str) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` run in this process (`bot.cli.main`, what `__main__` calls): the same exit code
    and output, without a new interpreter loading the dictionaries again (~2 s of CPU each)."""
    from bot import cli

    capsys.readouterr()
    code = cli.main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def test_ingest_tells_what_changed(tmp_path, capsys):
    """Issue 19, item 8: counts of new / changed / removed / unchanged / skipped, only the files that
    changed or were skipped listed, singular and plural right; a missing path is a one-line error."""
    src = tmp_path / "arts"
    src.mkdir()
    (src / "a.txt").write_text(_article("韩立峰", "太极科技"), encoding="utf-8")
    index = tmp_path / "out" / "i.sqlite"
    r = _main(capsys, "ingest", str(src), "--index", str(index))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("indexed 1 article (1 new), ") and " entitys" not in lines[0], lines
    assert lines[1].startswith("  new     ") and lines[1].endswith("太极科技的故事") and len(lines) == 2
    (src / "b.txt").write_text(_article("宋远桥", "武当电子"), encoding="utf-8")
    (src / "c.txt").write_text(_article("俞莲舟", "峨眉软件"), encoding="utf-8")
    (src / "a.txt").write_text(
        _article("韩立峰", "太极科技") + "2020年，太极科技在深圳上市。", encoding="utf-8"
    )
    (src / "notes.bin").write_bytes(b"\x00\x01")
    r = _main(capsys, "ingest", str(src), "--index", str(index))
    lines = r.stdout.splitlines()
    assert lines[0].startswith("indexed 3 articles (2 new, 1 changed, 1 skipped), "), lines
    assert [x.split()[0] for x in lines[1:]] == ["new", "new", "changed", "skipped"], lines
    (src / "b.txt").unlink()
    r = _main(capsys, "ingest", str(src), "--index", str(index))
    lines = r.stdout.splitlines()
    assert lines[0].startswith("indexed 2 articles (1 removed, 2 unchanged, 1 skipped), "), lines
    assert [x.split()[0] for x in lines[1:]] == ["removed", "skipped"], lines
    # A path that is not there: one line on stderr, a non-zero exit, and no file left behind.
    fresh = tmp_path / "fresh"
    r = _main(capsys, "ingest", str(tmp_path / "nowhere"), "--index", str(fresh / "i.sqlite"))
    assert r.returncode != 0 and r.stdout == "" and r.stderr.count("\n") == 1 and "nowhere" in r.stderr
    assert not fresh.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "e.txt").write_bytes(b"")
    r = _main(capsys, "ingest", str(empty), "--index", str(tmp_path / "e.sqlite"))
    assert r.returncode != 0 and "('" not in r.stderr  # a sentence, not a Python tuple
