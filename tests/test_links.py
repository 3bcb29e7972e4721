"""Only http(s) IRIs become links, in every HTML view.

The site is crawled, from its home page and the SPARQL endpoint, over a fixture whose data
holds IRIs of every scheme (``javascript:``, ``data:``, ``mailto:``…); SPARQL result pages
show such IRIs too. Every ``href`` (and ``src``, ``action``) of every HTML page must be a
relative reference or an http(s) URL; the hostile IRIs must still be shown, as text.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.links import web_link
from natokg.namespaces import DEFAULT_BASE, RDFS
from natokg.store import from_quads
from tests.conftest import new_app
from tests.ld.conftest import STATE_CASE, load_fixture

HOSTILE = (
    "javascript:alert(4)",
    "JavaScript:alert(5)",
    "data:text/html,hello",
    "vbscript:msgbox(6)",
    "mailto:someone@example.org",
    "urn:isbn:0451450523",
    "file:///etc/passwd",
)
TESTLAND = DEFAULT_BASE + "id/testland"
GRAPH = DEFAULT_BASE + "graph/entities/states"
#: SPARQL results shown as HTML: hostile IRIs as values, subjects, predicates, datatypes
QUERIES = (
    "SELECT (<javascript:alert(4)> AS ?z) {}",
    "SELECT ?o { ?s <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?o }",
    "CONSTRUCT { <javascript:alert(1)> <data:text/html,x> <vbscript:y> } WHERE {}",
    'SELECT (STRDT("1", <javascript:alert(2)>) AS ?typed) {}',
    "SELECT * { BIND(<s> AS ?relative) }",
    "SELECT (<javascript:alert(4)> AS ?z) {",  # the error page shows the query
)
#: where a crawl starts; the rest is found by following links
START = ("/", "/sparql", "/page/testland", "/ontology", "/shapes", "/downloads", "/exports")
MAX_PAGES = 400


class Targets(HTMLParser):
    """Every URL a page points to: (tag, attribute, value)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[tuple[str, str, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.targets.append((tag, name, value))


def allowed(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme:
        return parts.scheme.lower() in ("http", "https")
    return not url.strip().startswith("//")  # a relative reference, not another host


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    fixture = load_fixture(STATE_CASE)
    quads = list(fixture.store.quads_for_pattern(None, None, None))
    see_also = ox.NamedNode(RDFS + "seeAlso")
    for iri in HOSTILE:
        quads.append(
            ox.Quad(ox.NamedNode(TESTLAND), see_also, ox.NamedNode(iri), ox.NamedNode(GRAPH))
        )
    quads.append(
        ox.Quad(
            ox.NamedNode(HOSTILE[0]),
            see_also,
            ox.NamedNode(TESTLAND),
            ox.NamedNode(GRAPH),
        )
    )
    dataset = from_quads(quads, DEFAULT_BASE)
    return new_app(dataset, releases_dir=tmp_path_factory.mktemp("links")).test_client()


def sparql_page(query: str) -> str:
    # format=html: the server-drawn table (a browser's plain GET opens the query editor)
    return "/sparql?" + urlencode({"query": query, "format": "html"})


def test_only_web_iris_are_links() -> None:
    assert web_link("https://w3id.org/natokg/id/pfp") == "https://w3id.org/natokg/id/pfp"
    assert web_link("HTTP://example.org/") == "HTTP://example.org/"
    assert [web_link(iri) for iri in HOSTILE] == [None] * len(HOSTILE)


def test_a_javascript_iri_in_a_result_is_text_not_a_link(client: FlaskClient) -> None:
    response = client.get(sparql_page(QUERIES[0]), headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'href="javascript:' not in page.lower()
    assert "&lt;javascript:alert(4)&gt;" in page  # still shown
    relative = client.get(sparql_page(QUERIES[4]), headers={"Accept": "text/html"})
    values = [v for tag, attr, v in Targets(relative.get_data(as_text=True)).targets if tag == "a"]
    assert DEFAULT_BASE + "s" in values  # an http(s) IRI stays a link


def test_every_href_of_every_html_view_is_http_or_relative(client: FlaskClient) -> None:
    queue = deque([*START, *(sparql_page(q) for q in QUERIES)])
    seen: set[str] = set(queue)
    pages: dict[str, int] = {}
    bad: list[tuple[str, str, str, str]] = []
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        with client.get(path, headers={"Accept": "text/html"}) as response:
            if response.mimetype != "text/html":
                continue
            pages[path] = response.status_code
            text = response.get_data(as_text=True)
        for tag, attr, value in Targets(text).targets:
            if not allowed(value):
                bad.append((path, tag, attr, value))
                continue
            parts = urlsplit(value)
            if parts.scheme and parts.netloc != "localhost":
                continue  # another site: not crawled
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
    assert bad == []
    # the crawl saw the views that show data IRIs
    assert pages.get("/page/testland") == 200
    assert sum(1 for p in pages if p.startswith("/page/")) >= 10
    assert sum(1 for p in pages if p.startswith("/sparql?")) >= len(QUERIES)
    assert {"/", "/ontology", "/shapes", "/downloads", "/exports", "/visuals"} <= set(pages)
    page = client.get("/page/testland", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "javascript:alert(4)" in page and "urn:isbn:0451450523" in page  # shown, unlinked
