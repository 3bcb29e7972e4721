"""Ratios and geometric means over the queries two servers both answered."""

from __future__ import annotations

import math
from collections.abc import Iterable

from bench.model import DatasetRun, QueryRun


def geomean(values: Iterable[float]) -> float | None:
    logs = [math.log(v) for v in values if v and v > 0]
    return math.exp(sum(logs) / len(logs)) if logs else None


def _value(run: QueryRun | None, metric: str) -> float | None:
    if run is None or not run.ok:
        return None
    return getattr(run, metric)


def ratio(
    dataset: DatasetRun, server: str, reference: str, metric: str, names: Iterable[str]
) -> tuple[float | None, int, bool]:
    """Geo-mean of server/reference for ``metric`` over ``names`` both have; (ratio, count,
    whether an estimated throughput went into it)."""
    a, b = dataset.servers.get(server), dataset.servers.get(reference)
    if a is None or b is None:
        return None, 0, False
    ratios, estimated = [], False
    for name in names:
        x, y = _value(a.queries.get(name), metric), _value(b.queries.get(name), metric)
        if x and y:
            ratios.append(x / y)
            if metric == "rps":
                estimated |= a.queries[name].rps_estimated or b.queries[name].rps_estimated
    return geomean(ratios), len(ratios), estimated


def server_geomean(
    dataset: DatasetRun, server: str, metric: str, names: Iterable[str]
) -> float | None:
    run = dataset.servers.get(server)
    if run is None:
        return None
    return geomean(_value(run.queries.get(n), metric) or 0 for n in names)
