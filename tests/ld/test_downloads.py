"""Downloads of the session build: every manifest file, with its size and digest; the Protégé
bundle holds the published full release and a catalog (its reasoning: test_protege.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.ld.helpers import Html


@pytest.fixture(scope="module")
def manifest(release: Path) -> dict:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


def test_downloads_page_lists_every_file_with_size_and_digest(
    build_client: FlaskClient, manifest: dict
) -> None:
    files = manifest["files"]
    assert {"dataset.nq", "dataset.ttl", "ontology.owl", "void.ttl"} <= {f["name"] for f in files}
    html = Html(build_client.get("/downloads").get_data(as_text=True))
    rows = {
        cells[0]: cells
        for _, cells in html.rows
        if cells and cells[0].endswith(tuple(f["name"] for f in files))
    }
    for f in files:
        cells = rows[f["name"]]
        assert cells[3] == f"{f['bytes']:,}" and cells[4] == f["sha256"]
        assert f"/downloads/{f['name']}" in html.hrefs()
    assert "/downloads/natokg-protege.zip" in html.hrefs()
    assert "https://creativecommons.org/licenses/by/4.0/" in html.hrefs()
    assert "How to cite" in html.text and "MIT" in html.text


def test_every_file_is_served_as_published(build_client: FlaskClient, manifest: dict) -> None:
    for f in manifest["files"]:
        with build_client.get(f"/downloads/{f['name']}") as response:
            assert response.status_code == 200, f["name"]
            assert response.mimetype == f["media_type"]
            assert hashlib.sha256(response.data).hexdigest() == f["sha256"]
            assert len(response.data) == f["bytes"]


@pytest.mark.parametrize(
    "name",
    [
        "manifest.json",
        "..%2Fmanifest.json",
        "%2Fetc%2Fpasswd",
        "../../etc/passwd",
        "dataset.nq%00",
        "..",
    ],
)
def test_only_listed_files_are_served(build_client: FlaskClient, name: str) -> None:
    response = build_client.get(f"/downloads/{name}")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_bundle_ontology_is_the_published_one(bundle: Path, release: Path) -> None:
    assert (bundle / "ontology.owl").read_bytes() == (release / "ontology.owl").read_bytes()
    catalog = (bundle / "catalog-v001.xml").read_text(encoding="utf-8")
    assert 'name="https://w3id.org/natokg/ontology/full" uri="ontology.owl"' in catalog
