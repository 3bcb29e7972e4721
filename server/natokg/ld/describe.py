"""What the server says about one resource: its triples, and the page a person reads.

The description of a resource is its Concise Bounded Description (every triple it is the subject
of, followed through blank nodes and skolemised ``.well-known/genid/`` nodes), the triples of the
attestations it and those nodes point to (the quote and its source), and every triple that links
to it (incoming links), from the union of all named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from natokg.ld.iris import IriMapper
from natokg.namespaces import NKG, ORG, OWL, TIME

ATTESTED_BY = ox.NamedNode(NKG + "attestedBy")
ANNOTATED_SOURCE = ox.NamedNode(OWL + "annotatedSource")
ANNOTATED_PROPERTY = ox.NamedNode(OWL + "annotatedProperty")
ANNOTATED_TARGET = ox.NamedNode(OWL + "annotatedTarget")
EVIDENCE = ox.NamedNode(NKG + "evidence")
#: Predicates whose objects are part of the description even when named: a membership's or an
#: event's interval and instants (authors name an interval to give it a second, conflicting date).
TEMPORAL = frozenset(ox.NamedNode(TIME + p) for p in ("hasTime", "hasBeginning", "hasEnd")) | {
    ox.NamedNode(ORG + "memberDuring")
}


@dataclass(frozen=True)
class Description:
    iri: str
    outgoing: tuple[ox.Triple, ...]  # the CBD, with nested nodes and attestations
    incoming: tuple[ox.Triple, ...]
    #: per outgoing statement, the attestations it rests on (graph/provenance's axioms); not
    #: part of :attr:`triples`, which is the resource's own description
    evidence: tuple[tuple[ox.Triple, tuple[str, ...]], ...] = field(default=())

    @property
    def triples(self) -> list[ox.Triple]:
        return sorted(set(self.outgoing) | set(self.incoming), key=str)


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the dataset says anything about, or links to, ``iri`` (never, if it is no IRI:
    request paths may hold any character)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    for quads in (
        store.quads_for_pattern(node, None, None, None),
        store.quads_for_pattern(None, None, node, None),
    ):
        if next(iter(quads), None) is not None:
            return True
    return False


def describe(store: ox.Store, iri: str, mapper: IriMapper) -> Description:
    root = ox.NamedNode(iri)
    genid = mapper.genid_iri("")
    outgoing: set[ox.Triple] = set()
    seen: set[ox.NamedNode | ox.BlankNode] = set()
    queue: list[ox.NamedNode | ox.BlankNode] = [root]
    while queue:
        node = queue.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, None):
            outgoing.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if _follow(quad, genid):
                queue.append(quad.object)
    incoming = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, root, None)
    }
    return Description(
        iri,
        tuple(sorted(outgoing, key=str)),
        tuple(sorted(incoming, key=str)),
        _evidence(store, outgoing),
    )


def _evidence(
    store: ox.Store, triples: set[ox.Triple]
) -> tuple[tuple[ox.Triple, tuple[str, ...]], ...]:
    """The attestations of each of ``triples`` that an annotated axiom names (nkg:evidence)."""
    found: dict[ox.Triple, set[str]] = {}
    for subject in {t.subject for t in triples}:
        for quad in store.quads_for_pattern(None, ANNOTATED_SOURCE, subject, None):
            axiom = quad.subject
            parts = [
                next(store.quads_for_pattern(axiom, prop, None, None), None)
                for prop in (ANNOTATED_PROPERTY, ANNOTATED_TARGET)
            ]
            if parts[0] is None or parts[1] is None:
                continue
            triple = ox.Triple(subject, parts[0].object, parts[1].object)  # type: ignore[arg-type]
            if triple not in triples:
                continue
            found.setdefault(triple, set()).update(
                q.object.value for q in store.quads_for_pattern(axiom, EVIDENCE, None, None)
            )
    return tuple(sorted(((t, tuple(sorted(a))) for t, a in found.items()), key=lambda e: str(e[0])))


def _follow(quad: ox.Quad, genid: str) -> bool:
    """Whether the description goes on into the object: a blank or genid node, an attestation,
    a time interval or instant."""
    obj = quad.object
    if isinstance(obj, ox.BlankNode):
        return True
    if not isinstance(obj, ox.NamedNode):
        return False
    return (
        obj.value.startswith(genid) or quad.predicate == ATTESTED_BY or quad.predicate in TEMPORAL
    )
