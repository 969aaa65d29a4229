"""Not a test: where the extraction worker's time goes (README "Speed on one machine"). Every seed and
development-set article through `process_file` in this one process: warmed, one unprofiled pass (its CPU
seconds), then one pass under cProfile, the top of it by cumulative time. Run from the project root:

    python -m tests.profile_worker [ROWS]
"""

from __future__ import annotations

import cProfile
import glob
import pstats
import sys
import time


def main() -> None:
    from bot.ingest.worker import process_file, warm

    dev = "../shared/devset"
    arts = sorted(glob.glob(f"{dev}/articles/*") + glob.glob(f"{dev}/*/articles/*") + glob.glob("seeds/*"))
    warm(100)  # the model and what extraction builds on first use, as a bulk ingest's workers have them
    t = time.process_time()
    for p in arts:
        process_file(p, 8_000_000)
    cpu = time.process_time() - t
    print(f"{len(arts)} articles, unprofiled {cpu:.2f} s CPU ({cpu / max(1, len(arts)) * 1000:.0f} ms each)")
    prof = cProfile.Profile()
    prof.enable()
    for p in arts:
        process_file(p, 8_000_000)
    prof.disable()
    stats = pstats.Stats(prof)
    print(f"profiled {stats.total_tt:.2f} s")  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(int(sys.argv[1]) if len(sys.argv) > 1 else 60)


if __name__ == "__main__":
    main()
