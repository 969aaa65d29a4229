"""All per-article work runs where a runaway costs only its file (issue 20): the relation rules are
rehearsed in the file's worker, within its time limit, and the bot runs whole updates in a child process,
so neither an ingest nor the bot freezes on one article. The runaway is a rule made to hang on a marker
(it stands for any pattern the linear-time guards have not met yet)."""

from __future__ import annotations

import ctypes
import multiprocessing.forkserver
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from bot.ingest import build_index, build_index_isolated
from bot.pool import TooSlow, run_isolated, time_limit
from bot.relations import profile
from bot.relations.sentence import Rule
from bot.store.index import Index
from tests.conftest import ADMIN, ROOT, wait

MARK = "慢吞吞"
GOOD = "王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川毕业于清华大学计算机系。"
SLOW = f"李明远是星河数据的创始人。李明远表示，星河数据{MARK}地推进研发。"


def _hang(b, s) -> None:
    if MARK in s.f.canon:
        time.sleep(120)


@pytest.fixture
def hanging_rule(monkeypatch):
    # Patched before the workers fork, so they run it too.
    monkeypatch.setattr(profile, "RULES", (*profile.RULES, Rule("hang", ("related",), _hang)))


def test_a_relation_rule_that_runs_away_costs_only_its_file(tmp_path, hanging_rule):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "good.txt").write_text(GOOD, encoding="utf-8")
    (arts / "slow.txt").write_text(SLOW, encoding="utf-8")
    t0 = time.monotonic()
    with time_limit(3):
        report = build_index([arts], tmp_path / "idx.sqlite")
    assert time.monotonic() - t0 < 60  # before: the update itself ran the rule, 120 s a sentence
    assert [(p.rsplit("/", 1)[-1], why) for p, why in report.skipped] == [
        ("slow.txt", "too slow (over 3 s), stopped")
    ]
    index = Index(tmp_path / "idx.sqlite")
    assert {e.name for e in index.entities.values()} >= {"王小川", "百川科技"}
    assert "李明远" not in {e.name for e in index.entities.values()}


# Another article brings the name 星河数据; the crafted one writes it once beside its own person, where its
# own extraction finds no name: only the corpus's names put two entities in the sentence.
NAMES = "星河数据（下称“星河”）由李明远在2015年创立。李明远担任星河数据董事长。星河数据总部位于杭州。"
CRAFTED = f"王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川说，星河数据{MARK}地推进研发。"


def _hang_with_foreign_names(b, s) -> None:
    if MARK in s.f.canon and len(s.f.entities) >= 2:
        time.sleep(120)


def test_a_rule_that_runs_away_with_another_articles_names_costs_only_its_file(tmp_path, monkeypatch):
    from bot.ingest.worker import process_file

    monkeypatch.setattr(
        profile, "RULES", (*profile.RULES, Rule("hang", ("related",), _hang_with_foreign_names))
    )
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "names.txt").write_text(NAMES, encoding="utf-8")
    (arts / "crafted.txt").write_text(CRAFTED, encoding="utf-8")
    # The worker's own rehearsal cannot see it: the crafted article alone names one entity there.
    alone = process_file(str(arts / "crafted.txt"), 1_000_000)
    assert set(alone.extracted) == {"王小川", "百川科技"}
    t0 = time.monotonic()
    with time_limit(3):
        report = build_index([arts], tmp_path / "idx.sqlite")
    assert time.monotonic() - t0 < 60  # before: the update ran the rule in the ingesting process, 120 s
    assert not report.skipped
    assert [(p.rsplit("/", 1)[-1], why) for p, why in report.notes] == [
        ("crafted.txt", "relation rules too slow (over 3 s), stopped with the corpus's names: facts left out")
    ]
    index = Index(tmp_path / "idx.sqlite")
    names = {e.name: e.id for e in index.entities.values()}
    assert {"王小川", "百川科技", "李明远", "星河数据"} <= set(names)
    # The other article's facts are there; the crafted one's are left out, the article itself is indexed.
    with sqlite3.connect(tmp_path / "idx.sqlite") as db:
        paths = dict(db.execute("SELECT id, path FROM articles"))
        per = dict(db.execute("SELECT article_id, count(*) FROM raw_facts GROUP BY article_id"))
    by_name = {p.rsplit("/", 1)[-1]: per.get(aid, 0) for aid, p in paths.items()}
    assert by_name["names.txt"] >= 2 and by_name["crafted.txt"] == 0, by_name


def test_run_isolated_returns_raises_and_stops():
    assert run_isolated(divmod, (7, 2), 10) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        run_isolated(divmod, (1, 0), 10)
    t0 = time.monotonic()
    with pytest.raises(TooSlow, match="over 1 s"):
        run_isolated(time.sleep, (60,), 1)
    assert time.monotonic() - t0 < 10


def long_article(lines: int = 25_000) -> bytes:
    """An invented article of ~2.4 MB (under the 5 MB upload limit) that takes ~50 s of CPU to read here:
    a real input slower than any limit a test sets, where a patch of this process could not reach."""
    return "\n".join(
        f"第{i}家公司由创始人张{chr(0x4E00 + i % 500)}{chr(0x4E00 + i * 7 % 700)}在{1990 + i % 30}年创立，"
        f"总部位于杭州，员工{i}人。"
        for i in range(lines)
    ).encode("utf-8")


def _sqlite_version() -> str:
    with sqlite3.connect(":memory:") as db:
        return db.execute("SELECT sqlite_version()").fetchone()[0]


