"""How releases live in the external store, and the one graph that says which is current.

Readers see a release under its own graph IRIs (``<base>graph/documents/pakistan``…), as on the
embedded store, so ``GRAPH <iri>`` and ``GRAPH ?g`` answer the same. The pointer graph
``<base>graph/current`` names the current release and lists its graphs::

    <base>graph/current dcterms:identifier "<id>" ;
        dcterms:hasPart <G1>, <G2> .

A release is first written beside the current one, each graph ``G`` as ``G?release=<id>`` (a
staging graph no reader is given); then one SPARQL Update request copies the staging graphs
onto their own IRIs, drops the graphs the new release no longer has, replaces the pointer and
drops the staging graphs. An engine that runs an update request in one transaction (Oxigraph
does; Virtuoso 7 ends one in one commit) makes that switch atomic: a query sees the previous
release or the new one, never a mix.
"""

from __future__ import annotations

from dataclasses import dataclass

DCT = "http://purl.org/dc/terms/"
#: the pointer's link to the release's merged graph
MERGED = "urn:natokg:pointer:mergedGraph"


def pointer_graph(base_iri: str) -> str:
    return base_iri + "graph/current"


def merged_graph(base_iri: str) -> str:
    """The RDF merge of the release's graphs (each triple once): the default graph readers are
    given, so that a triple stated in two graphs is not matched twice (SPARQL's default graph
    is a set; a store given several ``default-graph-uri`` matches a triple once per graph)."""
    return base_iri + "graph/merged"


def staging_graph(graph: str, release_id: str) -> str:
    return f"{graph}?release={release_id}"


@dataclass(frozen=True)
class Current:
    """The release readers see: its id and its graphs."""

    release: str
    graphs: frozenset[str]
    #: the merge of ``graphs`` (None: a release published before the merged graph existed)
    merged: str | None = None


def read_query(base_iri: str) -> str:
    pointer = f"<{pointer_graph(base_iri)}>"
    return (
        f"SELECT ?id ?part ?merged WHERE {{ GRAPH {pointer} {{ {pointer} <{DCT}identifier> ?id . "
        f"OPTIONAL {{ {pointer} <{DCT}hasPart> ?part }} "
        f"OPTIONAL {{ {pointer} <{MERGED}> ?merged }} }} }}"
    )


def parse(rows: list[dict[str, str]]) -> Current | None:
    """The current release from :func:`read_query`'s rows (None: nothing published)."""
    ids = {row["id"] for row in rows if "id" in row}
    if len(ids) != 1:
        return None
    merged = {row["merged"] for row in rows if "merged" in row}
    return Current(
        ids.pop(),
        frozenset(row["part"] for row in rows if "part" in row),
        merged.pop() if len(merged) == 1 else None,
    )


def switch_update(
    base_iri: str, release_id: str, graphs: list[str], previous: frozenset[str]
) -> str:
    """The one update request that makes the staged release ``release_id`` current: its
    ``graphs`` and, staged beside them, their merge (:func:`merged_graph`)."""
    pointer = f"<{pointer_graph(base_iri)}>"
    literal = release_id.replace("\\", "\\\\").replace('"', '\\"')
    merged = merged_graph(base_iri)
    parts = " ".join(f"{pointer} <{DCT}hasPart> <{g}> ." for g in graphs)
    parts += f" {pointer} <{MERGED}> <{merged}> ."
    operations = [f"COPY <{staging_graph(g, release_id)}> TO <{g}>" for g in [*graphs, merged]]
    operations += [f"DROP SILENT GRAPH <{g}>" for g in sorted(previous - set(graphs))]
    # DROP + INSERT DATA rather than DELETE/INSERT WHERE { OPTIONAL … }: Virtuoso 7 inserts
    # nothing when that OPTIONAL matches nothing; both forms are one operation of the request
    operations.append(f"DROP SILENT GRAPH {pointer}")
    operations.append(
        f'INSERT DATA {{ GRAPH {pointer} {{ {pointer} <{DCT}identifier> "{literal}" . {parts} }} }}'
    )
    operations += [f"DROP SILENT GRAPH <{staging_graph(g, release_id)}>" for g in [*graphs, merged]]
    return " ;\n".join(operations)
