from __future__ import annotations

import asyncio
import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
logging.getLogger("jieba").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from bot.ingest import build_index

    path = tmp_path_factory.mktemp("idx") / "seeds.sqlite"
    build_index([SEEDS], path)
    return path


@pytest.fixture(scope="session")
def index(seed_index):
    from bot.store.index import Index

    return Index(seed_index)


@pytest.fixture(scope="session")
def ask(index):
    from bot.answer import answer_line
    from bot.render import to_json

    def _ask(line: str, lang: str | None = None) -> dict:
        return to_json(answer_line(index, line, lang=lang))

    return _ask


ADMIN = 4242


@pytest.fixture
async def tg(seed_index, tmp_path):
    from bot.settings import load_settings
    from bot.tg.app import build_application
    from tests.fake_telegram import FakeTelegram
    from tests.test_render import assert_telegram_html

    index = tmp_path / "var" / "index.sqlite"
    index.parent.mkdir()
    shutil.copy(seed_index, index)
    settings = replace(
        load_settings(),
        admins=frozenset({ADMIN}),
        limits={**load_settings().limits, "flood_per_minute": 20, "inline_page": 3},
    )
    fake = FakeTelegram().start()
    app = build_application(
        fake.token, index, settings, base_url=fake.base_url, base_file_url=fake.base_file_url
    )
    await app.initialize()
    await app.post_init(app)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1, bootstrap_retries=0)
    fake.app = app
    try:
        yield fake
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        fake.stop()
        for _, p in fake.calls:
            if "text" in p and p.get("parse_mode") == "HTML":
                assert_telegram_html(p["text"])


async def wait(fake, method, pred=lambda p: True, timeout=15.0, start=0):
    return await asyncio.to_thread(fake.wait_for, method, pred, timeout, start)
