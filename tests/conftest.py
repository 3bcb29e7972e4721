"""Shared fixtures: settings pointing at a private build directory, and one real build.

The live fixtures start real processes on 127.0.0.1 (see :mod:`tests.live`): ``serve`` runs
`natokg serve`, ``canary`` listens for connections nothing should ever make.

The session build runs the whole pipeline (SHACL, quotes, HermiT, inference) on the project's
ontology and data once, into a temporary directory, so tests never depend on, or touch, the
developer's own ``releases/``. Tests that use it are marked ``java``; tests that start a
server, ``live`` (see ``STARTS``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from natokg.app import create_app
from natokg.pipeline import pipeline
from natokg.settings import Settings
from natokg.store import Dataset, load_dataset
from tests.live import CHROMIUM_FLAGS, Canary, Server, chromium_binary

ROOT = Path(__file__).resolve().parents[1]


#: the texts of the five source documents, which every quote is checked against
SOURCES = ROOT / "data" / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: a tiny dataset shaped like natokg's, served with --data by many tests
PARTNERSHIPS = FIXTURES / "sparql" / "partnerships.trig"


#: fixtures that start something a marker names: every test using one (even through another
#: fixture) carries the marker, so ``-m "not java"`` or ``-m "not live"`` leaves them all out
STARTS = {
    "build_outcome": "java",  # the session build runs HermiT
    "serve": "live",
    "live_server": "live",
    "server": "live",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = getattr(item, "fixturenames", ())
        for marker in {m for fixture, m in STARTS.items() if fixture in used}:
            item.add_marker(marker)


def new_app(dataset: Dataset | None = None, **settings: object) -> Flask:
    """The application under test, the one factory every test uses: ``create_app`` with the
    checkout as ``project_dir`` and ``settings`` overriding, over ``dataset`` or else what the
    settings load (``data_file``, or the release in ``releases_dir``). Not in Flask's testing
    mode: an error reaches the client as it would a user."""
    loaded = Settings.load({"project_dir": ROOT, **settings}, environ={})
    return create_app(loaded, dataset if dataset is not None else load_dataset(loaded))


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
    return tmp_path_factory.mktemp("releases")


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
        server = Server(data, *options, **kwargs)
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


@pytest.fixture(scope="module")
def live_server(settings: Settings, release: Path) -> Iterator[str]:
    """`natokg serve` on 127.0.0.1 and a free port, against the session build; always stopped."""
    server = Server(
        None,
        "--workers",
        "1",
        project_dir=settings.project_dir,
        releases_dir=settings.releases_path,
    )
    try:
        yield server.base
    finally:
        server.stop()


@pytest.fixture
def browser() -> Iterator:
    """Headless Chromium through Playwright, with a fresh profile (one per launch)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_binary()), headless=True, args=list(CHROMIUM_FLAGS)
        )
        yield launched
        launched.close()
