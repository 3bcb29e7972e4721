"""``natokg publish --to URL``: the current release into an external store, switched atomically.

1. read the pointer graph: if it already names this release, nothing changes (idempotent);
2. register the release's stored graphs in the registry graph, then PUT each named graph of the
   release, and their merge, under the release's own IRIs (``G?release=<id>``; Graph Store
   Protocol); readers are never given those until the switch;
3. check the store holds as many triples in each as the release;
4. switch: one small SPARQL Update request replaces the pointer graph (see
   :mod:`natokg.backend.pointer`); no release graph is copied or moved;
5. drop every registered release but the new one and the previous one (readers that read the
   pointer just before the switch may still be on it).

A failure before step 4 leaves readers on the previous release (what was written is invisible,
registered, and dropped by a later publish); a failure in step 5 only leaves old graphs, which
the next publish drops."""

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
        stored = {g: pointer.stored_graph(g, release_id) for g in written}
        if current is not None and not current.graph_suffix:
            # an earlier natokg's release, stored under the public names: dropped once old
            earlier = [current.stored(g) for g in sorted(current.graphs)]
            earlier += [current.merged] if current.merged else []
            store.update(pointer.register_update(base, current.release, earlier), TIMEOUT)
        store.update(pointer.register_update(base, release_id, sorted(stored.values())), TIMEOUT)
        for graph, body in written.items():
            store.put_graph(stored[graph], body, TIMEOUT)
        log(f"{len(written)} graphs written in {time.perf_counter() - started:.2f} s")
        _check_counts(store, written, stored)
        switching = time.perf_counter()
        store.update(pointer.switch_update(base, release_id, sorted(graphs)), TIMEOUT)
        log(f"switched in {time.perf_counter() - switching:.3f} s")
        keep = {release_id} | ({current.release} if current is not None else set())
        switched = time.perf_counter() - started
        dropped = _drop_old_releases(store, base, keep)
        return (
            f"published release {release_id} ({len(graphs)} graphs) to {where} in "
            f"{switched:.2f} s{dropped}"
        )
    finally:
        store.close()


def _drop_old_releases(store: Store, base: str, keep: set[str]) -> str:
    """Drop the registered releases not in ``keep``, one graph per request (Virtuoso times out
    a transaction dropping a whole release at once), each release's registry entry last. The
    switch is done: a failure here is reported, and the next publish drops what is left."""
    try:
        registered: dict[str, list[str]] = defaultdict(list)
        for row in store.select(pointer.registry_query(base), TIMEOUT):
            registered[row["id"]] += [row["part"]] if "part" in row else []
        old = sorted(set(registered) - keep)
        for release_id in old:
            graphs = sorted(registered[release_id])
            for graph in graphs:
                store.update(f"DROP SILENT GRAPH <{graph}>", TIMEOUT)
            store.update(pointer.unregister_update(base, release_id, graphs), TIMEOUT)
    except StoreError as exc:
        return f"; older releases not all dropped ({exc}), the next publish drops them"
    return f"; dropped {len(old)} older release(s)" if old else ""


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
