"""Path traversal on every route that takes a name from the URL — static files, downloads, the
vendored UI, exports, visuals and resources — enumerated from the application's URL map, so a
route added later is covered without editing this file.

Each attempt (plain, percent-encoded, double-encoded, backslashes, ``..%2f``, NUL, overlong
UTF-8) is sent byte for byte to a live server and must get exactly 404 — or, where a ``path``
argument ends up with an empty segment (``//``), Werkzeug's 308 to the same path with the
slashes merged, on the same host, which then gets 404 — reveal none of the files it aims at,
and leave the server answering.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask
from werkzeug.routing import Rule

from tests.live import Server
from tests.security.conftest import Published, assert_alive
from tests.security.helpers import Request, assert_clean, send

pytestmark = pytest.mark.live

TRAVERSALS = [
    "../../../../../../etc/passwd",
    "..",
    "../manifest.json",
    "../../../pyproject.toml",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd",
    "..%2fmanifest.json",
    "%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "..%252f..%252fmanifest.json",
    "..\\..\\..\\..\\etc\\passwd",
    "..%5c..%5cmanifest.json",
    "%2fetc%2fpasswd",
    "manifest.json%00.ttl",
    "%c0%ae%c0%ae%c0%afmanifest.json",
    "....//....//etc/passwd",
]
#: what the aimed-at files contain: none may show up in an answer
SECRETS = ("root:x:0:0", "[project]", '"sha256"', "natokg.cli:main")
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def routes_with_names(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.arguments and "GET" in (r.methods or ())),
        key=lambda r: r.rule,
    )


def attempts(app: Flask) -> list[tuple[str, int]]:
    """(path, expected status) for every route and traversal."""
    return [
        (ARGUMENT.sub(lambda _m, t=traversal: t, rule.rule), expected_status(rule, traversal))
        for rule in routes_with_names(app)
        for traversal in TRAVERSALS
    ]


def expected_status(rule: Rule, traversal: str) -> int:
    """308 where a ``path`` argument starts with a slash (Werkzeug merges ``//``), else 404."""
    return 308 if "<path:" in rule.rule and unquote(traversal).startswith("/") else 404


def test_every_route_with_a_name_is_attacked(app: Flask) -> None:
    rules = {r.rule for r in routes_with_names(app)}
    # the routes that read files, and the resource routes: a rename must not hide them
    assert {
        "/static/<path:filename>",
        "/vendor/yasgui/<name>",
        "/downloads/<name>",
        "/exports/<name>.csv",
        "/id/<slug>",
        "/page/<slug>",
        "/data/<name>",
        "/graph/<path:name>",
        "/dataset/<path:rest>",
        "/visuals/timeline/<slug>.svg",
    } <= rules
    assert len(attempts(app)) == len(rules) * len(TRAVERSALS)


def test_no_traversal_reaches_a_file(app: Flask, server: Server, published: Published) -> None:
    tried = attempts(app)
    for path, status in tried:
        reply = send(server.port, Request(path.encode("latin-1")))
        assert reply.status == status, (path, reply.status, reply.text[:200])
        if reply.status == 308:
            location = urlsplit(reply.headers["location"])
            assert location.netloc in ("", "127.0.0.1") and "//" not in location.path
            reply = send(server.port, Request(location.path.encode("latin-1")))
            assert reply.status == 404, (path, location)
        for secret in SECRETS:
            assert secret not in reply.text, (path, secret)
        assert_clean(reply.text, [str(published.project)])
        assert_alive(server)
    assert len(tried) >= 250


@pytest.mark.parametrize(
    "path",
    ["/static/ld/style.css", "/vendor/yasgui/yasgui.min.js", "/downloads/dataset.nq"],
)
def test_the_files_behind_those_routes_are_served(server: Server, path: str) -> None:
    """The 404s above come from refusing the traversal, not from a route that never works."""
    reply = send(server.port, Request(path.encode()))
    assert reply.status == 200 and reply.body
