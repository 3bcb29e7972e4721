"""HermiT: consistency and unsatisfiable classes through its command line (the build's check),
and agreement of HermiT (through the OWL API) with the materialised inferences on the real
data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline.reasoning import reason
from tests.checkers import run_owlcheck
from tests.conftest import ROOT, ontology_quads

NKG = "https://w3id.org/natokg/ontology#"
PREFIX = """@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix kg: <https://w3id.org/natokg/id/> .
"""


def ontology() -> list[ox.Quad]:
    return ontology_quads()


def with_data(text: str) -> list[ox.Quad]:
    return ontology() + [
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(PREFIX + text, format=ox.RdfFormat.TURTLE)
    ]


@pytest.mark.java
def test_ontology_alone_is_consistent_and_satisfiable() -> None:
    report = reason(ontology())
    assert report.ok and report.unsatisfiable == () and report.error is None


@pytest.mark.java
def test_event_that_is_an_agent_is_inconsistent() -> None:
    report = reason(with_data("kg:x a nkg:Visit , nkg:State ."))
    assert report.consistent is False and report.error is None


@pytest.mark.java
def test_unsatisfiable_classes_are_named() -> None:
    report = reason(
        with_data(
            "kg:Odd a owl:Class ; rdfs:subClassOf nkg:Place , nkg:Event ."
            "kg:Odder a owl:Class ; rdfs:subClassOf kg:Odd ."
        ),
    )
    assert report.consistent
    assert report.unsatisfiable == (
        "https://w3id.org/natokg/id/Odd",
        "https://w3id.org/natokg/id/Odder",
    )


@pytest.mark.java
def test_a_reasoner_failure_is_an_error_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("natokg.pipeline.reasoning.JAVA_HEAP_MIB", 1)  # the JVM cannot start
    report = reason(ontology())
    assert not report.ok and report.error


@pytest.mark.java
def test_hermit_and_materialisation_agree_on_defined_classes(release: Path, tmp_path: Path) -> None:
    """HermiT through the OWL API (an engine independent of the build's own materialisation)
    infers exactly the members of each defined class that the build materialised."""
    quads = list(ox.parse(path=str(release / "dataset.nq")))
    # HermiT gets the asserted data plus the build's one closed-world conclusion (which
    # memberships state no end: nkg:CurrentMembership), which OWL cannot draw by itself.
    current = ox.NamedNode(NKG + "CurrentMembership")
    asserted = tmp_path / "asserted.nt"
    ox.serialize(
        [
            q.triple
            for q in quads
            if not q.graph_name.value.endswith("/graph/inferred") or q.object == current
        ],
        str(asserted),
        ox.RdfFormat.N_TRIPLES,
    )
    defined = [
        NKG + c
        for c in (
            "Ally",
            "PartnerCountry",
            "GlobalPartner",
            "EnhancedOpportunitiesPartner",
            "FormerPartner",
        )
    ]
    report = run_owlcheck(ROOT / "ontology" / "natokg.ttl", data=[asserted], instances=defined)
    assert report.loaded and report.consistent, report
    type_ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for cls in defined:
        ours = {
            q.subject.value for q in quads if q.predicate == type_ and q.object == ox.NamedNode(cls)
        }
        assert ours == report.instances(cls), cls
    assert report.instances(NKG + "PartnerCountry"), "no partner country at all"
