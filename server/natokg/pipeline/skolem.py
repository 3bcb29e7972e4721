"""Replace blank nodes by stable IRIs (RDF 1.1 skolemisation, §3.5).

Authors may write dates and other small structures as blank nodes (``[ a time:Instant ; ... ]``).
The published dataset has none: every node gets an IRI under ``<base>.well-known/genid/``
so that it can be dereferenced, cited and validated by name. The IRI is a hash of the node's
position (the IRI and predicate it hangs from) and of its content, so it stays the same from
one build to the next as long as that part of the data does not change, whatever else does.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox


def genid_namespace(base: str) -> str:
    return base + ".well-known/genid/"


def skolemize(quads: Iterable[ox.Quad], base: str) -> list[ox.Quad]:
    quads = list(quads)
    outgoing: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    incoming: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        if isinstance(q.subject, ox.BlankNode):
            outgoing[q.subject].append(q)
        if isinstance(q.object, ox.BlankNode):
            incoming[q.object].append(q)
    if not outgoing and not incoming:
        return quads

    content: dict[ox.BlankNode, str] = {}
    names: dict[ox.BlankNode, str] = {}

    def content_hash(node: ox.BlankNode, path: frozenset[ox.BlankNode]) -> str:
        if node in content:
            return content[node]
        if node in path:  # a cycle of blank nodes: cut it
            return "cycle"
        lines = sorted(
            f"{q.predicate} {_term_key(q.object, lambda b: content_hash(b, path | {node}))}"
            for q in outgoing.get(node, ())
        )
        content[node] = _digest("\n".join(lines))
        return content[node]

    def name(node: ox.BlankNode, path: frozenset[ox.BlankNode]) -> str:
        if node in names:
            return names[node]
        parents = incoming.get(node, [])
        if len(parents) == 1 and node not in path:
            parent = parents[0]
            parent_key = _term_key(parent.subject, lambda b: name(b, path | {node}))
            key = f"{parent.graph_name} {parent_key} {parent.predicate} "
        else:
            key = f"{_graph_of(node, outgoing, incoming)} "
        names[node] = _digest(key + content_hash(node, frozenset()))
        return names[node]

    prefix = genid_namespace(base)

    def iri(term):
        if isinstance(term, ox.BlankNode):
            return ox.NamedNode(prefix + name(term, frozenset()))
        return term

    return [ox.Quad(iri(q.subject), q.predicate, iri(q.object), q.graph_name) for q in quads]


def _term_key(term: object, blank) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + blank(term)
    return str(term)


def _graph_of(node, outgoing, incoming) -> str:
    for q in outgoing.get(node, ()) or incoming.get(node, ()):
        return str(q.graph_name)
    return ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
