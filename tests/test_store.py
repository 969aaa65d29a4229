"""The index file: reload answers like fresh, atomic writes, incremental updates, bad input skipped."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.answer import answer_line
from bot.errors import NoArticles
from bot.ingest import build_index
from bot.render import to_json
from bot.store.db import SCHEMA_VERSION
from bot.store.index import Index
from tests.conftest import SEEDS

LINES = ["/who 张楠赓", "/company 神眸", "/who 楊作興", "/company 嘉楠", "/search 芯片", "/who 王智"]


def test_reloaded_index_answers_like_fresh(seed_index, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy(seed_index, copy)
    fresh, loaded = Index(seed_index), Index(copy)
    for line in LINES:
        assert to_json(answer_line(fresh, line)) == to_json(answer_line(loaded, line))


def test_schema_version_and_tables(seed_index):
    conn = sqlite3.connect(seed_index)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(
        SCHEMA_VERSION
    )
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM aliases WHERE pinyin='zhangnangeng'").fetchone()[0] >= 1


def test_crash_mid_build_keeps_previous_index(seed_index, tmp_path, monkeypatch):
    path = tmp_path / "i.sqlite"
    shutil.copy(seed_index, path)
    before = path.read_bytes()
    import bot.ingest.update as b

    def boom(*a, **k):
        raise RuntimeError("crash")

    monkeypatch.setattr(b, "build_facts", boom)
    with pytest.raises(RuntimeError):
        build_index([SEEDS], path, rebuild=True)  # the rebuild fails inside its transaction
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_incremental_and_removed_files(tmp_path):
    src = tmp_path / "arts"
    src.mkdir()
    for p in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(p, src / p.name)
    idx = tmp_path / "i.sqlite"
    r1 = build_index([src], idx)
    assert r1.articles == 2 and r1.reused == 0
    r2 = build_index([src], idx)
    assert r2.reused == 2
    (src / sorted(p.name for p in src.iterdir())[0]).unlink()
    r3 = build_index([src], idx)
    assert r3.articles == 1


def test_bad_files_are_skipped_with_reasons(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 100)
    (d / "image.png").write_bytes(b"\x89PNG")
    shutil.copy(SEEDS / sorted(p.name for p in SEEDS.iterdir())[4], d / "a.txt")
    shutil.copy(d / "a.txt", d / "same-again.txt")
    (d / "loop").symlink_to(d)
    report = build_index([d], tmp_path / "i.sqlite")
    reasons = dict(report.skipped)
    assert report.articles == 1
    assert "empty" in reasons[str(d / "empty.txt")]
    assert "binary" in reasons[str(d / "binary.txt")] or "encoding" in reasons[str(d / "binary.txt")]
    assert any("same content" in r for r in reasons.values())
    assert any("link loop" in r for r in reasons.values())


def test_nothing_indexable_raises(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(NoArticles):
        build_index([tmp_path], tmp_path / "i.sqlite")


def test_two_interviews_with_the_same_answer(tmp_path):
    """Speaker-only answers that repeat across interviews stay apart, and the build does not fail."""
    qa = "\n".join(
        ["{who}是一家公司的创始人，{who}表示公司很好。"]
        + ["记者：你怎么看这个市场？", "{who}：这个市场的机会非常大，我们会继续投入研发。"] * 3
    )
    (tmp_path / "a.txt").write_text(qa.format(who="周明亮"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(qa.format(who="吴晓峰"), encoding="utf-8")
    report = build_index([tmp_path], tmp_path / "i.sqlite")
    assert report.articles == 2
    index = Index(tmp_path / "i.sqlite")
    for name in ("周明亮", "吴晓峰"):
        a = answer_line(index, f"/who {name}")
        assert a.status == "found" and any("机会非常大" in f["canon"] for f in a.facts)


def test_sentences_map_back_to_the_original_text(seed_index):
    conn = sqlite3.connect(seed_index)
    for aid, text in conn.execute("SELECT id, text FROM articles"):
        rows = conn.execute(
            'SELECT text, canon, start, "end" FROM sentences WHERE article_id=?', (aid,)
        ).fetchall()
        assert rows and all(text[start:end] == original for original, _, start, end in rows)
    from bot.segment import segment_text

    s = segment_text("前言。\n張楠賡創立了嘉楠科技。")[1]
    i = s.canon.find("嘉楠科技")
    a, b = s.original_span(i, i + 4)
    assert "前言。\n張楠賡創立了嘉楠科技。"[a:b] == "嘉楠科技"


def test_near_identical_facts_from_two_articles_are_one_fact_with_two_sources(tmp_path):
    base = "2013年4月，韩立峰和好友宋远桥在北京{verb}了太极科技，韩立峰担任太极科技董事长。韩立峰表示，公司会坚持做芯片。"
    (tmp_path / "a.txt").write_text("太极科技的故事\n" + base.format(verb="创立"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "另一家媒体的报道\n" + base.format(verb="创办") + "太极科技此后发展很快。", encoding="utf-8"
    )
    build_index([tmp_path], tmp_path / "i.sqlite")
    a = answer_line(Index(tmp_path / "i.sqlite"), "/who 韩立峰")
    founding = [f for f in a.facts if "太极科技" in f["canon"] and "2013年4月" in f["canon"]]
    assert len(founding) == 1 and len(founding[0]["sources"]) == 2


def test_the_fingerprint_covers_extraction_code_data_and_curated_entities_only(tmp_path):
    """Re-extraction follows a change in what turns articles into the index, never a label's change."""
    from bot.settings import CONFIG_DIR
    from bot.store.db import fingerprint_of, pipeline_files

    bot_dir = Path(__file__).resolve().parent.parent / "bot"
    root, config = tmp_path / "bot", tmp_path / "config"
    shutil.copytree(bot_dir, root, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(CONFIG_DIR, config)
    covered = {rel for rel, _ in pipeline_files(root, config)}
    for rel in ("segment.py", "facts.py", "model.py", "vocab.py", "lexicon.py", "config/entities.yaml"):
        assert rel in covered
    assert any(r.startswith("corpus/") for r in covered) and any(r.startswith("ingest/") for r in covered)
    assert any(r.startswith("relations/") for r in covered) and any(
        r.startswith("data/lexicon/") for r in covered
    )
    for rel in covered:
        assert not rel.startswith(("tg/", "data/messages/", "store/")), rel
        assert rel not in ("render.py", "answer.py", "query.py", "cli.py", "messages.py", "commands.py"), rel

    before = fingerprint_of(root, config)

    def changed(path: Path) -> bool:
        path.write_bytes(path.read_bytes() + b"\n# changed\n")
        return fingerprint_of(root, config) != before

    # Not extraction: a renderer, the CLI, a message, the Telegram adapter.
    for rel in (
        "cli.py",
        "store/index.py",
        *(p for p in ("render.py", "answer.py", "query.py") if (root / p).exists()),
    ):
        assert not changed(root / rel), rel
    messages = sorted((root / "data" / "messages").rglob("*.yaml"))
    if messages:
        assert not changed(messages[0])
    assert not changed(next((root / "tg").rglob("*.py")))
    # Extraction: code, its data, the curated entities.
    assert changed(root / "segment.py")
    before = fingerprint_of(root, config)
    assert changed(next((root / "data" / "lexicon").rglob("*.txt")))
    before = fingerprint_of(root, config)
    assert changed(config / "entities.yaml")


def test_profile_values_are_records_and_the_dict_view_matches(seed_index):
    index = Index(seed_index)
    eid = max(index.entities, key=lambda e: index.entities[e].mentions)
    values = index.profile_values(eid)
    assert values
    for field, records in index.profile(eid).items():
        assert [r["value"] for r in records] == [v.text for v in values[field]]
        assert [r["sources"] for r in records] == [list(v.facts) for v in values[field]]
        assert all(v.field == field for v in values[field])
    hits = index.like_search(["创始人"])
    assert hits and all("创始人" in fact["canon"] for _, fact in hits)


# Modules outside bot/store that still run a statement themselves, each with the store method to switch to.
SQL_OUTSIDE_STORE = {
    "relations/questions.py",  # statements_in_questions(conn, ...): Writer.question_sentences(article_ids)
    "corrections/apply.py",  # catches sqlite3.DatabaseError: the store could raise an error of its own
}


def test_all_sql_lives_in_the_store():
    """The store is the seam for a second backend: no other module runs SQL or holds a connection."""
    import ast

    bot_dir = Path(__file__).resolve().parent.parent / "bot"
    offenders = []
    for py in sorted(bot_dir.rglob("*.py")):
        rel = py.relative_to(bot_dir).as_posix()
        if rel.startswith("store/") or rel in SQL_OUTSIDE_STORE:
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript"):
                offenders.append(f"{rel}:{node.lineno}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + (
                    [node.module] if isinstance(node, ast.ImportFrom) else []
                )
                if "sqlite3" in names:
                    offenders.append(f"{rel}:{node.lineno} imports sqlite3")
    assert offenders == []
