"""The label service: nkg:label(?x) and ?xLabel, English → French → untagged (issue 12)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.sparql.conftest import MakeApp

KG = "https://w3id.org/natokg/id/"
#: a person's name has no language tag; an organisation only a French one; a state both
NAMES = """
@prefix kg: <https://w3id.org/natokg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/natokg/graph/entities/names> {
  kg:pakistan rdfs:label "Pakistan"@en , "Le Pakistan"@fr ; kg:knows kg:person , kg:bureau .
  kg:person rdfs:label "Ahsan Saleem Hyat" .
  kg:bureau skos:prefLabel "Bureau de liaison"@fr .
  kg:nameless kg:knows kg:pakistan .
}
"""


@pytest.fixture
def client(make_app: MakeApp, tmp_path: Path) -> FlaskClient:
    data = tmp_path / "names.trig"
    data.write_text(NAMES, encoding="utf-8")
    return make_app(data).test_client()


def _json(client: FlaskClient, query: str) -> list[dict[str, dict]]:
    response = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.data)["results"]["bindings"]


def test_the_label_function_falls_back_from_english_to_french_to_untagged(
    client: FlaskClient,
) -> None:
    rows = _json(
        client,
        "SELECT ?x (nkg:label(?x) AS ?name) { VALUES ?x { kg:pakistan kg:bureau kg:person "
        "kg:nameless } }",
    )
    names = {r["x"]["value"][len(KG) :]: r.get("name") for r in rows}
    assert names["pakistan"] == {"type": "literal", "value": "Pakistan", "xml:lang": "en"}
    assert names["bureau"] == {"type": "literal", "value": "Bureau de liaison", "xml:lang": "fr"}
    assert names["person"] == {"type": "literal", "value": "Ahsan Saleem Hyat"}
    assert names["nameless"] is None  # no label: unbound, not an error


def test_x_label_variables_are_filled_for_bound_iris(client: FlaskClient) -> None:
    query = "SELECT ?who ?whoLabel { kg:pakistan kg:knows ?who } ORDER BY ?who"
    rows = _json(client, query)
    assert [r["whoLabel"]["value"] for r in rows] == ["Bureau de liaison", "Ahsan Saleem Hyat"]
    response = client.get("/sparql", query_string={"query": query, "format": "csv"})
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["whoLabel"] for r in table] == ["Bureau de liaison", "Ahsan Saleem Hyat"]


def test_a_label_the_query_binds_itself_is_kept(client: FlaskClient) -> None:
    rows = _json(client, 'SELECT ?x ?xLabel { BIND(kg:pakistan AS ?x) BIND("mine" AS ?xLabel) }')
    assert rows[0]["xLabel"]["value"] == "mine"


def test_the_html_table_shows_labels_and_links_to_this_server(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT ?who { kg:pakistan kg:knows ?who }", "format": "html"},
    )
    page = response.get_data(as_text=True)
    cell = re.search(
        r'<a href="/page/person" title="([^"]+)">([^<]+)</a> <span class="label">'
        r"([^<]+)</span>",
        page,
    )
    assert cell is not None, page
    assert cell.groups() == (f"{KG}person", "kg:person", "Ahsan Saleem Hyat")


def _csv_rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_x_label_is_filled_when_x_is_bound_but_not_selected(client: FlaskClient) -> None:
    rows = _csv_rows(client, "SELECT ?whoLabel { kg:pakistan kg:knows ?who } ORDER BY ?whoLabel")
    assert rows == [{"whoLabel": "Ahsan Saleem Hyat"}, {"whoLabel": "Bureau de liaison"}]
    # the names are there before DISTINCT and ORDER BY, as if the query had bound them
    rows = _csv_rows(
        client,
        "SELECT DISTINCT ?whoLabel { { kg:pakistan kg:knows ?who } UNION "
        "{ kg:pakistan kg:knows ?who } } ORDER BY DESC(?whoLabel)",
    )
    assert [r["whoLabel"] for r in rows] == ["Bureau de liaison", "Ahsan Saleem Hyat"]
    rows = _json(client, "SELECT ?whoLabel (COUNT(*) AS ?n) { ?who kg:knows ?x } GROUP BY ?who")
    assert {(r["whoLabel"]["value"], r["n"]["value"]) for r in rows if "whoLabel" in r} == {
        ("Pakistan", "2")
    }


def test_a_label_bound_by_the_query_is_kept_when_x_is_not_selected(client: FlaskClient) -> None:
    rows = _csv_rows(client, 'SELECT ?xLabel { BIND(kg:pakistan AS ?x) BIND("mine" AS ?xLabel) }')
    assert rows == [{"xLabel": "mine"}]
    # an error in the query is the user's query's error, not the rewritten one's
    response = client.post(
        "/sparql",
        data={"query": "SELECT ?xLabel (COUNT(*) AS ?n) { ?x kg:knows ?y }"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 400
    assert "SELECT ?xLabel (COUNT(*) AS ?n)" in response.get_data(as_text=True)


def test_a_permalink_with_a_label_of_an_unselected_variable_opens_the_editor(
    client: FlaskClient,
) -> None:
    query = "SELECT ?whoLabel (COUNT(*) AS ?n) { ?who kg:knows ?x } GROUP BY ?who"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert 'id="yasgui"' in response.get_data(as_text=True)
