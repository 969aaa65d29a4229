"""Golden answers: `ask --json` for about 60 queries, and the content of the seed index, pinned byte for byte.

They hold today's behaviour while the code is moved around. A change meant to alter an answer rewrites the
golden files (FACTBOT_GOLDEN_UPDATE=1 python -m pytest tests/test_golden_ask.py) and the diff is read and
accepted in its own commit.

The queries run against one index of the seeds and the development set's parts A-C, through the command
line (the contract in DESIGN.md), so the goldens do not depend on how the code inside is laid out.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "ask"
DEVSET = ROOT.parent / "shared" / "devset"
PARTS = [DEVSET / "articles", DEVSET / "b" / "articles", DEVSET / "c" / "articles"]
UPDATE = os.environ.get("FACTBOT_GOLDEN_UPDATE") == "1"

# Tables whose rows are the content of an index (ids included: they are part of the answers).
CONTENT = {
    "entities": "SELECT id, name, kind, mentions, traditional, aliases_json FROM entities ORDER BY id",
    "aliases": "SELECT entity_id, alias, type, key, pinyin, initials, simp FROM aliases ORDER BY 1, 2, 3, 4",
    "facts": "SELECT id, text, canon, type, year, date, key FROM facts ORDER BY id",
    "fact_entities": "SELECT fact_id, entity_id, explicit, round(score, 6) FROM fact_entities ORDER BY 1, 2",
    "profile": "SELECT entity_id, field, value, sources, ord, linked, parts FROM profile ORDER BY 1, 2, 5, 3",
    "mentions": "SELECT entity_id, article_id, sentence_idx FROM mentions ORDER BY 1, 2, 3",
}


def _bot(*args: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    r = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    want = path.read_text(encoding="utf-8")
    if text != want:
        got_lines, want_lines = text.splitlines(), want.splitlines()
        diffs = [
            i
            for i in range(max(len(got_lines), len(want_lines)))
            if got_lines[i : i + 1] != want_lines[i : i + 1]
        ]
        i = diffs[0]
        pytest.fail(
            f"{name}: {len(diffs)} lines differ; first at line {i + 1}:\n"
            f"want: {want_lines[i] if i < len(want_lines) else '(none)'}\n"
            f"got:  {got_lines[i] if i < len(got_lines) else '(none)'}"
        )


@pytest.fixture(scope="module")
def dev_index(tmp_path_factory) -> Path:
    if not all(p.is_dir() for p in PARTS):
        pytest.skip(f"the development set is not beside the project ({DEVSET})")
    path = tmp_path_factory.mktemp("golden") / "dev.sqlite"
    _bot("ingest", "seeds", *map(str, PARTS), "--index", str(path))
    return path


def test_ask_json_answers_are_unchanged(dev_index):
    queries = [q for q in (GOLDEN / "queries.txt").read_text(encoding="utf-8").splitlines() if q.strip()]
    assert len(queries) >= 60
    out = _bot("ask", "--index", str(dev_index), "--json", *queries)
    lines = out.splitlines()
    assert len(lines) == len(queries)
    # One object a line, keys sorted, so a diff shows the field that moved.
    text = "".join(json.dumps(json.loads(x), ensure_ascii=False, sort_keys=True) + "\n" for x in lines)
    _compare("answers.jsonl", text)


def test_seed_index_content_is_unchanged(tmp_path):
    path = tmp_path / "seeds.sqlite"
    _bot("ingest", "seeds", "--index", str(path))
    conn = sqlite3.connect(path)
    try:
        parts = []
        for table, sql in CONTENT.items():
            parts.append(f"## {table}")
            parts += [json.dumps(list(row), ensure_ascii=False) for row in conn.execute(sql)]
    finally:
        conn.close()
    _compare("seed_index.txt", "\n".join(parts) + "\n")
