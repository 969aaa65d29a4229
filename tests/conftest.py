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


@pytest.fixture(scope="session", autouse=True)
def _loaded_once() -> None:
    """The NER model loaded in the test process: every in-process ingest forks its workers from here,
    and each worker would otherwise load the model again (~0.4 s of CPU per build). The tags are the
    same either way; a bulk ingest (`ner.PRELOAD_FILES`) loads it before the fork just the same."""
    from bot.extract import ner

    ner.preload()


@pytest.fixture(scope="session", autouse=True)
def _one_ssl_context() -> None:
    """Every PTB application a test builds makes two httpx clients, and each loads the CA bundle again
    (~0.07 s of CPU each) for a server on 127.0.0.1 over plain HTTP. One context, made once, serves all."""
    try:
        from httpx._transports import default
    except ImportError:  # another httpx: no shortcut, only slower
        return
    make = getattr(default, "create_ssl_context", None)
    if make is None:
        return
    made: dict = {}

    def create_ssl_context(verify=True, cert=None, trust_env=True):
        if verify is not True or cert is not None:
            return make(verify=verify, cert=cert, trust_env=trust_env)
        if trust_env not in made:
            made[trust_env] = make(verify=verify, cert=cert, trust_env=trust_env)
        return made[trust_env]

    default.create_ssl_context = create_ssl_context


def shared_build(tmp_path_factory, name: str, build) -> Path:
    """`build(path)` once for the whole run and a private copy of it per session: with pytest-xdist the
    workers share one build (the first to take the lock builds, the others wait and copy), so the seed
    index is not built once per worker. The copy keeps workers from seeing each other's writes."""
    import fcntl
    import os

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"shared-{name}"
    built, done = folder / name, folder / "done"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():  # a build that failed in one worker is tried again by the next
            folder.mkdir(exist_ok=True)
            build(built)
            done.touch()
    path = tmp_path_factory.mktemp("idx") / name
    shutil.copy(built, path)
    return path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from bot.ingest import build_index

    return shared_build(tmp_path_factory, "seeds.sqlite", lambda path: build_index([SEEDS], path))


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
