"""The application as a whole: registrars, security headers, CORS, error bodies."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from natokg import app as application
from natokg.errors import CSP
from tests.conftest import PARTNERSHIPS, new_app

QUERY = {"query": "ASK {}"}


def make(**overrides: object) -> Flask:
    return new_app(data_file=PARTNERSHIPS, **overrides)


@pytest.fixture
def client() -> FlaskClient:
    return make().test_client()


def test_the_app_keeps_its_state_on_itself() -> None:
    app = make()
    assert application.state(app).dataset.graphs
    assert "sparql" in app.blueprints


def test_two_apps_in_one_process_each_answer_by_their_own_settings() -> None:
    """State is passed to each app's views, never shared through a module."""
    one, other = make(max_result_rows=1, cors_origins=""), make(max_result_rows=3)
    query = {"query": "SELECT ?s { ?s ?p ?o }", "format": "csv"}
    for app, rows, cors in ((one, 1, False), (other, 3, True), (one, 1, False)):
        response = app.test_client().get("/sparql", query_string=query)
        assert response.status_code == 200
        assert response.data.count(b"\r\n") == 1 + rows
        assert response.headers["X-Natokg-Limit"] == str(rows)
        assert ("Access-Control-Allow-Origin" in response.headers) is cors


@pytest.mark.parametrize(
    "path", ["/sparql?query=ASK%20%7B%7D", "/sparql", "/nowhere", "/sparql?query=ASK%20%7B"]
)
def test_every_response_has_the_basic_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_html_gets_a_content_security_policy(client: FlaskClient) -> None:
    html = client.get("/sparql", headers={"Accept": "text/html"})
    data = client.get("/sparql", query_string=QUERY)
    assert html.headers["Content-Security-Policy"] == CSP
    assert html.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" not in data.headers


SITE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, X-Natokg-Truncated, X-Natokg-Limit",
}
HTML_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY"}


@pytest.mark.parametrize(
    ("query", "html"),
    [
        ({"query": "ASK {}"}, False),
        ({"query": "SELECT ?s { ?s ?p ?o }", "format": "csv"}, False),
        ({"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ttl"}, False),
        ({"query": "ASK {}", "format": "html"}, True),
    ],
)
def test_an_answer_carries_each_header_once(
    client: FlaskClient, query: dict[str, str], html: bool
) -> None:
    """The endpoint's answers are built with the site's headers (worked out once per format):
    each is there exactly once, with the same value as on any other response."""
    for _ in range(2):  # the second answer reuses what the first worked out
        response = client.get("/sparql", query_string=query)
        assert response.status_code == 200
        expected = {
            **SITE_HEADERS,
            **(HTML_HEADERS if html else {}),
            "Vary": "Accept",
            "Cache-Control": "no-cache",
            "Content-Length": str(len(response.data)),
        }
        for name, value in expected.items():
            assert response.headers.getlist(name) == [value], name
        assert ("Content-Security-Policy" in response.headers) is html
        assert response.headers.getlist("ETag") == [f'"{response.get_etag()[0]}"']
        names = [name.lower() for name, _ in response.headers]
        assert len(names) == len(set(names)), names


def test_a_not_modified_answer_keeps_its_headers(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string=QUERY)
    again = client.get(
        "/sparql", query_string=QUERY, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    for name, value in {**SITE_HEADERS, "Vary": "Accept", "Cache-Control": "no-cache"}.items():
        assert again.headers.getlist(name) == [value], name


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert set(response.headers["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "POST",
        "OPTIONS",
    }
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_exposes_the_etag_and_truncation_headers(client: FlaskClient) -> None:
    response = client.post("/sparql", data=QUERY, headers={"Origin": "https://example.org"})
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert exposed == {"ETag", "X-Natokg-Truncated", "X-Natokg-Limit"}


def test_cors_can_be_turned_off() -> None:
    response = make(cors_origins="").test_client().get("/sparql", query_string=QUERY)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_not_found_is_short_text_or_json(client: FlaskClient) -> None:
    text = client.get("/nowhere")
    as_json = client.get("/nowhere", headers={"Accept": "application/json"})
    assert text.status_code == as_json.status_code == 404
    assert text.get_data(as_text=True).startswith("404 Not Found: ")
    assert json.loads(as_json.data)["status"] == 404


ERRORS = [
    ("/sparql?query=SELECT", "GET", 400),
    ("/sparql?query=CLEAR%20ALL", "GET", 403),
    ("/sparql?query=ASK%7B%7D&format=exe", "GET", 406),
    ("/sparql", "PUT", 405),
    ("/nowhere", "GET", 404),
    ("/id/nowhere", "GET", 404),
    ("/vendor/yasgui/nothing.js", "GET", 404),
]


@pytest.mark.parametrize(("path", "method", "status"), ERRORS)
def test_one_rule_for_every_error_body(
    client: FlaskClient, path: str, method: str, status: int
) -> None:
    """JSON when JSON is preferred to text, HTML for browsers, plain text otherwise."""
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept, mimetype in (
        ("application/json", "application/json"),
        ("application/sparql-results+json, text/plain;q=0.5", "application/json"),
        (browser, "text/html"),
        ("*/*", "text/plain"),
        ("", "text/plain"),
        ("text/plain, application/json;q=0.9", "text/plain"),
    ):
        response = client.open(path, method=method, headers={"Accept": accept} if accept else {})
        assert (response.status_code, response.mimetype) == (status, mimetype), accept
        assert response.headers["Vary"] == "Accept"
        text = response.get_data(as_text=True)
        if mimetype == "application/json":
            assert json.loads(text)["status"] == status
        elif mimetype == "text/html":
            assert text.lstrip().lower().startswith("<!doctype html>") and str(status) in text
        else:
            assert text.startswith(f"{status} ")


def test_a_refused_format_costs_no_query(client: FlaskClient, monkeypatch) -> None:
    """The format is chosen before the query is evaluated: a 406 never runs it."""
    from natokg.sparql import service

    monkeypatch.setattr(service, "evaluate", pytest.fail)
    for query, accept in (
        ("SELECT * { ?s ?p ?o } ORDER BY ?o", "text/turtle"),
        ("ASK { ?s ?p ?o }", "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json"),
        ("DESCRIBE <http://e/x>", "image/png"),
    ):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 406
