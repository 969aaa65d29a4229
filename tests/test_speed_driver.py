"""The ingesting process's fast paths (issue 22) store exactly what the plain ones did: the same rows, in
the same order, with the same rowids, and the same full-text index. Each test runs the fast path and the
plain one (the statement-by-statement SQL of before) on two fresh indexes and compares them table by table.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.facts import Fact, informativeness
from bot.ingest.update import profile_records
from bot.model import Article, Extraction, FileFailure, ProfileValue, Sentence
from bot.pool import RUNNER, run_pool
from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.profile import ProfileBuilder
from bot.relations.sentence import Reader
from bot.store.db import connect_writer, create_fresh
from bot.store.fts import FTS5
from bot.store.writer import Writer


class _PlainSearch:
    """FTS5 as another backend's full-text search: `insert_article` then takes its sentence-by-sentence path."""

    def __getattr__(self, name: str):
        return getattr(FTS5, name)


class _PlainConnection(sqlite3.Connection):
    text_search = _PlainSearch()


def _writers(tmp_path: Path) -> tuple[Writer, Writer]:
    fast, plain = tmp_path / "fast.sqlite", tmp_path / "plain.sqlite"
    create_fresh(fast)
    create_fresh(plain)
    conn = sqlite3.connect(plain, isolation_level=None, factory=_PlainConnection)
    return Writer(connect_writer(fast)), Writer(conn)


def _rows(w: Writer, sql: str) -> list[tuple]:
    return w.conn.execute(sql).fetchall()


def _article(aid: str, lines: list[str]) -> Article:
    sentences = tuple(
        Sentence(
            i, i // 2, f"«{line}»", line, "张三" if i == 1 else "", i == 2, i == 0, i * 40, i * 40 + len(line)
        )
        for i, line in enumerate(lines)
    )
    return Article(
        id=aid,
        path=f"/tmp/{aid}.txt",
        sha=aid * 4,
        title=lines[0],
        date="2020-01-02",
        author="",
        outlet="",
        source_url="",
        encoding="utf-8",
        text="\n".join(lines),
        notes=("a note",),
        sentences=sentences,
        extracted={"星河数据": Extraction("company", 0.9, {"星河": "short"})},
    )


ARTICLES = [
    _article("a1", ["星河数据发布新品", "张三表示，星河数据将在杭州扩建研发中心。", "你们为什么选择杭州？"]),
    _article(
        "a2", ["百川科技在2006年成立", "王小川担任百川科技创始人兼CEO。", "百川科技总部位于北京。", "完"]
    ),
    _article("a3", ["星河数据与百川科技合作", "两家公司将共建实验室。"]),
]


def test_articles_fast_path_stores_the_same_sentences_rowids_and_full_text(tmp_path):
    fast, plain = _writers(tmp_path)
    for w in (fast, plain):
        w.begin()
        for art in ARTICLES:
            w.insert_article(art)
        w.delete_articles(["a2"])  # a gap in the rowids, and the full-text rows taken out with it
        w.insert_article(ARTICLES[1])
        w.commit()
    for sql in (
        "SELECT rowid, * FROM sentences ORDER BY rowid",
        "SELECT * FROM articles ORDER BY id",
    ):
        assert _rows(fast, sql) == _rows(plain, sql), sql
    for word in ("星河数据", "百川科技", "杭州扩建", "实验室", "王小川"):
        sql = (
            "SELECT rowid, round(bm25(sentences_fts), 9) FROM sentences_fts WHERE sentences_fts MATCH "
            f"'\"{word}\"' ORDER BY rowid"
        )
        assert _rows(fast, sql) == _rows(plain, sql) != [], word
    for w in (fast, plain):  # the full-text index agrees with its content table
        w.conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')")


def _fact(aid: str, i: int, entities: dict[int, int]) -> Fact:
    f = Fact(aid, i, f"句子{i}", f"句子{i}", "mention", 2020 if i % 2 else None, "")
    f.entities = dict(entities)
    return f


def test_raw_facts_in_one_batch_get_the_ids_and_rows_of_one_by_one(tmp_path):
    fast, plain = _writers(tmp_path)
    first = [(_fact("a1", i, {1: 0, 2: 1}), f"k{i}") for i in range(5)]
    more = [(_fact("a2", i, {i: 0} if i else {}), f"m{i}") for i in range(4)]
    got: dict[str, list[int]] = {}
    for name, w in (("fast", fast), ("plain", plain)):
        w.begin()
        ids = [w.insert_raw_fact(f, k) for f, k in first]
        w.delete_raw_facts({ids[-1], ids[1]})  # the largest id gone: SQLite gives it again
        if name == "fast":
            got[name] = w.insert_raw_facts(more)
        else:
            got[name] = [w.insert_raw_fact(f, k) for f, k in more]
        w.commit()
    assert got["fast"] == got["plain"] == [5, 6, 7, 8]
    for sql in (
        "SELECT * FROM raw_facts ORDER BY id",
        "SELECT rowid, * FROM raw_fact_entities ORDER BY rowid",
    ):
        assert _rows(fast, sql) == _rows(plain, sql), sql
    fresh = tmp_path / "empty.sqlite"
    create_fresh(fresh)
    assert Writer(connect_writer(fresh)).insert_raw_facts(first[:2]) == [1, 2]  # an empty table starts at 1


