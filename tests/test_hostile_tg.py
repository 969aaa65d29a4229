"""Telegram edges of issue 20, end to end: the real PTB application against the fake Bot API server.

An update the library cannot parse, forwarded commands, automatic forwards from a linked channel, a
group's anonymous administrator, a document whose caption is a command, callback data out of range.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import socket
import time
from dataclasses import replace

import httpx

from tests.conftest import ADMIN, wait

GROUP = -1001777
CHANNEL = -100123
ANONYMOUS_BOT = 1087968824  # the `from` of an anonymous administrator's messages (GroupAnonymousBot)
ARTICLE = (
    "王小川在2006年创立了百川科技，担任百川科技创始人兼CEO。王小川毕业于清华大学计算机系。"
    "2023年，百川科技推出大模型产品。王小川表示，公司会继续投入研发。"
).encode()


def _who(tg, mode: str) -> None:
    core = tg.app.bot_data["core"]
    core.settings = replace(core.settings, corrections={**core.settings.corrections, "who": mode})


def _msg(tg, text: str, chat: dict, sender: dict, **extra) -> dict:
    tg.next_message += 1
    msg = {"message_id": tg.next_message, "date": int(time.time()), "chat": chat, "from": sender, **extra}
    if text:
        msg["text"] = text
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return msg


def _user(uid: int) -> dict:
    return {"id": uid, "is_bot": False, "first_name": "U", "language_code": "zh-hans"}


def _private(uid: int) -> dict:
    return {"id": uid, "type": "private", "first_name": "U"}


def _group() -> dict:
    return {"id": GROUP, "type": "supergroup", "title": "Team"}


async def _quiet_then_marker(tg, start: int) -> list[int]:
    """Sends /help from user 112 (handled after everything queued before it) and returns the chats that
    got a message since `start`."""
    tg.message("/help", user_id=112)
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 112, start=start)
    await asyncio.sleep(0.5)
    return [int(p["chat_id"]) for m, p in tg.calls[start:] if m == "sendMessage"]


# ---- an update the library cannot parse ------------------------------------------------------------


async def test_an_update_the_library_cannot_parse_is_skipped_once_and_the_bot_goes_on(tg, caplog):
    caplog.set_level(logging.WARNING, logger="factbot.telegram")
    # A poll without the fields an older Bot API server omits: Poll(...) cannot be built from it.
    bad = tg.push({"poll": {"id": "p1", "question": "?"}})
    n = len(tg.calls)
    polls_before = len(tg.polls)
    t0 = time.monotonic()
    tg.message("/who 张楠赓", user_id=116)
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == 116, start=n)
    assert "<b>张楠赓</b>" in p["text"]
    await asyncio.sleep(1.0)
    assert tg.max_offset_seen > bad  # acknowledged: the next getUpdates asked past it
    # Fetched once, not again and again (before: ~500 getUpdates in 5 s and megabytes of log).
    assert tg.delivered.count(bad) == 1, tg.delivered.count(bad)
    rate = (len(tg.polls) - polls_before) / (time.monotonic() - t0)
    assert rate < 30, f"{rate:.0f} getUpdates a second"
    skipped = [r for r in caplog.records if "cannot read" in r.getMessage()]
    assert len(skipped) == 1 and str(bad) in skipped[0].getMessage()


def test_readable_updates_keeps_good_ones_and_drops_those_without_an_id():
    from bot.tg.guard import readable_updates

    good = {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": _private(1), "text": "x"}}
    out = readable_updates([good, {"update_id": 6, "poll": {}}, {"poll": {}}, "junk", {"update_id": 7}])
    assert out == [good, {"update_id": 6}, {"update_id": 7}]


# ---- forwarded commands ----------------------------------------------------------------------------


def _forward_origin() -> dict:
    return {"type": "user", "date": int(time.time()) - 60, "sender_user": _user(9001)}


async def test_a_forwarded_correction_is_not_the_forwarders_own(tg):
    _who(tg, "admins")
    core = tg.app.bot_data["core"]
    n = len(tg.calls)
    text = "/alias 张楠赓 = 楠哥"
    tg.push({"message": _msg(tg, text, _private(ADMIN), _user(ADMIN), forward_origin=_forward_origin())})
    p = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == ADMIN, start=n)
    assert "转发的命令" in p["text"]
    assert core.answer("/who 楠哥").status != "found"
    # Typed by the admin, the same line is a correction (the refusal above was the forward, not the line).
    n = len(tg.calls)
    tg.message(text, user_id=ADMIN)
    await wait(tg, "sendMessage", lambda p: "已记下" in p["text"], start=n)
    assert core.answer("/who 楠哥").status == "found"


async def test_a_forwarded_command_in_a_group_is_ignored_silently(tg):
    _who(tg, "everyone")
    n = len(tg.calls)
    origin = _forward_origin()
    tg.push({"message": _msg(tg, "/fix 张楠赓 born 1901", _group(), _user(5), forward_origin=origin)})
    tg.push({"message": _msg(tg, "/who 张楠赓", _group(), _user(5), forward_origin=origin)})
    assert await _quiet_then_marker(tg, n) == [112]  # a correction run would have been confirmed


async def test_a_channel_post_is_answered_once_not_again_on_its_automatic_forward(tg):
    n = len(tg.calls)
    tg.channel_post("/who 张楠赓", chat_id=CHANNEL)
    await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == CHANNEL, start=n)
    channel = {"id": CHANNEL, "type": "channel", "title": "News"}
    copy = _msg(
        tg,
        "/who 张楠赓",
        _group(),
        {"id": 777000, "is_bot": False, "first_name": "Telegram"},
        sender_chat=channel,
        is_automatic_forward=True,
        forward_origin={
            "type": "channel",
            "date": int(time.time()),
            "chat": channel,
            "message_id": tg.next_message - 1,
        },
    )
    tg.push({"message": copy})
    assert await _quiet_then_marker(tg, n) == [CHANNEL, 112]


# ---- anonymous administrators ----------------------------------------------------------------------


async def test_a_groups_anonymous_administrator_counts_as_an_administrator(tg):
    _who(tg, "group_admins")
    core = tg.app.bot_data["core"]
    anonymous = {"id": ANONYMOUS_BOT, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
    # Another chat posting in the group (a linked channel) is not the group's administrator.
    n = len(tg.calls)
    other = {"id": CHANNEL, "type": "channel", "title": "News"}
    tg.push({"message": _msg(tg, "/alias 张楠赓 = 楠哥", _group(), anonymous, sender_chat=other)})
    no = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP, start=n)
    assert "本群的管理员" in no["text"] and core.answer("/who 楠哥").status != "found"
    n = len(tg.calls)
    tg.push({"message": _msg(tg, "/alias 张楠赓 = 楠哥", _group(), anonymous, sender_chat=_group())})
    yes = await wait(tg, "sendMessage", lambda p: int(p["chat_id"]) == GROUP, start=n)
    assert "已记下" in yes["text"], yes["text"]
    assert core.answer("/who 楠哥").status == "found"


# ---- a document whose caption is a command ---------------------------------------------------------


def _document(tg, fid: str, name: str, data: bytes) -> dict:
    tg.files[fid] = data
    return {"file_id": fid, "file_unique_id": fid + "u", "file_name": name, "file_size": len(data)}


async def test_an_admins_article_with_a_command_caption_is_ingested_and_answered(tg):
    n = len(tg.calls)
    msg = _msg(tg, "", _private(ADMIN), _user(ADMIN), caption="/who 王小川")
    msg["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": 4}]
    msg["document"] = _document(tg, "cap1", "baichuan.txt", ARTICLE)
    tg.push({"message": msg})
    done = await wait(tg, "editMessageText", lambda p: "收录" in p["text"], timeout=60, start=n)
    assert "已收录" in done["text"]
    card = await wait(tg, "sendMessage", lambda p: "王小川" in p["text"], timeout=30, start=n)
    assert "百川科技" in card["text"]  # answered after the upload: the card holds the new article


async def test_a_non_admins_article_with_a_command_caption_is_refused_and_answered(tg):
    core = tg.app.bot_data["core"]
    n = len(tg.calls)
    msg = _msg(tg, "", _private(118), _user(118), caption="/who 张楠赓")
    msg["caption_entities"] = [{"type": "bot_command", "offset": 0, "length": 4}]
    msg["document"] = _document(tg, "cap2", "mine.txt", ARTICLE)
    tg.push({"message": msg})
    card = await wait(tg, "sendMessage", lambda p: "<b>张楠赓</b>" in p["text"], start=n)
    assert card
    texts = [p["text"] for m, p in tg.calls[n:] if m == "sendMessage"]
    assert any("只有管理员可以添加文章" in x for x in texts), texts
    assert not core.uploads.exists() or not list(core.uploads.iterdir())


# ---- callback data out of range ----------------------------------------------------------------------


async def test_callback_data_out_of_range_is_answered_as_stale(tg):
    msg = {"message_id": 9, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"}
    data = ["x:3:99999999999999999999", "x:3:1:²", "h:99999999999999999999:1", "u:1" + "0" * 40]
    n = len(tg.calls)
    for d in data:
        tg.callback(d, msg)
    deadline = time.monotonic() + 15
    while len([1 for m, _ in tg.calls[n:] if m == "answerCallbackQuery"]) < len(data):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    answers = [p for m, p in tg.calls[n:] if m == "answerCallbackQuery"]
    assert [p.get("text") for p in answers] == ["这个按钮已失效"] * len(data)
    assert not [m for m, _ in tg.calls[n:] if m == "sendMessage"]


# ---- webhook mode: our own handler ---------------------------------------------------------------------


@contextlib.asynccontextmanager
async def webhook_bot(seed_index, tmp_path, secret: str = "s3cret"):
    """The real application served by `bot.tg.webhook.serve` on a loopback port, against the fake Bot API
    server; yields (fake, url)."""
    from bot.tg.app import build_application
    from bot.tg.webhook import serve
    from tests.fake_telegram import FakeTelegram

    fake = FakeTelegram().start()
    index = tmp_path / "i.sqlite"
    shutil.copy(seed_index, index)
    app = build_application(fake.token, index, base_url=fake.base_url, base_file_url=fake.base_file_url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    stop, ready = asyncio.Event(), asyncio.Event()
    hook = "https://example.invalid/telegram"
    task = asyncio.create_task(
        serve(app, "127.0.0.1", port, "telegram", hook, secret, ["message"], stop, ready)
    )
    try:
        await asyncio.wait_for(ready.wait(), 30)
        yield fake, f"http://127.0.0.1:{port}/telegram"
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        fake.stop()


def _update(uid: int, chat: int, text: str) -> dict:
    return {"update_id": uid, "message": _msg_raw(chat, text)}


def _msg_raw(chat: int, text: str) -> dict:
    return {
        "message_id": 1,
        "date": 0,
        "chat": _private(chat),
        "from": _user(chat),
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }


async def test_webhook_acknowledges_an_update_the_library_cannot_parse_and_goes_on(
    seed_index, tmp_path, caplog
):
    caplog.set_level(logging.INFO)  # the bot's level (bot.tg.app.run_bot)
    secret = "s3cret-" + "x" * 20
    async with webhook_bot(seed_index, tmp_path, secret) as (fake, url):
        # Registered with the secret and only the update types asked for.
        hook = fake.wait_for("setWebhook")
        assert hook["secret_token"] == secret and hook["allowed_updates"] == ["message"]
        ok = {"X-Telegram-Bot-Api-Secret-Token": secret}
        # Generated, so any new shape fails the same way: a poll without the fields PTB requires.
        bad = {"update_id": 41, "poll": {"id": "p1", "question": "?"}}
        async with httpx.AsyncClient() as client:
            r_bad = await client.post(url, json=bad, headers=ok)
            r_junk = await client.post(url, content=b"\xff{not json", headers=ok)
            r_list = await client.post(url, json=[1, 2], headers=ok)
            r_none = await client.post(url, json=_update(42, 6, "/who 张楠赓"))
            r_wrong = await client.post(
                url,
                json=_update(43, 6, "/who 张楠赓"),
                headers={**ok, "X-Telegram-Bot-Api-Secret-Token": "s3cret"},
            )
            r_good = await client.post(url, json=_update(44, 5, "/who 张楠赓"), headers=ok)
        # Acknowledged (PTB's own handler answered 400: Telegram resent the update forever).
        assert [r_bad.status_code, r_junk.status_code, r_list.status_code] == [200, 200, 200]
        assert r_none.status_code == 403 and r_wrong.status_code == 403 and r_good.status_code == 200
        p = await asyncio.to_thread(fake.wait_for, "sendMessage", lambda p: "张楠赓" in p["text"])
        assert int(p["chat_id"]) == 5
        await asyncio.sleep(0.5)
        assert [int(p["chat_id"]) for m, p in fake.calls if m == "sendMessage"] == [5]  # not 6
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 3 and "41" in skipped[0] and "poll" in skipped[0], skipped
    assert secret not in caplog.text and "s3cret" not in caplog.text.replace(secret, "")


async def test_webhook_odd_requests_are_answered_and_the_bot_goes_on(seed_index, tmp_path):
    """Re-probe of the webhook (issue 20): a GET, another path, JSON nested 100,000 deep, a secret header
    in Latin-1, a 5 MB body, no body, a boolean update id; the next good update is answered once."""
    ok = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    async with webhook_bot(seed_index, tmp_path, "s3cret") as (fake, url):
        async with httpx.AsyncClient(timeout=30) as client:
            got = {
                "get": (await client.get(url)).status_code,
                "other path": (
                    await client.post(url.replace("/telegram", "/x"), json={}, headers=ok)
                ).status_code,
                "deep json": (
                    await client.post(
                        url,
                        content=b'{"update_id": 5, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                        headers=ok,
                    )
                ).status_code,
                "latin-1 secret": (
                    await client.post(
                        url,
                        json=_update(6, 6, "/who 张楠赓"),
                        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cr\xe9t".encode("latin-1")},
                    )
                ).status_code,
                "no body": (await client.post(url, headers=ok)).status_code,
                "bool id": (
                    await client.post(url, json={"update_id": True, "message": {}}, headers=ok)
                ).status_code,
            }
            with contextlib.suppress(httpx.TransportError):  # cut off past 4 MB: closed, or 413
                big = await client.post(url, content=b" " * (5 * 1024 * 1024), headers=ok)
                assert big.status_code >= 400
            good = await client.post(url, json=_update(7, 5, "/who 张楠赓"), headers=ok)
        assert good.status_code == 200
        await asyncio.to_thread(fake.wait_for, "sendMessage", lambda p: "张楠赓" in p["text"])
        await asyncio.sleep(0.5)
        assert [int(p["chat_id"]) for m, p in fake.calls if m == "sendMessage"] == [5]
    assert got == {
        "get": 405,
        "other path": 404,
        "deep json": 200,
        "latin-1 secret": 403,
        "no body": 200,
        "bool id": 200,
    }


async def test_callback_shapes_without_data_or_message_are_all_answered(tg):
    """Re-probe (issue 20): empty data, 16 emoji, a NUL, no message, a game, an inline message, a
    message without text, negative and float-like numbers: every query answered, nothing else sent."""
    msg = {"message_id": 9, "date": 0, "chat": {"id": 111, "type": "private"}, "text": "x"}
    base = {"chat_instance": "ci", "from": _user(111)}
    shapes = [
        {"message": msg, "data": ""},
        {"message": msg, "data": "😀" * 16},
        {"message": msg, "data": "x:\x00:1"},
        {"data": "x:3:1"},
        {"message": msg, "game_short_name": "g"},
        {"inline_message_id": "im1", "data": "x:3:1"},
        {"message": {**msg, "text": None}, "data": "h:1:1"},
        {"message": msg, "data": "x:-1:-1"},
        {"message": msg, "data": "x:3:1e5"},
    ]
    n = len(tg.calls)
    for i, shape in enumerate(shapes):
        tg.push({"callback_query": {"id": f"odd{i}", **base, **shape}})
    deadline = time.monotonic() + 20
    want = {f"odd{i}" for i in range(len(shapes))}
    while {p.get("callback_query_id") for m, p in tg.calls[n:] if m == "answerCallbackQuery"} != want:
        assert time.monotonic() < deadline, [p for m, p in tg.calls[n:]]
        await asyncio.sleep(0.1)
    assert not [m for m, _ in tg.calls[n:] if m == "sendMessage"]
