"""Safe by default: read-only, no outgoing request, no stack overflow, dataset clauses checked."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

MakeApp = Callable[..., Flask]
STATES = "https://w3id.org/natokg/graph/entities/states"
FRAMEWORKS = "https://w3id.org/natokg/graph/entities/frameworks"
COUNT = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"


def count(client: FlaskClient) -> int:
    body = json.loads(client.get("/sparql", query_string={"query": COUNT, "format": "json"}).data)
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_service_is_refused_before_execution(client: FlaskClient, canary) -> None:
    response = client.get(
        "/sparql", query_string={"query": f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"}
    )
    assert response.status_code == 400
    assert "SERVICE is refused" in response.get_data(as_text=True)
    assert canary.hits == []


def test_nothing_the_client_names_is_ever_fetched(client: FlaskClient, canary) -> None:
    url = canary.url
    requests = [
        {"query": f"SELECT * {{ SERVICE SILENT <{url}> {{ }} }}"},
        {"query": f"SELECT * FROM <{url}> {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": f"LOAD <{url}>"},
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": url, "named-graph-uri": url},
        {"query": f"DESCRIBE <{url}>"},
        {"query": f"ASK {{ GRAPH <{url}> {{ ?s ?p ?o }} }}"},
        {"update": f"LOAD <{url}>"},
    ]
    statuses = [client.get("/sparql", query_string=params).status_code for params in requests]
    assert statuses == [400, 400, 400, 403, 200, 200, 200, 403]
    assert canary.hits == []


def test_from_a_graph_of_the_dataset_restricts_the_default_graph(client: FlaskClient) -> None:
    query = f"SELECT DISTINCT ?s FROM <{FRAMEWORKS}> {{ ?s ?p ?o }} ORDER BY ?s"
    body = json.loads(client.get("/sparql", query_string={"query": query, "format": "json"}).data)
    assert [b["s"]["value"] for b in body["results"]["bindings"]] == [
        "https://w3id.org/natokg/id/kazakhstan",
        "https://w3id.org/natokg/id/pfp",
    ]


def test_from_named_restricts_graph(client: FlaskClient) -> None:
    query = f"SELECT DISTINCT ?g FROM NAMED <{STATES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    body = json.loads(client.get("/sparql", query_string={"query": query, "format": "json"}).data)
    assert [b["g"]["value"] for b in body["results"]["bindings"]] == [STATES]


def test_from_an_unknown_graph_is_refused_with_a_hint(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={
            "query": "PREFIX db: <http://dbpedia.org/resource/> SELECT * FROM db:NATO { ?s ?p ?o }"
        },
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "FROM <http://dbpedia.org/resource/NATO>: no such graph" in text


@pytest.mark.parametrize(
    "request_args",
    [
        {"query": "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }"},
        {"query": "DELETE WHERE { ?s ?p ?o }"},
        {"query": "CLEAR ALL"},
        {"query": "DROP ALL"},
        {"update": "DELETE WHERE { ?s ?p ?o }"},
    ],
)
def test_updates_are_refused_and_change_nothing(client: FlaskClient, request_args: dict) -> None:
    before = count(client)
    for response in (
        client.get("/sparql", query_string=request_args),
        client.post("/sparql", data=request_args),
    ):
        assert response.status_code == 403
        assert "read-only" in response.get_data(as_text=True)
    direct = client.post(
        "/sparql",
        data="DELETE WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert direct.status_code == 403
    assert count(client) == before == 26


def test_deep_nesting_is_refused_before_the_parser_overflows(make_app: MakeApp) -> None:
    """Parsed, 20000 nested groups would overflow the parser's stack and kill pytest."""
    client = make_app(max_query_length=1_000_000).test_client()
    for opening, closing in (("{", "}"), ("(", ")"), ("[", "]")):
        query = "SELECT * " + "{" + opening * 20_000 + closing * 20_000 + "}"
        response = client.post(
            "/sparql", data=query, headers={"Content-Type": "application/sparql-query"}
        )
        assert response.status_code == 400
        assert "at most 64" in response.get_data(as_text=True)


def test_long_chains_are_refused_before_they_overflow(make_app: MakeApp) -> None:
    """14000 UNIONs overflow Oxigraph's stack (measured: the process dies with SIGSEGV)."""
    client = make_app(max_query_length=1_000_000).test_client()
    query = "SELECT * { " + " UNION ".join(["{}"] * 14_000) + " }"
    response = client.post(
        "/sparql", data=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400
    assert "at most 1000" in response.get_data(as_text=True)


def test_nesting_within_the_limit_runs(client: FlaskClient) -> None:
    query = "ASK " + "{" * 60 + "}" * 60
    assert client.get("/sparql", query_string={"query": query}).status_code == 200
