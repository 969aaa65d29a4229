"""One base exception for the project and a few specific ones under it."""

from __future__ import annotations


class FactbotError(Exception):
    """Base of every error factbot raises on purpose; the CLI and bot turn these into messages."""


class ReadError(FactbotError):
    """A file could not be read as an article (binary, undetectable encoding, unreadable...)."""


class IndexMissing(FactbotError):
    """No index file exists where one was expected."""


class IndexCorrupt(FactbotError):
    """The index file exists but is not a factbot index of a schema we can read."""


class IndexUnwritable(FactbotError):
    """The index cannot be written (a read-only folder, a full disk); readers still use it as it is."""


class NoArticles(FactbotError):
    """An ingest found nothing it could index."""


class NotOurs(FactbotError):
    """The index path holds something that is not a factbot index (a folder, another program's
    database, an unreadable file): factbot refuses to write over it."""
