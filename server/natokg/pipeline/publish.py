"""Write the published dataset into the build directory, atomically.

Each build writes a new release directory, ``build/releases/<stamp>/``, and only when every
file is written and checked does it switch the ``build/current`` symlink to it (an atomic
rename). A build that fails or is killed half-way leaves ``build/current`` where it was;
the server only ever reads ``build/current``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from natokg import modules
from natokg.namespaces import prefixes

# the layout the server reads is natokg.release's; its names are re-exported here
from natokg.release import (  # noqa: F401
    CURRENT,
    LEASES,
    MANIFEST,
    RELEASES,
    current_release,
    held,
    hold,
    read_manifest,
)

KEEP_RELEASES = 3


@dataclass(frozen=True)
class PublishedFile:
    name: str
    media_type: str
    bytes: int
    sha256: str
    description: str


def new_release_dir(releases_dir: Path, now: datetime) -> Path:
    releases = releases_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    path = releases / f"{stamp}-{os.getpid()}"
    path.mkdir()
    return path


def write_release(
    release: Path,
    store: ox.Store,
    ontology_quads: list[ox.Quad],
    shapes_path: Path,
    base: str,
    extra: dict[str, tuple[bytes, str, str]],
) -> list[PublishedFile]:
    """Write every dump into ``release``.

    ``extra`` maps a file name to (content, media type, description).
    """
    quads = list(store.quads_for_pattern(None, None, None, None))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    pfx = prefixes(base)
    # the "full" release: core and declarations merged under one header (natokg.modules)
    ontology = modules.full([ox.Triple(q.subject, q.predicate, q.object) for q in ontology_quads])

    writers: list[tuple[str, str, str, Callable[[Path], None]]] = [
        (
            "dataset.nq",
            "application/n-quads",
            "All named graphs (ontology, data, reference, inferred, VoID)",
            lambda p: ox.serialize(quads, str(p), ox.RdfFormat.N_QUADS),
        ),
        (
            "dataset.trig",
            "application/trig",
            "All named graphs, TriG",
            lambda p: ox.serialize(quads, str(p), ox.RdfFormat.TRIG, prefixes=pfx),
        ),
        (
            "dataset.jsonld",
            "application/ld+json",
            "All named graphs, JSON-LD",
            lambda p: ox.serialize(quads, str(p), ox.RdfFormat.JSON_LD),
        ),
        (
            "dataset.ttl",
            "text/turtle",
            "The union of all graphs as one graph, Turtle",
            lambda p: ox.serialize(triples, str(p), ox.RdfFormat.TURTLE, prefixes=pfx),
        ),
        (
            "dataset.nt",
            "application/n-triples",
            "The union of all graphs as one graph, N-Triples",
            lambda p: ox.serialize(triples, str(p), ox.RdfFormat.N_TRIPLES),
        ),
        (
            "ontology.ttl",
            "text/turtle",
            "The ontology, full release (core and declarations merged, one header), Turtle",
            lambda p: ox.serialize(ontology, str(p), ox.RdfFormat.TURTLE, prefixes=pfx),
        ),
        (
            "ontology.owl",
            "application/rdf+xml",
            "The ontology, full release (core and declarations merged), RDF/XML (for Protégé)",
            lambda p: ox.serialize(ontology, str(p), ox.RdfFormat.RDF_XML, prefixes=pfx),
        ),
        (
            "shapes.ttl",
            "text/turtle",
            "The SHACL shapes the data was validated with",
            lambda p: shutil.copyfile(shapes_path, p),
        ),
    ]
    for name, (content, media_type, description) in extra.items():
        writers.append((name, media_type, description, lambda p, c=content: p.write_bytes(c)))
    return _write(release, writers)


def write_extra(release: Path, extra: dict[str, tuple[bytes, str, str]]) -> list[PublishedFile]:
    """Write more files into ``release`` (as ``write_release``'s ``extra``)."""
    return _write(
        release,
        [
            (name, media_type, description, lambda p, c=content: p.write_bytes(c))
            for name, (content, media_type, description) in extra.items()
        ],
    )


def _write(
    release: Path, writers: list[tuple[str, str, str, Callable[[Path], None]]]
) -> list[PublishedFile]:
    files = []
    for name, media_type, description, write in writers:
        path = release / name
        write(path)
        files.append(
            PublishedFile(name, media_type, path.stat().st_size, _sha256(path), description)
        )
    return files


def write_manifest(release: Path, files: list[PublishedFile], info: dict) -> None:
    manifest = {**info, "files": [f.__dict__ for f in files]}
    tmp = release / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, release / MANIFEST)


def switch_current(releases_dir: Path, release: Path) -> None:
    """Point ``build/current`` at ``release`` with one atomic rename, then prune old releases."""
    tmp_link = releases_dir / f".{CURRENT}.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(Path(RELEASES) / release.name)
    os.replace(tmp_link, releases_dir / CURRENT)
    try:
        _prune(releases_dir, keep=release)
    except OSError:
        pass  # pruning is housekeeping: the release is published whatever happens here


def discard(release: Path) -> None:
    shutil.rmtree(release, ignore_errors=True)


def _prune(releases_dir: Path, keep: Path) -> None:
    """Keep the newest complete releases and those a running server holds; drop the others,
    and the incomplete ones left by killed builds."""
    releases = sorted((releases_dir / RELEASES).iterdir(), key=lambda p: p.name)
    incomplete = [r for r in releases if not (r / MANIFEST).is_file()]
    complete = [r for r in releases if r not in incomplete and r.resolve() != keep.resolve()]
    for release in complete[: max(0, len(complete) - (KEEP_RELEASES - 1))]:
        if not held(release):
            shutil.rmtree(release, ignore_errors=True)
    cutoff = datetime.now(UTC).timestamp() - 3600
    for release in incomplete:
        if release.stat().st_mtime < cutoff:
            shutil.rmtree(release, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)
