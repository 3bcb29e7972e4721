"""An independent SHACL engine (Apache Jena) agrees with pyshacl that the data conforms.

Jena reads the data as the build parses it: the statement-level evidence written with Turtle's
RDF 1.2 annotation syntax (``{| nkg:evidence … |}``) becomes OWL 2 annotated axioms at parse
time, and Jena 4.5 knows only RDF-star's older reading of that syntax."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline.parsing import parse_file
from natokg.pipeline.sources import SourceFile
from tests.checkers import run_jena_shacl
from tests.conftest import ROOT

pytestmark = pytest.mark.java


def test_jena_shacl_accepts_the_data(tmp_path: Path) -> None:
    files = sorted((ROOT / "data").rglob("*.ttl"))
    assert len(files) >= 15
    parsed = tmp_path / "data.nt"
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for path in files
        for q in parse_file(SourceFile(path, "urn:x-test:" + path.name), ROOT)
    ]
    assert any(t.predicate.value.endswith("#annotatedSource") for t in triples)
    ox.serialize(triples, output=str(parsed), format=ox.RdfFormat.N_TRIPLES)
    ontology = [ROOT / "ontology" / "natokg.ttl", ROOT / "ontology" / "declarations.ttl"]
    report = run_jena_shacl(ROOT / "ontology" / "shapes.ttl", [*ontology, parsed])
    assert report.conforms, report
    assert report.results == []
