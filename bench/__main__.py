"""``python -m bench``: install the peers, then run the side-by-side benchmark and write the
results to ``bench/results/<date>.md`` and ``bench/results/latest.md`` (see bench/README.md).

``python -m bench install`` only installs the peers; ``python -m bench run --help`` lists
the options (``make bench`` runs the defaults).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import machine, measure, peers, report, resume, runner, startup, workload
from bench.model import Run
from bench.paths import RESULTS, ROOT, WORK
from bench.servers import all_servers
from bench.versions import debian_version

REFERENCE = "oxigraph"


def _log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("install", help="install the peers only")
    render = sub.add_parser("render", help="write the Markdown again from a run's raw JSON")
    render.add_argument("stem", help="the results file name, e.g. 2026-11-21")
    prof = sub.add_parser("profile", help="py-spy profile of natokg serve under wrk load")
    prof.add_argument("data", type=Path, help="an RDF file to serve")
    prof.add_argument("query", type=Path, help="a .rq file to load it with")
    prof.add_argument("--seconds", type=float, default=10.0)
    run = sub.add_parser("run", help="run the benchmark (the default)")
    _run_options(run)
    return parser


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="1e4,1e5,1e6", help="synthetic sizes (served triples)")
    p.add_argument(
        "--throughput-up-to",
        type=float,
        default=1e5,
        help="measure throughput on datasets up to this size (latency on all)",
    )
    p.add_argument(
        "--servers",
        default=",".join(all_servers(30)),
        help="comma-separated servers (the reference, oxigraph, is always run)",
    )
    p.add_argument("--duration", type=float, default=5.0, help="seconds of load per query")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--latency-requests", type=int, default=20)
    p.add_argument("--latency-budget", type=float, default=2.0, help="seconds per query at c=1")
    p.add_argument("--query-timeout", type=float, default=30.0)
    p.add_argument(
        "--build-limit",
        type=float,
        default=1800.0,
        help="seconds a synthetic `natokg build` may take before the fallback",
    )
    p.add_argument("--only", help="regular expression on query names")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument(
        "--large-servers",
        default="oxigraph,natokg,natokg-disk,virtuoso,rdflib-endpoint",
        help="servers run on datasets above --throughput-up-to (latency only)",
    )
    p.add_argument(
        "--server-budget",
        type=float,
        default=900.0,
        help="seconds a server may spend on one dataset's queries (the rest: skipped)",
    )
    p.add_argument("--no-shipped", action="store_true", help="skip the shipped build")
    p.add_argument(
        "--shipped-matrix",
        action="store_true",
        help="also run every server on the shipped build (default: start-up only)",
    )
    p.add_argument("--no-install", action="store_true", help="do not install the peers")
    p.add_argument("--output", help="results file name (default: the date)")
    p.add_argument("--note", action="append", default=[], help="a note printed with the results")
    p.add_argument(
        "--append-to",
        help="add this run's datasets to an earlier run's results (its file name, no suffix)",
    )


def _stop_on_sigterm() -> None:
    """SIGTERM ends the run like Ctrl-C: every server started is stopped on the way out."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main(argv: list[str] | None = None) -> int:
    _stop_on_sigterm()
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-"):
        argv = ["run", *argv]
    args = _parser().parse_args(argv)
    if args.command == "install":
        peers.install(_log)
        return 0
    if args.command == "render":
        record = resume.load_run(WORK / "results" / f"{args.stem}.json")
        print(_write(record, args.stem, touch_load=False))
        return 0
    if args.command == "profile":
        from bench.profile import profile

        peers.install(_log)
        print(profile(args.data.resolve(), args.query, args.seconds))
        return 0
    return run(args, argv)


def run(args: argparse.Namespace, argv: list[str]) -> int:
    if not args.no_install:
        peers.install(_log)
    catalogue = all_servers(args.query_timeout)
    names = [REFERENCE] + [n for n in args.servers.split(",") if n and n != REFERENCE]
    unknown = [n for n in names if n not in catalogue]
    if unknown:
        _log(f"unknown servers: {unknown}; known: {list(catalogue)}")
        return 2
    servers = [catalogue[n] for n in names]
    queries = workload.load(ROOT, args.only)
    settings = measure.Settings(
        args.query_timeout,
        args.latency_requests,
        args.latency_budget,
        args.duration,
        args.concurrency,
        startup_timeout=900,
        server_budget=args.server_budget,
    )
    started = datetime.now(UTC)
    record = Run(
        started=f"{started:%Y-%m-%d %H:%M} UTC",
        command=".venv/bin/python -m bench " + " ".join(shlex.quote(a) for a in argv),
        machine=machine.describe(),
        versions={s.label: s.version() for s in servers}
        | {"wrk": debian_version("wrk"), "Python (harness)": sys.version.split()[0]},
        settings={k: v for k, v in vars(args).items() if k not in ("command", "output", "note")},
        queries={q.name: q.group.value for q in queries},
        reference=REFERENCE,
    )
    stem = args.output or f"{started:%Y-%m-%d}"
    if args.append_to:
        earlier = resume.load_run(WORK / "results" / f"{args.append_to}.json")
        earlier.command += "\n" + record.command
        record, stem = earlier, args.append_to
    record.notes.extend(args.note)
    _log(f"{len(queries)} queries; servers {names}")
    t0 = time.monotonic()
    if not args.no_shipped:
        shipped = runner.shipped_dataset(_log)
        if shipped is not None:
            record.shipped_startup = startup.shipped_startup(args.query_timeout)
            _log(f"shipped start-up: {record.shipped_startup}")
            if args.shipped_matrix:
                record.datasets.append(
                    runner.run_dataset(shipped, servers, queries, settings, REFERENCE, _log)
                )
            _write(record, stem)
    for size in (int(float(s)) for s in args.sizes.split(",") if s):
        try:
            _synthetic(size, args, servers, queries, settings, record)
        except (RuntimeError, OSError) as exc:
            record.failures.append(f"{size:.0e} triples: {exc}")
            _log(f"FAILED: {exc}")
        _write(record, stem)
    path = _write(record, stem)
    _log(f"done in {time.monotonic() - t0:.0f} s: {path}")
    return 0


def _synthetic(size, args, servers, queries, settings, record: Run) -> None:
    dataset = runner.synthetic_dataset(
        size,
        seed=args.seed,
        build_limit=args.build_limit,
        throughput=size <= args.throughput_up_to,
        log=_log,
    )
    chosen = servers
    if not dataset.throughput:
        large = set(args.large_servers.split(",")) | {REFERENCE}
        chosen = [s for s in servers if s.name in large]
    record.datasets.append(runner.run_dataset(dataset, chosen, queries, settings, REFERENCE, _log))


def _write(record: Run, stem: str, touch_load: bool = True):
    if touch_load:
        record.machine["load when written"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = report.render(record)
    (RESULTS / f"{stem}.md").write_text(text, encoding="utf-8")
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    raw = WORK / "results" / f"{stem}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(record.to_dict(), indent=1, default=str), encoding="utf-8")
    return RESULTS / f"{stem}.md"


if __name__ == "__main__":
    sys.exit(main())
