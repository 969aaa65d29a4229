"""Names read from the index file (bot.store.names) answer exactly as names held in memory, on the same
queries, and the memory of a process reading them does not grow with the number of entities."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.bench import mixed_queries, synthetic_names
from bot.ingest import build_index
from bot.normalize import name_key, pinyin_key, to_traditional
from bot.query import resolve
from bot.render import to_json
from bot.store.index import Index
from bot.store.names import StoredEntities, grams_of
from tests.test_corrections import TEAM


def _resolution(index: Index, q: str, want: str | None) -> tuple:
    r = resolve(index, q, want)
    return (
        r.status,
        r.entity,
        [(e, round(s, 6)) for e, s in r.candidates],
        r.tier,
        r.other_kind,
        r.other_tier,
    )


def _typos(name: str, rng: random.Random) -> list[str]:
    out = []
    for i in range(1, len(name)):
        out.append(name[:i] + rng.choice("伟芳娜敏静丽强磊军洋科技集团") + name[i + 1 :])
    return out


def _queries_of(index: Index, rng: random.Random) -> list[str]:
    """Every entity's names as typed: whole, in the other script, in pinyin, one character wrong, a part
    of it, with more around it, and a few names nobody has."""
    out: list[str] = []
    for e in index.entities.values():
        names = [e.name, *(a for a, _ in e.aliases)]
        for n in names[:4]:
            out += [n, to_traditional(n), pinyin_key(n), n[:2], n[1:], n + "公司", n.lower()[:-1]]
            out += _typos(n, rng)[:2]
            py = pinyin_key(n)
            if len(py) > 4:
                out.append(py[:-1] + "x")
    out += ["赵甲乙", "某某", "zzz", "q", "科技", "集团", "hello world", "有限公司"]
    return list(dict.fromkeys(q for q in out if q.strip()))


def _both(path: Path) -> tuple[Index, Index]:
    memory, store = Index(path, names="memory"), Index(path, names="store")
    assert memory.names_mode == "memory" and store.names_mode == "store"
    return memory, store


def test_the_postings_follow_every_write(tmp_path):
    """Kept by triggers: after a build, an added article and a removed one, name_grams holds exactly the
    n-grams of every alias row (what the in-memory tables compute)."""
    d = tmp_path / "a"
    d.mkdir()
    (d / "1.txt").write_text("2018年，韩立明在杭州创立了星河科技，并担任星河科技董事长。\n", encoding="utf-8")
    path = tmp_path / "i.sqlite"
    build_index([d], path)
    (d / "2.txt").write_text("2019年，温焯明在广州创立了明远软件，担任明远软件董事长。\n", encoding="utf-8")
    build_index([d], path)
    (d / "1.txt").unlink()
    build_index([d], path)

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT rowid, key, coalesce(pinyin, '') FROM aliases").fetchall()
    want = {("k" + g, r) for r, k, _ in rows for g in grams_of(k, 2)}
    want |= {("p" + g, r) for r, _, p in rows for g in grams_of(p, 3)}
    assert rows and set(conn.execute("SELECT gram, row FROM name_grams")) == want
    names = {r[0] for r in conn.execute("SELECT name FROM entities")}
    assert "温焯明" in names and "韩立明" not in names


def test_the_same_resolutions_from_memory_and_from_the_file(seed_index):
    memory, store = _both(seed_index)
    queries = _queries_of(memory, random.Random(5))
    assert len(queries) > 300
    tiers = set()
    for q in queries:
        for want in (None, "who", "company"):
            got = _resolution(memory, q, want)
            assert _resolution(store, q, want) == got, (q, want)
            tiers.add(got[3])
    assert {"exact", "pinyin", "contains", "fuzzy"} <= tiers  # every tier was exercised


def test_the_same_whole_answers_from_memory_and_from_the_file(seed_index):
    memory, store = _both(seed_index)
    lines = [
        f"{cmd}{q}" for q in _queries_of(memory, random.Random(9))[:150] for cmd in ("/who ", "/company ", "")
    ]
    for line in lines + ["/search 创始人", "/help", "/who 不存在的人"]:
        assert to_json(answer_line(store, line)) == to_json(answer_line(memory, line)), line


def test_the_names_kept_whole_in_a_traditional_card_are_found_alike(seed_index):
    from bot.answer import _names_in

    memory, store = _both(seed_index)
    pool = [n for e in memory.entities.values() for n in (e.name, *(a for a, _ in e.aliases)) if len(n) >= 2]
    rnd = random.Random(4)
    blobs = ["", "无关的文字", "\n".join(pool)]
    for _ in range(60):
        picked = rnd.sample(pool, 6)
        blobs.append("，".join(picked) + "的" + picked[0][1:] + picked[1][:-1] + picked[2] * 2)
    for blob in blobs:
        assert list(_names_in(store, blob).items()) == list(_names_in(memory, blob).items())


def test_the_same_resolutions_on_a_synthetic_index(tmp_path):
    path = tmp_path / "names.sqlite"
    names = synthetic_names(3000, path)
    memory, store = _both(path)
    for _, q, _ in mixed_queries(names, 600, random.Random(3)):
        assert _resolution(store, q, None) == _resolution(memory, q, None), q


def test_corrections_apply_alike_from_memory_and_from_the_file(seed_index, tmp_path):
    path = tmp_path / "idx.sqlite"
    shutil.copy(seed_index, path)
    index = Index(path)
    for line in (
        "/alias 张楠赓 = 南瓜哥",
        "/alias -张楠赓 = 南瓜张",
        "/merge 研极微电子 = 神眸",
        "/kind 北极星 company",
        "/notentity 李佳轩",
        "/alias 嘉楠小队 = 嘉楠科技",
    ):
        index = Index(path)
        assert answer_line(index, line, actor=TEAM).correction, line
    memory, store = _both(path)
    queries = [
        "南瓜哥",
        "南瓜张",
        "神眸",
        "研极微电子",
        "北极星",
        "李佳轩",
        "嘉楠小队",
        "nangua ge",
        "研极",
        "南瓜",
    ]
    queries += _queries_of(memory, random.Random(2))[:300]
    for q in queries:
        for want in (None, "who", "company"):
            assert _resolution(store, q, want) == _resolution(memory, q, want), (q, want)
    lines = ["/who 南瓜哥", "/company 研极微电子", "/company 神眸", "/who 李佳轩", "/company 北极星"]
    for line in lines + [to_traditional(x) for x in lines]:
        assert to_json(answer_line(store, line)) == to_json(answer_line(memory, line)), line
    assert answer_line(store, "/who 南瓜哥").entity["name"] == "张楠赓"


def test_the_entity_cache_is_bounded_and_keeps_what_the_corrections_changed(seed_index):
    conn = Index(seed_index, names="store").conn
    ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id LIMIT 60")]
    ents = StoredEntities(conn, size=10)
    ents.pinning = True
    ents[ids[0]].kind = "changed"
    ents.pinning = False
    for eid in ids:
        assert ents[eid].id == eid
    assert len(ents._cache) <= 10
    assert ents[ids[0]].kind == "changed"  # evicted from the cache, kept as changed
    del ents[ids[1]]
    assert (
        ids[1] not in ents
        and len(ents) == len(list(ents)) == conn.execute("SELECT count(*) - 1 FROM entities").fetchone()[0]
    )


def test_an_index_without_postings_keeps_its_names_in_memory(seed_index, tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(seed_index, path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER aliases_grams_add")
    conn.commit()
    conn.close()
    assert Index(path).names_mode == "memory"
    with pytest.raises(Exception, match="no name postings"):
        Index(path, names="store")


def test_the_keys_read_are_kept_and_handed_out_as_sets_of_their_own(seed_index):
    """StoredIds keeps what it read (one lookup asks for a key several times): a caller changing the set it
    got changes neither what is kept nor the next answer; a key corrected is the overlay's."""
    store = Index(seed_index, names="store")
    key = name_key(next(iter(store.entities.values())).name)
    first = store.by_key.get(key)
    assert first and store.by_key._read[key] == first
    first.add(-5)
    assert -5 not in store.by_key.get(key) and key in store.by_key
    store.by_key[key].add(-6)  # as the corrections change a key: the overlay from then on
    assert -6 in store.by_key.get(key) and -6 not in store.by_key._read[key]
    assert store.by_key.get("不存在的名字") is None and "不存在的名字" not in store.by_key


