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

    def __call__(self, watchdog: Watchdog, jobs: list[Job]) -> None:
        self.jobs.extend((job, time.monotonic()) for job in jobs)
        self.fired.set()


def run_guarded(
    watchdog: Watchdog, sock: object, seconds: float, memory: bytes = b""
) -> tuple[threading.Thread, list[Job], threading.Event]:
    """A request in its own thread (as under the threaded front), running ``seconds``."""
    jobs: list[Job] = []
    answered = threading.Event()

    def request() -> None:
        with watchdog.guard(sock, b"late", memory) as job:
            jobs.append(job)
            time.sleep(seconds)
        answered.set()  # only a request the watchdog did not answer for gets here

    thread = threading.Thread(target=request, daemon=True)
    thread.start()
    return thread, jobs, answered


def test_a_query_past_the_deadline_is_answered_once_and_never_again() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.2, recorder)
    client, server_side = socket.socketpair()
    started = time.monotonic()
    _thread, jobs, answered = run_guarded(watchdog, server_side, 0.6)
    assert recorder.fired.wait(5)
    ((job, when),) = recorder.jobs
    assert job is jobs[0] and job.stopped and job.overran == "time"
    assert 0.2 <= when - started < 1.5
    assert client.recv(4096) == b"late"  # the 503 went out on the client's socket
    assert client.recv(4096) == b""  # and the sending side was closed
    assert not answered.wait(1.0), "the stopped request answered on its own"
    client.close()
    server_side.close()


def test_only_the_late_request_is_stopped_among_several() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.3, recorder)
    late = run_guarded(watchdog, None, 2.0)
    quick = [run_guarded(watchdog, None, 0.05) for _ in range(5)]
    assert recorder.fired.wait(5)
    assert [job for job, _ in recorder.jobs] == late[1]
    assert all(answered.wait(1) for _thread, _jobs, answered in quick)
    assert watchdog.stopped == 1 and watchdog.running() == 0


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
    watchdog = Watchdog(2.5, lambda _watchdog, _jobs: None)
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
    """The whole chain in a forked "worker": the watchdog answers 503 on the client's socket
    and ``stop_worker`` ends the process (no threaded gunicorn worker runs: at once)."""
    parent, child = socket.socketpair()
    pid = os.fork()
    if pid == 0:  # the "worker"
        parent.close()
        watchdog = Watchdog(0.1, stop_worker)
        with watchdog.guard(child, late_response("text/plain", b"late\n", {})):
            time.sleep(30)
        os._exit(99)  # not reached
    child.close()
    received = b""
    while chunk := parent.recv(4096):
        received += chunk
    _, status = os.waitpid(pid, 0)
    parent.close()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert received.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")


def test_a_request_outgrowing_the_memory_budget_stops_every_running_one() -> None:
    """Memory cannot be told apart by thread: every request then running gets the 503."""
    recorder = Recorder()
    watchdog = Watchdog(30, recorder, memory_budget=32 * 2**20)
    beside = run_guarded(watchdog, None, 10, memory=b"too big")
    time.sleep(0.1)
    _hog_until(recorder.fired, watchdog)
    stopped = [job for job, _ in recorder.jobs]
    assert len(stopped) == 2 and beside[1][0] in stopped
    assert all(job.overran == "memory" and job.response == b"too big" for job in stopped)


def _hog_until(fired: threading.Event, watchdog: Watchdog) -> None:
    def hog() -> None:
        with watchdog.guard(None, b"late", b"too big"):
            data = b"\x01" * (96 * 2**20)  # written, so resident
            fired.wait(5)
            del data

    threading.Thread(target=hog, daemon=True).start()
    if not fired.wait(5):
        raise TimeoutError


def test_without_a_budget_memory_is_not_watched() -> None:
    recorder = Recorder()
    watchdog = Watchdog(0.3, recorder)
    hog = b"\x01" * (96 * 2**20)
    _thread, jobs, _answered = run_guarded(watchdog, None, 2.0, memory=b"too big")
    assert recorder.fired.wait(5)
    del hog
    assert jobs[0].overran == "time" and jobs[0].response == b"late"
