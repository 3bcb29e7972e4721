"""The dataset the server answers from: the published build (or a given RDF file) in pyoxigraph.

The store is in memory and only ever read. It is loaded once, in the server's master process
before the workers fork, so every worker shares the same pages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from natokg.build import parsing, publish
from natokg.settings import Settings


class NoBuildError(RuntimeError):
    """Nothing has been published yet (run `natokg build`)."""


@dataclass(frozen=True)
class Dataset:
    store: ox.Store
    base_iri: str
    #: the named graphs, sorted
    graphs: tuple[str, ...]
    #: the build manifest (files, sizes, digests); empty when serving a plain file
    manifest: dict = field(default_factory=dict)
    #: the release directory holding the downloads; None when serving a plain file
    release: Path | None = None
    #: changes whenever the data changes; used in ETags
    version: str = ""


def load_dataset(settings: Settings) -> Dataset:
    if settings.data_file is not None:
        return _from_file(settings.resolve(settings.data_file), settings.base_iri)
    release = publish.current_release(settings.build_path)
    if release is None:
        raise NoBuildError(f"no published build in {settings.build_path}; run `natokg build`")
    return from_release(release, settings.base_iri)


def from_release(release: Path, base_iri: str) -> Dataset:
    store = ox.Store()
    store.bulk_load(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    manifest = publish.read_manifest(release)
    digest = next(
        (f["sha256"] for f in manifest["files"] if f["name"] == "dataset.nq"), release.name
    )
    return Dataset(
        store, manifest.get("base_iri", base_iri), _graphs(store), manifest, release, digest[:16]
    )


def from_quads(quads: list[ox.Quad], base_iri: str, version: str = "fixture") -> Dataset:
    """A dataset from quads in memory (tests and small fixtures)."""
    store = ox.Store()
    store.bulk_extend(quads)
    return Dataset(store, base_iri, _graphs(store), version=version)


def _from_file(path: Path, base_iri: str) -> Dataset:
    store = ox.Store()
    parsing.load_rdf_file(store, path)
    stat = path.stat()
    version = hashlib.sha256(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return Dataset(store, base_iri, _graphs(store), version=version)


def _graphs(store: ox.Store) -> tuple[str, ...]:
    return tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
