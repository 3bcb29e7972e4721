"""What the SPARQL views need, built once per application and handed to them (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from natokg.errors import CSP, BodyKind, SiteHeaders, plain_body
from natokg.fairshare import Budget, FairShare, default_path
from natokg.formats import DESCRIPTION_FORMATS, Format, ResultKind, formats_for
from natokg.ld.iris import IriMapper
from natokg.namespaces import NKG, RDF, longest_first, prefixes, sparql_prologue
from natokg.negotiation import Negotiator
from natokg.settings import Settings
from natokg.sparql.cache import LruCache
from natokg.sparql.guard import Limits
from natokg.sparql.service import QueryService
from natokg.sparql.watchdog import Watchdog, late_response
from natokg.store import Dataset

#: the result cache of a worker never holds more than this many bytes
CACHE_BYTES = 64 * 1024 * 1024
YASGUI_BUILD = Path("node_modules") / "@zazuko" / "yasgui" / "build"


@dataclass
class SparqlState:
    settings: Settings
    dataset: Dataset
    service: QueryService
    negotiators: dict[ResultKind, Negotiator]
    description_negotiator: Negotiator
    cache: LruCache
    prefixes: dict[str, str]
    prologue: str
    #: the site's headers (security, CORS) per Content-Type, for the endpoint's answers
    site_headers: SiteHeaders
    #: CORS and security headers also written into the watchdog's raw 503
    late_headers: dict[str, str] = field(default_factory=dict)
    #: given by ``natokg serve``; None under the test client
    watchdog: Watchdog | None = None
    #: per-client budgets of query time and concurrent queries (None: no budgets)
    fair_share: FairShare | None = None

    @cached_property
    def late_responses(self) -> dict[BodyKind, bytes]:
        """The watchdog's 503 in each kind of error body (see :func:`natokg.errors.body_kind`)."""
        limit = self.settings.query_timeout
        return self._watchdog_responses(
            f"the query exceeded the {limit:g} s time limit and was stopped"
        )

    @cached_property
    def memory_responses(self) -> dict[BodyKind, bytes]:
        """The watchdog's 503 for a query that outgrew the memory budget, in each kind."""
        budget = self.watchdog.memory_budget if self.watchdog is not None else None
        if budget is None:
            return dict.fromkeys(BodyKind, b"")
        return self._watchdog_responses(
            f"the query used more than {budget / 2**20:g} MiB of memory and was stopped"
        )

    def _watchdog_responses(self, message: str) -> dict[BodyKind, bytes]:
        html = {"Content-Security-Policy": CSP}
        return {
            kind: late_response(
                kind.value,
                plain_body(kind, 503, message),
                self.late_headers | (html if kind is BodyKind.HTML else {}),
            )
            for kind in BodyKind
        }

    @property
    def queries_dir(self) -> Path:
        return self.settings.project_dir / "queries"

    @property
    def yasgui_dir(self) -> Path:
        return self.settings.project_dir / YASGUI_BUILD

    @property
    def has_yasgui(self) -> bool:
        """Whether the query editor is installed (``npm ci``)."""
        return (self.yasgui_dir / "yasgui.min.js").is_file()

    @cached_property
    def source_documents(self) -> tuple[dict[str, str], dict[str, str]]:
        """(document slug → English title, source file name → slug), for the examples
        gallery (documents by title, never by file name)."""
        titles: dict[str, str] = {}
        files: dict[str, str] = {}
        store = self.dataset.store
        kind = ox.NamedNode(NKG + "SourceDocument")
        typed = ox.NamedNode(RDF + "type")
        for quad in store.quads_for_pattern(None, typed, kind, ox.DefaultGraph()):
            local = self.mapper.classify(quad.subject.value)
            if local is None or not isinstance(quad.subject, ox.NamedNode):
                continue
            label = self.service.labels.label(quad.subject)
            titles[local.name] = label.value if label is not None else local.name
            for file in store.quads_for_pattern(
                quad.subject, ox.NamedNode(NKG + "sourceFile"), None, ox.DefaultGraph()
            ):
                files[file.object.value] = local.name
        return titles, files

    @cached_property
    def mapper(self) -> IriMapper:
        """The dataset's IRIs and this server's paths for them (links stay on the site)."""
        return IriMapper(self.dataset.base_iri)

    @cached_property
    def compact_prefixes(self) -> list[tuple[str, str]]:
        """(namespace, prefix), longest namespace first, to abbreviate IRIs for display."""
        return longest_first(self.prefixes)

    @property
    def graphs(self) -> frozenset[str]:
        return self.service.graphs

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


def build_state(
    settings: Settings, dataset: Dataset, watchdog: Watchdog | None = None
) -> SparqlState:
    base = dataset.base_iri
    headers = {"X-Content-Type-Options": "nosniff"}
    if settings.cors_origins:
        headers["Access-Control-Allow-Origin"] = settings.cors_origins
    return SparqlState(
        settings=settings,
        dataset=dataset,
        service=QueryService(dataset, Limits.of(settings), settings.query_rewrite),
        negotiators={kind: Negotiator(formats_for(kind)) for kind in ResultKind},
        description_negotiator=Negotiator((*DESCRIPTION_FORMATS, Format.HTML)),
        cache=LruCache(settings.result_cache_size, CACHE_BYTES),
        prefixes=prefixes(base),
        prologue=sparql_prologue(base),
        site_headers=SiteHeaders.of(settings),
        late_headers=headers,
        watchdog=watchdog,
        fair_share=fair_share(settings, served=watchdog is not None),
    )


def fair_share(settings: Settings, served: bool) -> FairShare | None:
    """The budgets' table: under ``natokg serve`` (shared by its workers), or at the file
    the settings name; none under a test client of its own."""
    path = settings.fair_share_file or (default_path(settings.port) if served else None)
    budget = Budget(
        settings.client_query_seconds,
        settings.client_concurrent_queries,
        stale_after=settings.query_timeout + 5,
    )
    if path is None or not budget.enabled:
        return None
    return FairShare(path, budget)
