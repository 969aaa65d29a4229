"""Not a test: the dev set (seeds + every part, 73 files) ingested through `local:1` and `local:2` on a Dask
cluster, alternately, with the extraction phase's wall time, the workers' CPU and the index compared with
the first run's table by table (README "Past one machine"). Run once from the project root:

    python -m tests.cluster_measure ROUNDS [MODES]     # MODES: pool,local:1,local:2 (the default)
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def _cpu() -> float:
    """On a worker: CPU seconds of the worker and its forked children."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def main() -> None:
    logging.getLogger("distributed").setLevel(logging.ERROR)
    from bot.ingest import build_index
    from bot.ingest.cluster import _Connection
    from bot.pool import RUNNER
    from tests.test_golden_ask import CONTENT

    dev = Path("..") / "shared" / "devset"
    paths = [Path("seeds"), dev / "articles"] + [dev / p / "articles" for p in "bcde"]
    nfiles = sum(1 for p in paths for f in p.iterdir() if f.is_file())
    tmp = Path(tempfile.mkdtemp())

    def content(p: Path) -> dict:
        c = sqlite3.connect(p)
        return {
            t: [json.dumps(list(r), ensure_ascii=False) for r in c.execute(q)] for t, q in CONTENT.items()
        }

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    modes = sys.argv[2].split(",") if len(sys.argv) > 2 else ["pool", "local:1", "local:2"]
    ref = None
    for r in range(rounds):
        for mode in modes:
            idx = tmp / f"{mode.replace(':', '')}-{r}.sqlite"
            load0 = os.getloadavg()[0]
            t0 = time.perf_counter()
            start, phase, cpu = 0.0, 0.0, 0.0
            if mode == "pool":
                build_index(paths, idx)
            else:
                conn = _Connection(mode)
                client = conn._connect()
                start = time.perf_counter() - t0
                times: list[float] = []

                def timed(*args, _run=conn.run, _client=client, _times=times) -> None:
                    c0 = sum(_client.run(_cpu).values())
                    s = time.perf_counter()
                    _run(*args)
                    _times += [time.perf_counter() - s, sum(_client.run(_cpu).values()) - c0]

                token = RUNNER.set(timed)
                try:
                    build_index(paths, idx)
                finally:
                    RUNNER.reset(token)
                    conn.close()
                phase, cpu = times
            total = time.perf_counter() - t0
            c = content(idx)
            ref = ref or c
            same = all(c[t] == ref[t] for t in CONTENT)
            print(
                f"round {r} {mode:8s} files {nfiles} total {total:6.1f}s  cluster start+warm {start:5.1f}s  "
                f"extraction {phase:6.1f}s (workers' CPU {cpu:5.1f}s)  content {'equal' if same else 'DIFFERENT'}"
                f"  load {load0:.1f}->{os.getloadavg()[0]:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
