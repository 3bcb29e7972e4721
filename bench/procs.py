"""Child processes in their own process group, always stopped, and their memory sampled."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class MemoryPeak:
    """Peak memory of a process tree: PSS (shared pages divided among their users) and RSS."""

    pss: int = 0
    rss: int = 0
    processes: int = 0

    @property
    def pss_mib(self) -> float:
        return self.pss / 2**20

    @property
    def rss_mib(self) -> float:
        return self.rss / 2**20


def tree_memory(pid: int) -> tuple[int, int, int]:
    """(PSS, RSS, process count) summed over ``pid`` and all its descendants.

    Summed PSS is the fair figure for forked workers (gunicorn): a page shared by the master
    and N workers counts 1/(N+1) in each. Summed RSS counts it N+1 times.
    """
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0, 0
    pss = rss = 0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        pss += getattr(info, "pss", info.rss)
        rss += info.rss
    return pss, rss, len(procs)


class MemorySampler:
    """Samples a process tree's memory in a background thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.peak = MemoryPeak()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()

    def sample(self) -> None:
        pss, rss, count = tree_memory(self.pid)
        self.peak.pss = max(self.peak.pss, pss)
        self.peak.rss = max(self.peak.rss, rss)
        self.peak.processes = max(self.peak.processes, count)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()


@contextmanager
def process_group(
    argv: Sequence[str],
    *,
    log: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stop_timeout: float = 10.0,
) -> Iterator[subprocess.Popen]:
    """Run ``argv`` in a new session; on exit, SIGTERM its whole group, then SIGKILL."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=cwd,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            stop_group(proc, stop_timeout)


def stop_group(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it started."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            # children may outlive the leader: give the group the same signal once more
            deadline = time.monotonic() + wait
            while _group_alive(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not _group_alive(proc.pid):
                break
        except subprocess.TimeoutExpired:
            continue


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def run_logged(
    argv: Sequence[str],
    *,
    log: Path,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> tuple[int | None, float]:
    """Run a command to completion (or its time limit): (exit code or None, seconds)."""
    start = time.perf_counter()
    with process_group(argv, log=log, env=env, cwd=cwd) as proc:
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
    return code, time.perf_counter() - start
