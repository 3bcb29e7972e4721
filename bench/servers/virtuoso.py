"""Virtuoso Open Source 7 (Debian's ``virtuoso-opensource-7-bin``) with a private database.

Preparing creates a fresh database from a private ``virtuoso.ini``, bulk-loads the N-Quads
file (``ld_dir`` + ``rdf_loader_run``, timed as load time), checkpoints and shuts down; the
measured start is then a plain start on that database. Virtuoso keeps system graphs of its own
(``virtrdf#``, and two small ones that are cleared after loading); every query is sent with
``define input:default-graph-exclude`` / ``input:named-graph-exclude`` for ``virtrdf#``, so
that its default graph, like the others', is the union of the data's graphs only.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from bench.procs import process_group
from bench.servers.base import ServerError, ServerSpec, free_port
from bench.servers.virtuoso_ini import write_ini
from bench.versions import debian_version

VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"
EXCLUDE = (
    f"define input:default-graph-exclude <{VIRTRDF}>\n"
    f"define input:named-graph-exclude <{VIRTRDF}>\n"
)
SYSTEM_GRAPHS = ("http://localuriqaserver/sparql", "http://www.w3.org/ns/ldp#")


class Virtuoso(ServerSpec):
    name = "virtuoso"
    label = "Virtuoso Open Source 7"
    parallelism = "threads"

    def __init__(self, query_timeout: float) -> None:
        self.query_timeout = query_timeout
        self.sql_port = 0

    def version(self) -> str:
        return f"virtuoso-opensource-7-bin {debian_version('virtuoso-opensource-7-bin')}"

    def adapt(self, query: str) -> str:
        return EXCLUDE + query

    def prepare(self, data: Path, workdir: Path, log: Path) -> float:
        if shutil.which("virtuoso-t") is None:
            raise ServerError("virtuoso-t not installed (Debian: virtuoso-opensource-7-bin)")
        db = workdir / "virtuoso-db"
        shutil.rmtree(db, ignore_errors=True)
        self.sql_port = free_port()
        ini = write_ini(db, data.parent, self.sql_port, free_port(), self.query_timeout)
        argv = ["virtuoso-t", "+foreground", "+configfile", str(ini)]
        with process_group(argv, log=log, cwd=db) as proc:
            self._wait_sql(proc, timeout=300)
            start = time.perf_counter()
            graphs = "".join(f"SPARQL CLEAR GRAPH <{g}>; " for g in SYSTEM_GRAPHS)
            self._isql(
                f"ld_dir('{data.parent}', '{data.name}', 'urn:bench:default'); "
                f"rdf_loader_run(); checkpoint; {graphs}checkpoint;",
                timeout=3600,
            )
            seconds = time.perf_counter() - start
            self._isql("shutdown;", timeout=120, check=False)
            proc.wait(timeout=120)
        return seconds

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        db = workdir / "virtuoso-db"
        ini = write_ini(db, data.parent, self.sql_port or free_port(), port, self.query_timeout)
        return ["virtuoso-t", "+foreground", "+configfile", str(ini)]

    def _isql(self, script: str, timeout: float, check: bool = True) -> str:
        return isql(self.sql_port, script, timeout, check)

    def _wait_sql(self, proc: subprocess.Popen, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerError(f"virtuoso-t exited with {proc.returncode} while starting")
            try:
                self._isql("select 1;", timeout=10)
                return
            except (ServerError, subprocess.TimeoutExpired):
                time.sleep(0.5)
        raise ServerError("virtuoso-t did not accept SQL connections in time")


def isql(sql_port: int, script: str, timeout: float, check: bool = True) -> str:
    """Run ``script`` with Virtuoso's ``isql-vt`` as ``dba`` on ``sql_port``; its output."""
    out = subprocess.run(
        ["isql-vt", str(sql_port), "dba", "dba", f"exec={script}"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and (out.returncode != 0 or "*** Error" in out.stdout + out.stderr):
        raise ServerError(f"isql failed: {(out.stdout + out.stderr)[-500:]}")
    return out.stdout
