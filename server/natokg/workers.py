"""The gunicorn worker classes of `natokg serve`.

:class:`ThreadedWorker` (``front = "threads"``, the default) is gunicorn's threaded worker: one
event loop per process holds the connections, kept alive between requests, and a pool of
threads answers the requests. pyoxigraph releases the GIL while it evaluates a query, so the
threads of one process evaluate queries side by side. What it adds to gunicorn's:

- **No thread waits for a slow client.** A thread reads what a connection has sent without
  waiting, and keeps it; the request goes to the parser only once it has all arrived (headers
  and, up to :data:`PEEK` bytes, the body). Until then the connection waits in the event loop,
  which costs a few kilobytes however slowly the client sends; it is dropped after
  ``read_timeout`` seconds without a byte, with 408 when its headers had arrived. An idle
  kept-alive connection stays open ``keep_alive`` seconds.
- **A runaway query still ends for real.** The watchdog (:mod:`natokg.sparql.watchdog`) answers
  503 for it and calls :meth:`ThreadedWorker.retire`: the process stops accepting, lets the
  other requests it is answering finish (at most :data:`DRAIN` seconds), and ends, which stops
  the evaluation and frees its CPU and memory; gunicorn's master forks a fresh worker.

:class:`TimedSyncWorker` (``front = "sync"``) is the previous design, kept to be measured
against (bench/front.py): gunicorn's sync worker, one connection at a time and no keep-alive,
with a timeout on every read and write.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import queue
import re
import socket
import time
from typing import Any

from gunicorn.workers.gthread import _DEFER, PollableMethodQueue, ThreadWorker
from gunicorn.workers.sync import SyncWorker

#: bytes of a waiting request looked at, at most: a request longer than this (a large POST
#: body) goes to a thread once this much has arrived, and reads the rest with ``read_timeout``
PEEK = 65536
#: seconds a retiring worker gives the other requests it is answering, at most
DRAIN = 2.0
#: seconds a retiring worker keeps idle connections open for a request already on its way
LINGER = 0.5
#: seconds between two heartbeats of a worker (gunicorn's master allows query_timeout + 30)
HEARTBEAT = 1.0
_END_OF_HEAD = b"\r\n\r\n"
_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*(\d+)", re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding[ \t]*:[^\r\n]*chunked", re.IGNORECASE)
_TIMEOUT_BODY = b"408 Request Timeout: the request stopped arriving; send it without pausing\n"
_TIMEOUT_408 = (
    b"HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_TIMEOUT_BODY), _TIMEOUT_BODY)
)

#: the worker of this process, once it runs (see :func:`running_worker`)
_running: ThreadedWorker | None = None


def running_worker() -> ThreadedWorker | None:
    """The threaded worker serving in this process, if any."""
    return _running


class _TimedSocket(socket.socket):
    """A client socket whose blocking mode has a timeout: gunicorn's threads switch sockets to
    blocking mode to read and write; a client that stops reading or sending mid-way then
    fails that thread's operation after ``read_timeout`` instead of holding it."""

    read_timeout: float = 10.0

    def setblocking(self, flag: bool) -> None:
        if flag:
            self.settimeout(self.read_timeout)
        else:
            super().setblocking(False)


