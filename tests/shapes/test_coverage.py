"""A shape for every class and every property: the classes and properties the data uses, and
every term natokg's ontology declares, are each constrained by ontology/shapes.ttl.

A class is covered when a shape targets it or one of its superclasses (sh:targetClass); a
property when a shape constrains its values (it appears in an sh:path)."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS, SH

from natokg.pipeline import parsing
from natokg.pipeline.rdf import to_rdflib
from natokg.pipeline.shacl import load_shapes
from natokg.pipeline.sources import discover
from tests.conftest import ROOT

NKG = "https://w3id.org/natokg/ontology#"
#: properties with no shape of their own, and why
EXCEPTIONS = {
    str(RDF.type): "the classes are covered one by one below",
}


def _graphs() -> tuple[rdflib.Graph, rdflib.Graph]:
    sources = discover(ROOT, "https://w3id.org/natokg/")
    ontology, data = [], []
    for source in sources.all:
        quads = parsing.parse_file(source, ROOT)
        (ontology if source in sources.ontology else data).extend(quads)
    return to_rdflib(ontology), to_rdflib(data)


def _path_properties(shapes: rdflib.Graph, node: rdflib.term.Node) -> set[str]:
    if isinstance(node, rdflib.URIRef):
        return {str(node)}
    found: set[str] = set()
    for p, o in shapes.predicate_objects(node):
        if p in (
            RDF.first,
            RDF.rest,
            SH.inversePath,
            SH.alternativePath,
            SH.zeroOrMorePath,
            SH.oneOrMorePath,
            SH.zeroOrOnePath,
        ):
            found |= _path_properties(shapes, o)
    return found


def test_every_class_and_property_has_a_shape() -> None:
    ontology, data = _graphs()
    shapes = load_shapes(ROOT / "ontology" / "shapes.ttl")
    paths: set[str] = set()
    for path in shapes.objects(None, SH.path):
        paths |= _path_properties(shapes, path)
    targets = {str(c) for c in shapes.objects(None, SH.targetClass)}

    used_properties = {str(p) for p in data.predicates()}
    declared_properties = {
        str(p)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(NKG)
    }
    properties = used_properties | declared_properties
    assert len(used_properties) > 60 and len(declared_properties) > 80  # the files were read
    uncovered = sorted(properties - paths - set(EXCEPTIONS))
    assert uncovered == [], f"properties without a shape: {uncovered}"

    used_classes = {str(c) for c in data.objects(None, RDF.type)}
    declared_classes = {
        str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(NKG)
    }
    assert len(used_classes) > 50 and len(declared_classes) > 80
    uncovered_classes = sorted(
        c
        for c in used_classes | declared_classes
        if not {str(s) for s in ontology.transitive_objects(rdflib.URIRef(c), RDFS.subClassOf)}
        & targets
    )
    assert uncovered_classes == [], f"classes without a shape: {uncovered_classes}"
