"""The VoID description of the published dataset (its own named graph and void.ttl)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime

import pyoxigraph as ox

from natokg import __version__
from natokg.namespaces import DCTERMS, NKG, RDF, SD, VOID, XSD, dataset_iri, id_namespace

DATA_DUMPS = ("dataset.nq", "dataset.trig", "dataset.ttl", "dataset.nt", "dataset.jsonld")


def describe(
    store: ox.Store, base: str, void_graph: str, built: datetime | None = None
) -> list[ox.Quad]:
    """VoID triples for every named graph of ``store`` and for the whole dataset."""
    built = built or datetime.now(UTC)
    g = ox.NamedNode(void_graph)
    ds = ox.NamedNode(dataset_iri(base))
    out: list[ox.Quad] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode
    ) -> None:
        out.append(ox.Quad(s, ox.NamedNode(p), o, g))

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=iri(XSD + "integer"))

    total, subjects, classes, properties = 0, set(), Counter(), Counter()
    graphs = sorted(str(n.value) for n in store.named_graphs())
    add(ds, RDF + "type", iri(VOID + "Dataset"))
    add(
        ds,
        DCTERMS + "title",
        ox.Literal("natokg: a knowledge graph of NATO's partnerships", language="en"),
    )
    add(ds, DCTERMS + "license", iri("https://creativecommons.org/licenses/by/4.0/"))
    add(
        ds,
        DCTERMS + "modified",
        ox.Literal(built.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=iri(XSD + "dateTime")),
    )
    add(ds, DCTERMS + "hasVersion", ox.Literal(__version__))
    add(ds, VOID + "uriSpace", ox.Literal(id_namespace(base)))
    add(ds, VOID + "sparqlEndpoint", iri(base + "sparql"))
    add(ds, VOID + "vocabulary", iri(NKG[:-1]))
    for dump in DATA_DUMPS:
        add(ds, VOID + "dataDump", iri(base + "downloads/" + dump))
    for graph in graphs:
        gnode = ox.NamedNode(graph)
        count = 0
        for quad in store.quads_for_pattern(None, None, None, gnode):
            count += 1
            subjects.add(quad.subject)
            properties[quad.predicate.value] += 1
            if quad.predicate.value == RDF + "type" and isinstance(quad.object, ox.NamedNode):
                classes[quad.object.value] += 1
        total += count
        sub = iri(graph)
        add(ds, VOID + "subset", sub)
        add(sub, RDF + "type", iri(VOID + "Dataset"))
        add(sub, RDF + "type", iri(SD + "NamedGraph"))
        add(sub, SD + "name", sub)
        add(sub, VOID + "triples", integer(count))
    add(ds, VOID + "triples", integer(total))
    add(ds, VOID + "distinctSubjects", integer(len(subjects)))
    add(ds, VOID + "classes", integer(len(classes)))
    add(ds, VOID + "properties", integer(len(properties)))
    for name, counter, kind in (
        (VOID + "classPartition", classes, VOID + "class"),
        (VOID + "propertyPartition", properties, VOID + "property"),
    ):
        for term, count in sorted(counter.items()):
            part = ox.NamedNode(f"{dataset_iri(base)}/{kind.rsplit('#', 1)[-1]}/{_slug(term)}")
            add(ds, name, part)
            add(part, kind, iri(term))
            add(part, VOID + ("entities" if kind.endswith("class") else "triples"), integer(count))
    return out


def _slug(iri: str) -> str:
    local = iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return f"{local}-{hashlib.sha1(iri.encode()).hexdigest()[:8]}"
