"""SPARQL over the read-only store, as the linked-data pages and the exports use it.

Queries run against the default graph: the RDF merge of all named graphs (a set; see
:mod:`natokg.defaultgraph`). Values are passed as SEP-0007 substitutions,
never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from natokg.namespaces import DCTERMS, RDFS, SKOS, STATIC_PREFIXES

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]


def select(store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[Row]:
    """The solutions of a SELECT query as dicts (unbound variables left out)."""
    substitutions = {ox.Variable(name): value for name, value in bindings.items()}
    solutions = store.query(
        query,
        prefixes=STATIC_PREFIXES,
        substitutions=substitutions or None,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({n: solution[n] for n in names if solution[n] is not None})
    return rows


@dataclass(frozen=True)
class Labels:
    """English and French names of a resource (rdfs:label, else skos:prefLabel, dcterms:title)."""

    en: str = ""
    fr: str = ""
    other: str = ""

    @property
    def best(self) -> str:
        return self.en or self.fr or self.other


_LABEL_PROPERTIES = tuple(
    ox.NamedNode(p) for p in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title")
)


def labels(store: ox.Store, iris: Iterable[str]) -> dict[str, Labels]:
    """Labels of every IRI given that has one (index look-ups, no query text)."""
    result = {}
    for iri in set(iris):
        node = ox.NamedNode(iri)
        slots: dict[str, list[tuple[int, str]]] = {}
        for rank, predicate in enumerate(_LABEL_PROPERTIES):
            for quad in store.quads_for_pattern(node, predicate, None, None):
                literal = quad.object
                if not isinstance(literal, ox.Literal):
                    continue
                lang = (literal.language or "").split("-")[0]
                slot = lang if lang in ("en", "fr") else "other"
                slots.setdefault(slot, []).append((rank, literal.value))
        if slots:
            pick = {slot: min(values)[1] for slot, values in slots.items()}
            result[iri] = Labels(pick.get("en", ""), pick.get("fr", ""), pick.get("other", ""))
    return result
