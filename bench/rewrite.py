"""``python -m bench.rewrite DATA [QUERY.rq …]``: natokg with query rewriting on and off, same run.

Starts ``natokg serve --data DATA --result-cache-size 0`` twice, with ``NATOKG_QUERY_REWRITE``
true and false, and for each query (default: ``bench/queries/a12-*.rq``, the OPTIONAL written
before required patterns, and ``a10``, where it is written last) measures, alternating the two
servers round by round: the latency at concurrency 1 (p50 of up to 20 sequential requests)
and the throughput at concurrency 8 (``bench.loop``, closed loop). Prints a Markdown table
with the median and the spread (min–max) over the rounds, and the load average before and
after: other processes on the same cores move every number.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench import latency, loadgen
from bench.client import Request
from bench.paths import ROOT
from bench.servers.base import running
from bench.servers.natokg import Natokg

JSON = "application/sparql-results+json"


class RewriteNatokg(Natokg):
    """natokg serve with the result cache off and rewriting on or off."""

    def __init__(self, rewrite: bool, query_timeout: float) -> None:
        super().__init__(query_timeout=query_timeout, cache_size=0)
        self.rewrite = rewrite
        self.name = "natokg-rewrite-" + ("on" if rewrite else "off")
        self.label = f"natokg serve (rewriting {'on' if rewrite else 'off'})"

    def env(self, data: Path) -> dict[str, str]:
        return {**super().env(data), "NATOKG_QUERY_REWRITE": str(self.rewrite).lower()}


def _spread(values: list[float], fmt: str) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rewrite", description=__doc__)
    parser.add_argument("data", type=Path, help="the RDF file both servers serve")
    parser.add_argument("queries", type=Path, nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per round")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    queries = args.queries or [
        *sorted((ROOT / "bench" / "queries").glob("a12-*.rq")),
        *sorted((ROOT / "bench" / "queries").glob("a10-*.rq")),
    ]
    load_before = os.getloadavg()
    results: dict[tuple[str, bool], dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="natokg-bench-rewrite-") as work, ExitStack() as stack:
        servers = {
            on: stack.enter_context(
                running(
                    RewriteNatokg(on, args.timeout),
                    args.data.resolve(),
                    Path(work) / ("on" if on else "off"),
                    startup_timeout=600,
                )
            )
            for on in (True, False)
        }
        for _ in range(args.rounds):
            for path in queries:
                request = Request.form(path.read_text(encoding="utf-8"), JSON)
                for on, server in servers.items():
                    got = results.setdefault((path.stem, on), {"p50": [], "rps": []})
                    lat = latency.measure(
                        server.endpoint, request, max_requests=20, budget=3, timeout=args.timeout
                    )
                    if lat.p50 is not None:
                        got["p50"].append(lat.p50 * 1000)
                    rate = loadgen.closed_loop(
                        server.endpoint,
                        request,
                        concurrency=8,
                        duration=args.duration,
                        timeout=args.timeout,
                    )
                    got["rps"].append(rate.rps)
    load_after = os.getloadavg()
    print(
        f"data: {args.data}; {args.rounds} rounds; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after ({os.cpu_count()} cores)\n"
    )
    print("| query | rewriting | p50 ms, c=1 | req/s, c=8 |")
    print("| --- | --- | --- | --- |")
    for (name, on), got in results.items():
        print(
            f"| {name} | {'on' if on else 'off'} | {_spread(got['p50'], '.1f')} "
            f"| {_spread(got['rps'], '.1f')} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
