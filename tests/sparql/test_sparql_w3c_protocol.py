"""Every test case of the W3C SPARQL 1.1 Protocol test suite, through the Flask test client.

w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl: each request below is the manifest's
request (path, method, headers, body), sent to an app serving the graphs the manifest loads
(data1.rdf … data3.rdf). Query cases must succeed with the expected answer; malformed
requests must get the 4xx the protocol calls for. The endpoint is read-only, so every update
case is refused with 403 and the data is checked unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

DATA = "http://kasei.us/2009/09/sparql/data/"
D0, D1, D2, D3 = (quote(f"{DATA}data{n}.rdf", safe="") for n in range(4))
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}
TABULAR = {
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/tab-separated-values",
    "text/csv",
}
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
RDF = {
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
}

#: mf:entries of the manifest, in its order
MANIFEST_ENTRIES = [
    "query_post_form",
    "query_dataset_default_graphs_get",
    "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post",
    "query_dataset_named_graphs_get",
    "query_dataset_full",
    "query_multiple_dataset",
    "query_get",
    "query_content_type_select",
    "query_content_type_ask",
    "query_content_type_describe",
    "query_content_type_construct",
    "update_dataset_default_graph",
    "update_dataset_default_graphs",
    "update_dataset_named_graphs",
    "update_dataset_full",
    "update_post_form",
    "update_post_direct",
    "update_base_uri",
    "query_post_direct",
    "bad_query_method",
    "bad_multiple_queries",
    "bad_query_wrong_media_type",
    "bad_query_missing_form_type",
    "bad_query_missing_direct_type",
    "bad_query_non_utf8",
    "bad_query_syntax",
    "bad_update_get",
    "bad_multiple_updates",
    "bad_update_wrong_media_type",
    "bad_update_missing_form_type",
    "bad_update_non_utf8",
    "bad_update_syntax",
    "bad_update_dataset_conflict",
]

ASK_12 = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
ASK_NAMED = (
    f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}"
)
ASK_FULL = (
    f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}"
)
UPDATE_1 = f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {{
    GRAPH <{DATA}data1.rdf> {{
        <{DATA}data1.rdf> a foaf:Document
    }}
}} ;
INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}"""
UPDATE_DROP = f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {{
    GRAPH <{DATA}data1.rdf> {{ <{DATA}data1.rdf> a foaf:Document }}
}} ;
INSERT {{ GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {{
    ?s a dc:BibliographicResource }} }}
