"""The console chat refreshes its index before each line, as the bot does (issue 19, item 2): another
process's ingest is seen at once, and after another process's rebuild names and data never mix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.cli import ChatSession
from bot.ingest import build_index
from tests.conftest import ROOT, SEEDS

LINES = ("/who 杨作兴", "/company 嘉楠科技", "/who 张楠赓", "/company 神眸", "/who 王智")


def _ingest(*args: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr[-2000:]


def test_chat_sees_another_process_ingest_and_rebuild(tmp_path: Path):
    arts = tmp_path / "arts"
    shutil.copytree(SEEDS, arts)
    index = tmp_path / "index.sqlite"
    build_index([arts], index)
    chat = ChatSession(index)
    assert "太极科技" not in chat.handle("/who 韩立峰")
    (arts / "new.txt").write_text(
        "太极科技的故事\n2015年3月，韩立峰在深圳创立了太极科技，韩立峰担任太极科技董事长。"
        "韩立峰表示，太极科技会坚持研发芯片。2019年，太极科技推出第一款产品。",
        encoding="utf-8",
    )
    _ingest(str(arts), "--index", str(index))
    assert "太极科技" in chat.handle("/who 韩立峰")  # the next line sees the new article
    before = {line: chat.handle(line) for line in LINES}
    # Another process rebuilds the index with one article fewer: every answer is the one a freshly
    # started chat gives (names and data of the same index), never a mix.
    first = sorted(p for p in arts.iterdir() if p.name != "new.txt")[0]
    first.unlink()
    _ingest(str(arts), "--index", str(index), "--rebuild")
    fresh = ChatSession(index)
    after = {line: chat.handle(line) for line in LINES}
    assert after == {line: fresh.handle(line) for line in LINES}
    assert after != before  # the rebuild changed something the chat now shows
    assert chat.handle("") is None


def test_plain_text_an_empty_search_and_an_unknown_command_explain_themselves(seed_index):
    """Issue 19, item 13 (and 5): the console chat answers like the bot."""
    chat = ChatSession(seed_index)
    hello = chat.handle("hello")
    assert "没有找到" not in hello and "/help" in hello
    assert "/search" in chat.handle("/search") and "没有找到" not in chat.handle("/search")
    unknown = chat.handle("/foo bar")
    assert unknown.startswith("不认识这个命令") and "/who" in unknown and "/company" in unknown
    assert chat.handle("神眸").startswith("神眸 · 品牌")  # a bare name answers whatever it names
    assert chat.handle("/who 神眸").splitlines()[0] == "（“神眸”是品牌，不是人物。）"
    assert "Did you mean" in ChatSession(seed_index, "en").handle("zhangnangen")


def test_the_console_does_what_the_buttons_do(seed_index):
    """Issue 19, item 7: /more NAME [PAGE] (page numbers as the card shows them), /sources NAME, and fact
    ids next to the bullets so that /hide is usable from the console."""
    import re

    chat = ChatSession(seed_index)
    first = chat.handle("/who 张楠赓")
    assert re.search(r"\] #\d+$", first.split("要点：")[1].splitlines()[1])
    second = chat.handle("/more 张楠赓")
    assert "要点（第 2 页）" in second and second == chat.handle("/more 张楠赓 2")
    assert "要点（第 3 页）" in chat.handle("/more 张楠赓 3") or "要点" not in chat.handle("/more 张楠赓 3")
    sources = chat.handle("/sources 张楠赓")
    assert sources.startswith("张楠赓 · 来源") and "[1]" in sources
    assert chat.handle("/sources").startswith("已收录的文章")


def test_fix_changes_only_what_it_names_undo_and_history_say_what_happened(seed_index, tmp_path):
    """Issue 19, item 14, through the console's line handler: /fix NAME born YEAR keeps the birthplace the
    articles give; /undo of a change a later one overrode says so; /history lists a hide made on all
    cards of one of the card's facts."""
    import re

    index = tmp_path / "index.sqlite"
    shutil.copy(seed_index, index)
    chat = ChatSession(index)
    assert "出生：1983年，北京" in chat.handle("/who 张楠赓")
    assert "#1" in chat.handle("/fix 张楠赓 born 1984")
    card = chat.handle("/who 张楠赓")
    assert "出生：1984（团队修订），北京" in card
    assert "#2" in chat.handle("/fix 张楠赓 born 1985")
    undone = chat.handle("/undo 1")
    assert "已撤销 #1" in undone and "#2" in undone and "1985" in undone.split("#2")[1]
    assert "出生：1985（团队修订），北京" in chat.handle("/who 张楠赓")
    plain = chat.handle("/undo 2")  # nothing later changed the birth date: no note
    assert "已撤销 #2" in plain and "后来" not in plain
    assert "出生：1983年，北京" in chat.handle("/who 张楠赓")
    # A fact of the card hidden on all cards (/hide ID without a name) is in the card's history.
    fact = re.search(r"\] #(\d+)$", chat.handle("/who 张楠赓").split("要点：")[1].splitlines()[1]).group(1)
    hidden = chat.handle(f"/hide {fact}")
    change = re.search(r"#(\d+)", hidden).group(1)
    history = chat.handle("/history 张楠赓")
    assert f"#{change} " in history and "所有卡片" in history
    assert f"#{change} " not in chat.handle("/history 神眸")  # not a fact of that card
