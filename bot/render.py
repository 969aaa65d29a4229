"""Moved to bot/show/ (issue 17); these names stay importable while the other modules' tests move over."""

from __future__ import annotations

from bot.answer import time_order
from bot.show import excerpt, fit, labels, render, render_sources, simplified, to_json
from bot.show.out import title as _title

__all__ = [
    "_title",
    "excerpt",
    "fit",
    "labels",
    "render",
    "render_sources",
    "simplified",
    "time_order",
    "to_json",
]
