"""The sound axioms of the ontology (section "Sound axioms" of ontology/natokg.ttl): HermiT
proves the wrong cases inconsistent and accepts the right ones, and the materialised inferences
follow the time-aware defined classes and the organiser shortcut."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline.inference import materialise
from natokg.pipeline.rdf import to_rdflib
from natokg.pipeline.reasoning import reason
from tests.checkers import run_owlcheck
from tests.conftest import ROOT, ontology_quads

NKG = "https://w3id.org/natokg/ontology#"
KG = "https://w3id.org/natokg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
INFERRED = "https://w3id.org/natokg/graph/inferred"
PREFIX = """@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://w3id.org/natokg/id/> .
"""
FINLAND = """
kg:finland a nkg:State .
kg:nato a nkg:InternationalOrganization .
kg:pfp a nkg:PartnershipFramework .
kg:m-ally a nkg:Membership ; org:member kg:finland ; org:organization kg:nato ;
    org:role nkg:allyRole .
kg:m-pfp a nkg:Membership ; org:member kg:finland ; org:organization kg:pfp ;
    org:role nkg:partnerRole ; org:memberDuring kg:i .
kg:i a time:Interval ; time:hasBeginning kg:b ; time:hasEnd kg:e .
kg:b a time:Instant ; time:inXSDgYear "1994"^^xsd:gYear .
kg:e a time:Instant ; time:inXSDDate "2023-04-04"^^xsd:date .
"""
VISIT = """
kg:visit a nkg:Visit .
kg:sg a nkg:Person .
kg:p-organiser a nkg:Participation ; nkg:participant kg:division ; nkg:participationIn kg:visit ;
    nkg:participantRole nkg:organiserRole .
kg:division a nkg:NATOBody .
kg:p-host a nkg:Participation ; nkg:participant kg:sg ; nkg:participationIn kg:visit ;
    nkg:participantRole nkg:hostRole .
kg:p-visitor a nkg:Participation ; nkg:participant kg:minister ; nkg:participationIn kg:visit ;
    nkg:participantRole nkg:visitorRole .
kg:minister a nkg:Person .
"""


def _data(text: str) -> list[ox.Quad]:
    return [
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(PREFIX + text, format=ox.RdfFormat.TURTLE)
    ]


@pytest.fixture(scope="module")
def ontology() -> list[ox.Quad]:
    return ontology_quads()


# -- HermiT: what must be inconsistent, and what must not -------------------------------------

INCONSISTENT = {
    "state and person": "kg:x a nkg:State , nkg:Person .",
    "state and international organisation": "kg:x a nkg:State , nkg:InternationalOrganization .",
    "membership and participation": "kg:x a nkg:Membership , nkg:Participation .",
    "city and country": "kg:x a nkg:City , nkg:Country .",
    "statement and delivery": "kg:x a nkg:Statement , nkg:Delivery .",
    "completeness statement and attestation": (
        "kg:x a nkg:CompletenessStatement , nkg:Attestation ."
    ),
    "membership with a participation role": (
        "kg:m a nkg:Membership ; org:member kg:s ; org:organization kg:nato ;"
        " org:role nkg:hostRole ."
    ),
    "participation with a membership role": (
        "kg:p a nkg:Participation ; nkg:participantRole nkg:allyRole ."
    ),
    "current Ally typed a current partner": FINLAND + "kg:finland a nkg:PartnerCountry .",
    "Ally with a current partner membership": FINLAND.replace(" ; time:hasEnd kg:e", "")
    + "kg:m-pfp a nkg:CurrentMembership .",
    "current membership with an end": FINLAND + "kg:m-pfp a nkg:CurrentMembership .",
}


@pytest.mark.java
@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_hermit_proves_inconsistent(case: str, ontology: list[ox.Quad]) -> None:
    report = reason(ontology + _data(INCONSISTENT[case]))
    assert report.error is None, report.error
    assert not report.consistent, case


@pytest.mark.java
def test_hermit_accepts_a_former_partner_that_became_an_ally(tmp_path: Path) -> None:
    data = tmp_path / "finland.ttl"
    data.write_text(PREFIX + FINLAND + VISIT, encoding="utf-8")
    classes = [
        NKG + c for c in ("Ally", "FormerPartner", "PartnerCountry", "OrganiserParticipation")
    ]
    report = run_owlcheck(ROOT / "ontology" / "natokg.ttl", data=[data], instances=classes)
    assert report.loaded and report.consistent, report
    assert KG + "finland" in report.instances(NKG + "Ally")
    assert KG + "finland" in report.instances(NKG + "FormerPartner")
    assert KG + "finland" not in report.instances(NKG + "PartnerCountry")
    assert report.instances(NKG + "OrganiserParticipation") == {KG + "p-organiser"}


# -- materialisation ---------------------------------------------------------------------------


def _infer(ontology: list[ox.Quad], text: str) -> ox.Store:
    store = ox.Store()
    store.extend(ontology)
    store.extend(_data(text))
    materialise(store, to_rdflib(ontology), INFERRED)
    return store


def _has(store: ox.Store, s: str, p: ox.NamedNode, o: str) -> bool:
    return any(store.quads_for_pattern(ox.NamedNode(s), p, ox.NamedNode(o), ox.NamedNode(INFERRED)))


def test_partner_now_and_former_partner(ontology: list[ox.Quad]) -> None:
    store = _infer(
        ontology,
        FINLAND
        + """
