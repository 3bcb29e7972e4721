"""`natokg serve --backend`: /sparql answered by Oxigraph's server, behind the front's guard."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.backend.front import POINTER_TTL
from natokg.backend.publish import publish
from natokg.store import load_dataset
from tests.backend.conftest import Engine, backend_settings, graph_count
from tests.conftest import ROOT
from tests.live import Canary, Server
from tests.queries.test_competency import GOLD, QUERIES, _key, _norm, _show

pytestmark = pytest.mark.backend
JSON = {"Accept": "application/sparql-results+json"}
MARKERS = "SELECT ?r WHERE { GRAPH ?g { <urn:natokg:test> <urn:natokg:release> ?r } }"


def client(url: str, releases_dir: Path, **more: object) -> FlaskClient:
    settings = backend_settings(url, releases_dir, **more)
    return create_app(settings, load_dataset(settings)).test_client()


@pytest.fixture(scope="module")
def published(engine: Engine, releases: Callable[[str], Path]) -> Path:
    release = releases("gold")
    publish(backend_settings(engine.url, release.parent.parent))
    return release


def solutions(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)


#: competency questions an engine answers wrongly, and why (the README's capability table)
KNOWN_WRONG: dict[str, list[str]] = {
    # (Virtuoso: cq-121's BIND(EXISTS { … } AS ?preferred) comes back from Virtuoso as
    # xsd:integer 1/0 and the front writes it back as a boolean, see natokg.backend.booleans;
    # cq-95 and cq-101, wrong while the release's graphs were sent as several
    # default-graph-uri, are right over the single merged graph.)
}


def test_gold_answers_through_the_store(engine: Engine, published: Path) -> None:
    front = client(engine.url, published.parent.parent)
    assert QUERIES
    wrong = []
    for path in QUERIES:
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        response = front.post("/sparql", data={"query": path.read_text("utf-8")}, headers=JSON)
        assert response.status_code == 200, (path.name, response.data[:300])
        result = solutions(response.data)
        if isinstance(result, ox.QueryBoolean):
            assert bool(result) is gold["boolean"], path.name
            continue
        variables = [v.value for v in result.variables]
        actual = [{v: _show(row[v]) for v in variables if row[v] is not None} for row in result]
        expected = [{k: _norm(v) for k, v in row.items()} for row in gold["rows"]]
        if gold.get("ordered", False):
            same = actual == expected
        else:
            same = sorted(map(_key, actual)) == sorted(map(_key, expected))
        if not same:
            wrong.append(path.name)
    assert sorted(wrong) == KNOWN_WRONG.get(engine.name, []), (
        "answers differ from the gold",
        wrong,
    )


def test_graph_results_and_the_release_dataset(engine: Engine, published: Path) -> None:
    front = client(engine.url, published.parent.parent)
    turtle = front.get(
        "/sparql",
        query_string={"query": "CONSTRUCT WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }"},
        headers={"Accept": "text/turtle"},
    )
    assert turtle.status_code == 200
    assert len(list(ox.parse(turtle.data, format=ox.RdfFormat.TURTLE))) > 10
    # the pointer graph and other releases are outside the dataset a query sees
    rows = list(solutions(front.get("/sparql", query_string={"query": MARKERS}, headers=JSON).data))
    assert {r["r"].value for r in rows} == {"gold"}
    assert len(rows) == graph_count(published)


def test_a_reader_never_sees_two_releases(
    engine: Engine, published: Path, releases: Callable[[str], Path]
) -> None:
    front = client(engine.url, published.parent.parent)
    graphs = graph_count(published)
    seen: list[tuple[str, ...]] = []
    failures: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            response = front.get("/sparql", query_string={"query": MARKERS}, headers=JSON)
            if response.status_code != 200:
                failures.append(f"{response.status_code} {response.data[:200]!r}")
                continue
            seen.append(tuple(sorted(r["r"].value for r in solutions(response.data))))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for release_id in ("mix-a", "mix-b"):
            release = releases(release_id)
            publish(backend_settings(engine.url, release.parent.parent))
        time.sleep(POINTER_TTL + 0.5)  # the readers' pointer is then the last one
    finally:
        stop.set()
        reader.join(30)
    assert failures == []
    assert len(seen) > 5
    mixed = [s for s in seen if len(set(s)) != 1 or len(s) != graphs]
    assert mixed == []
    assert seen[-1][0] == "mix-b"
    assert len({s[0] for s in seen}) >= 2, "the reader ran across a switch"


def test_dead_engine_gives_503_then_recovers(engine: Engine, published: Path) -> None:
    front = client(engine.url, published.parent.parent)
    query = {"query": "ASK { ?s ?p ?o }"}
    assert front.get("/sparql", query_string=query, headers=JSON).status_code == 200
    engine.kill()
    try:
        for _ in range(3):  # the pointer may be cached: the query itself fails too
            response = front.get("/sparql", query_string=query, headers=JSON)
            assert response.status_code == 503
            assert response.headers["Retry-After"].isdigit()
            assert engine.url in response.get_data(as_text=True)
    finally:
        engine.start()
    response = front.get("/sparql", query_string=query, headers=JSON)
    assert response.status_code == 200
    assert bool(solutions(response.data)) is True


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_guard_refuses_before_the_store_is_asked(query: str, published: Path) -> None:
    canary = Canary()
    try:
        front = client(canary.url, published.parent.parent)
        response = front.post("/sparql", data={"query": query})
        assert response.status_code in (400, 403)
        assert canary.hits == []
    finally:
        canary.close()


@pytest.fixture
def silent() -> Iterator[str]:
    """A listener that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    sock.close()


