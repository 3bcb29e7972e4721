"""The formats the SPARQL endpoint answers in, as typed values.

Every :class:`Format` knows the media type it is sent with, the other media types clients
use for it, the short names accepted by the ``format`` parameter, the kinds of query result
it can carry and the pyoxigraph format that writes it. Serialisation itself is pyoxigraph's
(:meth:`pyoxigraph.QuerySolutions.serialize`, :func:`pyoxigraph.serialize`).

>>> Format.SPARQL_JSON.content_type
'application/sparql-results+json; charset=utf-8'
>>> [f.name for f in formats_for(ResultKind.BOOLEAN)]
['SPARQL_JSON', 'SPARQL_XML', 'CSV', 'TSV', 'HTML']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox


class ResultKind(Enum):
    """What a query returned, read from pyoxigraph's result object (never from the text)."""

    SOLUTIONS = "solutions"  # SELECT
    BOOLEAN = "boolean"  # ASK
    GRAPH = "graph"  # CONSTRUCT, DESCRIBE

    @classmethod
    def of(cls, result: object) -> ResultKind:
        if isinstance(result, ox.QuerySolutions):
            return cls.SOLUTIONS
        if isinstance(result, ox.QueryBoolean):
            return cls.BOOLEAN
        if isinstance(result, ox.QueryTriples):
            return cls.GRAPH
        raise TypeError(f"not a pyoxigraph query result: {type(result).__name__}")


_TABLE = frozenset({ResultKind.SOLUTIONS, ResultKind.BOOLEAN})
_GRAPH = frozenset({ResultKind.GRAPH})
_ALL = frozenset(ResultKind)


@dataclass(frozen=True)
class FormatSpec:
    label: str
    media_type: str
    #: values of the ``format`` parameter that select this format (besides the media types)
    names: tuple[str, ...]
    #: other media types that clients send in Accept for this format
    aliases: tuple[str, ...]
    kinds: frozenset[ResultKind]
    writer: ox.QueryResultsFormat | ox.RdfFormat | None
    #: the file extension of a download
    extension: str


class Format(Enum):
    """An answer format; the order of the members is the order of preference."""

    SPARQL_JSON = FormatSpec(
        "SPARQL JSON",
        "application/sparql-results+json",
        ("json", "srj"),
        ("application/json",),
        _TABLE,
        ox.QueryResultsFormat.JSON,
        "srj",
    )
    SPARQL_XML = FormatSpec(
        "SPARQL XML",
        "application/sparql-results+xml",
        ("xml", "srx"),
        ("application/xml", "text/xml"),
        _TABLE,
        ox.QueryResultsFormat.XML,
        "srx",
    )
    CSV = FormatSpec("CSV", "text/csv", ("csv",), (), _TABLE, ox.QueryResultsFormat.CSV, "csv")
    TSV = FormatSpec(
        "TSV", "text/tab-separated-values", ("tsv",), (), _TABLE, ox.QueryResultsFormat.TSV, "tsv"
    )
    TURTLE = FormatSpec(
        "Turtle",
        "text/turtle",
        ("turtle", "ttl", "n3"),
        ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"),
        _GRAPH,
        ox.RdfFormat.TURTLE,
        "ttl",
    )
    N_TRIPLES = FormatSpec(
        "N-Triples",
        "application/n-triples",
        ("ntriples", "nt"),
        (),
        _GRAPH,
        ox.RdfFormat.N_TRIPLES,
        "nt",
    )
    JSON_LD = FormatSpec(
        "JSON-LD",
        "application/ld+json",
        ("jsonld", "json-ld", "json"),
        ("application/json", "application/x-json+ld"),
        _GRAPH,
        ox.RdfFormat.JSON_LD,
        "jsonld",
    )
    RDF_XML = FormatSpec(
        "RDF/XML",
        "application/rdf+xml",
        ("rdfxml", "rdf+xml", "rdf", "xml", "owl"),
        ("application/xml", "text/xml"),
        _GRAPH,
        ox.RdfFormat.RDF_XML,
        "rdf",
    )
    N_QUADS = FormatSpec(
        "N-Quads", "application/n-quads", ("nquads", "nq"), (), _GRAPH, ox.RdfFormat.N_QUADS, "nq"
    )
    TRIG = FormatSpec("TriG", "application/trig", ("trig",), (), _GRAPH, ox.RdfFormat.TRIG, "trig")
    HTML = FormatSpec(
        "HTML", "text/html", ("html", "table"), ("application/xhtml+xml",), _ALL, None, "html"
    )

    @property
    def spec(self) -> FormatSpec:
        return self.value

    @property
    def media_type(self) -> str:
        return self.value.media_type

    @property
    def content_type(self) -> str:
        """The Content-Type header: the exact media type, UTF-8 (every format here is text)."""
        return f"{self.value.media_type}; charset=utf-8"

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def results_format(self) -> ox.QueryResultsFormat:
        writer = self.value.writer
        if not isinstance(writer, ox.QueryResultsFormat):
            raise ValueError(f"{self.label} does not write SPARQL results")
        return writer

    @property
    def rdf_format(self) -> ox.RdfFormat:
        writer = self.value.writer
        if not isinstance(writer, ox.RdfFormat):
            raise ValueError(f"{self.label} does not write RDF")
        return writer

    @property
    def takes_prefixes(self) -> bool:
        """Whether pyoxigraph abbreviates IRIs with the prefixes we hand it."""
        return self in (Format.TURTLE, Format.TRIG, Format.RDF_XML)

    def write_rdf(self, triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
        """The triples in this format, with ``prefixes`` declared where the syntax has them."""
        names = dict(prefixes) if self.takes_prefixes else None
        return ox.serialize(triples, format=self.rdf_format, prefixes=names) or b""


def formats_for(kind: ResultKind) -> tuple[Format, ...]:
    """The formats that can carry a result of ``kind``, most preferred first."""
    return tuple(f for f in Format if kind in f.value.kinds)


#: The RDF formats of the service description (browsers get the query UI instead).
DESCRIPTION_FORMATS: tuple[Format, ...] = tuple(
    f for f in formats_for(ResultKind.GRAPH) if f is not Format.HTML
)
