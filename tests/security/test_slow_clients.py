"""Slow clients: a request that stops arriving is dropped after ``read_timeout`` of silence, a
body that stalls gets 408, and meanwhile the other clients are served, even by one worker; many
idle and trickling connections at once neither slow a normal query nor get dropped."""

from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from natokg.settings import Settings
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


# -- many idle and trickling clients at once (the threaded front) -----------------------------

IDLE = 500
TRICKLERS = 50
#: the trickling clients send this many last bytes of their request one per second
TRICKLED_BYTES = 12
#: a researcher's query: the Mediterranean Dialogue's members with their names
NORMAL = "SELECT ?c ?cLabel { ?m org:organization kg:mediterranean-dialogue ; org:member ?c }"


@pytest.fixture(scope="module")
def default_server(settings: Settings, release: Path) -> Iterator[Server]:
    """The default front and worker count, as `natokg serve` starts, on the real build."""
    live = Server(None, project_dir=settings.project_dir, releases_dir=settings.releases_path)
    try:
        yield live
    finally:
        live.stop()


def _p50(session: requests.Session, server: Server, count: int) -> float:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        reply = session.get(server.url, params={"query": NORMAL}, timeout=10)
        times.append(time.perf_counter() - started)
        assert reply.status_code == 200 and reply.json()["results"]["bindings"], reply.text[:500]
    return statistics.median(times)


def _request(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode()


def test_idle_and_trickling_clients_neither_slow_others_nor_get_dropped(
    default_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    """500 idle kept-alive connections and 50 clients sending their request one byte a second:
    a normal query still answers within twice its unloaded median, and every one of the 550
    connections is answered in the end (the idle ones on their second request)."""
    server = default_server
    with requests.Session() as session:
        _p50(session, server, 20)  # warm-up
        unloaded = _p50(session, server, 100)

    idle = []
    for _ in range(IDLE):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
        first = conn.getresponse()
        assert first.status == 200 and first.read() == b'{"head":{},"boolean":true}'
        assert first.getheader("Connection") != "close"
        idle.append(conn)

    request = _request("/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
    tricklers = [_connect(server) for _ in range(TRICKLERS)]
    for sock in tricklers:
        sock.sendall(request[:-TRICKLED_BYTES])
    answers: list[bytes] = []

    def trickle() -> None:
        for i in range(len(request) - TRICKLED_BYTES, len(request)):
            for sock in tricklers:
                sock.sendall(request[i : i + 1])
            time.sleep(1.0)
        for sock in tricklers:
            answers.append(sock.recv(4096))

    thread = threading.Thread(target=trickle)
    thread.start()
    time.sleep(1.5)  # every trickler has its request under way
    with requests.Session() as session:
        loaded = _p50(session, server, 100)
        still_trickling = thread.is_alive()
        thread.join(TRICKLED_BYTES + 10)

    with capsys.disabled():
        print(
            f"\nslow clients: p50 {unloaded * 1000:.2f} ms alone, {loaded * 1000:.2f} ms beside "
            f"{IDLE} idle and {TRICKLERS} trickling connections"
        )
    assert still_trickling, "the loaded queries ran after the tricklers had finished"
    assert loaded <= 2 * unloaded, f"p50 {loaded * 1000:.1f} ms, unloaded {unloaded * 1000:.1f} ms"
    assert len(answers) == TRICKLERS
    assert all(a.startswith(b"HTTP/1.1 200 ") for a in answers), {a[:40] for a in answers}
    for conn in idle:  # each idle connection is still open and answers its second request
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
        second = conn.getresponse()
        assert second.status == 200 and second.read() == b'{"head":{},"boolean":true}'
        conn.close()
    for sock in tricklers:
        sock.close()
    assert "Traceback" not in server.output()
