"""Whether a draft passes the project's SHACL shapes, checked as the build does (pyshacl on the
data merged with the ontology and the registry it refers to)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib

from natokg.pipeline.shacl import Violation, load_shapes, validate

NKG = rdflib.Namespace("https://w3id.org/natokg/ontology#")


def violations(draft: rdflib.Graph, project: Path) -> list[Violation]:
    data = rdflib.Graph()
    for name in ("natokg.ttl", "declarations.ttl"):
        data.parse(project / "ontology" / name, format="turtle")
    context = rdflib.Graph()
    for path in sorted((project / "data" / "entities").glob("*.ttl")):
        context.parse(path, format="turtle")
    context.parse(project / "data" / "sources.ttl", format="turtle")
    _people(context, project)
    data += context
    data += draft
    found = validate(data, load_shapes(project / "ontology" / "shapes.ttl"))
    # only what the draft says is the draft's problem
    mine = {s.n3() for s in draft.subjects()}
    return [v for v in found if v.focus in mine]


def draft_statuses(draft: rdflib.Graph) -> list[rdflib.term.Node]:
    return sorted(set(draft.subjects(NKG.status, NKG.draft)))


def _people(context: rdflib.Graph, project: Path) -> None:
    """The people the curated documents name (a draft links to them), with their types."""
    store = ox.Store()
    for path in sorted((project / "data" / "documents").glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    person = ox.NamedNode(str(NKG.Person))
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(rdflib.RDF.type)), person):
        subject = rdflib.URIRef(quad.subject.value)
        context.add((subject, rdflib.RDF.type, NKG.Person))
        for label in store.quads_for_pattern(
            quad.subject, ox.NamedNode(str(rdflib.RDFS.label)), None
        ):
            context.add(
                (
                    subject,
                    rdflib.RDFS.label,
                    rdflib.Literal(label.object.value, lang=label.object.language),
                )
            )
