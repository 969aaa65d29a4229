"""The corpus: what many articles say together, as pure functions over records (no SQL, no files).

- `entities`: one entity per real-world thing (merge by shared names), display names, alias tables.
- `mentions`: where entities are named or referred to (coreference), and the per-sentence facts.
- `ranking`: near-identical facts merged into one, each entity's score for a fact, profile values.

`bot.ingest` runs them over what the store gives back and hands their results to the store's writer.
"""
