"""The security suite's runaway queries against `natokg serve --backend`, for each engine.

Through a store the front does not evaluate the query: its worker waits for the engine, with a
read timeout a second under the front's time limit. So a runaway gets 504 with ``Retry-After``
within the limit (never a hang, never a 500), no worker is replaced, a cheap query sent meanwhile
is answered, and the front and the engine answer normally afterwards. What the engine does with
the abandoned query is its own limit's business (the fixtures set Oxigraph's ``--timeout-s`` and
Virtuoso's ``MaxQueryExecutionTime``; the README's capability table). One runaway never reaches
the engine (:data:`FRONT_STOPS`). Both engines behave alike for all of them.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests

from natokg.backend.publish import publish
from tests.backend.conftest import Engine, backend_settings
from tests.live import NO_FAIR_SHARE, Server
from tests.security.test_runaway_queries import (
    CHEAP,
    RUNAWAYS,
    Runaway,
    get,
    worker_pids,
    write_data,
)

pytestmark = [pytest.mark.backend, pytest.mark.live]

#: the front's time limit; its read timeout on the engine is a second less
LIMIT = 2.0
GRAPH = "https://w3id.org/natokg/graph/runaway"
#: runaways the front itself stops, whatever the engine: it parses each query on an empty store
#: before sending it (the embedded store's 400 for a malformed one), and a product of VALUES
#: needs no data, so that check runs away and the front's watchdog stops it (503, its worker
#: replaced), as on the embedded store
FRONT_STOPS = {"VALUES expansion"}


@pytest.fixture(scope="module")
def server(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`natokg serve --backend` over a release holding the runaway suite's data."""
    releases_dir = tmp_path_factory.mktemp("runaway-releases")
    version = releases_dir / "versions" / "runaway"
    version.mkdir(parents=True)
    data = write_data(version / "products.nt")
    graph = ox.NamedNode(GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(path=str(data))]
    ox.serialize(quads, str(version / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    (version / "manifest.json").write_text(json.dumps({"version": "runaway"}), encoding="utf-8")
    (releases_dir / "current").symlink_to(version.relative_to(releases_dir))
    publish(backend_settings(engine.url, releases_dir))
    empty = tmp_path_factory.mktemp("runaway-front")
    live = Server(
        None,
        "--backend",
        engine.url,
        "--workers",
        "2",
        "--query-timeout",
        str(LIMIT),
        releases_dir=empty,
        env=NO_FAIR_SHARE,
    )
    try:
        yield live
    finally:
        live.stop()


@pytest.mark.parametrize("runaway", RUNAWAYS, ids=lambda r: r.name)
def test_a_runaway_is_stopped_and_the_front_keeps_serving(
    engine: Engine, server: Server, runaway: Runaway
) -> None:
    workers = {p.pid for p in server.processes()}
    outcome: list[tuple[requests.Response, float]] = []
    thread = threading.Thread(target=lambda: outcome.append(get(server, runaway.query)))
    thread.start()
    time.sleep(0.3)
    cheap, cheap_seconds = get(server, CHEAP, timeout=10)
    thread.join(30)

    assert cheap.status_code == 200 and cheap_seconds < 2, cheap_seconds
    assert '"3"' in cheap.text or "s3" in cheap.text
    ((response, seconds),) = outcome
    assert response.headers["Retry-After"].isdigit()
    assert seconds < LIMIT + 1.5
    assert "Traceback" not in response.text
    if runaway.name in FRONT_STOPS:
        assert response.status_code == 503, response.text[:300]
        assert f"exceeded the {LIMIT:g} s time limit" in response.text
        # its worker retires (its other requests get up to 2 s): the next case counts workers
        assert worker_pids(server, replacing=frozenset(workers)) - workers, "not replaced"
    else:
        assert response.status_code == 504, response.text[:300]
        assert "the SPARQL store failed" in response.text
        assert workers <= {p.pid for p in server.processes()}, "no worker was replaced"
    again, _ = get(server, CHEAP, timeout=15)
    assert again.status_code == 200
    assert "Traceback" not in server.output()


def test_more_runaways_than_workers_and_the_front_recovers(server: Server) -> None:
    count = 5
    with_threads: list[requests.Response] = []
    threads = [
        threading.Thread(target=lambda: with_threads.append(get(server, RUNAWAYS[0].query)[0]))
        for _ in range(count)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r.status_code for r in with_threads) == [504] * count
    assert time.monotonic() - started < (count / 2 + 1) * LIMIT + 5
    cheap, _ = get(server, CHEAP, timeout=30)
    assert cheap.status_code == 200


def test_the_engine_is_whole_again(engine: Engine, server: Server) -> None:
    """After the runaways above, the engine itself answers (its own limit stopped them)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        cheap, seconds = get(server, CHEAP, timeout=10)
        if cheap.status_code == 200 and seconds < 1:
            return
        time.sleep(1)
    raise AssertionError(f"{engine.name} still busy 30 s after the runaways")
