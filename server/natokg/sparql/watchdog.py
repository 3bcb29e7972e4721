"""The per-query time limit.

pyoxigraph cannot cancel a query, but it releases the GIL while it evaluates. So each server
worker process (one request at a time) has one watchdog thread. A request registers its
deadline and its client socket; if the deadline passes before the request is done, the
watchdog writes a complete ``503`` response on the socket itself (nothing has been sent yet:
answers are built in memory before they are sent) and ends the process with ``os._exit``,
which is the only way to stop the evaluation and free its CPU. gunicorn's master then forks
a fresh worker from the preloaded application, in milliseconds; other workers were never
involved. Under the Flask test client there is no watchdog (see ``natokg.serving``).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class Job:
    deadline: float
    #: the client socket (``environ['gunicorn.socket']``), if known
    sock: Any
    #: the complete HTTP response to write when the deadline passes
    late_response: bytes


class Watchdog:
    """One thread per process (started on first use, so after the fork) for every request."""

    def __init__(self, limit: float, on_deadline: Callable[[Job], None]) -> None:
        self.limit = limit
        self._on_deadline = on_deadline
        self._cond = threading.Condition()
        self._job: Job | None = None
        self._pid: int | None = None

    @contextmanager
    def guard(self, sock: Any, late_response: bytes) -> Iterator[Job]:
        """Run the ``with`` block under the deadline."""
        if self._pid != os.getpid():
            self._start()
        job = Job(time.monotonic() + self.limit, sock, late_response)
        with self._cond:
            self._job = job
            self._cond.notify()
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
                    self._cond.wait()
                    continue
                remaining = job.deadline - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                # Still holding the lock: the request cannot finish and start answering now.
                self._on_deadline(job)
                self._job = None


def late_response(limit: float, as_json: bool, headers: dict[str, str]) -> bytes:
    """The raw HTTP/1.1 503 response the watchdog writes for a query past ``limit`` seconds."""
    message = f"the query exceeded the {limit:g} s time limit and was stopped"
    if as_json:
        body = json.dumps({"status": 503, "error": "Service Unavailable", "message": message})
        content_type = "application/json"
    else:
        body = f"503 Service Unavailable: {message}\n"
        content_type = "text/plain; charset=utf-8"
    data = body.encode("utf-8")
    lines = [
        "HTTP/1.1 503 Service Unavailable",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(data)}",
        "Connection: close",
        "Retry-After: 1",
        "Vary: Accept",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data
