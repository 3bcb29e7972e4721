"""The coverage ledgers (data/coverage/<doc>.tsv): every unit of each source document, in order,
with a status the graph backs up.

Each check is its own test so that a failure says which rule broke; the units are re-split here
from data/sources/<doc>.txt, and the IRIs are looked up in a real build of the project.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline import coverage
from natokg.pipeline.coverage import Entry, Status
from natokg.settings import Settings
from natokg.store import from_release
from tests.conftest import ROOT, SOURCES

LEDGERS = ROOT / "data" / "coverage"
DOCUMENTS = ("indo-pacific", "kazakhstan", "pakistan", "partnerships", "workshop-2022")


def ledger(doc: str) -> list[Entry]:
    return coverage.read(LEDGERS / f"{doc}.tsv")


@pytest.fixture(scope="module")
def store(release: Path, settings: Settings) -> ox.Store:
    return from_release(release, settings.base_iri).store


def test_one_ledger_per_source_document() -> None:
    ledgers = coverage.ledger_paths(ROOT)
    assert len(ledgers) == 5
    assert [p.stem for p in ledgers] == list(DOCUMENTS)
    assert sorted(p.stem for p in SOURCES.glob("*.txt")) == list(DOCUMENTS)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_unit_of_the_text_is_in_the_ledger(doc: str) -> None:
    text = (SOURCES / f"{doc}.txt").read_text(encoding="utf-8")
    entries = ledger(doc)
    assert len(entries) >= 20
    assert coverage.unit_problems(entries, text) == []


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_unit_is_left_todo(doc: str) -> None:
    todo = [f"{e.n}: {e.text[:60]}" for e in ledger(doc) if e.status == Status.TODO]
    assert todo == []


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_iri_exists_in_the_build(doc: str, store: ox.Store, settings: Settings) -> None:
    missing = []
    for e in ledger(doc):
        for name in e.iris:
            try:
                iri = ox.NamedNode(coverage.expand(name, settings.base_iri))
            except ValueError as exc:
                missing.append(f"{e.n}: {exc}")
                continue
            if next(store.quads_for_pattern(iri, None, None), None) is None:
                missing.append(f"{e.n}: {name}")
    assert missing == []


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_modelled_units_name_nodes_that_carry_facts(
    doc: str, store: ox.Store, settings: Settings
) -> None:
    bare = []
    for e in ledger(doc):
        if e.status != Status.MODELLED:
            continue
        if not e.iris:
            bare.append(f"{e.n}: modelled, but no IRI")
        for name in e.iris:
            try:
                iri = ox.NamedNode(coverage.expand(name, settings.base_iri))
            except ValueError:
                continue  # reported by test_every_iri_exists_in_the_build
            predicates = {q.predicate.value for q in store.quads_for_pattern(iri, None, None)}
            if predicates and predicates <= coverage.NON_FACT_PREDICATES:
                bare.append(f"{e.n}: {name} has only {sorted(predicates)}")
    assert bare == []


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_no_fact_units_say_why(doc: str) -> None:
    unexplained = [
        f"{e.n}: {e.text[:60]}" for e in ledger(doc) if e.status == Status.NO_FACT and not e.note
    ]
    assert unexplained == []


# -- the checks themselves, on tiny ledgers ---------------------------------------------------

TEXT = "Titre\nL’OTAN a été fondée en 1949. Elle compte 32 Alliés.\n• un point\n"


def test_unit_problems_finds_a_missing_an_edited_and_an_extra_unit() -> None:
    entries = coverage.skeleton(TEXT)
    assert [e.kind for e in entries] == ["heading", "sentence", "sentence", "item"]
    assert coverage.unit_problems(entries, TEXT) == []
    edited = entries[1].__class__(**{**entries[1].__dict__, "text": "L’OTAN a été fondée."})
    problems = coverage.unit_problems([entries[0], edited, entries[3]], TEXT + "Fin.\n")
    assert any(p.startswith("unit 2 differs") for p in problems)
    assert any(p.startswith("unit 3 (line 2) missing") for p in problems)
    assert any(p.startswith("unit 5 (line 4) missing") for p in problems)
    assert coverage.unit_problems(entries, "Titre\n") != []


def test_read_write_round_trip_and_a_bad_row_names_its_line(tmp_path: Path) -> None:
    entries = coverage.skeleton(TEXT)
    path = tmp_path / "doc.tsv"
    coverage.write(path, entries)
    assert coverage.read(path) == entries
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("todo", "done")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"doc\.tsv:3:"):
        coverage.read(path)


def test_expand_knows_kg_and_nkg_only() -> None:
    base = "https://example.org/kg/"
    assert coverage.expand("kg:nato", base) == "https://example.org/kg/id/nato"
    assert coverage.expand("nkg:Event", base).endswith("/ontology#Event")
    assert coverage.expand("<https://x.org/a>", base) == "https://x.org/a"
    with pytest.raises(ValueError, match="unknown prefix"):
        coverage.expand("wd:Q1", base)


def test_figures_count_each_status() -> None:
    entries = coverage.skeleton(TEXT)
    entries[0] = Entry(1, 1, entries[0].kind, Status.CONTEXT, ("kg:nato",), "", "Titre")
    assert coverage.figures(entries) == {
        "units": 4,
        "modelled": 0,
        "context": 1,
        "no-fact": 0,
        "todo": 3,
    }


def test_the_coverage_command_prints_the_figures_of_each_ledger(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from natokg.cli import main

    assert main(["--project-dir", str(ROOT), "coverage", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| document | units | modelled | context | no-fact | todo |"
    rows = {line.split(" | ")[0].strip("| "): line for line in lines[2:]}
    assert list(rows) == [*DOCUMENTS, "total"]
    for doc in DOCUMENTS:
        cells = [int(c) for c in rows[doc].strip("| ").split(" | ")[1:]]
        assert cells[0] == len(ledger(doc)) == sum(cells[1:])
