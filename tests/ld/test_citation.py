"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the package and the pages.

The schema is the one published for CFF 1.2.0 (citation-file-format, CC BY 4.0), kept in
``fixtures/cff-schema-1.2.0.json`` so that the check runs offline.
"""

from __future__ import annotations

import json

import jsonschema
import yaml
from flask.testing import FlaskClient

from natokg import __version__
from tests.conftest import ROOT
from tests.ld.conftest import FIXTURES
from tests.ld.helpers import Html


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/1.2.0/schema.json")
    jsonschema.validate(citation, schema, format_checker=jsonschema.FormatChecker())
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == __version__
    assert set(citation["license"]) == {"CC-BY-4.0", "MIT"}


def test_an_invalid_citation_is_rejected() -> None:
    schema = json.loads((FIXTURES / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del citation["authors"]
    try:
        jsonschema.validate(citation, schema)
    except jsonschema.ValidationError as exc:
        assert "authors" in exc.message
    else:
        raise AssertionError("a citation without authors passed the schema")


def test_downloads_page_cites_the_same_title(client: FlaskClient) -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    page = Html(client.get("/downloads").get_data(as_text=True))
    assert citation["title"] in page.text
