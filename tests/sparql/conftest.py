"""Fixtures for the SPARQL endpoint: applications over tiny fixture datasets, never the build."""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from natokg.app import create_app
from natokg.settings import Settings
from natokg.store import load_dataset

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sparql"
W3C_DATA = FIXTURES / "w3c-protocol.trig"
PARTNERSHIPS = FIXTURES / "partnerships.trig"

MakeApp = Callable[..., Flask]


@pytest.fixture
def make_app(tmp_path: Path) -> MakeApp:
    """An app serving ``data`` (a fixture file) with settings ``overrides``."""

    def make(data: Path = PARTNERSHIPS, **overrides: Any) -> Flask:
        settings = Settings.load(
            {
                "project_dir": Path(__file__).resolve().parents[2],
                "build_dir": tmp_path / "build",
                "data_file": data,
                **overrides,
            },
            environ={},
        )
        return create_app(settings, load_dataset(settings))

    return make


@pytest.fixture
def client(make_app: MakeApp) -> FlaskClient:
    return make_app().test_client()


@pytest.fixture
def w3c(make_app: MakeApp) -> FlaskClient:
    return make_app(W3C_DATA).test_client()


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


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


class Server:
    """`natokg serve` in its own process group on a free port of 127.0.0.1."""

    def __init__(self, data: Path, *options: str, project_dir: Path = ROOT) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        command = [
            sys.executable,
            "-m",
            "natokg.cli",
            "--project-dir",
            str(project_dir),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data",
            str(data),
            *options,
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("NATOKG_")}
        self.started = time.monotonic()
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while it runs
        self.process = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def serve() -> Iterator[Callable[..., Server]]:
    """Start servers (stopped when the test module is done)."""
    servers: list[Server] = []

    def start(data: Path = PARTNERSHIPS, *options: str, project_dir: Path = ROOT) -> Server:
        server = Server(data, *options, project_dir=project_dir)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
