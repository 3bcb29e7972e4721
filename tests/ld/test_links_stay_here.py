"""Links stay here (issue 12): no HTML view links a dataset IRI to w3id.org; it links to this
server's page for it, and the published IRI stays visible."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

PUBLISHED = "https://w3id.org/natokg/"
PAGES = [
    "/",
    "/page/kazakhstan",
    "/page/mediterranean-dialogue",
    "/visuals",
    "/ontology",
    "/exports",
    "/downloads",
    "/dataset",
    "/graph/ontology",
    "/search?q=nato",
    "/sparql?format=html&query=SELECT%20%3Fs%20%3FsLabel%20%7B%3Fs%20a%20nkg%3AState%7D",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_view_sends_a_dataset_iri_off_the_site(build_client: FlaskClient, path: str) -> None:
    response = build_client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs, path
    assert [h for h in hrefs if h.startswith(PUBLISHED)] == []


def test_results_link_pages_and_show_the_published_iri(build_client: FlaskClient) -> None:
    page = build_client.get(PAGES[-1]).get_data(as_text=True)
    assert f'<a href="/page/kazakhstan" title="{PUBLISHED}id/kazakhstan">kg:kazakhstan</a>' in page
