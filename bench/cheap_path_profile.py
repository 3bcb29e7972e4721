"""The cheap path's per-request cost: ``.venv/bin/python -m bench.cheap_path_profile``.

Times ASK, DESCRIBE, a small CONSTRUCT and a single-pattern lookup (result cache off, the
tests' tiny dataset), then prints a cProfile of 1000 ASK requests, so the steps of one request
(parsing, negotiation, headers, the engine) can be compared. Three ways to time:

- ``--measure client`` (the default): through Flask's test client, which adds its own cost
  (building the WSGI environ, cookies): comparable with earlier figures;
- ``--measure wsgi``: the WSGI application called directly with a prepared environ: the
  application's own cost, what a server sees, without any socket;
- ``--ab DIR``: before/after, interleaved in one run: each run times this checkout and the
  ``server/`` of another one (``DIR``, e.g. ``git worktree add bench/work/base main``) in fresh
  processes, in alternating order, and prints the median and spread (min–max) of the runs
  with the load average. Add ``--live`` to time the same queries through ``natokg serve``
  (one gunicorn worker each) over one kept-alive connection (``http.client``).
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from werkzeug.test import EnvironBuilder

from tests.conftest import PARTNERSHIPS, new_app

KG = "https://w3id.org/natokg/id/"
QUERIES = {
    "ASK": ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
    "DESCRIBE": (f"DESCRIBE <{KG}pfp>", "text/turtle"),
    "CONSTRUCT": (f"CONSTRUCT WHERE {{ <{KG}pfp> ?p ?o }}", "text/turtle"),
    "LOOKUP": (
        f"SELECT ?o WHERE {{ <{KG}pfp> <http://www.w3.org/2000/01/rdf-schema#label> ?o }}",
        "application/sparql-results+json",
    ),
}
ROUNDS = 1000
ROOT = Path(__file__).resolve().parents[1]
#: what the live servers are started with: one worker, no result cache, no client budgets
LIVE_OPTIONS = ("--workers", "1", "--result-cache-size", "0")
LIVE_ENV = {"NATOKG_CLIENT_QUERY_SECONDS": "0", "NATOKG_CLIENT_CONCURRENT_QUERIES": "0"}

#: sends one query (text, Accept) and returns its body
Get = Callable[[str, str], bytes]


def client_get() -> Get:
    client = new_app(data_file=PARTNERSHIPS, result_cache_size=0).test_client()

    def get(query: str, accept: str) -> bytes:
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.data
        return response.data

    return get


def wsgi_get() -> Get:
    app = new_app(data_file=PARTNERSHIPS, result_cache_size=0)
    environs = {
        (query, accept): EnvironBuilder(
            path="/sparql", query_string={"query": query}, headers={"Accept": accept}
        ).get_environ()
        for query, accept in QUERIES.values()
    }
    status: list[str] = []

    def start_response(code: str, _headers: object, _exc: object = None) -> None:
        status.append(code)

    def get(query: str, accept: str) -> bytes:
        status.clear()
        chunks = app(dict(environs[query, accept]), start_response)
        try:
            body = b"".join(chunks)  # type: ignore[arg-type]
        finally:
            chunks.close()  # type: ignore[attr-defined]
        assert status[0].startswith("200"), (status, body)
        return body

    return get


def connection_get(url: str) -> Get:
    """One kept-alive connection (the standard library's client: ``requests`` costs several
    times the application's own time per request). It fails if the server closes it."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.connect()
    sock = connection.sock

    def get(query: str, accept: str) -> bytes:
        connection.request(
            "GET", f"{parts.path}?{urlencode({'query': query})}", headers={"Accept": accept}
        )
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, body
        assert connection.sock is sock, "the server closed the connection"
        return body

    return get


def time_queries(
    get: Get, rounds: int, cpu: Callable[[], float] = time.process_time
) -> dict[str, tuple[float, float]]:
    """(wall, CPU) µs per request of each query, over ``rounds`` requests after a warm-up.

    ``cpu`` reads the CPU seconds spent by whatever answers (this process, or a server's): on
    a shared machine it moves much less with the load than the wall clock does."""
    spent = {}
    for name, (query, accept) in QUERIES.items():
        assert get(query, accept), f"{name}: empty answer"  # the bench must measure answers
        for _ in range(min(rounds, 50)):
            get(query, accept)
        started, cpu_started = time.perf_counter(), cpu()
        for _ in range(rounds):
            get(query, accept)
        wall = (time.perf_counter() - started) / rounds * 1e6
        spent[name] = (wall, (cpu() - cpu_started) / rounds * 1e6)
    return spent


def server_cpu(server: object) -> Callable[[], float]:
    """CPU seconds used so far by a live server's processes (gunicorn's master and workers)."""

    def used() -> float:
        total = 0.0
        for process in server.processes():  # type: ignore[attr-defined]
            times = process.cpu_times()
            total += times.user + times.system
        return total

    return used


def profile_ask(get: Get, rounds: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        get(*QUERIES["ASK"])
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


def child(server_dir: Path | None, measure: str, rounds: int) -> dict[str, list[float]]:
    """Time this checkout's queries in a fresh process, on the code of ``server_dir``."""
    env = dict(os.environ)
    if server_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(server_dir), str(ROOT)])
    argv = [sys.executable, "-m", "bench.cheap_path_profile", "--measure", measure, "--json"]
    argv += ["--rounds", str(rounds)]
    out = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def live_servers(base: Path) -> dict[str, object]:
    from tests.live import Server

    servers = {}
    for variant, server_dir in (("before", base), ("after", None)):
        env = dict(LIVE_ENV)
        if server_dir is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(server_dir), str(ROOT)])
        servers[variant] = Server(PARTNERSHIPS, *LIVE_OPTIONS, env=env)
    return servers


