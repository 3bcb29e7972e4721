"""Against the running server (`natokg serve`): the ontology IRI gives Protégé RDF/XML that the
OWL API loads as OWL 2 DL, and an instance IRI answers 303 as a linked-data client expects."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.checkers import run_owlcheck

pytestmark = pytest.mark.live


@pytest.mark.java
def test_owlcheck_loads_the_rdfxml_served_at_the_ontology_iri(
    live_server: str, tmp_path: Path
) -> None:
    response = requests.get(
        f"{live_server}/ontology", headers={"Accept": "application/rdf+xml"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/rdf+xml")
    saved = tmp_path / "ontology-from-server.owl"
    saved.write_bytes(response.content)
    report = run_owlcheck(saved)
    assert report.loaded, report
    assert report.format.startswith("RDF/XML")
    assert report.dl_violations == []
    assert report.unlabelled("en") == report.unlabelled("fr") == []
    assert report.ontology == "https://w3id.org/natokg/ontology"


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
