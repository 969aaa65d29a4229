"""Team corrections end to end: the real PTB application against the fake Bot API server."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from tests.conftest import ADMIN, wait

GROUP = -1001


def _who(tg, mode: str) -> None:
    core = tg.app.bot_data["core"]
    core.settings = replace(core.settings, corrections={**core.settings.corrections, "who": mode})


def _buttons(p: dict) -> list[dict]:
    return [b for row in (p.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def _msg(chat_id: int = 111) -> dict:
    return {"message_id": 9, "date": 0, "chat": {"id": chat_id, "type": "private"}, "text": "x"}


async def test_group_member_adds_an_alias_that_resolves_at_once(tg):
    _who(tg, "everyone")
    tg.message("/alias 张楠赓 = 南瓜哥", user_id=5, chat_id=GROUP, chat_type="supergroup")
    ok = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP)
    assert "南瓜哥" in ok["text"] and "/undo 1" in ok["text"]
    assert {b["text"] for b in _buttons(ok)} >= {"撤销", "修订记录"}
    n = len(tg.calls)
    tg.message("/who 南瓜哥", user_id=6, chat_id=GROUP, chat_type="supergroup")
    card = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"], start=n)
    assert "南瓜哥" in card["text"]
    n = len(tg.calls)
    tg.inline("南瓜哥")
    inline = await wait(tg, "answerInlineQuery", lambda p: p["results"], start=n)
    assert inline["results"][0]["title"].startswith("张楠赓")
    undo = next(b["callback_data"] for b in _buttons(ok) if b["text"] == "撤销")
    n = len(tg.calls)
    tg.callback(undo, _msg(GROUP), user_id=5)  # the undo button under the reply
    await wait(tg, "sendMessage", lambda p: "已撤销 #1" in p["text"], start=n)
    n = len(tg.calls)
    tg.message("/who 南瓜哥", user_id=6, chat_id=GROUP, chat_type="supergroup")
    gone = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP, start=n)
    assert "<b>张楠赓</b>" not in gone["text"]


async def test_admin_hides_a_fact_from_card_and_inline_and_undo_brings_it_back(tg):
    _who(tg, "admins")
    tg.message("/who 张楠赓", user_id=ADMIN)
    card = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"])
    hide = next(b["callback_data"] for b in _buttons(card) if b.get("text") == "隐藏要点")
    n = len(tg.calls)
    tg.callback(hide, _msg(ADMIN), user_id=ADMIN)
    picker = await wait(tg, "sendMessage", lambda p: "隐藏「张楠赓」" in p["text"], start=n)
    first = _buttons(picker)[0]["callback_data"]
    assert first.startswith("x:")
    line = next(x for x in picker["text"].split("\n") if x.startswith("1. "))
    fact_text = line[3:].split("（编号")[0].strip("…")[:20]
    assert fact_text in card["text"]
    n = len(tg.calls)
    tg.callback(first, _msg(ADMIN), user_id=ADMIN)
    done = await wait(tg, "sendMessage", lambda p: "隐藏要点" in p["text"] and "已记下" in p["text"], start=n)
    change = next(b["callback_data"] for b in _buttons(done) if b["text"] == "撤销").split(":")[1]
    n = len(tg.calls)
    tg.message("/who 张楠赓", user_id=ADMIN)
    after = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"], start=n)
    assert fact_text not in after["text"]
    assert "修订记录" in {b["text"] for b in _buttons(after)}
    n = len(tg.calls)
    tg.inline("张楠赓")
    inline = await wait(tg, "answerInlineQuery", lambda p: p["results"], start=n)
    shared = inline["results"][0]
    assert fact_text not in shared["input_message_content"]["message_text"]
    assert "隐藏要点" not in {b["text"] for b in _buttons(shared)}  # no correction buttons on shared cards
    n = len(tg.calls)
    tg.message(f"/undo {change}", user_id=ADMIN)
    await wait(tg, "sendMessage", lambda p: "已撤销" in p["text"], start=n)
    n = len(tg.calls)
    tg.message("/who 张楠赓", user_id=ADMIN)
    back = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"], start=n)
    assert fact_text in back["text"]


async def test_non_admin_refused_when_admins_only(tg):
    _who(tg, "admins")
    tg.message("/fix 张楠赓 born 1983", user_id=999, chat_id=GROUP, chat_type="supergroup")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP)
    assert "抱歉" in p["text"] and "管理员" in p["text"]
    tg.message("/who 张楠赓", user_id=999)
    card = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"])
    assert "团队修订" not in card["text"]
    hide = next(b["callback_data"] for b in _buttons(card) if b.get("text") == "隐藏要点")
    n = len(tg.calls)
    tg.callback(hide, _msg(999), user_id=999)
    alert = await wait(tg, "answerCallbackQuery", lambda p: p.get("show_alert"), start=n)
    assert "管理员" in alert["text"]
    await asyncio.sleep(0.3)
    assert not [p for p in tg.sent()[-3:] if "隐藏「" in p["text"]]
    n = len(tg.calls)
    tg.message("/history 张楠赓", user_id=999)  # reading the history is open to everyone
    await wait(tg, "sendMessage", lambda p: "还没有修订记录" in p["text"], start=n)


async def test_group_admins_checked_with_get_chat_member(tg):
    _who(tg, "group_admins")
    tg.chat_admins.add((GROUP, 5))
    tg.message("/kind 神眸 company", user_id=6, chat_id=GROUP, chat_type="supergroup")
    no = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP)
    assert "本群的管理员" in no["text"]
    n = len(tg.calls)
    tg.message("/kind 神眸 company", user_id=5, chat_id=GROUP, chat_type="supergroup")
    yes = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP, start=n)
    assert "已记下" in yes["text"] and "公司" in yes["text"]
    asked = {(int(p["chat_id"]), int(p["user_id"])) for p in tg.sent("getChatMember")}
    assert asked == {(GROUP, 5), (GROUP, 6)}


async def test_history_in_order_and_corrections_survive_reload(tg):
    _who(tg, "everyone")
    for i, line in enumerate(("/alias 张楠赓 = 南瓜哥", "/fix 张楠赓 born 1983", "/fix 张楠赓 born 1984")):
        n = len(tg.calls)
        tg.message(line, user_id=5)
        await wait(tg, "sendMessage", lambda p, i=i: f"修订 #{i + 1}" in p["text"], start=n)
    n = len(tg.calls)
    tg.message("/reload", user_id=ADMIN)  # a rebuild from the articles keeps every correction
    await wait(tg, "editMessageText", lambda p: "索引已重建" in p["text"], timeout=60, start=n)
    n = len(tg.calls)
    tg.message("/history 南瓜哥", user_id=7)
    hist = await wait(tg, "sendMessage", lambda p: "修订记录" in p["text"], start=n)
    lines = [x for x in hist["text"].split("\n") if x.startswith("#")]
    assert [x.split()[0] for x in lines] == ["#3", "#2", "#1"]
    assert "1983 → 1984" in lines[0] and "添加别名 南瓜哥" in lines[2] and "U" in lines[0]
    n = len(tg.calls)
    tg.message("/who 南瓜哥", user_id=7)
    card = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"], start=n)
    assert "出生：1984（团队修订）" in card["text"]
    history = next(b["callback_data"] for b in _buttons(card) if b.get("text") == "修订记录")
    n = len(tg.calls)
    tg.callback(history, _msg(7), user_id=7)
    await wait(tg, "sendMessage", lambda p: "「张楠赓」的修订记录" in p["text"], start=n)


async def test_bad_input_answered_in_chat(tg):
    _who(tg, "everyone")
    tg.message("/alias 张楠赓 = 嘉楠", user_id=5)
    p = await wait(tg, "sendMessage", lambda p: "嘉楠科技" in p["text"])
    assert "/merge" in p["text"]
    n = len(tg.calls)
    tg.message("/fix 张楠赓 born <b>明年</b>", user_id=5)
    p = await wait(tg, "sendMessage", lambda p: "不是日期" in p["text"], start=n)
    assert "&lt;b&gt;明年&lt;/b&gt;" in p["text"]
    n = len(tg.calls)
    tg.message("/fix 张楠庚庚 born 1983", user_id=5)
    p = await wait(tg, "sendMessage", lambda p: "没有找到" in p["text"], start=n)
    assert any(b.get("callback_data", "").startswith("e:") for b in _buttons(p))


async def test_admin_menus_list_the_correction_commands(tg):
    await wait(tg, "setMyCommands", lambda p: p["scope"]["type"] == "chat")
    calls = tg.sent("setMyCommands")
    admin = [p for p in calls if p["scope"]["type"] in ("all_chat_administrators", "chat")]
    assert {p["scope"]["type"] for p in admin} == {"all_chat_administrators", "chat"}
    assert next(p for p in admin if p["scope"]["type"] == "chat")["scope"]["chat_id"] == ADMIN
    for p in admin:
        names = {c["command"] for c in p["commands"]}
        assert {"alias", "fix", "hide", "history", "undo", "who"} <= names
    public = [p for p in calls if p["scope"]["type"] in ("all_private_chats", "all_group_chats")]
    assert all(
        len(p["commands"]) <= 7 and "alias" not in {c["command"] for c in p["commands"]} for p in public
    )


async def test_chinese_command_words_work_in_private_chat(tg):
    _who(tg, "everyone")
    tg.message("/别名 张楠赓 = 南瓜哥", user_id=5)
    ok = await wait(tg, "sendMessage", lambda p: "南瓜哥" in p["text"])
    assert "已记下" in ok["text"]


async def test_an_english_user_gets_english_replies_and_buttons(tg):
    _who(tg, "everyone")
    tg.message("/alias 张楠赓 = 南瓜哥", user_id=7, lang="en")
    ok = await wait(tg, "sendMessage", lambda p: "南瓜哥" in p["text"])
    assert {b["text"] for b in _buttons(ok)} >= {"Undo", "History", "Show card"}
    assert "撤销" not in ok["text"] and "/undo 1" in ok["text"]
    n = len(tg.calls)
    tg.message("/别名 张楠赓 = 南瓜弟", user_id=8, lang="zh-tw")
    tw = await wait(tg, "sendMessage", lambda p: "南瓜弟" in p["text"], start=n)
    assert {b["text"] for b in _buttons(tw)} >= {"撤銷", "修訂記錄"}
