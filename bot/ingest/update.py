"""The incremental update, the full build included.

Every update runs through `apply`: (1) article rows; (2) the entity groups the changed articles' names
touch are merged again from all their contributing articles (stable ids); (3) mentions and per-sentence
facts are recomputed for the articles that mention those entities or contain their new names; (4) merged
facts, scores and profiles are recomputed for the entities whose facts changed. A full rebuild is the
same with every article "added", so both give the same index, ids included (derived from names and fact
keys: `bot.store.ids`).

The decisions are here and in `bot.corpus`; every read and write goes through the store's `Writer`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from bot.corpus.entities import alias_rows, entity_keys, keys_of, merge_entities, names_of
from bot.corpus.mentions import build_facts, raw_fact_key
from bot.corpus.ranking import FactGroups, Scorer, group_facts, profile_values
from bot.facts import Fact
from bot.model import Article, Entity, Extraction
from bot.normalize import name_key, to_simplified, to_traditional
from bot.relations.profile import ProfileBuilder
from bot.relations.questions import statements_in_questions
from bot.store.ids import assign_checked, entity_sort
from bot.store.writer import Writer
from bot.vocab import PERSON

from .rehearse import rehearsed_facts

HUB_FACTS = 500  # an entity in more per-sentence facts than this is a hub (see merge_facts)


@dataclass
class _Entities:
    """Step (2)'s outcome: the entity groups touched, as they were and as they are now."""

    touched: set[int]
    old: dict[int, Entity]
    new: dict[int, Entity]


def apply(w: Writer, added: list[Article], removed: set[str]) -> set[int]:
    """Store `added` articles (replacing any with the same id) and drop `removed` ones; returns the ids of
    the entities whose names, aliases or counts changed."""
    added_ids = {a.id for a in added}
    gone = set(removed) | w.existing_articles(added_ids)
    # (1) articles and their sentences (and the full-text index): the added ones are stored in (3), while
    # the relation rules are rehearsed; nothing before reads them (`articles_containing` skips them).
    touched = w.entities_extracted_from(gone)
    w.delete_articles(gone)
    # (2) merge the touched entity groups again
    ents = _merge_entities(w, added, touched)
    touched, entities = ents.touched, ents.new
    # (3) mentions and per-sentence facts of the articles these names can appear in
    new_simps = {n for e in entities.values() for n in names_of(e)}
    new_simps -= {n for e in ents.old.values() for n in names_of(e)}
    redo = set(added_ids) | w.articles_mentioning(touched) | w.articles_with_facts_about(touched)
    redo |= w.articles_containing(new_simps, redo)
    redo -= set(removed)
    clear = redo | gone
    old_raw = w.raw_facts_of(clear)
    affected = set(touched) | set(entities) | w.entities_of_raw(old_raw)
    counted = w.entities_mentioned_in(clear)
    stale = w.facts_merged_from(old_raw)  # merged from them
    w.delete_raw_facts(old_raw)
    w.delete_mentions_in(clear)
    in_memory = {a.id: a for a in added}
    loaded = w.articles([aid for aid in sorted(redo) if aid not in in_memory])
    redo_arts = [in_memory.get(aid) or loaded[aid] for aid in sorted(redo)]
    texts = [s.canon for art in redo_arts for s in art.sentences]
    speakers = {to_simplified(s.speaker) for art in redo_arts for s in art.sentences if s.speaker}
    named = w.entities(w.entities_named_in(texts, speakers))
    facts, mentions = build_facts(redo_arts, named)
    counted |= {m.entity for m in mentions} | set(entities)

    def store_mentions() -> None:
        w.insert_mentions(mentions)
        refresh_counts(w, counted - (set(touched) - set(entities)))

    # The relation rules first meet these names together here: rehearsed per article, time-limited, in
    # workers; meanwhile this process stores what needs no relation rule (each table gets the same rows
    # in the same order as one after the other: the index is the same).
    records = profile_records({e: named[e] for f in facts for e in f.entities if e in named})
    steps = [partial(w.insert_article, art) for art in added] + [store_mentions]
    facts = rehearsed_facts(facts, records, {a.id: a.path for a in redo_arts}, steps)
    new_raws = set(w.insert_raw_facts([(f, raw_fact_key(f)) for f in facts]))
    for f in facts:
        affected |= set(f.entities)
    # (4) merged facts, their scores and the profiles of the entities whose facts changed
    merge_facts(w, affected, stale, set(touched) | set(entities), new_raws)
    return set(touched) | set(entities) | counted


def _merge_entities(w: Writer, added: list[Article], touched: set[int]) -> _Entities:
    new_keys = {
        k for a in added for n, e in a.extracted.items() for k in entity_keys(n, e.aliases, e.kind == PERSON)
    }
    touched |= w.entities_with_keys(new_keys)
    merged, contributions = merge_touched(w, added, touched)
    old = w.entities(touched)
    w.delete_entities(touched)
    ids = assign_ids(w, merged)
    entities = {ids[i]: Entity(ids[i], e.name, e.kind, e.score, e.aliases) for i, e in merged.items()}
    w.insert_extractions((aid, n, ids[i]) for aid, n, i in contributions)
    for e in entities.values():
        w.insert_entity(e, keys_of(e), alias_rows(e, ""))
    return _Entities(touched, old, entities)


