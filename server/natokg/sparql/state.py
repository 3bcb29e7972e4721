"""What the SPARQL views need, built once per application and kept on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from natokg.formats import DESCRIPTION_FORMATS, Format, ResultKind, formats_for
from natokg.namespaces import longest_first, prefixes, sparql_prologue
from natokg.negotiation import Negotiator
from natokg.settings import Settings
from natokg.sparql.cache import LruCache
from natokg.sparql.watchdog import Watchdog, late_response
from natokg.store import Dataset

EXTENSION = "natokg.sparql"
#: the result cache of a worker never holds more than this many bytes
CACHE_BYTES = 64 * 1024 * 1024
#: scanned queries kept per worker, and their total length
SCANS = 512
SCAN_BYTES = 4 * 1024 * 1024
YASGUI_BUILD = Path("node_modules") / "@zazuko" / "yasgui" / "build"


@dataclass
class SparqlState:
    settings: Settings
    dataset: Dataset
    graphs: frozenset[str]
    negotiators: dict[ResultKind, Negotiator]
    description_negotiator: Negotiator
    cache: LruCache
    prefixes: dict[str, str]
    prologue: str
    #: CORS and security headers also written into the watchdog's raw 503
    late_headers: dict[str, str] = field(default_factory=dict)
    #: set by ``natokg serve``; None under the test client
    watchdog: Watchdog | None = None
    #: the scanner's facts by query text (they depend on the text only): repeated queries
    #: skip the scan, which costs more than a short query's evaluation
    scans: LruCache = field(default_factory=lambda: LruCache(SCANS, max_bytes=SCAN_BYTES))

    @cached_property
    def late_responses(self) -> dict[bool, bytes]:
        """The watchdog's 503, as text (False) and as JSON (True)."""
        return self._watchdog_responses(None)

    @cached_property
    def memory_responses(self) -> dict[bool, bytes]:
        """The watchdog's 503 for a query that outgrew the memory budget, text and JSON."""
        budget = self.watchdog.memory_budget if self.watchdog is not None else None
        if budget is None:
            return {False: b"", True: b""}
        return self._watchdog_responses(
            f"the query used more than {budget / 2**20:g} MiB of memory and was stopped"
        )

    def _watchdog_responses(self, message: str | None) -> dict[bool, bytes]:
        limit = self.settings.query_timeout
        return {
            as_json: late_response(limit, as_json, self.late_headers, message)
            for as_json in (False, True)
        }

    @property
    def queries_dir(self) -> Path:
        return self.settings.project_dir / "queries"

    @property
    def yasgui_dir(self) -> Path:
        return self.settings.project_dir / YASGUI_BUILD

    @cached_property
    def compact_prefixes(self) -> list[tuple[str, str]]:
        """(namespace, prefix), longest namespace first, to abbreviate IRIs for display."""
        return longest_first(self.prefixes)

    @cached_property
    def graph_sizes(self) -> dict[str, int]:
        """Triples in each named graph (for the service description): from the build's
        manifest, else (a plain data file) counted on first use."""
        recorded = self.dataset.manifest.get("graphs", {})
        store = self.dataset.store
        return {
            g: recorded[g]
            if g in recorded
            else sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            for g in sorted(self.graphs)
        }


def build_state(settings: Settings, dataset: Dataset) -> SparqlState:
    base = dataset.base_iri
    headers = {"X-Content-Type-Options": "nosniff"}
    if settings.cors_origins:
        headers["Access-Control-Allow-Origin"] = settings.cors_origins
    return SparqlState(
        settings=settings,
        dataset=dataset,
        graphs=frozenset(dataset.graphs),
        negotiators={kind: Negotiator(formats_for(kind)) for kind in ResultKind},
        description_negotiator=Negotiator((*DESCRIPTION_FORMATS, Format.HTML)),
        cache=LruCache(settings.result_cache_size, CACHE_BYTES),
        prefixes=prefixes(base),
        prologue=sparql_prologue(base),
        late_headers=headers,
    )


def sparql_state(app: Flask) -> SparqlState:
    return app.extensions[EXTENSION]
