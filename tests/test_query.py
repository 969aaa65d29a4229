"""Resolution rules on small hand-written corpora: ambiguity, surnames, curated aliases, nothing found."""

from __future__ import annotations

import pytest

from bot.answer import answer_line
from bot.ingest import build_index
from bot.query import parse_line
from bot.store.index import Index

ARTICLE = """两位创业者的故事
2018年，韩立明在杭州创立了星河科技，并担任星河科技董事长。韩立明表示，公司会继续投入研发。
同年，韩立华在深圳创立了云帆电子，担任云帆电子总经理。韩立华认为，硬件创业需要耐心。
韩立明和韩立华并非亲戚，两人只是同姓。韩立明说，星河科技明年会推出新产品。韩立华也说，云帆电子正在招聘。
2019年，温焯明在广州创立了明远软件，担任明远软件董事长。温焯明表示，软件公司要专注。温焯明说，明年会上市。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    d = tmp_path_factory.mktemp("q")
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "empty_of_entities.txt").write_text("今天天气很好，我们去公园散步。\n" * 3, encoding="utf-8")
    build_index([d], d / "i.sqlite")
    return Index(d / "i.sqlite")


def test_same_surname_never_merged(index):
    people = {e.name for e in index.entities.values() if e.kind == "person"}
    assert {"韩立明", "韩立华"} <= people


def test_ambiguous_name_offers_candidates(index):
    a = answer_line(index, "/who 韩立")
    assert a.status == "ambiguous"
    assert {c["name"] for c in a.candidates} >= {"韩立明", "韩立华"}


def test_exact_names_still_resolve(index):
    assert answer_line(index, "/who 韩立明").entity["name"] == "韩立明"
    assert answer_line(index, "/company 星河").entity["name"] == "星河科技"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("温卓明", "温焯明"),  # 焯 reads zhuo as well as chao: the name typed by its sound
        ("温焯明", "温焯明"),
        ("温卓亮", None),  # another sound: no card
        ("韩立英", None),
    ],
)
def test_a_short_name_typed_by_its_sound(index, typed, name):
    a = answer_line(index, f"/who {typed}")
    if name:
        assert a.status == "found" and a.entity["name"] == name
    else:
        assert a.status != "found"


def test_article_without_entities_is_indexed(index):
    assert len(index.articles()) == 2


def test_parse_line_forms():
    assert parse_line("／who　张楠赓").arg == "张楠赓"
    assert parse_line("/who@SomeBot 「张楠赓」").bot == "SomeBot"
    assert parse_line("/who \u200b张楠赓\u200b").arg == "张楠赓"
    assert parse_line("/frobnicate x").problem == "unknown_command"
    assert parse_line("张楠赓").command == "who"
    assert parse_line("/who " + "名" * 65).problem == "too_long"


def test_curated_aliases_refine(tmp_path, monkeypatch):
    import bot.corpus.entities

    monkeypatch.setattr(
        bot.corpus.entities,
        "curated_entities",
        lambda: ({"name": "星河科技", "kind": "company", "aliases": ["Galaxy Tech"]},),
    )
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    build_index([tmp_path], tmp_path / "i.sqlite")
    a = answer_line(Index(tmp_path / "i.sqlite"), "/company galaxy tech")
    assert a.status == "found" and a.entity["name"] == "星河科技"


@pytest.fixture(scope="module")
def seed_ask(seed_index):
    from bot.show import to_json

    seeds = Index(seed_index)
    return lambda line: to_json(answer_line(seeds, line))


@pytest.mark.parametrize("word", ["Cancer", "Canon", "Canada", "candy", "canary", "cana", "cann"])
def test_a_short_ticker_matches_only_as_a_whole_word(seed_ask, word):
    """Issue 19, item 4: 嘉楠科技's ticker CAN is not inside English words; below a confident match the
    answer is a suggestion (你是不是要找…), never a card."""
    for line in (f"/company {word}", f"/who {word}", word):
        got = seed_ask(line)
        assert got["status"] != "found" and got["entity"] is None, line
    for line in ("/company CAN", "/company can", "/company 嘉楠CAN", "/company CAN Inc"):
        assert seed_ask(line)["entity"]["name"] == "嘉楠科技", line


def test_a_near_miss_of_a_short_name_is_a_suggestion(seed_ask):
    got = seed_ask("/company cana")
    assert got["status"] == "not_found" and [c["name"] for c in got["candidates"]][:1] == ["嘉楠科技"]
    assert "你是不是要找" in got["text"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("/watch 嘉楠科技", "telegram_only"),  # a command the bot knows, answered only in Telegram
        ("/watching", "telegram_only"),
        ("/frobnicate 嘉楠科技", "unknown_command"),
    ],
)
def test_a_telegram_only_command_says_so_rather_than_unknown(index, line, problem):
    q = parse_line(line)
    assert (q.command, q.problem) == ("unknown", problem)
    ans = answer_line(index, line)
    assert ans.problem == problem
