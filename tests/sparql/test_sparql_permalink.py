"""A query's permalink (/sparql?query=…) opens the query editor with it, for browsers; the
results page's "Open in the query editor" carries the query (issue 12)."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
QUERY = "SELECT ?s ?sLabel { ?s a nkg:State } ORDER BY ?s"


def test_a_browser_following_a_permalink_gets_the_editor_with_the_query(
    client: FlaskClient,
) -> None:
    response = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'id="yasgui"' in page  # the editor, which reads the query from the URL and runs it
    textarea = re.search(
        r'<textarea id="plain-query" name="query"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert textarea is not None and html.unescape(textarea[1]) == QUERY
    # programs asking the same URL get results as always
    data = client.get(
        "/sparql", query_string={"query": QUERY}, headers={"Accept": "application/json"}
    )
    assert len(json.loads(data.data)["results"]["bindings"]) == 3


def test_a_malformed_permalink_gets_the_error_with_the_query_kept(client: FlaskClient) -> None:
    query = "SELECT ?s { ?s a nkg:State"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": BROWSER})
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "malformed query at line 1" in page and "add the missing `}`" in html.unescape(page)
    assert html.escape(query, quote=False) in page


def test_the_results_page_opens_the_editor_with_its_query(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": QUERY, "format": "html"})
    page = response.get_data(as_text=True)
    link = re.search(r'<a class="open-editor" href="([^"]+)">Open in the query editor</a>', page)
    assert link is not None
    target = urlsplit(html.unescape(link[1]))
    assert target.path == "/sparql" and parse_qs(target.query) == {"query": [QUERY]}


def test_a_browser_asking_format_html_gets_the_server_drawn_table(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": QUERY, "format": "html"}, headers={"Accept": BROWSER}
    )
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'id="yasgui"' not in page  # no editor: the table is drawn by the server
    table = re.search(r'<table class="results">(.*?)</table>', page, re.S)
    assert table is not None
    assert len(re.findall(r"<tr>", table[1])) == 1 + 3  # the header and the three states
    assert [h.strip() for h in re.findall(r"<th[^>]*>([^<]+)</th>", table[1])] == ["?s", "?sLabel"]
