"""A tiny project (ontology + one data file + one source text) copied per test, to break at will."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from natokg.settings import Settings
from tests.conftest import ROOT

PROJECT = Path(__file__).resolve().parent / "project"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries" / "checks", root / "queries" / "checks")
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    return root


@pytest.fixture
def project_settings(project: Path) -> Settings:
    return Settings.load(
        {"project_dir": project, "build_dir": project / "build", "seeds_dir": project / "seeds"},
        environ={},
    )
