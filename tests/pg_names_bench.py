"""Memory and lookups of names read from a PostgreSQL index (issue 22), as `python -m bot bench --names`
measures them on SQLite: a synthetic names-only index written straight into a database of a throwaway
server (tests/pg_server.py), the same mixed queries (`bot.bench.mixed_queries`), each mode in a fresh
process (`bot.bench.probe_lookups`, which opens the index by its location: a PostgreSQL URL works).

    python -m tests.pg_names_bench 1000000 [QUERIES] [--memory] [--shared-buffers=512MB]

RSS is the serving (client) process's; the server's own memory is its shared buffers and per-connection
work memory, bounded by its settings, not by the corpus (its size on disk is printed beside it). The tests'
server runs with 32 MB of shared buffers; `--shared-buffers` restarts it with more before the build.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _fresh_pg(location: Path) -> None:
    """What `bot.store.db.create_fresh` does for a file, for an empty database: the schema (migrated on
    connect) and the pipeline's fingerprint (a reader refuses an index without one)."""
    from bot.store.db import set_pipeline
    from bot.store.pg import schema

    conn = schema.connect(location)
    try:
        set_pipeline(conn)  # type: ignore[arg-type]  # the sqlite3 surface
    finally:
        conn.close()


def synthetic_names(n: int, location: Path, seed: int = 11) -> list[tuple[str, str]]:
    """`bot.bench.synthetic_names` into an empty PostgreSQL database (`bot.store.names.bulk_insert` writes
    either backend; only the fresh schema is made here instead of a fresh file)."""
    import bot.store.db
    from bot.bench import synthetic_names as on_sqlite

    with mock.patch.object(bot.store.db, "create_fresh", _fresh_pg):
        return on_sqlite(n, location, seed)


def _restart(server, shared_buffers: str) -> None:
    """The tests' server again with other shared buffers (its other settings as tests/pg_server.py)."""
    opts = (
        f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories='' "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 "
        f"-c shared_buffers={shared_buffers}"
    )
    cmd = [server.pg_ctl, "-D", str(server.data), "-l", str(server.root / "log"), "-w", "-o", opts, "restart"]
    server._run(cmd)


def bench(n: int, n_queries: int, modes: tuple[str, ...], shared_buffers: str = "") -> dict:
    from bot.bench import mixed_queries
    from bot.store.pg import schema
    from tests.pg_server import PgServer

    server = PgServer()
    try:
        if shared_buffers:
            _restart(server, shared_buffers)
        location = Path(server.create_database("names"))
        t = time.perf_counter()
        names = synthetic_names(n, location)
        build_s = time.perf_counter() - t
        queries = mixed_queries(names, n_queries, random.Random(13))
        del names
        conn = schema.connect(location)
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
        postings = conn.execute("SELECT count(*) FROM name_grams").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM aliases").fetchone()[0]
        conn.close()
        out: dict = {
            "entities": n,
            "alias_rows": rows,
            "postings": postings,
            "queries": n_queries,
            "build_s": build_s,
            "database_mb": size,
            "shared_buffers": shared_buffers or "32MB",
        }
        with tempfile.TemporaryDirectory() as tmp:
            qfile = Path(tmp) / "queries.json"
            qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
            for mode in modes:
                probe = "import sys; from bot.bench import probe_lookups; probe_lookups(*sys.argv[1:])"
                run = subprocess.run(
                    [sys.executable, "-c", probe, server.url("names"), mode, str(qfile)],
                    cwd=PROJECT_ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                out[mode] = json.loads(run.stdout.strip().splitlines()[-1])
        out["load"] = os.getloadavg()
    finally:
        server.stop()
    return out


def _print(r: dict) -> None:
    print(
        f"names-only synthetic PostgreSQL index, {r['entities']:,} entities ({r['alias_rows']:,} alias rows, "
        f"{r['postings']:,} postings): built in {r['build_s']:.0f} s, database {r['database_mb']:.0f} MB; "
        f"{r['queries']} mixed queries, each process fresh (load {' '.join(f'{x:.1f}' for x in r['load'])}; "
        f"server shared buffers {r['shared_buffers']})"
    )
    from bot.bench import print_modes

    print_modes(r, "from PostgreSQL")


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    n = int(args[0]) if args else 200_000
    n_queries = int(args[1]) if len(args) > 1 else 2000
    modes = ("memory", "store") if "--memory" in argv else ("store",)
    buffers = next((a.split("=", 1)[1] for a in argv if a.startswith("--shared-buffers=")), "")
    r = bench(n, n_queries, modes, buffers)
    _print(r)
    print(json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
