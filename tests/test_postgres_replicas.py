"""Two bot processes in webhook mode on two loopback ports, behind a tiny round-robin proxy, against the fake
Bot API server, on one PostgreSQL database: every update answered exactly once, a correction made through
one replica shown on the next query through the other, a search's page button pressed through the other,
one user's flood limit counted across both, a digest posted once."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import pg_server as pg
from tests.conftest import ROOT
from tests.fake_telegram import FakeTelegram

pg_server, pg_seeded = pg.pg_server, pg.pg_seeded  # the fixtures, by name

SECRET = "replica-test-secret-0123456789"
NEWS = (  # invented (tests only): a new fact about a company of the seeds
    "嘉楠科技发布新一代芯片\n2026年3月，嘉楠科技在杭州发布了新一代边缘计算芯片勘智K990。"
    "嘉楠科技表示，勘智K990将在2026年下半年量产。\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RoundRobin:
    """An HTTP load balancer in miniature: each POST to the next backend in turn, the answer passed back."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.routed: dict[int, int] = {}  # update id -> backend index
        self._next = 0
        self._lock = threading.Lock()
        balancer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with balancer._lock:
                    i = balancer._next % len(balancer.ports)
                    balancer._next += 1
                    balancer.routed[json.loads(body)["update_id"]] = i
                conn = http.client.HTTPConnection("127.0.0.1", balancer.ports[i], timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                conn.request("POST", self.path, body, headers)
                r = conn.getresponse()
                data = r.read()
                self.send_response(r.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def post(self, update: dict) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=60)
        body = json.dumps(update).encode()
        conn.request(
            "POST",
            "/telegram",
            body,
            {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        return conn.getresponse().status

    def stop(self) -> None:
        self.server.shutdown()


def _update(fake: FakeTelegram, text: str, user: int) -> dict:
    """An update as Telegram would POST it (made by the fake server, taken out of its polling queue)."""
    fake.message(text, user_id=user)
    with fake.lock:
        return fake.updates.pop()


def _ready(port: int, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"replica exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("POST", "/telegram", b"{}", {"Content-Type": "application/json"})
            if conn.getresponse().status == 403:  # up, and refusing what lacks the secret
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"replica not up in {seconds} s: {log.read_text(errors='replace')[-3000:]}")


def _to_chat(fake: FakeTelegram, chat: int) -> list[str]:
    return [p["text"] for m, p in list(fake.calls) if m == "sendMessage" and int(p["chat_id"]) == chat]


def _buttons(p: dict) -> dict[str, str]:
    rows = (p.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


def _until(pred, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not pred():
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)


def test_two_webhook_replicas_behind_a_round_robin_proxy_answer_as_one(pg_seeded, tmp_path):
    fake = FakeTelegram().start()
    ports = [_free_port(), _free_port()]
    procs, logs = [], []
    for n, port in enumerate(ports):
        env = {
            **os.environ,
            "PYTHONHASHSEED": "0",
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "FACTBOT_WEBHOOK_URL": "https://bot.example.invalid",
            "FACTBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "FACTBOT_WEBHOOK_PORT": str(port),
        }
        logs.append(tmp_path / f"replica{n}.log")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--index", str(pg_seeded)],
                cwd=ROOT,
                env=env,
                stdout=logs[-1].open("w"),
                stderr=subprocess.STDOUT,
            )
        )
    proxy = RoundRobin(ports)
    try:
        for port, proc, log in zip(ports, procs, logs, strict=True):
            _ready(port, proc, log)
        # Every update answered exactly once (users 301-304, each one question).
        for user in range(301, 305):
            assert proxy.post(_update(fake, "/who 张楠赓", user)) == 200
        _until(lambda: all(_to_chat(fake, u) for u in range(301, 305)))
        time.sleep(1.0)
        assert [len(_to_chat(fake, u)) for u in range(301, 305)] == [1, 1, 1, 1]
        assert sorted(proxy.routed.values()) == [0, 0, 1, 1]
        # A correction through one replica, the next query through the other.
        fix = _update(fake, "/alias 张楠赓 = 南瓜哥", 401)
        assert proxy.post(fix) == 200
        _until(lambda: _to_chat(fake, 401))
        ask = _update(fake, "/who 南瓜哥", 402)
        assert proxy.post(ask) == 200
        assert proxy.routed[fix["update_id"]] != proxy.routed[ask["update_id"]]
        _until(lambda: _to_chat(fake, 402))
        assert "张楠赓" in _to_chat(fake, 402)[0]
        # A search's page button made by one replica, pressed through the other.
        search = _update(fake, "/search 公司", 403)
        assert proxy.post(search) == 200
        first = fake.wait_for("sendMessage", lambda p: int(p["chat_id"]) == 403, timeout=60)
        n = len(fake.calls)
        fake.press(_buttons(first)["下一页 ›"], first, user_id=403)
        with fake.lock:
            press = fake.updates.pop()
        assert proxy.post(press) == 200
        assert proxy.routed[search["update_id"]] != proxy.routed[press["update_id"]]
        second = fake.wait_for("editMessageText", timeout=60, start=n)
        assert "第 2 页" in second["text"]
        # One user's flood limit (20 a minute) counted across both replicas: 24 sent, 20 answered, one
        # warning (each replica alone would have answered its 12).
        for _ in range(24):
            assert proxy.post(_update(fake, "/who 杨作兴", 500)) == 200
        _until(lambda: len(_to_chat(fake, 500)) >= 21)
        time.sleep(1.5)
        texts = _to_chat(fake, 500)
        warnings = [t for t in texts if "稍等" in t]
        assert len(texts) == 21 and len(warnings) == 1, texts
        # A digest posted once, not once per replica: user 600 watches, another process ingests.
        assert proxy.post(_update(fake, "/watch 嘉楠科技", 600)) == 200
        _until(lambda: _to_chat(fake, 600))
        (tmp_path / "news").mkdir()
        (tmp_path / "news" / "news.txt").write_text(NEWS, encoding="utf-8")
        r = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", str(tmp_path / "news"), "--index", str(pg_seeded)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr[-2000:]
        _until(lambda: any("K990" in t for t in _to_chat(fake, 600)), 90)
        time.sleep(6)  # at least one more watch tick (every 5 s) on each replica
        assert len([t for t in _to_chat(fake, 600) if "K990" in t]) == 1
    finally:
        proxy.stop()
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        fake.stop()
