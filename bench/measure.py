"""Measure one server on one dataset: start, correctness answers, latency, throughput, memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import compare, latency, loadgen
from bench.client import Client
from bench.model import QueryRun, ServerRun
from bench.servers.base import Running, ServerError, ServerSpec, running
from bench.workload import Form, Query

Log = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    query_timeout: float
    latency_requests: int
    latency_budget: float
    duration: float
    concurrency: int
    startup_timeout: float
    #: seconds one server may spend on one dataset's queries; the rest are reported as skipped
    server_budget: float


def run_server(
    spec: ServerSpec,
    data: Path,
    workdir: Path,
    queries: list[Query],
    settings: Settings,
    *,
    throughput: bool,
    answers: dict[str, compare.Normalised],
    log: Log,
) -> ServerRun:
    """Everything about ``spec`` on ``data``; normalised answers go into ``answers``."""
    record = ServerRun(spec.name, spec.label, spec.version())
    try:
        with running(spec, data, workdir, startup_timeout=settings.startup_timeout) as server:
            record.load_seconds, record.startup_seconds = (
                server.load_seconds,
                server.startup_seconds,
            )
            load, start = server.load_seconds, server.startup_seconds
            log(f"  {spec.name}: load {load:.2f} s, start {start:.2f} s")
            deadline = time.monotonic() + settings.server_budget
            for query in queries:
                if time.monotonic() > deadline:
                    skipped = f"skipped: the {settings.server_budget:.0f} s budget was spent"
                    record.queries[query.name] = QueryRun(error=skipped)
                    continue
                record.queries[query.name] = _one_query(
                    server, query, settings, throughput, answers
                )
                if not server.alive():
                    raise ServerError(f"{spec.name} died during {query.name}")
            server.memory.sample()
            record.peak_pss_mib = server.memory.peak.pss_mib
            record.peak_rss_mib = server.memory.peak.rss_mib
            record.processes = server.memory.peak.processes
    except (ServerError, OSError) as exc:
        record.error = str(exc)[:500]
        log(f"  {spec.name}: ERROR {record.error}")
    return record


def _one_query(
    server: Running,
    query: Query,
    settings: Settings,
    throughput: bool,
    answers: dict[str, compare.Normalised],
) -> QueryRun:
    run = QueryRun()
    request = server.spec.request(query.text, query.form)
    try:
        with Client(server.endpoint, timeout=settings.query_timeout) as client:
            response = client.send(request)
    except OSError as exc:
        run.error = f"no answer: {exc}"
        return run
    if response.status != 200:
        run.error = f"HTTP {response.status}: {response.body[:200].decode(errors='replace')}"
        return run
    try:
        if query.form is Form.GRAPH:
            normalised = compare.from_graph(response.body, response.content_type)
        else:
            normalised = compare.from_json(response.body)
    except compare.ResultError as exc:
        run.error = f"unreadable result: {exc}"
        return run
    answers[query.name] = normalised
    run.ok, run.results = True, normalised.size
    timing = latency.measure(
        server.endpoint,
        request,
        max_requests=settings.latency_requests,
        budget=settings.latency_budget,
        timeout=settings.query_timeout,
    )
    run.samples = len(timing.samples)
    run.p50, run.p90, run.p99 = timing.p50, timing.p90, timing.p99
    if timing.p50 is None:
        run.error = "timed out" if timing.timed_out else "failed while timing"
        return run
    if throughput:
        _throughput(server, request, timing.p50, settings, run)
    return run


def _throughput(
    server: Running,
    request,
    p50: float,
    settings: Settings,
    run: QueryRun,
) -> None:
    if p50 > settings.duration:
        # too slow to load within the run's bounds: one answer at a time is an upper bound
        run.rps, run.rps_tool, run.rps_estimated = 1 / p50, "1/p50", True
        return
    tool = loadgen.choose_tool(p50, settings.concurrency, settings.duration)
    measure_fn = loadgen.wrk if tool == "wrk" else loadgen.closed_loop
    try:
        result = measure_fn(
            server.endpoint,
            request,
            concurrency=settings.concurrency,
            duration=settings.duration,
            timeout=settings.query_timeout,
        )
    except (RuntimeError, OSError, ValueError) as exc:
        run.error = f"load generator: {exc}"[:300]
        return
    run.rps, run.rps_tool, run.rps_errors = result.rps, result.tool, result.errors
