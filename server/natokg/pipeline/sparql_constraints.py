"""SHACL's SPARQL-based constraints (``sh:sparql``), evaluated by pyoxigraph.

pyshacl evaluates an ``sh:sparql`` constraint with rdflib, parsing its query text again for
each focus node: at 10⁵ triples the shapes' SPARQL constraints cost it about a minute (most of
it in rdflib's parser). Here each constraint's query is run by pyoxigraph, once per focus node,
with ``$this`` pre-bound by substitution (pyoxigraph's ``substitutions``, SEP-0007: the
variable is replaced by the focus node everywhere, inside ``EXISTS`` too), which is how the
SHACL specification defines pre-binding (section 5.3.1). Everything else of a validation
result follows SHACL 5.3.2 as pyshacl reports it: the focus node is ``$this``, the path is
``?path`` when bound, the value is ``?value`` when bound and the focus node otherwise (these
are node shapes), the message is the constraint's ``sh:message`` (``{?var}`` filled in), the
component ``sh:SPARQLConstraintComponent`` and the severity the shape's (Violation by default).
One difference of the store: pyoxigraph 0.5 keeps the integer types derived from xsd:integer
(xsd:positiveInteger…) as xsd:integer, so a constraint's query cannot tell them apart (none of
ours does; the core constraints, sh:datatype included, see the data as written).

Only constraints of a *targeted node shape that no other shape refers to* are taken out of the
shapes graph (``split``); any other ``sh:sparql`` stays with the core engine, which evaluates it
as before. The shapes file itself is unchanged, and Jena SHACL still validates all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from natokg.pipeline.errors import BuildError

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
COMPONENT = str(SH.SPARQLConstraintComponent)
_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Constraint:
    """One ``sh:sparql`` constraint of a targeted node shape."""

    shape: rdflib.term.Node
    node: rdflib.term.Node
    select: str
    prefixes: dict[str, str]
    messages: tuple[str, ...]
    severity: str
    targets: tuple[tuple[rdflib.URIRef, rdflib.term.Node], ...]


@dataclass(frozen=True)
class Result:
    """One validation result, terms as N-Triples strings (as natokg.pipeline.shacl reports)."""

    focus: str
    path: str
    value: str
    shape: str
    severity: str
    message: str


def split(shapes: rdflib.Graph) -> tuple[rdflib.Graph, list[Constraint]]:
    """The shapes graph without the SPARQL constraints evaluated here, and those constraints."""
    constraints: list[Constraint] = []
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace, override=True)
    taken: set[tuple[rdflib.term.Node, rdflib.term.Node]] = set()
    for shape, node in sorted(shapes.subject_objects(SH.sparql)):
        targets = tuple((t, o) for t in TARGETS for o in sorted(shapes.objects(shape, t)))
        referred = next(iter(shapes.subject_predicates(shape)), None) is not None
        if not targets or referred or shapes.value(shape, SH.path) is not None:
            continue  # nested, or a property shape: left to the core engine
        if _is_true(shapes.value(shape, SH.deactivated)):
            taken.add((shape, node))
            continue
        constraint = _constraint(shapes, shape, node, targets)
        taken.add((shape, node))
        if constraint is not None:
            constraints.append(constraint)
    for triple in shapes:
        if (triple[0], triple[2]) in taken and triple[1] == SH.sparql:
            continue
        core.add(triple)
    return core, constraints


def _is_true(value: rdflib.term.Node | None) -> bool:
    return isinstance(value, rdflib.Literal) and value.value is True


def _constraint(
    shapes: rdflib.Graph,
    shape: rdflib.term.Node,
    node: rdflib.term.Node,
    targets: tuple[tuple[rdflib.URIRef, rdflib.term.Node], ...],
) -> Constraint | None:
    if _is_true(shapes.value(node, SH.deactivated)):
        return None
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], rdflib.Literal):
        raise BuildError(f"shapes: the SPARQL constraint of {shape.n3()} needs one sh:select")
    text = str(selects[0])
    if re.search(r"\$(PATH|shapesGraph|currentShape)\b", text):
        raise BuildError(
            f"shapes: {shape.n3()}: $PATH, $shapesGraph and $currentShape are not supported"
        )
    prefixes: dict[str, str] = {}
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    severity = shapes.value(shape, SH.severity) or SH.Violation
    messages = tuple(sorted(str(m) for m in shapes.objects(node, SH.message)))
    if not messages:
        messages = tuple(sorted(str(m) for m in shapes.objects(shape, SH.message)))
    return Constraint(
        shape=shape,
        node=node,
        select=text,
        prefixes=prefixes,
        messages=messages,
        severity=str(severity).rsplit("#", 1)[-1],
        targets=targets,
    )


def data_store(triples: Iterable[ox.Triple | ox.Quad]) -> ox.Store:
    """One graph (the default graph) holding the data: the merged graph SHACL validates."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def focus_nodes(store: ox.Store, constraint: Constraint) -> list[ox.NamedNode | ox.BlankNode]:
    """The focus nodes of the constraint's shape (SHACL 2.1.3), each once, in a stable order."""
    seen: dict[str, ox.NamedNode | ox.BlankNode] = {}
    for kind, target in constraint.targets:
        term = _ox_term(target)
        if kind == SH.targetNode:
            if not isinstance(term, ox.Literal):
                seen.setdefault(str(term), term)
            continue
        pattern = {
            SH.targetClass: "?n rdf:type/rdfs:subClassOf* {t}",
            SH.targetSubjectsOf: "?n {t} ?o",
            SH.targetObjectsOf: "?o {t} ?n FILTER (!isLiteral(?n))",
        }[kind].format(t=term)
        for row in store.query(
            f"SELECT DISTINCT ?n {{ {pattern} }}",
            prefixes={
                "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            },
        ):
            seen.setdefault(str(row["n"]), row["n"])
    return [seen[key] for key in sorted(seen)]


def evaluate(store: ox.Store, constraints: Iterable[Constraint]) -> list[Result]:
    """Every result of the constraints on the data in ``store``'s default graph."""
    return [result for c in constraints for result in _evaluate(store, c)]


def _evaluate(store: ox.Store, constraint: Constraint) -> Iterator[Result]:
    this = ox.Variable("this")
    shape = "_:shape" if isinstance(constraint.shape, rdflib.BNode) else constraint.shape.n3()
    try:
        for focus in focus_nodes(store, constraint):
            solutions = store.query(
                constraint.select, prefixes=constraint.prefixes, substitutions={this: focus}
            )
            seen: set[tuple[str, ...]] = set()
            for row in solutions:
                bound = {v.value: row[v] for v in solutions.variables if row[v] is not None}
                if "failure" in bound:
                    raise BuildError(f"shapes: the SPARQL constraint of {shape} failed on {focus}")
                path = bound.pop("path", None)
                value = bound.pop("value", None)
                node = bound.pop("this", focus)
                key = (
                    str(node),
                    str(path),
                    str(value),
                    *sorted(f"{k}={t}" for k, t in bound.items()),
                )
                if key in seen:
                    continue
                seen.add(key)
                values = {"this": node, "path": path, "value": value, **bound}
                yield Result(
                    focus=str(node),
                    path="" if path is None else str(path),
                    value=str(value if value is not None else focus),
                    shape=shape,
                    severity=constraint.severity,
                    message=_message(constraint.messages, values),
                )
    except SyntaxError as exc:
        raise BuildError(f"shapes: the SPARQL constraint of {shape} does not parse: {exc}") from exc
    except RuntimeError as exc:  # pyoxigraph substitutes only projected variables
        raise BuildError(
            f"shapes: the SPARQL constraint of {shape} must select $this ({exc})"
        ) from exc


def _message(messages: tuple[str, ...], values: dict[str, ox.Term | None]) -> str:
    if not messages:
        return ""

    def fill(match: re.Match[str]) -> str:
        term = values.get(match.group(1))
        return match.group(0) if term is None else getattr(term, "value", str(term))

    return _MESSAGE_VARIABLE.sub(fill, messages[0])


def _ox_term(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise BuildError(f"shapes: cannot use {node!r} as a target")
