"""The IRIs of the vocabularies natokg uses and mints.

Ontology terms live under a fixed namespace (hash IRIs). Instance, graph and document IRIs
hang off the configurable base IRI (``Settings.base_iri``); the defaults below are the
published ones, used by the data files.
"""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/natokg/"

ONTOLOGY_IRI = "https://w3id.org/natokg/ontology"
NKG = ONTOLOGY_IRI + "#"
SHAPES_IRI = "https://w3id.org/natokg/shapes"
NKGSH = SHAPES_IRI + "#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SCHEMA = "https://schema.org/"
WD = "http://www.wikidata.org/entity/"

#: Prefixes offered to SPARQL users (UI, service description, pages). ``kg`` and ``graph``
#: follow the base IRI; see :func:`prefixes`.
STATIC_PREFIXES: dict[str, str] = {
    "nkg": NKG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "org": ORG,
    "time": TIME,
    "prov": PROV,
    "foaf": FOAF,
    "void": VOID,
    "wd": WD,
}


def id_namespace(base: str = DEFAULT_BASE) -> str:
    return base + "id/"


def graph_namespace(base: str = DEFAULT_BASE) -> str:
    return base + "graph/"


def dataset_iri(base: str = DEFAULT_BASE) -> str:
    """The dataset's own IRI (its VoID description)."""
    return base + "dataset"


def longest_first(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """(namespace, prefix) pairs, longest namespace first: the order to abbreviate IRIs in."""
    return sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """All prefixes, with ``kg:`` (instances) and ``graph:`` (named graphs) under ``base``."""
    return {"kg": id_namespace(base), "graph": graph_namespace(base), **STATIC_PREFIXES}


#: Further prefixes a query may use without declaring them (see :func:`query_prefixes`); not
#: written into result serialisations.
QUERY_ONLY_PREFIXES: dict[str, str] = {
    "schema": SCHEMA,
    "sh": SH,
    "nkgsh": NKGSH,
    "vann": VANN,
    "sd": SD,
}


def query_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The prefixes every SPARQL query knows without declaring them (a query's own ``PREFIX``
    wins): the project's :func:`prefixes` and :data:`QUERY_ONLY_PREFIXES`."""
    return {**prefixes(base), **QUERY_ONLY_PREFIXES}


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes(base).items())
