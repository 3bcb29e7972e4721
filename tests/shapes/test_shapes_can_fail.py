"""No shape that cannot fail: every constraint of ontology/shapes.ttl is reported on at least one
invalid fixture of tests/shapes/invalid/ (by pyshacl; test_shapes.py checks that Jena reports
exactly the same results on each fixture)."""

from __future__ import annotations

import pyshacl
import pytest
import rdflib
from rdflib import RDF, SH

from natokg.pipeline.rdf import to_rdflib
from natokg.pipeline.shacl import load_shapes
from tests.shapes.test_shapes import INVALID, SHAPES, _quads

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
#: node-level constraint parameters (reported with the node shape as sh:sourceShape)
NODE_LEVEL = (
    SH["or"],
    SH.xone,
    SH["not"],
    SH["and"],
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.node,
    SH.datatype,
)


def required_constraints(shapes: rdflib.Graph) -> set[rdflib.term.Node]:
    """Every property shape and SPARQL constraint of a targeted node shape, and every
    targeted node shape that has a node-level constraint: each must be able to fail."""
    required: set[rdflib.term.Node] = set()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not any(shapes.value(shape, t) is not None for t in TARGETS):
            continue  # used inside another shape (sh:xone...): reported through it
        required |= set(shapes.objects(shape, SH.property))
        required |= set(shapes.objects(shape, SH.sparql))
        if any(shapes.value(shape, p) is not None for p in NODE_LEVEL):
            required.add(shape)
    return required


@pytest.fixture(scope="module")
def reported() -> tuple[rdflib.Graph, set[rdflib.term.Node]]:
    shapes = load_shapes(SHAPES)
    sources: set[rdflib.term.Node] = set()
    for fixture in INVALID:
        _conforms, report, _text = pyshacl.validate(
            to_rdflib(_quads(fixture)), shacl_graph=shapes, inference="none", advanced=True
        )
        for result in report.subjects(RDF.type, SH.ValidationResult):
            sources.add(report.value(result, SH.sourceShape))
            constraint = report.value(result, SH.sourceConstraint)
            if constraint is not None:
                sources.add(constraint)
    return shapes, sources


def _describe(shapes: rdflib.Graph, node: rdflib.term.Node) -> str:
    owner = shapes.value(None, SH.property, node) or shapes.value(None, SH.sparql, node)
    name = next(
        (v for p in (SH.name, SH.path, SH.message) if (v := shapes.value(node, p)) is not None), ""
    )
    where = owner.n3(shapes.namespace_manager) if owner is not None else ""
    return f"{where} {node.n3(shapes.namespace_manager) if owner is None else ''}{name or ''}"


def test_every_constraint_is_violated_by_a_fixture(reported) -> None:  # noqa: ANN001
    shapes, sources = reported
    required = required_constraints(shapes)
    assert len(required) > 100
    never = sorted(_describe(shapes, node) for node in required - sources)
    assert never == [], f"{len(never)} constraints no invalid fixture violates"
