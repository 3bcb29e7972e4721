"""A zip that Protégé opens to browse the individuals with the ontology, offline.

It holds ``ontology.owl`` (the published ontology, RDF/XML, declarations merged, no imports),
``data.owl`` (every data, reference and inferred triple, RDF/XML, as an ontology that
``owl:imports`` the natokg ontology) and ``catalog-v001.xml``, which resolves that import to the
file next to it, as Protégé expects. Open ``data.owl``.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from natokg.ld.iris import IriMapper
from natokg.namespaces import ONTOLOGY_IRI, OWL, RDF, prefixes

FOLDER = "natokg-protege"
README = """natokg for Protégé
==================

Open data.owl in Protégé (File > Open). It imports the natokg ontology
<{ontology}>; catalog-v001.xml, in this folder, makes Protégé load it from ontology.owl
here, without the network. The Individuals tab then lists every state, membership, event,
attestation... with their properties; the classes inferred by the build (nkg:Ally,
nkg:PartnerCountry...) are already asserted, and a reasoner (HermiT) infers them again.

Dates keep the sources' precision (xsd:gYear, xsd:gYearMonth): these datatypes are outside
the OWL 2 datatype map, so Protégé may warn about them; the ontology itself is OWL 2 DL.
Data: CC BY 4.0. Built from dataset version {version}.
"""


def data_iri(mapper: IriMapper) -> str:
    return mapper.base + "data"


def catalog(version_iris: list[str]) -> str:
    entries = "".join(
        f'    <uri name={quoteattr(iri)} uri="ontology.owl"/>\n'
        for iri in [ONTOLOGY_IRI, *version_iris]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n'
        f"{entries}</catalog>\n"
    )


def data_triples(store: ox.Store, mapper: IriMapper) -> list[ox.Triple]:
    """Every triple outside the ontology and VoID graphs, under an importing ontology header."""
    skip = {ox.NamedNode(mapper.graph_iri("ontology")), ox.NamedNode(mapper.graph_iri("void"))}
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, None)
        # the default graph is the merge of all graphs, the ontology's too
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in skip
    }
    header = ox.NamedNode(data_iri(mapper))
    triples.add(ox.Triple(header, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology")))
    triples.add(ox.Triple(header, ox.NamedNode(OWL + "imports"), ox.NamedNode(ONTOLOGY_IRI)))
    return sorted(triples, key=str)


def bundle(store: ox.Store, mapper: IriMapper, ontology_owl: bytes, version: str) -> bytes:
    """The zip, built in memory."""
    version_iris = sorted(
        {
            q.object.value
            for q in store.quads_for_pattern(
                ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI"), None, None
            )
        }
    )
    data = ox.serialize(
        data_triples(store, mapper), format=ox.RdfFormat.RDF_XML, prefixes=prefixes(mapper.base)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{FOLDER}/ontology.owl", ontology_owl)
        archive.writestr(f"{FOLDER}/data.owl", data or b"")
        archive.writestr(f"{FOLDER}/catalog-v001.xml", catalog(version_iris))
        archive.writestr(
            f"{FOLDER}/README.txt", README.format(ontology=ONTOLOGY_IRI, version=version)
        )
    return buffer.getvalue()
