"""``python -m bench.front DATA …``: natokg's two fronts beside every peer, round by round.

Starts every server on the same N-Quads file(s) — Oxigraph's server (the reference),
Virtuoso, ``natokg serve`` with the threaded front (the default) and with the sync front (the
previous design), both with the result cache off, and the threaded front with the cache on —
and, round after round, for each query of the mix, each server in turn: the latency at
concurrency 1 (p50 of up to ``--latency-requests`` sequential requests on one kept-alive
connection) and the throughput at concurrency 8 (``wrk``, or the closed loop for slow queries,
as in ``python -m bench run``). Alternating servers within a round spreads whatever else the
machine does over all of them; the load average is recorded at each round's start and end.

Per round it computes, for each server, the geometric means over the queries both it and
Oxigraph's server answered of its throughput and p50 ratio to Oxigraph's server (the mix,
and the cheap queries apart), and prints the median and the spread (min–max) over the rounds;
then each query's median throughput against the best peer's, for natokg's default front.

The mix is the catalogue (``queries/cq-*.rq``) and ``bench/queries/*.rq``; ``--every N``
keeps every N-th catalogue query (all the bench's own queries stay) to fit a run in the time
a quiet machine is available. The raw numbers go to ``bench/work/results/front-<stamp>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

from bench import latency, loadgen, workload
from bench.paths import ROOT
from bench.servers.base import ServerSpec, running
from bench.servers.natokg import Natokg
from bench.servers.oxigraph import OxigraphServer
from bench.servers.rdflib_endpoint import RdflibEndpoint
from bench.servers.virtuoso import Virtuoso

CONCURRENCY = 8
REFERENCE = "oxigraph"
DEFAULT_FRONT = "natokg"
PEERS = ("oxigraph", "virtuoso", "rdflib-endpoint")


class SyncNatokg(Natokg):
    """``natokg serve`` with the previous front: sync workers, one connection at a time."""

    def __init__(self, query_timeout: float) -> None:
        super().__init__(query_timeout=query_timeout, cache_size=0)
        self.name = "natokg-sync"
        self.label = "natokg serve (front sync, result cache off)"

    def env(self, data: Path) -> dict[str, str]:
        return {**super().env(data), "NATOKG_FRONT": "sync"}


def servers(names: list[str], timeout: float) -> list[ServerSpec]:
    known: dict[str, ServerSpec] = {
        s.name: s
        for s in (
            OxigraphServer(timeout),
            Virtuoso(timeout),
            Natokg(timeout, cache_size=0),
            SyncNatokg(timeout),
            Natokg(timeout, cache_size=256),
            RdflibEndpoint(),
        )
    }
    unknown = set(names) - set(known)
    if unknown:
        raise SystemExit(
            f"unknown servers: {', '.join(sorted(unknown))}; known: {', '.join(known)}"
        )
    return [known[REFERENCE], *(known[n] for n in names if n != REFERENCE)]


def mix(every: int, only: str | None) -> list[workload.Query]:
    queries = workload.load(ROOT, only)
    catalogue = [q for q in queries if q.group is workload.Group.CATALOGUE]
    return [*catalogue[::every], *(q for q in queries if q.group is not workload.Group.CATALOGUE)]


def measure_round(
    running_servers: dict[str, object],
    specs: dict[str, ServerSpec],
    queries: list[workload.Query],
    args: argparse.Namespace,
) -> dict[str, dict[str, dict[str, float | None]]]:
    """{server: {query: {"p50": s, "rps": r}}} for one round."""
    out: dict[str, dict[str, dict[str, float | None]]] = {name: {} for name in running_servers}
    for query in queries:
        for name, server in running_servers.items():
            spec = specs[name]
            request = spec.request(query.text, query.form)
            lat = latency.measure(
                server.endpoint,  # type: ignore[attr-defined]
                request,
                max_requests=args.latency_requests,
                budget=args.latency_budget,
                timeout=args.timeout,
            )
            p50 = lat.p50 if lat.errors == 0 and not lat.timed_out else None
            rps = None
            if p50 is not None:
                if p50 > args.duration:
                    rps = 1 / p50  # one answer outlasts the load window: an upper bound
                else:
                    tool = loadgen.choose_tool(p50, CONCURRENCY, args.duration)
                    run = loadgen.wrk if tool == "wrk" else loadgen.closed_loop
                    got = run(
                        server.endpoint,  # type: ignore[attr-defined]
                        request,
                        concurrency=CONCURRENCY,
                        duration=args.duration,
                        timeout=args.timeout,
                    )
                    rps = got.rps if got.requests > got.errors else None
            out[name][query.name] = {"p50": p50, "rps": rps}
    return out


def geomean(values: list[float]) -> float | None:
    good = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, good)) / len(good)) if good else None


def ratios(
    got: dict[str, dict[str, float | None]],
    ref: dict[str, dict[str, float | None]],
    names: list[str],
) -> dict[str, float | None]:
    """Geometric means of throughput and p50 ratios to the reference over ``names``."""
    rps, p50 = [], []
    for q in names:
        mine, theirs = got.get(q, {}), ref.get(q, {})
        if mine.get("rps") and theirs.get("rps"):
            rps.append(mine["rps"] / theirs["rps"])  # type: ignore[operator]
        if mine.get("p50") and theirs.get("p50"):
            p50.append(mine["p50"] / theirs["p50"])  # type: ignore[operator]
    return {"rps": geomean(rps), "p50": geomean(p50), "n": float(len(rps))}


def spread(values: list[float | None], fmt: str = ".2f") -> str:
    good = [v for v in values if v is not None]
    if not good:
        return "–"
    return f"{statistics.median(good):{fmt}} ({min(good):{fmt}}–{max(good):{fmt}})"


def report(
    data: Path,
    rounds: list[dict],
    loads: list[tuple[float, float]],
    queries: list[workload.Query],
    specs: dict[str, ServerSpec],
) -> str:
    cheap = [q.name for q in queries if q.group is workload.Group.CHEAP]
    every = [q.name for q in queries]
    lines = [
        f"data: `{data}`; {len(rounds)} rounds; {len(queries)} queries ({len(cheap)} cheap); "
        f"load average (1 min) at each round's start–end: "
        + ", ".join(f"{a:.2f}–{b:.2f}" for a, b in loads)
        + f" ({os.cpu_count()} cores)",
        "",
        "| server | throughput ÷ Oxigraph's, mix | cheap | p50 ÷ Oxigraph's, mix | cheap |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, spec in specs.items():
        mix_r = [ratios(r[name], r[REFERENCE], every) for r in rounds]
        cheap_r = [ratios(r[name], r[REFERENCE], cheap) for r in rounds]
        lines.append(
            f"| {spec.label} | {spread([m['rps'] for m in mix_r])} "
            f"| {spread([c['rps'] for c in cheap_r])} | {spread([m['p50'] for m in mix_r])} "
            f"| {spread([c['p50'] for c in cheap_r])} |"
        )
    peers = [p for p in PEERS if p in specs]
    lines += [
        "",
        f"Per query, {specs[DEFAULT_FRONT].label if DEFAULT_FRONT in specs else DEFAULT_FRONT}: "
        "median throughput over the rounds (req/s) against the best peer's "
        "(the slowest ten, and the cheap ones):",
        "",
        "| query | natokg req/s | best peer | its req/s | natokg ÷ best |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows = []
    for q in every:
        mine = _median([r[DEFAULT_FRONT].get(q, {}).get("rps") for r in rounds])
        best_name, best = None, None
        for peer in peers:
            theirs = _median([r[peer].get(q, {}).get("rps") for r in rounds])
            if theirs is not None and (best is None or theirs > best):
                best_name, best = peer, theirs
        if mine is not None and best is not None:
            rows.append((mine / best, q, mine, best_name, best))
    rows.sort()
    shown = rows[:10] + [r for r in rows[10:] if r[1] in cheap]
    for ratio, q, mine, best_name, best in shown:
        lines.append(f"| {q} | {mine:.1f} | {best_name} | {best:.1f} | {ratio:.2f} |")
    slower3 = [r for r in rows if r[0] < 1 / 3]
    lines += ["", f"Queries more than 3× slower than the best peer: {len(slower3)} of {len(rows)}."]
    return "\n".join(lines)


def _median(values: list[float | None]) -> float | None:
    good = [v for v in values if v is not None]
    return statistics.median(good) if good else None


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.front", description=__doc__)
    parser.add_argument("data", type=Path, nargs="+", help="N-Quads file(s), one table each")
    parser.add_argument(
        "--servers", default="oxigraph,virtuoso,natokg,natokg-sync,natokg-cache", help="names"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--every", type=int, default=1, help="keep every N-th catalogue query")
    parser.add_argument("--only", default=None, help="regular expression on query names")
    parser.add_argument("--duration", type=float, default=1.0, help="seconds of load per query")
    parser.add_argument("--latency-requests", type=int, default=10)
    parser.add_argument("--latency-budget", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    specs = {s.name: s for s in servers(args.servers.split(","), args.timeout)}
    queries = mix(args.every, args.only)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M")
    raw: dict[str, object] = {"args": {k: str(v) for k, v in vars(args).items()}, "data": {}}
    tables = []
    for data in args.data:
        rounds: list[dict] = []
        loads: list[tuple[float, float]] = []
        work = ROOT / "bench" / "work" / "front" / data.parent.name
        with ExitStack() as stack:
            live = {
                name: stack.enter_context(running(spec, data.resolve(), work, startup_timeout=900))
                for name, spec in specs.items()
            }
            for i in range(args.rounds):
                start = os.getloadavg()[0]
                rounds.append(measure_round(live, specs, queries, args))
                loads.append((start, os.getloadavg()[0]))
                print(f"{data}: round {i + 1} of {args.rounds} done", file=sys.stderr)
        raw["data"][str(data)] = {"rounds": rounds, "loads": loads}  # type: ignore[index]
        tables.append(f"### {data.parent.name}\n\n" + report(data, rounds, loads, queries, specs))
    out = ROOT / "bench" / "work" / "results" / f"front-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print("\n\n".join(tables))
    print(f"\n(raw numbers: {out.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
