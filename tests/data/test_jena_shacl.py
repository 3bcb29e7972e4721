"""An independent SHACL engine (Apache Jena) agrees with pyshacl that the data conforms."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import ROOT, TOOLS

pytestmark = pytest.mark.java


def test_jena_shacl_accepts_the_data() -> None:
    tool = TOOLS / "jena-shacl"
    assert tool.is_file(), f"Jena SHACL checker not found at {tool}"
    data = sorted((ROOT / "data").rglob("*.ttl"))
    assert len(data) >= 15
    ontology = [ROOT / "ontology" / "natokg.ttl", ROOT / "ontology" / "declarations.ttl"]
    run = subprocess.run(
        [str(tool), str(ROOT / "ontology" / "shapes.ttl"), *map(str, ontology + data)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1].startswith("conforms: true")
