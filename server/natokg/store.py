"""The dataset the server answers from: the published build (or a given RDF file) in pyoxigraph.

Two ways to hold it, chosen by the ``store`` setting:

``memory``
    An in-memory store, loaded once in the server's master process before the workers fork,
    so every worker starts sharing its pages. The fastest to query; but reading the store
    writes to it (reference counts), so the pages a worker reads become its own copy, and
    memory grows towards (workers + 1) × the dataset.
``disk``
    An on-disk Oxigraph store (RocksDB), written once next to the data by a separate process
    (see :mod:`natokg.diskstore`) and opened read-only by each process that queries it. The
    operating system's page cache is shared by all workers, so memory stays near one copy;
    queries spend about twice as long in the engine.

Either way the store is only ever read. Its default graph is the RDF merge of the named
graphs, materialised when the store is loaded or written (see :mod:`natokg.defaultgraph`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from natokg import defaultgraph, diskstore, rdffile, release
from natokg.settings import STORE_KINDS, Settings

MEMORY, DISK = STORE_KINDS
STORES = "stores"
#: the on-disk store inside a release; renamed whenever what a store holds changes (v2: the
#: default graph holds the merge of the named graphs), so an older store is never opened
DISK_STORE = "store-v2"


class DatasetError(RuntimeError):
    """The dataset cannot be loaded; the message says why (with file:line for a data file)."""


class NoBuildError(DatasetError):
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
    """The dataset ``settings`` name, held as the ``store`` setting says.

    With ``store = disk`` the on-disk store is written first if it does not exist yet.
    Raises :class:`DatasetError` (:class:`NoBuildError` when nothing is published).
    """
    try:
        if settings.store == DISK:
            return open_disk(settings, _disk_store(settings))
        if settings.data_file is not None:
            return _from_file(settings.resolve(settings.data_file), settings.base_iri)
        return from_release(_current(settings), settings.base_iri)
    except (rdffile.RdfFileError, diskstore.DiskStoreError) as exc:
        raise DatasetError(str(exc)) from None


def prepare_disk_store(settings: Settings) -> Path:
    """The directory of the on-disk store for ``settings``, written now if missing.

    For a release it is ``<release>/store`` (a release is pruned with its store); for a data
    file it is ``<releases_dir>/stores/<version of the file>``. This process never opens it:
    a server calls this in its master process, which then forks the workers.
    Raises :class:`DatasetError`.
    """
    try:
        return _disk_store(settings)
    except (rdffile.RdfFileError, diskstore.DiskStoreError) as exc:
        raise DatasetError(str(exc)) from None


def _disk_store(settings: Settings) -> Path:
    if settings.data_file is not None:
        source = settings.resolve(settings.data_file)
        target = settings.releases_path / STORES / _file_version(source)
    else:
        source = _current(settings) / "dataset.nq"
        target = source.parent / DISK_STORE
    return diskstore.ensure(source, target)


def from_release(release: Path, base_iri: str) -> Dataset:
    store = ox.Store()
    store.bulk_load(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    defaultgraph.merge_named_graphs(store)
    return _release_dataset(store, release, base_iri)


def from_quads(quads: list[ox.Quad], base_iri: str, version: str = "fixture") -> Dataset:
    """A dataset from quads in memory (tests and small fixtures)."""
    store = ox.Store()
    store.bulk_extend(quads)
    defaultgraph.merge_named_graphs(store)
    return Dataset(store, base_iri, _graphs(store), version=version)


def _current(settings: Settings) -> Path:
    published = release.current_release(settings.releases_path)
    if published is None:
        raise NoBuildError(f"no published build in {settings.releases_path}; run `natokg build`")
    return published


def _release_dataset(store: ox.Store, directory: Path, base_iri: str) -> Dataset:
    manifest = release.read_manifest(directory)
    digest = next(
        (f["sha256"] for f in manifest["files"] if f["name"] == "dataset.nq"), directory.name
    )
    return Dataset(
        store, manifest.get("base_iri", base_iri), _graphs(store), manifest, directory, digest[:16]
    )


def open_disk(settings: Settings, path: Path) -> Dataset:
    """The dataset of the on-disk store at ``path`` (from :func:`prepare_disk_store`), opened
    read-only for this process. Raises :class:`DatasetError`."""
    try:
        store = diskstore.open_read_only(path)
    except diskstore.DiskStoreError as exc:
        raise DatasetError(str(exc)) from None
    if settings.data_file is not None:  # the store is named after the file's version
        return Dataset(store, settings.base_iri, _graphs(store), version=path.name)
    return _release_dataset(store, path.parent, settings.base_iri)


def _from_file(path: Path, base_iri: str) -> Dataset:
    store = ox.Store()
    rdffile.load(store, path)
    defaultgraph.merge_named_graphs(store)
    return Dataset(store, base_iri, _graphs(store), version=_file_version(path))


def _file_version(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError as exc:
        raise diskstore.DiskStoreError(f"{path}: cannot read: {exc.strerror}") from None
    key = f"{DISK_STORE}:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _graphs(store: ox.Store) -> tuple[str, ...]:
    return tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
