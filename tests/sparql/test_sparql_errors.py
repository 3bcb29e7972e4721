"""Errors: the right 4xx with a short body, never a 5xx, a traceback or a local path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natokg.sparql import service

MakeApp = Callable[..., Flask]
ROOT = str(Path(__file__).resolve().parents[2])


def test_malformed_query_gets_400_with_the_parsers_position(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("400 Bad Request: malformed query at line 2, column ")
    assert "\n  ?s ?p }\n" in text and text.rstrip().endswith("^")
    assert len(text) < 1000


def test_errors_are_json_when_json_is_preferred(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = json.loads(response.data)
    assert body["status"] == 400 and body["error"] == "Bad Request"
    assert body["message"].startswith("malformed query at line 1, column ")


def test_browsers_get_the_error_on_the_form_page(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "SELECT * { ?s ?p }"}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "malformed query at line 1, column " in page
    assert '<textarea id="plain-query" name="query"' in page and "SELECT * { ?s ?p }" in page


def test_an_unknown_prefix_names_itself_and_the_known_ones(client: FlaskClient) -> None:
    query = "SELECT ?x {\n  ?x a nkg:State ;\n     dbo:name ?n }"
    response = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    message = json.loads(response.data)["message"]
    first, _, rest = message.partition("\n")
    assert first.startswith("malformed query at line 3, column 14, near `dbo:name`: ")
    assert "the prefix `dbo:` is not declared. Declare it (PREFIX dbo: <…>)" in first
    assert "one of the prefixes this endpoint knows: " in first and " nkg:, " in first
    assert "\n     dbo:name ?n }\n" in message and "[" not in message  # no character classes


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("SELEC ?x { }", "near `SELEC`: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE"),
        ("SELECT ?x { ?x a ?y ", "add the missing `}`"),
        ('SELECT ?x { ?x a "open }', "a string is not closed"),
        ("SELECT (COUNT(?x) AS ?n) ?x { ?x a ?y }", "must be in GROUP BY"),
        ("SELECT ?x { ?x a ?y } LIMIT", "expected "),
    ],
)
def test_syntax_errors_say_what_to_do(client: FlaskClient, query: str, hint: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert hint in text.partition("\n")[0], text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method_gets_405_with_allow(client: FlaskClient, method: str) -> None:
    response = client.open("/sparql", method=method, query_string={"query": "ASK {}"})
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "POST"}


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/json", "multipart/form-data; boundary=x", ""]
)
def test_unsupported_body_gets_415(client: FlaskClient, content_type: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=b"ASK {}", headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.get_data(as_text=True)


def test_undecodable_direct_body_gets_400(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data=b"ASK { ?s ?p '\xff' }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "UTF-8" in response.get_data(as_text=True)


def test_undecodable_parameters_get_400_not_a_replacement_character(client: FlaskClient) -> None:
    """Werkzeug would decode %FF as U+FFFD and run another query; the protocol says UTF-8."""
    for response in (
        client.get("/sparql?query=ASK%7B%3Fs%20%3Fp%20%22%FF%22%7D"),
        client.post(
            "/sparql",
            data=b"query=ASK%7B%3Fs%20%3Fp%20%22%FF%22%7D",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
    ):
        assert response.status_code == 400
        assert "not valid UTF-8" in response.get_data(as_text=True)
    encoded = client.get("/sparql?query=ASK%7B%3Fs%20%3Fp%20%22%EF%BF%BD%22%7D")
    assert encoded.status_code == 200, "U+FFFD itself, sent as UTF-8, is fine"


def test_bad_dataset_iri_gets_400(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400
    assert "default-graph-uri" in response.get_data(as_text=True)


def test_too_long_query_gets_413(make_app: MakeApp) -> None:
    client = make_app(max_query_length=40).test_client()
    query = "SELECT * { ?subject ?predicate ?object }"
    assert client.get("/sparql", query_string={"query": query}).status_code == 200
    longer = query + "   # a comment"
    for response in (
        client.get("/sparql", query_string={"query": longer}),
        client.post("/sparql", data={"query": longer}),
        client.post("/sparql", data=longer, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 413
        assert "at most 40" in response.get_data(as_text=True)


def test_too_large_body_gets_413(make_app: MakeApp) -> None:
    client = make_app(max_body_bytes=200).test_client()
    query = "ASK { ?s ?p ?o }" + " " * 300
    direct = client.post(
        "/sparql", data=query, headers={"Content-Type": "application/sparql-query"}
    )
    form = client.post("/sparql", data={"query": query})
    assert direct.status_code == form.status_code == 413


def test_no_acceptable_format_gets_406_listing_the_alternatives(client: FlaskClient) -> None:
    by_param = client.get("/sparql", query_string={"query": "SELECT * {}", "format": "ttl"})
    by_accept = client.get(
        "/sparql", query_string={"query": "CONSTRUCT WHERE {}"}, headers={"Accept": "text/csv"}
    )
    assert by_param.status_code == by_accept.status_code == 406
    assert "application/sparql-results+json" in by_param.get_data(as_text=True)
    assert "text/turtle" in by_accept.get_data(as_text=True)


def test_an_unexpected_bug_is_a_short_logged_500(client: FlaskClient, monkeypatch, caplog) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError(f"secret detail in {ROOT}")

    monkeypatch.setattr(service, "evaluate", broken)
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert text == "500 Internal Server Error: an unexpected error occurred; it has been logged\n"
    assert "secret detail" in caplog.text


garbage = st.text(st.characters(codec="utf-8"), max_size=200)
headers = st.sampled_from(
    [
        "*/*",
        "text/html",
        "application/json",
        "text/csv",
        "image/png",
        "application/sparql-results+xml;q=0.5, text/turtle",
    ]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=garbage, accept=headers, fmt=st.sampled_from(["", "json", "ttl", "nonsense"]))
def test_no_input_gets_a_5xx_a_traceback_or_a_path(
    client: FlaskClient, query: str, accept: str, fmt: str
) -> None:
    params = {"query": query} | ({"format": fmt} if fmt else {})
    for response in (
        client.get("/sparql", query_string=params, headers={"Accept": accept}),
        client.post(
            "/sparql",
            data=query.encode(),
            headers={"Accept": accept, "Content-Type": "application/sparql-query"},
        ),
    ):
        assert response.status_code < 500
        text = response.get_data(as_text=True)
        assert "Traceback" not in text
        assert ROOT not in text
