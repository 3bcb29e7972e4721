"""Page latency of a stateless front (``serve --backend``, mirror of the store's release) against
the embedded store, through the application (no gunicorn), and the time to mirror a release.

    .venv/bin/python -m bench.stateless [--repeat 30]

Starts Oxigraph's server (the ``oxigraph`` test extra) on a loopback port with a temporary
database, publishes the current release of ``releases/`` into it, and prints a Markdown table
of medians. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from werkzeug.test import Client

from natokg.app import create_app
from natokg.backend.publish import publish
from natokg.backend.stateless import ReleaseSwitch
from natokg.settings import Settings
from natokg.store import load_dataset

ROOT = Path(__file__).resolve().parent.parent
LABELLED = (
    "SELECT ?x ?xLabel WHERE { ?x a nkg:PartnershipFramework } ORDER BY ?x",
    "SELECT ?c (nkg:label(?c) AS ?l) WHERE { ?c a nkg:Country } ORDER BY ?c LIMIT 20",
)
PAGES = (
    ("home", "/", "text/html"),
    ("resource page (HTML)", "/page/pakistan", "text/html"),
    ("resource page (Turtle)", "/data/pakistan.ttl", "text/turtle"),
    ("search 'Pakistan'", "/search?q=Pakistan", "text/html"),
    ("export (CSV, kept per release)", "/exports/memberships.csv", "text/csv"),
    ("chart", "/visuals/frameworks.svg", "image/svg+xml"),
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _median_ms(client: Client, method: str, url: str, repeat: int, **kwargs: object) -> str:
    times = []
    status = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.open(url, method=method, follow_redirects=True, **kwargs)
        times.append(time.perf_counter() - started)
        status = response.status_code
        response.close()
    return f"{statistics.median(times) * 1000:.1f} ms" + ("" if status == 200 else f" ({status})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--releases", type=Path, default=ROOT / "releases")
    args = parser.parse_args()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    work = Path(tempfile.mkdtemp(prefix="natokg-bench-stateless-"))
    port = _port()
    url = f"http://127.0.0.1:{port}/query"
    engine = subprocess.Popen(
        [binary, "serve", "--location", str(work / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        # no result cache on either side: every query is evaluated
        common = {"project_dir": ROOT, "store_url": url, "result_cache_size": 0}
        local = Settings.load({**common, "releases_dir": args.releases}, environ={})
        print(publish(local), file=sys.stderr)
        embedded = Client(create_app(local.replace(store_url=""), load_dataset(local)))
        (work / "empty").mkdir()
        remote = Settings.load({**common, "releases_dir": work / "empty"}, environ={})
        started = time.perf_counter()
        switch = ReleaseSwitch(remote, create_app)
        switch.application()
        mirrored = time.perf_counter() - started
        stateless = Client(switch)
        print(f"mirroring the release: {mirrored:.2f} s\n")
        print("| request | embedded | stateless front (Oxigraph server) |\n| --- | --- | --- |")
        for name, path, accept in PAGES:
            cells = [
                _median_ms(c, "GET", path, args.repeat, headers={"Accept": accept})
                for c in (embedded, stateless)
            ]
            print(f"| {name} | {cells[0]} | {cells[1]} |")
        for query in LABELLED:
            cells = [
                _median_ms(
                    c,
                    "POST",
                    "/sparql",
                    args.repeat,
                    data={"query": query},
                    headers={"Accept": "text/csv"},
                )
                for c in (embedded, stateless)
            ]
            print(f"| `{query[:48]}…` | {cells[0]} | {cells[1]} |")
    finally:
        engine.send_signal(signal.SIGTERM)
        engine.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