kg:malta a nkg:State .
kg:m-malta-1 a nkg:Membership ; org:member kg:malta ; org:organization kg:pfp ;
    org:role nkg:partnerRole ; org:memberDuring [ a time:Interval ; time:hasEnd kg:e ] .
kg:m-malta-2 a nkg:Membership ; org:member kg:malta ; org:organization kg:pfp ;
    org:role nkg:partnerRole ; org:memberDuring [ a time:Interval ; time:hasBeginning kg:b ] .
""",
    )
    assert _has(store, KG + "finland", RDF_TYPE, NKG + "Ally")
    assert _has(store, KG + "finland", RDF_TYPE, NKG + "FormerPartner")
    assert not _has(store, KG + "finland", RDF_TYPE, NKG + "PartnerCountry")
    assert _has(store, KG + "m-pfp", RDF_TYPE, NKG + "EndedMembership")
    assert not _has(store, KG + "m-pfp", RDF_TYPE, NKG + "CurrentMembership")
    assert _has(store, KG + "m-ally", RDF_TYPE, NKG + "CurrentMembership")
    # left and came back: a former and a current partner at once
    assert _has(store, KG + "malta", RDF_TYPE, NKG + "PartnerCountry")
    assert _has(store, KG + "malta", RDF_TYPE, NKG + "FormerPartner")


def test_organiser_shortcut_from_organiser_participation(ontology: list[ox.Quad]) -> None:
    store = _infer(ontology, VISIT)
    organised_by = ox.NamedNode(NKG + "organisedBy")
    assert _has(store, KG + "visit", organised_by, KG + "division")
    # hosting (welcoming) is not organising, and a visitor neither
    assert not _has(store, KG + "visit", organised_by, KG + "sg")
    assert not _has(store, KG + "visit", organised_by, KG + "minister")
    assert _has(store, KG + "p-organiser", RDF_TYPE, NKG + "OrganiserParticipation")
    assert not _has(store, KG + "p-host", RDF_TYPE, NKG + "OrganiserParticipation")


def test_real_data_has_no_current_ally_partner(release) -> None:  # noqa: ANN001 - a Path
    store = ox.Store()
    store.load(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{NKG}Ally> , <{NKG}PartnerCountry> }}",
        use_default_graph_as_union=True,
    )
    assert int(next(iter(rows))["n"].value) == 0
    partners = store.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a <{NKG}PartnerCountry> }}",
        use_default_graph_as_union=True,
    )
    assert int(next(iter(partners))["n"].value) > 20
