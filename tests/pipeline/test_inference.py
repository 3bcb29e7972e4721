"""Materialised inferences on tiny graphs, one per kind of rule, with hand-written expectations."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from natokg.pipeline.inference import materialise
from natokg.pipeline.rdf import to_rdflib
from tests.conftest import ontology_quads

INFERRED = "https://w3id.org/natokg/graph/inferred"
PREFIX = """@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://w3id.org/natokg/id/> .
"""
NKG = "https://w3id.org/natokg/ontology#"
ORG = "http://www.w3.org/ns/org#"
KG = "https://w3id.org/natokg/id/"


@pytest.fixture(scope="module")
def ontology() -> list[ox.Quad]:
    return ontology_quads()


def infer(ontology: list[ox.Quad], data: str) -> ox.Store:
    store = ox.Store()
    store.extend(ontology)
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(PREFIX + data, format=ox.RdfFormat.TURTLE)
    )
    materialise(store, to_rdflib(ontology), INFERRED)
    return store


def inferred(store: ox.Store, s: str, p: str, o: ox.NamedNode | ox.Literal) -> bool:
    return any(store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(INFERRED)))


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ALLY = """
kg:belgium a nkg:State .
kg:m a nkg:Membership ; org:member kg:belgium ; org:organization kg:nato ; org:role nkg:allyRole ;
    org:memberDuring kg:i .
kg:i a time:Interval ; time:hasBeginning kg:b .
kg:b a time:Instant ; time:inXSDDate "1949-04-04"^^xsd:date .
kg:nato a nkg:InternationalOrganization .
"""


def test_defined_class_ally(ontology: list[ox.Quad]) -> None:
    store = infer(ontology, ALLY)
    assert inferred(store, KG + "belgium", RDF_TYPE, ox.NamedNode(NKG + "Ally"))
    assert not inferred(store, KG + "belgium", RDF_TYPE, ox.NamedNode(NKG + "PartnerCountry"))


def test_inverse_and_chain(ontology: list[ox.Quad]) -> None:
    store = infer(ontology, ALLY)
    assert inferred(store, KG + "belgium", ORG + "hasMembership", ox.NamedNode(KG + "m"))
    assert inferred(store, KG + "belgium", ORG + "memberOf", ox.NamedNode(KG + "nato"))
    assert inferred(store, KG + "nato", ORG + "hasMember", ox.NamedNode(KG + "belgium"))


def test_class_hierarchy(ontology: list[ox.Quad]) -> None:
    store = infer(ontology, ALLY)
    assert inferred(store, KG + "belgium", RDF_TYPE, ox.NamedNode(ORG + "FormalOrganization"))
    assert inferred(
        store, KG + "belgium", RDF_TYPE, ox.NamedNode("http://xmlns.com/foaf/0.1/Agent")
    )
    assert inferred(store, KG + "m", RDF_TYPE, ox.NamedNode(ORG + "Membership"))


def test_start_date_and_year_keep_precision(ontology: list[ox.Quad]) -> None:
    store = infer(ontology, ALLY)
    day = ox.Literal("1949-04-04", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert inferred(store, KG + "m", NKG + "startDate", day)
    assert inferred(
        store,
        KG + "m",
        NKG + "startYear",
        ox.Literal("1949", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    )


def test_partner_country_through_one_of(ontology: list[ox.Quad]) -> None:
    store = infer(
        ontology,
        """
kg:japan a nkg:State .
kg:m a nkg:Membership ; org:member kg:japan ; org:organization kg:partners-across-the-globe ;
    org:role nkg:globalPartnerRole .
""",
    )
    assert inferred(store, KG + "japan", RDF_TYPE, ox.NamedNode(NKG + "GlobalPartner"))
    assert inferred(store, KG + "japan", RDF_TYPE, ox.NamedNode(NKG + "PartnerCountry"))
    assert not inferred(store, KG + "japan", RDF_TYPE, ox.NamedNode(NKG + "Ally"))


def test_transitive_location_and_event_date(ontology: list[ox.Quad]) -> None:
    store = infer(
        ontology,
        """
kg:arja nkg:locatedIn kg:place-pakistan . kg:place-pakistan nkg:locatedIn kg:south-asia .
kg:ev a nkg:Visit ; time:hasTime kg:t .
kg:t a time:Instant ; time:inXSDgYearMonth "2005-12"^^xsd:gYearMonth .
""",
    )
    assert inferred(store, KG + "arja", NKG + "locatedIn", ox.NamedNode(KG + "south-asia"))
    assert inferred(store, KG + "south-asia", NKG + "contains", ox.NamedNode(KG + "arja"))
    month = ox.Literal(
        "2005-12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )
    assert inferred(store, KG + "ev", NKG + "date", month)
    assert inferred(
        store,
        KG + "ev",
        NKG + "year",
        ox.Literal("2005", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    )


def test_nothing_asserted_is_repeated(ontology: list[ox.Quad]) -> None:
    store = infer(ontology, ALLY)
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED)):
        asserted = [
            q
            for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
            if q.graph_name != ox.NamedNode(INFERRED)
        ]
        assert not asserted, quad