def _plain_insert_fact(w: Writer, fid, f, key, raws, sources, scores) -> None:
    """The statements `insert_fact` ran before it was batched."""
    w.conn.execute(
        "INSERT INTO facts VALUES (?,?,?,?,?,?,?)", (fid, f.text, f.canon, f.type, f.year, f.date, key)
    )
    w.conn.executemany("INSERT INTO fact_raw VALUES (?,?)", [(fid, r) for r in raws])
    w.conn.executemany("INSERT INTO fact_sources VALUES (?,?,?)", [(fid, a, s) for a, s in sources])
    w.conn.executemany(
        "INSERT INTO fact_entities VALUES (?,?,?,?)",
        [(fid, eid, f.entities[eid], score) for eid, score in scores.items()],
    )


def _plain_insert_profile(w: Writer, eid: int, values) -> None:
    for order, v in enumerate(values):
        w.conn.execute(
            "INSERT INTO profile VALUES (?,?,?,?,?,?,?)",
            (
                eid,
                v.field,
                v.text,
                json.dumps({"facts": list(v.facts), "articles": list(v.articles)}),
                order,
                v.entity,
                json.dumps(v.parts, ensure_ascii=False),
            ),
        )


def test_facts_and_profiles_in_batches_are_the_rows_of_one_by_one(tmp_path):
    fast, plain = _writers(tmp_path)
    facts = [
        (
            10 + n,
            _fact("a1", n, {3: 0, 1: 2}),
            f"key{n}",
            [n, n + 7],
            [("a1", n), ("a2", n + 1)],
            {3: 0.5, 1: n},
        )
        for n in range(4)
    ]
    profiles = [
        (
            eid,
            [
                ProfileValue(fld, f"{fld}{eid}", eid + 1, {"年": eid}, (1, 2), ("a1",))
                for fld in ("roles", "born")
            ],
        )
        for eid in (7, 3, 9)
    ]
    fast.begin()
    fast.insert_facts(facts)
    fast.insert_profiles(iter(profiles))  # a generator, as `merge_facts` gives it
    fast.commit()
    plain.begin()
    for row in facts:
        _plain_insert_fact(plain, *row)
    for eid, values in profiles:
        _plain_insert_profile(plain, eid, values)
    plain.commit()
    for table in ("facts", "fact_raw", "fact_sources", "fact_entities", "profile"):
        sql = f"SELECT rowid, * FROM {table} ORDER BY rowid"
        assert _rows(fast, sql) == _rows(plain, sql) != [], table


def _slow_square(path: str, n: int) -> tuple[str, int, int]:
    if n == 3:
        time.sleep(60)  # stopped at the time limit
    return (path, n * n, os.getpid())


def test_the_callers_steps_run_while_the_workers_work_each_once_in_order_here():
    """`run_pool(..., meanwhile=steps)`: the ingesting process stores articles while workers rehearse the
    relation rules. Every step runs exactly once, in order, in the caller's process, whatever the workers
    do (a task stopped at its time limit included), and also with no task at all or on another engine."""
    ran: list[tuple[int, int]] = []
    results: list = []
    steps = [lambda k=k: ran.append((k, os.getpid())) for k in range(6)]
    t0 = time.monotonic()
    run_pool(_slow_square, [(f"t{n}", n) for n in range(5)], 2, 2, results.append, steps)
    assert time.monotonic() - t0 < 30
    assert ran == [(k, os.getpid()) for k in range(6)]
    assert sorted(r[1] for r in results if isinstance(r, tuple)) == [0, 1, 4, 16]
    assert all(r[2] != os.getpid() for r in results if isinstance(r, tuple))
    assert [r.error for r in results if isinstance(r, FileFailure)] == ["too slow (over 2 s), stopped"]
    ran.clear()
    run_pool(_slow_square, [], 2, 2, results.append, steps)
    assert [k for k, _ in ran] == list(range(6))
    ran.clear()
    engine = RUNNER.set(lambda func, tasks, workers, seconds, on_result: [on_result(func(*t)) for t in tasks])
    try:
        run_pool(_slow_square, [("x", 2)], 2, 2, results.append, steps)
    finally:
        RUNNER.reset(engine)
    assert [k for k, _ in ran] == list(range(6)) and results[-1][1] == 4