def compare(base: Path, measures: list[str], runs: int, rounds: int, live: bool) -> None:
    """Interleaved before/after runs; prints one Markdown table."""
    figures: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    loads = [os.getloadavg()[0]]
    servers = live_servers(base) if live else {}
    try:
        gets = {v: connection_get(s.url) for v, s in servers.items()}  # type: ignore[attr-defined]
        for run in range(runs):
            order = ("before", "after") if run % 2 == 0 else ("after", "before")
            for variant in order:
                for measure in measures:
                    found = child(base if variant == "before" else None, measure, rounds)
                    for name, (wall, cpu) in found.items():
                        figures.setdefault((measure, name, variant), []).append((wall, cpu))
                if live:
                    server = servers[variant]
                    for name, pair in time_queries(
                        gets[variant], rounds, server_cpu(server)
                    ).items():
                        figures.setdefault(("live", name, variant), []).append(pair)
            loads.append(os.getloadavg()[0])
    finally:
        for server in servers.values():
            server.stop()  # type: ignore[attr-defined]
    load = f"{min(loads):.2f}–{max(loads):.2f}"
    print(f"{runs} runs × {rounds} requests; load average (1 min) {load}")
    print("µs per request: median of the runs (min–max); CPU: of the process that answers")
    print("| measured | query | wall before | wall after | CPU before | CPU after | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    for measure in [*measures, *(["live"] if live else [])]:
        for name in QUERIES:
            before = figures[measure, name, "before"]
            after = figures[measure, name, "after"]
            ratio = statistics.median(c for _, c in after) / statistics.median(c for _, c in before)
            print(
                f"| {measure} | {name} | {_cell([w for w, _ in before])} | "
                f"{_cell([w for w, _ in after])} | {_cell([c for _, c in before])} | "
                f"{_cell([c for _, c in after])} | {ratio:.2f} |"
            )


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", choices=("client", "wsgi"), action="append")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print only the timings, as JSON")
    parser.add_argument("--ab", type=Path, metavar="DIR", help="compare with DIR/server")
    parser.add_argument("--live", action="store_true", help="with --ab: through natokg serve")
    args = parser.parse_args(argv)
    measures = args.measure or ["client"]
    if args.ab is not None:
        server_dir = args.ab / "server"
        assert (server_dir / "natokg").is_dir(), f"no server/natokg under {args.ab}"
        compare(server_dir, measures, args.runs, args.rounds, args.live)
        return
    gets: Mapping[str, Callable[[], Get]] = {"client": client_get, "wsgi": wsgi_get}
    get = gets[measures[0]]()
    found = time_queries(get, args.rounds)
    if args.json:
        print(json.dumps(found))
        return
    for name, (wall, cpu) in found.items():
        print(f"{name}: {wall:.0f} µs per request in-process ({measures[0]}), {cpu:.0f} µs CPU")
    profile_ask(get, args.rounds)


if __name__ == "__main__":
    main()
