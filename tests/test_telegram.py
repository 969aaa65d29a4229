"""End to end: the real python-telegram-bot application long-polls a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil

from bot.answer import deep_link
from tests.conftest import ADMIN, wait
from tests.fake_telegram import BOT_USERNAME


async def test_startup_sets_commands_in_both_languages(tg):
    await wait(tg, "setMyCommands", lambda p: p.get("language_code") == "en")
    zh = [p for p in tg.sent("setMyCommands") if not p.get("language_code")]
    assert any(c["command"] == "who" and "张楠赓" in c["description"] for c in zh[0]["commands"])
    scopes = {p["scope"]["type"] for p in tg.sent("setMyCommands")}
    assert {"all_private_chats", "all_group_chats"} <= scopes  # admins get their own (corrections)


async def test_private_who(tg):
    tg.message("/who 张楠赓")
    p = await wait(tg, "sendMessage", lambda p: "张楠赓" in p["text"])
    assert p["parse_mode"] == "HTML" and "<b>张楠赓</b>" in p["text"] and "嘉楠" in p["text"]
    buttons = [b for row in p["reply_markup"]["inline_keyboard"] for b in row]
    assert any("switch_inline_query_chosen_chat" in b for b in buttons)
    assert all(len(b.get("callback_data", "").encode()) <= 64 for b in buttons)


async def test_group_command_with_bot_name_and_other_bot_ignored(tg):
    tg.message("/who@someotherbot 张楠赓", user_id=5, chat_id=-1001, chat_type="supergroup")
    mid = tg.message(f"/who@{BOT_USERNAME} 楊作興", user_id=5, chat_id=-1001, chat_type="supergroup")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -1001)
    assert "楊作興" in p["text"] and "清華" in p["text"]  # Traditional query, Traditional answer
    await asyncio.sleep(0.5)
    assert len([x for x in tg.sent() if int(x["chat_id"]) == -1001]) == 1
    assert "reply_parameters" in p and p["reply_parameters"]["message_id"] >= 1000
    del mid


async def test_channel_post_command(tg):
    tg.channel_post("/company 神眸")
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == -100123)
    assert "CINMOORE" in p["text"]


async def test_inline_query_with_paging_and_empty_hint(tg):
    tg.inline("张楠赓")
    p = await wait(tg, "answerInlineQuery", lambda p: p["results"])
    first = p["results"][0]
    assert first["title"].startswith("张楠赓") and "嘉楠" in first["input_message_content"]["message_text"]
    tg.inline("科技")
    page1 = await wait(tg, "answerInlineQuery", lambda p: p.get("next_offset"))
    assert len(page1["results"]) <= 50
    tg.inline("科技", offset=page1["next_offset"])
    await wait(
        tg,
        "answerInlineQuery",
        lambda p: p["results"] and p["results"][0]["id"] not in {r["id"] for r in page1["results"]},
    )
    tg.inline("")
    hint = await wait(tg, "answerInlineQuery", lambda p: p.get("button"))
    assert hint["results"] == [] and "张楠赓" in hint["button"]["text"]
    n = len(tg.calls)
    tg.inline("", lang="zh-tw")  # the hint in the reader's script, its example name too
    hint = await wait(tg, "answerInlineQuery", lambda p: p.get("button"), start=n)
    assert hint["button"]["text"] == "輸入名字，例如 張楠賡"


async def test_callback_round_trip_and_deep_link(tg):
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "张楠赓" in p["text"])
    buttons = [b for row in card["reply_markup"]["inline_keyboard"] for b in row if "callback_data" in b]
    data = next(b["callback_data"] for b in buttons if b["callback_data"].startswith("e:"))
    n = len(tg.calls)
    tg.callback(data, {"message_id": 5, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"})
    await wait(tg, "answerCallbackQuery", start=n)
    await wait(tg, "sendMessage", lambda p: "·" in p["text"], start=n)
    eid = data.split(":")[1].split(".")[0]
    n = len(tg.calls)
    tg.message(f"/start {deep_link(tg.app.bot_data['core'].index, int(eid))}")
    p = await wait(tg, "sendMessage", start=n)
    assert "要点" in p["text"]
    # A link without its check (made before links carried one), or with another entity's: stale.
    for stale in (eid, f"{eid}_zzzz"):
        n = len(tg.calls)
        tg.message(f"/start {stale}")
        p = await wait(tg, "sendMessage", start=n)
        assert p["text"] == "这个按钮已失效。"


async def test_admin_document_upload_and_non_admin_refused(tg):
    article = (
        "王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川毕业于清华大学计算机系。"
        "2023年，百川科技推出大模型产品。王小川表示，公司会继续投入研发。"
    ).encode("gb18030")
    tg.files["doc1"] = article
    doc = {
        "file_id": "doc1",
        "file_unique_id": "u1",
        "file_name": "../../etc/passwd.txt",
        "file_size": len(article),
    }
    tg.message("", user_id=999, document=doc)
    await wait(tg, "sendMessage", lambda p: "管理员" in p["text"])
    n = len(tg.calls)
    tg.message("", user_id=ADMIN, document=doc)
    done = await wait(
        tg, "editMessageText", lambda p: "已收录" in p["text"] or "没有收录" in p["text"], timeout=60, start=n
    )
    assert "已收录" in done["text"] and "passwd.txt" in done["text"]
    core = tg.app.bot_data["core"]
    # Stored by content: <sha256 prefix>-<sanitised name>, inside uploads/.
    assert list(core.uploads.glob("*-passwd.txt")) and not list(core.uploads.parent.parent.glob("etc"))
    n = len(tg.calls)
    tg.message("/who 王小川", user_id=ADMIN)
    p = await wait(tg, "sendMessage", lambda p: "王小川" in p["text"], start=n)
    assert "百川科技" in p["text"]


async def test_help_in_chinese(tg):
    tg.message("/help")
    p = await wait(tg, "sendMessage", lambda p: "/who" in p["text"])
    assert "例如" in p["text"]


def _buttons(p: dict) -> dict[str, str]:
    """A sent message's buttons: callback data by label."""
    rows = (p.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


def _bullets(text: str) -> set[str]:
    return {line for line in text.split("\n") if line.startswith("•")}


async def test_more_facts_pages_in_place_without_the_profile_again(tg):
    """Issue 19, item 6: 更多要点 edits the card's own message into page 2 (no second message), which
    shows the name and the page but not the profile; ‹ 上一页 brings the card back, unchanged."""
    tg.message("/company 嘉楠科技")
    card = await wait(tg, "sendMessage", lambda p: "嘉楠科技" in p["text"])
    assert "更多要点" in _buttons(card), "a card with more facts than fit offers a more-facts button"
    assert "成立" in card["text"]
    n = len(tg.calls)
    tg.press(_buttons(card)["更多要点"], card)
    page = await wait(tg, "editMessageText", lambda p: "第 2 页" in p["text"], start=n)
    assert int(page["message_id"]) == card["_message_id"] and page["parse_mode"] == "HTML"
    head = page["text"].split("\n")[0]
    assert head.startswith("<b>嘉楠科技</b>") and "第 2 页" in head
    assert "成立" not in page["text"] and "公司" not in head  # no profile line, no kind header
    assert _bullets(page["text"]) and not _bullets(card["text"]) & _bullets(page["text"])
    assert "‹ 上一页" in _buttons(page) and "来源" in _buttons(page)
    n = len(tg.calls)
    tg.press(_buttons(page)["‹ 上一页"], page | {"_message_id": card["_message_id"]})
    back = await wait(tg, "editMessageText", start=n)
    assert back["text"] == card["text"] and _buttons(back) == _buttons(card)
    await asyncio.sleep(0.3)
    assert not [m for m, p in tg.calls[n:] if m == "sendMessage"]  # paging never sent a new message


async def test_sources_in_place_and_back_to_the_card(tg):
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "张楠赓" in p["text"])
    n = len(tg.calls)
    tg.press(_buttons(card)["来源"], card)
    p = await wait(tg, "editMessageText", lambda p: "来源" in p["text"], start=n)
    assert int(p["message_id"]) == card["_message_id"]
    assert "经济观察报" in p["text"] and "2019-09-07" in p["text"]
    n = len(tg.calls)
    tg.press(_buttons(p)["查看卡片"], card)
    back = await wait(tg, "editMessageText", start=n)
    assert back["text"] == card["text"]
    # Pressing the page the message already shows again is no error (the server says "not modified").
    n = len(tg.calls)
    tg.press(_buttons(p)["查看卡片"], back)
    await wait(tg, "answerCallbackQuery", start=n)
    await asyncio.sleep(0.3)
    assert not [m for m, _ in tg.calls[n:] if m in ("sendMessage",)]


