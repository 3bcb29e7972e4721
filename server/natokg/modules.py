"""The ontology's modules: one document per module, each at its own IRI, and the "full" release.

Following the OBO Foundry's release practice and PROV-O's published modules, every source file
of ``ontology/`` is a document with exactly one ``owl:Ontology`` header, a version IRI and its
own IRI, and the documents import one another with ``owl:imports`` (resolved offline through
``ontology/catalog-v001.xml`` and online by dereferencing the IRI):

========================  =========================================  =========================
module                    IRI (under https://w3id.org/natokg/)       imports
========================  =========================================  =========================
core                      ``ontology``                               declarations
declarations              ``ontology/declarations``                  —
alignments (3)            ``ontology/alignments/{schema-org,sem,lode}``  core
shapes                    ``shapes``                                 — (SHACL, read by pyshacl)
full (merged release)     ``ontology/full``                          — (core + declarations)
========================  =========================================  =========================

The "full" release merges the core and the declarations under one header of its own (the
headers of the parts become ``dcterms:hasPart``), so a tool that does not follow imports still
gets every axiom the reasoner needs. The build publishes each module as a file of the release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from natokg.ld.diagram import class_diagram
from natokg.namespaces import DCTERMS, ONTOLOGY_IRI, OWL, RDF

FULL_IRI = ONTOLOGY_IRI + "/full"
_TYPE = ox.NamedNode(RDF + "type")
_ONTOLOGY = ox.NamedNode(OWL + "Ontology")
_IMPORTS = ox.NamedNode(OWL + "imports")
_VERSION_IRI = ox.NamedNode(OWL + "versionIRI")


@dataclass(frozen=True)
class Module:
    """One document: ``path`` is its IRI's path below the site root (``ontology/declarations``),
    ``source`` its Turtle file under ``ontology/``, ``release_file`` its name in a release."""

    name: str
    path: str
    source: str
    title: str

    @property
    def iri(self) -> str:
        return "https://w3id.org/natokg/" + self.path

    @property
    def release_file(self) -> str:
        return f"module-{self.name}.ttl"


CORE = Module("core", "ontology", "natokg.ttl", "natokg core ontology")
DECLARATIONS = Module(
    "declarations", "ontology/declarations", "declarations.ttl", "declarations of reused terms"
)
ALIGNMENTS = tuple(
    Module(f"alignment-{n}", f"ontology/alignments/{n}", f"alignments/{n}.ttl", title)
    for n, title in (
        ("schema-org", "alignment to schema.org"),
        ("sem", "alignment to the Simple Event Model"),
        ("lode", "alignment to LODE"),
    )
)
SHAPES = Module("shapes", "shapes", "shapes.ttl", "SHACL shapes")
#: the OWL modules, in import order (the shapes are served by their own route)
OWL_MODULES: tuple[Module, ...] = (CORE, DECLARATIONS, *ALIGNMENTS)
#: the modules the "full" release merges
FULL_PARTS: tuple[Module, ...] = (CORE, DECLARATIONS)


def by_path(path: str) -> Module | None:
    return next((m for m in OWL_MODULES if m.path == path), None)


def source_text(module: Module, project_dir: Path, release: Path | None) -> bytes | None:
    """The module as published in ``release`` (if there), else its source file."""
    if release is not None and (release / module.release_file).is_file():
        return (release / module.release_file).read_bytes()
    source = project_dir / "ontology" / module.source
    return source.read_bytes() if source.is_file() else None


def triples(text: bytes) -> list[ox.Triple]:
    return list(ox.parse(text, format=ox.RdfFormat.TURTLE))


def headers(graph: list[ox.Triple]) -> list[str]:
    """The IRIs typed ``owl:Ontology`` in ``graph``."""
    return sorted(
        t.subject.value
        for t in graph
        if t.predicate == _TYPE and t.object == _ONTOLOGY and isinstance(t.subject, ox.NamedNode)
    )


def version_iri(graph: list[ox.Triple], iri: str) -> str | None:
    found = [
        t.object.value
        for t in graph
        if t.subject == ox.NamedNode(iri) and t.predicate == _VERSION_IRI
    ]
    return found[0] if found else None


def full(merged: list[ox.Triple]) -> list[ox.Triple]:
    """The merged release of core and declarations (``merged``: their triples, two headers):
    every axiom under one header, ``<…/ontology/full>``.

    The core's header annotations (title, licence, version…) describe the full release too;
    the parts' headers are kept only as ``dcterms:hasPart`` links with their version IRIs.
    """
    core_iri = ox.NamedNode(ONTOLOGY_IRI)
    full_iri = ox.NamedNode(FULL_IRI)
    part_iris = {ox.NamedNode(h) for h in headers(merged)}
    out: set[ox.Triple] = set()
    for triple in merged:
        if triple.subject in part_iris:
            if triple.subject != core_iri or triple.predicate in (_IMPORTS, _TYPE):
                continue
            if triple.predicate == _VERSION_IRI:
                version = triple.object.value.rsplit("/", 1)[-1]
                out.add(ox.Triple(full_iri, _VERSION_IRI, ox.NamedNode(f"{FULL_IRI}/{version}")))
                continue
            out.add(ox.Triple(full_iri, triple.predicate, triple.object))
        else:
            out.add(triple)
    out.add(ox.Triple(full_iri, _TYPE, _ONTOLOGY))
    for iri in sorted(part_iris, key=str):
        out.add(ox.Triple(full_iri, ox.NamedNode(DCTERMS + "hasPart"), iri))
    return sorted(out, key=str)


CHANGELOG = "changelog.ttl"
DIAGRAM = "ontology.svg"


def changelog_text(project_dir: Path, release: Path | None) -> bytes | None:
    """``ontology/changelog.ttl`` as published in ``release`` (if there), else its source."""
    for path in ((release / CHANGELOG) if release else None, project_dir / "ontology" / CHANGELOG):
        if path is not None and path.is_file():
            return path.read_bytes()
    return None


def release_files(project_dir: Path) -> dict[str, tuple[bytes, str, str]]:
    """Each OWL module's source, the changelog and the class diagram (generated here, at
    publication), as files of the release (name -> content, media type, description)."""
    files = {}
    for module in OWL_MODULES:
        text = (project_dir / "ontology" / module.source).read_bytes()
        files[module.release_file] = (
            text,
            "text/turtle",
            f"Ontology module: {module.title} <{module.iri}>, Turtle",
        )
    log = project_dir / "ontology" / CHANGELOG
    if log.is_file():
        files[CHANGELOG] = (log.read_bytes(), "text/turtle", "Changes of the ontology, Turtle")
    parts = [t for m in FULL_PARTS for t in triples(files[m.release_file][0])]
    files[DIAGRAM] = (
        class_diagram(parts).encode("utf-8"),
        "image/svg+xml",
        "Class diagram of the ontology (core and reused classes), SVG",
    )
    return files
