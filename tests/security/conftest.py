"""Fixtures of the security tests: one published tiny release, and live servers over it.

The release is the tiny project of ``tests/pipeline`` (the real ontology and checks, one data file)
built once per session into a temporary directory, so the linked-data routes, downloads and
exports all have real files behind them. Servers run the repository's code and static files
(``project_dir`` is the checkout) over that release, on 127.0.0.1, and are always stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask

from natokg.pipeline import pipeline
from natokg.settings import Settings
from tests.conftest import copy_project, new_app
from tests.live import ROOT, Server
from tests.security.helpers import Request, send

#: the time limit of the servers these tests start, in seconds
QUERY_TIMEOUT = 2.0
HEALTH = b"/sparql?query=ASK%7B%7D"


@dataclass(frozen=True)
class Published:
    project: Path
    releases_dir: Path
    release: Path

    def settings(self, **overrides: object) -> Settings:
        return Settings.load(
            {"project_dir": ROOT, "releases_dir": self.releases_dir, **overrides}, environ={}
        )


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    project = copy_project(tmp_path_factory.mktemp("security") / "project")
    settings = Settings.load(
        {
            "project_dir": project,
            "releases_dir": project / "releases",
        },
        environ={},
    )
    outcome = pipeline.run(settings, with_reasoner=False)  # the server is tested, not HermiT
    assert outcome.ok and outcome.release is not None, outcome.problems()
    return Published(project, settings.releases_path, outcome.release)


@pytest.fixture(scope="session")
def app(published: Published) -> Flask:
    """The application over the release, in process (no watchdog: nothing slow runs here)."""
    return new_app(releases_dir=published.releases_dir)


@pytest.fixture(scope="session")
def server(published: Published) -> Iterator[Server]:
    """`natokg serve` over the release: two workers, a short time limit."""
    live = Server(
        None,
        "--workers",
        "2",
        "--query-timeout",
        str(QUERY_TIMEOUT),
        releases_dir=published.releases_dir,
    )
    try:
        yield live
    finally:
        live.stop()


def assert_alive(server: Server) -> None:
    """The server still answers a normal query, promptly."""
    reply = send(server.port, Request(HEALTH), timeout=10)
    assert reply.status == 200 and b'"boolean":true' in reply.body, reply
    assert requests.get(server.base + "/page/kazakhstan", timeout=10).status_code == 200