async def test_a_related_name_opens_its_card_in_a_new_message(tg):
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "张楠赓" in p["text"])
    related = [(label, d) for label, d in _buttons(card).items() if d.startswith("e:")]
    assert related
    label, data = related[0]
    n = len(tg.calls)
    tg.press(data, card)
    other = await wait(tg, "sendMessage", start=n)
    assert f"<b>{label}</b>" in other["text"] and "editMessageText" not in [m for m, _ in tg.calls[n:]]


async def test_search_page_two_in_place(tg):
    tg.message("/search 公司")
    first = await wait(tg, "sendMessage", lambda p: "搜索结果" in p["text"])
    assert "下一页 ›" in _buttons(first)
    n = len(tg.calls)
    tg.press(_buttons(first)["下一页 ›"], first)
    second = await wait(tg, "editMessageText", start=n)
    assert int(second["message_id"]) == first["_message_id"] and "第 2 页" in second["text"]
    assert _bullets(second["text"]) and not _bullets(first["text"]) & _bullets(second["text"])
    n = len(tg.calls)
    tg.press(_buttons(second)["‹ 上一页"], second)
    again = await wait(tg, "editMessageText", start=n)
    assert again["text"] == first["text"]
    # A search the bot no longer remembers (a restart): the button says it has expired.
    tg.app.bot_data["core"].searches.clear()
    n = len(tg.calls)
    tg.press(_buttons(second)["‹ 上一页"], again)
    stale = await wait(tg, "answerCallbackQuery", start=n)
    assert stale["text"] == "这个按钮已失效"


