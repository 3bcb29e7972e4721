"""Run a (guarded) query on the dataset with pyoxigraph, and report its errors.

The dataset a query sees (https://www.w3.org/TR/sparql11-protocol/#dataset):

- ``default-graph-uri``/``named-graph-uri`` given → exactly those graphs, overriding any
  ``FROM``/``FROM NAMED`` of the query (an unknown graph is an empty graph);
- else ``FROM``/``FROM NAMED`` in the query → the query's own dataset;
- else the documented default: the default graph is the RDF merge of every graph (ontology,
  inferred, VoID and each data file's graph) — a set: a triple stated in two graphs is one
  triple — and ``GRAPH ?g`` ranges over the named graphs. The store holds that merge in its
  default graph (:mod:`natokg.defaultgraph`), so the query runs on the store as it is.

Relative IRIs (``<s>``, ``BASE <x/>``) resolve against the endpoint's own IRI, as SPARQL
resolves them against the retrieval IRI of the query (RFC 3986, section 5.1).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from natokg.sparql.failures import EvaluationError, QuerySyntaxError
from natokg.sparql.scanner import QueryFacts
from natokg.store import Dataset

#: pyoxigraph refuses a query calling a function it does not know; SPARQL makes such a call an
#: expression error instead (section 17.2: the expression is unbound, the query still runs)
UNKNOWN_FUNCTION = re.compile(r"The custom function <([^>]*)> is not supported")
#: at most this many distinct unknown functions are given the error semantics in one query
MAX_UNKNOWN_FUNCTIONS = 16


def _unsupported(*_args: object) -> None:
    """An extension function this endpoint does not implement: an expression error (unbound)."""
    return None


def evaluate(
    dataset: Dataset,
    query: str,
    facts: QueryFacts,
    base_iri: str | None = None,
    prefixes: dict[str, str] | None = None,
    functions: dict[ox.NamedNode, object] | None = None,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> object:
    """The pyoxigraph result (solutions, boolean or triples) of ``query`` on ``dataset``.

    Solutions and triples are lazy: the query is parsed here, and evaluated as the result is
    read. Relative IRIs resolve against ``base_iri`` (the endpoint's IRI); ``prefixes`` are
    known without a ``PREFIX`` declaration (the query's own declarations win); ``functions``
    are the custom functions (the label service's ``nkg:label``)."""
    options: dict[str, object]
    if default_graphs or named_graphs:
        options = {
            "default_graph": [ox.NamedNode(g) for g in default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in named_graphs],
        }
    else:  # the query's FROM/FROM NAMED, or the stored default graph (the merge)
        options = {}
    known = dict(functions or {})
    for _ in range(MAX_UNKNOWN_FUNCTIONS + 1):
        try:
            return dataset.store.query(
                query,
                base_iri=base_iri,
                prefixes=prefixes,
                custom_functions=known or None,
                **options,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(query, str(exc), prefixes or ()) from None
        except (OSError, RuntimeError, ValueError) as exc:
            unknown = UNKNOWN_FUNCTION.search(str(exc))
            if unknown is None or ox.NamedNode(unknown[1]) in known:
                raise EvaluationError(f"the query could not be evaluated: {exc}") from None
            known[ox.NamedNode(unknown[1])] = _unsupported
    raise EvaluationError(
        f"the query calls more than {MAX_UNKNOWN_FUNCTIONS} functions this endpoint does not know"
    )
