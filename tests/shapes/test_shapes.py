"""The SHACL shapes accept the valid fixtures and report exactly the expected violation on
each invalid one — with each engine the build can use for the core constraints (pyrudof, the
build's, and pyshacl; the SPARQL constraints are evaluated by pyoxigraph with either) and with
Jena SHACL (an independent one, which validates the whole shapes file itself).

Each ``invalid/<case>.ttl`` declares what must be reported, one line per result::

    # expect: <focus> <path or -> <constraint component>

Every fixture is validated together with the ontology and ``base.ttl`` (a tiny valid context).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline.shacl import ENGINES, load_shapes, validate
from tests.checkers import run_jena_shacl
from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
ONTOLOGY = [ROOT / "ontology" / "natokg.ttl", ROOT / "ontology" / "declarations.ttl"]
SHAPES = ROOT / "ontology" / "shapes.ttl"
PREFIXES = {
    "kg": "https://w3id.org/natokg/id/",
    "nkg": "https://w3id.org/natokg/ontology#",
    "nkgsh": "https://w3id.org/natokg/shapes#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
Result = tuple[
    str, str, str
]  # focus, path, component — full IRIs, "_:b" for a blank node, "-" for none


def test_fixtures_found() -> None:
    assert len(VALID) >= 5 and len(INVALID) >= 40


def expected(path: Path) -> set[Result]:
    lines = re.findall(
        r"^# expect: (\S+) (\S+) (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE
    )
    assert lines, f"{path.name} declares no expected violation"
    return {(_expand(f), _expand(p), _expand(c)) for f, p, c in lines}


def _expand(term: str) -> str:
    if term in ("-", "_:b") or term.startswith(("_:", "^", "(")) or "|" in term:
        # a blank node, or a complex path (inverse, alternative...): compared as "_:b"
        return "_:b" if term != "-" else term
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else term


def _quads(fixture: Path) -> list[ox.Quad]:
    quads = []
    for path in [*ONTOLOGY, HERE / "base.ttl", fixture]:
        quads += [ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path))]
    return quads


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(SHAPES)


def engine_results(fixture: Path, shapes, engine: str) -> set[Result]:
    return {
        (_term(v.focus), _term(v.path), v.component)
        for v in validate(_quads(fixture), shapes, engine=engine)
    }


def _term(n3: str) -> str:
    if not n3:
        return "-"
    return "_:b" if n3.startswith(("_:", "^", "(")) else n3.strip("<>")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(fixture: Path, shapes, engine: str) -> None:
    assert engine_results(fixture, shapes, engine) == set()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_reports_exactly(fixture: Path, shapes, engine: str) -> None:
    assert engine_results(fixture, shapes, engine) == expected(fixture)


@pytest.mark.parametrize("fixture", VALID + INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_report_the_same_results(fixture: Path, shapes) -> None:
    """Beyond the expectations: every field but the wording of generic messages is the same
    (blank nodes differ in label only)."""

    def fields(engine: str) -> list[tuple[str, ...]]:
        return sorted(
            (_term(v.focus), _term(v.path), v.component, v.severity, _term(v.value), v.shape)
            for v in validate(_quads(fixture), shapes, engine=engine)
        )

    first, *others = ENGINES
    for engine in others:
        assert fields(engine) == fields(first)


# -- Jena SHACL: all fixtures in one run, one named graph each (per_graph) ----------------------


@pytest.fixture(scope="module")
def jena_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[Result]]:
    quads = []
    for fixture in VALID + INVALID:
        graph = ox.NamedNode(f"urn:fixture:{fixture.parent.name}/{fixture.stem}")
        quads += [ox.Quad(q.subject, q.predicate, q.object, graph) for q in _quads(fixture)]
    trig = tmp_path_factory.mktemp("jena") / "fixtures.trig"
    ox.serialize(quads, str(trig), ox.RdfFormat.TRIG)
    report = run_jena_shacl(SHAPES, [trig], per_graph=True)
    assert report.loaded, report
    results: dict[str, set[Result]] = {
        graph.removeprefix("urn:fixture:"): set() for graph in report.graphs
    }
    for r in report.results:
        path = _expand(r.path) if r.path != "-" else "-"
        results[r.graph.removeprefix("urn:fixture:")].add(
            (_expand(r.focus), path, _expand(r.component))
        )
    assert len(results) == len(VALID) + len(INVALID), report
    return results


@pytest.mark.java
@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_jena_accepts_valid_fixture(fixture: Path, jena_results) -> None:
    assert jena_results[f"valid/{fixture.stem}"] == set()


@pytest.mark.java
@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_jena_reports_exactly(fixture: Path, jena_results) -> None:
    assert jena_results[f"invalid/{fixture.stem}"] == expected(fixture)
