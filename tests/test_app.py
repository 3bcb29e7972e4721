"""The application as a whole: registrars, security headers, CORS, error bodies."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from natokg.app import state
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
    assert state(app).dataset.graphs
    assert "natokg.sparql" in app.extensions and "natokg.headers" in app.extensions
    assert "sparql" in app.blueprints


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
