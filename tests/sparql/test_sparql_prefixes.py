"""A query may use the project's prefixes (nkg:, kg:, org:, rdfs:…) without declaring them."""

from __future__ import annotations

import json
from dataclasses import replace

from flask.testing import FlaskClient

from natokg.sparql import scanner, service

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


def test_a_query_the_scanner_misjudges_still_gets_the_known_prefixes(
    client: FlaskClient, monkeypatch
) -> None:
    """Were the scanner to miss an undeclared prefix, the engine's refusal brings them back."""
    real = scanner.scan

    def blind(*args: object, **kwargs: object) -> scanner.QueryFacts:
        return replace(real(*args, **kwargs), undeclared_prefix=False)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "scan", blind)
    assert _rows(client, "SELECT ?y { kg:kazakhstan nkg:joined ?y }") == [{"y": "1994"}]
    bad = client.get("/sparql", query_string={"query": "SELECT * { ?s a nope:X }"})
    assert bad.status_code == 400 and "nkg:" in bad.get_data(as_text=True)  # the known ones
