"""All per-article work runs where a runaway costs only its file (issue 20): the relation rules are
rehearsed in the file's worker, within its time limit, and the bot runs whole updates in a child process,
so neither an ingest nor the bot freezes on one article. The runaway is a rule made to hang on a marker
(it stands for any pattern the linear-time guards have not met yet)."""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import replace

import pytest

from bot.ingest import build_index
from bot.pool import TooSlow, run_isolated, time_limit
from bot.relations import profile
from bot.relations.sentence import Rule
from bot.store.index import Index
from tests.conftest import ADMIN, wait

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


def _doc(tg, fid: str, name: str, data: bytes) -> dict:
    tg.files[fid] = data
    return {"file_id": fid, "file_unique_id": fid + "u", "file_name": name, "file_size": len(data)}


async def test_an_update_that_runs_away_never_freezes_the_bot(tg, monkeypatch):
    """Past the worker (the article itself is harmless), the update hangs: it runs in a child process,
    so other chats are answered meanwhile, and it is stopped at `update_seconds` with the index intact."""
    import bot.ingest.update as update

    real = update.merge_facts

    def stuck(w, *args, **kwargs):
        if w.connection.execute("SELECT 1 FROM sentences WHERE canon LIKE ?", (f"%{MARK}%",)).fetchone():
            # A pattern backtracking in C holds the interpreter (~20 s here): in the bot's own process it
            # would stop every chat; it stands for a rule that runs away only with the corpus's names.
            re.match(r"(a+)+b", "a" * 28)
        return real(w, *args, **kwargs)

    monkeypatch.setattr(update, "merge_facts", stuck)
    core = tg.app.bot_data["core"]
    core.settings = replace(core.settings, limits={**core.settings.limits, "update_seconds": 4})
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=_doc(tg, "iso1", "stuck.txt", SLOW.encode()))
    await wait(tg, "sendMessage", lambda p: "正在收录" in p["text"], start=n)
    t0 = time.monotonic()
    tg.message("/who 张楠赓", user_id=119)
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 119, start=n)
    answered = time.monotonic() - t0
    refused = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert answered < 2.0, f"another chat waited {answered:.1f}s"
    assert "没有收录 stuck.txt：too slow (over 4 s), stopped" in refused["text"]
    assert not list(core.uploads.iterdir())
    assert core.answer("/who 张楠赓").status == "found"
    assert core.answer("/who 李明远").status != "found"
    assert not list(core.index_path.parent.glob(".factbot-*.tmp"))


def test_the_title_chain_of_the_issue_is_indexed_at_once(tmp_path):
    """The 221-character article of issue 20 (董事长兼总裁 x26 joined by 兼, then ，张三): exponential
    backtracking in the role rules before; now read at once, in the worker and in the update."""
    arts = tmp_path / "arts"
    arts.mkdir()
    chain = "兼".join(["董事长兼总裁"] * 26)
    (arts / "chain.txt").write_text(f"王小川担任百川科技{chain}，张三出席。\n{GOOD}", encoding="utf-8")
    t0 = time.monotonic()
    with time_limit(20):
        report = build_index([arts], tmp_path / "idx.sqlite")
    assert not report.skipped and report.articles == 1
    assert time.monotonic() - t0 < 20