async def test_channel_articles_ingested_only_when_configured(tg):
    core = tg.app.bot_data["core"]
    post = "郑海涛在2015年创立了极光数智，并担任极光数智董事长。郑海涛表示，公司会继续投入研发。" * 8
    tg.channel_post(post, chat_id=-100999)  # not configured: ignored
    await asyncio.sleep(1.0)
    assert not core.uploads.exists() or not list(core.uploads.iterdir())
    from dataclasses import replace

    core.settings = replace(core.settings, channels_ingest=(-100555,))
    tg.channel_post(post, chat_id=-100555)
    for _ in range(120):
        if "郑海涛" in {e.name for e in core.index.entities.values()}:
            break
        await asyncio.sleep(0.5)
    assert "郑海涛" in {e.name for e in core.index.entities.values()}


async def test_bot_sees_an_ingest_without_reload(tg, tmp_path):
    """Another process adds an article to the running bot's index: the next query answers from it."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    art = tmp_path / "new"
    art.mkdir()
    (art / "a.txt").write_text(
        "太极科技的故事\n2015年3月，韩立峰在深圳创立了太极科技，韩立峰担任太极科技董事长。"
        "韩立峰表示，太极科技会坚持研发芯片。",
        encoding="utf-8",
    )
    index = tg.app.bot_data["core"].index_path if "core" in tg.app.bot_data else None
    assert index is not None
    r = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "ingest", str(art), "--index", str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    tg.message("/company 太极科技", user_id=55)
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 55)
    assert "太极科技" in p["text"] and "韩立峰" in p["text"] and "没有找到" not in p["text"]


async def test_buttons_in_the_readers_language(tg):
    def texts(p: dict) -> set[str]:
        return {b["text"] for row in p["reply_markup"]["inline_keyboard"] for b in row}

    tg.message("/who 张楠赓", lang="en")
    en = await wait(tg, "sendMessage", lambda p: "Sources" in str(p.get("reply_markup")))
    assert {"Sources", "Share", "Hide a fact"} <= texts(en)
    n = len(tg.calls)
    tg.message("/who 张楠赓", lang="zh-tw")
    tw = await wait(tg, "sendMessage", lambda p: "來源" in str(p.get("reply_markup")), start=n)
    assert {"來源", "分享", "隱藏要點"} <= texts(tw) and "来源" not in texts(tw)
    n = len(tg.calls)
    tg.message("/who 张楠赓")
    zh = await wait(tg, "sendMessage", lambda p: "来源" in str(p.get("reply_markup")), start=n)
    assert {"来源", "分享", "隐藏要点"} <= texts(zh)


async def test_menus_come_from_the_command_table(tg):
    import re

    from bot.commands import COMMANDS

    await wait(tg, "setMyCommands", lambda p: p.get("language_code") == "en")
    public = [c.name for c in COMMANDS if c.menu]
    examples = tg.app.bot_data["core"].index.examples().values()
    for p in tg.sent("setMyCommands"):
        names = [c["command"] for c in p["commands"]]
        assert names[: len(public)] == public
        for c in p["commands"] if p.get("language_code") == "en" else []:
            words = c["description"]
            for example in examples:
                words = words.replace(example, "")
            assert not re.search("[\u4e00-\u9fff]", words), c


NOT_OURS = ["e:-1", "s:", "x:whatever", "e:1²", "e:٣", "m:1", ""]


def test_callback_codec_round_trip_and_refusals():
    from bot.tg.buttons import Press, decode, encode

    assert decode(encode("m", 12, 3)) == Press("m", (12, 3))
    assert decode(encode("m", 12, 3, check="ab1z")) == Press("m", (12, 3), "ab1z")
    assert decode(encode("h", 7)) == Press("h", (7,)) and decode("h:7:2") == Press("h", (7, 2))
    assert decode("y:5").num(1, -1) == -1
    for bad in [*NOT_OURS, "x:1", "e:1:2", "z:1", None, "e:1234567890", "e:1.AB", "e:1.", "e:1.abcdefghi"]:
        assert decode(bad) is None, bad
    assert len(encode("x", 999_999_999, 999_999_999).encode()) <= 64


async def test_buttons_made_before_a_rebuild_open_the_same_card_or_say_stale(tg, tmp_path):
    """Issue 19: cards sent, the index rebuilt with one article fewer under the running bot, then the old
    buttons pressed: each opens the card it opened before or answers 这个按钮已失效, never another card."""
    from bot.ingest import build_index
    from tests.conftest import SEEDS

    pressed: list[tuple[str, str]] = []  # (callback data, the name its card showed)
    for line in ("/who 杨作兴", "/company 嘉楠科技", "/who 张楠赓"):
        n = len(tg.calls)
        tg.message(line)
        card = await wait(tg, "sendMessage", lambda p: p.get("reply_markup"), start=n)
        for row in card["reply_markup"]["inline_keyboard"]:
            for b in row:
                if b.get("callback_data", "")[:2] in ("e:", "m:", "s:"):
                    pressed.append((b["callback_data"], b["text"] if b["callback_data"][0] == "e" else line))
    assert len(pressed) >= 6
    eid = pressed[0][0].split(":")[1].split(".")[0]
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    for p in sorted(SEEDS.iterdir())[1:]:
        shutil.copy(p, fewer / p.name)
    index = tg.app.bot_data["core"].index_path
    await asyncio.to_thread(build_index, [fewer], index, None, False, True)
    opened = stale = 0
    for data, name in [*pressed, (f"e:{eid}", None)]:
        n = len(tg.calls)
        tg.callback(data, {"message_id": 5, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"})
        answered = await wait(tg, "answerCallbackQuery", start=n)
        if answered.get("text"):
            assert answered["text"] == "这个按钮已失效", data
            stale += 1
            continue
        assert name is not None, data  # a button without a check never opens a card
        sent = await wait(tg, "sendMessage", start=n)
        want = name.split()[-1] if name.startswith("/") else name
        assert want in sent["text"], (data, sent["text"][:80])
        opened += 1
    assert opened >= 4 and stale >= 1, (opened, stale)


async def test_plain_text_empty_search_and_unknown_command_in_a_private_chat(tg):
    """Issue 19, item 13: no 没有找到“hello”, /search alone says how to use it, /foo lists the commands."""
    for line, want, unwanted in (
        ("hello", "/help", "没有找到"),
        ("/search", "/search", "没有找到"),
        ("/foo", "/company", "请在命令后面"),
    ):
        n = len(tg.calls)
        tg.message(line)
        p = await wait(tg, "sendMessage", start=n)
        assert want in p["text"] and unwanted not in p["text"], (line, p["text"][:100])


async def test_sources_and_the_article_list_page_when_past_one_message(tg, monkeypatch):
    """Issue 19, item 10: a source list longer than a message pages in place (here a page holds about
    one row, so the seeds' lists are long enough)."""
    import bot.show.text

    monkeypatch.setattr(bot.show.text, "PAGE_BUDGET", 50)
    tg.message("/who 张楠赓")
    card = await wait(tg, "sendMessage", lambda p: "张楠赓" in p["text"])
    n = len(tg.calls)
    tg.press(_buttons(card)["来源"], card)
    first = await wait(tg, "editMessageText", start=n)
    assert "[1]" in first["text"] and "[2]" not in first["text"]
    n = len(tg.calls)
    tg.press(_buttons(first)["下一页 ›"], first)
    second = await wait(tg, "editMessageText", start=n)
    assert "第 2 页" in second["text"] and "[2]" in second["text"] and "[1]" not in second["text"]
    assert {"‹ 上一页", "查看卡片"} <= set(_buttons(second))
    tg.message("/sources")
    listed = await wait(tg, "sendMessage", lambda p: "已收录的文章" in p["text"])
    n = len(tg.calls)
    tg.press(_buttons(listed)["下一页 ›"], listed)
    page2 = await wait(tg, "editMessageText", start=n)
    assert "第 2 页" in page2["text"] and "[2]" in page2["text"] and "[1]" not in page2["text"]


async def test_more_command_in_telegram_pages_with_buttons(tg):
    tg.message("/more 张楠赓 2")
    page = await wait(tg, "sendMessage", lambda p: "第 2 页" in p["text"])
    assert page["text"].startswith("<b>张楠赓</b> · 要点") and {"‹ 上一页", "来源"} <= set(_buttons(page))


async def test_help_and_the_short_help_in_the_readers_script(tg):
    """Issue 19, item 11: help texts follow the reader's language (Traditional for zh-TW, English)."""
    for lang, want, unwanted in (
        ("zh-tw", "人物卡片，例如 /who 張楠賡", "张楠赓"),
        ("en", "/more NAME [PAGE]", "人物卡片"),
    ):
        n = len(tg.calls)
        tg.message("/help", lang=lang)
        p = await wait(tg, "sendMessage", start=n)
        assert want in p["text"] and unwanted not in p["text"], (lang, p["text"][:200])
    n = len(tg.calls)
    tg.message("hello", lang="zh-tw")
    p = await wait(tg, "sendMessage", start=n)
    assert "發一個名字" in p["text"] and "张楠赓" not in p["text"]
