"""Each integrity check of queries/checks/ finds the fault it is written for, and the
published data has none."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline.checks import check_files, run_checks
from natokg.pipeline.inference import materialise
from natokg.pipeline.rdf import to_rdflib
from natokg.store import from_release
from tests.conftest import FIXTURES, ROOT, ontology_quads

CHECKS = check_files(ROOT / "queries")
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/natokg/graph/ontology")


def test_checks_found() -> None:
    assert len(CHECKS) >= 8
    assert {p.stem for p in CHECKS} == {p.stem for p in (FIXTURES / "checks").glob("*.trig")}


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_check_finds_its_fault(check: Path) -> None:
    fixture = FIXTURES / "checks" / f"{check.stem}.trig"
    expected = set(re.findall(r"^# expect: (\S+)$", fixture.read_text(), re.MULTILINE))
    assert expected
    store = ox.Store()
    ontology = ontology_quads(ONTOLOGY_GRAPH.value)
    store.extend(ontology)
    store.extend(ox.parse(path=str(fixture)))
    materialise(store, to_rdflib(ontology), "https://w3id.org/natokg/graph/inferred")
    solutions = store.query(check.read_text(), use_default_graph_as_union=True)
    first = solutions.variables[0]
    assert {row[first].value for row in solutions} == expected


def test_published_data_passes_every_check(release: Path) -> None:
    store = from_release(release, "https://w3id.org/natokg/").store
    failed = [(r.name, r.rows[:5]) for r in run_checks(store, ROOT / "queries") if not r.passed]
    assert failed == []
