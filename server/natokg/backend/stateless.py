"""``natokg serve --backend``: a front that keeps no release of its own.

:class:`ReleaseSwitch` is the WSGI application. It holds one Flask application built on the
mirror (:mod:`natokg.backend.mirror`) of the store's current release. At most once per
:data:`~natokg.backend.front.POINTER_TTL` seconds a request reads the pointer graph; when it
names another release, that request reads the new release, builds its application and switches
to it, while the requests already running finish on the previous one. So every front behind a
load balancer answers from the release the store names (within ``POINTER_TTL`` of a publish),
and everything an application keeps (the result cache, derived documents, the search index) is
kept per release: a publish can never mix two releases in one answer.

The store failing while a release is mirrored keeps the front on the release it has (its
``/sparql`` answers 503 by itself); a front that never had one answers 503 with ``Retry-After``.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable

from flask import Flask, Response

from natokg.backend import mirror, pointer
from natokg.backend.front import POINTER_TTL, RETRY_AFTER
from natokg.backend.remote import Store, StoreError
from natokg.settings import Settings
from natokg.store import Dataset

log = logging.getLogger(__name__)

#: the manifest key naming the mirrored release (read by the front to pin its result cache)
RELEASE_KEY = "mirrored_release"


class ReleaseSwitch:
    """The WSGI application of a stateless front: the current release's Flask application."""

    def __init__(self, settings: Settings, make_app: Callable[[Settings, Dataset], Flask]) -> None:
        self.settings = settings
        self.make_app = make_app
        self.store = Store.of(settings)
        self.timeout = max(1.0, settings.query_timeout)
        self.downloads = mirror.Downloads()
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and self.downloads.close())
        self._lock = threading.Lock()
        self._app: tuple[str, Flask] | None = None
        self._previous: str | None = None
        self._checked = -POINTER_TTL

    @property
    def release(self) -> str | None:
        """The release this front serves (None before the first one was read)."""
        return self._app[0] if self._app else None

    def application(self) -> Flask:
        """The application of the current release, switched when the pointer moved.
        Raises :class:`StoreError` or :class:`mirror.MirrorError` when there is none."""
        with self._lock:
            now = time.monotonic()
            if self._app is not None and now - self._checked < POINTER_TTL:
                return self._app[1]
            try:
                current = mirror.read_current(self.store, self.settings.base_iri, self.timeout)
                if self._app is None or self._app[0] != current.release:
                    self._switch(current)
            except (StoreError, mirror.MirrorError) as exc:
                if self._app is None:
                    raise
                log.warning("keeping release %s: %s", self._app[0], exc)
            self._checked = time.monotonic()
            assert self._app is not None
            return self._app[1]

    def _switch(self, current: pointer.Current) -> None:
        started = time.perf_counter()
        directory = self.downloads.directory(current.release)
        dataset = mirror.read_release(
            self.store, self.settings.base_iri, current, self.timeout, directory
        )
        dataset.manifest[RELEASE_KEY] = current.release
        app = self.make_app(self.settings, dataset)
        if self._previous is not None and self._previous != current.release:
            self.downloads.drop(self._previous)  # two releases back: no request still on it
        self._previous = self._app[0] if self._app else None
        self._app = (current.release, app)
        log.info(
            "serving release %s from the store (%d triples, %.2f s)",
            current.release,
            dataset.manifest["triples"],
            time.perf_counter() - started,
        )

    def prepare(self) -> None:
        """Read the current release now (the server's master, before the workers fork), and
        close the connections so that no worker shares the master's sockets."""
        try:
            self.application()
        finally:
            self.store.session.close()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            app = self.application()
        except (StoreError, mirror.MirrorError) as exc:
            response = Response(
                f"503 Service Unavailable: the SPARQL store has no release to serve: {exc}\n",
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": str(RETRY_AFTER)},
            )
            return response(environ, start_response)
        return app(environ, start_response)
