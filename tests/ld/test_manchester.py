"""Class expressions in Manchester syntax, on tiny graphs written for each axiom shape."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from natokg.ld.manchester import Renderer, text

PROLOGUE = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> .
"""
CASES = [
    ("[ owl:intersectionOf ( ex:A ex:B ) ]", "ex:A and ex:B"),
    ("[ owl:unionOf ( ex:A ex:B ex:C ) ]", "ex:A or ex:B or ex:C"),
    ("[ owl:complementOf ex:A ]", "not ex:A"),
    ("[ owl:oneOf ( ex:a ex:b ) ]", "{ex:a, ex:b}"),
    ("[ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:A ]", "ex:p some ex:A"),
    ("[ a owl:Restriction ; owl:onProperty ex:p ; owl:allValuesFrom ex:A ]", "ex:p only ex:A"),
    ("[ a owl:Restriction ; owl:onProperty ex:p ; owl:hasValue ex:a ]", "ex:p value ex:a"),
    ("[ a owl:Restriction ; owl:onProperty ex:p ; owl:hasSelf true ]", "ex:p Self"),
    ("[ a owl:Restriction ; owl:onProperty ex:p ; owl:maxCardinality 1 ]", "ex:p max 1"),
    (
        "[ a owl:Restriction ; owl:onProperty ex:p ;"
        " owl:qualifiedCardinality 2 ; owl:onClass ex:A ]",
        "ex:p exactly 2 ex:A",
    ),
    (
        "[ a owl:Restriction ; owl:onProperty [ owl:inverseOf ex:p ] ; owl:someValuesFrom ex:A ]",
        "inverse ex:p some ex:A",
    ),
    (
        "[ owl:intersectionOf ( ex:State [ a owl:Restriction ; owl:onProperty ex:has ;"
        " owl:someValuesFrom [ owl:intersectionOf ( [ a owl:Restriction ; owl:onProperty ex:role ;"
        " owl:hasValue ex:ally ] [ owl:complementOf ex:Ended ] ) ] ] ) ]",
        "ex:State and (ex:has some ((ex:role value ex:ally) and (not ex:Ended)))",
    ),
    ("[ owl:someUnknownKey ex:A ]", "?"),
]


@pytest.mark.parametrize(("turtle", "expected"), CASES)
def test_renders_each_axiom_shape(turtle: str, expected: str) -> None:
    store = ox.Store()
    store.load(f"{PROLOGUE} ex:C owl:equivalentClass {turtle} .".encode(), ox.RdfFormat.TURTLE)
    node = next(iter(store.quads_for_pattern(ox.NamedNode("http://example.org/C"), None, None)))
    renderer = Renderer(store, lambda iri: iri.replace("http://example.org/", "ex:"))
    tokens = renderer.expression(node.object)
    assert text(tokens) == expected
    # named entities carry their IRI, for links
    assert all(iri is None or iri.startswith("http://example.org/") for _, iri in tokens)
