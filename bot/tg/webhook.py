"""Webhook mode with our own HTTP handler (issue 20).

python-telegram-bot's webhook handler answers HTTP 400 to an update it cannot parse (a field a newer
Bot API server adds, one an older one omits); Telegram then sends that update again and again, and the
updates behind it wait. Here every request that carries the secret token is acknowledged with 200: an
update PTB cannot read is logged once (its id and kinds, `guard.parse_update`) and skipped, the others
go to the application's update queue as PTB's own handler would put them. A request without the right
secret is refused (403) before its body is read as an update, compared in constant time and never
logged with the token it carried.

The server is tornado's, which PTB's `webhooks` extra installs; the application is started and stopped
as `Application.run_webhook` does, without its Updater.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from http import HTTPStatus

import tornado.web
from telegram.ext import Application, ExtBot
from tornado.httpserver import HTTPServer

from bot.tg import guard

log = logging.getLogger("factbot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few kilobytes; a stranger's huge body is not read into memory past this.
MAX_BODY_BYTES = 4 * 1024 * 1024


class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, app: Application, secret: str) -> None:
        self.app = app
        self.secret = secret.encode()

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            self.set_status(HTTPStatus.FORBIDDEN)
            return
        update = guard.parse_update(_json(self.request.body), self.app.bot)
        if update is not None:
            if isinstance(self.app.bot, ExtBot):
                self.app.bot.insert_callback_data(update)  # as PTB's handler does
            await self.app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)  # read or skipped, it is acknowledged: Telegram does not resend it


def _json(body: bytes) -> object:
    """The body as JSON, or None (then logged as an update without a usable id)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def start_server(app: Application, listen: str, port: int, path: str, secret: str) -> HTTPServer:
    """Listen for Telegram's POSTs at /`path` on `listen`:`port` (in the running event loop)."""
    if not secret:
        raise ValueError("webhook mode needs a secret token")
    web = tornado.web.Application(
        [(rf"/{path.strip('/')}/?", _UpdateHandler, {"app": app, "secret": secret})],
        log_function=lambda handler: None,  # no access log: a stranger's requests would fill it
    )
    server = HTTPServer(web, max_body_size=MAX_BODY_BYTES, xheaders=False)
    server.listen(port, address=listen)
    return server


async def serve(
    app: Application,
    listen: str,
    port: int,
    path: str,
    webhook_url: str,
    secret: str,
    allowed_updates: list[str],
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
) -> None:
    """Run the bot on a webhook until `stop` is set: initialise, post_init, register the webhook with
    Telegram (with the secret and the update types the bot handles), serve, then stop and shut down."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.bot.set_webhook(webhook_url, allowed_updates=allowed_updates, secret_token=secret)
        server = start_server(app, listen, port, path, secret)
        try:
            await app.start()
            if ready is not None:
                ready.set()
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
            if app.running:
                await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def run_webhook(app: Application, listen: str, port: int, path: str, webhook_url: str, secret: str) -> None:
    """`serve` until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await serve(app, listen, port, path, webhook_url, secret, guard.ALLOWED_UPDATES, stop)

    asyncio.run(main())
