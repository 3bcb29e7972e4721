"""``natokg publish --to URL``: the current release into an external store, switched atomically.

1. read the pointer graph: if it already names this release, nothing changes (idempotent);
2. PUT each named graph of the release to a staging graph (Graph Store Protocol); readers are
   never given those, so they keep reading the current release;
3. check the store holds as many triples in each as the release;
4. switch in one SPARQL Update request (see :mod:`natokg.backend.pointer`): the staging graphs
   are copied onto the release's own graph IRIs, graphs the release no longer has are dropped,
   the pointer is replaced and the staging graphs dropped.

A failure before step 4 leaves readers on the previous release (the staging graphs written so
far are invisible, and overwritten by the next attempt)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from natokg import release as releases
from natokg.backend import pointer
from natokg.backend.remote import Store, StoreError, public_url
from natokg.settings import Settings

#: seconds one request to the store may take while publishing
TIMEOUT = 300.0


class PublishError(RuntimeError):
    """Nothing to publish, or the store failed; one line."""


def graphs_of(release: Path) -> dict[str, bytes]:
    """Each named graph of the release, as N-Triples."""
    triples: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise PublishError(f"{release}/dataset.nq: a triple outside any named graph")
        triples[quad.graph_name.value].append(quad.triple)
    return {
        g: ox.serialize(list(dict.fromkeys(ts)), format=ox.RdfFormat.N_TRIPLES) or b""
        for g, ts in sorted(triples.items())
    }


def merge(graphs: dict[str, bytes]) -> bytes:
    """The RDF merge of the graphs (N-Triples, each triple once): the release's default graph."""
    lines = dict.fromkeys(
        line for body in graphs.values() for line in body.splitlines() if line.strip()
    )
    return b"".join(line + b"\n" for line in lines)


def publish(settings: Settings, log: Callable[[str], None] = lambda _m: None) -> str:
    """Publish the current release to the store ``settings`` name; returns what was done.
    Raises :class:`PublishError` or :class:`StoreError`."""
    release = releases.current_release(settings.releases_path)
    if release is None:
        raise PublishError(f"no published build in {settings.releases_path}; run `natokg build`")
    release_id = release.name
    base = releases.read_manifest(release).get("base_iri", settings.base_iri)
    store = Store.of(settings)
    where = public_url(settings.store_url)
    try:
        current = pointer.parse(store.select(pointer.read_query(base), TIMEOUT))
        if current is not None and current.release == release_id:
            return f"release {release_id} is already the current one at {where}"
        started = time.perf_counter()
        graphs = graphs_of(release)
        written = {**graphs, pointer.merged_graph(base): merge(graphs)}
        stored = {g: pointer.staging_graph(g, release_id) for g in written}
        for graph, body in written.items():
            store.put_graph(stored[graph], body, TIMEOUT)
        log(f"{len(written)} graphs written in {time.perf_counter() - started:.2f} s")
        _check_counts(store, written, stored)
        previous = current.graphs if current is not None else frozenset()
        store.update(pointer.switch_update(base, release_id, sorted(graphs), previous), TIMEOUT)
        elapsed = time.perf_counter() - started
        return (
            f"published release {release_id} ({len(graphs)} graphs) to {where} in {elapsed:.2f} s"
        )
    finally:
        store.close()


def _check_counts(store: Store, graphs: dict[str, bytes], stored: dict[str, str]) -> None:
    values = " ".join(f"<{g}>" for g in stored.values())
    rows = store.select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g",
        TIMEOUT,
    )
    counts = {row["g"]: int(row["n"]) for row in rows}
    for graph, body in graphs.items():
        expected = body.count(b"\n")
        if counts.get(stored[graph], 0) != expected:
            raise StoreError(
                store.endpoints.query,
                f"graph {stored[graph]} holds {counts.get(stored[graph], 0)} triples, "
                f"expected {expected}; the current release was left in place",
            )
