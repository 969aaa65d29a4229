"""The bulk ingest on a real local Dask cluster (issue 22, `ingest --cluster`): the same index as a
single-process ingest, a worker killed mid-ingest costs only its files, a file that hangs only itself.

The index is compared table by table with the golden test's content queries; both ingests run in this
process, so their merges see the same hash seed (the driver's merge orders an entity's aliases by set
iteration, which depends on the merging process's hash seed, cluster or not; the workers' seeds do not
matter)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed: pip install -e '.[cluster]' (CI installs it)"
)

from bot.ingest import build_index  # noqa: E402
from bot.ingest.cluster import ClusterError, parse_local  # noqa: E402
from bot.pool import time_limit  # noqa: E402
from bot.store.index import Index  # noqa: E402
from tests.test_golden_ask import CONTENT  # noqa: E402
from tests.test_hostile_isolation import GOOD, MARK, SLOW  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PART = ROOT.parent / "shared" / "devset" / "b" / "articles"


def _content(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: [json.dumps(list(r), ensure_ascii=False) for r in conn.execute(q)] for t, q in CONTENT.items()
        }
    finally:
        conn.close()


def _assert_same(got: dict, want: dict) -> None:
    for table in CONTENT:
        assert len(got[table]) == len(want[table]), table
        assert got[table] == want[table], table


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> list[Path]:
    """The seeds and one dev-set part (15 files: seconds, not minutes), copied so a test may leave files out."""
    if not PART.is_dir():
        pytest.skip(f"the development set is not beside the project ({PART})")
    top = tmp_path_factory.mktemp("arts")
    out = []
    for name, src in (("seeds", SEEDS), ("b", PART)):
        shutil.copytree(src, top / name)
        out.append(top / name)
    return out


@pytest.fixture(scope="module")
def single(folders, tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("single") / "index.sqlite"
    build_index(folders, path)
    return _content(path)


@pytest.fixture(scope="module")
def cluster():
    """`local:2` as the command line starts it (two worker processes on loopback, one thread each, the
    model loaded in each), shared by the tests: a cluster start costs seconds."""
    from bot.ingest.cluster import _Connection

    conn = _Connection("local:2")
    client = conn._connect()
    try:
        yield client
    finally:
        conn.close()


def test_a_two_worker_cluster_makes_the_single_process_index(folders, single, cluster, tmp_path):
    # In this process, as `single` was: the merge, which runs here in both, sees the same hash seed.
    assert len(cluster.nthreads()) == 2
    path = tmp_path / "index.sqlite"
    report = build_index(folders, path, cluster=cluster.scheduler.address)
    assert len(report.new) == _count(folders) and not report.skipped
    _assert_same(_content(path), single)


def test_a_worker_killed_mid_ingest_costs_only_its_files(folders, cluster, tmp_path):
    folders = folders[:1]  # the seeds: five files are enough to be caught mid-ingest
    # Dask would move the killed worker's files to the other worker (allowed-failures, 3 by default); at 0
    # they are lost instead, which is what this test measures: exactly those files, nothing else.
    cluster.run_on_scheduler(_set_allowed_failures, 0)
    pids = cluster.run(os.getpid)
    path = tmp_path / "index.sqlite"
    result: list = []

    def ingest() -> None:
        try:
            result.append(build_index(folders, path, cluster=cluster.scheduler.address))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            result.append(exc)

    driver = threading.Thread(target=ingest)
    driver.start()
    try:
        victim = _busy_worker(cluster, driver)
        os.kill(pids[victim], signal.SIGKILL)
        driver.join(240)
    finally:
        cluster.run_on_scheduler(_set_allowed_failures, 3)
        cluster.wait_for_workers(2, timeout=120)  # the nanny's new worker, for the tests after this one
    assert not driver.is_alive() and result
    report = result[0]
    assert not isinstance(report, BaseException), report
    lost = [p for p, why in report.skipped if why == "failed on the cluster (KilledWorker)"]
    # A one-thread worker holds at most two tasks (the one it runs, the one Dask queues on it: worker
    # saturation 1.1): at least the one it was seen holding, perhaps one more by the time it was killed.
    assert 1 <= len(lost) == len(report.skipped) <= 2, report.skipped
    files = [str(f) for d in folders for f in sorted(d.iterdir())]
    assert len(report.new) == len(files) - len(lost)
    # Every other file is in the index, and only they.
    conn = sqlite3.connect(path)
    stored = {p for (p,) in conn.execute("SELECT path FROM articles")}
    conn.close()
    assert stored == set(files) - set(lost)
    assert pids[victim] not in cluster.run(os.getpid).values()  # really killed (the nanny started another)


def _count(folders: list[Path]) -> int:
    return sum(1 for d in folders for f in d.iterdir() if f.is_file())


def _busy_worker(client, driver: threading.Thread) -> str:
    """The first worker seen holding ingest tasks."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert driver.is_alive(), "the ingest ended before any worker was seen busy"
        for worker, keys in client.processing().items():
            if any("_on_worker" in str(k) for k in keys):
                return worker
        time.sleep(0.02)
    pytest.fail("no worker took an ingest task in 120 s")


