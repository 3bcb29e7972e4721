"""A whole run: datasets (shipped build, synthetic sizes), every server on each, the comparison."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import buildtime, compare, measure, startup
from bench.model import DatasetRun
from bench.paths import ROOT, WORK
from bench.servers.base import ServerSpec
from bench.synth.project import write_project
from bench.workload import Query
from natokg.settings import Settings

Log = Callable[[str], None]


@dataclass(frozen=True)
class Dataset:
    label: str
    data: Path
    throughput: bool
    build: buildtime.BuildRun | None = None


def shipped_dataset(log: Log) -> Dataset | None:
    data = ROOT / "build" / "current" / "dataset.nq"
    if not data.is_file():
        log("no shipped build (build/current): run `natokg build` first; skipped")
        return None
    return Dataset("shipped", data, throughput=False)


def synthetic_dataset(
    size: int, *, seed: int, build_limit: float, throughput: bool, log: Log
) -> Dataset:
    label = f"synthetic {size:.0e}".replace("e+0", "e")
    project = WORK / "synth" / f"n{size}"
    log(f"{label}: writing {project}")
    seeds = Settings.load({"project_dir": ROOT}).sources_path
    info = write_project(ROOT, seeds, project, size, seed)
    log(f"{label}: {info.states} invented states in {info.documents} documents; building")
    run = buildtime.build(project, build_limit, WORK / "logs" / f"build-n{size}.log")
    log(
        f"{label}: build {'published' if run.published else 'NOT published'} in "
        f"{run.seconds:.1f} s {run.note}"
    )
    if run.data is None:
        fallback = project / "materialised.nq"
        seconds = buildtime.materialise(
            project, fallback, WORK / "logs" / f"materialise-n{size}.log", build_limit
        )
        if seconds is None:
            raise RuntimeError(f"{label}: neither the build nor the materialisation finished")
        run.data, run.fallback_seconds = fallback, seconds
        log(f"{label}: served data materialised without checks in {seconds:.1f} s")
    return Dataset(label, run.data, throughput, run)


def count_triples(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def run_dataset(
    dataset: Dataset,
    servers: list[ServerSpec],
    queries: list[Query],
    settings: measure.Settings,
    reference: str,
    log: Log,
) -> DatasetRun:
    # every server reads the same file, from a directory of its own (Virtuoso's DirsAllowed)
    folder = WORK / "data" / dataset.label.replace(" ", "-")
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "dataset.nq"
    shutil.copyfile(dataset.data, data)
    record = DatasetRun(
        dataset.label, str(dataset.data), count_triples(data), dataset.throughput, dataset.build
    )
    log(
        f"{dataset.label}: {record.triples} triples, {len(queries)} queries, {len(servers)} servers"
    )
    answers: dict[str, dict[str, compare.Normalised]] = {}
    for spec in servers:
        started = time.monotonic()
        mine: dict[str, compare.Normalised] = {}
        record.servers[spec.name] = measure.run_server(
            spec,
            data,
            WORK / "servers" / spec.name,
            queries,
            settings,
            throughput=dataset.throughput,
            answers=mine,
            log=log,
        )
        answers[spec.name] = mine
        log(f"  {spec.name}: done in {time.monotonic() - started:.0f} s")
    record.disagreements = _disagreements(queries, answers, reference)
    return record


def _disagreements(
    queries: list[Query], answers: dict[str, dict[str, compare.Normalised]], reference: str
) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for query in queries:
        ref = answers.get(reference, {}).get(query.name)
        if ref is None:
            continue
        for server, theirs in answers.items():
            other = theirs.get(query.name)
            if server == reference or other is None:
                continue
            difference = compare.differ(ref, other)
            if difference:
                found.setdefault(query.name, {})[server] = difference.detail
    return found


__all__ = ["Dataset", "run_dataset", "shipped_dataset", "synthetic_dataset", "startup"]
