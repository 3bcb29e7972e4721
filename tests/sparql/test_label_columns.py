"""The HTML results table never shows a name twice: beside an IRI unless its ``?xLabel`` column
is projected too, in which case the ``?x`` cell is the link only (issue 12, item 5 of the
walk-through; the query editor's table does the same, tests/ld/test_query_ui_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.sparql.conftest import MakeApp

NAMES = """
@prefix kg: <https://w3id.org/natokg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/natokg/graph/entities/names> {
  kg:pakistan rdfs:label "Pakistan"@en ; kg:knows kg:person .
  kg:person rdfs:label "Ahsan Saleem Hyat" .
}
"""


def _page(make_app: MakeApp, tmp_path: Path, query: str) -> str:
    data = tmp_path / "names.trig"
    data.write_text(NAMES, encoding="utf-8")
    client = make_app(data).test_client()
    response = client.get("/sparql", query_string={"query": query, "format": "html"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_label_is_beside_the_iri_when_no_label_column_is_projected(
    make_app: MakeApp, tmp_path: Path
) -> None:
    page = _page(make_app, tmp_path, "SELECT ?who ?x { kg:pakistan kg:knows ?who BIND(1 AS ?x) }")
    assert re.search(r'<a href="/page/person"[^>]*>kg:person</a> <span class="label">', page)


def test_the_label_is_not_repeated_beside_x_when_x_label_is_projected(
    make_app: MakeApp, tmp_path: Path
) -> None:
    page = _page(make_app, tmp_path, "SELECT ?who ?whoLabel { kg:pakistan kg:knows ?who }")
    assert re.search(r'<a href="/page/person"[^>]*>kg:person</a>\s*</td>', page), page
    assert page.count("Ahsan Saleem Hyat") == 1  # in the ?whoLabel column only
    assert 'class="label"' not in page