class ThreadedWorker(ThreadWorker):
    """gunicorn's threaded worker: whole requests to threads, keep-alive, retire on a runaway."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.method_queue = _CoalescingQueue()
        self._notified = 0.0

    def notify(self) -> None:
        """The heartbeat the master watches (a file's time stamp), at most once a second:
        gunicorn's loop would touch the file after every request."""
        now = time.monotonic()
        if now - self._notified >= HEARTBEAT:
            self._notified = now
            super().notify()

    def load_wsgi(self) -> None:
        global _running
        super().load_wsgi()
        settings = self.app.settings  # natokg.serving's gunicorn application hands them over
        self.read_timeout = settings.read_timeout
        self.log.error_log.addFilter(_QuietTimeouts())
        _running = self
        # what start-up made lives as long as the worker: out of the collector's way (fewer
        # full collections to walk it, and its pages stay shared with the master)
        gc.freeze()

    def accept(self, listener: Any) -> None:
        # the listener is non-blocking: accepted sockets are wrapped before gunicorn sees them
        super().accept(_Listener(listener, self.read_timeout))

    def handle(self, conn: Any) -> Any:
        arrived = self._gather(conn)
        if arrived is not True:
            conn.partial = arrived == "partly"
            return _DEFER
        conn.partial = False
        conn.data_ready = True  # gunicorn's own wait for a first byte is not needed
        gathered = getattr(conn, "gathered", None)
        if gathered:
            conn.init()
            conn.parser.unreader.unread(bytes(gathered))
            gathered.clear()
        return super().handle(conn)

    def finish_request(self, conn: Any, fs: Any) -> None:
        super().finish_request(conn, fs)
        if getattr(conn, "partial", False) and conn in self.pending_conns:
            conn.timeout = time.monotonic() + self.read_timeout  # silence allowed mid-request

    def murder_pending(self) -> None:
        """Drop connections whose request stopped arriving (their timeouts differ: a request
        under way waits ``read_timeout``, a connection that has sent nothing ``keep_alive``)."""
        now = time.monotonic()
        for conn in [c for c in self.pending_conns if c.timeout <= now]:
            self.pending_conns.remove(conn)
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            self.nr_conns -= 1
            if _END_OF_HEAD in getattr(conn, "gathered", b""):
                try:
                    conn.sock.send(_TIMEOUT_408, socket.MSG_DONTWAIT)
                except OSError:
                    pass
            conn.close()

    def retire(self, stuck: int) -> None:
        """Stop accepting, and wait (at most :data:`DRAIN` s) until the worker holds no
        connection but the ``stuck`` ones, whose requests the watchdog answered for and which
        never return. Requests already accepted, queued for a thread or being answered, are
        answered; a request arriving on an idle connection within :data:`LINGER` s is answered
        with ``Connection: close``, then the connection is closed. The caller ends the
        process."""
        self.alive = False
        # run by the event loop, which then stops accepting (see ThreadWorker.run)
        self.method_queue.defer(self._cap_keepalive, time.monotonic() + LINGER)
        deadline = time.monotonic() + DRAIN
        while time.monotonic() < deadline and self.nr_conns > stuck:
            time.sleep(0.01)

    def _gather(self, conn: Any) -> bool | str:
        """Read what the client has sent so far, without waiting. True when the request is all
        there (or :data:`PEEK` bytes of it, or the client has closed: the parser says what
        follows), ``"partly"`` when it has begun, False when nothing has come yet."""
        if conn.parser is not None and conn.parser.unreader.buf.getvalue():
            return True  # read ahead with the previous request: the parser takes it
        gathered = conn.__dict__.setdefault("gathered", bytearray())
        conn.sock.setblocking(False)
        while len(gathered) < PEEK:
            try:
                data = conn.sock.recv(PEEK - len(gathered))
            except BlockingIOError:
                break
            except OSError:
                return True  # the parser meets the error again and reports it
            if not data:
                return True
            gathered += data
        if not gathered:
            return False
        return True if _complete(bytes(gathered)) else "partly"


class _CoalescingQueue(PollableMethodQueue):
    """gunicorn's queue of work for the event loop, woken by one byte on a pipe per batch
    rather than per request: threads finishing requests while a wake-up is pending add theirs
    to the same batch, which the event loop runs whole."""

    def init(self) -> None:
        super().init()
        self._signalled = False

    def defer(self, callback: Any, *args: Any) -> None:
        self._queue.put(functools.partial(callback, *args))
        # read after the put: a loop that cleared the flag before this read drains this too
        if not self._signalled:
            self._signalled = True
            try:
                os.write(self._write_fd, b"\x00")
            except OSError:  # the pipe is full: a wake-up is pending anyway
                pass

    def run_callbacks(self, _fileobj: Any, max_callbacks: int = 50) -> None:
        try:
            os.read(self._read_fd, 4096)
        except OSError:
            pass
        self._signalled = False  # before draining: a callback queued from now on wakes again
        while True:
            try:
                callback = self._queue.get_nowait()
            except queue.Empty:
                return
            callback()


class _Listener:
    """A listening socket whose accepted sockets are :class:`_TimedSocket`."""

    def __init__(self, listener: Any, read_timeout: float) -> None:
        self._listener = listener
        self._read_timeout = read_timeout

    def accept(self) -> tuple[socket.socket, Any]:
        sock, address = self._listener.accept()
        timed = _TimedSocket(sock.family, sock.type, sock.proto, fileno=sock.detach())
        timed.read_timeout = self._read_timeout
        return timed, address

    def getsockname(self) -> Any:
        return self._listener.getsockname()


def _complete(data: bytes) -> bool:
    """Whether ``data``, the start of what a client sent, holds a whole request."""
    if not data or len(data) >= PEEK:
        return True  # closed (the parser says so), or too long to wait for in the kernel
    end = data.find(_END_OF_HEAD)
    if end < 0:
        return False
    head = data[:end]
    length = _LENGTH.search(head)
    if length is not None:
        return len(data) >= end + 4 + int(length[1]) or end + 4 + int(length[1]) > PEEK
    if _CHUNKED.search(head):
        return data.find(b"0\r\n\r\n", end + 4) >= 0
    return True


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
