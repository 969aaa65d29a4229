"""Typed relations between entities (founded, role, education, listing, figure, product …) and the
clean values a card shows for them; the cue words live in `bot/data/relations/`."""

from __future__ import annotations
