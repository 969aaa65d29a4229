"""The ingest's one-off warm-up (a seed article through the worker pipeline before the workers fork) makes
start-up cheaper and nothing else: an article reads the same in a cold process as in a warmed one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.settings import PROJECT_ROOT

# Invented: a person, a company, a place, a year, a role and a figure, in the shapes the rules read.
ARTICLE = (
    "# 星澜微电子完成新一轮融资\n"
    "星澜微电子科技有限公司由邱明远于2016年在杭州创立，主要研发车规级芯片。\n"
    "邱明远此前是蓝鲸半导体的首席技术官。他表示，星澜微电子今年的营收增长了三成。\n"
    "“我们还会继续招人。”邱明远说。星澜微电子的投资方包括青禾资本。\n"
)

_PROBE = """
import json, sys
from bot.extract import ner
from bot.ingest import worker
if sys.argv[1] == "warm":
    worker.warm(ner.PRELOAD_FILES)
art = worker.process_file("invented.md", 1_000_000, sys.stdin.buffer.read())
print(json.dumps({
    "extracted": {n: [e.kind, e.score, sorted(e.aliases.items())] for n, e in art.extracted.items()},
    "sentences": [s.canon for s in art.sentences],
    "title": art.title,
}, ensure_ascii=False, sort_keys=True))
"""


def _read_in_a_fresh_process(mode: str, ner: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode],
        input=ARTICLE.encode(),
        capture_output=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "FACTBOT_NER": ner},
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def test_a_warmed_process_reads_an_article_as_a_cold_one_does():
    # With the NER vote (the default): the warm-up also runs the model once before the article.
    cold = _read_in_a_fresh_process("cold", "1")
    warm = _read_in_a_fresh_process("warm", "1")
    assert cold["extracted"], "the invented article names something"
    assert warm == cold


def test_the_warm_up_runs_once_per_process_and_setting(monkeypatch):
    from bot.ingest import worker

    monkeypatch.setenv("FACTBOT_NER", "0")  # the model stays out of the test process

    calls: list[str] = []
    real = worker.process_file
    monkeypatch.setattr(worker, "process_file", lambda path, *a: calls.append(path) or real(path, *a))
    worker._first_article.cache_clear()
    try:
        worker.warm(100)
        worker.warm(100)
        assert len(calls) == 1
        worker.warm(1)  # a one-file ingest (a bot's upload) forks one worker: no warm-up for it
        assert len(calls) == 1
    finally:
        worker._first_article.cache_clear()
