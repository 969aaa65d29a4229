"""A list-heavy article (issue 20): 17,000 names in one 、-list cost memory and index size in proportion to
the names, not to their pairs (a sentence naming more than 16 entities relates each only to its
neighbours). Names are made from the lexicon's surnames; the article is written by the test."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from itertools import product

from bot import lexicon as lx
from bot.relations.profile import LIST_NEIGHBOURS, MAX_RELATED_ALL_PAIRS
from tests.conftest import ROOT

GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红志新海波宁建国文斌亮雪梅晨阳佳欣怡浩宇"

_MEASURE = """
import json, resource, sys
from pathlib import Path
from bot.ingest.update import apply
from bot.ingest.worker import process_file, warm
from bot.store.writer import fresh_index
warm()
art = process_file(sys.argv[1], 8_000_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
fresh_index(Path(sys.argv[2]), lambda w: apply(w, [art], set()))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"names": len(art.extracted), "grew_mb": (after - before) / 1024}))
"""


def _names(n: int) -> list[str]:
    out = [s + a + b for s, a, b in product(sorted(lx.SURNAMES), GIVEN, GIVEN) if a != b]
    assert len(out) >= n
    return out[:: max(1, len(out) // n)][:n]


def test_a_list_of_17000_names_costs_memory_and_index_in_proportion(tmp_path):
    article = tmp_path / "list.txt"
    article.write_text("出席本次会议的有" + "、".join(_names(17_000)) + "等人。\n", encoding="utf-8")
    index = tmp_path / "list.sqlite"
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(article), str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["names"] > 5_000, got
    # Before: +742 MB and every ordered pair of names in a sentence a value.
    assert got["grew_mb"] < 250, got
    assert index.stat().st_size < 120 * article.stat().st_size, (got, index.stat().st_size)
    conn = sqlite3.connect(index)
    related = conn.execute("SELECT count(*) FROM profile WHERE field='related'").fetchone()[0]
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    # Each mention in a long list relates to at most its neighbours (all pairs: ~70 per mention here).
    assert related <= 2 * LIST_NEIGHBOURS * mentions, (related, mentions)
    assert 2 * LIST_NEIGHBOURS < MAX_RELATED_ALL_PAIRS
