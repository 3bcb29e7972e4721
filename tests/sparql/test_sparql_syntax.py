"""The SPARQL 1.0/1.1 syntax the endpoint accepts: every form of the W3C syntax tests.

The W3C suite (w3c/rdf-tests, sparql/sparql10 and sparql11 syntax directories) is not in the
repository; these queries, written for this test, cover its families: relative IRIs and
BASE, prefixed names with escapes and odd characters, blank-node and collection forms,
literals, property paths, VALUES, aggregates, subqueries, negation, graphs, functions and
the four query forms. Each must get a 2xx with a result of its form. Only what the endpoint
refuses by design (README, "Refused by design") gets a 400: SERVICE, and FROM/FROM NAMED
naming a graph the dataset does not have.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from natokg.sparql.scanner import scan

EX = "PREFIX : <http://example.org/> PREFIX ex: <http://example.org/ns#> "
STATES = "https://w3id.org/natokg/graph/entities/states"
#: (name, query, how many results — None for any)
ACCEPTED = [
    # relative IRIs resolve against the endpoint's IRI (W3C protocol: query_content_type_construct)
    ("relative IRIs in a template", "CONSTRUCT { <s> <p> 1 } WHERE {}", 1),
    ("relative IRI bound", "SELECT * { BIND(<s> AS ?x) }", 1),
    ("relative IRI in a pattern", "SELECT * { <s> ?p ?o }", 0),
    ("fragment only", "SELECT * { BIND(<#frag> AS ?x) }", 1),
    ("empty IRI", "SELECT * { BIND(<> AS ?x) }", 1),
    ("absolute BASE", "BASE <http://example.org/x/> SELECT * { BIND(<a> AS ?x) }", 1),
    ("relative BASE", "BASE <dir/> SELECT * { BIND(<a> AS ?x) }", 1),
    ("two BASEs", "BASE <http://e/a/> BASE <b/> SELECT * { BIND(<c> AS ?x) }", 1),
    ("relative PREFIX", "PREFIX r: <rel/> SELECT * { BIND(r:a AS ?x) }", 1),
    ("empty relative PREFIX", "PREFIX : <> SELECT * { BIND(:a AS ?x) }", 1),
    ("FROM a known graph", f"SELECT * FROM <{STATES}> {{ ?s ?p ?o }} LIMIT 1", 1),
    # prefixed names
    ("dots inside a local name", EX + "SELECT * { BIND(:a.b AS ?x) }", 1),
    ("dash, digits, underscore", EX + "SELECT * { BIND(:_x-1 AS ?x) BIND(:0 AS ?y) }", 1),
    ("colon in a local name", EX + "SELECT * { BIND(:a:b AS ?x) }", 1),
    ("escaped characters", EX + "SELECT * { BIND(:a\\~b\\.c\\!\\, AS ?x) }", 1),
    ("percent escape", EX + "SELECT * { BIND(:a%20b AS ?x) }", 1),
    ("empty local name", EX + "SELECT * { BIND(ex: AS ?x) }", 1),
    ("non-ASCII names", "PREFIX é: <http://e/> SELECT ?ü { BIND(é:ça AS ?ü) }", 1),
    ("$ variables", "SELECT $x { BIND(1 AS $x) }", 1),
    # blank nodes and collections
    ("anonymous blank node", EX + "SELECT * { [] :p ?o }", 0),
    ("blank node property list", EX + "SELECT * { [ :p ?o ; :q ?r ] }", 0),
    ("labelled blank node", EX + "SELECT * { _:b :p ?o . _:b :q ?r }", 0),
    ("collection", EX + "SELECT * { ?s :p (1 ?x [ :q 2 ]) }", 0),
    ("empty collection", EX + "SELECT * { ?s :p () }", 0),
    ("nested blank nodes in a template", EX + "CONSTRUCT { [ :p [ :q 1 ] ] } WHERE {}", 2),
    # literals
    ("literal forms", "SELECT * { BIND(\"a\"@en-GB AS ?a) BIND('''b\n''' AS ?b) }", 1),
    (
        "typed and numeric",
        'SELECT * { BIND("1"^^<http://www.w3.org/2001/XMLSchema#int> AS ?a)'
        " BIND(-1.5e3 AS ?b) BIND(+.5 AS ?c) BIND(true AS ?d) }",
        1,
    ),
    ("escapes in strings", 'SELECT * { BIND("\\t\\u00e9\\U0001F600\\"" AS ?x) }', 1),
    # property paths
    ("sequence and alternative", EX + "SELECT * { ?s :p/:q|:r ?o }", 0),
    ("inverse and modifiers", EX + "SELECT * { ?s ^:p/:q*/:r+/:t? ?o }", 0),
    ("negated property set", EX + "SELECT * { ?s !(:p|^:q) ?o } LIMIT 1", 1),
    ("grouped path", EX + "SELECT * { ?s (:p/:q)* ?s } LIMIT 1", 1),
    ("rdf:type shorthand in a path", "SELECT * { ?s a/a ?c } LIMIT 1", None),
    # VALUES
    ("inline VALUES", "SELECT * { VALUES ?x { 1 2 3 } }", 3),
    ("VALUES with UNDEF", "SELECT * { VALUES (?x ?y) { (1 UNDEF) (UNDEF 2) } }", 2),
    ("trailing VALUES", "SELECT ?x {} VALUES ?x { <http://e/a> }", 1),
    ("empty VALUES", "SELECT * { VALUES ?x { } }", 0),
    # aggregates and modifiers
    ("COUNT(*) and DISTINCT", "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?p) AS ?d) { ?s ?p ?o }", 1),
    (
        "GROUP_CONCAT with a separator",
        'SELECT (GROUP_CONCAT(?x; SEPARATOR="|") AS ?all) { VALUES ?x { "a" "b" } }',
        1,
    ),
    (
        "GROUP BY an expression, HAVING",
        "SELECT ?k (SAMPLE(?x) AS ?one) { VALUES ?x { 1 2 3 } }"
        " GROUP BY (?x > 1 AS ?k) HAVING (COUNT(?x) > 0)",
        2,
    ),
    (
        "every aggregate",
        "SELECT (SUM(?x) AS ?s) (AVG(?x) AS ?a) (MIN(?x) AS ?mi) (MAX(?x) AS ?ma)"
        " { VALUES ?x { 1 2 } }",
        1,
    ),
    (
        "ORDER BY, LIMIT, OFFSET, REDUCED",
        "SELECT REDUCED ?x { VALUES ?x { 3 1 2 } } ORDER BY DESC(?x) ASC(STR(?x)) LIMIT 2 OFFSET 1",
        2,
    ),
    # subqueries, negation, groups
    ("subquery", "SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 2 } }", 2),
    ("MINUS", "SELECT * { VALUES ?x { 1 2 } MINUS { VALUES ?x { 2 } } }", 1),
    (
        "NOT EXISTS and EXISTS",
        "SELECT * { VALUES ?x { 1 } FILTER NOT EXISTS { ?x ?p ?o } FILTER (EXISTS { } ) }",
        1,
    ),
    (
        "OPTIONAL, UNION, GRAPH",
        "SELECT * { { BIND(1 AS ?x) } UNION { BIND(2 AS ?x) } OPTIONAL { GRAPH ?g { ?s ?p ?x } } }",
        2,
    ),
    ("nested groups and empty group", "SELECT * { { { } } {} }", 1),
    # functions
    (
        "string functions",
        'SELECT * { BIND(CONCAT(UCASE("a"), STRAFTER("ab", "a"),'
        ' REPLACE("x", "x", "y"), ENCODE_FOR_URI("a b")) AS ?x) FILTER(REGEX(?x, "^A", "i")) }',
        1,
    ),
    (
        "IRI functions",
        'SELECT * { BIND(IRI("http://e/a") AS ?i) BIND(STRDT("1", xsd:int) AS ?t)'
        " FILTER(isIRI(?i)) }".replace("xsd:int", "<http://www.w3.org/2001/XMLSchema#int>"),
        1,
    ),
    ("IRI() of a relative string", 'SELECT * { BIND(IRI("rel") AS ?i) }', 1),
    (
        "conditionals",
        "SELECT * { BIND(IF(true, COALESCE(?u, 1), 0) AS ?x) FILTER(?x IN (1, 2)) }",
        1,
    ),
    (
        "date and hash functions",
        'SELECT * { BIND(YEAR(NOW()) AS ?y) BIND(SHA256("x") AS ?h)'
        " BIND(STRUUID() AS ?u) BIND(RAND() AS ?r) }",
        1,
    ),
    ("xsd casts", 'SELECT * { BIND(<http://www.w3.org/2001/XMLSchema#integer>("7") AS ?x) }', 1),
    # query forms, case and comments
    ("ASK", "ASK {}", None),
    ("ASK WHERE", "ASK WHERE { ?s ?p ?o }", None),
    ("CONSTRUCT WHERE", "CONSTRUCT WHERE { ?s a ?c } LIMIT 2", 2),
    ("DESCRIBE an IRI", "DESCRIBE <https://w3id.org/natokg/id/turkiye>", None),
    ("DESCRIBE *", "DESCRIBE * { ?s a ?c } LIMIT 1", None),
    ("lower-case keywords, comments", "select * # a comment\n where { bind(1 as ?x) } # end", 1),
    ("SELECT expressions", "SELECT (1 + 2 * 3 AS ?x) (STR(?x) AS ?y) {}", 1),
]
REFUSED = [
    ("SERVICE", "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SERVICE SILENT", "SELECT * { SERVICE SILENT <http://e/> { } }", "SERVICE"),
    ("FROM an unknown graph", "SELECT * FROM <http://example.org/g> { ?s ?p ?o }", "FROM <"),
    ("FROM NAMED an unknown graph", "SELECT * FROM NAMED <http://e/g> { }", "FROM NAMED <"),
    ("FROM a relative unknown graph", "SELECT * FROM <g> { }", "FROM <"),
]


def results(response: bytes, media_type: str) -> list:
    if media_type == "application/sparql-results+json":
        parsed = ox.parse_query_results(response, format=ox.QueryResultsFormat.JSON)
        return [parsed] if isinstance(parsed, ox.QueryBoolean) else list(parsed)
    return list(ox.parse(response, format=ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize(("name", "query", "count"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_accepted_syntax(client: FlaskClient, name: str, query: str, count: int | None) -> None:
    accept = "application/sparql-results+json, application/n-triples;q=0.9"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = results(response.data, response.mimetype)
    if count is not None:
        assert len(rows) == count


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    """The W3C protocol case query_content_type_construct, as the manifest writes it."""
    response = client.post(
        "/sparql",
        data="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    (triple,) = results(response.data, "application/n-triples")
    endpoint = "https://w3id.org/natokg/"
    assert (triple.subject, triple.predicate) == (
        ox.NamedNode(endpoint + "s"),
        ox.NamedNode(endpoint + "p"),
    )
    bound = client.get("/sparql", query_string={"query": "BASE <x/> SELECT * { BIND(<#y> AS ?z) }"})
    assert results(bound.data, bound.mimetype)[0]["z"] == ox.NamedNode(endpoint + "x/#y")


def test_the_scanner_resolves_like_the_engine() -> None:
    facts = scan("BASE <a/> SELECT * FROM <g> FROM NAMED <../h> {}", "https://e.org/kg/sparql")
    assert facts.from_graphs == ("https://e.org/kg/a/g",)
    assert facts.from_named_graphs == ("https://e.org/kg/h",)
    assert scan("SELECT * FROM <javascript:x> {}", "https://e/").from_graphs == ("javascript:x",)


@pytest.mark.parametrize(("name", "query", "says"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_by_design(client: FlaskClient, name: str, query: str, says: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [b"", b"foo=bar", b'{"query": "ASK {}"}', b"format=json", b"default-graph-uri=http%3A%2F%2Fe"],
)
def test_a_form_post_without_a_query_is_a_400(client: FlaskClient, body: bytes) -> None:
    response = client.post(
        "/sparql", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400
    assert response.get_data(as_text=True).startswith("400 Bad Request: no query")


def test_only_a_get_without_a_query_describes_the_service(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    service = "http://www.w3.org/ns/sparql-service-description#Service"
    assert any(t.object == ox.NamedNode(service) for t in triples)


def test_an_unknown_extension_function_is_an_expression_error_not_a_refusal(
    client: FlaskClient,
) -> None:
    """SPARQL 1.1 §17.2: a call to a function the engine does not know is an expression error
    (the value is unbound), as in the W3C syntax tests syntax-expr-05 or syntax-function-01."""
    query = (
        "PREFIX ex: <http://example.org/ns#>\n"
        "SELECT ?x ?y WHERE { VALUES ?y { 1 2 } BIND(ex:myFunc(?y) AS ?x) } ORDER BY ex:f(?y)"
    )
    response = client.get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = response.get_json()["results"]["bindings"]
    assert [r.get("x") for r in rows] == [None, None]
    assert sorted(r["y"]["value"] for r in rows) == ["1", "2"]
