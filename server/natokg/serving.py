"""`natokg serve`: the Flask application under gunicorn, with the per-query time limit.

With ``store = memory`` the dataset is loaded once, in gunicorn's master process, before the
workers fork (``preload_app``), so each worker starts with it in shared memory. With
``store = disk`` the master only makes sure the on-disk store exists; each worker then builds
the application on its own read-only handle (see :mod:`natokg.store`). Workers take requests
as the setting ``front`` says (see :mod:`natokg.workers`): by default each keeps connections
alive and answers whole requests in threads. Each worker's watchdog
(:mod:`natokg.sparql.watchdog`) answers 503 and ends the worker when a query outlives
``query_timeout`` or grows the worker's memory by more than ``query_memory_limit``; the
master forks a fresh one at once. gunicorn's own ``timeout`` is only a backstop for the
watchdog.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response
from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import NoMoreData, ParseException
from werkzeug.exceptions import ClientDisconnected

from natokg import release as releases
from natokg.app import create_app
from natokg.errors import error_response
from natokg.settings import Settings
from natokg.sparql.watchdog import Job, Watchdog
from natokg.store import (
    MEMORY,
    Dataset,
    DatasetError,
    load_dataset,
    open_disk,
    prepare_disk_store,
)
from natokg.workers import running_worker

log = logging.getLogger("natokg.serve")
#: the gunicorn worker class of each front (setting ``front``)
WORKER_CLASSES = {
    "threads": "natokg.workers.ThreadedWorker",
    "sync": "natokg.workers.TimedSyncWorker",
}
#: connections one threaded worker holds open at most (idle ones cost a few kilobytes)
WORKER_CONNECTIONS = 4096


class _Gunicorn(BaseApplication):
    """gunicorn, configured in code (no config file, no command line of its own)."""

    def __init__(
        self, load: Callable[[], Flask], options: dict[str, Any], settings: Settings
    ) -> None:
        self._load = load
        self.options = options
        #: read by the workers (see :mod:`natokg.workers`)
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._load()


def serve(settings: Settings) -> int:
    """Build if needed, load the dataset, and serve until stopped. Returns the exit status."""
    logging.basicConfig(
        level=settings.log_level.upper(),
        stream=sys.stderr,
        format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s",
    )
    status = ensure_build(settings)
    if status:
        return status
    started = time.perf_counter()
    try:
        load, release = _prepare(settings)
    except (DatasetError, *_backend_errors(settings)) as exc:
        print(f"natokg: {exc}", file=sys.stderr)
        return 1
    if release is not None:
        releases.hold(release)  # later builds keep it while this server runs
    log.info(
        "dataset %s in %.2f s: %s",
        "loaded" if settings.store == MEMORY else "ready on disk",
        time.perf_counter() - started,
        settings.data_file or settings.releases_path,
    )
    try:
        _Gunicorn(load, gunicorn_options(settings), settings).run()
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


def _prepare(settings: Settings) -> tuple[Callable[[], Flask], Path | None]:
    """What each worker loads, and the release to hold while serving.

    In memory, the application (and its store) is made here, in the master, to be shared by
    the workers; on disk, the master only writes the store if needed and never opens it.
    With ``--backend`` nothing local is read: the store's current release is mirrored (see
    :mod:`natokg.backend.stateless`).
    """
    if settings.store_url:
        from natokg.backend.stateless import ReleaseSwitch

        switch = ReleaseSwitch(settings, create_served_app)
        switch.prepare()  # fails here, with one line, when the store has nothing to serve
        return (lambda: switch), None  # type: ignore[return-value]
    if settings.store == MEMORY:
        dataset = load_dataset(settings)
        app = create_served_app(settings, dataset)
        return (lambda: app), dataset.release
    store_dir = prepare_disk_store(settings)
    release = store_dir.parent if settings.data_file is None else None
    # every worker, also one forked later, opens the store prepared here (not a newer build)
    return (lambda: create_served_app(settings, open_disk(settings, store_dir))), release


def _backend_errors(settings: Settings) -> tuple[type[Exception], ...]:
    if not settings.store_url:
        return ()
    from natokg.backend.mirror import MirrorError
    from natokg.backend.remote import StoreError

    return (StoreError, MirrorError)


def ensure_build(settings: Settings) -> int:
    """0 when there is something to serve; else build it, printing problems on failure."""
    if (
        settings.data_file is not None
        or settings.store_url  # `--backend`: the store holds the release
        or releases.current_release(settings.releases_path) is not None
    ):
        return 0
    from natokg.pipeline import pipeline

    print(f"natokg: no build in {settings.releases_path}; building first…", file=sys.stderr)
    outcome = pipeline.run(settings, log=lambda m: print(m, file=sys.stderr))
    if outcome.ok:
        return 0
    for problem in outcome.problems():
        print(problem)
    print(
        f"natokg: the build failed with {len(outcome.problems())} problem(s); nothing to serve.",
        file=sys.stderr,
    )
    return 1


def create_served_app(settings: Settings, dataset: Dataset | None = None) -> Flask:
    """The application, with the watchdog that enforces ``query_timeout`` and the budget."""
    budget = settings.query_memory_limit * 2**20 or None
    watchdog = Watchdog(settings.query_timeout, stop_worker, budget)
    app = create_app(settings, dataset, watchdog)
    # gunicorn reads bodies as the view asks: a broken chunked body surfaces there, not as a 400
    app.register_error_handler(ParseException, _malformed_body)
    app.register_error_handler(NoMoreData, _malformed_body)
    # a body that stalls past read_timeout (see natokg.workers); werkzeug reports it as a
    # client that disconnected, caused by the socket's TimeoutError
    app.register_error_handler(TimeoutError, _stalled_body)
    app.register_error_handler(ClientDisconnected, _disconnected)
    return app


def _malformed_body(exc: Exception) -> Response:
    return error_response(
        400, "Bad Request", "the request body is malformed (broken chunked encoding or cut short)"
    )


def _disconnected(exc: ClientDisconnected) -> Response:
    if isinstance(exc.__context__, TimeoutError):
        return _stalled_body(exc)
    return error_response(400, "Bad Request", "the request body ended before its announced length")


def _stalled_body(exc: Exception) -> Response:
    return error_response(
        408, "Request Timeout", "the request body stopped arriving; send it without pausing"
    )


def stop_worker(watchdog: Watchdog, jobs: list[Job]) -> None:
    """End this worker process: the watchdog has answered 503 for ``jobs``. Under the threaded
    front the other requests the process is answering finish first (for at most
    :data:`natokg.workers.DRAIN` seconds; a query still running then gets the 503 too)."""
    log.warning(
        "%d quer%s exceeded the %s limit; stopping worker %d to free its resources",
        len(jobs),
        "y" if len(jobs) == 1 else "ies",
        jobs[0].overran,
        os.getpid(),
    )
    worker = running_worker()
    if worker is not None and jobs[0].overran == "time":
        worker.retire(stuck=watchdog.stopped)
        watchdog.stop_all()
    logging.shutdown()
    os._exit(0)


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.worker_count,
        "worker_class": WORKER_CLASSES[settings.front],
        # (gunicorn turns a *SyncWorker class into its threaded worker when threads > 1)
        "threads": settings.threads if settings.front == "threads" else 1,
        "keepalive": math.ceil(settings.keep_alive),
        # idle connections wait in each worker's event loop: many are cheap
        "worker_connections": WORKER_CONNECTIONS,
        "preload_app": settings.store == MEMORY,
        # a backstop only: the watchdog stops queries at query_timeout
        "timeout": math.ceil(settings.query_timeout) + 30,
        "graceful_timeout": 5,
        # the protocol allows long GET queries; max_query_length still applies (0 = 1 MiB)
        "limit_request_line": 0,
        "loglevel": settings.log_level,
        "errorlog": "-",
        "accesslog": "-" if settings.log_level == "debug" else None,
        "proc_name": "natokg",
        "control_socket_disable": True,
    }
