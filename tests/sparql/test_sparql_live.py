"""A real `natokg serve` (gunicorn) on 127.0.0.1, asked by real clients.

Each server is started with a fixture file (``--data``) on a free port, in its own process
group, and always stopped. Nothing here leaves the machine.
"""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
import requests
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

from tests.conftest import PARTNERSHIPS
from tests.live import assert_idle

if TYPE_CHECKING:
    from tests.live import Server

pytestmark = pytest.mark.live

KG = "https://w3id.org/natokg/id/"
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?s ?label ?notation { ?s rdfs:label ?label OPTIONAL { ?s "
    "<http://www.w3.org/2004/02/skos/core#notation> ?notation } } ORDER BY ?s ?label"
)
CONSTRUCT = f"CONSTRUCT WHERE {{ <{KG}pfp> ?p ?o }}"


@pytest.fixture(scope="module")
def server(serve) -> Server:
    return serve(PARTNERSHIPS, "--workers", "2")


def wrapper(server: Server, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    elif method is not None:
        client.setMethod(method)
    return client


def test_it_starts_quickly(server: Server) -> None:
    assert server.ready_after < 10


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
def test_sparqlwrapper_select_as_json(server: Server, method: str | None) -> None:
    result = wrapper(server, LABELS, JSON, method).query().convert()
    bindings = result["results"]["bindings"]
    assert len(bindings) == 11
    assert (f"{KG}turkiye", "Türkiye") in {(b["s"]["value"], b["label"]["value"]) for b in bindings}


def test_sparqlwrapper_select_as_xml(server: Server) -> None:
    document = wrapper(server, LABELS, XML).query().convert()
    values = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "Türkiye" in values and "Q843" in values


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_select_as_csv_and_tsv(server: Server, fmt: str) -> None:
    text = wrapper(server, LABELS, fmt).query().convert().decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == ("s,label,notation" if fmt == CSV else "?s\t?label\t?notation")
    assert len(lines) == 12


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(server: Server, fmt: str) -> None:
    result = wrapper(server, f"ASK {{ <{KG}pfp> ?p ?o }}", fmt).query().convert()
    if fmt == JSON:
        assert result["boolean"] is True
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


# SPARQLWrapper 2.0 parses graphs into rdflib's deprecated ConjunctiveGraph
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", [RDFXML, XML, JSONLD])
def test_sparqlwrapper_construct_as_a_graph(server: Server, fmt: str) -> None:
    graph = wrapper(server, CONSTRUCT, fmt).query().convert()
    assert len(graph) == 6
    assert {str(s) for s in graph.subjects()} == {f"{KG}pfp"}


@pytest.mark.parametrize("fmt", [TURTLE, N3])
def test_sparqlwrapper_construct_as_text(server: Server, fmt: str) -> None:
    import rdflib

    body = wrapper(server, CONSTRUCT, fmt).query().convert()
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert len(graph) == 6


def test_a_dataframe_from_csv_equals_the_one_from_json(server: Server) -> None:
    csv_body = requests.get(
        server.url, params={"query": LABELS}, headers={"Accept": "text/csv"}, timeout=10
    ).content
    from_csv = pd.read_csv(io.BytesIO(csv_body), dtype=str, keep_default_na=False)
    result = requests.get(
        server.url,
        params={"query": LABELS},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    ).json()
    names = result["head"]["vars"]
    from_json = pd.DataFrame(
        [[b.get(n, {}).get("value", "") for n in names] for b in result["results"]["bindings"]],
        columns=names,
    )
    assert len(from_json) == 11
    pd.testing.assert_frame_equal(from_csv, from_json)


def test_nothing_reaches_a_local_listener(server: Server, canary) -> None:
    url = canary.url
    attempts = [
        {"query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"},
        {"query": f"SELECT * {{ service silent <{url}> {{ }} }}"},
        {"query": f"SELECT * FROM <{url}> {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": url},
        {"update": f"LOAD <{url}>"},
        {"query": f"LOAD <{url}>"},
    ]
    statuses = [requests.post(server.url, data=data, timeout=10).status_code for data in attempts]
    direct = requests.post(
        server.url,
        data=f"LOAD <{url}>",
        timeout=10,
        headers={"Content-Type": "application/sparql-update"},
    )
    assert statuses == [400, 400, 400, 400, 200, 403, 403]
    assert direct.status_code == 403
    time.sleep(0.2)
    assert canary.hits == []


def test_updates_are_refused_and_the_data_is_unchanged(server: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"

    def triples() -> int:
        body = requests.get(server.url, params={"query": count, "format": "json"}, timeout=10)
        return int(body.json()["results"]["bindings"][0]["n"]["value"])

    before = triples()
    refused = [
        requests.post(server.url, data={"update": "DELETE WHERE { ?s ?p ?o }"}, timeout=10),
        requests.post(
            server.url,
            data="CLEAR ALL",
            timeout=10,
            headers={"Content-Type": "application/sparql-update"},
        ),
        requests.get(server.url, params={"query": "DROP ALL"}, timeout=10),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert triples() == before == 26


def _cartesian_data(path: Path, triples: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(triples):
            out.write(f'<http://example.org/s{i}> <http://example.org/p{i % 7}> "{i}" .\n')
    return path


def test_a_runaway_query_is_stopped_and_others_are_served(serve, tmp_path: Path) -> None:
    server = serve(
        _cartesian_data(tmp_path / "cartesian.nt", 3000), "--workers", "2", "--query-timeout", "2"
    )
    runaway = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome: dict[str, object] = {}

    def run_runaway() -> None:
        started = time.monotonic()
        response = requests.get(server.url, params={"query": runaway}, timeout=60)
        outcome["status"], outcome["text"] = response.status_code, response.text
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    cheap = requests.get(server.url, params={"query": 'SELECT ?s { ?s ?p "42" }'}, timeout=10)
    cheap_seconds = time.monotonic() - started
    thread.join(30)

    assert cheap.status_code == 200 and cheap_seconds < 1
    assert outcome["status"] == 503
    assert "exceeded the 2 s time limit" in str(outcome["text"])
    assert 2 <= float(outcome["seconds"]) < 6
    assert_idle(server)
    again = requests.get(server.url, params={"query": 'ASK { ?s ?p "7" }'}, timeout=10)
    assert again.status_code == 200


def test_a_served_error_is_short_and_json_when_asked(server: Server) -> None:
    response = requests.get(
        server.url,
        params={"query": "SELECT * {"},
        headers={"Accept": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert json.loads(response.text)["message"].startswith("malformed query at line 1, column ")
