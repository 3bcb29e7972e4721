"""Against the running server (`natokg serve`): the ontology IRI gives Protégé RDF/XML that the
OWL API loads as OWL 2 DL with its imports fetched from the server, and an instance IRI answers
303 as a linked-data client expects."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from natokg.namespaces import OWL
from tests.checkers import run_owlcheck

SITE = "https://w3id.org/natokg"

pytestmark = pytest.mark.live


def _fetch_with_imports(server: str, iri: str, folder: Path, saved: dict[str, Path]) -> None:
    """Fetch the module at ``iri`` from the server as RDF/XML, then each module it imports, as
    Protégé does when it opens an ontology from its IRI (w3id.org stands for the server)."""
    response = requests.get(
        server + iri.removeprefix(SITE), headers={"Accept": "application/rdf+xml"}, timeout=30
    )
    assert response.status_code == 200, iri
    assert response.headers["Content-Type"].startswith("application/rdf+xml")
    path = folder / f"module-{len(saved)}.owl"
    path.write_bytes(response.content)
    saved[iri] = path
    for t in ox.parse(response.content, format=ox.RdfFormat.RDF_XML):
        if t.predicate.value == OWL + "imports" and t.object.value not in saved:
            _fetch_with_imports(server, t.object.value, folder, saved)


@pytest.mark.java
def test_owlcheck_loads_the_rdfxml_served_at_the_ontology_iri(
    live_server: str, tmp_path: Path
) -> None:
    saved: dict[str, Path] = {}
    _fetch_with_imports(live_server, SITE + "/ontology", tmp_path, saved)
    assert set(saved) == {SITE + "/ontology", SITE + "/ontology/declarations"}
    entries = "".join(f'<uri name="{iri}" uri="{path.name}"/>' for iri, path in saved.items())
    (tmp_path / "catalog-v001.xml").write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">' + entries + "</catalog>",
        encoding="utf-8",
    )
    report = run_owlcheck(saved[SITE + "/ontology"])
    assert report.loaded, report
    assert report.format.startswith("RDF/XML")
    assert report.dl_violations == []
    assert report.unlabelled("en") == report.unlabelled("fr") == []
    assert report.ontology == SITE + "/ontology"
    assert report.imports == {
        SITE + "/ontology/declarations": saved[SITE + "/ontology/declarations"].as_uri()
    }


def test_instance_iri_redirects_on_the_running_server(live_server: str) -> None:
    response = requests.get(
        f"{live_server}/id/kazakhstan",
        headers={"Accept": "text/turtle"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/data/kazakhstan.ttl")
    assert "Accept" in response.headers["Vary"]
    followed = requests.get(
        f"{live_server}/id/kazakhstan", headers={"Accept": "text/turtle"}, timeout=30
    )
    assert followed.status_code == 200 and "Kazakhstan" in followed.text
