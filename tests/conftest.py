from __future__ import annotations

import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
logging.getLogger("jieba").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from bot.build import build_index

    path = tmp_path_factory.mktemp("idx") / "seeds.sqlite"
    build_index([SEEDS], path)
    return path


@pytest.fixture(scope="session")
def index(seed_index):
    from bot.index import Index

    return Index(seed_index)


@pytest.fixture(scope="session")
def ask(index):
    from bot.answer import answer_line
    from bot.render import to_json

    def _ask(line: str, lang: str | None = None) -> dict:
        return to_json(answer_line(index, line, lang=lang))

    return _ask
