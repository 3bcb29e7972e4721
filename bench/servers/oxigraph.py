"""Oxigraph's own server (``oxigraph serve-read-only``, PyPI package ``oxigraph``): the reference.

The data is bulk-loaded into an on-disk RocksDB store first (``oxigraph load``, timed as
load time); the server then reads it from disk, with the union of all graphs as the default
graph (as natokg does).

It runs without ``--timeout-s``: in 0.5.13 that option starts a thread per query that sleeps
for the whole time limit, and under wrk's load (thousands of queries a second) the sleeping
threads exhaust the process (``Resource temporarily unavailable``, then a panic).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.paths import peer_bin
from bench.procs import run_logged
from bench.servers.base import ServerError, ServerSpec


class OxigraphServer(ServerSpec):
    name = "oxigraph"
    label = "oxigraph serve-read-only"
    parallelism = "threads"

    def __init__(self, query_timeout: float) -> None:
        self.query_timeout = query_timeout

    def version(self) -> str:
        out = subprocess.run([peer_bin("oxigraph"), "--version"], capture_output=True, text=True)
        return out.stdout.strip() or "oxigraph (unknown version)"

    def prepare(self, data: Path, workdir: Path, log: Path) -> float:
        store = workdir / "oxigraph-store"
        shutil.rmtree(store, ignore_errors=True)
        argv = [str(peer_bin("oxigraph")), "load", "--location", str(store), "--file", str(data)]
        code, seconds = run_logged(argv, log=log, timeout=3600)
        if code != 0:
            raise ServerError(f"oxigraph load failed ({code}); see {log}")
        return seconds

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        return [
            str(peer_bin("oxigraph")),
            "serve-read-only",
            "--location",
            str(workdir / "oxigraph-store"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ]

    @property
    def path(self) -> str:
        return "/query"
