"""How many extraction processes a bulk ingest forks: every core by default, or the setting (issue 22)."""

from __future__ import annotations

import os
import time

import pytest

from bot.pool import run_pool, workers


def _pid(path: str) -> int:
    time.sleep(0.3)  # long enough that every worker takes a task before the first is done
    return os.getpid()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("", len(os.sched_getaffinity(0))),  # the default: every core this process may run on
        ("0", len(os.sched_getaffinity(0))),
        ("1", 1),
        ("3", 3),
        ("junk", len(os.sched_getaffinity(0))),  # not a number: the setting (0, every core)
    ],
)
def test_workers_follow_the_setting(monkeypatch, env, expected):
    monkeypatch.setenv("FACTBOT_WORKERS", env)
    assert workers() == expected


def test_the_pool_runs_that_many_processes(monkeypatch):
    monkeypatch.setenv("FACTBOT_WORKERS", "3")
    pids: list[int] = []
    run_pool(_pid, [(f"f{i}",) for i in range(6)], workers(), 30, pids.append)
    assert len(pids) == 6
    assert len(set(pids)) == 3 and os.getpid() not in pids
