"""The one command table (bot/commands.py): the parser, /help and the catalogue all agree with it."""

from __future__ import annotations

import pytest

from bot.commands import ALIASES, BY_NAME, COMMANDS, CORRECTION, PARSED, help_lines
from bot.messages import catalogue
from bot.query import parse_line


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_every_alias_parses_to_its_command(alias):
    assert parse_line(f"/{alias} 张三").command == ALIASES[alias]


def test_the_parser_knows_exactly_the_parsed_commands():
    for c in COMMANDS:
        expected = c.name if c.parsed else "unknown"
        assert parse_line(f"/{c.name} x").command == expected


def test_chinese_aliases_come_from_the_catalogue():
    assert ALIASES["谁"] == "who" and ALIASES["公司"] == "company" and ALIASES["搜索"] == "search"
    assert ALIASES["find"] == "search" and ALIASES["修订记录"] == "history"
    assert all(name in BY_NAME for name in ALIASES.values())


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_each_command_has_its_words(lang):
    words = catalogue(lang)
    for c in COMMANDS:
        if c.menu or c.group == CORRECTION:
            assert f"cmd.{c.name}.menu" in words, (lang, c.name)
        if c.help:
            assert f"cmd.{c.name}.help" in words, (lang, c.name)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_help_lists_the_table_in_order(lang, ask):
    text = ask("/help", lang=lang)["text"]
    lines = help_lines(lang, person="P", company="C").splitlines()
    assert len(lines) == sum(c.help for c in COMMANDS)
    starts = [text.index(f"/{c.name}") for c in COMMANDS if c.help]
    assert starts == sorted(starts)


def test_parsed_set_includes_the_corrections():
    assert {"alias", "undo", "more", "reload"} <= PARSED and "remove" not in PARSED
