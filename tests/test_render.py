"""Every rendered message is valid Telegram HTML of at most 4096 UTF-16 units, whatever the input."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import answer_line
from bot.normalize import utf16_len
from bot.query import parse_line
from bot.render import render

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
}


class _Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("/" + tag)

    def handle_entityref(self, name):
        if name not in ("lt", "gt", "amp", "quot"):
            self.bad.append("&" + name)


def assert_telegram_html(text: str) -> None:
    assert utf16_len(text) <= 4096
    c = _Check()
    c.feed(text)
    c.close()
    assert not c.bad and not c.stack, (c.bad, c.stack)
    assert not re.search(r"&(?!lt;|gt;|amp;|quot;|#)", text)


def test_cards_are_valid_html(index):
    for line in [
        "/who 张楠赓",
        "/company 神眸",
        "/who 楊作興",
        "/company 嘉楠",
        "/search 芯片",
        "/sources",
        "/help",
        "/who <script>alert(1)</script>",
        "/company a&b<c>",
        "/who 马化腾",
    ]:
        for lang in ("zh-hans", "zh-hant", "en"):
            assert_telegram_html(render(answer_line(index, line, lang=lang), "html"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_parser_never_raises(s):
    parse_line(s)
    parse_line("/who " + s)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["/who ", "/company ", "/search ", "", "/start "]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)
def test_any_input_renders_valid_html(index, cmd, s):
    ans = answer_line(index, cmd + s)
    assert_telegram_html(render(ans, "html"))
    assert utf16_len(render(ans, "plain")) <= 4096


def test_names_convert_as_whole_words(index):
    from bot.answer import answer_line
    from bot.render import render

    text = render(answer_line(index, "/company 阿里巴巴", lang="zh-hant"), "plain")
    assert "阿里巴巴" in text and "阿裡巴巴" not in text
