"""/search and /search.json: names, aliases, notes and quotes; accents, case, prefixes; ranked,
with type facets (issue 12). Asked of a tiny dataset through the test client."""

from __future__ import annotations

import json
import re

import pytest
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset
from tests.conftest import ROOT

KG = "https://w3id.org/natokg/id/"
DATA = """
@prefix kg: <https://w3id.org/natokg/id/> .
@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/natokg/graph/entities/search> {
  kg:turkiye a nkg:State ; rdfs:label "Türkiye"@en , "Turquie"@fr .
  kg:pakistan a nkg:State ; rdfs:label "Pakistan"@en ;
    skos:definition "A partner across the globe."@en ;
    nkg:attestedBy kg:att-1 .
  kg:att-1 prov:value "Le Pakistan a fourni des troupes à la FIAS."@fr .
  kg:pakistan-relief a nkg:Event ; rdfs:label "Relief for Pakistan after the earthquake"@en .
  kg:nato a nkg:Organisation ; rdfs:label "NATO"@en , "OTAN"@fr ; skos:altLabel "the Alliance"@en .
  kg:musharraf a nkg:Person ; rdfs:label "Pervez Moucharraf" .
}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    tmp = tmp_path_factory.mktemp("search")
    data = tmp / "search.trig"
    data.write_text(DATA, encoding="utf-8")
    settings = Settings.load(
        {"project_dir": ROOT, "releases_dir": tmp / "build", "data_file": data}, environ={}
    )
    return create_app(settings, load_dataset(settings)).test_client()


def _search(client: FlaskClient, **params: str) -> dict:
    response = client.get("/search.json", query_string=params)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return json.loads(response.data)


def _iris(body: dict) -> list[str]:
    return [r["iri"][len(KG) :] for r in body["results"] if "example" not in r]


@pytest.mark.parametrize("words", ["turkiye", "TÜRKIYE", "Türkiye", "turquie", "turq"])
def test_accents_case_french_names_and_prefixes_all_find_the_state(
    client: FlaskClient, words: str
) -> None:
    assert _iris(_search(client, q=words)) == ["turkiye"]


def test_the_name_ranks_before_a_mention_and_types_are_facets(client: FlaskClient) -> None:
    body = _search(client, q="pakistan")
    assert _iris(body)[:2] == ["pakistan", "pakistan-relief"]
    facets = {f["type"]: f["count"] for f in body["facets"]}
    assert facets.pop("Example query") > 0  # the gallery's examples about Pakistan
    assert facets == {"State": 1, "Event": 1}
    assert _iris(_search(client, q="pakistan", type="Event")) == ["pakistan-relief"]
    assert body["results"][0]["page"] == "/page/pakistan"


def test_notes_quotes_and_aliases_are_searched(client: FlaskClient) -> None:
    quoted = _search(client, q="fias troupes")
    assert _iris(quoted) == ["pakistan"]
    assert quoted["results"][0]["matched"] == {
        "field": "quote",
        "text": "Le Pakistan a fourni des troupes à la FIAS.",
    }
    assert _iris(_search(client, q="across the globe")) == ["pakistan"]
    assert _iris(_search(client, q="alliance")) == ["nato"]
    assert _iris(_search(client, q="otan")) == ["nato"]


def test_every_word_must_match(client: FlaskClient) -> None:
    assert _iris(_search(client, q="pakistan earthquake")) == ["pakistan-relief"]
    assert _search(client, q="pakistan türkiye")["total"] == 0
    assert _search(client, q="")["results"] == []


def test_the_html_page_and_its_json_twin(client: FlaskClient) -> None:
    html = client.get("/search", query_string={"q": "moucharraf"}, headers={"Accept": "text/html"})
    page = html.get_data(as_text=True)
    assert html.mimetype == "text/html"
    assert re.search(r'<a href="/page/musharraf">Pervez Moucharraf</a>', page)
    assert 'type="application/json" href="/search.json?q=moucharraf"' in page
    assert 'name="q" placeholder=' in page  # the site's header carries the search box
    twin = client.get(
        "/search", query_string={"q": "moucharraf"}, headers={"Accept": "application/json"}
    )
    assert twin.mimetype == "application/json"
    found = json.loads(twin.data)["results"]
    assert [r["name"] for r in found if "example" not in r] == ["Pervez Moucharraf"]


def test_bad_parameters_get_400(client: FlaskClient) -> None:
    assert client.get("/search.json", query_string={"q": "x" * 201}).status_code == 400
    assert client.get("/search.json", query_string={"q": "a", "limit": "many"}).status_code == 400
    assert client.get("/search.json", query_string={"q": "a", "limit": "0"}).status_code == 400


@pytest.mark.parametrize("path", ["/", "/sparql", "/search?q=nato", "/exports", "/downloads"])
def test_every_page_has_the_site_header_with_search(client: FlaskClient, path: str) -> None:
    page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    header = re.search(r'<header class="site">(.*?)</header>', page, re.S)
    assert header is not None, path
    assert '<a class="brand" href="/">natokg</a>' in header[1]
    assert 'action="/search"' in header[1] and 'href="/sparql"' in header[1]


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("timeline pakistan", "ex-pakistan-timeline"),  # its title
        ("programmes partenaire", "ex-programmes-per-partner"),  # its French question
        ("PROGRAMMES each partner", "ex-programmes-per-partner"),  # its English question
    ],
)
def test_the_gallery_examples_are_found_and_open_in_the_editor(
    client: FlaskClient, words: str, name: str
) -> None:
    body = _search(client, q=words)
    first = body["results"][0]
    assert first["example"] == name and first["types"] == ["Example query"]
    assert first["iri"] is None
    query = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert first["page"].startswith("/sparql?query=")
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(first["page"]).query)["query"][0].strip() in query
    assert {"type": "Example query", "count": body["total"]} in body["facets"] or any(
        f["type"] == "Example query" for f in body["facets"]
    )
    only = _search(client, q=words, type="Example query")
    assert only["results"] and all(r["example"] for r in only["results"])
    # the HTML page links straight into the editor, and the link opens it with the query
    page = client.get("/search", query_string={"q": words}).get_data(as_text=True)
    href = re.search(r'<a class="example" href="([^"]+)">', page)
    assert href is not None
    editor = client.get(href.group(1).replace("&amp;", "&"), headers={"Accept": "text/html"})
    assert editor.status_code == 200
    assert "natokg-config" in editor.get_data(as_text=True)
