"""关系图 in Telegram, end to end against the fake Bot API server: /graph sends a photo (multipart upload)
with a caption and the card's buttons; the 关系图 button under a card does the same; a card with fewer
than two relations has no such button."""

from __future__ import annotations

import io

from PIL import Image

from tests.conftest import wait

CHAT = {"message_id": 9, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"}


def _buttons(p: dict) -> list[dict]:
    return [b for row in (p.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def _check_photo(p: dict, name: str) -> None:
    assert isinstance(p["photo"], bytes)
    img = Image.open(io.BytesIO(p["photo"]))
    assert img.format == "PNG" and img.size == (1280, 960)
    assert p["parse_mode"] == "HTML" and p["caption"].startswith(f"{name} · 关系图")
    datas = [b.get("callback_data", "") for b in _buttons(p)]
    assert any(d.startswith("s:") for d in datas)  # the card's buttons: sources, …
    assert not any(d.startswith("g:") for d in datas)  # … but not another picture of itself


async def test_graph_command_sends_a_photo_with_the_cards_buttons(tg):
    tg.message("/graph 嘉楠科技")
    p = await wait(tg, "sendPhoto")
    _check_photo(p, "嘉楠科技")
    assert any(b["text"] == "大事记" for b in _buttons(p))


async def test_graph_button_under_a_card(tg):
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "要点" in p["text"])
    button = next(b for b in _buttons(card) if b["text"] == "关系图")
    n = len(tg.calls)
    tg.callback(button["callback_data"], CHAT)
    _check_photo(await wait(tg, "sendPhoto", start=n), "张楠赓")


async def test_no_graph_button_with_fewer_than_two_relations(tg):
    tg.message("/company 北京航空航天大学")
    card = await wait(tg, "sendMessage", lambda p: "北京航空航天大学" in p["text"])
    assert not any(b["text"] == "关系图" for b in _buttons(card))
    n = len(tg.calls)
    tg.message("/graph 北京航空航天大学")
    p = await wait(tg, "sendMessage", lambda p: "不够画一张图" in p["text"], start=n)
    assert p["text"]


async def test_graph_of_an_unknown_name(tg):
    tg.message("/graph 没有这个名字")
    p = await wait(tg, "sendMessage", lambda p: "没有找到" in p["text"])
    assert "没有这个名字" in p["text"]


async def test_timeline_and_graph_are_in_the_public_menu(tg):
    """Both views are in the menu Telegram shows beside the text box, in both languages and both scopes,
    with an example name of the index filled in."""
    await wait(tg, "setMyCommands", lambda p: p.get("language_code") == "en")
    public = [
        p for p in tg.sent("setMyCommands") if p["scope"]["type"] in ("all_private_chats", "all_group_chats")
    ]
    assert {(p["scope"]["type"], p.get("language_code")) for p in public} == {
        (s, lang) for s in ("all_private_chats", "all_group_chats") for lang in (None, "en")
    }
    for p in public:
        menu = {c["command"]: c["description"] for c in p["commands"]}
        assert {"timeline", "graph"} <= set(menu), menu
        assert "{" not in menu["timeline"] + menu["graph"]  # the example was filled in
        assert ("Timeline" in menu["timeline"]) == (p.get("language_code") == "en")
        assert ("大事记" in menu["timeline"] and "关系图" in menu["graph"]) == (
            p.get("language_code") is None
        )


async def test_a_photo_or_document_captioned_graph_gets_the_picture(tg):
    """/graph in a photo's or a document's caption is answered like the typed command: the picture."""
    tg.captioned("/graph 嘉楠科技", kind="photo")
    _check_photo(await wait(tg, "sendPhoto"), "嘉楠科技")
    n = len(tg.calls)
    tg.captioned("/graph 张楠赓", kind="document")
    _check_photo(await wait(tg, "sendPhoto", start=n), "张楠赓")
    n = len(tg.calls)
    tg.captioned("/graph 没有这个名字", kind="photo")
    p = await wait(tg, "sendMessage", lambda p: "没有找到" in p["text"], start=n)
    assert "没有这个名字" in p["text"]
