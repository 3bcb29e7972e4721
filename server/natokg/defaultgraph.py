"""The default graph as the RDF merge of the named graphs, materialised once at load time.

SPARQL's default graph is an RDF graph: a set of triples. Querying the union of the named
graphs *as quads* (pyoxigraph's ``use_default_graph_as_union``) returns a triple stated in two
graphs (a document and the reference layer; an asserted and an inferred graph) twice, and
makes ``COUNT(*)`` wrong. So each store the server queries holds, besides its named graphs,
the distinct triples of all of them in its default graph; queries without a dataset clause
run on that graph, and the named graphs (``FROM``, ``GRAPH``, ``default-graph-uri``) stay as
they are. Triples a data file puts in its default graph stay there too.

The store's own index does the de-duplication: inserting a triple already in the default
graph changes nothing.
"""

from __future__ import annotations

import pyoxigraph as ox

#: quads copied per bulk call (bounds the Python objects alive at once)
BATCH = 50_000


def merge_named_graphs(store: ox.Store) -> int:
    """Put the distinct triples of every named graph into ``store``'s default graph.

    Returns the number of triples the default graph holds afterwards."""
    default = ox.DefaultGraph()
    batch: list[ox.Quad] = []
    # read everything first: the store is not written while an iterator over it is open
    named = [
        ox.Quad(q.subject, q.predicate, q.object, default)
        for q in store.quads_for_pattern(None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    ]
    for start in range(0, len(named), BATCH):
        batch = named[start : start + BATCH]
        store.bulk_extend(batch)
    del named, batch
    return sum(1 for _ in store.quads_for_pattern(None, None, None, default))
