"""The SPARQL 1.1 Service Description of the endpoint (GET /sparql with no query).

https://www.w3.org/TR/sparql11-service-description/ — the endpoint, the query language, every
result format, the union default graph, and the dataset: its default graph and one
``sd:namedGraph`` per graph, with triple counts. The dataset node is the dataset's VoID IRI
(``<base>dataset``), and ``rdfs:seeAlso`` points at the published VoID file. The prefixes every
query knows without declaring them are listed as SHACL prefix declarations
(``sh:declare [ sh:prefix "nkg" ; sh:namespace "…"^^xsd:anyURI ]``), the vocabulary SHACL-SPARQL
and several endpoints use for the purpose.
"""

from __future__ import annotations

import pyoxigraph as ox

from natokg.formats import Format
from natokg.namespaces import DCTERMS, RDF, RDFS, SD, SH, VOID, XSD, dataset_iri
from natokg.sparql.state import SparqlState

ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"


def describe(state: SparqlState, endpoint: str) -> list[ox.Triple]:
    """The description of the service answering at ``endpoint`` (an absolute URL)."""
    base = state.dataset.base_iri
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(dataset_iri(base))
    triples: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    add(service, RDF + "type", ox.NamedNode(SD + "Service"))
    add(service, SD + "endpoint", service)
    add(service, DCTERMS + "title", ox.Literal("natokg SPARQL endpoint (read-only)", language="en"))
    for language in ("SPARQL10Query", "SPARQL11Query"):
        add(service, SD + "supportedLanguage", ox.NamedNode(SD + language))
    add(service, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
    add(service, SD + "defaultEntailmentRegime", ox.NamedNode(ENTAILMENT_SIMPLE))
    for fmt in Format:
        if fmt.spec.writer is not None:
            add(service, SD + "resultFormat", ox.NamedNode(fmt.spec.writer.iri))
    add(service, SD + "defaultDataset", dataset)
    add(dataset, RDF + "type", ox.NamedNode(SD + "Dataset"))
    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, VOID + "sparqlEndpoint", service)
    if state.dataset.release is not None and (state.dataset.release / "void.ttl").is_file():
        add(dataset, RDFS + "seeAlso", ox.NamedNode(base + "downloads/void.ttl"))
    for number, (prefix, namespace) in enumerate(sorted(state.service.query_prefixes.items())):
        declaration = ox.BlankNode(f"prefix{number}")
        add(service, SH + "declare", declaration)
        add(declaration, SH + "prefix", ox.Literal(prefix))
        add(
            declaration,
            SH + "namespace",
            ox.Literal(namespace, datatype=ox.NamedNode(XSD + "anyURI")),
        )
    triples += _graphs(state, dataset)
    return triples


def _graphs(state: SparqlState, dataset: ox.NamedNode) -> list[ox.Triple]:
    out: list[ox.Triple] = []

    def add(
        s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal
    ) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    sizes = state.graph_sizes
    default = ox.BlankNode("defaultGraph")
    add(dataset, SD + "defaultGraph", default)
    add(default, RDF + "type", ox.NamedNode(SD + "Graph"))
    add(
        default,
        RDFS + "comment",
        ox.Literal(
            "The RDF merge of every graph below (ontology, inferred triples, VoID, data): "
            "a triple stated in several graphs is in it once.",
            language="en",
        ),
    )
    for number, (name, size) in enumerate(sizes.items()):
        node, graph = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        add(dataset, SD + "namedGraph", node)
        add(node, RDF + "type", ox.NamedNode(SD + "NamedGraph"))
        add(node, SD + "name", ox.NamedNode(name))
        add(node, SD + "graph", graph)
        add(graph, RDF + "type", ox.NamedNode(SD + "Graph"))
        add(graph, VOID + "triples", _integer(size))
    return out


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
