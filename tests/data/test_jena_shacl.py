"""An independent SHACL engine (Apache Jena) agrees with pyshacl that the data conforms."""

from __future__ import annotations

import pytest

from tests.checkers import run_jena_shacl
from tests.conftest import ROOT

pytestmark = pytest.mark.java


def test_jena_shacl_accepts_the_data() -> None:
    data = sorted((ROOT / "data").rglob("*.ttl"))
    assert len(data) >= 15
    ontology = [ROOT / "ontology" / "natokg.ttl", ROOT / "ontology" / "declarations.ttl"]
    report = run_jena_shacl(ROOT / "ontology" / "shapes.ttl", ontology + data)
    assert report.conforms, report
    assert report.results == []
