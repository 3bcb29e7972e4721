"""What the linked-data views share, stored on the app (``app.extensions['natokg.ld']``).

Derived documents (the exports, the Protégé bundle) are computed on first use and kept: the
dataset is read-only, so they never go stale while the process lives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask

from natokg.exports import horizon
from natokg.ld.iris import IriMapper
from natokg.ld.rdf import PAGE_FORMATS, RDF_FORMATS
from natokg.negotiation import Negotiator
from natokg.settings import Settings
from natokg.store import Dataset

EXTENSION = "natokg.ld"
T = TypeVar("T")


@dataclass
class LdState:
    settings: Settings
    dataset: Dataset
    mapper: IriMapper
    pages: Negotiator = field(default_factory=lambda: Negotiator(PAGE_FORMATS))
    data: Negotiator = field(default_factory=lambda: Negotiator(RDF_FORMATS))
    _cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def horizon(self) -> int | None:
        """The latest year any date of the dataset mentions."""
        return self.cached("horizon", lambda: horizon(self.dataset.store))

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for the life of the app (the data never changes)."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]


def init_app(app: Flask, settings: Settings, dataset: Dataset) -> LdState:
    ld = LdState(settings, dataset, IriMapper(dataset.base_iri))
    app.extensions[EXTENSION] = ld
    return ld


def ld_state(app: Flask) -> LdState:
    return app.extensions[EXTENSION]
