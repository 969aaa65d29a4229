"""Imported once by the fork server of the bot's updates (`bot.pool.start_isolation`, named by
`bot.ingest`) and nowhere else: jieba and the dictionaries are loaded there, so the child
forked for each upload starts with them (loading them costs ~1.5 s of CPU per update otherwise)."""

from __future__ import annotations

from bot.ingest.worker import warm

try:
    warm()
except Exception:  # noqa: BLE001 - a fork server that failed to warm up still serves; the child loads them
    pass
