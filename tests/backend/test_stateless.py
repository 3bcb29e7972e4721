"""`natokg serve --backend` without a local release: every page from the store's current release.

Each front here is a :class:`ReleaseSwitch` over an empty releases directory; the store is
Oxigraph's server, into which the conftest's marked releases are published. The marker triple
(``<urn:natokg:test> <urn:natokg:release> "<id>"``, in every graph) tells which release an
answer came from.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from werkzeug.test import Client

from natokg.app import create_app
from natokg.backend.front import POINTER_TTL
from natokg.backend.publish import publish
from natokg.backend.stateless import ReleaseSwitch
from tests.backend.conftest import Engine, backend_settings
from tests.live import Server

pytestmark = pytest.mark.backend
JSON = {"Accept": "application/sparql-results+json"}
MARKERS = "SELECT DISTINCT ?r WHERE { GRAPH ?g { <urn:natokg:test> <urn:natokg:release> ?r } }"
PAKISTAN = "/id/pakistan"


def front(engine: Engine, empty: Path, **more: object) -> Client:
    """A stateless front (the WSGI application `serve --backend` runs) with no release."""
    assert not any(empty.iterdir()), "the front must have no local release"
    return Client(ReleaseSwitch(backend_settings(engine.url, empty, **more), create_app))


def markers(client: Client) -> set[str]:
    response = client.post("/sparql", data={"query": MARKERS}, headers=JSON)
    assert response.status_code == 200, response.data[:300]
    result = ox.parse_query_results(response.data, format=ox.QueryResultsFormat.JSON)
    return {row["r"].value for row in result}


def downloaded_markers(client: Client) -> set[str]:
    with client.get("/downloads/dataset.nq") as response:
        assert response.status_code == 200
        quads = ox.parse(response.data, format=ox.RdfFormat.N_QUADS)
    return {q.object.value for q in quads if q.predicate.value == "urn:natokg:release"}


def publish_release(engine: Engine, releases: Callable[[str], Path], release_id: str) -> None:
    release = releases(release_id)
    publish(backend_settings(engine.url, release.parent.parent))


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    directory = tmp_path / "releases"
    directory.mkdir()
    return directory


def test_a_store_without_release_gets_503(engine: Engine, empty: Path) -> None:
    # another base IRI: no pointer graph names a release for it
    client = front(engine, empty, base_iri="https://example.org/unpublished/")
    response = client.get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert b"no release published" in response.data


def test_pages_search_exports_downloads_from_the_store(
    engine: Engine, releases: Callable[[str], Path], empty: Path
) -> None:
    publish_release(engine, releases, "first")
    client = front(engine, empty)
    home = client.get("/", headers={"Accept": "text/html"})
    assert home.status_code == 200
    page = client.get(PAKISTAN, headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200
    assert "Pakistan" in page.get_data(as_text=True)
    twin = client.get(PAKISTAN, headers={"Accept": "text/turtle"}, follow_redirects=True)
    assert twin.status_code == 200
    subjects = {t.subject.value for t in ox.parse(twin.data, format=ox.RdfFormat.TURTLE)}
    assert "https://w3id.org/natokg/id/pakistan" in subjects
    search = client.get("/search", query_string={"q": "Pakistan"}, headers={"Accept": "text/html"})
    assert search.status_code == 200
    assert PAKISTAN in search.get_data(as_text=True)
    exports = client.get("/exports", headers={"Accept": "text/html"})
    assert exports.status_code == 200
    assert downloaded_markers(client) == {"first"}
    assert client.get("/downloads/ontology.svg").status_code == 404  # not in the store
    # ?xLabel columns filled from the mirrored release
    query = "SELECT ?x ?xLabel WHERE { VALUES ?x { <https://w3id.org/natokg/id/pakistan> } }"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert "Pakistan" in response.get_data(as_text=True).splitlines()[1]
    # nkg:label(), which the store refuses, answered by the front's copy of the same release
    query = "SELECT (nkg:label(<https://w3id.org/natokg/id/pakistan>) AS ?l) WHERE {}"
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.data[:300]
    assert response.get_data(as_text=True).splitlines()[1] == "Pakistan"


def test_two_fronts_switch_together_on_publish(
    engine: Engine, releases: Callable[[str], Path], tmp_path: Path
) -> None:
    publish_release(engine, releases, "before")
    fronts = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        fronts.append(front(engine, tmp_path / name))
    for client in fronts:
        assert markers(client) == {"before"}
        assert downloaded_markers(client) == {"before"}
    etags = {
        client.get(PAKISTAN, headers={"Accept": "text/turtle"}, follow_redirects=True).headers.get(
            "ETag"
        )
        for client in fronts
    }
    assert len(etags) == 1  # the same release gives the same answer on every front
    publish_release(engine, releases, "after")
    time.sleep(POINTER_TTL + 0.1)
    for client in fronts:
        assert markers(client) == {"after"}  # no cached answer of the previous release
        assert downloaded_markers(client) == {"after"}
    after = {
        client.get(PAKISTAN, headers={"Accept": "text/turtle"}, follow_redirects=True).headers.get(
            "ETag"
        )
        for client in fronts
    }
    assert len(after) == 1  # (the page itself is the same in both releases)


def test_result_cache_is_on_per_release(
    engine: Engine, releases: Callable[[str], Path], empty: Path
) -> None:
    publish_release(engine, releases, "cached")
    switch = ReleaseSwitch(backend_settings(engine.url, empty), create_app)
    client = Client(switch)
    assert markers(client) == {"cached"}
    engine.kill()  # a cached answer needs no store
    try:
        for _ in range(3):  # within POINTER_TTL the front reads no pointer either
            assert markers(client) == {"cached"}
    finally:
        engine.start()


def test_serve_backend_in_an_empty_directory(
    engine: Engine, releases: Callable[[str], Path], tmp_path: Path
) -> None:
    publish_release(engine, releases, "served")
    empty = tmp_path / "releases"
    empty.mkdir()
    server = Server(None, "--backend", engine.url, releases_dir=empty)
    try:
        page = requests.get(server.base + PAKISTAN, headers={"Accept": "text/turtle"}, timeout=30)
        assert page.status_code == 200
        answer = requests.post(server.url, data={"query": MARKERS}, headers=JSON, timeout=10)
        assert answer.status_code == 200
        assert "served" in answer.text
        assert not any(empty.iterdir())  # nothing was built or written there
        publish_release(engine, releases, "served-next")
        time.sleep(POINTER_TTL + 0.1)
        for _ in range(8):  # whichever worker answers, and its pages too
            answer = requests.post(server.url, data={"query": MARKERS}, headers=JSON, timeout=30)
            assert answer.status_code == 200
            assert "served-next" in answer.text and '"served"' not in answer.text
            download = requests.get(server.base + "/downloads/dataset.nq", timeout=30)
            assert '"served-next"' in download.text and '"served"' not in download.text
    finally:
        server.stop()
