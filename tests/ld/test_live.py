"""Against the running server (`natokg serve`): the ontology IRI gives Protégé RDF/XML that the
OWL API loads as OWL 2 DL, and an instance IRI answers 303 as a linked-data client expects."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import requests

from tests.conftest import TOOLS

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
    run = subprocess.run(
        [str(TOOLS / "owlcheck"), "--strict-labels", "--langs", "en,fr", str(saved)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "format: RDF/XML" in run.stdout
    assert "OWL 2 DL violations: none" in run.stdout
    assert "ontology: <https://w3id.org/natokg/ontology>" in run.stdout


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
