"""The ontology loads in the OWL API as Protégé loads it: OWL 2 DL, every entity labelled in
English and French, and — with the published data — consistent with no unsatisfiable class."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checkers import OwlReport, run_owlcheck
from tests.conftest import ROOT

pytestmark = pytest.mark.java

DECLARATIONS = "https://w3id.org/natokg/ontology/declarations"


def assert_dl_and_labelled(report: OwlReport) -> None:
    assert report.loaded, report
    assert report.parse_warnings == [], report
    assert report.dl_violations == [], report
    for lang in ("*", "en", "fr"):
        assert report.unlabelled(lang) == [], (lang, report)


def test_core_is_owl2_dl_and_fully_labelled() -> None:
    report = run_owlcheck(ROOT / "ontology" / "natokg.ttl")
    assert_dl_and_labelled(report)
    assert report.imports == {DECLARATIONS: (ROOT / "ontology" / "declarations.ttl").as_uri()}
    assert report.counts["classes"] > 50


def test_published_rdfxml_is_owl2_dl(release: Path) -> None:
    report = run_owlcheck(release / "ontology.owl")
    assert_dl_and_labelled(report)
    assert report.format.startswith("RDF/XML")


def test_ontology_with_published_data_is_consistent(release: Path) -> None:
    report = run_owlcheck(ROOT / "ontology" / "natokg.ttl", data=[release / "dataset.nt"])
    assert report.loaded, report
    assert report.consistent is True, report
    assert report.unsatisfiable == []
