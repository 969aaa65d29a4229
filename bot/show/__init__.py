"""Renderers: an Answer as plain text, Telegram HTML or JSON. They read the Answer and never change it."""

from __future__ import annotations

from bot.show.json import to_json
from bot.show.out import excerpt, fit, labels, simplified
from bot.show.text import render, render_sources

__all__ = ["excerpt", "fit", "labels", "render", "render_sources", "simplified", "to_json"]
