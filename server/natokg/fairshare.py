"""Fair share: a per-client budget of query time and of concurrent queries, shared by workers.

Each client (its remote address, or the value of a header a trusted proxy sets) has a bucket
of query seconds that refills at ``seconds_per_minute / 60`` per second, and at most
``concurrent`` queries running at once. A query is admitted while the bucket is not empty and
the client has a free place; it is charged the time it took when it ends. Past either budget
the client gets 429 with ``Retry-After``, and the other clients keep their workers.

The table lives in a small file mapped into memory by every worker process (gunicorn's workers
share nothing else), updated under an ``fcntl`` lock, which the kernel releases if a worker is
killed (the threads of one worker also take a thread lock first). A query whose worker was
stopped by the watchdog is charged when its entry is found stale: its process is gone, or it
started more than ``stale_after`` seconds ago.
Per request this costs two short locked updates of one slot (microseconds, see bench/README.md).
When every slot a key hashes to is busy with other clients the query is admitted unaccounted
(the table never refuses a client for want of room).
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from natokg import processes

#: slots in the table, and how many neighbours a key may probe
SLOTS = 1024
PROBES = 8
#: concurrent queries one slot can record (the ``concurrent`` setting's upper bound)
RUNNING = 8
#: seconds per budget period
PERIOD = 60.0
_HEAD = struct.Struct("<Qdd")  # key hash, seconds used, when ``used`` was last decayed
_RUN = struct.Struct("<qd")  # pid (0: free), start (monotonic seconds)
_SLOT = _HEAD.size + RUNNING * _RUN.size


class OverBudget(Exception):
    """The client is past its budget; it may retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: int, reason: str) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.reason = reason


@dataclass(frozen=True)
class Budget:
    seconds_per_minute: float
    concurrent: int
    #: a running entry older than this is a query whose worker was stopped
    stale_after: float

    @property
    def enabled(self) -> bool:
        return self.seconds_per_minute > 0 or self.concurrent > 0


def default_path(port: int) -> Path:
    """Where ``natokg serve``'s workers share their table (shared memory when there is some)."""
    shm = Path("/dev/shm")
    folder = shm if shm.is_dir() else Path(os.environ.get("TMPDIR", "/tmp"))
    return folder / f"natokg-fair-share-{os.getuid()}-{port}"


class FairShare:
    """The shared table at ``path``, opened on first use in each process."""

    def __init__(self, path: Path, budget: Budget) -> None:
        self.path = path
        self.budget = budget
        self._pid = 0
        self._fd = -1
        self._map: mmap.mmap | None = None
        #: ``lockf`` excludes other processes only; the threads of one worker take this first
        self._threads = threading.Lock()

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        """Run the body as one query of ``client``, or raise :class:`OverBudget`."""
        if not self.budget.enabled:
            yield
            return
        key = _hash(client)
        with self._locked() as table:
            place = _take(table, key, self.budget)
        if place is None:  # no room in the table: admitted, unaccounted
            yield
            return
        try:
            yield
        finally:
            with self._locked() as table:
                _give_back(table, key, *place)

    # -- the table ----------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[mmap.mmap]:
        with self._threads:
            table = self._open()
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                yield table
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def _open(self) -> mmap.mmap:
        if self._map is not None and self._pid == os.getpid():
            return self._map
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        size = SLOTS * _SLOT
        if os.fstat(fd).st_size < size:
            os.ftruncate(fd, size)
        self._fd, self._pid = fd, os.getpid()
        self._map = mmap.mmap(fd, size, mmap.MAP_SHARED)
        return self._map


def _hash(client: str) -> int:
    return int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "little") or 1


def _take(table: mmap.mmap, key: int, budget: Budget) -> tuple[int, int, float] | None:
    """Admit one query of ``key``: (slot offset, running index, start), None if no room."""
    now = time.monotonic()
    rate = budget.seconds_per_minute / PERIOD
    for probe in range(PROBES):
        offset = ((key + probe) % SLOTS) * _SLOT
        owner, used, last = _HEAD.unpack_from(table, offset)
        running = _running(table, offset)
        if owner not in (0, key):
            idle = not any(pid for pid, _ in running)
            decayed = max(0.0, used - (now - last) * rate) if rate else 0.0
            if not (idle and decayed == 0.0):
                continue  # another client's live slot
            owner, used, last = 0, 0.0, now
            running = [(0, 0.0)] * RUNNING
        if owner == 0:
            used, last = 0.0, now
        # queries whose worker was killed are charged as running until now
        for index, (pid, start) in enumerate(running):
            if pid and (now - start > budget.stale_after or not processes.alive(pid)):
                used += now - start
                running[index] = (0, 0.0)
        if rate:
            used = max(0.0, used - (now - last) * rate)
        _HEAD.pack_into(table, offset, key, used, now)
        _write_running(table, offset, running)
        if budget.seconds_per_minute > 0 and used >= budget.seconds_per_minute:
            wait = (used - budget.seconds_per_minute) / rate + 1
            raise OverBudget(
                math.ceil(wait),
                f"this client used its {budget.seconds_per_minute:g} s of query time per minute",
            )
        busy = sum(1 for pid, _ in running if pid)
        limit = budget.concurrent if budget.concurrent > 0 else RUNNING
        if busy >= limit:
            raise OverBudget(1, f"this client already has {busy} queries running")
        free = next(i for i, (pid, _) in enumerate(running) if not pid)
        _RUN.pack_into(table, offset + _HEAD.size + free * _RUN.size, os.getpid(), now)
        return offset, free, now
    return None


def _give_back(table: mmap.mmap, key: int, offset: int, index: int, start: float) -> None:
    """End the query admitted at (offset, index, start): free its place, charge its time."""
    owner, used, last = _HEAD.unpack_from(table, offset)
    at = offset + _HEAD.size + index * _RUN.size
    pid, started = _RUN.unpack_from(table, at)
    if owner != key or pid != os.getpid() or started != start:
        return  # already charged as stale
    _RUN.pack_into(table, at, 0, 0.0)
    _HEAD.pack_into(table, offset, key, used + (time.monotonic() - start), last)


def _running(table: mmap.mmap, offset: int) -> list[tuple[int, float]]:
    base = offset + _HEAD.size
    return [_RUN.unpack_from(table, base + i * _RUN.size) for i in range(RUNNING)]


def _write_running(table: mmap.mmap, offset: int, running: list[tuple[int, float]]) -> None:
    base = offset + _HEAD.size
    for i, (pid, start) in enumerate(running):
        _RUN.pack_into(table, base + i * _RUN.size, pid, start)
