"""How releases live in the external store, and the one graph that says which is current.

Each release is written under its own graph IRIs and never moved: the release ``<id>``'s graph
``G`` is stored as ``G?release=<id>`` (:func:`stored_graph`), and the RDF merge of its graphs as
``<base>graph/merged?release=<id>``. The pointer graph ``<base>graph/current`` names the
current release and lists its graphs under their public names::

    <base>graph/current dcterms:identifier "<id>" ;
        dcterms:hasPart <G1>, <G2> ;
        <urn:natokg:pointer:mergedGraph> <base>graph/merged?release=<id> ;
        <urn:natokg:pointer:graphSuffix> "?release=<id>" .

Readers (:mod:`natokg.backend.front`, :mod:`natokg.backend.mirror`) ask for the stored graphs
the pointer names and give their users the public names back (:mod:`natokg.backend.graphnames`).

**The switch** is one small SPARQL Update request that replaces the pointer graph (a few dozen
triples, whatever the release's size). No graph of a release is copied: a store that does not
log bulk operations for crash recovery (Virtuoso 7 loses part of a ``COPY`` when killed soon
after it) only ever has to replay the Graph Store Protocol's PUTs and this small update, both
of which it logs. An engine running an update request in one transaction (Oxigraph; Virtuoso 7
ends one request in one commit) makes the switch atomic for readers.

**The registry graph** ``<base>graph/releases`` lists the stored graphs of every release
written (``<urn:natokg:release:<id>> dcterms:hasPart <stored graph>``), each entry written
before the release's graphs, so that a publish interrupted anywhere leaves nothing it cannot
find again. After a switch, every release but the new one and the previous one (which readers
that read the pointer just before the switch may still be querying) is dropped.

A pointer without ``graphSuffix`` names a release written by an earlier natokg, stored under the
public names themselves; readers use those, and the next publish registers them to be dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

DCT = "http://purl.org/dc/terms/"
#: the pointer's link to the release's merged graph
MERGED = "urn:natokg:pointer:mergedGraph"
#: what the release's stored graph IRIs add to the public ones
SUFFIX = "urn:natokg:pointer:graphSuffix"
#: a release's entry in the registry graph
RELEASE_PREFIX = "urn:natokg:release:"


def pointer_graph(base_iri: str) -> str:
    return base_iri + "graph/current"


def registry_graph(base_iri: str) -> str:
    """Every release written to the store, with its stored graphs (for dropping them)."""
    return base_iri + "graph/releases"


def merged_graph(base_iri: str) -> str:
    """The public name of the RDF merge of the release's graphs (each triple once): the default
    graph readers are given, so that a triple stated in two graphs is not matched twice
    (SPARQL's default graph is a set; a store given several ``default-graph-uri`` matches a
    triple once per graph)."""
    return base_iri + "graph/merged"


def suffix(release_id: str) -> str:
    return f"?release={release_id}"


def stored_graph(graph: str, release_id: str) -> str:
    """The IRI under which the release ``release_id`` stores its graph ``graph``."""
    return graph + suffix(release_id)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _entry(release_id: str) -> str:
    """The registry's subject for a release (the id percent-free: it is any path name)."""
    return "<" + RELEASE_PREFIX + release_id.encode("utf-8").hex() + ">"


@dataclass(frozen=True)
class Current:
    """The release readers see: its id and its graphs (public names)."""

    release: str
    graphs: frozenset[str]
    #: the stored merge of ``graphs`` (None: a release published before the merged graph existed)
    merged: str | None = None
    #: appended to a public graph IRI to get the stored one ("" for an earlier natokg's layout)
    graph_suffix: str = ""

    def stored(self, graph: str) -> str:
        """The stored IRI of the release's graph ``graph`` (a public name)."""
        return graph + self.graph_suffix

    def names(self) -> dict[str, str]:
        """Stored IRI → public name, for each of the release's graphs."""
        return {self.stored(g): g for g in sorted(self.graphs)}


def read_query(base_iri: str) -> str:
    pointer = f"<{pointer_graph(base_iri)}>"
    return (
        f"SELECT ?id ?part ?merged ?suffix WHERE {{ GRAPH {pointer} {{ "
        f"{pointer} <{DCT}identifier> ?id . "
        f"OPTIONAL {{ {pointer} <{DCT}hasPart> ?part }} "
        f"OPTIONAL {{ {pointer} <{MERGED}> ?merged }} "
        f"OPTIONAL {{ {pointer} <{SUFFIX}> ?suffix }} }} }}"
    )


def parse(rows: list[dict[str, str]]) -> Current | None:
    """The current release from :func:`read_query`'s rows (None: nothing published)."""
    ids = {row["id"] for row in rows if "id" in row}
    if len(ids) != 1:
        return None
    merged = {row["merged"] for row in rows if "merged" in row}
    suffixes = {row["suffix"] for row in rows if "suffix" in row}
    return Current(
        ids.pop(),
        frozenset(row["part"] for row in rows if "part" in row),
        merged.pop() if len(merged) == 1 else None,
        suffixes.pop() if len(suffixes) == 1 else "",
    )


def register_update(base_iri: str, release_id: str, stored: list[str]) -> str:
    """Record in the registry that the release ``release_id`` stores the graphs ``stored``."""
    parts = " ".join(f"{_entry(release_id)} <{DCT}hasPart> <{g}> ." for g in stored)
    identifier = f"{_entry(release_id)} <{DCT}identifier> {_literal(release_id)} ."
    return f"INSERT DATA {{ GRAPH <{registry_graph(base_iri)}> {{ {identifier} {parts} }} }}"


def registry_query(base_iri: str) -> str:
    """(?id, ?part): each registered release and its stored graphs."""
    return (
        f"SELECT ?id ?part WHERE {{ GRAPH <{registry_graph(base_iri)}> {{ "
        f"?r <{DCT}identifier> ?id . OPTIONAL {{ ?r <{DCT}hasPart> ?part }} }} }}"
    )


def switch_update(base_iri: str, release_id: str, graphs: list[str]) -> str:
    """The one small update request that makes the written release ``release_id`` current:
    the pointer graph replaced (no release graph is touched)."""
    pointer = f"<{pointer_graph(base_iri)}>"
    merged = stored_graph(merged_graph(base_iri), release_id)
    parts = " ".join(f"{pointer} <{DCT}hasPart> <{g}> ." for g in graphs)
    parts += f" {pointer} <{MERGED}> <{merged}> ."
    parts += f" {pointer} <{SUFFIX}> {_literal(suffix(release_id))} ."
    # DROP + INSERT DATA rather than DELETE/INSERT WHERE { OPTIONAL … }: Virtuoso 7 inserts
    # nothing when that OPTIONAL matches nothing; both are operations of the one request
    return (
        f"DROP SILENT GRAPH {pointer} ;\n"
        f"INSERT DATA {{ GRAPH {pointer} {{ {pointer} <{DCT}identifier> "
        f"{_literal(release_id)} . {parts} }} }}"
    )


def unregister_update(base_iri: str, release_id: str, stored: list[str]) -> str:
    """Remove the release ``release_id`` from the registry (once its graphs are dropped)."""
    triples = " ".join(f"{_entry(release_id)} <{DCT}hasPart> <{g}> ." for g in stored)
    triples += f" {_entry(release_id)} <{DCT}identifier> {_literal(release_id)} ."
    return f"DELETE DATA {{ GRAPH <{registry_graph(base_iri)}> {{ {triples} }} }}"
