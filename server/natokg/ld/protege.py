"""A zip that Protégé opens to browse the individuals with the ontology, offline, and that a
reasoner (HermiT with its default settings) classifies and realises.

It holds ``ontology.owl`` (the ontology's "full" release, RDF/XML: core and declarations merged
under one header), ``data.owl`` (every data, reference and inferred triple, RDF/XML, as an
ontology that ``owl:imports`` the full release) and ``catalog-v001.xml``, which resolves that
import to the file next to it, as Protégé expects. Open ``data.owl``.

Dates. The data keeps the sources' precision as ``xsd:date``, ``xsd:gYearMonth`` and
``xsd:gYear``; the last two are outside the OWL 2 datatype map, and ``xsd:date`` too, so a
reasoner run with its default settings (Protégé's reasoner menu) stops on them
(``UnsupportedDatatypeException``) and the OWL API's profile checker counts each one as an OWL 2
DL violation. In the bundle only, every such literal becomes the ``xsd:dateTime`` of the start
of its period (``"1994"^^xsd:gYear`` → ``"1994-01-01T00:00:00"^^xsd:dateTime``, no time zone,
as the source gives none), and the precision is kept beside it as an OWL 2 axiom annotation on
that very assertion: ``nkg:datePrecision`` with an OWL-Time unit (``time:unitYear``,
``time:unitMonth``, ``time:unitDay``). Why this choice: the dates stay data values, so a
reasoner and a DL query can compare them (``xsd:dateTime`` is in the OWL 2 datatype map and
HermiT supports it), and nothing is lost — the source value is the start of the period truncated
to the unit; turning them into annotations would have hidden them from the reasoner and clashed
with the ontology's data properties. The SPARQL endpoint and the dumps keep the source's
datatypes.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from natokg.ld.iris import IriMapper
from natokg.modules import FULL_IRI
from natokg.namespaces import NKG, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, TIME, XSD, prefixes

FOLDER = "natokg-protege"
#: the bundle-only annotation property that keeps a converted date's precision
DATE_PRECISION = NKG + "datePrecision"
#: source datatype -> the OWL-Time unit of its precision
PRECISION = {
    XSD + "date": TIME + "unitDay",
    XSD + "gYearMonth": TIME + "unitMonth",
    XSD + "gYear": TIME + "unitYear",
}
_LEXICAL = re.compile(r"^(-?\d{4,})(?:-(\d\d))?(?:-(\d\d))?(Z|[+-]\d\d:\d\d)?$")
README = """natokg for Protégé
==================

Open data.owl in Protégé (File > Open). It imports the natokg ontology's full release
<{ontology}>; catalog-v001.xml, in this folder, makes Protégé load it from ontology.owl
here, without the network. The Individuals tab then lists every state, membership, event,
attestation... with their properties; the classes inferred by the build (nkg:Ally,
nkg:PartnerCountry...) are already asserted, and a reasoner (HermiT, default settings)
classifies the ontology and realises the individuals to the same classes.

Dates: the sources give years, months or days (xsd:gYear, xsd:gYearMonth, xsd:date), which
are outside the OWL 2 datatype map. In this bundle each date is the xsd:dateTime of the start
of its period ("1994" -> 1994-01-01T00:00:00), and the precision is an annotation on that
assertion: nkg:datePrecision time:unitYear, time:unitMonth or time:unitDay (in Protégé, the
"@" beside a property value). So the bundle is OWL 2 DL and a reasoner accepts it; the
SPARQL endpoint and the dumps keep the source's own datatypes.
Data: CC BY 4.0. Built from dataset version {version}.
"""


def data_iri(mapper: IriMapper) -> str:
    return mapper.base + "data"


def catalog(version_iris: list[str]) -> str:
    entries = "".join(
        f'    <uri name={quoteattr(iri)} uri="ontology.owl"/>\n'
        for iri in [FULL_IRI, *version_iris]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n'
        f"{entries}</catalog>\n"
    )


def as_datetime(literal: ox.Literal) -> ox.Literal | None:
    """The ``xsd:dateTime`` of the start of the period a date literal names; None for others."""
    if literal.datatype.value not in PRECISION:
        return None
    found = _LEXICAL.match(literal.value)
    if found is None:
        return None
    year, month, day, zone = found.groups()
    lexical = f"{year}-{month or '01'}-{day or '01'}T00:00:00{zone or ''}"
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + "dateTime"))


def _dated(triples: set[ox.Triple]) -> set[ox.Triple]:
    """The triples with their dates as ``xsd:dateTime``, each new assertion annotated with the
    precision of the source's value (an OWL 2 annotated axiom, ``owl:Axiom``)."""
    out = set()
    reified = {OWL + "annotatedTarget"}
    for triple in triples:
        obj = triple.object
        converted = as_datetime(obj) if isinstance(obj, ox.Literal) else None
        if converted is None:
            out.add(triple)
            continue
        out.add(ox.Triple(triple.subject, triple.predicate, converted))
        if triple.predicate.value in reified:
            continue  # the target of an existing annotated axiom: converted alike, above
        axiom = ox.BlankNode()
        for p, o in (
            (RDF + "type", ox.NamedNode(OWL + "Axiom")),
            (OWL + "annotatedSource", triple.subject),
            (OWL + "annotatedProperty", triple.predicate),
            (OWL + "annotatedTarget", converted),
            (DATE_PRECISION, ox.NamedNode(PRECISION[obj.datatype.value])),  # type: ignore[union-attr]
        ):
            out.add(ox.Triple(axiom, ox.NamedNode(p), o))
    return out


