"""Answers in every format, parsed back; truncation at max_result_rows, signalled."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from natokg.namespaces import DEFAULT_BASE
from natokg.store import from_quads
from tests.conftest import new_app

MakeApp = Callable[..., Flask]

KG = "https://w3id.org/natokg/id/"
LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
SELECT_LABELS = LABELS + 'SELECT ?s ?label { ?s rdfs:label ?label FILTER(lang(?label) = "en") }'
EN_LABELS = {
    (f"{KG}pakistan", "Pakistan"),
    (f"{KG}kazakhstan", "Kazakhstan"),
    (f"{KG}turkiye", "Türkiye"),
    (f"{KG}pfp", "Partnership for Peace"),
    ("https://w3id.org/natokg/ontology#State", "State"),
    ("https://w3id.org/natokg/ontology#Framework", "Partnership framework"),
}
CONSTRUCT = (
    LABELS + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l "
    f"FILTER(?s = <{KG}turkiye>) }}"
)
TURKIYE = {
    ox.Triple(
        ox.NamedNode(f"{KG}turkiye"),
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        ox.Literal(text, language=lang),
    )
    for text, lang in (("Türkiye", "en"), ("Turquie", "fr"))
}


def get(client: FlaskClient, query: str, fmt: str | None = None, accept: str | None = None):
    params = {"query": query} | ({"format": fmt} if fmt else {})
    return client.get("/sparql", query_string=params, headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_select_parses_back_in_each_results_format(client: FlaskClient, fmt: str) -> None:
    response = get(client, SELECT_LABELS, fmt)
    assert response.status_code == 200
    parser = ox.QueryResultsFormat.from_media_type(response.mimetype)
    solutions = ox.parse_query_results(response.data, format=parser)
    assert [v.value for v in solutions.variables] == ["s", "label"]
    assert {(row["s"].value, row["label"].value) for row in solutions} == EN_LABELS


def test_select_as_csv(client: FlaskClient) -> None:
    response = get(client, SELECT_LABELS, accept="text/csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {(r["s"], r["label"]) for r in rows} == EN_LABELS


def test_literals_keep_newlines_tabs_quotes_and_accents(client: FlaskClient) -> None:
    query = f"SELECT ?c {{ <{KG}turkiye> <http://www.w3.org/2000/01/rdf-schema#comment> ?c }}"
    expected = 'a "quoted" word,\ta tab and\na second line'
    for fmt in ("json", "xml", "tsv"):
        response = get(client, query, fmt)
        parser = ox.QueryResultsFormat.from_media_type(response.mimetype)
        assert [r["c"].value for r in ox.parse_query_results(response.data, format=parser)] == [
            expected
        ]
    rows = list(csv.reader(io.StringIO(get(client, query, "csv").get_data(as_text=True))))
    assert rows == [["c"], [expected]]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_ask_in_each_results_format(client: FlaskClient, fmt: str) -> None:
    yes = get(client, f"ASK {{ <{KG}pakistan> ?p ?o }}", fmt)
    no = get(client, f"ASK {{ <{KG}atlantis> ?p ?o }}", fmt)
    assert yes.status_code == no.status_code == 200
    if fmt in ("json", "xml"):
        parser = ox.QueryResultsFormat.from_media_type(yes.mimetype)
        assert bool(ox.parse_query_results(yes.data, format=parser)) is True
        assert bool(ox.parse_query_results(no.data, format=parser)) is False
    else:
        assert (yes.data.strip(), no.data.strip()) == (b"true", b"false")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig"])
def test_construct_parses_back_in_each_rdf_format(client: FlaskClient, fmt: str) -> None:
    response = get(client, CONSTRUCT, fmt)
    assert response.status_code == 200
    assert response.headers["Content-Type"].endswith("; charset=utf-8")
    parser = ox.RdfFormat.from_media_type(response.mimetype)
    parsed = {
        ox.Triple(q.subject, q.predicate, q.object) if isinstance(q, ox.Quad) else q
        for q in ox.parse(response.data, format=parser)
    }
    assert parsed == TURKIYE


def test_turtle_uses_the_project_prefixes(client: FlaskClient) -> None:
    body = get(client, CONSTRUCT, "ttl").get_data(as_text=True)
    assert f"@prefix kg: <{KG}> ." in body
    assert "kg:turkiye" in body


def test_describe_is_a_graph(client: FlaskClient) -> None:
    response = get(client, f"DESCRIBE <{KG}pfp>", accept="application/n-triples")
    assert response.mimetype == "application/n-triples"
    subjects = {t.subject for t in ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)}
    assert subjects == {ox.NamedNode(f"{KG}pfp")}


def test_the_default_graph_is_the_union_of_all_graphs(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    body = json.loads(get(client, query, "json").data)
    graphs = json.loads(
        get(client, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }", "json").data
    )
    assert body["results"]["bindings"][0]["n"]["value"] == "26"
    assert graphs["results"]["bindings"][0]["n"]["value"] == "26"


def test_html_table_for_browsers_escapes_everything(client: FlaskClient) -> None:
    query = "SELECT ?x { BIND(\"<script>alert('x')</script>\" AS ?x) }"
    response = get(client, query, "html", accept="text/html,*/*;q=0.8")
    page = response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'type="text/csv"' in page  # the data twins are linked


def test_html_table_abbreviates_iris_and_shows_languages(client: FlaskClient) -> None:
    page = get(client, SELECT_LABELS + " ORDER BY ?s", "html").get_data(as_text=True)
    # links stay here (the page of the IRI on this server); the published IRI is the tooltip
    assert f'<a href="/page/pakistan" title="{KG}pakistan">kg:pakistan</a>' in page
    assert '<span class="note">@en</span>' in page
    assert "6 rows" in page


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "html"])
def test_long_results_are_cut_and_say_so(make_app: MakeApp, fmt: str) -> None:
    client = make_app(max_result_rows=2).test_client()
    response = get(client, "SELECT ?s ?p ?o { ?s ?p ?o }", fmt)
    assert response.headers["X-Natokg-Truncated"] == "true"
    assert response.headers["X-Natokg-Limit"] == "2"
    if fmt == "html":
        assert "Only the first 2 results are shown" in response.get_data(as_text=True)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(response.get_data(as_text=True))))) == 3
    else:
        parser = ox.QueryResultsFormat.from_media_type(response.mimetype)
        assert len(list(ox.parse_query_results(response.data, format=parser))) == 2


def test_a_result_at_the_limit_is_not_cut(make_app: MakeApp) -> None:
    client = make_app(max_result_rows=6).test_client()
    response = get(client, SELECT_LABELS, "json")
    assert "X-Natokg-Truncated" not in response.headers
    assert len(json.loads(response.data)["results"]["bindings"]) == 6


def test_long_graphs_are_cut_too(make_app: MakeApp) -> None:
    client = make_app(max_result_rows=3).test_client()
    response = get(client, "CONSTRUCT WHERE { ?s ?p ?o }", "nt")
    assert response.headers["X-Natokg-Truncated"] == "true"
    assert len(list(ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES))) == 3


def test_an_html_page_is_cut_at_max_html_rows_while_data_formats_are_not(tmp_path) -> None:
    quads = [
        ox.Quad(
            ox.NamedNode(f"https://example.org/s{i}"),
            ox.NamedNode("https://example.org/p"),
            ox.Literal(str(i)),
        )
        for i in range(30)
    ]
    app = new_app(from_quads(quads, DEFAULT_BASE), project_dir=tmp_path, max_html_rows=10)
    client = app.test_client()
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o }"}
    page = client.get("/sparql", query_string={**query, "format": "html"})
    assert page.headers["X-Natokg-Truncated"] == "true" and page.headers["X-Natokg-Limit"] == "10"
    assert page.get_data(as_text=True).count('<td class="iri">') == 10
    assert "Only the first 10 results are shown" in page.get_data(as_text=True)
    data = client.get("/sparql", query_string={**query, "format": "csv"})
    assert "X-Natokg-Truncated" not in data.headers
    assert len(data.get_data(as_text=True).strip().splitlines()) == 31  # header + 30 rows
