"""The per-query time limit, and memory budget.

pyoxigraph cannot cancel a query, but it releases the GIL while it evaluates. So each server
worker process (one request at a time) has one watchdog thread. A request registers its
deadline and its client socket; if the deadline passes before the request is done, the
watchdog writes a complete ``503`` response on the socket itself (nothing has been sent yet:
answers are built in memory before they are sent) and ends the process with ``os._exit``,
which is the only way to stop the evaluation and free its CPU. With a memory budget, the
watchdog also polls the process's resident memory while a request runs, and stops it the same
way when it has grown by more than the budget: a query can fill memory far faster than any
time limit (each ``BIND(CONCAT(?x, ?x) AS ?y)`` doubles a string). gunicorn's master then forks
a fresh worker from the preloaded application, in milliseconds; other workers were never
involved. Under the Flask test client there is no watchdog (see ``natokg.serving``).
"""

from __future__ import annotations

import os
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


@dataclass
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

    @property
    def response(self) -> bytes:
        """The response for the limit that was overrun."""
        return self.memory_response if self.overran == "memory" else self.late_response


class Watchdog:
    """One thread per process (started on first use, so after the fork) for every request."""

    def __init__(
        self,
        limit: float,
        on_deadline: Callable[[Job], None],
        memory_budget: int | None = None,
    ) -> None:
        self.limit = limit
        #: bytes a request may add to the process's resident memory (None: no check)
        self.memory_budget = memory_budget if memory_budget and _STATM.exists() else None
        self._on_deadline = on_deadline
        self._cond = threading.Condition()
        self._job: Job | None = None
        self._pid: int | None = None

    @contextmanager
    def guard(self, sock: Any, late_response: bytes, memory_response: bytes = b"") -> Iterator[Job]:
        """Run the ``with`` block under the deadline (and the memory budget)."""
        if self._pid != os.getpid():
            self._start()
        baseline = resident_memory() if self.memory_budget is not None else 0
        job = Job(time.monotonic() + self.limit, sock, late_response, memory_response, baseline)
        # No notify: waking the watchdog thread for every request cost more than a short
        # query itself (a thread switch and a GIL hand-off each time). The watchdog never
        # sleeps past the deadline of a request that starts while it sleeps (see _watch).
        with self._cond:
            self._job = job
        try:
            yield job
        finally:
            with self._cond:
                if self._job is job:
                    self._job = None

    def _start(self) -> None:
        self._pid = os.getpid()
        threading.Thread(target=self._watch, name="natokg-watchdog", daemon=True).start()

    def _watch(self) -> None:
        while True:
            with self._cond:
                job = self._job
                if job is None:
                    # Idle: a request starting now has its deadline at least ``limit`` away,
                    # so sleeping ``limit`` (or POLL, to check a budget) never oversleeps it.
                    self._cond.wait(self.limit if self.memory_budget is None else POLL)
                    continue
                remaining = job.deadline - time.monotonic()
                overgrown = self._overgrown(job)
                if remaining > 0 and not overgrown:
                    self._cond.wait(
                        remaining if self.memory_budget is None else min(remaining, POLL)
                    )
                    continue
                job.overran = "memory" if overgrown else "time"
                # Still holding the lock: the request cannot finish and start answering now.
                self._on_deadline(job)
                self._job = None

    def _overgrown(self, job: Job) -> bool:
        budget = self.memory_budget
        return budget is not None and resident_memory() - job.baseline > budget


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
