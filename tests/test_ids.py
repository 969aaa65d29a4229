"""Stable ids (issue 19, item 1): the same entity or fact keeps its id across `ingest --rebuild`, and a
button or link made before a rebuild opens the same card or answers "这个按钮已失效", never another card."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.answer import deep_link, link_target
from bot.ingest import build_index
from bot.store import ids
from bot.store.index import Index
from bot.tg.buttons import CARD, HIDE, MORE, SOURCES, current, decode, encode, expected_check
from tests.conftest import SEEDS


def id_maps(path: Path) -> tuple[dict, dict]:
    conn = sqlite3.connect(path)
    try:
        ents = {(name, kind): eid for eid, name, kind in conn.execute("SELECT id, name, kind FROM entities")}
        facts = {key: fid for fid, key in conn.execute("SELECT id, key FROM facts")}
    finally:
        conn.close()
    return ents, facts


@pytest.fixture(scope="module")
def rebuilt(seed_index, tmp_path_factory) -> tuple[Path, Path]:
    """The seed index rebuilt from the same files, and rebuilt with one article removed."""
    tmp = tmp_path_factory.mktemp("rebuilt")
    same = tmp / "same.sqlite"
    shutil.copy(seed_index, same)
    build_index([SEEDS], same, rebuild=True)
    fewer_src = tmp / "seeds"
    fewer_src.mkdir()
    files = sorted(p for p in SEEDS.iterdir() if p.is_file())
    for p in files[1:]:
        shutil.copy(p, fewer_src / p.name)
    fewer = tmp / "fewer.sqlite"
    shutil.copy(seed_index, fewer)
    build_index([fewer_src], fewer, rebuild=True, keep_previous=False)
    return same, fewer


def test_every_id_survives_a_rebuild(seed_index, rebuilt):
    before, after = id_maps(seed_index), id_maps(rebuilt[0])
    assert before[0] == after[0] and before[1] == after[1]
    assert len(before[0]) > 50 and len(before[1]) > 200


def test_ids_are_derived_from_keys(seed_index):
    ents, facts = id_maps(seed_index)
    for (name, kind), eid in ents.items():
        assert 1 <= eid <= ids.ID_SPACE
        assert eid == ids.slot(ids.entity_key(name, kind)) or eid in _displaced(seed_index, "entities")
    for key, fid in facts.items():
        assert fid == ids.slot(key) or fid in _displaced(seed_index, "facts")


def _displaced(path: Path, table: str) -> set[int]:
    import json

    conn = sqlite3.connect(path)
    row = conn.execute("SELECT value FROM meta WHERE key=?", (f"displaced_{table}",)).fetchone()
    conn.close()
    return set(json.loads(row[0])) if row else set()


def test_collisions_are_settled_alike_in_any_order():
    """Whatever order rows arrive in, the smaller key keeps the slot; an increment that would settle a
    collision differently says so (IdConflict) and is redone as a rebuild."""
    held: dict[int, tuple[str, ...]] = {}
    a, b = ("a",), ("a", "second")  # the same chain key: a collision by construction
    first = ids.assign([b, a], held.get)
    assert first == [ids.slot("a", 1), ids.slot("a", 0)]
    held = {ids.slot("a", 0): b}  # b alone took the first slot; now a arrives
    with pytest.raises(ids.IdConflict):
        ids.assign([a], held.get)
    # A displaced row whose earlier slot has been freed would move in a rebuild.
    with pytest.raises(ids.IdConflict):
        ids.check_displaced([ids.slot("a", 1)], {ids.slot("a", 1): b}.get)


def _presses(index: Index, n: int = 100) -> list[tuple[str, tuple]]:
    """n buttons of the seed index: cards, sources, more facts and hide-this-fact, with what they show."""
    out: list[tuple[str, tuple]] = []
    for eid, e in sorted(index.entities.items())[: n // 2]:
        kind = (CARD, SOURCES, MORE)[eid % 3]
        nums = (eid, 1) if kind == MORE else (eid,)
        out.append((encode(kind, *nums, check=expected_check(index, kind, nums)), (e.name, e.kind, None)))
    rows = index.conn.execute("SELECT fact_id, entity_id FROM fact_entities ORDER BY fact_id").fetchall()
    for fid, eid in rows[:: max(1, len(rows) // (n - len(out)))][: n - len(out)]:
        e = index.entities[eid]
        data = encode(HIDE, eid, fid, check=expected_check(index, HIDE, (eid, fid)))
        out.append((data, (e.name, e.kind, index.fact_key(fid))))
    assert len(out) == n
    return out


def _opens(index: Index, data: str) -> tuple | None:
    """What a press opens now: (name, kind, fact key), or None when it is answered as stale."""
    press = decode(data)
    if not current(index, press) or press.num(0) not in index.entities:
        return None
    e = index.entities[press.num(0)]
    return e.name, e.kind, index.fact_key(press.num(1)) if press.kind == HIDE else None


def test_a_hundred_buttons_open_the_same_card_or_say_stale(seed_index, rebuilt):
    before = _presses(Index(seed_index))
    same, fewer = Index(rebuilt[0]), Index(rebuilt[1])
    # The same articles: every button still opens what it opened.
    assert [_opens(same, d) for d, _ in before] == [want for _, want in before]
    # One article fewer: each opens the same thing or is stale, and some of each.
    outcomes = [_opens(fewer, d) for d, _ in before]
    assert all(got in (None, want) for got, (_, want) in zip(outcomes, before, strict=True))
    assert any(got is None for got in outcomes) and sum(got is not None for got in outcomes) > 50


def test_buttons_without_a_check_or_with_another_entitys_are_stale(index):
    eid = next(iter(index.entities))
    other = next(e for e in index.entities if e != eid)
    assert not current(index, decode(f"e:{eid}"))  # made before buttons carried a check
    assert not current(index, decode(encode(CARD, eid, check=expected_check(index, CARD, (other,)))))
    assert current(index, decode(encode(CARD, eid, check=expected_check(index, CARD, (eid,)))))
    assert link_target(index, deep_link(index, eid)) == eid
    assert link_target(index, str(eid)) is None and link_target(index, f"{eid}_0000") is None


def test_hide_by_fact_id_after_a_rebuild(index, rebuilt):
    """A fact id read from a card made before a rebuild (/hide 1234) still names the same fact."""
    eid = next(e for e, ent in index.entities.items() if ent.name == "张楠赓")
    for f in index.facts_for(eid, limit=20):
        assert Index(rebuilt[0]).fact(f["id"])["text"] == f["text"]
