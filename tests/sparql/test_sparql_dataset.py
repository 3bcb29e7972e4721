"""The default graph a query sees is a set: the RDF merge of the named graphs (issue 12).

Asked of the session build through the endpoint, as a researcher would: a triple stated in two
graphs (a document and the reference layer, an asserted and an inferred graph) counts once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset

MD_MEMBERS = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?country ?role WHERE {
  ?membership org:organization <https://w3id.org/natokg/id/mediterranean-dialogue> ;
      org:member ?country ; org:role ?role .
}"""


@pytest.fixture(scope="module", params=["memory", "disk"])
def build_client(request: pytest.FixtureRequest, settings: Settings, release: Path) -> FlaskClient:
    assert release.is_dir()  # the session build
    chosen = settings.replace(store=request.param)
    return create_app(chosen, load_dataset(chosen)).test_client()


def _rows(client: FlaskClient, query: str, **params: str) -> list[dict[str, str]]:
    response = client.get(
        "/sparql",
        query_string={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = json.loads(response.data)
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


def test_count_star_counts_distinct_triples(build_client: FlaskClient, release: Path) -> None:
    quads = list(ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    distinct = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(distinct) < len(quads), "the build states some triples in two graphs"
    [row] = _rows(build_client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert int(row["n"]) == len(distinct)
    # the named graphs are still there, each as it is
    [row] = _rows(build_client, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    assert int(row["n"]) == len(quads)


def test_framework_members_come_once_each_without_distinct(build_client: FlaskClient) -> None:
    rows = _rows(build_client, MD_MEMBERS)
    countries = sorted(r["country"].rsplit("/", 1)[-1] for r in rows)
    # the seven the partnerships overview lists (gold of cq-15), each once
    assert countries == [
        "algeria",
        "egypt",
        "israel",
        "jordan",
        "mauritania",
        "morocco",
        "tunisia",
    ]


def test_a_named_graph_is_still_the_default_graph_when_asked(build_client: FlaskClient) -> None:
    graph = "https://w3id.org/natokg/graph/ontology"
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    [asked] = _rows(build_client, query, **{"default-graph-uri": graph})
    in_graph = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    [graph_clause] = _rows(build_client, in_graph)
    [from_clause] = _rows(build_client, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> {{ ?s ?p ?o }}")
    assert int(asked["n"]) == int(graph_clause["n"]) == int(from_clause["n"]) > 100
