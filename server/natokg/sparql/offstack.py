"""Run rdflib's SPARQL parser on a thread of its own, away from the requests' stacks.

pyparsing, under rdflib's parser, raises exceptions as it backtracks and keeps some in its
cache. Each exception keeps the frames it passed through alive, and each frame its callers
(``f_back``), up to the request's own frames, and with them the locals those frames hold
later: pyoxigraph's result iterators. Those must be freed on the thread that made them
(pyo3's *unsendable* objects); freed by the garbage collector on another thread of the worker,
they leak with an error on the log. Called here, the parser runs on one thread per process
that never holds a pyoxigraph object, so whatever it keeps holds only that thread's frames.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pid = 0


def call(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` run on the parser's thread. ``function`` must not raise (an
    exception raised back here would carry this stack into pyparsing's cache)."""
    global _executor, _pid
    with _lock:
        if _executor is None or _pid != os.getpid():  # one per process, made after the fork
            _executor = ThreadPoolExecutor(1, thread_name_prefix="natokg-parser")
            _pid = os.getpid()
        executor = _executor
    return executor.submit(function, *args).result()
