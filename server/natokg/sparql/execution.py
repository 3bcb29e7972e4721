"""Run a (guarded) query on the dataset with pyoxigraph, and report its errors.

The dataset a query sees (https://www.w3.org/TR/sparql11-protocol/#dataset):

- ``default-graph-uri``/``named-graph-uri`` given → exactly those graphs, overriding any
  ``FROM``/``FROM NAMED`` of the query (an unknown graph is an empty graph);
- else ``FROM``/``FROM NAMED`` in the query → the query's own dataset;
- else the documented default: the default graph is the union of every graph (ontology,
  inferred, VoID and each data file's graph), and ``GRAPH ?g`` ranges over the named graphs.

(pyoxigraph's ``use_default_graph_as_union`` overrides ``FROM`` only half-way, so it is used
only when the query has no dataset clause.)

Relative IRIs (``<s>``, ``BASE <x/>``) resolve against the endpoint's own IRI, as SPARQL
resolves them against the retrieval IRI of the query (RFC 3986, section 5.1).
"""

from __future__ import annotations

import pyoxigraph as ox

from natokg.sparql.failures import EvaluationError, QuerySyntaxError
from natokg.sparql.scanner import QueryFacts
from natokg.store import Dataset


def evaluate(
    dataset: Dataset,
    query: str,
    facts: QueryFacts,
    base_iri: str | None = None,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> object:
    """The pyoxigraph result (solutions, boolean or triples) of ``query`` on ``dataset``.

    Solutions and triples are lazy: the query is parsed here, and evaluated as the result is
    read. Relative IRIs resolve against ``base_iri`` (the endpoint's IRI)."""
    options: dict[str, object]
    if default_graphs or named_graphs:
        options = {
            "default_graph": [ox.NamedNode(g) for g in default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in named_graphs],
        }
    elif facts.has_dataset_clause:
        options = {}
    else:
        options = {"use_default_graph_as_union": True}
    try:
        return dataset.store.query(query, base_iri=base_iri, **options)
    except SyntaxError as exc:
        raise QuerySyntaxError(query, str(exc)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise EvaluationError(f"the query could not be evaluated: {exc}") from None
