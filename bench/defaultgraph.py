"""The cost of the materialised default graph (issue 12): load time and memory, with and without.

    .venv/bin/python -m bench.defaultgraph [DATASET.nq]   # default: releases/current/dataset.nq

Each variant runs in a fresh interpreter (resident memory is a process's high-water mark) and
is repeated; the median is reported. A measurement, not a test.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5


def _one(path: str, merge: bool) -> dict[str, float]:
    import resource

    import pyoxigraph as ox

    from natokg.defaultgraph import merge_named_graphs

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    if merge:
        merge_named_graphs(store)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "rss_mib": (after - before) / 1024, "quads": len(store)}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--one":
        print(json.dumps(_one(argv[1], argv[2] == "merge")))
        return 0
    path = Path(argv[0] if argv else "releases/current/dataset.nq")
    for variant in ("union", "merge"):
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, "-m", "bench.defaultgraph", "--one", str(path), variant],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(RUNS)
        ]
        seconds = statistics.median(r["seconds"] for r in runs)
        rss = statistics.median(r["rss_mib"] for r in runs)
        print(f"{variant}: {runs[0]['quads']} quads, load {seconds:.3f} s, +{rss:.1f} MiB RSS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
