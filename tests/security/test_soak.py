"""Soak: 16 concurrent clients for a few seconds against a live `natokg serve`, with a mixed
workload — SELECT, ASK, CONSTRUCT, DESCRIBE in several formats, linked-data pages, downloads,
exports, a few bad requests and a runaway. Every answer must be the expected one (0 unexpected
errors), latency is reported (p50/p99), and the memory of the server's process tree (PSS) must
be about the same at the end as after the warm-up.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import psutil
import pytest
import requests

from tests.live import NO_FAIR_SHARE, Server
from tests.security.conftest import Published

pytestmark = [pytest.mark.live, pytest.mark.slow]

CLIENTS = 16
SECONDS = 5.0
WORKERS = 3
LIMIT = 1.5
KG = "https://w3id.org/natokg/id/"
LABELS = (
    "SELECT ?s ?label { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
    "ORDER BY ?label LIMIT {n}"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Call:
    name: str
    path: str
    params: dict[str, str]
    status: int
    accept: str = "*/*"
    weight: int = 1


def q(name: str, query: str, status: int = 200, accept: str = "*/*", weight: int = 3) -> Call:
    return Call(name, "/sparql", {"query": query}, status, accept, weight)


WORKLOAD = [
    q("select json", LABELS, accept="application/sparql-results+json", weight=6),
    q("select csv", LABELS, accept="text/csv"),
    q("ask", f"ASK {{ <{KG}kazakhstan> ?p ?o }}"),
    q("construct", f"CONSTRUCT WHERE {{ <{KG}kazakhstan> ?p ?o }}", accept="text/turtle"),
    q("describe", f"DESCRIBE <{KG}partnership-for-peace>", accept="application/ld+json"),
    q("select html", "SELECT ?c (COUNT(*) AS ?n) { ?s a ?c } GROUP BY ?c", accept="text/html"),
    Call("page", "/page/kazakhstan", {}, 200, "text/html", 3),
    Call("data", "/data/kazakhstan.ttl", {}, 200, weight=2),
    Call("303", "/id/kazakhstan", {}, 303, "text/turtle", 2),
    Call("ontology", "/ontology", {}, 200, "application/rdf+xml"),
    Call("download", "/downloads/dataset.nq", {}, 200),
    Call("export", "/exports/memberships.csv", {}, 200),
    Call("chart", "/visuals/frameworks.svg", {}, 200),
    Call("home", "/", {}, 200, "text/html"),
    q("malformed", "SELECT * {", 400, weight=1),
    q("service", "SELECT * { SERVICE <http://127.0.0.1:9/> { } }", 400, weight=1),
    q("update", "CLEAR ALL", 403, weight=1),
    Call("unknown", "/id/nowhere", {}, 404),
]


@dataclass
class Outcome:
    name: str
    status: int | str
    seconds: float
    expected: int


def call(session: requests.Session, base: str, item: Call, rng: random.Random) -> Outcome:
    params = {k: v.replace("{n}", str(rng.randint(1, 40))) for k, v in item.params.items()}
    started = time.monotonic()
    try:
        response = session.get(
            base + item.path,
            params=params,
            headers={"Accept": item.accept},
            timeout=30,
            allow_redirects=False,
        )
        status: int | str = response.status_code
        if status == item.status == 200 and not response.content:
            status = "empty body"
    except requests.RequestException as exc:
        status = type(exc).__name__
    return Outcome(item.name, status, time.monotonic() - started, item.status)


def pss(server: Server) -> int:
    """Proportional set size of the server's processes: shared pages counted once."""
    total = 0
    for process in server.processes():
        try:
            total += process.memory_full_info().pss
        except psutil.NoSuchProcess:
            pass
    return total


@pytest.fixture(scope="module")
def soak_server(published: Published) -> Iterator[Server]:
    live = Server(
        None,
        "--workers",
        str(WORKERS),
        "--query-timeout",
        str(LIMIT),
        releases_dir=published.releases_dir,
        env=NO_FAIR_SHARE,  # 16 concurrent clients from one address
    )
    try:
        yield live
    finally:
        live.stop()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def test_soak(soak_server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    base = soak_server.base
    names = [item for item in WORKLOAD for _ in range(item.weight)]

    def warm_up(seed: int) -> None:
        """Every call, on every worker and thread the clients reach (keep-alive connections
        stay on one worker: each client opens a fresh one per round)."""
        rng = random.Random(seed)
        for _ in range(WORKERS):
            with requests.Session() as session:
                for item in WORKLOAD:
                    assert call(session, base, item, rng).status == item.status, item
                for _ in range(len(WORKLOAD)):
                    call(session, base, rng.choice(names), rng)

    warmers = [threading.Thread(target=warm_up, args=(seed,)) for seed in range(CLIENTS)]
    for thread in warmers:
        thread.start()
    for thread in warmers:
        thread.join(60)
    time.sleep(0.5)
    memory_before = pss(soak_server)

    outcomes: list[Outcome] = []
    deadline = time.monotonic() + SECONDS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with requests.Session() as session:
            while time.monotonic() < deadline:
                outcomes.append(call(session, base, rng.choice(names), rng))

    def runaway() -> None:
        time.sleep(SECONDS / 3)
        runaway_call = q("runaway", RUNAWAY, 503)
        with requests.Session() as session:
            outcomes.append(call(session, base, runaway_call, random.Random(0)))

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    threads.append(threading.Thread(target=runaway))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SECONDS + 60)
    time.sleep(0.5)
    memory_after = pss(soak_server)

    unexpected = [o for o in outcomes if o.status != o.expected]
    latencies = [o.seconds for o in outcomes if o.name != "runaway"]
    with capsys.disabled():
        print(
            f"\nsoak: {len(outcomes)} requests from {CLIENTS} clients in {SECONDS:g} s "
            f"({len(outcomes) / SECONDS:.0f}/s), {len(unexpected)} unexpected; latency "
            f"p50 {1000 * statistics.median(latencies):.1f} ms, "
            f"p99 {1000 * percentile(latencies, 0.99):.1f} ms, "
            f"max {1000 * max(latencies):.0f} ms; memory (PSS) "
            f"{memory_before / 2**20:.1f} -> {memory_after / 2**20:.1f} MiB"
        )
    assert unexpected == []
    assert {o.name for o in outcomes} == {item.name for item in WORKLOAD} | {"runaway"}
    assert len(outcomes) > 20 * CLIENTS
    assert memory_after < 1.5 * memory_before + 16 * 2**20
    assert all(not t.is_alive() for t in threads)
