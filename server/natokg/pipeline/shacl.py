"""SHACL validation with pyshacl: which node broke which rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

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
    data: rdflib.Graph, shapes: rdflib.Graph, shapes_name: str = "shapes"
) -> list[Violation]:
    """Validate ``data`` (which should include the ontology, for subclass checks)."""
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
