"""Fixtures of the linked-data tests: tiny graphs named after their case, and the session build.

A fixture graph is TriG with blank nodes, as authors write data; :func:`load_fixture`
skolemises it as the build does and adds the project's ontology as ``graph/ontology``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.namespaces import DEFAULT_BASE
from natokg.pipeline.skolem import skolemize
from natokg.settings import Settings
from natokg.store import Dataset, from_quads, from_release
from tests.conftest import new_app, ontology_quads

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STATE_CASE = "state-with-memberships-events-and-quotes.trig"


def load_fixture(name: str, base: str = DEFAULT_BASE) -> Dataset:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for part in ("id/", "graph/"):
        text = text.replace(DEFAULT_BASE + part, base + part)
    quads = skolemize(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG), base)
    return from_quads(quads + ontology_quads(base + "graph/ontology"), base)


@pytest.fixture(scope="module")
def state_dataset() -> Dataset:
    return load_fixture(STATE_CASE)


@pytest.fixture(scope="module")
def client(state_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    return new_app(dataset=state_dataset, releases_dir=tmp_path_factory.mktemp("ld")).test_client()


@pytest.fixture(scope="session")
def build_dataset(release: Path, settings: Settings) -> Dataset:
    return from_release(release, settings.base_iri)


@pytest.fixture(scope="session")
def build_client(build_dataset: Dataset, settings: Settings) -> FlaskClient:
    return new_app(build_dataset, releases_dir=settings.releases_dir).test_client()


@pytest.fixture(scope="session")
def bundle(build_client: FlaskClient, tmp_path_factory: pytest.TempPathFactory) -> Path:
    response = build_client.get("/downloads/natokg-protege.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    folder = tmp_path_factory.mktemp("protege")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = set(archive.namelist())
        assert names == {
            f"natokg-protege/{n}"
            for n in ("ontology.owl", "data.owl", "catalog-v001.xml", "README.txt")
        }
        archive.extractall(folder)
    return folder / "natokg-protege"
