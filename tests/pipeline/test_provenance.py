"""Provenance per statement: 50 triples drawn at random (seeded) from data/documents/, and for
each the sentences the documented query returns on the session build must be exactly those the
evidence rules give, worked out here from the parsed Turtle (not from the build's graphs)."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.namespaces import NKG, OWL, PROV, RDF, RDFS, SKOS, graph_namespace
from natokg.pipeline import pipeline, provenance
from natokg.pipeline.parsing import parse_file
from natokg.pipeline.skolem import genid_namespace, skolemize
from natokg.pipeline.sources import SourceFile
from natokg.settings import Settings
from natokg.store import from_release
from tests.conftest import ROOT

DOCUMENTS = sorted((ROOT / "data" / "documents").glob("*.ttl"))
DATA = sorted((ROOT / "data").rglob("*.ttl"))
BASE = "https://w3id.org/natokg/"
NOT_FACTS = {
    RDF + "type",
    RDFS + "label",
    SKOS + "altLabel",
    SKOS + "prefLabel",
    SKOS + "note",
    SKOS + "definition",
    NKG + "acronym",
    NKG + "attestedBy",
}
AXIOM_PARTS = {OWL + "annotatedSource", OWL + "annotatedProperty", OWL + "annotatedTarget"}


def parsed(path: Path) -> list[ox.Quad]:
    """One data file as the build reads it, with its blank nodes named as the build names them."""
    graph = graph_namespace(BASE) + path.relative_to(ROOT / "data").with_suffix("").as_posix()
    return skolemize(parse_file(SourceFile(path, graph), ROOT), BASE)


def expected_evidence(quads: list[ox.Quad]) -> dict[tuple, set[str]]:
    """The rules of DEPTH.md §2, written out again: annotation, else the subject's single
    attestation, else (for an unnamed node) the evidence of the statements that reach it."""
    by_subject: dict[ox.Term, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        by_subject[q.subject][q.predicate.value].append(q.object)
    axioms, facts = defaultdict(set), []
    non_facts = set()
    for subject, props in by_subject.items():
        types = {t.value for t in props.get(RDF + "type", [])}
        if OWL + "Axiom" in types or NKG + "Attestation" in types:
            non_facts.add(subject)
        if AXIOM_PARTS <= props.keys():
            target = tuple(props[p][0] for p in sorted(AXIOM_PARTS))  # property, source, target
            axioms[(target[1], target[0], target[2])] |= {
                e.value for e in props.get(NKG + "evidence", [])
            }
    for q in quads:
        if q.subject not in non_facts and q.predicate.value not in NOT_FACTS:
            facts.append((q.subject, q.predicate, q.object))
    parents = defaultdict(list)
    for s, p, o in facts:
        parents[o].append((s, p, o))

    def evidence(triple: tuple, seen: frozenset) -> set[str]:
        if axioms.get(triple):
            return axioms[triple]
        attestations = {a.value for a in by_subject[triple[0]].get(NKG + "attestedBy", [])}
        if attestations:
            return attestations if len(attestations) == 1 else set()
        subject = triple[0]
        if subject.value.startswith(genid_namespace(BASE)) and subject not in seen:
            return set().union(*(evidence(t, seen | {subject}) for t in parents[subject]))
        return set()

    return {t: evidence(t, frozenset()) for t in facts}


@pytest.fixture(scope="module")
def quotes() -> dict[str, str]:
    found = {}
    for path in DATA:
        for t in ox.parse(path=str(path)):
            if t.predicate.value == PROV + "value":
                found[t.subject.value] = t.object.value
    return found


@pytest.fixture(scope="module")
def expected() -> dict[tuple, set[str]]:
    assert len(DOCUMENTS) == 5
    merged: dict[tuple, set[str]] = defaultdict(set)
    for path in DATA:  # a statement made in two files rests on the evidence of both
        for triple, found in expected_evidence(parsed(path)).items():
            merged[triple] |= found
    return merged


@pytest.fixture(scope="module")
def store(release: Path, settings: Settings) -> ox.Store:
    return from_release(release, settings.base_iri).store


def sentences_of(store: ox.Store, triple: tuple) -> set[str]:
    s, p, o = triple
    query = provenance.SENTENCES_QUERY.replace(
        "SELECT DISTINCT ?evidence ?sentence WHERE {",
        f"SELECT DISTINCT ?evidence ?sentence WHERE {{ VALUES (?s ?p ?o) {{ ({s} {p} {o}) }}",
    )
    rows = store.query(query, use_default_graph_as_union=True)
    return {row["sentence"].value for row in rows}


def test_fifty_random_statements_give_exactly_their_sentences(
    store: ox.Store, expected: dict[tuple, set[str]], quotes: dict[str, str]
) -> None:
    in_documents = sorted(
        {t for path in DOCUMENTS for t in expected_evidence(parsed(path))}, key=str
    )
    assert len(in_documents) >= 1000
    sample = random.Random(11).sample(in_documents, 50)
    with_evidence = 0
    for triple in sample:
        want = {quotes[a] for a in expected[triple] if a in quotes}
        with_evidence += bool(want)
        assert sentences_of(store, triple) == want, triple
    assert with_evidence >= 25


def test_a_statement_with_its_own_annotation_gets_that_sentence_only(
    store: ox.Store, expected: dict[tuple, set[str]], quotes: dict[str, str]
) -> None:
    """The Kazakhstan PfP membership rests on two sentences (the page's and the reference's);
    a triple of a node with a single attestation gets that one."""
    kg = BASE + "id/"
    triple = (
        ox.NamedNode(kg + "mem-kazakhstan-partnership-for-peace"),
        ox.NamedNode("http://www.w3.org/ns/org#member"),
        ox.NamedNode(kg + "kazakhstan"),
    )
    assert sentences_of(store, triple) == {quotes[a] for a in expected[triple] if a in quotes}
    assert any("Partenariat pour la paix" in s for s in sentences_of(store, triple))


def test_exactly_the_statements_without_evidence_are_reported(build_outcome) -> None:
    """The shipped documents: the triples the test finds without evidence (from the Turtle, on
    its own) are exactly those the build reports as errors — none, or the build fails."""
    step = next(s for s in build_outcome.steps if s.name == "provenance")
    reported = sorted(e for e in build_outcome.errors if e.startswith("no evidence for "))
    assert step.detail.endswith(f", {len(reported)} without")
    expected = {
        (path.stem, triple)
        for path in DOCUMENTS
        for triple, found in expected_evidence(parsed(path)).items()
        if not found
    }
    assert len(reported) == len(expected) == 0


TWO_SENTENCES = """
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix kg: <https://w3id.org/natokg/id/> .
kg:q-joined a nkg:Attestation ; prov:wasQuotedFrom kg:doc ;
    prov:value "Le Kazakhstan a adhéré au Partenariat pour la paix"@fr .
