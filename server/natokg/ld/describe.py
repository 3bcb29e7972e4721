"""What the server says about one resource: its triples, and the page a person reads.

The description of a resource is its Concise Bounded Description (every triple it is the subject
of, followed through blank nodes and skolemised ``.well-known/genid/`` nodes), the triples of the
attestations it and those nodes point to (the quote and its source), and every triple that links
to it (incoming links), from the union of all named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from natokg.ld.iris import IriMapper
from natokg.namespaces import NKG, ORG, TIME

ATTESTED_BY = ox.NamedNode(NKG + "attestedBy")
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
    return Description(iri, tuple(sorted(outgoing, key=str)), tuple(sorted(incoming, key=str)))


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
