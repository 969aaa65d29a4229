"""The PostgreSQL backend of the store: `--index postgresql://user@host:port/db` (or FACTBOT_INDEX) keeps the
index, the corrections, the subscriptions, the rate limits and the digests' state in one database, so any
number of bot replicas answer as one process.

- `sql`: a connection with the sqlite3 surface the store uses (`execute`, `executemany`, rows, `lastrowid`,
  `with conn:`), and the one place where the store's SQL meets PostgreSQL's dialect (`translate`).
- `schema`: versioned migrations, the writers' advisory locks, the change counters readers poll.
- `text`: full-text search with pg_trgm (user text only ever a parameter), ranked as SQLite's FTS5 does.

The rest of the store stays dialect-free: it asks `bot.store.fts.text_search(conn)` for full text, and the
few functions that open a file by path (`bot.store.db`, `writer`, `corrections`, `watch`) hand a PostgreSQL
location to this package. A location travels through the code as a `Path` (the CLI and the settings make
one of it); `url` turns it back into the URL it was.
"""

from __future__ import annotations

from pathlib import Path

SCHEMES = ("postgresql:", "postgres:")


def is_pg(location: object) -> bool:
    """Whether an index location (a Path or a string) names a PostgreSQL database."""
    return isinstance(location, (str, Path)) and str(location).startswith(SCHEMES)


def url(location: object) -> str:
    """The URL of a PostgreSQL location, also after `Path` folded its '//' into '/'."""
    s = str(location)
    scheme, _, rest = s.partition(":")
    return f"{scheme}://{rest.lstrip('/')}"


def shown(location: object) -> str:
    """The location without its password, for messages and logs."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url(location))
    if parts.password is None:
        return url(location)
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
