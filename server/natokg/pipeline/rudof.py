"""SHACL Core validation with pyrudof (rudof, in Rust): the build's engine for the core shapes.

pyrudof validates the core constraints (everything but ``sh:sparql``, which
natokg.pipeline.sparql_constraints evaluates) three to four times faster than pyshacl at 10⁵
triples and twice as fast at 10⁶. Its verdicts are kept equal to pyshacl's and Jena's by the
tests (tests/shapes/test_engines.py, and test_shapes.py / test_mutations.py through
natokg.pipeline.shacl.validate).

rudof reports blank-node shapes under labels of its own, and generic messages: so that each
result names the shape's own ``sh:message`` and path (as pyshacl's do), the shapes handed to
rudof have their blank-node *shapes* (the objects of ``sh:property``, ``sh:node``, ``sh:not``,
``sh:qualifiedValueShape`` and the members of ``sh:or``/``sh:and``/``sh:xone`` lists) renamed
to IRIs of their own; paths and lists keep their blank nodes, so the shapes mean the same.
"""

from __future__ import annotations

import pyrudof
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

from natokg.pipeline.errors import BuildError

SHAPE_IRI = "urn:x-natokg:shape:"
_SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)


def named_shapes(shapes: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` with its blank-node shapes renamed to IRIs (``urn:x-natokg:shape:…``)."""
    nodes: set[rdflib.BNode] = set()
    for link in _SHAPE_LINKS:
        nodes |= {o for o in shapes.objects(None, link) if isinstance(o, rdflib.BNode)}
    for link in _SHAPE_LISTS:
        for head in shapes.objects(None, link):
            nodes |= {m for m in Collection(shapes, head) if isinstance(m, rdflib.BNode)}
    names = {node: rdflib.URIRef(f"{SHAPE_IRI}{n}") for n, node in enumerate(sorted(nodes))}
    named = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        named.bind(prefix, namespace, override=True)
    for s, p, o in shapes:
        named.add((names.get(s, s), p, names.get(o, o)))
    return named


def validate(ntriples: str, shapes: rdflib.Graph) -> list[tuple[str, ...]]:
    """Validate the data (N-Triples) against ``shapes`` (made by ``named_shapes``).

    Returns (focus, component, severity, value, shape, rudof's message) per result, terms as
    N-Triples strings (the shape as a bare IRI or a blank node label)."""
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    try:
        rudof.read_shacl(
            shapes.serialize(format="nt"),
            format=pyrudof.ShaclFormat.NTriples,
            reader_mode=pyrudof.ReaderMode.Strict,
        )
        rudof.read_data(
            ntriples, format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict
        )
        report = rudof.validate_shacl()
    except pyrudof.RudofError as exc:
        raise BuildError(f"shapes: SHACL validation (rudof) could not run: {exc}") from exc
    prefixes = {str(p): str(ns) for p, ns in shapes.namespaces()}
    results = []
    for entry in report.violations:
        results.append(
            (
                _term(str(entry.focus_node), prefixes),
                str(entry.constraint_component).strip("<>"),
                str(entry.severity).rsplit("#", 1)[-1].strip(">"),
                "" if entry.value is None else _term(str(entry.value), prefixes),
                str(entry.source_shape).strip("<>"),
                str(entry.message or "").strip('"'),
            )
        )
    return results


def _term(text: str, prefixes: dict[str, str]) -> str:
    """A term as rudof prints it (bare IRIs, datatypes as prefixed names) in N-Triples."""
    if text.startswith("_:") or text.startswith("<"):
        return text
    if not text.startswith('"'):
        return f"<{text}>"
    lexical, sep, datatype = text.rpartition('"^^')
    if not sep:
        return text
    if not datatype.startswith("<"):
        prefix, _, local = datatype.partition(":")
        if prefix in prefixes:
            datatype = f"<{prefixes[prefix]}{local}>"
    return f'{lexical}"^^{datatype}'
