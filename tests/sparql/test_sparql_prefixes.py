"""A query may use the project's prefixes (nkg:, kg:, org:, rdfs:…) without declaring them."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

ONTOLOGY = "https://w3id.org/natokg/graph/ontology"


def _rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        {k: v["value"] for k, v in b.items()}
        for b in json.loads(response.data)["results"]["bindings"]
    ]


def test_a_query_without_prefix_lines_runs(client: FlaskClient) -> None:
    rows = _rows(
        client,
        'SELECT ?s ?label { ?s a nkg:State ; rdfs:label ?label FILTER(lang(?label) = "fr") }'
        " ORDER BY ?label",
    )
    assert [r["label"] for r in rows] == ["Kazakhstan", "Pakistan", "Turquie"]
    rows = _rows(client, "SELECT ?y { kg:kazakhstan nkg:joined ?y }")
    assert rows == [{"y": "1994"}]


def test_from_with_an_undeclared_prefix_names_a_graph_of_the_dataset(client: FlaskClient) -> None:
    rows = _rows(client, "SELECT (COUNT(*) AS ?n) FROM graph:ontology { ?s ?p ?o }")
    inside = _rows(client, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}")
    assert rows == inside and int(rows[0]["n"]) == 5  # as the fixture file has it


def test_the_query_s_own_prefix_line_wins(client: FlaskClient) -> None:
    rows = _rows(client, "PREFIX kg: <http://example.org/> SELECT ?x { BIND(kg:a AS ?x) }")
    assert rows == [{"x": "http://example.org/a"}]
