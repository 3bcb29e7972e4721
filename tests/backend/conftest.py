"""An Oxigraph server (the ``oxigraph`` binary from PyPI) on a loopback port, with a temporary
database, stopped after the module; and releases to publish into it.

The releases are copies of the session build, each with one marker triple in every graph
(``<urn:natokg:test> <urn:natokg:release> "<id>"``), so a query can tell which release each
graph it read belongs to.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from natokg.settings import Settings
from tests.conftest import ROOT
from tests.live import free_port

MARKER_S = ox.NamedNode("urn:natokg:test")
MARKER_P = ox.NamedNode("urn:natokg:release")


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the `oxigraph` package (test extra) provides the server"
    return found


class Engine:
    """``oxigraph serve`` in its own process group; :meth:`kill` and :meth:`start` again on the
    same port and database."""

    name = "oxigraph"

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout-s",
                "10",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.wait_until_answering("oxigraph serve", 30)

    def wait_until_answering(self, name: str, seconds: float) -> None:
        """Until the engine answers ``ASK {}``; a clear failure if it exits or stays silent."""
        assert self.process is not None
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=1).ok:
                    return
            except requests.ConnectionError:
                pass
            assert self.process.poll() is None, f"{name} exited at start"
            time.sleep(0.1)
        raise AssertionError(f"{name} did not answer within {seconds:g} s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = {http_port}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 10
MaxQueryCostEstimationTime = 0
DefaultGraph = urn:natokg:no-default-graph
"""
#: the anonymous SPARQL user may update (loopback test server only) and write graphs
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


class VirtuosoEngine(Engine):
    """``virtuoso-t -f`` (Debian's virtuoso-opensource) with a generated virtuoso.ini in a
    temporary directory; SPARQL at ``/sparql``, the Graph Store Protocol at
    ``/sparql-graph-crud``, updates allowed to the anonymous SPARQL user."""

    name = "virtuoso"

    def __init__(self, location: Path) -> None:
        super().__init__(location)
        self.sql_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        location.mkdir(parents=True, exist_ok=True)
        self.ini = location / "virtuoso.ini"
        self.ini.write_text(
            VIRTUOSO_INI.format(d=location, sql_port=self.sql_port, http_port=self.port)
        )
        self.granted = False

    def start(self) -> None:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            pytest.skip("virtuoso-t (Debian's virtuoso-opensource) is not installed")
        (self.location / "virtuoso.lck").unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [binary, "-f", "-c", str(self.ini)],
            cwd=self.location,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.wait_until_answering("virtuoso-t", 60)
        if not self.granted:
            subprocess.run(
                [
                    shutil.which("isql-vt") or "isql-vt",
                    str(self.sql_port),
                    "dba",
                    "dba",
                    f"exec={VIRTUOSO_GRANTS}",
                ],
                check=True,
                capture_output=True,
                timeout=30,
            )
            self.granted = True


ENGINES = {"oxigraph": Engine, "virtuoso": VirtuosoEngine}


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    server = ENGINES[request.param](tmp_path_factory.mktemp(request.param) / "db")
    server.start()
    yield server
    server.kill()


def make_release(release: Path, releases_dir: Path, release_id: str) -> Path:
    """A copy of ``release`` named ``release_id`` with the marker in every graph, made current."""
    target = releases_dir / "versions" / release_id
    if not target.exists():
        target.mkdir(parents=True)
        shutil.copy(release / "manifest.json", target / "manifest.json")
        quads = list(ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
        graphs = {q.graph_name for q in quads}
        quads += [ox.Quad(MARKER_S, MARKER_P, ox.Literal(release_id), g) for g in graphs]
        ox.serialize(quads, str(target / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    link = releases_dir / "current"
    temporary = releases_dir / "current.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target.relative_to(releases_dir))
    temporary.replace(link)
    return target


@pytest.fixture(scope="module")
def releases(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``releases(id)``: make the release ``id`` current in a private releases directory."""
    directory = tmp_path_factory.mktemp("backend-releases")
    return lambda release_id: make_release(release, directory, release_id)


def backend_settings(engine_url: str, releases_dir: Path, **more: object) -> Settings:
    return Settings.load(
        {"project_dir": ROOT, "releases_dir": releases_dir, "store_url": engine_url, **more},
        environ={},
    )


def graph_count(release: Path) -> int:
    """How many named graphs the release has."""
    return len(
        {
            q.graph_name
            for q in ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        }
    )