WHERE {{ ?s a foaf:Document }}"""
UPDATE_BASE = (
    "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
    "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
    "{ <http://example.org/s> <http://example.org/p> <test> } }"
)
UPDATE_CONFLICT = """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}"""


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    #: the status we answer with (the manifest's class of status, made exact)
    status: int = 200
    #: the media types the manifest accepts for the answer
    media_types: frozenset[str] = frozenset()
    boolean: bool | None = None


def q(text: str) -> str:
    return quote(text, safe="")


CASES = [
    Case(
        "query_post_form",
        "POST",
        f"/sparql/?default-graph-uri={D0}",
        FORM,
        b"query=ASK%20%7B%7D",
        200,
        frozenset(BOOLEAN),
        True,
    ),
    Case(
        "query_dataset_default_graphs_get",
        "GET",
        f"/sparql/?query={q(ASK_12)}&default-graph-uri={D1}&default-graph-uri={D2}",
        status=200,
        media_types=frozenset(BOOLEAN),
        boolean=True,
    ),
    Case(
        "query_dataset_default_graphs_post",
        "POST",
        f"/sparql/?default-graph-uri={D1}&default-graph-uri={D2}",
        DIRECT,
        ASK_12.encode(),
        200,
        frozenset(BOOLEAN),
        True,
    ),
    Case(
        "query_dataset_named_graphs_post",
        "POST",
        f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}",
        DIRECT,
        ASK_NAMED.encode(),
        200,
        frozenset(BOOLEAN),
        True,
    ),
    Case(
        "query_dataset_named_graphs_get",
        "GET",
        f"/sparql/?query={q(ASK_NAMED)}&named-graph-uri={D1}&named-graph-uri={D2}",
        status=200,
        media_types=frozenset(BOOLEAN),
        boolean=True,
    ),
    Case(
        "query_dataset_full",
        "POST",
        f"/sparql/?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
        DIRECT,
        ASK_FULL.encode(),
        200,
        frozenset(BOOLEAN),
        True,
    ),
    # The manifest percent-encodes the `&` between its two named-graph-uri parameters, which
    # leaves one odd IRI; this is the request it means (see the literal one below).
    Case(
        "query_multiple_dataset",
        "POST",
        f"/sparql/?named-graph-uri={D1}&named-graph-uri={D2}",
        DIRECT,
        f"ASK FROM <{DATA}data3.rdf> {ASK_NAMED[4:]}".encode(),
        200,
        frozenset(BOOLEAN),
        True,
    ),
    Case(
        "query_get",
        "GET",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}",
        status=200,
        media_types=frozenset(BOOLEAN),
        boolean=True,
    ),
    Case(
        "query_content_type_select",
        "POST",
        f"/sparql/?default-graph-uri={D0}",
        DIRECT,
        b"SELECT (1 AS ?value) {}",
        200,
        frozenset(TABULAR),
    ),
    Case(
        "query_content_type_ask",
        "POST",
        f"/sparql/?default-graph-uri={D0}",
        DIRECT,
        b"ASK {}",
        200,
        frozenset(BOOLEAN),
    ),
    Case(
        "query_content_type_describe",
        "POST",
        f"/sparql/?default-graph-uri={D0}",
        DIRECT,
        b"DESCRIBE <http://example.org/>",
        200,
        frozenset(RDF),
    ),
    Case(
        "query_content_type_construct",
        "POST",
        f"/sparql/?default-graph-uri={D0}",
        DIRECT,
        b"CONSTRUCT { <s> <p> 1 } WHERE {}",  # the manifest's own relative IRIs
        200,
        frozenset(RDF),
    ),
    Case(
        "update_dataset_default_graph",
        "POST",
        f"/sparql/?using-graph-uri={D1}",
        UPDATE,
        UPDATE_1.encode(),
        403,
    ),
    Case(
        "update_dataset_default_graphs",
        "POST",
        f"/sparql/?using-graph-uri={D1}&using-graph-uri={D2}",
        UPDATE,
        UPDATE_DROP.encode(),
        403,
    ),
    Case(
        "update_dataset_named_graphs",
        "POST",
        f"/sparql/?using-named-graph-uri={D1}&using-named-graph-uri={D2}",
        UPDATE,
        UPDATE_DROP.encode(),
        403,
    ),
    Case(
        "update_dataset_full",
        "POST",
        f"/sparql/?using-graph-uri={D1}&using-named-graph-uri={D2}",
        UPDATE,
        UPDATE_DROP.encode(),
        403,
    ),
    Case("update_post_form", "POST", "/sparql/", FORM, b"update=CLEAR+ALL", 403),
    Case("update_post_direct", "POST", "/sparql/", UPDATE, b"CLEAR ALL", 403),
    Case("update_base_uri", "POST", "/sparql/", UPDATE, UPDATE_BASE.encode(), 403),
    Case("query_post_direct", "POST", "/sparql/", DIRECT, b"ASK {}", 200, frozenset(BOOLEAN), True),
    Case(
        "bad_query_method",
        "PUT",
        f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={D0}",
        FORM,
        status=405,
    ),
    Case(
        "bad_multiple_queries",
        "GET",
        "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D",
        status=400,
    ),
    Case(
        "bad_query_wrong_media_type",
        "POST",
        "/sparql/",
        {"Content-Type": "text/plain"},
        b"ASK {}",
        415,
    ),
    Case("bad_query_missing_form_type", "POST", "/sparql/", body=b"query=ASK%20%7B%7D", status=415),
    Case("bad_query_missing_direct_type", "POST", "/sparql/", body=b"ASK {}", status=415),
    Case(
        "bad_query_non_utf8",
        "POST",
        "/sparql/",
        {"Content-Type": "application/sparql-query; charset=UTF-16"},
        "ASK {}".encode("utf-16"),
        415,
    ),
    Case("bad_query_syntax", "GET", "/sparql/?query=ASK%20%7B", status=400),
    Case("bad_update_get", "GET", "/sparql/?update=CLEAR%20ALL", status=403),
    Case(
        "bad_multiple_updates",
        "POST",
        "/sparql/",
        FORM,
        b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
        403,
    ),
    Case(
        "bad_update_wrong_media_type",
        "POST",
        "/sparql/",
        {"Content-Type": "text/plain"},
        b"CLEAR NAMED",
        415,
    ),
    Case(
        "bad_update_missing_form_type", "POST", "/sparql/", body=b"update=CLEAR%20NAMED", status=415
    ),
    Case(
        "bad_update_non_utf8",
        "POST",
        "/sparql/",
        {"Content-Type": "application/sparql-update; charset=UTF-16"},
        "CLEAR NAMED".encode("utf-16"),
        403,
    ),
    Case("bad_update_syntax", "POST", "/sparql/", FORM, b"update=CLEAR%20XYZ", 403),
    Case(
        "bad_update_dataset_conflict",
        "POST",
        "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        UPDATE,
        UPDATE_CONFLICT.encode(),
        403,
    ),
]


def send(client: FlaskClient, case: Case) -> TestResponse:
    return client.open(case.path, method=case.method, headers=case.headers, data=case.body)


def media_type(response: TestResponse) -> str:
    return response.headers["Content-Type"].split(";")[0].strip()


def parsed_boolean(response: TestResponse) -> bool:
    fmt = ox.QueryResultsFormat.from_media_type(media_type(response))
    result = ox.parse_query_results(response.data, format=fmt)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def test_every_manifest_entry_has_a_case() -> None:
    assert [case.name for case in CASES] == MANIFEST_ENTRIES


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol_case(w3c: FlaskClient, case: Case) -> None:
    response = send(w3c, case)
    assert response.status_code == case.status, response.get_data(as_text=True)
    if case.status != 200:
        assert response.mimetype in ("text/plain", "application/json")
        return
    assert media_type(response) in case.media_types
    if case.media_types <= RDF:
        fmt = ox.RdfFormat.from_media_type(media_type(response))
        triples = list(ox.parse(response.data, format=fmt))  # the parser is lazy: read it all
        if case.name == "query_content_type_construct":  # the DESCRIBE case's graph is empty
            assert len(triples) == 1
    elif case.media_types == TABULAR:
        fmt = ox.QueryResultsFormat.from_media_type(media_type(response))
        solutions = ox.parse_query_results(response.data, format=fmt)
        assert [str(row["value"].value) for row in solutions] == ["1"]
    if case.boolean is not None:
        assert parsed_boolean(response) is case.boolean


def test_the_literal_multiple_dataset_request_names_one_odd_graph(w3c: FlaskClient) -> None:
    """The manifest's own path encodes `&`: one named graph that does not exist → false."""
    path = f"/sparql/?named-graph-uri={D1}%26named-graph-uri%3D{D2}"
    body = f"ASK FROM <{DATA}data3.rdf> {ASK_NAMED[4:]}".encode()
    response = w3c.post(path, headers=DIRECT, data=body)
    assert response.status_code == 200
    assert parsed_boolean(response) is False


def test_the_protocol_dataset_overrides_from(w3c: FlaskClient) -> None:
    query = f"ASK FROM <{DATA}data3.rdf> {{ <{DATA}data1.rdf> a ?type }}"
    alone = w3c.get("/sparql", query_string={"query": query})
    overridden = w3c.get(
        "/sparql", query_string={"query": query, "default-graph-uri": f"{DATA}data1.rdf"}
    )
    assert parsed_boolean(alone) is False
    assert parsed_boolean(overridden) is True


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name.startswith(("update_", "bad_update"))], ids=lambda c: c.name
)
def test_refused_updates_change_nothing(w3c: FlaskClient, case: Case) -> None:
    before = w3c.get(
        "/sparql",
        query_string={
            "query": "SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
            "format": "tsv",
        },
    ).data
    assert send(w3c, case).status_code == case.status
    after = w3c.get(
        "/sparql",
        query_string={
            "query": "SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
            "format": "tsv",
        },
    ).data
    assert after == before
    assert before.count(b"\n") == 4  # header and the three fixture triples
