"""Refuse, before anything runs, what a public read-only endpoint must not execute.

From the :class:`~natokg.sparql.scanner.QueryFacts` of a query:

- an update (``INSERT``, ``LOAD``…) → :class:`ReadOnly` (403 on the web);
- nesting deeper than ``max_nesting_depth``, or more than ``max_query_operators`` chained
  operators → :class:`Refused` (400 on the web, as the rest below): Oxigraph's recursive
  parser and evaluator would overflow the stack and kill the process;
- ``SERVICE``: Oxigraph would send an HTTP request to any host, loopback included;
- ``FROM``/``FROM NAMED`` naming a graph that is not in the dataset. Oxigraph never
  fetches such a graph (it is only a name), but a user writing ``FROM <http://…>`` expects a
  download and would otherwise get a silently empty answer. The protocol's
  ``default-graph-uri``/``named-graph-uri`` parameters are different: the W3C protocol tests
  expect an unknown graph there to be an empty graph, and so it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from natokg.settings import Settings
from natokg.sparql.failures import ReadOnly, Refused
from natokg.sparql.scanner import QueryFacts

READ_ONLY = (
    "this SPARQL endpoint is read-only: updates are refused and the dataset never "
    "changes (use `natokg build` to publish new data)"
)


@dataclass(frozen=True)
class Limits:
    """The query limits of the settings (see :class:`~natokg.settings.Settings`)."""

    max_nesting_depth: int
    max_query_operators: int
    #: rows of a data-format result
    rows: int
    #: rows of a table shown to a person (HTML page)
    table_rows: int

    @classmethod
    def of(cls, settings: Settings, table_rows: int | None = None) -> Limits:
        return cls(
            settings.max_nesting_depth,
            settings.max_query_operators,
            settings.max_result_rows,
            min(settings.max_result_rows, settings.max_html_rows)
            if table_rows is None
            else table_rows,
        )


def check(facts: QueryFacts, graphs: frozenset[str], limits: Limits) -> None:
    """Raise the :class:`Refused` that refuses the query, or return if it may run."""
    if facts.update_keyword is not None:
        raise ReadOnly(f"{facts.update_keyword}: {READ_ONLY}")
    if facts.depth > limits.max_nesting_depth:
        raise Refused(
            f"the query nests braces, brackets and parentheses {facts.depth} deep; this "
            f"endpoint accepts at most {limits.max_nesting_depth}"
        )
    if facts.operators > limits.max_query_operators:
        raise Refused(
            f"the query chains {facts.operators} operators and UNION/OPTIONAL/FILTER-like "
            f"groups; this endpoint accepts at most {limits.max_query_operators}"
        )
    if facts.service:
        raise Refused(
            "SERVICE is refused: this endpoint never sends requests to other services "
            "(federated queries are not supported)"
        )
    for keyword, iris in (("FROM", facts.from_graphs), ("FROM NAMED", facts.from_named_graphs)):
        for iri in iris:
            if iri is not None and iri not in graphs:
                raise Refused(
                    f"{keyword} <{iri}>: no such graph in this dataset, and this endpoint does "
                    f"not load data from elsewhere; GET /sparql lists the graphs it has"
                )
