"""Blank nodes get IRIs that stay the same from build to build."""

from __future__ import annotations

import pyoxigraph as ox

from natokg.pipeline.skolem import skolemize

BASE = "https://w3id.org/natokg/"
PREFIX = """@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""
TWO_MEMBERSHIPS = (
    PREFIX
    + """
ex:m1 ex:during [ a time:Interval ; time:hasBeginning [ time:inXSDgYear "1995"^^xsd:gYear ] ] .
ex:m2 ex:during [ a time:Interval ; time:hasBeginning [ time:inXSDgYear "1995"^^xsd:gYear ] ] .
"""
)


def parse(text: str) -> list[ox.Quad]:
    return [
        ox.Quad(t.subject, t.predicate, t.object)
        for t in ox.parse(text, format=ox.RdfFormat.TURTLE)
    ]


def genids(quads: list[ox.Quad]) -> dict[str, str]:
    """subject/predicate path -> genid, to compare two runs."""
    return {
        f"{q.subject} {q.predicate}": q.object.value
        for q in quads
        if isinstance(q.object, ox.NamedNode) and "/.well-known/genid/" in q.object.value
    }


def test_no_blank_node_survives() -> None:
    out = skolemize(parse(TWO_MEMBERSHIPS), BASE)
    assert not any(isinstance(t, ox.BlankNode) for q in out for t in (q.subject, q.object))
    assert all(
        q.object.value.startswith(BASE + ".well-known/genid/")
        for q in out
        if isinstance(q.object, ox.NamedNode) and "genid" in q.object.value
    )


def test_same_input_same_iris_across_parses() -> None:
    assert genids(skolemize(parse(TWO_MEMBERSHIPS), BASE)) == genids(
        skolemize(parse(TWO_MEMBERSHIPS), BASE)
    )


def test_identical_structures_under_different_parents_stay_distinct() -> None:
    out = skolemize(parse(TWO_MEMBERSHIPS), BASE)
    intervals = {q.object for q in out if q.predicate.value == "https://example.org/during"}
    assert len(intervals) == 2


def test_unrelated_edit_keeps_iris() -> None:
    before = genids(skolemize(parse(TWO_MEMBERSHIPS), BASE))
    after = genids(skolemize(parse(TWO_MEMBERSHIPS + 'ex:m3 ex:note "added later" .\n'), BASE))
    assert before == after


def test_changed_content_changes_the_iri() -> None:
    before = genids(skolemize(parse(TWO_MEMBERSHIPS), BASE))
    after = genids(skolemize(parse(TWO_MEMBERSHIPS.replace('"1995"', '"1996"', 1)), BASE))
    key = "<https://example.org/m1> <https://example.org/during>"
    other = "<https://example.org/m2> <https://example.org/during>"
    assert before[key] != after[key] and before[other] == after[other]
