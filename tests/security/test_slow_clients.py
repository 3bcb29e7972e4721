"""A slow client holds a worker for at most ``read_timeout``: a request that never completes is
dropped, a body that stalls gets 408, and the other clients are served meanwhile."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
import requests

from tests.live import Server
from tests.security.conftest import Published

pytestmark = pytest.mark.live

READ_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def one_worker(published: Published) -> Iterator[Server]:
    """A single worker: if a slow client could hold it, nobody else would be served."""
    live = Server(
        None,
        "--workers",
        "1",
        releases_dir=published.releases_dir,
        env={"NATOKG_READ_TIMEOUT": str(READ_TIMEOUT)},
    )
    try:
        yield live
    finally:
        live.stop()


def _connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def _ask(server: Server) -> float:
    started = time.monotonic()
    reply = requests.get(server.url, params={"query": "ASK {}"}, timeout=10)
    assert reply.status_code == 200
    return time.monotonic() - started


def test_an_unfinished_request_is_dropped_and_others_are_served(one_worker: Server) -> None:
    slow = _connect(one_worker)
    slow.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends
    time.sleep(0.2)  # the worker has taken the slow connection
    waited = _ask(one_worker)
    assert waited < READ_TIMEOUT + 2.0, f"a cheap query waited {waited:.1f} s behind a slow client"
    assert slow.recv(4096) == b"", "the slow client is disconnected without an answer"
    slow.close()
    assert "Traceback" not in one_worker.output()


def test_a_stalled_body_gets_408(one_worker: Server) -> None:
    stalled = _connect(one_worker)
    stalled.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK"
    )
    started = time.monotonic()
    reply = stalled.recv(4096)
    stalled.close()
    assert reply.startswith(b"HTTP/1.1 408 "), reply[:200]
    assert time.monotonic() - started < READ_TIMEOUT + 2.0
    assert _ask(one_worker) < 2.0
