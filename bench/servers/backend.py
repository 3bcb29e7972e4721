"""natokg's stateless front before an external store: ``natokg serve --backend URL``.

Preparing starts the store (Oxigraph's server or Virtuoso 7) on a fresh private database in
its own process group, makes a one-release directory from the bench's N-Quads file, runs
``natokg publish --to URL`` (timed: the load time is the publish time; its log gives the split
between writing the graphs and switching) and stops the store, whatever happens.

The measured server is then this module run as a launcher (``python -m bench.servers.backend``)
in the bench's process group: it starts the store again on the published database, waits until
it answers, and replaces itself with ``natokg serve --backend URL`` (result cache off, fair share
off). The store stays a member of the group, so stopping the group stops both; the memory
sampled is the front's and the store's together, and the start-up time includes the store's
restart and the front's first read of the release.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.client import Client, Endpoint, Request
from bench.paths import ROOT, main_bin, peer_bin
from bench.procs import process_group, run_logged
from bench.servers.base import ServerError, ServerSpec, free_port, tail
from bench.servers.natokg import NO_FAIR_SHARE, serve_command
from bench.servers.virtuoso import isql
from bench.servers.virtuoso_ini import write_ini
from bench.versions import debian_version, project_package_version

#: the id of the one release the bench publishes (the directory's name is the release id)
RELEASE_ID = "bench"
#: the synthetic data's base IRI (the project's default)
BASE_IRI = "https://w3id.org/natokg/"
#: the anonymous SPARQL user may update and write graphs (loopback bench server only)
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)


class Engine:
    """How one external store is started on a database directory and stopped cleanly."""

    name: str
    path: str

    def __init__(self, db: Path, port: int, sql_port: int, query_timeout: float) -> None:
        self.db, self.port, self.sql_port = db, port, sql_port
        self.query_timeout = query_timeout

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def argv(self) -> list[str]:
        raise NotImplementedError

    def wait(self, proc: subprocess.Popen, log: Path, timeout: float) -> None:
        """Until the store answers ``ASK {}``; a clear error if it exits or stays silent."""
        probe = Request.form("ASK {}", "application/sparql-results+json")
        endpoint = Endpoint("127.0.0.1", self.port, self.path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerError(f"{self.name} exited with {proc.returncode}: {tail(log)}")
            try:
                with Client(endpoint, timeout=5) as client:
                    if client.send(probe).status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise ServerError(f"{self.name} not answering after {timeout:.0f} s: {tail(log)}")

    def after_first_start(self) -> None:
        """What the store needs once before a publish may write to it."""

    def shut_down(self, proc: subprocess.Popen) -> None:
        """Stop cleanly, so that the database opens again (the group is stopped after)."""


class OxigraphEngine(Engine):
    """``oxigraph serve`` (read-write: publish writes through it), without ``--timeout-s``
    (in 0.5.13 it starts a sleeping thread per query; the front's own time limit applies)."""

    name = "oxigraph"
    path = "/query"

    def argv(self) -> list[str]:
        return [
            str(peer_bin("oxigraph")),
            "serve",
            "--location",
            str(self.db),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]


class VirtuosoEngine(Engine):
    """``virtuoso-t +foreground`` on the bench's private virtuoso.ini (with no default graph of
    its own, as in the project's backend tests); updates granted to the anonymous SPARQL user."""

    name = "virtuoso"
    path = "/sparql"

    def argv(self) -> list[str]:
        ini = write_ini(self.db, self.db, self.sql_port, self.port, self.query_timeout)
        text = ini.read_text(encoding="utf-8")
        if "DefaultGraph" not in text:
            text = text.replace("[SPARQL]\n", "[SPARQL]\nDefaultGraph = urn:natokg:no-default\n")
            ini.write_text(text, encoding="utf-8")
        (self.db / "virtuoso.lck").unlink(missing_ok=True)
        return ["virtuoso-t", "+foreground", "+configfile", str(ini)]

    def isql(self, script: str, timeout: float, check: bool = True) -> None:
        isql(self.sql_port, script, timeout, check)

    def after_first_start(self) -> None:
        self.isql(VIRTUOSO_GRANTS, timeout=60)

    def shut_down(self, proc: subprocess.Popen) -> None:
        self.isql("checkpoint; shutdown;", timeout=600, check=False)
        proc.wait(timeout=120)


ENGINES: dict[str, type[Engine]] = {"oxigraph": OxigraphEngine, "virtuoso": VirtuosoEngine}


def make_release(data: Path, releases_dir: Path) -> Path:
    """A releases directory whose current release is ``data`` (linked as ``dataset.nq``)."""
    shutil.rmtree(releases_dir, ignore_errors=True)
    release = releases_dir / "versions" / RELEASE_ID
    release.mkdir(parents=True)
    (release / "dataset.nq").symlink_to(data.resolve())
    manifest = {"version": RELEASE_ID, "base_iri": BASE_IRI}
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (releases_dir / "current").symlink_to(release.relative_to(releases_dir))
    return release


def publish_split(log: str) -> dict[str, float]:
    """The seconds publish logged: writing the graphs, and the switch."""
    split = {}
    if found := re.findall(r"graphs written in ([0-9.]+) s", log):
        split["write"] = float(found[-1])
    if found := re.findall(r"switched in ([0-9.]+) s", log):
        split["switch"] = float(found[-1])
    return split


class BackendFront(ServerSpec):
    """``natokg serve --backend URL`` before one engine; load time = ``natokg publish`` time."""

    parallelism = "gunicorn workers"

    def __init__(self, query_timeout: float, engine: str) -> None:
        self.query_timeout, self.engine = query_timeout, engine
        self.name = f"natokg-backend-{engine}"
        self.label = f"natokg serve --backend ({engine}; result cache off)"
        self.port = self.sql_port = 0
        #: the last publish's split, from its log (seconds)
        self.split: dict[str, float] = {}

    def version(self) -> str:
        engine = (
            f"virtuoso-opensource-7-bin {debian_version('virtuoso-opensource-7-bin')}"
            if self.engine == "virtuoso"
            else subprocess.run(
                [peer_bin("oxigraph"), "--version"], capture_output=True, text=True
            ).stdout.strip()
        )
        return f"natokg {project_package_version('natokg')} before {engine}"

    def _engine(self, workdir: Path) -> Engine:
        db = (workdir / f"{self.name}-db").resolve()
        return ENGINES[self.engine](db, self.port, self.sql_port, self.query_timeout)

    def prepare(self, data: Path, workdir: Path, log: Path) -> float:
        if self.engine == "virtuoso" and shutil.which("virtuoso-t") is None:
            raise ServerError("virtuoso-t not installed (Debian: virtuoso-opensource-7-bin)")
        self.port, self.sql_port = free_port(), free_port()
        engine = self._engine(workdir)
        shutil.rmtree(engine.db, ignore_errors=True)
        engine.db.mkdir(parents=True)
        releases = make_release(data, workdir / f"{self.name}-releases").parent.parent
        store_log = workdir / f"{self.name}-store.log"
        with process_group(engine.argv(), log=store_log, cwd=engine.db) as proc:
            engine.wait(proc, store_log, timeout=300)
            engine.after_first_start()
            start = log.stat().st_size if log.exists() else 0
            argv = [
                str(main_bin("natokg")),
                "--releases-dir",
                str(releases),
                "publish",
                "--to",
                engine.url,
            ]
            code, seconds = run_logged(argv, log=log, timeout=3600)
            if code != 0:
                raise ServerError(f"natokg publish failed ({code}): {tail(log, 3)}")
            with log.open(encoding="utf-8", errors="replace") as text:
                text.seek(start)
                self.split = publish_split(text.read())
            engine.shut_down(proc)
        return seconds

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        engine = self._engine(workdir)
        front = serve_command(
            workdir / f"{self.name}-front", ["--backend", engine.url], port, self.query_timeout, 0
        )
        return [
            sys.executable,
            "-m",
            "bench.servers.backend",
            self.engine,
            str(engine.db),
            str(self.port),
            str(self.sql_port),
            str(self.query_timeout),
            "--",
            *front,
        ]

    def env(self, data: Path) -> dict[str, str]:
        # the launcher runs in the work directory: it finds the bench through PYTHONPATH
        return {"NATOKG_LOG_LEVEL": "warning", "PYTHONPATH": str(ROOT), **NO_FAIR_SHARE}


def main(argv: list[str] | None = None) -> None:
    """The launcher: start the store, wait for it, become the front (same process group)."""
    parser = argparse.ArgumentParser(prog="python -m bench.servers.backend")
    parser.add_argument("engine", choices=sorted(ENGINES))
    parser.add_argument("db", type=Path)
    parser.add_argument("port", type=int)
    parser.add_argument("sql_port", type=int)
    parser.add_argument("query_timeout", type=float)
    parser.add_argument("front", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    front = args.front[1:] if args.front[:1] == ["--"] else args.front
    engine = ENGINES[args.engine](args.db, args.port, args.sql_port, args.query_timeout)
    log = args.db.parent / f"natokg-backend-{args.engine}-store.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(engine.argv(), stdout=out, stderr=subprocess.STDOUT, cwd=args.db)
    engine.wait(proc, log, timeout=600)
    sys.stdout.flush()
    os.execv(front[0], front)


if __name__ == "__main__":
    main()
