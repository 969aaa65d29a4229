"""The message catalogue: every language has the surfaces' words, and no placeholder of its own."""

from __future__ import annotations

import string

import pytest

from bot.messages import catalogue, t

# Areas an English reader must never see in Chinese (corrections.* is the corrections' own file).
SURFACES = ("show.", "tg.", "kind.", "field.", "cli.", "common.")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_english_has_every_surface_key_with_the_same_placeholders():
    zh, en = catalogue("zh-hans"), catalogue("en")
    missing = [k for k in zh if k.startswith(SURFACES) and k not in en]
    assert "show.help_corrections" in en  # Chinese uses corrections.help, which English leaves out
    assert missing == []
    # A translation may leave out an example ({company}) but never ask for a value the code does not give.
    extra = [k for k in zh if k in en and not _fields(en[k]) <= _fields(zh[k])]
    assert extra == []


def test_traditional_falls_back_to_converted_simplified():
    assert t("tg.button.sources", "zh-hant") == "來源"
    assert t("tg.button.sources", "zh-hans") == "来源"
    assert t("tg.button.sources", "en") == "Sources"


def test_unknown_key_is_a_bug():
    with pytest.raises(KeyError):
        t("no.such.key")
