"""``natokg serve --backend URL``: the SPARQL endpoint answered by an external store.

The front keeps everything that makes the endpoint safe and the same for its clients: the scan
and the guard run first (SERVICE, unknown FROM, updates and LOAD are refused before anything is
sent), then the query goes to the store and its answer comes back through the same writers (so
every format, the row limits and the HTML table behave as on the embedded store).

**Which release a query sees.** The store holds each release under its own graph IRIs (see
:mod:`natokg.backend.pointer`), beside the pointer graph that names the current one. The front
reads the pointer (at most once per :data:`POINTER_TTL` seconds per worker) and sends the
current release's stored graphs as the protocol's ``default-graph-uri`` (its merged graph:
each triple once, as on the embedded store) and ``named-graph-uri`` (SPARQL 1.1 Protocol,
section 2.1.4). They override any FROM of the query and keep every other release, the pointer
and the registry out of every query. A dataset the user gives (``default-graph-uri``,
``named-graph-uri``, FROM, FROM NAMED) names public graphs, mapped to the stored ones; the
query's GRAPH clauses are mapped likewise, and ``GRAPH ?g`` binds ``?g`` to the public names
(:mod:`natokg.backend.graphnames`), so users never see a stored graph IRI.

**Faults.** The store's time limit is the front's: the request's read timeout is a little under
``query_timeout``, so the front answers 504 before its watchdog would stop the worker. A store
that cannot be reached gives 503 with ``Retry-After``; one that answers with an error, 502. The
session pools connections (keep-alive), and a dead store is retried on the next request, so the
front recovers by itself when the store is back.
"""

from __future__ import annotations

import re
import threading
import time

import pyoxigraph as ox
import requests
from flask import Flask, Response

from natokg.backend import booleans, graphnames, pointer, virtuoso
from natokg.backend.remote import Store, StoreError
from natokg.errors import error_response, title_of
from natokg.formats import ResultKind
from natokg.settings import Settings
from natokg.sparql.cache import LruCache
from natokg.sparql.failures import EvaluationError
from natokg.sparql.guard import Limits
from natokg.sparql.labels import LABEL_FUNCTION
from natokg.sparql.service import KIND_OF_FORM, Choose, Query, QueryService, Result
from natokg.store import Dataset

#: seconds a worker reuses the pointer graph it read
POINTER_TTL = 1.0
#: seconds a client is told to wait when the store is down
RETRY_AFTER = 5
#: what the front asks the store for, by kind of result
ACCEPT = {
    ResultKind.SOLUTIONS: "application/sparql-results+json",
    ResultKind.BOOLEAN: "application/sparql-results+json",
    ResultKind.GRAPH: "application/n-triples",
}
PREFIX_DECLARATION = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
STATUS = {"unreachable": 503, "timeout": 504, "refused": 502}


class BackendUnavailable(Exception):
    """The store failed; the response is ``status`` (502/503/504) with ``message``."""

    def __init__(self, error: StoreError) -> None:
        super().__init__(str(error))
        self.status = STATUS[error.kind]
        self.message = f"the SPARQL store failed: {error}"