def test_slow_engine_gives_504_within_the_time_limit(silent: str, published: Path) -> None:
    front = client(silent, published.parent.parent, query_timeout=1.5)
    response = front.get("/sparql", query_string={"query": "ASK {}"}, headers=JSON)
    assert response.status_code == 504
    assert "Retry-After" in response.headers


def test_served_by_gunicorn_in_front_of_the_store(
    engine: Engine, published: Path, serve: Callable[..., Server]
) -> None:
    """`natokg serve --backend` itself: workers forked by gunicorn, the engine killed under it."""
    server = serve(
        None,
        "--backend",
        engine.url,
        "--workers",
        "2",
        releases_dir=published.parent.parent,
    )
    query = {"query": (ROOT / "queries" / "cq-01-pakistan-events-2009.rq").read_text("utf-8")}
    answer = requests.get(server.url, params=query, headers=JSON, timeout=10)
    assert answer.status_code == 200
    rows = len(list(solutions(answer.content)))
    assert rows > 0, answer.content[:600]
    engine.kill()
    try:
        # a new text: the answer above is in the release's result cache, served without the store
        uncached = {"query": query["query"] + "\n# asked while the store is down"}
        down = requests.get(server.url, params=uncached, headers=JSON, timeout=10)
        assert down.status_code == 503
        assert down.headers["Retry-After"].isdigit()
    finally:
        engine.start()
    back = requests.get(server.url, params=query, headers=JSON, timeout=10)
    assert back.status_code == 200
    assert len(list(solutions(back.content))) == rows
    assert "Traceback" not in server.output()


def test_undeclared_prefixes_and_what_only_the_embedded_store_has(
    engine: Engine, published: Path
) -> None:
    front = client(engine.url, published.parent.parent)
    # kg: and nkg: are known without PREFIX, as on the embedded store
    response = front.get(
        "/sparql", query_string={"query": "ASK { kg:pakistan a ?type }"}, headers=JSON
    )
    assert response.status_code == 200
    assert bool(solutions(response.data)) is True
    # the label function is the embedded store's own: Oxigraph's server answers 500, which the
    # front reports as the store's failure, naming the cause
    response = front.get(
        "/sparql",
        query_string={"query": "SELECT (nkg:label(kg:pakistan) AS ?l) WHERE {}"},
        headers=JSON,
    )
    assert response.status_code == 502
    # Oxigraph: "custom function"; Virtuoso: "Undefined procedure"
    assert re.search("custom function|Undefined procedure", response.get_data(as_text=True))


def test_the_default_graph_is_a_set_through_the_store(engine: Engine, published: Path) -> None:
    """As on the embedded store (issue 12): a triple stated in two of the release's graphs is
    counted once, because the front gives the store the release's merged graph as default.
    (Virtuoso counted about a quarter of it while publish COPYed the merged graph into place;
    written by the Graph Store Protocol, it counts right.)"""
    front = client(engine.url, published.parent.parent)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = front.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200
    through_store = int(next(iter(solutions(response.data)))["n"].value)
    quads = list(ox.parse(path=str(published / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    distinct = {q.triple for q in quads}
    assert len(quads) > len(distinct) > 1000  # some triples are stated in two graphs
    assert through_store == len(distinct)


def test_the_store_gets_required_patterns_before_the_optional(
    engine: Engine, published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cq-125 (OPTIONAL written before required patterns, pathological for Oxigraph's plan)
    reaches the store reordered, as the embedded store evaluates it; the answer is the same
    with rewriting off."""
    from natokg.backend.front import RemoteQueryService

    sent: list[str] = []
    ask = RemoteQueryService._ask

    def spy(self, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(text)
        return ask(self, text, *args, **kwargs)

    monkeypatch.setattr(RemoteQueryService, "_ask", spy)
    (path,) = (ROOT / "queries").glob("cq-125-*.rq")
    query = path.read_text(encoding="utf-8")
    answers = {}
    for rewrite in (True, False):
        sent.clear()
        front = client(engine.url, published.parent.parent, query_rewrite=rewrite)
        response = front.post("/sparql", data={"query": query}, headers=JSON)
        assert response.status_code == 200, response.data[:300]
        result = solutions(response.data)
        names = [v.value for v in result.variables]
        answers[rewrite] = sorted(tuple(str(row[n]) for n in names) for row in result)
        (text,) = sent
        text = text[text.index("SELECT ?member") :]  # past the comments
        optional = text.index("OPTIONAL")
        joined = text.index("time:inXSDgYear ?joined")  # written after the OPTIONAL
        assert (joined < optional) is rewrite, text
    assert answers[True] == answers[False] and answers[True]
