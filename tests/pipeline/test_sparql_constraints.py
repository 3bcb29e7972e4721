"""SPARQL constraints evaluated by pyoxigraph: which ones are taken from the shapes, $this
pre-bound everywhere (inside FILTER NOT EXISTS too), focus nodes from every kind of target,
and a clear error for a query the evaluator cannot pre-bind. (That they report what pyshacl
and Jena report on the real shapes is tests/shapes' job.)"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from natokg.pipeline import sparql_constraints
from natokg.pipeline.errors import BuildError
from natokg.pipeline.shacl import validate

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""
#: a targeted shape (taken), a nested one (left to the core engine) and a property shape
SHAPES = (
    PREFIXES
    + """
ex: sh:declare [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#" ] ,
    [ sh:prefix "ex" ; sh:namespace "http://example.org/" ] .
ex:Labelled a sh:NodeShape ; sh:targetClass ex:Thing , ex:Other ; sh:targetNode ex:lone ;
    sh:sparql [ sh:message "{$this} has no label" ; sh:prefixes ex: ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this rdfs:label ?l } }" ] .
ex:Outer a sh:NodeShape ; sh:targetSubjectsOf ex:part ;
    sh:property [ sh:path ex:part ; sh:node ex:Inner ] .
ex:Inner a sh:NodeShape ;
    sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this WHERE { $this ex:broken true }" ] .
"""
)
DATA = (
    PREFIXES
    + """
ex:Sub rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; rdfs:label "a" .
ex:b a ex:Sub .
ex:c a ex:Other .
ex:whole ex:part ex:piece .
"""
)


def graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def test_only_constraints_of_targeted_unreferenced_node_shapes_are_taken() -> None:
    shapes = graph(SHAPES)
    core, taken = sparql_constraints.split(shapes)
    assert [str(c.shape) for c in taken] == ["http://example.org/Labelled"]
    assert (rdflib.URIRef("http://example.org/Labelled"), SH.sparql, None) not in core
    assert (rdflib.URIRef("http://example.org/Inner"), SH.sparql, None) in core
    assert len(core) == len(shapes) - 1


def test_focus_nodes_follow_subclasses_and_every_target() -> None:
    _core, (labelled,) = sparql_constraints.split(graph(SHAPES))
    store = sparql_constraints.data_store(ox.parse(DATA, format=ox.RdfFormat.TURTLE))
    focus = {n.value for n in sparql_constraints.focus_nodes(store, labelled)}
    names = {"a", "b", "c", "lone"}
    assert focus == {f"http://example.org/{n}" for n in names}


def test_this_is_pre_bound_inside_filter_not_exists() -> None:
    results = validate(graph(DATA), graph(SHAPES))
    assert sorted((v.focus, v.component.rsplit("#", 1)[1], v.value) for v in results) == [
        (f"<http://example.org/{n}>", "SPARQLConstraintComponent", f"<http://example.org/{n}>")
        for n in ("b", "c", "lone")
    ]
    assert {v.message for v in results} == {
        f"http://example.org/{n} has no label" for n in ("b", "c", "lone")
    }


@pytest.mark.parametrize("engine", ["pyrudof", "pyshacl"])
def test_the_nested_constraint_is_still_evaluated(engine: str) -> None:
    data = DATA + "ex:piece ex:broken true .\n"
    results = validate(graph(data), graph(SHAPES), engine=engine)
    assert any(
        v.focus == "<http://example.org/whole>" and v.component.endswith("NodeConstraintComponent")
        for v in results
    ), results


def test_a_query_that_does_not_select_this_is_a_clear_error() -> None:
    shapes = SHAPES.replace('"SELECT $this WHERE { FILTER', '"SELECT ?x WHERE { FILTER')
    with pytest.raises(BuildError, match=r"Labelled.*must select \$this"):
        validate(graph(DATA), graph(shapes))
