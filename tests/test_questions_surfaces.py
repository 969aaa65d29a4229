"""Questions in plain words in every surface: `ask` (and --json), `chat`, Telegram (/ask, plain text in a
private chat, a mention or a reply in a group), and the parser's rules one by one."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time

import pytest

from bot.answer.questions import cues, read
from bot.cli import ChatSession
from tests.conftest import ROOT, wait
from tests.fake_telegram import BOT_ID, BOT_USERNAME


# ---- the parser ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("description", "question", "intent", "names"),
    [
        ("是谁 is identity", "张楠赓是谁", "identity", ["张楠赓"]),
        ("Traditional script", "張楠賡是誰", "identity", ["张楠赓"]),
        ("谁创办了 asks the founders", "谁创办了比特微", "founders", ["比特微"]),
        ("哪年 + 上市 is the listing date", "嘉楠哪年上市？", "listing_when", ["嘉楠"]),
        ("在哪 + 上市 is the exchange", "嘉楠在哪里上市", "listing_where", ["嘉楠"]),
        ("读书 is education", "张楠赓在哪读的书", "education", ["张楠赓"]),
        ("母公司 is the parent", "神眸的母公司是哪家", "parent", ["神眸"]),
        ("股票代码 is the ticker", "嘉楠的股票代码", "ticker", ["嘉楠"]),
        ("职务 is the role", "杨作兴现在是什么职务", "role", ["杨作兴"]),
        ("English founders", "who founded 嘉楠", "founders", ["嘉楠"]),
        ("English listing: list as a whole word", "when did 嘉楠 list", "listing_when", ["嘉楠"]),
        ("a CEO question is the leaders", "who is the CEO of 嘉楠科技", "leader", ["嘉楠科技"]),
        ("when + founded", "when was 嘉楠科技 founded", "founded_when", ["嘉楠科技"]),
        ("哪年出生 is born", "张楠赓哪年出生", "born_when", ["张楠赓"]),
        ("出生在哪 is the birthplace", "张楠赓出生在哪里", "born_where", ["张楠赓"]),
        ("旗下品牌 is brands", "比特微旗下有哪些品牌", "brands", ["比特微"]),
        ("产品 is products", "神眸有什么产品", "products", ["神眸"]),
        ("亏损 is a figure", "神眸亏损多少", "figures", ["神眸"]),
        (
            "a cue inside a name does not count (研极微电子 is masked)",
            "研极微电子是谁",
            "identity",
            ["研极微电子"],
        ),
        (
            "pinyin is resolved from what is left",
            "where did zhang nangeng study",
            "education",
            ["zhang nangeng"],
        ),
    ],
)
def test_the_parser_reads_the_intent_and_the_names(index, description, question, intent, names):
    q = read(index, question)
    assert q.intent == intent, description
    assert [n for n in q.names] == names or q.names[: len(names)] == names, (description, q.names)
    assert q.entities, description


@pytest.mark.parametrize(
    ("description", "question"),
    [
        ("an opinion", "你怎么看张楠赓"),
        ("a reason", "为什么嘉楠要做AI芯片"),
        ("a comparison", "张楠赓和杨作兴谁更厉害"),
        ("a relation no article states is not a no", "神眸是不是嘉楠科技的品牌"),
        ("a field the articles leave empty", "嘉楠哪年上市"),
        ("a CEO asked, only other titles known", "深圳比特微集团的CEO是谁"),
        ("a figure not named is not any figure", "神眸有多少"),
    ],
)
def test_what_cannot_be_mapped_falls_back_to_the_card(ask, description, question):
    out = ask(f"/ask {question}")
    assert out["status"] == "found" and out["question"]["fallback"] == "card", (description, out["text"][:80])
    assert out["entity"] is not None


def test_an_unknown_name_or_no_name_never_guesses(ask):
    out = ask("/ask 王小明是谁")
    assert out["status"] in ("not_found", "mentioned") and out["question"]["fallback"] == "not_found"
    out = ask("/ask 芯片行业哪家公司最好")
    assert out["status"] != "answered"


def test_a_bare_name_stays_a_lookup_and_plain_questions_are_questions(ask):
    assert ask("张楠赓")["command"] == "who"
    out = ask("谁创办了嘉楠科技")
    assert out["command"] == "ask" and out["status"] == "answered"
    assert "张楠赓" in out["text"].splitlines()[0]


def test_two_values_of_one_article_are_both_given_without_a_dispute(ask):
    out = ask("/ask 神眸的母公司是哪家")
    values = out["question"]["values"]
    assert out["status"] == "answered" and len(values) >= 2 and not out["question"]["disagree"]
    assert all(v["sources"] for v in values)
    assert all(f"[{n}]" in out["text"] for v in values for n in v["cites"])


def test_disagreeing_sources_give_both_values_with_their_sources(tmp_path):
    """Two invented articles (tests only) that date one founding differently."""
    from bot.answer import answer_line
    from bot.ingest import build_index
    from bot.show import to_json
    from bot.store.index import Index

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text(
        "太极科技的故事\n2015年3月，韩立峰在深圳创立了太极科技，韩立峰担任太极科技董事长。"
        "韩立峰表示，太极科技会坚持研发芯片。\n",
        encoding="utf-8",
    )
    (arts / "b.txt").write_text(
        "太极科技再融资\n太极科技成立于2016年，总部位于深圳。太极科技董事长韩立峰表示，公司将扩大研发团队。\n",
        encoding="utf-8",
    )
    build_index([arts], tmp_path / "i.sqlite")
    out = to_json(answer_line(Index(tmp_path / "i.sqlite"), "太极科技哪年成立"))
    q = out["question"]
    assert out["status"] == "answered" and q["disagree"], out["text"]
    years = {v["value"][:4]: v["cites"] for v in q["values"]}
    assert set(years) == {"2015", "2016"} and years["2015"] != years["2016"]
    assert "[1]" in out["text"] and "[2]" in out["text"] and "说法不一" in out["text"]


def test_every_rule_names_a_known_intent_and_has_words():
    for intent, groups in cues().rules:
        assert groups and all(groups), intent


# ---- ask, --json and chat ------------------------------------------------------------------------------
def test_ask_json_carries_the_answer_kind(seed_index):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    r = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--index", str(seed_index), "嘉楠科技什么时候成立的"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stderr[-1000:]
    out = json.loads(r.stdout.splitlines()[0])
    assert out["command"] == "ask" and out["status"] == "answered"
    q = out["question"]
    assert q["intent"] == "founded_when" and q["field"] == "founded" and q["entity"] == out["entity"]["id"]
    assert q["values"][0]["value"].startswith("2013") and q["values"][0]["sources"][0]["title"]
    assert "2013" in out["text"] and "[1]" in out["text"]


def test_chat_answers_a_question(seed_index):
    chat = ChatSession(seed_index)
    text = chat.handle("张楠赓在哪读的书")
    assert "北京航空航天大学" in text.splitlines()[0] and "[1]" in text
    assert "2013" in chat.handle("/ask when was 嘉楠科技 founded").splitlines()[0]


# ---- Telegram ------------------------------------------------------------------------------------------
def _group_text(
    tg, text: str, mention: bool = False, reply_to_bot: bool = False, chat_id: int = -2002
) -> int:
    tg.next_message += 1
    msg: dict = {
        "message_id": tg.next_message,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "supergroup", "title": "Team"},
        "from": {"id": 7, "is_bot": False, "first_name": "U", "language_code": "zh-hans"},
        "text": text,
    }
    if mention:
        at = f"@{BOT_USERNAME}"
        msg["entities"] = [{"type": "mention", "offset": text.index(at), "length": len(at)}]
    if reply_to_bot:
        msg["reply_to_message"] = {
            "message_id": 5,
            "date": int(time.time()),
            "chat": msg["chat"],
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "factbot", "username": BOT_USERNAME},
            "text": "…",
        }
    return tg.push({"message": msg})


async def test_telegram_private_plain_question_and_the_card_button(tg):
    n = len(tg.calls)
    tg.message("谁创办了嘉楠科技")
    p = await wait(tg, "sendMessage", start=n)
    first = p["text"].splitlines()[0]
    assert "张楠赓" in first and "[1]" in first, p["text"][:200]
    buttons = [b for row in p["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["完整资料卡"] and buttons[0]["callback_data"].startswith("e:")
    n = len(tg.calls)
    tg.callback(
        buttons[0]["callback_data"], {"message_id": 1, "chat": {"id": 111, "type": "private"}, "date": 0}
    )
    card = await wait(tg, "sendMessage", lambda p: "嘉楠科技" in p["text"], start=n)
    assert "创始人" in card["text"]


async def test_telegram_a_question_is_answered_in_its_own_language(tg):
    """The reader's language is the question's: an English question from a user whose Telegram is in
    Chinese is answered in English (and a Chinese one from an English user in Chinese)."""
    n = len(tg.calls)
    tg.message("who founded 嘉楠科技", user_id=31, lang="zh-hans")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 31, start=n)
    first, rest = p["text"].split("\n", 1)
    assert "founded by" in first and "张楠赓" in first and "[1]" in first, p["text"][:200]
    assert "Sources" in rest and "来源" not in rest and "创始人" not in first
    buttons = [b["text"] for row in p["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons and "完整资料卡" not in buttons, buttons
    n = len(tg.calls)
    tg.message("谁创办了嘉楠科技", user_id=32, lang="en")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 32, start=n)
    assert "创始人" in p["text"].splitlines()[0] and "founded" not in p["text"], p["text"][:200]
    n = len(tg.calls)
    tg.message("/ask who founded 嘉楠科技", user_id=7, chat_id=-2003, chat_type="supergroup")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -2003, start=n)
    assert "founded by" in p["text"].splitlines()[0]


async def test_telegram_ask_command_and_group_mentions(tg):
    n = len(tg.calls)
    tg.message("/ask 张楠赓哪年出生", user_id=7, chat_id=-2002, chat_type="supergroup")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -2002, start=n)
    assert "1983" in p["text"].splitlines()[0]
    # A group message that is not for the bot gets nothing; a mention or a reply to the bot is answered.
    n = len(tg.calls)
    _group_text(tg, "张楠赓是谁")
    _group_text(tg, f"@{BOT_USERNAME} 杨作兴是谁", mention=True)
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -2002, start=n)
    assert "深圳比特微集团" in p["text"].splitlines()[0] and f"@{BOT_USERNAME}" not in p["text"]
    n = len(tg.calls)
    _group_text(tg, "嘉楠科技什么时候成立的", reply_to_bot=True)
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -2002, start=n)
    assert "2013" in p["text"].splitlines()[0]
    _group_text(tg, "谢谢", reply_to_bot=True)  # no name, no question: the group is not answered
    await asyncio.sleep(0.5)
    group_replies = [x for x in tg.sent() if int(x["chat_id"]) == -2002]
    assert len(group_replies) == 3  # neither the unaddressed line nor the thanks was answered


def test_ask_alone_says_how_to_ask(ask):
    out = ask("/ask")
    assert out["status"] == "error" and "/ask" in out["text"] and "没有找到" not in out["text"]
