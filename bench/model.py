"""What a run records: per dataset, per server, per query. Serialisable to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from bench.buildtime import BuildRun


@dataclass
class QueryRun:
    ok: bool = False
    error: str = ""
    results: int | None = None
    p50: float | None = None
    p90: float | None = None
    p99: float | None = None
    samples: int = 0
    rps: float | None = None
    rps_tool: str = ""
    rps_estimated: bool = False
    rps_errors: int = 0


@dataclass
class ServerRun:
    name: str
    label: str
    version: str
    load_seconds: float | None = None
    startup_seconds: float | None = None
    peak_pss_mib: float | None = None
    peak_rss_mib: float | None = None
    processes: int = 0
    error: str = ""
    queries: dict[str, QueryRun] = field(default_factory=dict)


@dataclass
class DatasetRun:
    label: str
    data: str
    triples: int
    throughput: bool
    build: BuildRun | None = None
    servers: dict[str, ServerRun] = field(default_factory=dict)
    #: query -> server -> how its result differs from the reference server's
    disagreements: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Run:
    started: str
    command: str
    machine: dict[str, str]
    versions: dict[str, str]
    settings: dict[str, object]
    queries: dict[str, str]  # name -> group
    reference: str
    datasets: list[DatasetRun] = field(default_factory=list)
    shipped_startup: dict[str, float | str] = field(default_factory=dict)
    #: what the person running it wants the reader to know (``--note``)
    notes: list[str] = field(default_factory=list)
    #: datasets that could not be measured, and why
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
