"""Runaway queries against a live `natokg serve`: cartesian products, property-path explosions,
nested OPTIONALs, huge VALUES and BIND expansions, sorts that fill memory. Each is stopped with
a clear 503 — at the time limit, or at the memory budget when it fills memory faster — its
worker's CPU and memory are freed (psutil), a cheap query sent meanwhile is answered promptly,
and the server is whole again afterwards, even after more runaways at once than it has workers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
import requests

from natokg.settings import Settings
from tests.live import NO_FAIR_SHARE, Server, assert_idle

pytestmark = pytest.mark.live

WORKERS = 2
LIMIT = 1.0
#: the time limit of the server the memory runaways go to: they must hit the budget first
ROOMY_LIMIT = 10.0
EX = "http://example.org/"
TIME = f"exceeded the {LIMIT:g} s time limit"
MEMORY = f"more than {Settings.load(environ={}).query_memory_limit} MiB of memory"
CHEAP = f'SELECT ?s {{ ?s <{EX}p3> "3" }}'


def numbers(count: int) -> str:
    return " ".join(str(i) for i in range(count))


@dataclass(frozen=True)
class Runaway:
    name: str
    query: str
    #: what the 503 says: the time limit or the memory budget
    says: str


RUNAWAYS = [
    Runaway(
        "cartesian product", "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", TIME
    ),
    Runaway(
        "property-path explosion",
        f"SELECT (COUNT(*) AS ?n) {{ ?a (<{EX}next>|^<{EX}next>)* ?b . "
        f"?b <{EX}next>* ?c . ?c ?p ?o }}",
        TIME,
    ),
    Runaway(
        "nested OPTIONAL",
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c OPTIONAL { ?d ?e ?f "
        "OPTIONAL { ?g ?h ?i FILTER(?i = ?c) } } }",
        TIME,
    ),
    Runaway(
        "VALUES expansion",
        f"SELECT (COUNT(*) AS ?n) {{ VALUES ?a {{ {numbers(3000)} }} "
        f"VALUES ?b {{ {numbers(3000)} }} VALUES ?c {{ {numbers(100)} }} }}",
        TIME,
    ),
    Runaway(
        "BIND over a product",
        f"SELECT (SUM(?z) AS ?n) {{ VALUES ?a {{ {numbers(3000)} }} ?s ?p ?o . ?t ?q ?r "
        "BIND(?a * 2 + STRLEN(STR(?o)) AS ?z) }",
        TIME,
    ),
    Runaway(
        "BIND doubling a string",
        "SELECT (STRLEN(?v40) AS ?n) { BIND('ab' AS ?v0) "
        + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
        + " }",
        MEMORY,
    ),
    Runaway("sorting a product", "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", MEMORY),
]


def write_data(path: Path) -> Path:
    """3000 literal triples (for products) and a 200-node graph with two edges per node."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(3000):
            out.write(f'<{EX}s{i}> <{EX}p{i % 7}> "{i}" .\n')
        for i in range(200):
            for j in ((i + 1) % 200, (i * 7 + 3) % 200):
                out.write(f"<{EX}n{i}> <{EX}next> <{EX}n{j}> .\n")
    return path


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_data(tmp_path_factory.mktemp("runaway") / "products.nt")


@pytest.fixture(scope="module")
def server(data: Path) -> Iterator[Server]:
    # runaways in parallel from one address: fair share off
    live = Server(data, "--workers", str(WORKERS), "--query-timeout", str(LIMIT), env=NO_FAIR_SHARE)
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def roomy_server(data: Path) -> Iterator[Server]:
    live = Server(
        data, "--workers", str(WORKERS), "--query-timeout", str(ROOMY_LIMIT), env=NO_FAIR_SHARE
    )
    try:
        yield live
    finally:
        live.stop()


def tree_rss(server: Server) -> int:
    return sum(p.memory_info().rss for p in server.processes() if p.is_running())


def worker_pids(server: Server, replacing: frozenset[int] = frozenset()) -> set[int]:
    """The live workers, once there are ``WORKERS`` and one at least is not in ``replacing``."""
    deadline = time.monotonic() + 10
    while True:
        found = {
            p.pid
            for p in psutil.Process(server.process.pid).children()
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        }
        done = len(found) == WORKERS and (not replacing or found - replacing)
        if done or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def get(server: Server, query: str, timeout: float = 30) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.get(server.url, params={"query": query}, timeout=timeout)
    return response, time.monotonic() - started


@pytest.mark.parametrize("runaway", RUNAWAYS, ids=lambda r: r.name)
def test_a_runaway_is_stopped_and_frees_its_worker(
    request: pytest.FixtureRequest, runaway: Runaway
) -> None:
    server: Server = request.getfixturevalue("server" if runaway.says == TIME else "roomy_server")
    before = frozenset(worker_pids(server))
    rss_before = tree_rss(server)
    outcome: list[tuple[requests.Response, float]] = []
    thread = threading.Thread(target=lambda: outcome.append(get(server, runaway.query)))
    thread.start()
    time.sleep(0.3)
    cheap, cheap_seconds = get(server, CHEAP, timeout=10)
    thread.join(30)

    assert cheap.status_code == 200 and cheap_seconds < 1, cheap_seconds
    ((response, seconds),) = outcome
    assert response.status_code == 503, response.text[:300]
    assert runaway.says in response.text
    assert response.headers["Retry-After"] == "1"
    if runaway.says == TIME:
        assert LIMIT <= seconds < LIMIT + 1.5
    else:
        assert seconds < ROOMY_LIMIT
    after = worker_pids(server, replacing=before)
    assert len(after) == WORKERS and len(before - after) == 1, "exactly one worker was replaced"
    assert_idle(server, settle=0.2, window=0.6)
    assert tree_rss(server) < rss_before + 64 * 2**20
    again, _ = get(server, CHEAP, timeout=10)
    assert again.status_code == 200


def test_more_runaways_than_workers_and_the_server_recovers(server: Server) -> None:
    runaway = RUNAWAYS[0].query
    count = 2 * WORKERS + 1
    started = time.monotonic()
    with ThreadPoolExecutor(count) as pool:
        replies = list(pool.map(lambda _i: get(server, runaway)[0], range(count)))
    assert [r.status_code for r in replies] == [503] * count
    assert time.monotonic() - started < (count / WORKERS + 1) * LIMIT + 5
    assert len(worker_pids(server)) == WORKERS
    assert_idle(server, settle=0.2, window=0.6)
    for _ in range(2 * WORKERS):
        cheap, seconds = get(server, CHEAP, timeout=10)
        assert cheap.status_code == 200 and seconds < 1
