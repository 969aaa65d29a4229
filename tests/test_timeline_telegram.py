"""大事记 in Telegram, end to end against the fake Bot API server: the command, its pages, the button
under a card, and a stale button."""

from __future__ import annotations

from tests.conftest import wait

CHAT = {"message_id": 9, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"}


def _buttons(p: dict) -> list[dict]:
    return [b for row in (p.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def test_timeline_command_and_its_pages(tg):
    tg.message("/timeline 张楠赓")
    first = await wait(tg, "sendMessage", lambda p: "大事记" in p["text"])
    assert first["parse_mode"] == "HTML" and "<b>张楠赓</b> · 大事记" in first["text"]
    assert "2013-04 创立嘉楠科技" in first["text"]
    datas = [b["callback_data"] for b in _buttons(first)]
    nxt = next(d for d in datas if d.startswith("t:"))
    assert any(d.startswith("e:") for d in datas)  # back to the card
    n = len(tg.calls)
    tg.callback(nxt, CHAT)
    second = await wait(tg, "sendMessage", lambda p: "第 2/2 页" in p["text"], start=n)
    assert not any(b.get("callback_data", "").startswith("t:") for b in _buttons(second))  # the last page


async def test_card_has_a_timeline_button(tg):
    tg.message("/company 嘉楠科技")
    card = await wait(tg, "sendMessage", lambda p: "嘉楠科技" in p["text"] and "要点" in p["text"])
    button = next(b for b in _buttons(card) if b["text"] == "大事记")
    n = len(tg.calls)
    tg.callback(button["callback_data"], CHAT)
    page = await wait(tg, "sendMessage", lambda p: "大事记" in p["text"], start=n)
    assert "2013-04" in page["text"]


async def test_a_stale_timeline_button_says_so(tg):
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "要点" in p["text"])
    data = next(b["callback_data"] for b in _buttons(card) if b.get("callback_data", "").startswith("t:"))
    n = len(tg.calls)
    tg.callback(data.split(".")[0] + ".zzzz", CHAT)  # another entity's check
    p = await wait(tg, "answerCallbackQuery", start=n)
    assert p.get("text") == "这个按钮已失效"  # tg.stale_button
