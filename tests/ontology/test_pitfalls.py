"""An OOPS!-style pitfall check of the ontology (https://oops.linkeddata.es/catalogue.jsp), run
on ontology/natokg.ttl and its declarations, with the data (asserted and inferred) where a
pitfall is about use. Each deliberate exception is listed with its reason."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, XSD
from rdflib.collection import Collection

from natokg.pipeline.pipeline import preview_store
from natokg.pipeline.rdf import to_rdflib
from natokg.settings import Settings
from tests.conftest import ROOT, ontology_quads

NKG = "https://w3id.org/natokg/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/natokg/graph/ontology"
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

#: natokg terms nothing uses yet (P04 unconnected elements / unused terms), and why
UNUSED = {
    NKG + "CompletenessStatement": "issue 11 item 4: the completeness statements (depth-infra)",
    NKG + "completeness": "issue 11 item 4: the completeness statements (depth-infra)",
    NKG + "listCompleteness": "issue 11 item 4: the completeness statements (depth-infra)",
    NKG + "listProperty": "issue 11 item 4: the completeness statements (depth-infra)",
    NKG + "asOf": "issue 11 item 4: the completeness statements (depth-infra)",
    NKG + "involvesState": "issue 11 item 2: inferred by depth-infra's rule, not merged yet",
    NKG + "fromState": "issue 11 item 2: groups and people from a state (Pakistan's data)",
    NKG + "fromPlace": "issue 11 item 2: where deliveries came from (Pakistan's data)",
    NKG + "ledTo": "issue 11 item 2: causes (the 2005 relief led to the partnership)",
    NKG + "resultedFrom": "inverse of nkg:ledTo, written as nkg:ledTo",
}
#: pairs of properties used both ways on the same two resources without being inverses (P13)
BOTH_WAYS = {
    # none: a pair found here is either declared owl:inverseOf or listed with its reason
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return to_rdflib(ontology_quads())


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return preview_store(Settings.load({"project_dir": ROOT}, environ={}))


def _declared(onto: rdflib.Graph) -> set[str]:
    return {str(t) for kind in DECLARATIONS for t in onto.subjects(RDF.type, kind)}


def test_no_undeclared_terms_in_the_ontology(ontology: rdflib.Graph) -> None:
    """P08/P34: every class and property the axioms mention is declared."""
    declared = _declared(ontology)
    mentioned: set[str] = set()
    for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.domain, RDFS.range):
        for s, o in ontology.subject_objects(p):
            mentioned |= {str(t) for t in (s, o) if isinstance(t, rdflib.URIRef)}
    for p in (RDFS.subPropertyOf, OWL.inverseOf):
        for s, o in ontology.subject_objects(p):
            mentioned |= {str(s), str(o)}
    mentioned |= {str(p) for p in ontology.objects(None, OWL.onProperty)}
    mentioned |= {str(p) for p in ontology.subjects(OWL.propertyChainAxiom, None)}
    for lst in [
        *ontology.objects(None, OWL.propertyChainAxiom),
        *ontology.objects(None, OWL.members),
    ]:
        mentioned |= {str(t) for t in Collection(ontology, lst) if isinstance(t, rdflib.URIRef)}
    for lst in [*ontology.objects(None, OWL.intersectionOf), *ontology.objects(None, OWL.unionOf)]:
        mentioned |= {str(t) for t in Collection(ontology, lst) if isinstance(t, rdflib.URIRef)}
    assert len(mentioned) > 100
    undeclared = sorted(t for t in mentioned - declared if not t.startswith(BUILT_IN))
    assert undeclared == []


def test_no_undeclared_terms_in_the_data(ontology: rdflib.Graph, store: ox.Store) -> None:
    declared = _declared(ontology)
    used: set[str] = set()
    for quad in store:
        if quad.graph_name.value in (ONTOLOGY_GRAPH,):
            continue
        used.add(quad.predicate.value)
        if quad.predicate.value == str(RDF.type):
            used.add(quad.object.value)
    assert len(used) > 100
    undeclared = sorted(t for t in used - declared if not t.startswith(BUILT_IN))
    assert undeclared == []


def test_no_cycles_in_subclassing(ontology: rdflib.Graph) -> None:
    """P06: no class is its own strict superclass."""
    parents: dict[str, set[str]] = defaultdict(set)
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            parents[str(s)].add(str(o))
    assert len(parents) > 50
    cycles = []
    for start in list(parents):
        stack, seen = list(parents[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                cycles.append(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(parents.get(node, ()))
    assert cycles == []


def test_no_unused_classes_or_properties(ontology: rdflib.Graph, store: ox.Store) -> None:
    """P04: every natokg class has instances and every property is used (in the data, asserted
    or inferred, or by the ontology's own vocabularies), except the listed ones."""
    used: set[str] = set()
    for quad in store:
        if quad.graph_name.value != ONTOLOGY_GRAPH or quad.predicate.value == str(RDF.type):
            used.add(quad.predicate.value)
        if quad.predicate.value == str(RDF.type):
            used.add(quad.object.value)
    terms = {t for t in _declared(ontology) if t.startswith(NKG)}
    unused = sorted(terms - used - set(UNUSED))
    assert unused == [], "unused: add data, remove the term, or list it in UNUSED with a reason"
    assert set(UNUSED) <= terms, "UNUSED names a term the ontology does not declare"


def test_inverses_declared_where_used_both_ways(ontology: rdflib.Graph, store: ox.Store) -> None:
    """P13: two properties linking the same resources in opposite directions are declared
    inverses (or the property symmetric)."""
    rows = store.query(
        f"""SELECT DISTINCT ?p ?q WHERE {{
            GRAPH ?g1 {{ ?a ?p ?b }} GRAPH ?g2 {{ ?b ?q ?a }}
            FILTER (isIRI(?b) && ?g1 != <{ONTOLOGY_GRAPH}> && ?g2 != <{ONTOLOGY_GRAPH}>)
            FILTER (!STRENDS(STR(?g1), "/inferred") && !STRENDS(STR(?g2), "/inferred"))
        }}"""
    )
    inverse = {(str(p), str(q)) for p, q in ontology.subject_objects(OWL.inverseOf)}
    inverse |= {(q, p) for p, q in inverse}
    inverse |= {(str(p), str(p)) for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    missing = sorted(
        (row["p"].value, row["q"].value)
        for row in rows
        if (row["p"].value, row["q"].value) not in inverse
        and (row["p"].value, row["q"].value) not in BOTH_WAYS
        and (row["q"].value, row["p"].value) not in BOTH_WAYS
    )
    assert missing == []


def test_annotation_properties_used_as_annotations(ontology: rdflib.Graph) -> None:
    """P40-like misuse: an annotation property is never in a class expression, a property chain,
    an inverse or a property hierarchy with object or datatype properties, nor is it declared as
    both kinds; labels, definitions and notes are literals everywhere."""
    annotation = {str(p) for p in ontology.subjects(RDF.type, OWL.AnnotationProperty)}
    logical = {
        str(p)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in ontology.subjects(RDF.type, kind)
    }
    assert annotation & logical == set()
    in_axioms = {str(p) for p in ontology.objects(None, OWL.onProperty)}
    in_axioms |= {str(p) for p, _ in ontology.subject_objects(OWL.inverseOf)}
    in_axioms |= {str(q) for _, q in ontology.subject_objects(OWL.inverseOf)}
    for lst in ontology.objects(None, OWL.propertyChainAxiom):
        in_axioms |= {str(t) for t in Collection(ontology, lst)}
    assert sorted(annotation & in_axioms) == []
    mixed = [
        (str(s), str(o))
        for s, o in ontology.subject_objects(RDFS.subPropertyOf)
        if (str(s) in annotation) != (str(o) in annotation)
    ]
    assert mixed == []
    texts = (RDFS.label, RDFS.comment, SKOS.definition, SKOS.prefLabel, SKOS.altLabel)
    not_literal = [
        (s, p)
        for p in texts
        for s, o in ontology.subject_objects(p)
        if not isinstance(o, rdflib.Literal)
    ]
    assert not_literal == []
