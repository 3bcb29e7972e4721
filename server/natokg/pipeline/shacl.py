"""SHACL validation: which node broke which rule.

The core constraints are validated by pyshacl; the SPARQL-based constraints of targeted node
shapes by pyoxigraph (natokg.pipeline.sparql_constraints), which gives the same results far
faster. Jena SHACL validates the whole shapes file in the tests, as an independent engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

from natokg.pipeline import sparql_constraints
from natokg.pipeline.errors import BuildError


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL validation result, with terms as N-Triples strings (paths in SHACL syntax)."""

    focus: str
    path: str
    component: str
    severity: str
    value: str
    shape: str
    message: str

    def __str__(self) -> str:
        component = self.component.rsplit("#", 1)[-1]
        value = f" value {self.value}" if self.value else ""
        return f"{self.focus} {self.path or '(node)'}: {component}{value} — {self.message}"


def load_shapes(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    return graph


def validate(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    shapes_name: str = "shapes",
    *,
    store: ox.Store | None = None,
) -> list[Violation]:
    """Validate ``data`` (which should include the ontology, for subclass checks).

    ``store``, if given, holds the same triples in its default graph (see
    ``sparql_constraints.data_store``); otherwise it is made from ``data``."""
    core, constraints = sparql_constraints.split(shapes)
    if store is None and constraints:
        store = sparql_constraints.store_of_graph(data)
    found = validate_core(data, core, shapes_name)
    if constraints:
        assert store is not None
        found += [_violation(r) for r in sparql_constraints.evaluate(store, constraints)]
    return sorted(found)


def _violation(result: sparql_constraints.Result) -> Violation:
    return Violation(
        focus=result.focus,
        path=result.path,
        component=sparql_constraints.COMPONENT,
        severity=result.severity,
        value=result.value,
        shape=result.shape,
        message=result.message,
    )


def validate_core(
    data: rdflib.Graph, shapes: rdflib.Graph, shapes_name: str = "shapes"
) -> list[Violation]:
    """Validate ``data`` against ``shapes`` with pyshacl alone."""
    _conforms, report, _text = pyshacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report, rdflib.Graph):  # pyshacl could not run the shapes at all
        raise BuildError(f"{shapes_name}: SHACL validation could not run: {report}")
    return sorted(_results(report))


def _results(report: rdflib.Graph) -> list[Violation]:
    out = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):

        def one(prop: rdflib.URIRef, result=result) -> str:
            value = report.value(result, prop)
            if value is None:
                return ""
            if isinstance(value, rdflib.BNode) and prop == SH.resultPath:
                return _path(report, value)
            if isinstance(value, rdflib.BNode):
                return "_:shape" if prop == SH.sourceShape else value.n3()
            return value.n3() if prop != SH.resultMessage else str(value)

        out.append(
            Violation(
                focus=one(SH.focusNode),
                path=one(SH.resultPath),
                component=str(report.value(result, SH.sourceConstraintComponent)),
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                value=one(SH.value),
                shape=one(SH.sourceShape),
                message=one(SH.resultMessage),
            )
        )
    return out


def _path(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A SHACL property path as SPARQL-like text (inverse, sequence, alternatives)."""
    if not isinstance(node, rdflib.BNode):
        return node.n3()
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _path(graph, inverse)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return (
            "("
            + "|".join(_path(graph, n) for n in rdflib.collection.Collection(graph, alternatives))
            + ")"
        )
    if (node, rdflib.RDF.first, None) in graph:
        return "/".join(_path(graph, n) for n in rdflib.collection.Collection(graph, node))
    for modifier, sign in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, modifier)
        if inner is not None:
            return _path(graph, inner) + sign
    return node.n3()
