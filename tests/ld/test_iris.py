"""The mapping between the dataset's IRIs and this server's paths, for every kind of IRI."""

from __future__ import annotations

import doctest

import pytest

from natokg.ld import dates, iris
from natokg.ld.iris import IriMapper, Kind

BASE = "https://example.org/kg/"


@pytest.mark.parametrize("module", [iris, dates])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("iri", "kind", "local", "page", "data"),
    [
        (
            BASE + "id/kazakhstan",
            Kind.INSTANCE,
            "/id/kazakhstan",
            "/page/kazakhstan",
            "/data/kazakhstan.ttl",
        ),
        (
            BASE + ".well-known/genid/abc123",
            Kind.GENID,
            "/.well-known/genid/abc123",
            "/page/genid/abc123",
            "/data/genid/abc123.ttl",
        ),
        (
            BASE + "graph/documents/pakistan",
            Kind.GRAPH,
            "/graph/documents/pakistan",
            "/graph/documents/pakistan",
            None,
        ),
        (BASE + "dataset", Kind.OTHER, "/dataset", "/dataset", None),
        (
            "https://w3id.org/natokg/ontology#State",
            Kind.ONTOLOGY,
            "/ontology#State",
            "/ontology#State",
            None,
        ),
        (
            "https://w3id.org/natokg/ontology/0.1.0",
            Kind.ONTOLOGY,
            "/ontology/0.1.0",
            "/ontology/0.1.0",
            None,
        ),
        (
            "https://w3id.org/natokg/shapes#StateShape",
            Kind.SHAPES,
            "/shapes#StateShape",
            "/shapes#StateShape",
            None,
        ),
    ],
)
def test_mapping(iri: str, kind: Kind, local: str, page: str, data: str | None) -> None:
    mapper = IriMapper(BASE)
    classified = mapper.classify(iri)
    assert classified is not None and classified.kind is kind
    assert mapper.local_path(iri) == local
    assert mapper.page_path(iri) == page
    assert mapper.data_path(iri, "ttl") == data
    if kind in (Kind.INSTANCE, Kind.GENID, Kind.GRAPH):
        assert mapper.iri_for(kind, classified.name) == iri


@pytest.mark.parametrize(
    "iri",
    [
        "https://www.nato.int/cps/en/natohq/topics_52044.htm",
        "http://www.w3.org/ns/org#member",
        "https://example.org/kgx/id/kazakhstan",
    ],
)
def test_external_iris_stay_external(iri: str) -> None:
    mapper = IriMapper(BASE)
    assert mapper.classify(iri) is None
    assert mapper.page_path(iri) is None and mapper.local_path(iri) is None
