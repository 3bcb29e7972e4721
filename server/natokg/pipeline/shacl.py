"""SHACL validation: which node broke which rule.

The core constraints are validated by pyshacl; the SPARQL-based constraints of targeted node
shapes by pyoxigraph (natokg.pipeline.sparql_constraints), which gives the same results far
faster. Jena SHACL validates the whole shapes file in the tests, as an independent engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

from natokg.pipeline import rudof, sparql_constraints
from natokg.pipeline.errors import BuildError
from natokg.pipeline.rdf import to_rdflib


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


#: the engines that validate the core constraints; the first is the build's
ENGINES = ("pyrudof", "pyshacl")


def validate(
    data: rdflib.Graph | Sequence[ox.Quad],
    shapes: rdflib.Graph,
    shapes_name: str = "shapes",
    *,
    engine: str = ENGINES[0],
) -> list[Violation]:
    """Validate ``data`` (which should include the ontology, for subclass checks): an rdflib
    graph or quads (graph names dropped: SHACL validates their merge)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: one of {', '.join(ENGINES)}")
    core, constraints = sparql_constraints.split(shapes)
    if (None, SH.sparql, None) in core:
        engine = "pyshacl"  # SPARQL constraints of nested shapes: rudof has none of SHACL-SPARQL
    if isinstance(data, rdflib.Graph):
        ntriples = data.serialize(format="nt", encoding="utf-8")
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    else:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in data]
        ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    store = sparql_constraints.data_store(triples)
    if engine == "pyshacl":
        # from the quads themselves: a pyoxigraph store keeps xsd:positiveInteger (and the
        # other integer types derived from xsd:integer) as xsd:integer
        graph = data if isinstance(data, rdflib.Graph) else to_rdflib(data)
        found = validate_core(graph, core, shapes_name)
    else:
        found = validate_core_rudof(ntriples.decode("utf-8"), core)
    found += [_violation(r) for r in sparql_constraints.evaluate(store, constraints)]
    return sorted(found)


def validate_core_rudof(ntriples: str, shapes: rdflib.Graph) -> list[Violation]:
    """Validate N-Triples data against core ``shapes`` with pyrudof."""
    named = rudof.named_shapes(shapes)
    out = []
    for focus, component, severity, value, shape, generic in rudof.validate(ntriples, named):
        node = rdflib.URIRef(shape) if not shape.startswith("_:") else None
        path = named.value(node, SH.path) if node is not None else None
        message = named.value(node, SH.message) if node is not None else None
        out.append(
            Violation(
                focus=focus,
                path="" if path is None else _path(named, path),
                component=component,
                severity=severity,
                value=value,
                shape="_:shape" if shape.startswith((rudof.SHAPE_IRI, "_:")) else f"<{shape}>",
                message=generic if message is None else str(message),
            )
        )
    return out


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
