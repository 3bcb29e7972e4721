"""The per-query time limit, and memory budget.

pyoxigraph cannot cancel a query, but it releases the GIL while it evaluates. So each server
worker process has one watchdog thread, which watches every request running in the process's
threads. A request registers its deadline and its client socket; if the deadline passes before
the request is done, the watchdog writes a complete ``503`` response on the socket itself
(nothing has been sent yet: answers are built in memory before they are sent) and hands the job
to ``on_deadline``, which ends the process (see :func:`natokg.serving.stop_worker`): the only way
to stop the evaluation and free its CPU. With a memory budget, the watchdog also polls the
process's resident memory while requests run, and stops the process the same way when it has
grown by more than the budget (a query can fill memory far faster than any time limit: each
``BIND(CONCAT(?x, ?x) AS ?y)`` doubles a string); memory cannot be told apart by thread, so
every request then running gets the 503. gunicorn's master forks a fresh worker from the
preloaded application, in milliseconds; the other workers were never involved. Under the Flask
test client there is no watchdog (see ``natokg.serving``).

A request whose job was stopped never answers on its own: the watchdog's 503 was its answer.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: seconds between two looks at the memory of a running request (when there is a budget)
POLL = 0.02
_STATM = Path("/proc/self/statm")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(eq=False)
class Job:
    deadline: float
    #: the client socket (``environ['gunicorn.socket']``), if known
    sock: Any
    #: the complete HTTP response to write when the deadline passes
    late_response: bytes
    #: the one to write when the request outgrows the memory budget
    memory_response: bytes = b""
    #: resident memory of the process when the request started, in bytes
    baseline: int = 0
    #: which limit the request overran ("time" or "memory"), set before ``on_deadline``
    overran: str = "time"
    #: set once the watchdog has answered for the request
    stopped: bool = False

    @property
    def response(self) -> bytes:
        """The response for the limit that was overrun."""
        return self.memory_response if self.overran == "memory" else self.late_response


class Watchdog:
    """One thread per process (started on first use, so after the fork) for every request."""

    def __init__(
        self,
        limit: float,
        on_deadline: Callable[[Watchdog, list[Job]], None],
        memory_budget: int | None = None,
    ) -> None:
        self.limit = limit
        #: bytes requests may add to the process's resident memory (None: no check)
        self.memory_budget = memory_budget if memory_budget and _STATM.exists() else None
        self._on_deadline = on_deadline
        self._cond = threading.Condition()
        self._jobs: dict[Job, None] = {}  # in start order, so the first is the oldest
        self._pid: int | None = None
        #: resident memory when the process last had no request running
        self._baseline = 0
        #: requests answered for by the watchdog (their threads never return)
        self.stopped = 0

    @contextmanager
    def guard(self, sock: Any, late_response: bytes, memory_response: bytes = b"") -> Iterator[Job]:
        """Run the ``with`` block under the deadline (and the memory budget)."""
        if self._pid != os.getpid():
            self._start()
        job = Job(time.monotonic() + self.limit, sock, late_response, memory_response)
        # No notify: waking the watchdog thread for every request cost more than a short
        # query itself (a thread switch and a GIL hand-off each time). The watchdog never
        # sleeps past the deadline of a request that starts while it sleeps (see _watch).
        with self._cond:
            if not self._jobs and self.memory_budget is not None:
                self._baseline = resident_memory()
            job.baseline = self._baseline
            self._jobs[job] = None
        try:
            yield job
        finally:
            with self._cond:
                self._jobs.pop(job, None)
            if job.stopped:  # the 503 was sent; the process is ending (see on_deadline)
                threading.Event().wait()

    def _start(self) -> None:
        self._pid = os.getpid()
        self._jobs, self.stopped = {}, 0
        threading.Thread(target=self._watch, name="natokg-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            with self._cond:
                if not self._jobs:
                    # Idle: a request starting now has its deadline at least ``limit`` away,
                    # so sleeping ``limit`` (or POLL, to check a budget) never oversleeps it.
                    self._cond.wait(self.limit if self.memory_budget is None else POLL)
                    continue
                now = time.monotonic()
                if self._overgrown():
                    late = list(self._jobs)
                    overran = "memory"
                else:
                    late = [job for job in self._jobs if job.deadline <= now]
                    overran = "time"
                if not late:
                    remaining = min(job.deadline for job in self._jobs) - now
                    self._cond.wait(
                        remaining if self.memory_budget is None else min(remaining, POLL)
                    )
                    continue
                self._stop(late, overran)
            self._on_deadline(self, late)

    def stop_all(self) -> None:
        """Answer 503 for every request still running (the process is about to end)."""
        with self._cond:
            self._stop(list(self._jobs), "time")

    def _stop(self, jobs: list[Job], overran: str) -> None:
        # Called holding the lock: the requests cannot finish and answer meanwhile.
        for job in jobs:
            job.overran, job.stopped = overran, True
            send_late_response(job)
            del self._jobs[job]
            self.stopped += 1

    def running(self) -> int:
        """Requests under this watchdog that are running and not stopped."""
        with self._cond:
            return len(self._jobs)

    def _overgrown(self) -> bool:
        budget = self.memory_budget
        return budget is not None and resident_memory() - self._baseline > budget


def send_late_response(job: Job) -> None:
    """Write the job's 503 on its client socket and end the sending side (best effort)."""
    sock = job.sock
    if sock is None:
        return
    try:
        sock.sendall(job.response)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def resident_memory() -> int:
    """Resident memory of this process, in bytes (Linux)."""
    # os.open/os.read: a text-mode read_text() cost several times more, on every request
    fd = os.open(_STATM, os.O_RDONLY)
    try:
        data = os.read(fd, 256)
    finally:
        os.close(fd)
    return int(data.split()[1]) * _PAGE_SIZE


def late_response(content_type: str, body: bytes, headers: dict[str, str]) -> bytes:
    """The raw HTTP/1.1 503 response the watchdog writes for a query it stops (the body is
    chosen by the one rule of :mod:`natokg.errors`, as for every other error)."""
    lines = [
        "HTTP/1.1 503 Service Unavailable",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
        "Connection: close",
        "Retry-After: 1",
        "Vary: Accept",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
