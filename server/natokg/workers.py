"""The gunicorn worker class of `natokg serve`: gunicorn's sync worker with a read timeout.

A sync worker serves one connection at a time, which the per-query time limit needs (stopping
a worker must not cut other clients off). Its weakness is a client that sends its request
slowly, or never finishes it: the sync worker would wait for it until the master's backstop
timeout. This worker gives every socket operation of a connection a deadline
(``read_timeout``), so such a client holds a worker for at most that long: it is disconnected
while its request is incomplete, or answered 408 if its body stalls (see ``serving``).
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from gunicorn.workers.sync import SyncWorker


class TimedSyncWorker(SyncWorker):
    """gunicorn's sync worker, with a timeout on every read and write of a client socket."""

    read_timeout: float = 10.0

    def load_wsgi(self) -> None:
        super().load_wsgi()
        # natokg.serving's gunicorn application hands its settings to the workers
        self.read_timeout = self.app.settings.read_timeout
        self.log.error_log.addFilter(_QuietTimeouts())

    def handle(self, listener: Any, client: socket.socket, addr: Any) -> None:
        client.settimeout(self.read_timeout)
        super().handle(listener, client, addr)


class _QuietTimeouts(logging.Filter):
    """A client dropped for being too slow is routine: one line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], TimeoutError):
            record.msg, record.args = "dropped a client too slow to send its request", ()
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