def _set_allowed_failures(n: int, dask_scheduler=None) -> None:
    dask_scheduler.allowed_failures = n


def test_a_file_that_hangs_on_the_cluster_costs_only_itself(cluster, tmp_path):
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "good.txt").write_text(GOOD, encoding="utf-8")
    (arts / "slow.txt").write_text(SLOW, encoding="utf-8")
    cluster.wait_for_workers(2, timeout=120)
    cluster.run(_hang_on_marker)  # on every worker: the one that gets slow.txt hangs
    try:
        t0 = time.monotonic()
        with time_limit(3):
            report = build_index([arts], tmp_path / "idx.sqlite", cluster=cluster.scheduler.address)
        assert time.monotonic() - t0 < 60  # the rule sleeps 120 s
    finally:
        cluster.run(_unhang)
    assert [(p.rsplit("/", 1)[-1], why) for p, why in report.skipped] == [
        ("slow.txt", "too slow (over 3 s), stopped")
    ]
    names = {e.name for e in Index(tmp_path / "idx.sqlite").entities.values()}
    assert names >= {"王小川", "百川科技"} and "李明远" not in names


def _hang_on_marker() -> None:
    """On a worker: the relation rules gain one that hangs on MARK (as in test_hostile_isolation), for the
    per-file children forked from now on."""
    from bot.ingest import cluster
    from bot.relations import profile
    from bot.relations.sentence import Rule

    profile._SAVED_RULES = profile.RULES  # type: ignore[attr-defined]
    profile.RULES = (*profile.RULES, Rule("hang", ("related",), _hang))
    cluster._stop_children()


def _unhang() -> None:
    from bot.ingest import cluster
    from bot.relations import profile

    profile.RULES = profile._SAVED_RULES  # type: ignore[attr-defined]
    cluster._stop_children()


def _hang(b, s) -> None:
    if MARK in s.f.canon:
        time.sleep(120)


def test_cluster_addresses():
    assert parse_local("local:2") == 2 and parse_local("local") == 2
    assert parse_local("tcp://127.0.0.1:8786") is None
    for bad in ("local:0", "local:x"):
        with pytest.raises(ClusterError):
            parse_local(bad)


def test_a_cluster_nobody_answers_is_one_line_from_the_command(tmp_path, folders, monkeypatch, capsys):
    import socket

    from bot.cli import main
    from bot.ingest import cluster

    monkeypatch.setattr(cluster, "CONNECT_WAIT", 1.0)
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    index = tmp_path / "i.sqlite"
    assert main(["ingest", str(folders[0]), "--index", str(index), "--cluster", address]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"factbot: --cluster {address}: no scheduler answers"), err
    assert not index.exists()


def test_a_cluster_ingest_into_postgresql_matches_sqlite(cluster, folders, tmp_path, request):
    """The store is the driver's business: the same cluster ingest into the PostgreSQL store (a real
    server, tests/pg_server.py) holds the same articles, entities and facts as SQLite's single process."""
    if not _postgres_available():
        pytest.skip("no PostgreSQL here (initdb or psycopg missing); CI installs both")
    pg_url = request.getfixturevalue("pg_url")
    seeds = folders[:1]
    lite = build_index(seeds, tmp_path / "lite.sqlite")
    pg = build_index(seeds, Path(pg_url), cluster=cluster.scheduler.address)
    assert not pg.skipped and len(pg.new) == _count(seeds)
    assert (pg.articles, pg.entities, pg.facts) == (lite.articles, lite.entities, lite.facts)
    names = {e.name for e in Index(Path(pg_url)).entities.values()}
    assert names == {e.name for e in Index(tmp_path / "lite.sqlite").entities.values()}


def _postgres_available() -> bool:
    try:
        import psycopg  # noqa: F401

        from tests.pg_server import find_bin
    except ImportError:
        return False
    return find_bin("initdb") is not None


try:  # the PostgreSQL server fixtures, by name (skipped above when there is no server to start)
    from tests.pg_server import pg_server, pg_url  # noqa: F401
except ImportError:  # psycopg missing: the test skips
    pass