def merge_touched(
    w: Writer, added: list[Article], touched: set[int]
) -> tuple[dict[int, Entity], list[tuple[str, str, int]]]:
    """merge_entities over the names that make up the touched groups, from every article contributing
    to them, plus the added articles; widened until no merged group reaches an untouched entity."""
    added_ids = {a.id for a in added}
    while True:
        names: dict[str, set[str]] = defaultdict(set)
        for aid, n in w.names_extracted(touched):
            names[aid].add(n)
        extracted = w.extractions(sorted(names))
        tables: list[tuple[str, Mapping[str, Extraction]]] = [(a.id, a.extracted) for a in added]
        for aid in sorted(names):
            if aid in added_ids or aid not in extracted:
                continue
            tables.append((aid, {n: e for n, e in extracted[aid].items() if n in names[aid]}))
        merged = merge_entities([t for _, t in tables]) if tables else {}
        more = w.entities_with_keys({k for e in merged.values() for k in keys_of(e)}) - touched
        if not more:
            break
        touched |= more
    by_key = {k: i for i, e in merged.items() for k in keys_of(e)}
    contributions = []
    for aid, table in tables:
        for n, e in table.items():
            i = by_key.get(f"{int(e.kind == PERSON)}:{name_key(n)}")
            if i is not None:
                contributions.append((aid, n, i))
    return merged, contributions


def assign_ids(w: Writer, merged: dict[int, Entity]) -> dict[int, int]:
    """Ids derived from the groups' name keys (`bot.store.ids`): the same in an increment and a rebuild."""
    order = sorted(merged)
    sorts = [entity_sort(merged[i].name, merged[i].kind) for i in order]
    new, displaced = assign_checked(sorts, w.entity_owner, w.displaced("entities"))
    w.set_displaced("entities", displaced)
    return dict(zip(order, new, strict=True))


def refresh_counts(w: Writer, ids: Iterable[int]) -> None:
    """Mention counts and Traditional forms of the entities whose mentions changed."""
    for eid, e in w.entities(ids).items():
        # OpenCC converts the name as a whole word (公里, not 公裡 character by character).
        trad = to_traditional(to_simplified(e.name))
        w.set_counts(eid, w.mention_count(eid), trad, alias_rows(e, trad))


def merge_facts(
    w: Writer,
    affected: set[int],
    stale: set[int],
    renamed: set[int] = frozenset(),
    new_raws: set[int] = frozenset(),
) -> None:
    """Near-identical facts become one fact with several sources; recomputed for every stored
    per-sentence fact about an affected entity (and whatever shares a merged fact with them).

    A hub — an entity in more than HUB_FACTS sentences' facts, named in a good part of the corpus —
    is not reloaded whole when an article merely adds facts about it: only the merged facts the
    change touches are redone, and its profile waits for `ingest --rebuild` (otherwise every update
    would cost as much as the hub is large)."""
    counts = w.raw_fact_counts(affected)
    affected = {e for e in affected if counts.get(e, 0) <= HUB_FACTS or e in renamed}
    raw = w.raw_facts_about(affected) | new_raws | w.raw_facts_merged_into(stale)
    raw &= w.existing_raw_facts(raw)  # not the deleted ones
    for _ in range(6):  # close over equal keys and previous merged rows
        more = w.raw_facts_sharing(raw) - raw
        if not more:
            break
        raw |= more
    old_rows = w.facts_merged_from(raw) | stale
    w.delete_facts(old_rows)
    w.delete_profiles(affected)
    facts = w.raw_facts(raw)
    entities = w.entities({e for _, f, _ in facts for e in f.entities})
    groups = group_facts(facts)
    fact_ids, displaced = assign_checked([(k,) for k in groups.keys], w.fact_owner, w.displaced("facts"))
    w.set_displaced("facts", displaced)
    _store_facts(w, groups, fact_ids, Scorer(entities))
    _store_profiles(w, entities, [f for _, f, _ in facts], groups, fact_ids, affected)


def _store_facts(w: Writer, groups: FactGroups, fact_ids: list[int], scorer: Scorer) -> None:
    rows = []
    for n, f in enumerate(groups.rows, 1):
        sources = groups.sources[n]
        scores = {eid: scorer.score(f, eid, ref, len(sources)) for eid, ref in f.entities.items()}
        rows.append((fact_ids[n - 1], f, groups.keys[n - 1], groups.raws[n - 1], sources, scores))
    w.insert_facts(rows)


def _store_profiles(
    w: Writer,
    entities: dict[int, Entity],
    own: list[Fact],
    groups: FactGroups,
    fact_ids: list[int],
    affected: set[int],
) -> None:
    """Profiles from every article's own sentence, so that two articles disagreeing on a date both count
    (and founding dates stated in interviewers' questions)."""
    records = profile_records(entities)
    own = own + statements_in_questions(w.connection, records, own)
    profiles = ProfileBuilder(records, own).build()
    # Others' facts were not all loaded: their profiles stay as they were.
    w.insert_profiles(
        (eid, profile_values(values, fact_ids, groups.row_of, own))
        for eid, values in profiles.items()
        if eid in affected
    )


def profile_records(entities: Mapping[int, Entity]) -> dict[int, dict]:
    """The entities as the relation rules read them (`bot.relations.profile.ProfileBuilder`)."""
    return {
        eid: {
            "id": eid,
            "name": e.name,
            "kind": e.kind,
            "score": e.score,
            "aliases": dict(e.aliases),
            "aliases_simplified": [to_simplified(a) for a in e.aliases],
        }
        for eid, e in entities.items()
    }
