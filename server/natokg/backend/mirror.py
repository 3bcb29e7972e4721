"""The store's current release, read into this front's own in-memory store.

``natokg serve --backend`` needs no local release: the pointer graph (see
:mod:`natokg.backend.pointer`) names the current release and its graphs, and each graph is read
with one ``CONSTRUCT WHERE { ?s ?p ?o }`` whose dataset is that graph's stored IRI alone (the
protocol's ``default-graph-uri``), so any SPARQL 1.1 engine serves it and no other release is
ever read; the copy holds it under its public name. The copy becomes a
:class:`~natokg.store.Dataset` like the embedded one (its default graph the merge of the named
graphs), so pages, search, exports, charts and the
``?xLabel`` columns answer from it unchanged; its ``version`` is the release id, so ETags name
the release.

The downloads that can be rebuilt from the graphs (the dataset in N-Quads, TriG, Turtle,
N-Triples) are written once per release into a private directory beside a manifest listing
them; the build's other files (OWL/XML, the diagram, the report) are not in the store.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from natokg import defaultgraph
from natokg.backend import pointer
from natokg.backend.remote import Store, StoreError
from natokg.store import Dataset

#: the downloads rebuilt from the mirrored graphs: (name, format, media type, description)
DOWNLOADS = (
    ("dataset.nq", ox.RdfFormat.N_QUADS, "application/n-quads", "All named graphs"),
    ("dataset.trig", ox.RdfFormat.TRIG, "application/trig", "All named graphs"),
    ("dataset.ttl", ox.RdfFormat.TURTLE, "text/turtle", "The merge of the named graphs"),
    ("dataset.nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "The merge, one per line"),
)


class MirrorError(RuntimeError):
    """The store has no release or failed while it was read; one line."""


def read_current(store: Store, base_iri: str, timeout: float) -> pointer.Current:
    """The release the pointer graph names. Raises :class:`StoreError`, :class:`MirrorError`."""
    current = pointer.parse(store.select(pointer.read_query(base_iri), timeout))
    if current is None:
        raise MirrorError(f"{store.endpoints.query}: no release published (natokg publish)")
    return current


def read_release(
    store: Store, base_iri: str, current: pointer.Current, timeout: float, directory: Path
) -> Dataset:
    """A dataset holding the graphs of ``current``, read from ``store``; its downloads are
    written under ``directory``. Raises :class:`StoreError`."""
    started = time.perf_counter()
    target = ox.Store()
    sizes: dict[str, int] = {}
    for graph in sorted(current.graphs):
        response = store.request(
            "POST",
            store.endpoints.query,
            timeout,
            data={
                "query": "CONSTRUCT WHERE { ?s ?p ?o }",
                "default-graph-uri": current.stored(graph),
            },
            headers={"Accept": "application/n-triples"},
        )
        try:
            triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as exc:
            raise StoreError(store.endpoints.query, f"unreadable graph {graph}: {exc}") from None
        name = ox.NamedNode(graph)
        target.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        sizes[graph] = len(triples)
    quads = [q for q in target if isinstance(q.graph_name, ox.NamedNode)]
    defaultgraph.merge_named_graphs(target)
    manifest = {
        "version": current.release,
        "base_iri": base_iri,
        "triples": sum(sizes.values()),
        "graphs": sizes,
        "files": _downloads(quads, directory),
        "mirrored_in_s": round(time.perf_counter() - started, 3),
    }
    return Dataset(
        target,
        base_iri,
        tuple(sorted(current.graphs)),
        manifest,
        directory,
        f"release-{current.release}",
    )


def _downloads(quads: list[ox.Quad], directory: Path) -> list[dict]:
    directory.mkdir(parents=True, exist_ok=True)
    triples = list(dict.fromkeys(q.triple for q in quads))
    files = []
    for name, fmt, media_type, description in DOWNLOADS:
        path = directory / name
        data = quads if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) else triples
        ox.serialize(data, str(path), format=fmt)
        files.append(
            {
                "name": name,
                "media_type": media_type,
                "bytes": path.stat().st_size,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "description": description,
            }
        )
    return files


class Downloads:
    """The private directory holding each mirrored release's downloads, removed at exit."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="natokg-mirror-"))

    def directory(self, release_id: str) -> Path:
        safe = hashlib.sha256(release_id.encode()).hexdigest()[:16]
        return self.root / safe

    def drop(self, release_id: str) -> None:
        shutil.rmtree(self.directory(release_id), ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
