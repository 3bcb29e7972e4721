"""GET /sparql without a query: the service description by conneg, the UI for browsers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from natokg.sparql import catalogue
from tests.conftest import PARTNERSHIPS, ROOT

MakeApp = Callable[..., Flask]
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ENDPOINT = ox.NamedNode("http://localhost/sparql")
GRAPHS = {
    "https://w3id.org/natokg/graph/ontology",
    "https://w3id.org/natokg/graph/entities/states",
    "https://w3id.org/natokg/graph/entities/frameworks",
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def description(client: FlaskClient, accept: str = "text/turtle") -> ox.Store:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Vary"] == "Accept"
    store = ox.Store()
    store.load(response.data, format=ox.RdfFormat.from_media_type(response.mimetype))
    return store


def objects(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> set:
    return {q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)}


@pytest.mark.parametrize(
    "accept",
    [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/n-quads",
        "application/trig",
        "*/*",
    ],
)
def test_the_service_description_in_each_rdf_format(client: FlaskClient, accept: str) -> None:
    store = description(client, accept)
    assert ox.NamedNode(SD + "Service") in objects(store, ENDPOINT, RDF_TYPE.value)
    assert objects(store, ENDPOINT, SD + "endpoint") == {ENDPOINT}


def test_the_description_says_what_the_endpoint_does(client: FlaskClient) -> None:
    store = description(client)
    assert ox.NamedNode(SD + "SPARQL11Query") in objects(store, ENDPOINT, SD + "supportedLanguage")
    assert ox.NamedNode(SD + "UnionDefaultGraph") in objects(store, ENDPOINT, SD + "feature")
    formats = {f.value.rsplit("/", 1)[-1] for f in objects(store, ENDPOINT, SD + "resultFormat")}
    assert formats >= {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    }


def test_the_description_lists_every_graph_with_its_size(client: FlaskClient) -> None:
    store = description(client)
    (dataset,) = objects(store, ENDPOINT, SD + "defaultDataset")
    assert dataset == ox.NamedNode("https://w3id.org/natokg/dataset")
    assert len(objects(store, dataset, SD + "defaultGraph")) == 1
    sizes = {}
    for named in objects(store, dataset, SD + "namedGraph"):
        (name,) = objects(store, named, SD + "name")
        (graph,) = objects(store, named, SD + "graph")
        (triples,) = objects(store, graph, "http://rdfs.org/ns/void#triples")
        sizes[name.value] = int(triples.value)
    assert sizes == {
        "https://w3id.org/natokg/graph/ontology": 5,
        "https://w3id.org/natokg/graph/entities/states": 14,
        "https://w3id.org/natokg/graph/entities/frameworks": 7,
    }


def test_browsers_get_the_query_ui(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert '<div id="yasgui"></div>' in page
    assert '<form class="plain" method="get" action="/sparql">' in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )


def test_the_ui_config_carries_the_endpoint_prefixes_and_catalogue(
    make_app: MakeApp, tmp_path: Path
) -> None:
    queries = tmp_path / "queries"
    (queries / "checks").mkdir(parents=True)
    (queries / "cq-01-states.rq").write_text(
        "# title: Which states?\n# question: Which states are there?\n# source: fixture\n"
        "SELECT ?s { ?s a <https://w3id.org/natokg/ontology#State> }\n",
        encoding="utf-8",
    )
    (queries / "checks" / "hidden.rq").write_text("ASK {}\n", encoding="utf-8")
    client = make_app(PARTNERSHIPS, project_dir=tmp_path).test_client()
    page = client.get("/sparql", headers={"Accept": BROWSER}).get_data(as_text=True)
    config = json.loads(
        re.search(r'<script type="application/json" id="natokg-config">(.*?)</script>', page, re.S)[
            1
        ]
    )
    assert config["endpoint"] == "http://localhost/sparql"
    assert "PREFIX" not in config["query"], "the endpoint knows its prefixes"
    assert config["prefixes"]["kg"] == "https://w3id.org/natokg/id/"
    assert "<code>nkg:</code></dt><dd><code>https://w3id.org/natokg/ontology#</code>" in page
    assert [e["title"] for e in config["examples"]] == ["Which states?"]
    assert "Which states are there?" in page and "Source: fixture" in page
    assert "The query editor is not installed (run <code>npm ci</code>)" in page


def test_yasgui_is_served_from_node_modules(client: FlaskClient) -> None:
    yasgui = ROOT / "node_modules/@zazuko/yasgui/build"
    assert (yasgui / "yasgui.min.js").is_file(), "YASGUI is not installed: npm ci (make does it)"
    page = client.get("/sparql", headers={"Accept": BROWSER}).get_data(as_text=True)
    assert '<script src="/vendor/yasgui/yasgui.min.js"></script>' in page
    with (
        client.get("/vendor/yasgui/yasgui.min.js") as script,
        client.get("/vendor/yasgui/yasgui.min.css") as style,
    ):
        assert script.status_code == style.status_code == 200
        assert script.mimetype == "text/javascript" and style.mimetype == "text/css"
        assert b"Yasgui" in script.data


@pytest.mark.parametrize("name", ["package.json", "..%2F..%2Fpackage.json", "yasgui.esm.js"])
def test_nothing_else_is_served_from_node_modules(client: FlaskClient, name: str) -> None:
    assert client.get(f"/vendor/yasgui/{name}").status_code == 404


def test_the_catalogue_reads_headers_and_skips_checks(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "x.rq").write_text("ASK {}")
    (tmp_path / "b.rq").write_text("# title: B\n#question:  Why?\n\nSELECT * {}\n")
    (tmp_path / "a.rq").write_text("SELECT * {}\n# title: not a header\n")
    examples = catalogue.load(tmp_path)
    assert [(e.name, e.title, e.question, e.source) for e in examples] == [
        ("a", "a", "", ""),
        ("b", "B", "Why?", ""),
    ]
    assert examples[1].query.endswith("SELECT * {}\n")
    assert catalogue.load(tmp_path / "missing") == []


def test_the_project_catalogue_parses_if_present() -> None:
    queries = ROOT / "queries"
    examples = catalogue.load(queries)
    assert len(examples) >= 40
    assert all(e.title and e.query.strip() for e in examples)


def test_the_description_lists_the_prefixes_queries_need_not_declare(client: FlaskClient) -> None:
    store = description(client)
    declared = {
        row["prefix"].value: row["namespace"].value
        for row in store.query(
            "PREFIX sh: <http://www.w3.org/ns/shacl#> "
            "SELECT ?prefix ?namespace "
            "{ ?s sh:declare [ sh:prefix ?prefix ; sh:namespace ?namespace ] }"
        )
    }
    assert declared["nkg"] == "https://w3id.org/natokg/ontology#"
    assert declared["kg"] == "https://w3id.org/natokg/id/"
    common = {"org", "time", "prov", "skos", "rdfs", "rdf", "owl", "xsd", "dcterms", "foaf", "wd"}
    assert common <= set(declared)
    assert {"schema", "sh"} <= set(declared)
