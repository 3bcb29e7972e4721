"""The project's own checkers see what they are for: each finding is provoked by a tiny
ontology or data file named after its case, so a checker that reports nothing cannot pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checkers import OwlReport, run_jena_shacl, run_owlcheck

pytestmark = pytest.mark.java

EX = "https://example.org/case#"
HEAD = f"""@prefix : <{EX}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
ONTOLOGY = (
    HEAD
    + """<https://example.org/case> a owl:Ontology .
:Event a owl:Class ; rdfs:label "event"@en, "événement"@fr .
:Agent a owl:Class ; rdfs:label "agent"@en, "agent"@fr ; owl:disjointWith :Event .
"""
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_ontology_loads_with_nothing_to_report(tmp_path: Path) -> None:
    report = run_owlcheck(write(tmp_path, "clean.ttl", ONTOLOGY), reason=True)
    assert report.loaded and report.format == "Turtle", report
    assert report.ontology == "https://example.org/case"
    assert report.dl_violations == report.parse_warnings == report.unlabelled("fr") == []
    assert report.consistent is True and report.unsatisfiable == []


FLAWED = ONTOLOGY + (
    # no French label
    ':Visit a owl:Class ; rdfs:subClassOf :Event ; rdfs:label "visit"@en .\n'
    # both an event and an agent, which are disjoint
    ':Odd a owl:Class ; rdfs:label "odd"@en, "bizarre"@fr ; rdfs:subClassOf :Event, :Agent .\n'
)


@pytest.fixture(scope="module")
def flawed(tmp_path_factory: pytest.TempPathFactory) -> OwlReport:
    return run_owlcheck(write(tmp_path_factory.mktemp("flawed"), "flawed.ttl", FLAWED), reason=True)


def test_labels_missing_in_a_language_are_listed(flawed: OwlReport) -> None:
    assert flawed.unlabelled("fr") == [EX + "Visit"]
    assert flawed.unlabelled("en") == flawed.unlabelled("*") == []


def test_an_unsatisfiable_class_is_named(flawed: OwlReport) -> None:
    assert flawed.consistent is True and flawed.unsatisfiable == [EX + "Odd"]


def test_an_owl2_dl_violation_is_reported_and_hermit_refusing_it_is_no_verdict(
    tmp_path: Path,
) -> None:
    # a transitive property may not carry a cardinality restriction in OWL 2 DL
    text = ONTOLOGY + (
        ":partOf a owl:ObjectProperty, owl:TransitiveProperty ; "
        'rdfs:label "part of"@en, "partie de"@fr .\n'
        ':Whole a owl:Class ; rdfs:label "whole"@en, "tout"@fr ;'
        " rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :partOf ; owl:maxCardinality 1 ] .\n"
    )
    report = run_owlcheck(write(tmp_path, "transitive.ttl", text), reason=True)
    assert report.loaded, report
    assert [v for v in report.dl_violations if "partOf" in v], report
    assert report.consistent is None and report.one("reasoner") == "error", report


def test_an_import_missing_from_the_catalog_is_never_fetched(tmp_path: Path) -> None:
    text = ONTOLOGY.replace(
        "a owl:Ontology .", "a owl:Ontology ; owl:imports <https://example.org/elsewhere> ."
    )
    report = run_owlcheck(write(tmp_path, "imports.ttl", text))
    assert report.unresolved_imports == ["https://example.org/elsewhere"]
    assert not report.loaded


def test_an_import_in_the_catalog_is_read_from_its_file(tmp_path: Path) -> None:
    write(tmp_path, "other.ttl", HEAD + "<https://example.org/other> a owl:Ontology .\n")
    write(
        tmp_path,
        "catalog-v001.xml",
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<group><uri name="https://example.org/other" uri="other.ttl"/></group></catalog>',
    )
    text = ONTOLOGY.replace(
        "a owl:Ontology .", "a owl:Ontology ; owl:imports <https://example.org/other> ."
    )
    report = run_owlcheck(write(tmp_path, "with-import.ttl", text))
    assert report.loaded, report
    assert report.imports == {"https://example.org/other": (tmp_path / "other.ttl").as_uri()}


def test_a_syntax_error_fails_the_load(tmp_path: Path) -> None:
    text = ONTOLOGY + ':x rdfs:label "unterminated .\n'
    report = run_owlcheck(write(tmp_path, "broken.ttl", text))
    assert report.returncode == 2 and not report.loaded
    assert any("Turtle" in e[0] and "line" in e[1] for e in report.all("parse-error")), report


def test_data_against_a_disjointness_is_inconsistent(tmp_path: Path) -> None:
    ontology = write(tmp_path, "ontology.ttl", ONTOLOGY)
    data = write(tmp_path, "data.ttl", HEAD + ":summit a :Event , :Agent .\n")
    report = run_owlcheck(ontology, data=[data])
    assert report.loaded and report.consistent is False, report


def test_instances_are_inferred_through_a_definition(tmp_path: Path) -> None:
    text = ONTOLOGY + (
        ':hosts a owl:ObjectProperty ; rdfs:label "hosts"@en, "accueille"@fr .\n'
        ':Host a owl:Class ; rdfs:label "host"@en, "hôte"@fr ; owl:equivalentClass [ a '
        "owl:Restriction ; owl:onProperty :hosts ; owl:someValuesFrom :Event ] .\n"
    )
    ontology = write(tmp_path, "defined.ttl", text)
    data = write(tmp_path, "data.ttl", HEAD + ":astana :hosts :summit . :summit a :Event .\n")
    report = run_owlcheck(ontology, data=[data], instances=[EX + "Host"])
    assert report.instances(EX + "Host") == {EX + "astana"}


SHAPES = HEAD + (
    ":EventShape a sh:NodeShape ; sh:targetClass :Event ;\n"
    "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:datatype xsd:string ] .\n"
)


def test_jena_reports_each_violation_of_each_named_graph(tmp_path: Path) -> None:
    shapes = write(tmp_path, "shapes.ttl", SHAPES)
    data = write(
        tmp_path,
        "data.trig",
        HEAD + '<urn:g:good> { :a a :Event ; rdfs:label "a" . }\n<urn:g:bad> { :b a :Event . }\n',
    )
    report = run_jena_shacl(shapes, [data], per_graph=True)
    assert report.loaded and not report.conforms, report
    assert report.graphs == {"urn:g:good": True, "urn:g:bad": False}, report
    assert [(r.graph, r.severity, r.focus, r.path, r.component) for r in report.results] == [
        (
            "urn:g:bad",
            "Violation",
            f"<{EX}b>",
            "<http://www.w3.org/2000/01/rdf-schema#label>",
            "<http://www.w3.org/ns/shacl#MinCountConstraintComponent>",
        )
    ]


def test_jena_validates_the_union_of_the_graphs_by_default(tmp_path: Path) -> None:
    shapes = write(tmp_path, "shapes.ttl", SHAPES)
    # the label is in another graph than the type: the union conforms
    data = write(
        tmp_path,
        "data.trig",
        HEAD + '<urn:g:1> { :a a :Event . }\n<urn:g:2> { :a rdfs:label "a" . }\n',
    )
    report = run_jena_shacl(shapes, [data])
    assert report.conforms and report.graphs == {"": True}, report


def test_jena_names_a_file_it_cannot_parse(tmp_path: Path) -> None:
    shapes = write(tmp_path, "shapes.ttl", SHAPES)
    broken = write(tmp_path, "broken.ttl", HEAD + ":a a .\n")
    report = run_jena_shacl(shapes, [broken])
    assert report.returncode == 2 and not report.conforms
    ((file, message),) = report.load_errors
    assert file == str(broken) and message.startswith("[line: 6, col: 6 ]"), report
