"""Run a (guarded) query on the dataset with pyoxigraph, and report its errors.

The dataset a query sees (https://www.w3.org/TR/sparql11-protocol/#dataset):

- ``default-graph-uri``/``named-graph-uri`` given → exactly those graphs, overriding any
  ``FROM``/``FROM NAMED`` of the query (an unknown graph is an empty graph);
- else ``FROM``/``FROM NAMED`` in the query → the query's own dataset;
- else the documented default: the default graph is the union of every graph (ontology,
  inferred, VoID and each data file's graph), and ``GRAPH ?g`` ranges over the named graphs.

(pyoxigraph's ``use_default_graph_as_union`` overrides ``FROM`` only half-way, so it is used
only when the query has no dataset clause.)
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from werkzeug.exceptions import BadRequest

from natokg.sparql.scanner import QueryFacts
from natokg.store import Dataset

_POSITION = re.compile(r"error at (\d+):(\d+)")
_MAX_MESSAGE = 300


class QuerySyntaxError(BadRequest):
    """The parser refused the query; ``line`` and ``column`` are 1-based (or None)."""

    def __init__(self, query: str, message: str) -> None:
        message = message if len(message) <= _MAX_MESSAGE else message[:_MAX_MESSAGE] + "…"
        match = _POSITION.search(message)
        self.line = int(match.group(1)) if match else None
        self.column = int(match.group(2)) if match else None
        self.message = message
        super().__init__(f"malformed query: {message}{self._excerpt(query)}")

    def _excerpt(self, query: str) -> str:
        """The offending line with a caret under the position, for a reader in a terminal."""
        if self.line is None or self.column is None:
            return ""
        lines = query.splitlines() or [""]
        if not 0 < self.line <= len(lines):
            return ""
        text = lines[self.line - 1].replace("\t", " ")
        caret = " " * min(self.column - 1, len(text)) + "^"
        return f"\n\n{text}\n{caret}"


class EvaluationError(BadRequest):
    """pyoxigraph could not evaluate a query that parsed."""


def evaluate(
    dataset: Dataset,
    query: str,
    facts: QueryFacts,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> object:
    """The pyoxigraph result (solutions, boolean or triples) of ``query`` on ``dataset``."""
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
        return dataset.store.query(query, **options)
    except SyntaxError as exc:
        raise QuerySyntaxError(query, str(exc)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise EvaluationError(f"the query could not be evaluated: {exc}") from None
