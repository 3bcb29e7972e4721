"""Fair share against a live `natokg serve`: one client looping expensive queries at full speed
beside ten researchers sending the catalogue's questions. The researchers keep their median
latency within twice what it was without the greedy client and get no error; the greedy client
is refused with 429 and ``Retry-After`` once past its budget."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from natokg.settings import Settings
from tests.live import ROOT, Server

pytestmark = pytest.mark.live

RESEARCHERS = 10
GREEDY_THREADS = 3
#: a count over a product: about half a second of one core on the real build
GREEDY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d a nkg:Event }"
#: seconds of query time per minute each client may use (small: the test is short)
BUDGET = 3
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def fair_server(settings: Settings, release: Path) -> Iterator[Server]:
    """Clients keyed by a header, as behind a trusted proxy (they all come from 127.0.0.1)."""
    live = Server(
        None,
        project_dir=settings.project_dir,
        releases_dir=settings.releases_path,
        env={
            "NATOKG_CLIENT_KEY_HEADER": "X-Client",
            "NATOKG_CLIENT_QUERY_SECONDS": str(BUDGET),
            "NATOKG_CLIENT_CONCURRENT_QUERIES": "2",
        },
    )
    try:
        yield live
    finally:
        live.stop()


def researcher_questions() -> list[str]:
    paths = sorted((ROOT / "queries").glob("cq-*.rq"))[:12]
    assert len(paths) == 12, "the catalogue's questions were not found"
    return [p.read_text(encoding="utf-8") for p in paths]


def researchers(server: Server, seconds: float) -> tuple[list[float], list[int]]:
    """Ten researchers, each asking the questions in turn for ``seconds``."""
    questions = researcher_questions()
    latencies: list[float] = []
    statuses: list[int] = []
    deadline = time.monotonic() + seconds

    def one(index: int) -> None:
        with requests.Session() as session:
            session.headers.update({**JSON, "X-Client": f"researcher-{index}"})
            turn = index
            while time.monotonic() < deadline:
                started = time.perf_counter()
                reply = session.get(
                    server.url, params={"query": questions[turn % len(questions)]}, timeout=30
                )
                latencies.append(time.perf_counter() - started)
                statuses.append(reply.status_code)
                turn += 1

    threads = [threading.Thread(target=one, args=(i,)) for i in range(RESEARCHERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return latencies, statuses


def test_a_greedy_client_is_refused_while_ten_researchers_keep_their_latency(
    fair_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    server = fair_server
    researchers(server, 1.0)  # warm-up
    alone, alone_statuses = researchers(server, 3.0)

    greedy: list[requests.Response] = []
    stop = threading.Event()

    def loop() -> None:
        with requests.Session() as session:
            session.headers.update({**JSON, "X-Client": "greedy"})
            while not stop.is_set():  # each text new: no answer from the result cache
                query = f"{GREEDY} # {len(greedy)} {threading.get_ident()}"
                greedy.append(session.get(server.url, params={"query": query}, timeout=30))

    looping = [threading.Thread(target=loop) for _ in range(GREEDY_THREADS)]
    for thread in looping:
        thread.start()
    time.sleep(BUDGET / 2 + 1)  # two queries at a time use up the budget
    try:
        beside, beside_statuses = researchers(server, 4.0)
    finally:
        stop.set()
        for thread in looping:
            thread.join(60)

    refused = [r for r in greedy if r.status_code == 429]
    with capsys.disabled():
        print(
            f"\nfair share: researchers' p50 {statistics.median(alone) * 1000:.1f} ms alone, "
            f"{statistics.median(beside) * 1000:.1f} ms beside the greedy client; greedy "
            f"{len(greedy) - len(refused)} answered, {len(refused)} refused"
        )
    assert set(alone_statuses) == {200} and set(beside_statuses) == {200}
    assert statistics.median(beside) <= 2 * statistics.median(alone)
    assert refused, "the greedy client was never refused"
    assert all(int(r.headers["Retry-After"]) >= 1 for r in refused)
    assert any(r.status_code == 200 for r in greedy), "the greedy client was never answered"
    assert {r.status_code for r in greedy} <= {200, 429}
    assert "Traceback" not in server.output()
