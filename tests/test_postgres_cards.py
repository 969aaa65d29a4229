"""The card suite (tests/test_cards.py) on a PostgreSQL index of the seeds: the same tests, the same answers.

The tests are imported and run here against fixtures of the same names that build the seeds into a real
PostgreSQL database (tests/pg_server.py); those that build a SQLite file of their own are left to
test_cards.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg_server as pg
from tests import test_cards
from tests.test_cards import *  # noqa: F403 - the card suite, collected again here

pg_server = pg.pg_server  # the fixture, by name

# These make their own SQLite index in tmp_path: nothing of PostgreSQL in them.
for _name in [n for n in dir(test_cards) if n.startswith("test_")]:
    if "tmp_path" in test_cards.__dict__[_name].__code__.co_varnames:
        del globals()[_name]


@pytest.fixture(scope="module")
def seed_index(pg_server) -> Path:
    return Path(pg_server.create_database("cards", pg.seeds_template()))  # the seeds, built once


@pytest.fixture(scope="module")
def index(seed_index):
    from bot.store.index import Index

    return Index(seed_index)


@pytest.fixture(scope="module")
def ask(index):
    from bot.answer import answer_line
    from bot.render import to_json

    def _ask(line: str, lang: str | None = None) -> dict:
        return to_json(answer_line(index, line, lang=lang))

    return _ask


def test_the_cards_here_read_postgresql(index):
    assert type(index.conn).__name__ == "PgConnection"
    assert index.entities