def _precision_declaration() -> set[ox.Triple]:
    node = ox.NamedNode(DATE_PRECISION)

    def text(value: str, lang: str) -> ox.Literal:
        return ox.Literal(value, language=lang)

    return {
        ox.Triple(node, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "AnnotationProperty")),
        ox.Triple(node, ox.NamedNode(RDFS + "label"), text("date precision", "en")),
        ox.Triple(node, ox.NamedNode(RDFS + "label"), text("précision de la date", "fr")),
        ox.Triple(
            node,
            ox.NamedNode(SKOS + "definition"),
            text(
                "In the Protégé bundle only: the precision (an OWL-Time unit) of the source's "
                "date that this xsd:dateTime assertion starts, e.g. time:unitYear for a year.",
                "en",
            ),
        ),
        ox.Triple(
            node,
            ox.NamedNode(SKOS + "definition"),
            text(
                "Dans le paquet Protégé seulement : la précision (une unité OWL-Time) de la date "
                "de la source dont cette assertion xsd:dateTime est le début, par exemple "
                "time:unitYear pour une année.",
                "fr",
            ),
        ),
    }


def data_triples(store: ox.Store, mapper: IriMapper) -> list[ox.Triple]:
    """Every triple outside the ontology and VoID graphs, dates as OWL 2 datatypes (see the
    module's docstring), under an ontology header that imports the full release."""
    skip = {ox.NamedNode(mapper.graph_iri("ontology")), ox.NamedNode(mapper.graph_iri("void"))}
    triples = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, None)
        # the default graph is the merge of all graphs, the ontology's too
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in skip
    }
    triples = _dated(triples) | _precision_declaration()
    header = ox.NamedNode(data_iri(mapper))
    triples.add(ox.Triple(header, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology")))
    triples.add(ox.Triple(header, ox.NamedNode(OWL + "imports"), ox.NamedNode(FULL_IRI)))
    return sorted(triples, key=str)


def bundle(store: ox.Store, mapper: IriMapper, ontology_owl: bytes, version: str) -> bytes:
    """The zip, built in memory; ``ontology_owl`` is the published full release."""
    full_versions = sorted(
        {
            q.object.value
            for q in store.quads_for_pattern(
                ox.NamedNode(ONTOLOGY_IRI),
                ox.NamedNode(OWL + "versionIRI"),
                None,
                None,
            )
        }
    )
    version_iris = [f"{FULL_IRI}/{v.rsplit('/', 1)[-1]}" for v in full_versions]
    data = ox.serialize(
        data_triples(store, mapper), format=ox.RdfFormat.RDF_XML, prefixes=prefixes(mapper.base)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{FOLDER}/ontology.owl", ontology_owl)
        archive.writestr(f"{FOLDER}/data.owl", data or b"")
        archive.writestr(f"{FOLDER}/catalog-v001.xml", catalog(version_iris))
        archive.writestr(f"{FOLDER}/README.txt", README.format(ontology=FULL_IRI, version=version))
    return buffer.getvalue()
