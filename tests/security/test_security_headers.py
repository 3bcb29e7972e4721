"""Headers and debug output: every HTML page carries a Content-Security-Policy that allows no
inline script, every answer ``X-Content-Type-Options: nosniff`` and a referrer policy; CORS never
with credentials; errors never show a traceback or a debugger; and `natokg serve` is gunicorn,
never Flask's debug server, even with ``FLASK_DEBUG`` set.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import requests
from flask import Flask

from natokg.serving import create_served_app
from natokg.sparql import service
from tests.live import ROOT, Server
from tests.security.conftest import Published
from tests.security.helpers import assert_clean

pytestmark = pytest.mark.live

#: pages that are not reached by a route without arguments
RESOURCE_PAGES = [
    "/page/kazakhstan",
    "/page/partnership-for-peace",
    "/graph/tiny",
    "/dataset",
    "/ontology",
    "/shapes",
    "/sparql?query=ASK%7B%7D&format=html",
    "/id/nowhere",
    "/sparql?query=SELECT&format=html",
]
SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


class Scripts(HTMLParser):
    """Inline scripts, event-handler attributes and ``javascript:`` URLs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.external = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.external += 1
            elif values.get("type") not in ("application/json", "application/ld+json"):
                self.inline.append("<script> without src")
        for name, value in attrs:
            if name.startswith("on"):
                self.inline.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.inline.append(f"{tag} {name}=javascript:")


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name.lower()] = values
    return parsed


def html_pages(app: Flask) -> list[str]:
    static = [
        r.rule
        for r in app.url_map.iter_rules()
        if not r.arguments and "GET" in (r.methods or ()) and not r.rule.endswith((".svg", "/"))
    ]
    return sorted(static) + RESOURCE_PAGES


def test_every_html_page_forbids_inline_scripts(app: Flask, server: Server) -> None:
    pages = html_pages(app)
    checked = 0
    for path in pages:
        response = requests.get(server.base + path, headers={"Accept": "text/html"}, timeout=10)
        assert response.status_code in (200, 400, 404), path
        if not response.headers["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        policy = directives(response.headers["Content-Security-Policy"])
        scripts = policy.get("script-src", policy["default-src"])
        assert scripts in (["'self'"], ["'none'"]), (path, scripts)
        assert policy.get("object-src", policy["default-src"]) in (["'none'"], ["'self'"])
        assert policy["base-uri"] == ["'none'"] and "frame-ancestors" in policy
        page = Scripts()
        page.feed(response.text)
        assert page.inline == [], (path, page.inline)
        if scripts == ["'none'"]:
            assert page.external == 0, path
    assert checked >= 15, pages


def test_every_answer_has_nosniff_and_a_referrer_policy(app: Flask, server: Server) -> None:
    paths = [
        *html_pages(app),
        "/sparql?query=ASK%7B%7D",
        "/sparql",
        "/data/kazakhstan.ttl",
        "/downloads/dataset.nq",
        "/exports/memberships.csv",
        "/visuals/frameworks.svg",
        "/static/ld/style.css",
        "/vendor/yasgui/yasgui.min.js",
        "/nowhere",
    ]
    for path in paths:
        response = requests.get(server.base + path, timeout=10)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] in SAFE_REFERRER_POLICIES, path
    svg = requests.get(server.base + "/visuals/frameworks.svg", timeout=10)
    assert "script-src" not in svg.headers["Content-Security-Policy"]
    assert directives(svg.headers["Content-Security-Policy"])["default-src"] == ["'none'"]


def test_cors_never_allows_credentials(server: Server) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    for response in (
        requests.get(server.url, params={"query": "ASK {}"}, headers=origin, timeout=10),
        requests.get(server.base + "/data/kazakhstan.ttl", headers=origin, timeout=10),
        requests.options(
            server.url,
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Content-Type, Cookie",
            },
            timeout=10,
        ),
    ):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Set-Cookie" not in response.headers


def test_input_echoed_in_a_page_is_escaped(server: Server) -> None:
    attack = "<svg onload=alert(1)>"
    for response in (
        requests.get(
            server.url, params={"query": attack}, headers={"Accept": "text/html"}, timeout=10
        ),
        requests.get(
            server.url,
            params={"query": f"SELECT * {{ ?s ?p '{attack}' }}"},
            headers={"Accept": "text/html"},
            timeout=10,
        ),
        requests.get(
            server.base + "/id/" + attack,
            headers={"Accept": "text/html"},
            timeout=10,
        ),
    ):
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.status_code in (200, 400, 404)
        assert attack not in response.text and "&lt;svg onload=alert(1)&gt;" in response.text


@pytest.fixture
def broken_app(published: Published, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The served application (as `natokg serve` builds it) with a bug in query evaluation."""

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(f"secret detail in {ROOT}/server")

    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr(service, "evaluate", broken)
    return create_served_app(published.settings())


def test_the_served_app_is_never_in_debug_mode(broken_app: Flask) -> None:
    assert broken_app.debug is False and broken_app.testing is False
    assert broken_app.config["PROPAGATE_EXCEPTIONS"] is False


# a client that prefers text must still accept a result format, or it gets its 406 before
# the query (and the bug) is reached
@pytest.mark.parametrize(
    "accept", ["text/plain, */*;q=0.1", "application/json", "text/html", "*/*"]
)
def test_an_unexpected_error_shows_no_debug_output(broken_app: Flask, accept: str) -> None:
    client = broken_app.test_client()
    # POST: a browser's GET of /sparql?query=… opens the query editor without evaluating
    response = client.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": accept})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "secret detail" not in text and "RuntimeError" not in text
    assert_clean(text)


@pytest.fixture(scope="module")
def debug_env_server(published: Published) -> Iterator[Server]:
    live = Server(
        None,
        "--workers",
        "2",
        releases_dir=published.releases_dir,
        env={"FLASK_DEBUG": "1", "FLASK_ENV": "development", "WERKZEUG_DEBUG_PIN": "off"},
    )
    try:
        yield live
    finally:
        live.stop()


def test_serve_is_gunicorn_even_with_flask_debug_set(debug_env_server: Server) -> None:
    server = debug_env_server
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        processes, log = server.processes(), server.output()
        if len(processes) == 1 + 2 and log.count("Booting worker") == 2:
            break
        time.sleep(0.05)
    assert len(processes) == 1 + 2, "a master and its two workers"
    command = " ".join(processes[0].cmdline())
    assert re.search(r"natokg\.cli .*\bserve\b", command), command
    assert "Starting gunicorn" in log and log.count("Booting worker") == 2
    assert "Debugger is active" not in log and "development server" not in log
    for path, status in [
        ("/sparql?query=SELECT", 400),
        ("/nowhere", 404),
        ("/sparql?query=ASK%7B%7D&format=exe", 406),
    ]:
        response = requests.get(server.base + path, timeout=10)
        assert response.status_code == status
        assert_clean(response.text)
