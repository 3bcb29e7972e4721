"""The lexical scan that finds SERVICE, FROM, updates, nesting — checked against pyoxigraph.

The adversarial queries each hide a SERVICE call from a scanner that tokenises differently
from Oxigraph's parser (an operator `<` read as an IRI, a prefixed-name escape read as a
string or comment…). Each is first shown to be real — run directly by pyoxigraph, it does
contact the canary listener — and then shown to be caught by the scan.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natokg.sparql.scanner import scan

PROLOGUE = "PREFIX ex: <http://example.org/>\n"
ADVERSARIAL = [
    # `<` after an operand in an expression is a comparison: `'x>y'` is a string
    "SELECT * {{ BIND(?a<'x>y' AS ?b) SERVICE <{url}> {{ }} # '\n}}",
    "SELECT * {{ BIND(true<'x>y' AS ?b) SERVICE <{url}> {{ }} # '\n}}",
    "SELECT * {{ BIND(1<'x>y' AS ?b) SERVICE <{url}> {{ }} # '\n}}",
    "SELECT * {{ OPTIONAL {{ SELECT (1<'x>y' AS ?z) {{ }} }} SERVICE <{url}> {{ }} # '\n}}",
    "SELECT * {{ OPTIONAL {{ SELECT (COUNT(*) AS ?c) {{ }} GROUP BY ?x HAVING(COUNT(*)<'x>y') }}"
    " SERVICE <{url}> {{ }} # '\n}}",
    # escapes in prefixed names are neither strings nor comments
    "SELECT * {{ OPTIONAL {{ ?s ex:a\\' ?o }} SERVICE <{url}> {{ }} # '\n}}",
    "SELECT * {{ OPTIONAL {{ ?s ex:a\\# ?o }} SERVICE <{url}> {{ }} }}",
    # quotes and hashes inside IRIs in patterns are not strings or comments
    "SELECT * {{ OPTIONAL {{ ?s <http://e/'''> ?o }} SERVICE <{url}> {{ }} # '''\n}}",
    "SELECT * {{ OPTIONAL {{ ?s <http://e/\\u0041'''> ?o }} SERVICE <{url}> {{ }} # '''\n}}",
    "SELECT * {{ OPTIONAL {{ ?s ?p (<http://e/#a>) }} SERVICE <{url}> {{ }} }}",
    "SELECT * {{ OPTIONAL {{ SELECT ?x {{ }} ORDER BY ?x"
    " <http://www.w3.org/2001/XMLSchema#string>(?x) }} SERVICE <{url}> {{ }} }}",
    # strings and comments
    'SELECT * {{ BIND("#" AS ?x) SERVICE <{url}> {{ }} }}',
    "SELECT * {{ BIND('''a'b''c''' AS ?x) SERVICE <{url}> {{ }} }}",
    'SELECT * {{ BIND("""a\n"b"\n""" AS ?x) SERVICE <{url}> {{ }} }}',
    # the forms of the keyword
    "SELECT * {{ service silent <{url}> {{ }} }}",
    "SELECT * {{ FILTER NOT EXISTS {{ SERVICE <{url}> {{ }} }} }}",
    "SELECT * WHERE{{SERVICE<{url}>{{}}}}",
]


def contacts(query: str, canary) -> bool:
    before = len(canary.hits)
    try:
        result = ox.Store().query(query)
        if isinstance(result, ox.QuerySolutions):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return len(canary.hits) > before


@pytest.mark.parametrize("template", ADVERSARIAL)
def test_hidden_service_calls_are_found(template: str, canary) -> None:
    query = PROLOGUE + template.format(url=canary.url)
    assert contacts(query, canary), "the case must be a query pyoxigraph really runs"
    assert scan(query).service


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        "SELECT * { SeRvIcE <http://example.org/sparql> { } }",
        "ASK { { SELECT * { SERVICE <http://example.org/sparql> { } } } }",
    ],
)
def test_every_form_of_the_keyword_is_found(query: str) -> None:
    assert scan(query).service


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service { ?service ?p ?o }",
        "SELECT $service { $service ?p ?o }",
        "SELECT * { ?s <http://example.org/service> ?o }",
        "SELECT * { ?s ex:service ?o }",
        "PREFIX service: <http://e/> SELECT * { ?s service:x ?o }",
        "SELECT * { ?s ?p 'service' }",
        "SELECT * { ?s ?p '''SERVICE <http://e/> {}''' }",
        'SELECT * { ?s ?p "x"@service }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://e/> {}",
        "SELECT * { ?s ex:a\\#SERVICE ?o }",
        "SELECT * { FILTER(?a<?b) }  # no IRI here",
    ],
)
def test_service_as_a_name_or_text_is_fine(query: str) -> None:
    assert not scan(PROLOGUE + query).service


def test_from_graphs_are_resolved_against_prefixes_and_base() -> None:
    facts = scan(
        "BASE <http://b/> PREFIX g: <http://g/> PREFIX : <http://d/>\n"
        "SELECT * FROM g:one FROM <rel> FROM NAMED :two FROM NAMED <http://e/\\u0041>"
        " FROM undefined:x WHERE { }"
    )
    assert facts.from_graphs == ("http://g/one", "http://b/rel", None)
    assert facts.from_named_graphs == ("http://d/two", "http://e/A")
    assert facts.has_dataset_clause


def test_no_dataset_clause() -> None:
    facts = scan("SELECT * { GRAPH <http://g/> { ?s ?p ?o } }")
    assert facts.from_graphs == facts.from_named_graphs == ()
    assert not facts.has_dataset_clause


@pytest.mark.parametrize(
    ("query", "keyword"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("PREFIX e: <http://e/> delete where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("SELECT * { ?s ?p ?o }", None),
        ("ASK { ?s <http://e/insert> ?o }", None),
    ],
)
def test_updates_are_recognised_by_their_first_keyword(query: str, keyword: str | None) -> None:
    assert scan(query).update_keyword == keyword


@pytest.mark.parametrize(
    ("query", "deterministic"),
    [
        ("SELECT (NOW() AS ?t) {}", False),
        ("SELECT (RAND() AS ?r) {}", False),
        ("SELECT (STRUUID() AS ?u) {}", False),
        ("CONSTRUCT { ?s <http://e/p> ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }", False),
        ("SELECT ?now { ?now <http://e/rand> 'UUID' }", True),
    ],
)
def test_nondeterministic_functions(query: str, deterministic: bool) -> None:
    assert scan(query).deterministic is deterministic


def test_depth_counts_braces_parentheses_and_brackets_but_not_text() -> None:
    assert scan("SELECT * { { [ <p> ( 1 ( 2 ) ) ] } }").depth == 5
    assert scan("SELECT * { ?s ?p '{{{{(((' } # {{{{").depth == 1


def test_operators_count_chains_of_groups_and_signs() -> None:
    assert scan("SELECT ?x { {} UNION {} UNION {} OPTIONAL {} }").operators == 3
    assert scan("SELECT (1 + 2 * 3 AS ?x) { FILTER(?a != ?b) }").operators == 5
    assert scan("SELECT ?s { ?s ?p '+ + +' }").operators == 0


FRAGMENTS = [
    "SERVICE <{url}> {{ }}",
    "'",
    "'''",
    '"',
    "#",
    "\n",
    "<",
    ">",
    " x ",
    "?a",
    "1",
    "true",
    "BIND(",
    "FILTER(",
    " AS ?b)",
    ")",
    "(",
    "{{",
    "}}",
    "ex:a\\'",
    "ex:a\\#",
    "<http://e/'>",
    "<http://e/#>",
    "OPTIONAL {{",
    " . ",
    "'x>y'",
    "\\",
    "?s ?p ?o",
    "SELECT ?x {{",
    "ORDER BY ?x",
    "<http://e/f>(?a)",
    "GROUP BY ?a",
    "HAVING(",
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
def test_no_fuzzed_query_reaches_the_network_unseen(canary, parts: list[str]) -> None:
    query = PROLOGUE + "SELECT * { " + " ".join(parts).format(url=canary.url) + " }"
    if not scan(query).service:
        assert not contacts(query, canary), query


def test_prefixes_known_beforehand_resolve_from_clauses_and_a_prefix_line_wins() -> None:
    known = {"graph": "https://w3id.org/natokg/graph/"}
    facts = scan("SELECT * FROM graph:ontology { ?s ?p ?o }", None, known)
    assert facts.from_graphs == ("https://w3id.org/natokg/graph/ontology",)
    facts = scan("PREFIX graph: <http://e/> SELECT * FROM graph:x { ?s ?p ?o }", None, known)
    assert facts.from_graphs == ("http://e/x",)
    assert scan("SELECT * FROM graph:x { }").from_graphs == (None,)  # unknown: unresolved


@pytest.mark.parametrize(
    ("query", "undeclared"),
    [
        ("ASK {}", False),
        ("SELECT * { <http://a.example/b:c> ?p ?o }", False),  # a colon inside an IRI
        ('PREFIX : <http://x/> SELECT * { ?s :p "a:b" } # x:y', False),  # text and comments
        ("PREFIX r: <http://x/> SELECT * { ?s r:label ?o }", False),
        ("SELECT * { ?s rdfs:label ?o }", True),
        ("PREFIX r: <http://x/> SELECT * { ?s r:p ?o FILTER(nkg:label(?s)) }", True),
        ("SELECT * FROM graph:ontology { ?s ?p ?o }", True),
        ("SELECT * { ?s :p ?o }", True),  # the empty prefix, undeclared
    ],
)
def test_prefixes_used_without_a_declaration_are_noticed(query: str, undeclared: bool) -> None:
    """The service hands the engine its known prefixes only for such queries."""
    assert scan(query).undeclared_prefix is undeclared
