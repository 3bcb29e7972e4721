"""The alignments to schema.org, SEM and LODE parse, map only terms the ontology declares, and
stay out of the DL gate (the core does not import them)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT, ontology_quads

ALIGNMENTS = sorted((ROOT / "ontology" / "alignments").glob("*.ttl"))
NKG = "https://w3id.org/natokg/ontology#"
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
SUBPROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")
TARGETS = {
    "schema-org.ttl": "https://schema.org/",
    "sem.ttl": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "lode.ttl": "http://linkedevents.org/ontology/",
}


def declared() -> set[str]:
    return {
        q.subject.value
        for q in ontology_quads()
        if q.predicate.value.endswith("#type") and isinstance(q.subject, ox.NamedNode)
    }


def test_alignments_found() -> None:
    assert {p.name for p in ALIGNMENTS} == set(TARGETS)


@pytest.mark.parametrize("path", ALIGNMENTS, ids=lambda p: p.stem)
def test_alignment_maps_declared_terms_to_its_vocabulary(path) -> None:
    known = declared()
    axioms = [t for t in ox.parse(path=str(path)) if t.predicate in (SUBCLASS, SUBPROPERTY)]
    assert len(axioms) >= 3
    for t in axioms:
        assert t.subject.value in known, f"{path.name}: {t.subject.value} is not declared"
        assert t.object.value.startswith(TARGETS[path.name]), t


def test_core_does_not_import_alignments() -> None:
    core = (ROOT / "ontology" / "natokg.ttl").read_text(encoding="utf-8")
    assert "alignments" not in core
