"""Shared fixtures: settings pointing at a private build directory, and one real build.

The session build runs the whole pipeline (SHACL, quotes, HermiT, inference) on the project's
ontology and data once, into a temporary directory, so tests never depend on, or touch, the
developer's own ``build/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from natokg.build import pipeline
from natokg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
TOOLS = (ROOT / ".." / "shared" / "tools").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def settings(build_dir: Path) -> Settings:
    return Settings.load({"project_dir": ROOT, "build_dir": build_dir}, environ={})


@pytest.fixture(scope="session")
def build_outcome(settings: Settings) -> pipeline.BuildOutcome:
    outcome = pipeline.run(settings)
    assert outcome.ok, "\n".join(outcome.problems())
    return outcome


@pytest.fixture(scope="session")
def release(build_outcome: pipeline.BuildOutcome) -> Path:
    assert build_outcome.release is not None
    return build_outcome.release
