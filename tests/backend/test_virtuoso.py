"""What differs on Virtuoso 7 (:mod:`natokg.backend.virtuoso`), against a real one: writes with
credentials go to its ``-auth`` endpoints with HTTP Digest, and an answer cut short by its time
limit (200 with ``X-SQL-State``, or its SR171 error) is a 504, never a result."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from requests.auth import HTTPDigestAuth

from natokg.app import create_app
from natokg.backend import virtuoso
from natokg.backend.publish import publish
from natokg.backend.remote import Store, StoreError
from natokg.store import load_dataset
from tests.backend.conftest import VirtuosoEngine, backend_settings
from tests.backend.test_publish import current

pytestmark = pytest.mark.backend
#: the account a fresh Virtuoso database has
DBA = ("dba", "dba")
XSD = "http://www.w3.org/2001/XMLSchema#"
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoEngine]:
    server = VirtuosoEngine(tmp_path_factory.mktemp("virtuoso") / "db")
    server.start()
    yield server
    server.kill()


def credentials(directory: Path, user: str, password: str) -> Path:
    path = directory / "store-credentials"
    path.write_text(f"{user}:{password}\n", encoding="utf-8")
    return path


def test_publish_with_credentials_uses_digest_on_the_auth_endpoints(
    engine: VirtuosoEngine, releases: Callable[[str], Path], tmp_path: Path
) -> None:
    release = releases("digest")
    settings = backend_settings(
        engine.url, release.parent.parent, store_credentials_file=credentials(tmp_path, *DBA)
    )
    store = Store.of(settings)
    assert store.endpoints.update.endswith("/sparql-auth")
    assert store.endpoints.graph_store.endswith("/sparql-graph-crud-auth")
    assert isinstance(store.session.auth, HTTPDigestAuth)
    assert "published release digest" in publish(settings)
    assert current(engine).release == "digest"  # type: ignore[union-attr]
    # why Digest: the same account sent with Basic is refused by those endpoints
    basic = requests.post(
        store.endpoints.update,
        data=b"CLEAR GRAPH <urn:natokg:nothing>",
        headers={"Content-Type": "application/sparql-update"},
        auth=DBA,
        timeout=10,
    )
    assert basic.status_code == 401
    digest = requests.post(
        store.endpoints.update,
        data=b"CLEAR GRAPH <urn:natokg:nothing>",
        headers={"Content-Type": "application/sparql-update"},
        auth=HTTPDigestAuth(*DBA),
        timeout=10,
    )
    assert digest.status_code == 200


def test_wrong_credentials_are_one_line_without_them(
    engine: VirtuosoEngine, releases: Callable[[str], Path], tmp_path: Path
) -> None:
    release = releases("digest")
    settings = backend_settings(
        engine.url, release.parent.parent, store_credentials_file=credentials(tmp_path, *DBA)
    )
    publish(settings)
    releases("digest-refused")
    wrong = settings.replace(
        store_credentials_file=credentials(tmp_path, "dba", "not-the-s3cret-one")
    )
    with pytest.raises(StoreError, match=r"sparql-auth: HTTP 401") as refused:
        publish(wrong)
    message = str(refused.value)
    assert len(message.splitlines()) == 1
    assert "s3cret" not in message
    assert current(engine).release == "digest"  # type: ignore[union-attr]


def test_a_partial_answer_at_virtuosos_time_limit_is_a_504(
    engine: VirtuosoEngine, releases: Callable[[str], Path]
) -> None:
    release = releases("partial")
    settings = backend_settings(engine.url, release.parent.parent, query_timeout=5)
    publish(settings)
    # Virtuoso itself, asked with the time limit the front sends: a 200 holding a partial answer
    raw = requests.post(
        engine.url,
        data={
            "query": CARTESIAN,
            "default-graph-uri": current(engine).merged,  # type: ignore[union-attr]
            **virtuoso.query_parameters(1.0),
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert raw.status_code == 200
    assert raw.headers["X-SQL-State"]
    # the front (read timeout 4 s; Virtuoso asked to stop at 2.5 s) refuses it as a timeout
    front = create_app(settings, load_dataset(settings)).test_client()
    response = front.post(
        "/sparql",
        data={"query": CARTESIAN},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 504, response.data[:300]
    assert b"partial answer refused" in response.data
    assert response.headers["Retry-After"].isdigit()


def test_virtuosos_own_time_limit_error_is_a_timeout(
    engine: VirtuosoEngine, releases: Callable[[str], Path]
) -> None:
    """Without the ``timeout`` parameter (publish's own queries), Virtuoso's server-wide
    ``MaxQueryExecutionTime`` (10 s in the fixture) ends the query with HTTP 500 SR171: a
    timeout (504 through the front), not the store refusing the query (502)."""
    release = releases("partial")
    settings = backend_settings(engine.url, release.parent.parent)
    publish(settings)
    merged = current(engine).merged  # type: ignore[union-attr]
    with pytest.raises(StoreError) as stopped:
        Store.of(settings).select(
            f"SELECT (COUNT(*) AS ?n) FROM <{merged}> {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}", 60
        )
    assert stopped.value.status == 500
    assert "SR171" in str(stopped.value)
    assert stopped.value.kind == "timeout"


def test_virtuosos_integer_booleans_are_booleans_again_through_the_front(
    engine: VirtuosoEngine, releases: Callable[[str], Path]
) -> None:
    """Virtuoso 7.2.5 gives every boolean it computes (EXISTS, a comparison, even the literal
    ``true``) as ``xsd:integer`` 1 or 0, and a stored ``true`` as "1"^^xsd:boolean. The
    front writes back as booleans the variables only boolean expressions bind (cq-121's
    ``BIND(EXISTS {…} AS ?preferred)``), and leaves a count's 1 alone."""
    release = releases("booleans")
    settings = backend_settings(engine.url, release.parent.parent)
    publish(settings)
    front = create_app(settings, load_dataset(settings)).test_client()
    query = (
        "SELECT ?exists ?literal ?stored ?count WHERE { "
        "{ ?r owl:hasSelf ?stored "
        "BIND (EXISTS { ?r owl:hasSelf true } AS ?exists) BIND (true AS ?literal) } "
        "{ SELECT (COUNT(*) AS ?count) { ?r owl:hasSelf ?stored } } }"
    )
    response = front.post(
        "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.data[:300]
    (row,) = json.loads(response.data)["results"]["bindings"]
    true = {"type": "literal", "datatype": XSD + "boolean", "value": "true"}
    assert row["exists"] == row["literal"] == row["stored"] == true
    assert row["count"] == {"type": "literal", "datatype": XSD + "integer", "value": "1"}
