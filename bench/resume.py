"""Read a run's raw JSON back (``--append-to``), to add datasets to an earlier run's table."""

from __future__ import annotations

import json
from pathlib import Path

from bench.buildtime import BuildRun
from bench.model import DatasetRun, QueryRun, Run, ServerRun


def load_run(path: Path) -> Run:
    raw = json.loads(path.read_text(encoding="utf-8"))
    datasets = [_dataset(d) for d in raw.pop("datasets")]
    run = Run(**raw)
    run.datasets = datasets
    return run


def _dataset(raw: dict) -> DatasetRun:
    servers = {name: _server(s) for name, s in raw.pop("servers").items()}
    build = raw.pop("build")
    dataset = DatasetRun(**raw)
    dataset.servers = servers
    if build is not None:
        steps = [tuple(step) for step in build.pop("steps")]
        dataset.build = BuildRun(**build)
        dataset.build.steps = steps
    return dataset


def _server(raw: dict) -> ServerRun:
    queries = {name: QueryRun(**q) for name, q in raw.pop("queries").items()}
    server = ServerRun(**raw)
    server.queries = queries
    return server
