"""Which source files make up the dataset, and the named graph each one goes to.

Rule (documented in data/README.md): every file is its own named graph,
``<base>graph/<path relative to data/ without .ttl>``, so ``data/documents/pakistan.ttl``
becomes ``graph/documents/pakistan``. The ontology (core and declarations) goes to
``graph/ontology``; the build adds ``graph/inferred`` and ``graph/void``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from natokg.namespaces import graph_namespace
from natokg.pipeline.checks import check_files

ONTOLOGY_FILES = ("natokg.ttl", "declarations.ttl")
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class SourceFile:
    path: Path
    graph: str

    def display(self, root: Path) -> str:
        try:
            return str(self.path.relative_to(root))
        except ValueError:
            return str(self.path)


@dataclass(frozen=True)
class Sources:
    root: Path
    ontology: tuple[SourceFile, ...]
    data: tuple[SourceFile, ...]
    shapes: Path

    @property
    def all(self) -> tuple[SourceFile, ...]:
        return self.ontology + self.data


def digest(sources: Sources, queries_dir: Path, texts_dir: Path) -> str:
    """A digest of everything a build reads (ontology, shapes, data, integrity checks, the
    source documents' texts), so a published release can tell whether the working tree has
    changed since it was built."""
    files = [s.path for s in sources.all] + [sources.shapes]
    # the other published ontology files (alignments, changelog: see natokg.modules)
    files += [p for p in sorted((sources.root / "ontology").rglob("*.ttl")) if p not in files]
    files += check_files(queries_dir)
    files += sorted(texts_dir.glob("*.txt"))
    h = hashlib.sha256()
    for path in files:
        try:
            name = str(path.relative_to(sources.root))
        except ValueError:
            name = path.name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"(missing)")
        h.update(b"\0")
    return h.hexdigest()


def ontology_graph(base: str) -> str:
    return graph_namespace(base) + "ontology"


def inferred_graph(base: str) -> str:
    return graph_namespace(base) + "inferred"


def void_graph(base: str) -> str:
    return graph_namespace(base) + "void"


def discover(root: Path, base: str) -> Sources:
    """Find the ontology, shapes and data files under ``root`` (the project directory)."""
    onto_dir = root / "ontology"
    data_dir = root / "data"
    ontology = tuple(SourceFile(onto_dir / name, ontology_graph(base)) for name in ONTOLOGY_FILES)
    data = tuple(
        SourceFile(
            path, graph_namespace(base) + path.relative_to(data_dir).with_suffix("").as_posix()
        )
        for path in sorted(data_dir.rglob("*.ttl"))
        if path.relative_to(data_dir).parts[0] != "drafts"  # drafts are reviewed apart
    )
    return Sources(root=root, ontology=ontology, data=data, shapes=onto_dir / SHAPES_FILE)
