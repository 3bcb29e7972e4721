"""The answer formats: exact media types, what each can carry, and which writer it uses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from natokg.formats import DESCRIPTION_FORMATS, Format, ResultKind, formats_for


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        (Format.SPARQL_JSON, "application/sparql-results+json"),
        (Format.SPARQL_XML, "application/sparql-results+xml"),
        (Format.CSV, "text/csv"),
        (Format.TSV, "text/tab-separated-values"),
        (Format.TURTLE, "text/turtle"),
        (Format.N_TRIPLES, "application/n-triples"),
        (Format.JSON_LD, "application/ld+json"),
        (Format.RDF_XML, "application/rdf+xml"),
        (Format.N_QUADS, "application/n-quads"),
        (Format.TRIG, "application/trig"),
        (Format.HTML, "text/html"),
    ],
)
def test_exact_media_types_with_charset(fmt: Format, media_type: str) -> None:
    assert fmt.media_type == media_type
    assert fmt.content_type == f"{media_type}; charset=utf-8"


def test_the_writer_is_pyoxigraphs_own_format_for_the_media_type() -> None:
    for fmt in Format:
        if fmt is Format.HTML:
            continue
        if ResultKind.GRAPH in fmt.spec.kinds:
            assert ox.RdfFormat.from_media_type(fmt.media_type) == fmt.rdf_format
        else:
            assert ox.QueryResultsFormat.from_media_type(fmt.media_type) == fmt.results_format


def test_formats_per_result_kind_in_preference_order() -> None:
    tabular = [Format.SPARQL_JSON, Format.SPARQL_XML, Format.CSV, Format.TSV, Format.HTML]
    assert list(formats_for(ResultKind.SOLUTIONS)) == tabular
    assert list(formats_for(ResultKind.BOOLEAN)) == tabular
    assert list(formats_for(ResultKind.GRAPH)) == [
        Format.TURTLE,
        Format.N_TRIPLES,
        Format.JSON_LD,
        Format.RDF_XML,
        Format.N_QUADS,
        Format.TRIG,
        Format.HTML,
    ]
    assert Format.HTML not in DESCRIPTION_FORMATS


def test_a_results_format_has_no_rdf_writer_and_back() -> None:
    with pytest.raises(ValueError):
        _ = Format.CSV.rdf_format
    with pytest.raises(ValueError):
        _ = Format.TURTLE.results_format
    with pytest.raises(ValueError):
        _ = Format.HTML.results_format


def test_result_kind_is_read_from_the_result_object() -> None:
    store = ox.Store()
    assert ResultKind.of(store.query("SELECT * {}")) is ResultKind.SOLUTIONS
    assert ResultKind.of(store.query("ASK {}")) is ResultKind.BOOLEAN
    assert ResultKind.of(store.query("CONSTRUCT WHERE {}")) is ResultKind.GRAPH
    assert ResultKind.of(store.query("DESCRIBE <http://example.org/>")) is ResultKind.GRAPH
    with pytest.raises(TypeError):
        ResultKind.of("SELECT")