def test_a_lookup_asks_the_file_a_few_statements(tmp_path):
    """Each statement is a round trip to a PostgreSQL server: the keys a lookup tries (the containment
    tier's parts) and the postings it counts are asked together, not one statement each, and a miss reads
    the kinds of its best candidates, not of all of them. A five-character name with one character wrong
    took ~26 statements before; the answers are the memory's (the tests above)."""
    path = tmp_path / "names.sqlite"
    names = synthetic_names(3000, path)
    store = Index(path, names="store")
    typos = [
        q for kind, q, _ in mixed_queries(names, 600, random.Random(3)) if kind == "typo" and len(q) >= 5
    ]
    assert len(typos) >= 20
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    most = 0
    for q in typos:
        statements.clear()
        resolve(store, q, None)
        most = max(most, len(statements))
    store.conn.set_trace_callback(None)
    assert 0 < most <= 12, most


@pytest.mark.parametrize("corrected", [False, True])
def test_posting_lengths_counted_together_equal_those_counted_one_by_one(tmp_path, corrected):
    path = tmp_path / "names.sqlite"
    synthetic_names(2000, path)
    together, alone = Index(path, names="store"), Index(path, names="store")
    grams = sorted({g for r in together.conn.execute("SELECT gram FROM name_grams LIMIT 3000") for g in r})
    grams += ["k没有", "pzzz"]
    for ix in (together, alone):
        ix._stored.gram_cap = 5  # some postings above the cap: they read as cap + 1
        if corrected:
            ix._stored.drop_rows([1, 2, 3])
            ix._stored.add_name(grams[0][1:] + "新", "", 1)
    together._stored.count_grams(grams)
    assert [together.gram_count(g) for g in grams] == [alone._stored._count(g) for g in grams]
