"""The Protégé bundle of the session build: OWL 2 DL with its import resolved offline, and a
reasoner with its default settings classifies and realises it to the build's inferred types."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.ld.protege import DATE_PRECISION, as_datetime
from natokg.namespaces import OWL, RDF, TIME, XSD
from natokg.store import Dataset
from tests.checkers import run_owlcheck
from tests.ld.reasoner import hermit_realise

DATETIME = ox.NamedNode(XSD + "dateTime")


@pytest.mark.parametrize(
    ("lexical", "datatype", "expected"),
    [
        ("1994", "gYear", "1994-01-01T00:00:00"),
        ("2005-10", "gYearMonth", "2005-10-01T00:00:00"),
        ("1949-04-04", "date", "1949-04-04T00:00:00"),
        ("2022-11-09Z", "date", "2022-11-09T00:00:00Z"),
    ],
)
def test_a_date_becomes_the_start_of_its_period(lexical: str, datatype: str, expected: str) -> None:
    converted = as_datetime(ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype)))
    assert converted == ox.Literal(expected, datatype=DATETIME)


def test_other_literals_are_left_alone() -> None:
    assert as_datetime(ox.Literal("1994")) is None
    assert as_datetime(ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))) is None
    assert as_datetime(ox.Literal("around 1994", datatype=ox.NamedNode(XSD + "gYear"))) is None


def _triples(path: Path) -> list[ox.Triple]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.RDF_XML))


def test_the_bundle_has_no_date_outside_the_owl2_datatype_map(bundle: Path) -> None:
    triples = _triples(bundle / "data.owl")
    datatypes = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    assert not datatypes & {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}
    assert XSD + "dateTime" in datatypes


def test_each_date_keeps_its_precision_as_an_axiom_annotation(bundle: Path) -> None:
    triples = _triples(bundle / "data.owl")
    by_node: dict[ox.BlankNode, dict[str, ox.Term]] = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            by_node.setdefault(t.subject, {})[t.predicate.value] = t.object
    precision = {
        (a[OWL + "annotatedTarget"].value, a[DATE_PRECISION].value)
        for a in by_node.values()
        if DATE_PRECISION in a
    }
    # NATO's founding day (reference layer), a year and a month of the Pakistan timeline
    assert ("1949-04-04T00:00:00", TIME + "unitDay") in precision
    assert ("1994-01-01T00:00:00", TIME + "unitYear") in precision
    assert ("2005-10-01T00:00:00", TIME + "unitMonth") in precision
    # every xsd:dateTime assertion of the data graphs carries one
    dated = {
        (t.subject, t.predicate, t.object)
        for t in triples
        if isinstance(t.object, ox.Literal)
        and t.object.datatype == DATETIME
        and not t.predicate.value.startswith(OWL)
        and "modified" not in t.predicate.value  # the build's own timestamps are dateTimes
    }
    annotated = {
        (a[OWL + "annotatedSource"], a[OWL + "annotatedProperty"], a[OWL + "annotatedTarget"])
        for a in by_node.values()
        if DATE_PRECISION in a
    }
    assert len(dated) > 500
    assert dated <= annotated


@pytest.mark.java
def test_the_bundle_is_owl2_dl_with_its_import_resolved_offline(bundle: Path) -> None:
    report = run_owlcheck(bundle / "data.owl")
    assert report.loaded, report  # the import resolved offline through the bundle's catalog
    assert report.imports == {
        "https://w3id.org/natokg/ontology/full": (bundle / "ontology.owl").as_uri()
    }
    assert report.parse_warnings == []
    assert report.counts["individuals"] > 1000
    assert report.dl_violations == []


def _merged(bundle: Path, out: Path) -> Path:
    """data.owl and the ontology.owl it imports as one file (HermiT's command line resolves no
    catalog). Skolem IRIs (``…/.well-known/genid/…``) are renamed: OWL API 3, inside HermiT
    1.3.8, takes any IRI containing "genid" for a blank node and would not report them."""
    triples = [
        t
        for name in ("data.owl", "ontology.owl")
        for t in _triples(bundle / name)
        if t.predicate.value != OWL + "imports"
    ]
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    text = text.replace("/.well-known/genid/", "/skolem/")
    triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    ox.serialize(triples, str(out), ox.RdfFormat.RDF_XML)
    return out


@pytest.mark.java
def test_hermit_with_default_settings_realises_the_inferred_types(
    bundle: Path, build_dataset: Dataset, tmp_path: Path
) -> None:
    realised = hermit_realise(_merged(bundle, tmp_path / "merged.owl"), tmp_path / "out.txt")
    assert realised.returncode == 0, realised.stderr[-2000:]
    assert "Unsupported" not in realised.stderr
    store = build_dataset.store
    classes = {
        q.subject.value
        for q in store.quads_for_pattern(
            None, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Class"), None
        )
        if isinstance(q.subject, ox.NamedNode)
    }
    void = ox.NamedNode(build_dataset.base_iri + "graph/void")
    expected: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, None):
        if (
            isinstance(q.subject, ox.NamedNode)
            and q.object.value in classes
            and q.graph_name != void
        ):
            iri = q.subject.value.replace("/.well-known/genid/", "/skolem/")
            expected.setdefault(iri, set()).add(q.object.value)
    assert len(expected) > 1000
    mismatches = {
        iri: (realised.all_types(iri) & classes ^ types)
        for iri, types in expected.items()
        if realised.all_types(iri) & classes != types
    }
    assert not mismatches, list(mismatches.items())[:10]
