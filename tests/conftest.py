"""Shared fixtures: settings pointing at a private build directory, and one real build.

The live fixtures start real processes on 127.0.0.1 (see :mod:`tests.live`): ``serve`` runs
`natokg serve`, ``canary`` listens for connections nothing should ever make.

The session build runs the whole pipeline (SHACL, quotes, HermiT, inference) on the project's
ontology and data once, into a temporary directory, so tests never depend on, or touch, the
developer's own ``build/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.pipeline import pipeline
from natokg.settings import Settings
from tests.live import Canary, Server

ROOT = Path(__file__).resolve().parents[1]


#: the texts of the five source documents, which every quote is checked against
SOURCES = ROOT / "data" / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: a tiny dataset shaped like natokg's, served with --data by many tests
PARTNERSHIPS = FIXTURES / "sparql" / "partnerships.trig"


def pytest_collection_finish(session: pytest.Session) -> None:
    """When the whole suite runs, every ``tests/**/test_*.py`` must have been collected: a
    directory skipped by a collection rule (pytest skips any named ``build`` by default) would
    otherwise pass silently."""
    if session.config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return
    tests = Path(__file__).resolve().parent
    on_disk = {p.resolve() for p in tests.rglob("test_*.py")}
    collected = {Path(str(item.path)).resolve() for item in session.items}
    missing = sorted(str(p.relative_to(tests)) for p in on_disk - collected)
    if missing and not session.config.option.keyword and not session.config.option.markexpr:
        raise pytest.UsageError(f"test files not collected: {', '.join(missing)}")


def ontology_quads(graph: str | None = None) -> list[ox.Quad]:
    """The ontology and its declarations as quads, in ``graph`` (the default graph if None)."""
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return [
        ox.Quad(t.subject, t.predicate, t.object, name)
        for file in ("natokg.ttl", "declarations.ttl")
        for t in ox.parse(path=str(ROOT / "ontology" / file))
    ]


@pytest.fixture(scope="session")
def releases_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def settings(releases_dir: Path) -> Settings:
    return Settings.load({"project_dir": ROOT, "releases_dir": releases_dir}, environ={})


@pytest.fixture(scope="session")
def build_outcome(settings: Settings) -> pipeline.BuildOutcome:
    outcome = pipeline.run(settings)
    assert outcome.ok, "\n".join(outcome.problems())
    return outcome


@pytest.fixture(scope="session")
def release(build_outcome: pipeline.BuildOutcome) -> Path:
    assert build_outcome.release is not None
    return build_outcome.release


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[..., Server]]:
    """Start servers (``Server`` arguments); all are stopped when the test module is done."""
    servers: list[Server] = []

    def start(data: Path | None, *options: str, **kwargs: object) -> Server:
        server = Server(data, *options, **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# -- a tiny project (ontology + one data file + one source text), copied per test to break ----

TINY_PROJECT = Path(__file__).resolve().parent / "pipeline" / "project"


def copy_project(root: Path) -> Path:
    """The tiny project (the real ontology and checks, one data file, one source) at ``root``."""
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.copytree(ROOT / "queries" / "checks", root / "queries" / "checks")
    shutil.copytree(TINY_PROJECT / "data", root / "data")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def project_settings(project: Path) -> Settings:
    return Settings.load({"project_dir": project, "releases_dir": project / "releases"}, environ={})