def test_a_failing_step_stops_the_pool_and_is_raised():
    def boom() -> None:
        raise ValueError("step failed")

    t0 = time.monotonic()
    with pytest.raises(ValueError, match="step failed"):
        run_pool(_slow_square, [("a", 3), ("b", 3)], 2, 30, lambda r: None, [boom])
    assert time.monotonic() - t0 < 20  # the workers were stopped, not waited for


def _profiles(records: dict, facts: list) -> list:
    out = ProfileBuilder(records, facts).build()
    return [(eid, [v.record() for v in values]) for eid, values in out.items()]


def test_the_relation_rules_memos_change_no_value(seed_index, monkeypatch):
    """`values.clauses` is cached, `Reader.subject` memoised on the view, and the list-of-holders rule
    looks for its verb before its long pattern: over the seed articles' facts (all at once, as the update
    runs them, and one article at a time, as the rehearsal does) the profiles are those of the rules
    without any of these, and the merged facts' informativeness that of the uncached function."""
    conn = sqlite3.connect(f"file:{seed_index}?mode=ro", uri=True)
    w = Writer(conn)
    ids = [r[0] for r in conn.execute("SELECT id FROM raw_facts")]
    facts = [f for _, f, _ in w.raw_facts(ids)]
    records = profile_records(w.entities({e for f in facts for e in f.entities}))
    conn.close()
    by_article: dict[str, list] = {}
    for f in facts:
        by_article.setdefault(f.article, []).append(f)
    runs = [(records, facts)] + [
        ({e: records[e] for f in own for e in f.entities}, own) for own in by_article.values()
    ]
    fast = [_profiles(r, f) for r, f in runs]
    b = Reader(records, facts)
    views = [b.view(i, f) for i, f in enumerate(facts)]
    memo = [b.subject(v) for v in views] + [b.subject(v) for v in views]  # worked out, then remembered
    assert memo == [b._subject(v) for v in views] * 2
    assert len({x for x in memo if x is not None}) > 10
    monkeypatch.setattr(vals, "clauses", vals.clauses.__wrapped__)
    monkeypatch.setattr(Reader, "subject", Reader._subject)
    monkeypatch.setattr(g, "TITLE_INCLUDES_VERB", re.compile(""))  # the list rule's pattern always tried
    plain = [_profiles(r, f) for r, f in runs]
    canons = [f.canon for f in facts]
    assert [informativeness(c) for c in canons] == [informativeness.__wrapped__(c) for c in canons]
    assert len(facts) > 300 and sum(len(v) for _, v in fast[0]) > 200
    assert fast == plain


def test_a_narrowed_view_works_out_its_own_subject():
    """education narrows a view with dataclasses.replace: the copy must not inherit the memo of the
    original (whose subject may be a person the copy no longer names)."""
    records = {
        1: {"name": "张三", "kind": "person", "aliases": {}, "aliases_simplified": []},
        2: {"name": "星河数据", "kind": "company", "aliases": {}, "aliases_simplified": []},
    }
    f = Fact("a", 0, "张三加入星河数据。", "张三加入星河数据。", "event", None, "")
    f.entities = {1: 0, 2: 0}
    b = Reader(records, [f])
    s = b.view(0, f)
    assert b.subject(s) == 1
    narrowed = replace(s, people=[])
    assert narrowed.subject_memo == [] and b.subject(narrowed) == b._subject(narrowed) == 2
    assert b.subject(s) == 1


LISTS = [
    "星河数据的独立董事包括：作词人张三、李四及王五。",
    "星河科技的联合创始人包括张三、李四。",
    "两家公司的CEO分别为张三、李四。",
    "董事长和总经理分别是张三和李四",
    "他说的包括很多内容。",
]


def test_the_list_verb_is_in_every_match_of_the_holders_pattern(seed_index):
    """`_listed_holders` returns early when a sentence has no TITLE_INCLUDES_VERB: only right if every
    match of TITLE_INCLUDES holds one (the verb is part of the pattern)."""
    conn = sqlite3.connect(f"file:{seed_index}?mode=ro", uri=True)
    texts = [r[0] for r in conn.execute("SELECT canon FROM sentences")] + LISTS
    conn.close()
    matches = [m.group(0) for t in texts for m in g.TITLE_INCLUDES.finditer(t)]
    assert len(matches) >= 3
    assert all(g.TITLE_INCLUDES_VERB.search(m) for m in matches)
    assert not any(g.TITLE_INCLUDES.search(t) for t in texts if not g.TITLE_INCLUDES_VERB.search(t))