class RemoteQueryService(QueryService):
    """:class:`QueryService` whose evaluation happens in the external store."""

    def __init__(
        self, dataset: Dataset, limits: Limits, store: Store, timeout: float, rewrite: bool = True
    ) -> None:
        super().__init__(dataset, limits, rewrite)
        self.store = store
        self.timeout = timeout
        self._current: tuple[float, pointer.Current] | None = None
        self.prologue = f"BASE <{self.base}>\n" + "".join(
            f"PREFIX {p}: <{iri}>\n" for p, iri in self.query_prefixes.items()
        )
        self._lock = threading.Lock()
        #: the variables of each query text that only boolean expressions bind (Virtuoso)
        self._booleans: LruCache[frozenset[str]] = LruCache(512, max_bytes=1024 * 1024)
        #: the engine's own time limit for each query, where it takes one per request
        self.engine_parameters = (
            virtuoso.query_parameters(timeout) if store.engine == "virtuoso" else {}
        )
        #: the release a stateless front mirrored (see :mod:`natokg.backend.stateless`): an
        #: answer read while the pointer names it is cached (the cache lives with that release)
        self.pinned: str | None = dataset.manifest.get("mirrored_release")

    def current(self) -> pointer.Current:
        """The release readers see (cached for :data:`POINTER_TTL` seconds)."""
        with self._lock:
            now = time.monotonic()
            if self._current is not None and now - self._current[0] < POINTER_TTL:
                return self._current[1]
        rows = self._call(
            self.store.select, pointer.read_query(self.dataset.base_iri), self.timeout
        )
        current = pointer.parse(rows)
        if current is None and self._current is not None:
            # a pointer read while another engine's switch was half done: keep the release read
            # before (its graphs stay until the release after next is published)
            current = self._current[1]
        if current is None:
            raise BackendUnavailable(
                StoreError(self.store.endpoints.query, "no release published (natokg publish)")
            )
        with self._lock:
            self._current = (time.monotonic(), current)
        return current

    def run(self, query: Query, choose: Choose) -> Result:
        facts = self.check(query.text)
        # parsed here first, as the embedded store does: a malformed query gets the same 400
        # (line, column, hint) whatever the engine would say, and never reaches it
        self.validate(query.text)
        expected = KIND_OF_FORM.get(facts.form or "")
        if expected is None:  # the scan found no form: the guard let only queries through
            raise EvaluationError("the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) is missing")
        fmt = choose(expected)
        current = self.current()
        graphs = current.graphs
        default, named = self._dataset(query, facts.from_graphs, facts.from_named_graphs, graphs)
        if default == sorted(graphs) and current.merged is not None:
            default = [current.merged]  # the merge, each triple once (as on the embedded store)
        else:
            default = [current.stored(g) if g in graphs else g for g in default]
        named = [current.stored(g) if g in graphs else g for g in named]
        # the endpoint's base and undeclared prefixes, as on the embedded store: a query's own
        # PREFIX comes later in the prologue, so it wins
        mirrored = self.pinned is not None and self.pinned == current.release
        if mirrored and uses_label_function(query.text, self.query_prefixes):
            # no store knows nkg:label(): the front's copy of the same release answers
            return super().run(query, choose)
        # required patterns moved before OPTIONALs where provably safe (natokg.sparql.rewrite):
        # Oxigraph's server evaluates a group in the order written, as the embedded store does;
        # a rewritten query the store refuses is sent as written, whose error the user sees
        ordered = self.rewrite(query.text)
        for candidate in dict.fromkeys((ordered, query.text)):
            rewritten = graphnames.rewrite(
                candidate, current.names(), self.query_prefixes, self.base
            )
            try:
                response = self._ask(
                    self.prologue + rewritten.text, default, named, ACCEPT[expected]
                )
                break
            except EvaluationError:
                if candidate != query.text:
                    continue
                if not mirrored:
                    raise
                return super().run(query, choose)  # a function only the embedded engine has
        try:
            body = response.content
            if expected is not ResultKind.GRAPH:
                body = graphnames.strip_variables(body, rewritten.fresh)
            if expected is ResultKind.SOLUTIONS and self.store.engine == "virtuoso":
                # Virtuoso's booleans come back as integers (see natokg.backend.booleans)
                body = booleans.restore(body, self._booleans_of(query.text))
            result = _parse(body, expected)
        except (SyntaxError, ValueError, OSError) as exc:
            raise BackendUnavailable(
                StoreError(self.store.endpoints.query, f"unreadable answer: {exc}")
            ) from None
        # cached only by a front pinned to the release the pointer named before the query: the
        # switch is atomic, so the answer is of that release or a newer one, and the cache is
        # dropped with the release's application
        cacheable = facts.deterministic and self.pinned == current.release
        try:
            return self._write(result, ResultKind.of(result), fmt, cacheable)
        except (OSError, RuntimeError, ValueError) as exc:
            raise EvaluationError(f"the query could not be evaluated: {exc}") from None

    def _booleans_of(self, text: str) -> frozenset[str]:
        """The query's variables only boolean expressions bind (parsed once per text)."""
        found = self._booleans.get(text)
        if found is None:
            found = booleans.boolean_variables(text, self.prologue)
            self._booleans.put(text, found, size=len(text))
        return found

    def _ask(
        self, text: str, default: list[str], named: list[str], accept: str
    ) -> requests.Response:
        """The store's response. Its 400 (a query it cannot run: a function only the embedded
        store has) is the client's 400; any other failure a :class:`BackendUnavailable`."""
        try:
            return self.store.request(
                "POST",
                self.store.endpoints.query,
                self.timeout,
                data={
                    "query": text,
                    "default-graph-uri": default,
                    "named-graph-uri": named,
                    **self.engine_parameters,
                },
                headers={"Accept": accept},
            )
        except StoreError as exc:
            if exc.status == 400:
                raise EvaluationError(
                    f"the SPARQL store cannot run this query: {exc.cause}"
                ) from None
            raise BackendUnavailable(exc) from None

    @staticmethod
    def _dataset(
        query: Query,
        from_graphs: tuple[str | None, ...],
        from_named: tuple[str | None, ...],
        graphs: frozenset[str],
    ) -> tuple[list[str], list[str]]:
        """The (public) graphs of the protocol's dataset, the query's FROM, or the default."""
        if query.default_graphs or query.named_graphs:
            default, named = query.default_graphs, query.named_graphs
        elif from_graphs or from_named:
            default = tuple(g for g in from_graphs if g)
            named = tuple(g for g in from_named if g)
        else:
            return sorted(graphs), sorted(graphs)
        # a graph the release lacks is an empty graph, as on the embedded store
        missing = "urn:natokg:no-such-graph"
        return (
            [g if g in graphs else missing for g in default],
            [g if g in graphs else missing for g in named],
        )

    @staticmethod
    def _call(function, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return function(*args, **kwargs)
        except StoreError as exc:
            raise BackendUnavailable(exc) from None


def uses_label_function(text: str, known: dict[str, str]) -> bool:
    """Whether ``text`` may call ``nkg:label()`` (a mention in a string or comment counts:
    the query then runs on the front's copy of the release, which gives the same answer)."""
    if f"<{LABEL_FUNCTION}>" in text:
        return True
    namespace = LABEL_FUNCTION[: -len("label")]
    declared = dict(known)
    declared.update(PREFIX_DECLARATION.findall(text))
    return any(
        re.search(rf"(?<![\w:.-]){re.escape(p)}:label\s*\(", text)
        for p, iri in declared.items()
        if iri == namespace
    )


def _parse(body: bytes, kind: ResultKind) -> object:
    """The store's answer as the pyoxigraph result the writers take."""
    if kind is ResultKind.GRAPH:
        graph = ox.Store()
        graph.load(body, format=ox.RdfFormat.N_TRIPLES)
        return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)


def attach(app: Flask, settings: Settings, service_holder: object) -> None:
    """Answer ``/sparql`` through the store ``settings.store_url`` names: replace the query
    service of the endpoint's state and map the store's failures to 502/503/504."""
    limits = service_holder.service.limits  # type: ignore[attr-defined]
    timeout = max(0.5, settings.query_timeout - 1.0)
    service_holder.service = RemoteQueryService(  # type: ignore[attr-defined]
        service_holder.dataset,  # type: ignore[attr-defined]
        limits,
        Store.of(settings),
        timeout,
        settings.query_rewrite,
    )

    def unavailable(exc: BackendUnavailable) -> Response:
        response = error_response(exc.status, title_of(exc.status), exc.message)
        if exc.status in (503, 504):
            response.headers["Retry-After"] = str(RETRY_AFTER)
        app.logger.warning("%s", exc)
        return response

    app.register_error_handler(BackendUnavailable, unavailable)
