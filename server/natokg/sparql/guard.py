"""Refuse, before anything runs, what a public read-only endpoint must not execute.

From the :class:`~natokg.sparql.scanner.QueryFacts` of a query:

- an update (``INSERT``, ``LOAD``…) → 403, the endpoint is read-only;
- nesting deeper than ``max_nesting_depth``, or more than ``max_query_operators`` chained
  operators → 400 (Oxigraph's recursive parser and evaluator would overflow the stack and
  kill the process);
- ``SERVICE`` → 400: Oxigraph would send an HTTP request to any host, loopback included;
- ``FROM``/``FROM NAMED`` naming a graph that is not in the dataset → 400. Oxigraph never
  fetches such a graph (it is only a name), but a user writing ``FROM <http://…>`` expects a
  download and would otherwise get a silently empty answer. The protocol's
  ``default-graph-uri``/``named-graph-uri`` parameters are different: the W3C protocol tests
  expect an unknown graph there to be an empty graph, and so it is.
"""

from __future__ import annotations

from werkzeug.exceptions import BadRequest, Forbidden

from natokg.settings import Settings
from natokg.sparql.protocol import READ_ONLY
from natokg.sparql.scanner import QueryFacts


def check(facts: QueryFacts, graphs: frozenset[str], settings: Settings) -> None:
    """Raise the 4xx that refuses the query, or return if it may run."""
    if facts.update_keyword is not None:
        raise Forbidden(f"{facts.update_keyword}: {READ_ONLY}")
    if facts.depth > settings.max_nesting_depth:
        raise BadRequest(
            f"the query nests braces, brackets and parentheses {facts.depth} deep; this "
            f"endpoint accepts at most {settings.max_nesting_depth}"
        )
    if facts.operators > settings.max_query_operators:
        raise BadRequest(
            f"the query chains {facts.operators} operators and UNION/OPTIONAL/FILTER-like "
            f"groups; this endpoint accepts at most {settings.max_query_operators}"
        )
    if facts.service:
        raise BadRequest(
            "SERVICE is refused: this endpoint never sends requests to other services "
            "(federated queries are not supported)"
        )
    for keyword, iris in (("FROM", facts.from_graphs), ("FROM NAMED", facts.from_named_graphs)):
        for iri in iris:
            if iri is not None and iri not in graphs:
                raise BadRequest(
                    f"{keyword} <{iri}>: no such graph in this dataset, and this endpoint does "
                    f"not load data from elsewhere; GET /sparql lists the graphs it has"
                )
