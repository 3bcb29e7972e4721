"""One query, from its text to its result: scan, guard, choose the format, evaluate, write.

The ``/sparql`` view and ``natokg query`` both call :meth:`QueryService.run`. The format is
chosen before the query is evaluated, from the query form the scanner read (SELECT, ASK,
CONSTRUCT, DESCRIBE), so an unacceptable format costs no evaluation (pyoxigraph evaluates an
``ORDER BY`` or an aggregate as soon as it is given the query). What it cannot answer it raises as a
:class:`~natokg.sparql.failures.QueryError` or a :class:`~natokg.negotiation.NotAcceptable`,
never as an HTTP exception: the web layer maps them to statuses (:mod:`natokg.errors`).

Relative IRIs in a query resolve against the endpoint's IRI (``<base>sparql``, where the
dataset's IRIs say the endpoint is), in the scanner and in the engine alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pyoxigraph as ox

from natokg.formats import Format, ResultKind
from natokg.namespaces import prefixes, query_prefixes
from natokg.sparql import guard, results
from natokg.sparql.cache import LruCache
from natokg.sparql.execution import evaluate
from natokg.sparql.failures import EvaluationError, QuerySyntaxError
from natokg.sparql.guard import Limits
from natokg.sparql.labels import Labeller, project_labels
from natokg.sparql.results import Table
from natokg.sparql.rewrite import Rewriter
from natokg.sparql.scanner import QueryFacts, scan
from natokg.store import Dataset

#: scanned queries kept per process, and their total length
SCANS = 512
SCAN_BYTES = 4 * 1024 * 1024
#: the kind of result each query form gives
KIND_OF_FORM = {
    "SELECT": ResultKind.SOLUTIONS,
    "ASK": ResultKind.BOOLEAN,
    "CONSTRUCT": ResultKind.GRAPH,
    "DESCRIBE": ResultKind.GRAPH,
}

#: picks the format for a kind of result, or raises NotAcceptable
Choose = Callable[[ResultKind], Format]


def endpoint_iri(base_iri: str) -> str:
    """The endpoint's IRI under the dataset's base: the base of relative IRIs in queries."""
    return base_iri + "sparql"


@dataclass(frozen=True)
class Query:
    """A query and the dataset the protocol asks it over (empty: the documented default)."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """A finished result: ``body`` in ``format``, or for :attr:`Format.HTML` a ``table``."""

    kind: ResultKind
    format: Format
    #: the row limit applied (a longer result was cut)
    limit: int
    truncated: bool
    body: bytes = b""
    table: Table | None = None
    #: the same query gives the same result (no NOW(), RAND()…): it may be cached
    deterministic: bool = True


class QueryService:
    """Answers queries on one dataset within ``limits``. Built once per process."""

    def __init__(self, dataset: Dataset, limits: Limits, rewrite: bool = True) -> None:
        self.dataset = dataset
        self.limits = limits
        self.graphs = frozenset(dataset.graphs)
        self.base = endpoint_iri(dataset.base_iri)
        self.prefixes = prefixes(dataset.base_iri)
        #: what a query may use undeclared (its own PREFIX wins), in the scanner and the engine
        self.query_prefixes = query_prefixes(dataset.base_iri)
        #: the label service: nkg:label(?x) and ?xLabel (see :mod:`natokg.sparql.labels`)
        self.labels = Labeller(dataset.store)
        #: parses queries without evaluating them on the data (see :meth:`validate`)
        self._empty = ox.Store()
        #: the scanner's facts by query text (they depend on the text only): repeated
        #: queries skip the scan, which costs more than a short query's evaluation
        self._scans: LruCache[QueryFacts] = LruCache(SCANS, max_bytes=SCAN_BYTES)
        #: required patterns moved before OPTIONALs where provably safe (natokg.sparql.rewrite)
        self.rewrite = Rewriter(rewrite)

    def check(self, text: str) -> QueryFacts:
        """The query's facts, once the guard lets it run (else :class:`Refused`)."""
        facts = self._scans.get(text)
        if facts is None:
            facts = scan(text, self.base, self.query_prefixes)
            self._scans.put(text, facts, size=len(text))
        guard.check(facts, self.graphs, self.limits)
        return facts

    def validate(self, text: str) -> None:
        """Raise what :meth:`run` would raise for the text of the query (the guard's refusal,
        a syntax error), without evaluating it on the dataset: it is parsed against an empty
        store. Used before the query editor is opened on a query's permalink."""
        facts = self.check(text)
        rewritten = project_labels(text, facts)  # as run does: ?xLabel of an unselected ?x
        for candidate in dict.fromkeys((rewritten, text)):
            try:
                self._empty.query(
                    candidate,
                    base_iri=self.base,
                    prefixes=self.query_prefixes,
                    custom_functions=self.labels.functions(),
                )
            except SyntaxError as exc:
                if candidate == text:
                    raise QuerySyntaxError(text, str(exc), self.query_prefixes) from None
                continue
            except (OSError, RuntimeError, ValueError):
                pass  # it parsed; whatever evaluation says, the editor will show
            return

    def run(self, query: Query, choose: Choose) -> Result:
        """Answer ``query`` in the format ``choose`` picks for its kind of result."""
        facts = self.check(query.text)
        expected = KIND_OF_FORM.get(facts.form or "")
        fmt = choose(expected) if expected is not None else None
        result = self._evaluate(query, facts)
        kind = ResultKind.of(result)
        if fmt is None or kind is not expected:
            fmt = choose(kind)  # the scanner saw no form: the parser's result decides
        try:
            return self._write(result, kind, fmt, facts.deterministic)
        except (OSError, RuntimeError, ValueError) as exc:
            raise EvaluationError(f"the query could not be evaluated: {exc}") from None

    def _evaluate(self, query: Query, facts: QueryFacts) -> object:
        """Evaluate with ``?xLabel`` computed where ``?x`` is not projected and required patterns
        moved before OPTIONALs where provably safe (:mod:`natokg.sparql.rewrite`); a rewritten
        query the engine refuses (``?x`` not grouped…) is run as written, whose error the user
        sees."""
        rewritten = self.rewrite(project_labels(query.text, facts))
        if rewritten != query.text:
            try:
                return self._evaluate_text(rewritten, query, facts)
            except QuerySyntaxError:
                pass
        return self._evaluate_text(query.text, query, facts)

    def _evaluate_text(self, text: str, query: Query, facts: QueryFacts) -> object:
        """Evaluate ``text``; the endpoint's prefixes are handed to the engine (a cost on every
        query) only when the scanner saw a prefix the query does not declare. A query that
        parses without them means the same with them (its own declarations win); one the
        scanner misjudged fails to parse and is evaluated again with them (a prefixed name
        has a colon: a query without one is not tried twice)."""
        prefixes = self.query_prefixes if facts.undeclared_prefix else None
        while True:
            try:
                return evaluate(
                    self.dataset,
                    text,
                    facts,
                    self.base,
                    prefixes,
                    self.labels.functions(),
                    query.default_graphs,
                    query.named_graphs,
                )
            except QuerySyntaxError:
                if prefixes is not None or ":" not in text:
                    raise
                prefixes = self.query_prefixes

    def _write(self, result: object, kind: ResultKind, fmt: Format, same: bool) -> Result:
        if fmt is Format.HTML:  # a table for a person; the data formats carry the rest
            limit = self.limits.table_rows
            table = results.table(result, limit, self.labels.fill_tsv)
            table = replace(table, labels=self._labels_of(table))
            return Result(kind, fmt, limit, table.truncated, table=table, deterministic=same)
        limit = self.limits.rows
        written = results.write(result, fmt, limit, self.prefixes, self.labels.fill_tsv)
        return Result(kind, fmt, limit, written.truncated, written.body, deterministic=same)

    def _labels_of(self, table: Table) -> dict[str, str]:
        """The label of each IRI of ``table`` that has one, to show beside it."""
        out = {}
        for row in table.rows:
            for term in row:
                if isinstance(term, ox.NamedNode) and term.value not in out:
                    found = self.labels.label(term)
                    if found is not None:
                        out[term.value] = found.value
        return out
