"""A small fake Telegram Bot API server on 127.0.0.1, for end-to-end tests of the real PTB application.

It speaks the Bot API's HTTP protocol: form-encoded or multipart parameters (PTB sends strings raw and
other values as JSON), JSON answers `{"ok": true, "result": ...}`, long-polled getUpdates honouring the
offset, file downloads under /file/bot<token>/. Faults can be queued per method (429 with retry_after,
5xx, dropped connections) to test how the bot copes.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

BOT_ID = 7000000001
BOT_USERNAME = "factbot_test_bot"


class ApiError(Exception):
    """An error answer of the Bot API (400 for an edit of an unknown or unchanged message)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A flood test opens dozens of connections at once: socketserver's listen backlog of 5 overflowed, the
    # kernel let the handshake finish and dropped what followed, and the bot's send failed (httpx ReadError,
    # an answer lost; CI red once in a fresh clone). Telegram's servers accept far more.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        # Clients hanging up on a long poll at shutdown are expected, not errors.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token_secret") -> None:
        self.token = token
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.faults: dict[str, list] = defaultdict(list)
        self.files: dict[str, bytes] = {}
        self.lock = threading.Condition()
        self.next_update = 1
        self.next_message = 1000
        self.max_offset_seen = 0
        self.delivered: list[int] = []
        self.polls: list[float] = []  # when each getUpdates arrived
        self.chat_admins: set[tuple[int, int]] = set()  # (chat id, user id) that getChatMember calls admins
        # What the bot sent, by (chat id, message id), as the real server keeps it: an edit must name a
        # message the bot sent and change it ("message is not modified" otherwise).
        self.messages: dict[tuple[int, int], dict] = {}
        self.server = _Server(("127.0.0.1", 0), self._handler())
        # A short poll: `shutdown()` waits for the serving loop to notice, up to one interval (0.5 s by
        # default, paid by every test's teardown).
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> FakeTelegram:
        self.thread.start()
        return self

    def stop(self) -> None:
        with self.lock:
            self.lock.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # ---- scripting ------------------------------------------------------------------------------
    def push(self, update: dict) -> int:
        with self.lock:
            uid = self.next_update
            self.next_update += 1
            self.updates.append({"update_id": uid, **update})
            self.lock.notify_all()
            return uid

    def message(
        self,
        text: str,
        user_id: int = 111,
        chat_id: int | None = None,
        chat_type: str = "private",
        lang: str = "zh-hans",
        entities: bool = True,
        document: dict | None = None,
    ) -> int:
        chat_id = chat_id if chat_id is not None else user_id
        self.next_message += 1
        msg: dict = {
            "message_id": self.next_message,
            "date": int(time.time()),
            "chat": {
                "id": chat_id,
                "type": chat_type,
                **({"title": "Team"} if chat_type != "private" else {}),
            },
            "from": {"id": user_id, "is_bot": False, "first_name": "U", "language_code": lang},
        }
        if text:
            msg["text"] = text
            if entities and text.startswith("/"):
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if document:
            msg["document"] = document
        return self.push({"message": msg})

    def channel_post(self, text: str, chat_id: int = -100123) -> int:
        self.next_message += 1
        post = {
            "message_id": self.next_message,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "channel", "title": "News"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        }
        return self.push({"channel_post": post})

    def edited(self, text: str, message_id: int, user_id: int = 111, channel: bool = False) -> int:
        """An edit of an earlier message (or channel post) that carries a command."""
        chat = (
            {"id": -100123, "type": "channel", "title": "News"}
            if channel
            else {"id": user_id, "type": "private"}
        )
        msg: dict = {
            "message_id": message_id,
            "date": int(time.time()) - 60,
            "edit_date": int(time.time()),
            "chat": chat,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        }
        if not channel:
            msg["from"] = {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "zh-hans"}
        return self.push({"edited_channel_post" if channel else "edited_message": msg})

    def captioned(
        self, caption: str, kind: str = "photo", user_id: int = 111, chat_id: int | None = None
    ) -> int:
        """A photo or document with a caption (captions carry caption_entities, not entities)."""
        chat_id = chat_id if chat_id is not None else user_id
        self.next_message += 1
        msg: dict = {
            "message_id": self.next_message,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "zh-hans"},
            "caption": caption,
        }
        if caption.startswith("/"):
            msg["caption_entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}
            ]
        if kind == "photo":
            msg["photo"] = [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 90, "height": 90}]
        else:
            msg["document"] = {"file_id": "dc1", "file_unique_id": "dc1u", "file_name": "scan.pdf"}
        return self.push({"message": msg})

    def inline(self, query: str, offset: str = "", user_id: int = 111, lang: str = "zh-hans") -> int:
        return self.push(
            {
                "inline_query": {
                    "id": f"iq{self.next_update}",
                    "query": query,
                    "offset": offset,
                    "from": {"id": user_id, "is_bot": False, "first_name": "U", "language_code": lang},
                }
            }
        )

    def callback(self, data: str, message: dict, user_id: int = 111) -> int:
        return self.push(
            {
                "callback_query": {
                    "id": f"cb{self.next_update}",
                    "data": data,
                    "chat_instance": "ci",
                    "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                    "message": message,
                }
            }
        )

    def message_of(self, p: dict) -> dict:
        """The message a sendMessage (or an edit) made, as a callback query carries it."""
        key = (int(p.get("chat_id", 0) or 0), int(p["_message_id"]))
        return dict(self.messages[key])

    def press(self, data: str, p: dict, user_id: int = 111) -> int:
        """The user presses the button with this data under the message the bot sent with `p`."""
        return self.callback(data, self.message_of(p), user_id=user_id)

    def sent(self, method: str = "sendMessage") -> list[dict]:
        return [p for m, p in self.calls if m == method]

    def wait_for(self, method: str, pred=lambda p: True, timeout: float = 15.0, start: int = 0) -> dict:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for m, p in self.calls[start:]:
                    if m == method and pred(p):
                        return p
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {method} matching within {timeout}s; calls: {[m for m, _ in self.calls][-20:]}"
                    )
                self.lock.wait(left)

    # ---- protocol -------------------------------------------------------------------------------
    def _result(self, method: str, p: dict):
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "factbot",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        if method in (
            "deleteWebhook",
            "setMyCommands",
            "answerCallbackQuery",
            "answerInlineQuery",
            "setWebhook",
            "sendChatAction",
            "deleteMyCommands",
        ):
            return True
        if method == "editMessageText" and p.get("inline_message_id"):
            return True
        if method in ("sendMessage", "editMessageText"):
            chat_id = int(p.get("chat_id", 0) or 0)
            if method == "editMessageText":
                old = self.messages.get((chat_id, int(p.get("message_id") or 0)))
                if old is None:
                    raise ApiError(400, "Bad Request: message to edit not found")
                if old["text"] == p.get("text", "") and old.get("reply_markup") == p.get("reply_markup"):
                    raise ApiError(400, "Bad Request: message is not modified")
            else:
                self.next_message += 1
            msg = {
                "message_id": int(p.get("message_id") or self.next_message),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "factbot"},
                "text": p.get("text", ""),
            }
            if p.get("reply_markup"):
                msg["reply_markup"] = p["reply_markup"]
            self.messages[(chat_id, msg["message_id"])] = msg
            p["_message_id"] = msg["message_id"]
            return msg
        if method == "sendPhoto":
            self.next_message += 1
            chat_id = int(p.get("chat_id", 0) or 0)
            data = p.get("photo")
            size = len(data) if isinstance(data, bytes) else 0
            return {
                "message_id": self.next_message,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "factbot"},
                "photo": [
                    {
                        "file_id": f"photo{self.next_message}",
                        "file_unique_id": f"p{self.next_message}",
                        "width": 1280,
                        "height": 960,
                        "file_size": size,
                    }
                ],
                "caption": p.get("caption", ""),
            }
        if method == "getChatMember":
            chat, user = int(p.get("chat_id", 0)), int(p.get("user_id", 0))
            member = {"status": "member", "user": {"id": user, "is_bot": False, "first_name": "U"}}
            if (chat, user) in self.chat_admins:
                member.update(
                    status="administrator",
                    can_be_edited=False,
                    is_anonymous=False,
                    can_manage_chat=True,
                    can_delete_messages=True,
                    can_manage_video_chats=False,
                    can_restrict_members=True,
                    can_promote_members=False,
                    can_change_info=True,
                    can_invite_users=True,
                    can_post_stories=False,
                    can_edit_stories=False,
                    can_delete_stories=False,
                )
            return member
        if method == "getFile":
            fid = p["file_id"]
            return {
                "file_id": fid,
                "file_unique_id": fid + "u",
                "file_size": len(self.files.get(fid, b"")),
                "file_path": f"documents/{fid}.bin",
            }
        return True

    def _updates(self, p: dict) -> list[dict]:
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 2.0)
        with self.lock:
            self.max_offset_seen = max(self.max_offset_seen, offset)
            while True:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                if pending or time.monotonic() >= deadline:
                    self.delivered += [u["update_id"] for u in pending]
                    return pending
                self.lock.wait(max(0.01, deadline - time.monotonic()))

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _send(self, code: int, payload: dict | bytes) -> None:
                body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(code)
                self.send_header(
                    "Content-Type",
                    "application/json" if not isinstance(payload, bytes) else "application/octet-stream",
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                prefix = f"/file/bot{fake.token}/documents/"
                path = unquote(self.path)
                if path.startswith(prefix):
                    fid = path[len(prefix) :].rsplit(".", 1)[0]
                    if fid in fake.files:
                        self._send(200, fake.files[fid])
                        return
                fake.calls.append(("GET?", {"path": self.path}))
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})

            def do_POST(self) -> None:
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                method = self.path[len(prefix) :]
                params = self._params()
                with fake.lock:
                    fault = fake.faults[method].pop(0) if fake.faults.get(method) else None
                if method == "getUpdates":
                    fake.polls.append(time.monotonic())
                if isinstance(fault, tuple) and fault[0] == "stall":
                    fake.stalled_at = time.monotonic()
                    time.sleep(fault[1])  # longer than the client waits: it times out and asks again
                    fault = None
                if fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if fault is not None:
                    code, payload = fault
                    with fake.lock:
                        fake.calls.append(("!" + method, params))
                        fake.lock.notify_all()
                    self._send(code, payload)
                    return
                if method == "getUpdates":
                    result = fake._updates(params)
                else:
                    with fake.lock:
                        try:
                            result = fake._result(method, params)
                        except ApiError as exc:
                            fake.calls.append(("!" + method, params))
                            fake.lock.notify_all()
                            self._send(
                                exc.code, {"ok": False, "error_code": exc.code, "description": str(exc)}
                            )
                            return
                        fake.calls.append((method, params))
                        fake.lock.notify_all()
                self._send(200, {"ok": True, "result": result})

            def _params(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                out: dict = {}
                if ctype.startswith("multipart/form-data"):
                    from email.parser import BytesParser
                    from email.policy import HTTP

                    msg = BytesParser(policy=HTTP).parsebytes(
                        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + raw
                    )
                    for part in msg.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        if name:
                            out[name] = part.get_payload(decode=True)
                elif ctype.startswith("application/json"):
                    out = json.loads(raw or b"{}")
                else:
                    out = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
                for k, v in list(out.items()):
                    # PTB sends strings raw and everything else JSON-encoded.
                    if isinstance(v, bytes):
                        try:
                            v = v.decode()
                        except UnicodeDecodeError:
                            out[k] = v  # an uploaded file (sendPhoto's PNG) stays bytes
                            continue
                    if isinstance(v, str) and v[:1] in "[{":
                        try:
                            v = json.loads(v)
                        except ValueError:
                            pass
                    out[k] = v
                return out

        return Handler


def rate_limited(retry_after: int = 1) -> tuple[int, dict]:
    return 429, {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


def server_error(code: int = 502) -> tuple[int, dict]:
    return code, {"ok": False, "error_code": code, "description": "Bad Gateway"}
