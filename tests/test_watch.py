"""Watching a name (issue 21, part 3): subscriptions in their own file beside the index, digests of what an
ingest adds, end to end against the fake Bot API server with the ingest in another process."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.ingest import build_index
from bot.store.index import Index
from bot.store.watch import WatchStore, store_path
from bot.watch import Digest, Pending, Section, Watcher, render
from tests.conftest import ADMIN, ROOT, SEEDS, wait

# An invented article (tests only): a new fact about a company of the seeds, and nobody else of them.
NEWS = (
    "嘉楠科技发布新一代芯片\n"
    "2026年3月，嘉楠科技在杭州发布了新一代边缘计算芯片勘智K990。"
    "嘉楠科技表示，勘智K990将在2026年下半年量产。"
    "嘉楠科技还宣布总部迁至新加坡。\n"
)
BLOCKED = {"ok": False, "error_code": 403, "description": "Forbidden: bot was kicked from the group chat"}


def _ingest(*args: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr[-2000:]


# ---- the store and the watcher, without Telegram ------------------------------------------------------
@pytest.fixture
def copied(seed_index, tmp_path) -> Path:
    path = tmp_path / "index.sqlite"
    shutil.copy(seed_index, path)
    return path


def test_subscriptions_survive_a_restart_and_unwatch_finds_the_name(copied):
    w = Watcher(copied)
    index = Index(copied)
    status, ent, _ = w.watch(index, 42, "嘉楠", "zh-hans")
    assert status == "added" and ent["name"] == "嘉楠科技"
    assert w.watch(index, 42, "嘉楠科技", "zh-hans")[0] == "already"
    assert w.watch(index, 42, "没有这个名字的公司", "zh-hans")[0] == "not_found"
    w.close()
    again = Watcher(copied)  # a restart: the same file beside the index
    assert [s.name for s in again.watching(42)] == ["嘉楠科技"]
    assert again.watching(7) == []
    assert again.unwatch(index, 42, "嘉楠科技") == ("removed", "嘉楠科技")
    assert again.unwatch(index, 42, "嘉楠科技")[0] == "not_watching"
    assert store_path(copied).name == "index.watch.sqlite"


def test_a_digest_for_new_articles_only_and_never_for_a_rebuild(copied, tmp_path):
    w = Watcher(copied)
    index = Index(copied)
    w.watch(index, 1, "嘉楠科技", "zh-hans")
    w.watch(index, 2, "杨作兴", "zh-hans")
    assert w.pending(index) is None  # the first look only notes where the index is
    arts = tmp_path / "new"
    arts.mkdir()
    (arts / "news.txt").write_text(NEWS, encoding="utf-8")
    build_index([arts], copied)
    index.refresh()
    pending = w.pending(index)
    assert pending is not None and [d.chat_id for d in pending.digests] == [1]
    (section,) = pending.digests[0].sections
    assert section.name == "嘉楠科技" and section.articles[0]["title"] == "嘉楠科技发布新一代芯片"
    assert any("K990" in f["canon"] for f in section.facts)
    assert ("headquarters", "新加坡") in section.values  # a new profile value
    text = render(pending.digests[0])
    assert "嘉楠科技" in text and "K990" in text and "<b>" in text and "新资料：总部：新加坡" in text
    w.done(pending)
    assert w.pending(index) is None  # nothing new since
    # A rebuild of the same articles gives the same ids: nothing is news, and the subscriptions stay.
    build_index([SEEDS, arts], copied, rebuild=True)
    index = Index(copied)
    pending = w.pending(index)
    assert pending is None or pending.digests == []
    assert [s.name for s in w.watching(1)] == ["嘉楠科技"]


def test_the_outbox_keeps_to_the_rate_limit_and_merges_what_waits():
    from bot.tg.watch import Outbox

    def digest(gen: int, eid: int) -> Digest:
        return Digest(5, gen, "zh-hans", [Section(eid, f"e{eid}", "company", [], [], [])])

    box = Outbox(per_minute=2)
    box.add(digest(1, 10))
    assert len(box.due(0.0)) == 1
    box.add(digest(2, 10))
    assert len(box.due(1.0)) == 1
    box.add(digest(3, 10))
    assert box.due(2.0) == []  # two this minute already
    box.add(digest(4, 11))
    assert box.due(30.0) == []
    (merged,) = box.due(62.0)
    assert [s.entity for s in merged.sections] == [10, 11] and merged.generation == 4


# ---- end to end ----------------------------------------------------------------------------------------
async def _app(seed_index, tmp_path, limits: dict | None = None, **corrections):
    """The bot against a new fake Bot API server; on the index under tmp_path/var, copied from the seeds'
    the first time (a second call is the same bot restarted)."""
    from bot.settings import load_settings
    from bot.tg.app import build_application
    from tests.fake_telegram import FakeTelegram

    index = tmp_path / "var" / "index.sqlite"
    if not index.exists():
        index.parent.mkdir()
        shutil.copy(seed_index, index)
    base = load_settings()
    settings = replace(
        base,
        admins=frozenset({ADMIN}),
        limits={**base.limits, "flood_per_minute": 50, "watch_seconds": 0.3, **(limits or {})},
        corrections={**base.corrections, **corrections},
    )
    fake = FakeTelegram().start()
    app = build_application(
        fake.token, index, settings, base_url=fake.base_url, base_file_url=fake.base_file_url
    )
    await app.initialize()
    await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1, bootstrap_retries=0)
    return app, fake, index


async def _stop(app, fake) -> None:
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    fake.stop()


def _digests(fake, chat: int) -> list[dict]:
    return [p for p in fake.sent() if int(p["chat_id"]) == chat and "订阅更新" in p["text"]]


async def test_digest_arrives_once_in_the_watching_chat_after_another_process_ingests(seed_index, tmp_path):
    app, fake, index = await _app(seed_index, tmp_path)
    try:
        n = len(fake.calls)
        fake.message("/watch 嘉楠科技", user_id=111)
        p = await wait(fake, "sendMessage", lambda p: int(p["chat_id"]) == 111, start=n)
        assert "已订阅" in p["text"] and "嘉楠科技" in p["text"]
        for chat, user, name in ((-3003, 5, "杨作兴"), (-5, 6, "嘉楠科技")):
            n = len(fake.calls)
            fake.message(f"/watch {name}", user_id=user, chat_id=chat, chat_type="supergroup")
            await wait(
                fake,
                "sendMessage",
                lambda p, c=chat: int(p["chat_id"]) == c and "已订阅" in p["text"],
                start=n,
            )
        n = len(fake.calls)
        fake.message("/watching", user_id=111)
        p = await wait(fake, "sendMessage", lambda p: int(p["chat_id"]) == 111, start=n)
        assert "嘉楠科技" in p["text"]
        # The bot was removed from group -5 meanwhile: its digest is refused, and the group unsubscribed.
        fake.faults["sendMessage"].append((403, BLOCKED))
        arts = tmp_path / "incoming"
        arts.mkdir()
        (arts / "news.txt").write_text(NEWS, encoding="utf-8")
        await asyncio.to_thread(_ingest, str(arts / "news.txt"), "--index", str(index))
        p = await wait(fake, "sendMessage", lambda p: "订阅更新" in p["text"], timeout=30)
        assert int(p["chat_id"]) == 111
        assert "嘉楠科技发布新一代芯片" in p["text"] and "K990" in p["text"] and p["parse_mode"] == "HTML"
        assert "总部：新加坡" in p["text"]
        buttons = [b for row in p["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons and buttons[0]["callback_data"].startswith("e:")
        await asyncio.sleep(1.5)  # several more looks at the index
        assert len(_digests(fake, 111)) == 1
        assert _digests(fake, -3003) == [] and _digests(fake, 222) == []
        assert [m for m, q in fake.calls if m == "!sendMessage" and int(q["chat_id"]) == -5]
        assert WatchStore(store_path(index)).of_chat(-5) == []
        assert [s.name for s in WatchStore(store_path(index)).of_chat(111)] == ["嘉楠科技"]
    finally:
        await _stop(app, fake)


# A second invented article (tests only) about the same company.
MORE_NEWS = (
    "嘉楠科技在成都设立研发中心\n"
    "2026年5月，嘉楠科技在成都设立了新的研发中心。"
    "嘉楠科技表示，成都研发中心将招聘三百名芯片工程师。\n"
)


async def _wait_until(cond, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not cond():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


async def test_a_digest_waiting_on_the_rate_limit_survives_a_restart_and_is_posted_once(seed_index, tmp_path):
    """One digest a minute: the second ingest's digest waits; the bot restarts before it is due; the
    restarted bot posts it (once, and only what was waiting), and a second restart posts nothing."""
    app, fake, index = await _app(seed_index, tmp_path, limits={"watch_per_minute": 1})
    try:
        fake.message("/watch 嘉楠科技", user_id=111)
        await wait(fake, "sendMessage", lambda p: "已订阅" in p["text"])
        for name, text in (("one", NEWS), ("two", MORE_NEWS)):
            arts = tmp_path / name
            arts.mkdir()
            (arts / "news.txt").write_text(text, encoding="utf-8")
            await asyncio.to_thread(build_index, [arts], index)
            if name == "one":
                p = await wait(fake, "sendMessage", lambda p: "订阅更新" in p["text"], timeout=30)
                assert "嘉楠科技发布新一代芯片" in p["text"] and "成都" not in p["text"]
        store = WatchStore(store_path(index))
        await _wait_until(lambda: store.waiting())  # the second digest is due in a minute
        ((chat, _, body),) = store.waiting()
        assert chat == 111 and "嘉楠科技在成都设立研发中心" in body
        assert len(_digests(fake, 111)) == 1
    finally:
        await _stop(app, fake)
    # The restart, with a limit that lets the digest go at once (the minute is remembered as well:
    # test_the_outbox_remembers_its_posts_across_a_restart).
    app, fake, _ = await _app(seed_index, tmp_path, limits={"watch_per_minute": 5})
    try:
        p = await wait(fake, "sendMessage", lambda p: "订阅更新" in p["text"], timeout=30)
        assert int(p["chat_id"]) == 111
        assert "嘉楠科技在成都设立研发中心" in p["text"] and "K990" not in p["text"]
        await asyncio.sleep(1.0)  # several more looks at the index
        assert len(_digests(fake, 111)) == 1 and store.waiting() == []
    finally:
        await _stop(app, fake)
    app, fake, _ = await _app(seed_index, tmp_path, limits={"watch_per_minute": 5})
    try:
        await asyncio.sleep(1.0)
        assert _digests(fake, 111) == []  # never twice
    finally:
        await _stop(app, fake)


def test_the_outbox_remembers_its_posts_across_a_restart(copied):
    from bot.tg.watch import Outbox

    w = Watcher(copied)

    def digest(gen: int, eid: int) -> Digest:
        return Digest(5, gen, "zh-hans", [Section(eid, f"e{eid}", "company", [], [], [])])

    box = Outbox(per_minute=1, watcher=w, now=1000.0)
    box.add(digest(1, 10))
    (d,) = box.due(1000.0)
    w.posted(d, 1000.0)
    queued = box.add(digest(2, 11))
    assert box.due(1001.0) == []
    w.done(Pending(2, [], {}), [queued])
    w.close()
    again = Watcher(copied)  # a restart
    box = Outbox(per_minute=1, watcher=again, now=1010.0)
    assert [s.entity for s in box.waiting[5].sections] == [11]
    assert box.due(1010.0) == []  # the post of 1000.0 still counts
    (late,) = box.due(1061.0)
    assert late.generation == 2 and late.sections[0].name == "e11"
    again.posted(late, 1061.0)
    assert Outbox(per_minute=1, watcher=again, now=1062.0).waiting == {}


async def test_who_may_watch_in_a_group_follows_the_corrections_setting(seed_index, tmp_path):
    app, fake, _ = await _app(seed_index, tmp_path, who="admins")
    try:
        n = len(fake.calls)
        fake.message("/watch 嘉楠科技", user_id=9, chat_id=-7, chat_type="supergroup")
        p = await wait(fake, "sendMessage", lambda p: int(p["chat_id"]) == -7, start=n)
        assert "不能订阅" in p["text"]
        n = len(fake.calls)
        fake.message("/watch 嘉楠科技", user_id=ADMIN, chat_id=-7, chat_type="supergroup")
        p = await wait(fake, "sendMessage", lambda p: int(p["chat_id"]) == -7, start=n)
        assert "已订阅" in p["text"]
        n = len(fake.calls)
        fake.message("/watch 嘉楠科技", user_id=9)  # a private chat is the user's own
        p = await wait(fake, "sendMessage", lambda p: int(p["chat_id"]) == 9, start=n)
        assert "已订阅" in p["text"]
    finally:
        await _stop(app, fake)


def test_a_watched_name_merged_into_another_stays_watched(copied, tmp_path):
    from bot.answer import answer_line
    from bot.corrections import Actor

    w = Watcher(copied)
    index = Index(copied)
    w.watch(index, 1, "李佳轩", "zh-hans")
    assert w.pending(index) is None
    merged = answer_line(index, "/merge 张楠赓 = 李佳轩", actor=Actor(1, "t", 1, True, "everyone"))
    assert merged.correction.get("ok"), merged.correction
    arts = tmp_path / "new"
    arts.mkdir()
    (arts / "news.txt").write_text(
        NEWS.replace("嘉楠科技还宣布", "嘉楠科技董事长张楠赓还宣布"), encoding="utf-8"
    )
    build_index([arts], copied)
    index = Index(copied)
    pending = w.pending(index)
    assert [s.name for s in w.watching(1)] == ["张楠赓"]
    assert pending is not None and [s.name for d in pending.digests for s in d.sections] == ["张楠赓"]
