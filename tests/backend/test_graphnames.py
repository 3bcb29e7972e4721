"""A query on the public graph names gives the same answer, rewritten, over the stored names.

Two pyoxigraph stores hold the session's release: one under the public graph IRIs (as the
embedded store does), one under the stored IRIs a published release has in an external store
(``G?release=<id>``). Each query is asked of the first as written, and of the second as the
front sends it (the GRAPH clauses rewritten, the protocol's dataset on the stored graphs); the
answers must be equal. No engine is started: this checks the rewriting itself, which is the
same for every engine.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.backend import graphnames, pointer
from natokg.namespaces import query_prefixes
from tests.queries.test_competency import QUERIES

BASE = "https://w3id.org/natokg/"
RELEASE = "r7"
MERGED = ox.NamedNode("urn:test:merged")
PROLOGUE = f"BASE <{BASE}>\n" + "".join(
    f"PREFIX {p}: <{iri}>\n" for p, iri in query_prefixes(BASE).items()
)
GRAPHS_IN = [p for p in QUERIES if "GRAPH" in p.read_text("utf-8")]

#: queries on graph names, beside the competency questions
CASES = {
    "count per graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "select star": "SELECT * WHERE { GRAPH ?g { ?s a owl:Class } }",
    "graph IRIs joined with VoID": (
        "SELECT ?g ?declared (COUNT(*) AS ?n) WHERE { ?g void:triples ?declared . "
        "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ?declared"
    ),
    "the graph variable in a filter inside its graph": (
        "SELECT ?g ?x WHERE { GRAPH ?g { ?x sd:name ?n FILTER (?n != ?g) } }"
    ),
    "the graph variable in another graph's triples": (
        "SELECT ?g ?v WHERE { GRAPH ?v { ?x sd:name ?g } GRAPH ?g { ?s a owl:Class } }"
    ),
    "nested graphs": (
        "SELECT ?g ?h (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t } GRAPH ?h { ?s a ?t } "
        "FILTER (?g != ?h) } GROUP BY ?g ?h"
    ),
    "graph in EXISTS": (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t "
        "FILTER EXISTS { GRAPH ?h { ?s ?p ?o FILTER (?h != ?g) } } } }"
    ),
    "values on public names": (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { <graph/ontology> <graph/void> } "
        "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    ),
    "filter on a public name": (
        "ASK { GRAPH ?g { ?s ?p ?o } FILTER (?g = <https://w3id.org/natokg/graph/ontology>) }"
    ),
    "optional graph": (
        "SELECT ?c ?g WHERE { ?c a owl:Class . OPTIONAL { GRAPH ?g { ?c rdfs:label ?l } } }"
    ),
    "relative graph IRI under the query's BASE": (
        "BASE <https://w3id.org/natokg/graph/> "
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <ontology> { ?s ?p ?o } }"
    ),
    "prefixed graph name": (
        "PREFIX g: <https://w3id.org/natokg/graph/> "
        "SELECT (COUNT(*) AS ?n) WHERE { graph g:ontology { ?s ?p ?o } }"
    ),
    "GRAPH in a string and a comment": (
        'SELECT ?g ?l WHERE { # GRAPH ?x { } }\n GRAPH ?g { ?s ?p ?o } BIND ("GRAPH ?x }" AS ?l) '
        "} LIMIT 3000"
    ),
    "a graph outside the release": "ASK { GRAPH <urn:nowhere> { ?s ?p ?o } }",
    "a stored name is not the public one": (
        f"ASK {{ GRAPH <https://w3id.org/natokg/graph/ontology?release={RELEASE}> {{ ?s ?p ?o }} }}"
    ),
    "construct with graph names": (
        "CONSTRUCT { ?g <urn:test:holds> ?t } WHERE { GRAPH ?g { ?s a ?t } }"
    ),
}
#: the cases whose answer is empty or false on the embedded store (the rest must not be)
EMPTY = {"a graph outside the release", "a stored name is not the public one"}


def _store(quads: list[ox.Quad], rename: dict[str, str]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(rename[q.graph_name.value]))
        for q in quads
    )
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, MERGED) for q in quads)
    return store


@pytest.fixture(scope="module")
def stores(release: Path) -> tuple[ox.Store, ox.Store, dict[str, str]]:
    quads = list(ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    public = sorted({q.graph_name.value for q in quads})
    names = {pointer.stored_graph(g, RELEASE): g for g in public}
    return (
        _store(quads, {g: g for g in public}),
        _store(quads, {g: s for s, g in names.items()}),
        names,
    )


def answer(store: ox.Store, text: str, named: list[str], fresh: tuple[str, ...] = ()) -> object:
    """The answer as comparable values: rows (a sorted list), a boolean or a set of triples."""
    result = store.query(text, default_graph=MERGED, named_graphs=[ox.NamedNode(g) for g in named])
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        body = graphnames.strip_variables(
            result.serialize(format=ox.QueryResultsFormat.JSON), fresh
        )
        solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        variables = [v.value for v in solutions.variables]
        return variables, sorted(
            tuple(str(row[v]) if row[v] is not None else "" for v in variables) for row in solutions
        )
    return {str(t) for t in result}


def both(stores: tuple[ox.Store, ox.Store, dict[str, str]], text: str) -> tuple[object, object]:
    public, stored, names = stores
    rewritten = graphnames.rewrite(text, names, query_prefixes(BASE), BASE)
    ox.Store().query(PROLOGUE + rewritten.text)  # the front sends a text that parses
    return (
        answer(public, PROLOGUE + text, sorted(names.values())),
        answer(stored, PROLOGUE + rewritten.text, sorted(names), rewritten.fresh),
    )


def test_the_competency_questions_on_graphs_are_found() -> None:
    assert len(GRAPHS_IN) >= 10


@pytest.mark.parametrize("path", GRAPHS_IN, ids=lambda p: p.stem)
def test_competency_question_on_stored_graphs(stores: tuple, path: Path) -> None:
    embedded, through = both(stores, path.read_text("utf-8"))
    assert embedded == through
    assert embedded not in (False, set()) and embedded[1] != []  # type: ignore[index]


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_names_on_stored_graphs(stores: tuple, name: str) -> None:
    embedded, through = both(stores, CASES[name])
    assert embedded == through
    empty = embedded in (False, set()) or (isinstance(embedded, tuple) and embedded[1] == [])
    if name in EMPTY:
        assert empty
    else:
        assert not empty


def test_without_rewriting_the_stored_graphs_answer_differently(stores: tuple) -> None:
    """The rewriting is needed: the same text over the stored graphs misses every GRAPH."""
    public, stored, names = stores
    text = PROLOGUE + CASES["graph IRIs joined with VoID"]
    assert answer(public, text, sorted(names.values())) != answer(stored, text, sorted(names))


def test_fresh_variables_never_collide() -> None:
    text = f"SELECT ?{graphnames.FRESH}0 WHERE {{ GRAPH ?g {{ ?{graphnames.FRESH}0 ?p ?o }} }}"
    rewritten = graphnames.rewrite(text, {"urn:a?release=1": "urn:a"}, {}, BASE)
    assert rewritten.fresh and all(f"?{v}" not in text for v in rewritten.fresh)
