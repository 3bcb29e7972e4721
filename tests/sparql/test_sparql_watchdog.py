"""The per-query time limit: the watchdog thread, its raw 503, and stopping a worker."""

from __future__ import annotations

import json
import os
import socket
import threading
import time

import pytest

from natokg.errors import BodyKind
from natokg.serving import stop_worker
from natokg.settings import Settings
from natokg.sparql.state import build_state
from natokg.sparql.watchdog import Job, Watchdog, late_response
from natokg.store import load_dataset
from tests.conftest import PARTNERSHIPS
from tests.ld.helpers import Html


class Recorder:
    def __init__(self) -> None:
        self.jobs: list[tuple[Job, float]] = []
        self.fired = threading.Event()

    def __call__(self, job: Job) -> None:
        self.jobs.append((job, time.monotonic()))
        self.fired.set()


def test_a_query_past_the_deadline_is_stopped_once() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.2, recorder)
    started = time.monotonic()
    with watchdog.guard("socket", b"late"):
        assert recorder.fired.wait(5)
    ((job, when),) = recorder.jobs
    assert (job.sock, job.late_response) == ("socket", b"late")
    assert 0.2 <= when - started < 1.5


def test_quick_queries_are_left_alone() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.3, recorder)
    for _ in range(20):
        with watchdog.guard(None, b""):
            time.sleep(0.01)
    time.sleep(0.5)
    assert recorder.jobs == []


def test_one_thread_per_process() -> None:
    watchdog = Watchdog(5, Recorder())
    before = threading.active_count()
    for _ in range(10):
        with watchdog.guard(None, b""):
            pass
    assert threading.active_count() == before + 1


@pytest.mark.parametrize("kind", list(BodyKind))
def test_the_late_response_is_a_complete_http_message(kind: BodyKind) -> None:
    """The 503 the watchdog writes, in each kind of error body the one rule can choose."""
    settings = Settings.load({"data_file": PARTNERSHIPS, "query_timeout": 2.5}, environ={})
    watchdog = Watchdog(2.5, lambda job: None)
    raw = build_state(settings, load_dataset(settings), watchdog).late_responses[kind]
    head, _, body = raw.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert status == "HTTP/1.1 503 Service Unavailable"
    assert int(headers["Content-Length"]) == len(body)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert (
        headers["Content-Type"].split(";")[0]
        == {
            BodyKind.JSON: "application/json",
            BodyKind.HTML: "text/html",
            BodyKind.TEXT: "text/plain",
        }[kind]
    )
    if kind is BodyKind.JSON:
        parsed = json.loads(body)
        assert parsed["status"] == 503
        message = parsed["message"]
    elif kind is BodyKind.HTML:
        page = Html(body.decode())
        assert page.tags.get("h1") == 1 and "503 Service Unavailable" in page.text
        message = page.text
    else:
        message = body.decode()
    assert "exceeded the 2.5 s time limit" in message


def test_stop_worker_answers_and_ends_the_process() -> None:
    parent, child = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the "worker"
        parent.close()
        stop_worker(Job(0, child, late_response("text/plain", b"late\n", {})))
        os._exit(99)  # not reached
    child.close()
    received = b""
    while chunk := parent.recv(4096):
        received += chunk
    _, status = os.waitpid(pid, 0)
    parent.close()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert received.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")


def test_a_request_outgrowing_the_memory_budget_is_stopped() -> None:
    recorder = Recorder()
    watchdog = Watchdog(30, recorder, memory_budget=32 * 2**20)
    with watchdog.guard("socket", b"late", b"too big") as job:
        hog = b"\x01" * (96 * 2**20)  # written, so resident
        assert recorder.fired.wait(5)
        del hog
    ((stopped, _when),) = recorder.jobs
    assert stopped is job and job.overran == "memory" and job.response == b"too big"


def test_without_a_budget_memory_is_not_watched() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.3, recorder)
    with watchdog.guard(None, b"late", b"too big") as job:
        hog = b"\x01" * (96 * 2**20)
        assert recorder.fired.wait(5)
        del hog
    assert job.overran == "time" and job.response == b"late"
