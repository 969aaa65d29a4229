"""factbot: a fact index over Chinese articles, answered in Telegram and on the command line."""

from __future__ import annotations

__version__ = "0.1.0"
