"""The store: every SQL statement of factbot lives in this package.

- `db`: the index file (schema, ownership checks, locks, opening, the pipeline fingerprint).
- `index`: the reader the answers use (`Index`).

Code outside `bot.store` never writes SQL and never reads a connection: this is the seam where a second
backend (PostgreSQL) will be added. Import from the submodules; this file re-exports nothing.
"""
