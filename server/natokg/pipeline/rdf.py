"""Move triples between pyoxigraph (fast parsing, SPARQL) and rdflib (pyshacl's input)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib


def to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The triples of ``quads`` merged into one rdflib graph (graph names dropped)."""
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def store_of(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store
