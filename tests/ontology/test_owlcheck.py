"""The ontology loads in the OWL API as Protégé loads it: OWL 2 DL, every entity labelled in
English and French, and — with the published data — consistent with no unsatisfiable class."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, TOOLS

pytestmark = pytest.mark.java


def owlcheck(*args: str) -> subprocess.CompletedProcess[str]:
    tool = TOOLS / "owlcheck"
    assert tool.is_file(), f"owlcheck not found at {tool}"
    return subprocess.run([str(tool), *args], capture_output=True, text=True, timeout=600)


def test_core_is_owl2_dl_and_fully_labelled() -> None:
    run = owlcheck("--strict-labels", "--langs", "en,fr", str(ROOT / "ontology" / "natokg.ttl"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OWL 2 DL violations: none" in run.stdout
    assert "import: <https://w3id.org/natokg/ontology/declarations>" in run.stdout
    for line in ("no rdfs:label: none", "no @en label: none", "no @fr label: none"):
        assert line in run.stdout


def test_published_rdfxml_is_owl2_dl(release: Path) -> None:
    run = owlcheck("--strict-labels", "--langs", "en,fr", str(release / "ontology.owl"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "format: RDF/XML" in run.stdout and "OWL 2 DL violations: none" in run.stdout


def test_ontology_with_published_data_is_consistent(release: Path) -> None:
    run = owlcheck(
        "--reason", "--data", str(release / "dataset.nt"), str(ROOT / "ontology" / "natokg.ttl")
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    verdict = r"^reasoner: HermiT \(ontology \+ 1 data file\(s\)\): consistent$"
    assert re.search(verdict, run.stdout, re.MULTILINE)
    assert "unsatisfiable classes: none" in run.stdout
