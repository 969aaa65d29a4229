"""Renderers: an Answer as plain text, Telegram HTML or JSON. They read the Answer and never change it."""

from __future__ import annotations

from bot.show.card import shown_page
from bot.show.json import to_json
from bot.show.out import excerpt, fit, labels, simplified
from bot.show.text import article_pages, render, render_sources, search_pages, sources_pages

__all__ = [
    "article_pages",
    "excerpt",
    "fit",
    "labels",
    "render",
    "render_sources",
    "search_pages",
    "shown_page",
    "simplified",
    "sources_pages",
    "to_json",
]
