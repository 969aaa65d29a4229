"""The store: every SQL statement of factbot lives in this package.

- `db`: the index file (schema, ownership checks, locks, opening, the pipeline fingerprint).
- `writer`: the write side of an ingest (`Writer`: records and ids in, records out; one transaction).
- `articles`: article and sentence rows, read back as `bot.model.Article` records.
- `index`: the reader the answers use (`Index`); `text`: its full-text literals and highlights.
- `names`: a large index's names read from the file (n-gram postings kept by triggers, a bounded cache).
- `corrections`: the corrections event log.

Code outside `bot.store` never writes SQL and never reads a connection (tests/test_store.py checks): this
is the seam where a second backend (PostgreSQL) will be added. Import from the submodules; this file
re-exports nothing.
"""
