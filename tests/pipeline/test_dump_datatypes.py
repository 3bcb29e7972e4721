"""The published dumps keep every literal of the sources with its datatype: nothing a store
normalises (pyoxigraph keeps only xsd:integer of the types derived from it) changes what a
reader of dataset.nt validates against the shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

PROJECT = Path(__file__).resolve().parents[2]


def typed_literals(triples: object) -> set[tuple[str, str, str]]:
    return {
        (t.predicate.value, t.object.value, t.object.datatype.value)
        for t in triples
        if isinstance(t.object, ox.Literal) and t.object.language is None
    }


def test_source_literals_keep_their_datatype_in_the_dump(release: Path) -> None:
    sources = [p for p in sorted((PROJECT / "data").rglob("*.ttl")) if "drafts" not in p.parts]
    assert len([p for p in sources if p.parent.name == "documents"]) == 5
    stated: set[tuple[str, str, str]] = set()
    for path in sources:
        stated |= typed_literals(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(stated) > 200
    published = typed_literals(ox.parse(path=str(release / "dataset.nt")))
    assert stated - published == set()
