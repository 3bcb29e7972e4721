"""What every server of the comparison provides, and how one is run and watched."""

from __future__ import annotations

import socket
import subprocess
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.client import Client, Endpoint, Request
from bench.procs import MemorySampler, process_group
from bench.workload import Form

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class ServerError(RuntimeError):
    """A server did not start, or died."""


class ServerSpec(ABC):
    """One peer: how to load the data (if it loads ahead), start, and query it."""

    name: str
    label: str
    path = "/sparql"
    #: how many requests it can work on at once (for the record)
    parallelism = "?"

    def accept(self, form: Form) -> str:
        return N_TRIPLES if form is Form.GRAPH else JSON_RESULTS

    def adapt(self, query: str) -> str:
        """The query as sent to this server (unchanged but for Virtuoso's graph defines)."""
        return query

    def request(self, query: str, form: Form) -> Request:
        return Request.form(self.adapt(query), self.accept(form))

    @abstractmethod
    def version(self) -> str: ...

    def prepare(self, data: Path, workdir: Path, log: Path) -> float:
        """Load ``data`` ahead of starting, if this server needs it; seconds spent."""
        return 0.0

    @abstractmethod
    def command(self, data: Path, workdir: Path, port: int) -> list[str]: ...

    def env(self, data: Path) -> dict[str, str]:
        return {}


@dataclass
class Running:
    spec: ServerSpec
    endpoint: Endpoint
    load_seconds: float
    startup_seconds: float
    memory: MemorySampler
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(
    spec: ServerSpec, data: Path, workdir: Path, *, startup_timeout: float
) -> Iterator[Running]:
    """Prepare, start, wait for the first answered query; always stop the process group."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{spec.name}.log"
    load_seconds = spec.prepare(data, workdir, log)
    port = free_port()
    endpoint = Endpoint("127.0.0.1", port, spec.path)
    with ExitStack() as stack:
        start = time.perf_counter()
        proc = stack.enter_context(
            process_group(
                spec.command(data, workdir, port), log=log, env=spec.env(data), cwd=workdir
            )
        )
        memory = stack.enter_context(MemorySampler(proc.pid))
        _wait_ready(spec, endpoint, proc, log, startup_timeout)
        startup = time.perf_counter() - start
        yield Running(spec, endpoint, load_seconds, startup, memory, proc, log)


def _wait_ready(
    spec: ServerSpec, endpoint: Endpoint, proc: subprocess.Popen, log: Path, timeout: float
) -> None:
    """Poll with ``ASK {}`` until it is answered (the first successful query)."""
    probe = spec.request("ASK {}", Form.ASK)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"{spec.name} exited with {proc.returncode}: {tail(log)}")
        try:
            with Client(endpoint, timeout=5) as client:
                status = client.send(probe).status
            if status == 200:
                return
            if 400 <= status < 500:
                raise ServerError(f"{spec.name} answers ASK {{}} with HTTP {status}")
        except OSError:
            pass
        time.sleep(0.02)
    raise ServerError(f"{spec.name} not answering after {timeout:.0f} s: {tail(log)}")


def tail(path: Path, lines: int = 8) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