@contextmanager
def _sqlite_memory_mutex_held():
    """SQLite's static memory mutex held by another thread, as it is for an instant by any thread
    allocating inside SQLite: the moment at which forking the process hands the child a mutex that no
    thread of the child will ever release."""
    import _sqlite3

    lib = ctypes.CDLL(_sqlite3.__file__)  # the SQLite library this Python uses
    lib.sqlite3_mutex_alloc.restype = ctypes.c_void_p
    lib.sqlite3_mutex_enter.argtypes = lib.sqlite3_mutex_leave.argtypes = [ctypes.c_void_p]
    mutex = lib.sqlite3_mutex_alloc(3)  # SQLITE_MUTEX_STATIC_MEM
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        lib.sqlite3_mutex_enter(mutex)
        held.set()
        release.wait()
        lib.sqlite3_mutex_leave(mutex)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    held.wait()
    try:
        probe = threading.Thread(target=_sqlite_version, daemon=True)
        probe.start()
        probe.join(0.3)
        if not probe.is_alive():  # built with SQLITE_DEFAULT_MEMSTATUS=0: no mutex, no race to show
            pytest.skip("this SQLite takes no memory mutex on allocation")
        yield
    finally:
        release.set()
        holder.join()


def test_an_update_started_while_another_thread_is_inside_sqlite_finishes(tmp_path):
    """Issue 20's race made deterministic: with the memory mutex held by another thread, a child forked
    from this process blocked forever on its first SQLite call (the old run_isolated: "too slow" after
    update_seconds). The child comes from the fork server, which has SQLite's state of its own."""
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "good.txt").write_text(GOOD, encoding="utf-8")
    with _sqlite_memory_mutex_held():
        assert run_isolated(_sqlite_version, (), 20) == sqlite3.sqlite_version
        report = build_index_isolated([arts], tmp_path / "idx.sqlite", 20, 30)
    assert report.articles == 1
    assert "王小川" in {e.name for e in Index(tmp_path / "idx.sqlite").entities.values()}


def test_the_isolated_child_sees_the_callers_environment_and_folder_now(tmp_path, monkeypatch):
    run_isolated(divmod, (1, 1), 30)  # the fork server started before the changes below
    monkeypatch.setenv("FACTBOT_PROBE", "set after the fork server started")
    monkeypatch.chdir(tmp_path)
    assert run_isolated(os.getenv, ("FACTBOT_PROBE",), 10) == "set after the fork server started"
    assert run_isolated(os.getcwd, (), 10) == str(tmp_path)
    assert run_isolated(os.getppid, (), 10) != os.getpid()  # a fork of the fork server, not of this process


def _descendants(pid: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                kids.setdefault(int(fields[1]), []).append(int(d))
    out, todo = set(), [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.add(k)
            todo.append(k)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _started(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return ""


def test_a_killed_caller_leaves_no_isolated_child_nor_its_workers():
    """The caller killed by SIGKILL mid-update: its isolated child (whose parent is the fork server), the
    child's own workers and the fork server all go, within seconds."""
    code = (
        "import time, bot.pool as p\n"
        "p.run_isolated(p.run_pool, (time.sleep, [(60,), (61,)], 2, None, print), None)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    family: set[int] = set()
    born: dict[int, str] = {}
    try:
        # caller -> fork server (+ resource tracker) -> isolated child -> 2 workers
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(family := _descendants(proc.pid)) < 5:
            time.sleep(0.05)
        born = {pid: _started(pid) for pid in family}
        assert len(family) >= 5, family
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(k) for k in family):
            time.sleep(0.05)
        assert not [k for k in family if _alive(k)]
    finally:  # a failure leaves nothing running either (only these very processes: same start time)
        proc.kill()
        proc.wait()
        for pid, started in born.items():
            if _alive(pid) and _started(pid) == started:
                os.kill(pid, 9)


def _doc(tg, fid: str, name: str, data: bytes) -> dict:
    tg.files[fid] = data
    return {"file_id": fid, "file_unique_id": fid + "u", "file_name": name, "file_size": len(data)}


async def test_an_update_that_runs_away_never_freezes_the_bot(tg):
    """The whole update (its workers, the merge, the relation rules) runs in a child process, so other
    chats are answered meanwhile; past `update_seconds` it is stopped, with its workers, and the index
    is left as it was. The article is real and slow, each file's own limit (upload_seconds) far off."""
    core = tg.app.bot_data["core"]
    core.settings = replace(
        core.settings, limits={**core.settings.limits, "update_seconds": 4, "upload_seconds": 600}
    )
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "iso1", "stuck.txt", long_article()))
    await wait(tg, "sendMessage", lambda p: "正在收录" in p["text"], start=n)
    t0 = time.monotonic()
    tg.message("/who 张楠赓", user_id=119)
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 119, start=n)
    answered = time.monotonic() - t0
    refused = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert answered < 2.0, f"another chat waited {answered:.1f}s"
    assert "没有收录 stuck.txt：too slow (over 4 s), stopped" in refused["text"]
    assert not list(core.uploads.iterdir())
    server = multiprocessing.forkserver._forkserver._forkserver_pid
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _descendants(server):
        time.sleep(0.05)
    assert not _descendants(server), "the stopped update left processes behind"
    n = len(tg.calls)
    tg.message("/who 张楠赓", user_id=119)
    assert "张楠赓" in (await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 119, start=n))["text"]
