"""Helpers for tests against real processes on 127.0.0.1: `natokg serve` and a canary listener.

:class:`Server` runs `natokg serve` (gunicorn) in its own process group on a free port, over a
fixture file (``--data``) or a published build (``--releases-dir``); it is always stopped by the
fixture that started it. :class:`Canary` records every connection made to it, to prove that
nothing the server is asked to do reaches the network. Nothing here leaves the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]

#: settings that switch fair share off: for tests whose many concurrent clients all come from
#: 127.0.0.1 (on by default, the budgets would answer most of them 429)
NO_FAIR_SHARE = {"NATOKG_CLIENT_QUERY_SECONDS": "0", "NATOKG_CLIENT_CONCURRENT_QUERIES": "0"}


class Canary:
    """A TCP listener on 127.0.0.1 that records every connection made to it (and answers 404)."""

    def __init__(self) -> None:
        self.hits: list[bytes] = []
        canary = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(2)
                try:
                    canary.hits.append(self.request.recv(4096))
                    self.request.sendall(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                except OSError:
                    canary.hits.append(b"")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Server:
    """`natokg serve` in its own process group on a free port of 127.0.0.1.

    It serves ``data`` (``--data``) or, when ``data`` is None, the release published in
    ``releases_dir``. ``env`` adds ``NATOKG_*`` settings that have no command-line option.
    """

    def __init__(
        self,
        data: Path | None,
        *options: str,
        project_dir: Path = ROOT,
        releases_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/sparql"
        source = ["--data", str(data)] if data is not None else []
        command = [
            sys.executable,
            "-m",
            "natokg.cli",
            "--project-dir",
            str(project_dir),
            *(["--releases-dir", str(releases_dir)] if releases_dir is not None else []),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *source,
            *options,
        ]
        environ = {k: v for k, v in os.environ.items() if not k.startswith("NATOKG_")}
        environ.update(env or {})
        self.started = time.monotonic()
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while it runs
        self.process = subprocess.Popen(
            command, env=environ, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.ready_after = self._wait_ready()

    def _wait_ready(self) -> float:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.stop())
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=2).ok:
                    return time.monotonic() - self.started
            except requests.ConnectionError:
                time.sleep(0.05)
        raise TimeoutError("natokg serve did not answer within 30 s")

    def processes(self) -> list[psutil.Process]:
        master = psutil.Process(self.process.pid)
        return [master, *master.children(recursive=True)]

    def output(self) -> str:
        """What the server has logged so far."""
        if self.log.closed:
            return ""
        return os.pread(self.log.fileno(), 1 << 24, 0).decode("utf-8", "replace")

    def stop(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        if self.log.closed:
            return ""
        with self.log:
            self.log.seek(0)
            return self.log.read().decode()


#: Flags that make Debian's Chromium run headless here: no sandbox (root), and no background
#: connections (this machine's network is closed; Chromium would retry them at every start).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_binary() -> Path:
    """Debian's Chromium (`make test` installs it); a clear failure, not a skip, if missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is missing: apt-get install -y chromium (make test does it)"
    return Path(found)


def assert_idle(server: Server, settle: float = 0.5, window: float = 1.0) -> None:
    """No process of the server keeps burning CPU once a stopped query is over."""
    time.sleep(settle)
    processes = server.processes()
    for process in processes:
        process.cpu_percent(None)
    time.sleep(window)
    busy = {p.pid: p.cpu_percent(None) for p in processes if p.is_running()}
    assert all(percent < 30 for percent in busy.values()), busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
