"""`python -m bot bench --names SIZES`: memory and lookups on names-only synthetic indexes, both designs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_memory_does_not_grow_with_the_entities_when_names_stay_in_the_file():
    """RSS of a fresh process after 300 mixed lookups at 2,000 and 16,000 entities: names held in memory
    grow with the index (so the test can fail), names read from the file stay within a few MB; both find
    the same names."""
    out = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "--names", "2000,16000", "--queries", "300"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    rss = {
        (int(n.replace(",", "")), mode): float(mb)
        for n, block in re.findall(r"index, ([\d,]+) entities(.*?)(?=names-only|\Z)", out, re.S)
        for mode, mb in re.findall(r"names (in memory|from the file): RSS (\d+) MB", block)
    }
    assert len(rss) == 4, out
    grown = {m: rss[(16000, m)] - rss[(2000, m)] for m in ("in memory", "from the file")}
    assert grown["in memory"] > 15, (grown, out)
    assert grown["from the file"] < 8, (grown, out)
    for n in ("2,000", "16,000"):
        block = out.split(f"index, {n} entities")[1].split("names-only")[0]
        right = re.findall(r"right (\d+/\d+) \(", block)
        assert len(right) == 2 and right[0] == right[1], block  # the same names found both ways
    assert re.search(r"p50 [\d.]+ ms, p99 [\d.]+ ms", out)
