"""A tiny project (ontology + one data file + one source text) copied per test, to break at will."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from natokg.settings import Settings
from tests.conftest import ROOT

PROJECT = Path(__file__).resolve().parent / "project"


def copy_project(root: Path) -> Path:
    """The tiny project (the real ontology and checks, one data file, one source) at ``root``."""
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries" / "checks", root / "queries" / "checks")
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def project_settings(project: Path) -> Settings:
    return Settings.load(
        {"project_dir": project, "build_dir": project / "build", "seeds_dir": project / "seeds"},
        environ={},
    )