kg:q-year a nkg:Attestation ; prov:wasQuotedFrom kg:doc ; prov:value "en 1995"@fr .
kg:mem-kazakhstan-partnership-for-peace nkg:attestedBy kg:q-joined , kg:q-year ;
    nkg:status nkg:ongoing{annotation} .
"""


@pytest.mark.parametrize(
    ("annotation", "fails"), [("", True), (" {| nkg:evidence kg:q-joined |}", False)]
)
def test_a_statement_of_a_node_with_two_sentences_needs_its_own_evidence(
    project: Path, annotation: str, fails: bool
) -> None:
    """A node attested by two sentences: each of its statements names its sentence, or the
    build fails and says which triple has no evidence."""
    documents = project / "data" / "documents"
    documents.mkdir()
    (documents / "two.ttl").write_text(
        TWO_SENTENCES.replace("{annotation}", annotation), encoding="utf-8"
    )
    settings = Settings.load(
        {"project_dir": project, "releases_dir": project / "releases"}, environ={}
    )
    outcome = pipeline.run(settings, publish_release=False, with_reasoner=False)
    errors = [e for e in outcome.errors if e.startswith("no evidence for ")]
    if fails:
        assert len(errors) == 1 and "mem-kazakhstan-partnership-for-peace" in errors[0]
        assert "status" in errors[0] and not outcome.ok
    else:
        assert errors == [] and outcome.ok, outcome.problems()
