"""The W3C SPARQL 1.1 Protocol cases against `natokg serve --backend`, for each engine.

The same test functions as ``tests/sparql/test_sparql_w3c_protocol.py`` (imported, so a case
added there runs here too), with their ``w3c`` client replaced: a stateless front (the WSGI
application `serve --backend` runs, over an empty releases directory) in front of an engine
into which a release holding the manifest's three graphs was published. So each user-given
dataset (``default-graph-uri``, ``named-graph-uri``, FROM) and each ``GRAPH ?g`` goes through
the mapping onto the release's stored graphs, and each answer through the engine. Every case
passes on both engines (Oxigraph's server and Virtuoso 7.2.5).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from werkzeug.test import Client

from natokg.app import create_app
from natokg.backend.publish import publish
from natokg.backend.stateless import ReleaseSwitch
from tests.backend.conftest import Engine, backend_settings
from tests.sparql.conftest import W3C_DATA
from tests.sparql.test_sparql_w3c_protocol import (  # noqa: F401  (collected here too)
    test_refused_updates_change_nothing,
    test_the_literal_multiple_dataset_request_names_one_odd_graph,
    test_the_protocol_dataset_overrides_from,
    test_w3c_protocol_case,
)

pytestmark = pytest.mark.backend


def w3c_release(directory: Path) -> Path:
    """A releases directory whose current release holds the manifest's three graphs."""
    version = directory / "versions" / "w3c"
    version.mkdir(parents=True)
    quads = list(ox.parse(path=str(W3C_DATA), format=ox.RdfFormat.TRIG))
    assert len(quads) == 3
    ox.serialize(quads, str(version / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    (version / "manifest.json").write_text(json.dumps({"version": "w3c"}), encoding="utf-8")
    (directory / "current").symlink_to(version.relative_to(directory))
    return directory


@pytest.fixture(scope="module")
def w3c(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    releases_dir = w3c_release(tmp_path_factory.mktemp("w3c-releases"))
    publish(backend_settings(engine.url, releases_dir))
    empty = tmp_path_factory.mktemp("w3c-front")
    switch = ReleaseSwitch(backend_settings(engine.url, empty), create_app)
    yield Client(switch)
    switch.store.close()
