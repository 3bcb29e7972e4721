"""Hostile requests around the query against a live `natokg serve`: parameters, percent-encoding,
headers, methods, bodies and unknown IRIs. Each gets its exact status — from the application or,
for what HTTP itself forbids, from gunicorn — never a 5xx, a traceback or a local path; and the
server answers a normal query after each.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from natokg.settings import Settings
from tests.live import Server
from tests.security.conftest import assert_alive
from tests.security.helpers import Request, assert_clean, send

pytestmark = pytest.mark.live

LIMITS = Settings.load(environ={})
ASK = b"query=ASK%7B%7D"
FORM = (b"Content-Type", b"application/x-www-form-urlencoded")
DIRECT = (b"Content-Type", b"application/sparql-query")
GRAPH = b"https%3A%2F%2Fw3id.org%2Fnatokg%2Fgraph%2Ftiny"


@dataclass(frozen=True)
class Case:
    name: str
    request: Request | bytes
    status: int
    #: a word the answer must contain
    says: str = ""


def get(query_string: bytes, *headers: tuple[bytes, bytes]) -> Request:
    return Request(b"/sparql?" + query_string, headers=headers)


def post(body: bytes, *headers: tuple[bytes, bytes], target: bytes = b"/sparql") -> Request:
    return Request(target, b"POST", headers, body)


def raw(text: bytes) -> bytes:
    """A request written whole (``\\n`` becomes CRLF)."""
    return text.replace(b"\n", b"\r\n")


CASES = [
    # percent-encoding
    Case("invalid escape in the query", get(b"query=ASK%zz%7B%7D"), 400, "malformed query"),
    Case("lone percent", get(b"query=%"), 400, "malformed query"),
    Case("truncated escape", get(b"query=ASK%7B%7"), 400, "malformed query"),
    Case("escaped 0xFF", get(b"query=ASK%7B%7D&format=%FF"), 400, "UTF-8"),
    Case("raw 0xFF in the URL", get(b"query=ASK%7B%7D&x=\xff"), 400),
    Case("invalid escape in a name", get(b"%zz=1"), 200, "sd:Service"),
    Case("invalid escape in a form", post(b"query=ASK%zz", FORM), 400, "malformed query"),
    Case("0xFF in a form", post(b"query=ASK%7B%7D&x=%FF", FORM), 400, "UTF-8"),
    # repeated, missing, conflicting parameters
    Case("two queries", get(ASK + b"&" + ASK), 400, "more than one query"),
    Case("query in URL and form", post(ASK, FORM, target=b"/sparql?" + ASK), 400, "one query"),
    Case("query in URL and body", post(b"ASK {}", DIRECT, target=b"/sparql?" + ASK), 400, "one"),
    Case("empty query", get(b"query="), 400, "malformed query"),
    Case("no query: the service description", get(b""), 200, "sd:Service"),
    Case("no query in a form", post(b"", FORM), 400, "no query"),
    Case("a form without a query field", post(b"foo=bar", FORM), 400, "no query"),
    Case("JSON sent as a form", post(b'{"query": "ASK {}"}', FORM), 400, "no query"),
    Case("query and update", get(ASK + b"&update=CLEAR+ALL"), 403, "read-only"),
    Case("unknown parameter", get(ASK + b"&timeout=999999&debug=1"), 200),
    Case("two formats: the first wins", get(ASK + b"&format=json&format=xml"), 200, "boolean"),
    Case("unknown format", get(ASK + b"&format=exe"), 406, "application/sparql-results+json"),
    Case("bad graph IRI", get(ASK + b"&default-graph-uri=not+an+iri"), 400, "absolute IRI"),
    Case(
        "many repeated graphs",
        get(ASK + b"".join(b"&default-graph-uri=" + GRAPH for _ in range(100))),
        200,
    ),
    # Accept
    Case("long Accept", get(ASK, (b"Accept", b"text/x-none;q=0.1, " * 300 + b"*/*")), 200),
    Case("Accept past gunicorn's limit", get(ASK, (b"Accept", b"a/b," * 3000)), 431),
    Case("garbage Accept", get(ASK, (b"Accept", b";;;q=abc,,,=/=;")), 406, "sparql-results"),
    Case("invalid q: ignored", get(ASK, (b"Accept", b"application/sparql-results+xml;q=7")), 200),
    Case("q not a number", get(ASK, (b"Accept", b"text/csv;q=nan, text/html;q=x")), 200),
    Case("nothing acceptable", get(ASK, (b"Accept", b"image/png")), 406, "sparql-results"),
    Case("control byte in Accept", get(ASK, (b"Accept", b"text/csv\x01")), 400),
    # Content-Type and bodies
    Case("no Content-Type", post(b"ASK {}"), 415, "Content-Type"),
    Case("text/plain body", post(b"ASK {}", (b"Content-Type", b"text/plain")), 415),
    Case("garbage Content-Type", post(b"ASK {}", (b"Content-Type", b";;;==")), 415),
    Case("long Content-Type", post(b"ASK {}", (b"Content-Type", b"x/" + b"y" * 8000)), 415),
    Case(
        "Latin-1 direct body",
        post(b"ASK {}", (b"Content-Type", DIRECT[1] + b";charset=latin-1")),
        415,
    ),
    Case(
        "unclosed charset quote",
        post(b"ASK {}", (b"Content-Type", DIRECT[1] + b';charset="utf-8')),
        200,
    ),
    Case(
        "SPARQL update body",
        post(b"CLEAR ALL", (b"Content-Type", b"application/sparql-update")),
        403,
    ),
    Case(
        "multipart body", post(b"--x--", (b"Content-Type", b"multipart/form-data; boundary=x")), 415
    ),
    Case("body just too large", post(b" " * (LIMITS.max_body_bytes + 1), DIRECT), 413),
    Case("form just too large", post(ASK + b" " * LIMITS.max_body_bytes, FORM), 413),
    Case(
        "a terabyte announced",
        raw(
            b"POST /sparql HTTP/1.1\nHost: x\nContent-Type: application/sparql-query\n"
            b"Content-Length: 1000000000000\nConnection: close\n\nASK {}"
        ),
        413,
    ),
    Case(
        "negative Content-Length",
        raw(b"POST /sparql HTTP/1.1\nHost: x\nContent-Length: -1\nConnection: close\n\n"),
        400,
    ),
    Case(
        "malformed chunk",
        raw(
            b"POST /sparql HTTP/1.1\nHost: x\nContent-Type: application/sparql-query\n"
            b"Transfer-Encoding: chunked\nConnection: close\n\nzz\nASK {}\n0\n\n"
        ),
        400,
        "malformed",
    ),
    Case(
        "chunked and valid",
        raw(
            b"POST /sparql HTTP/1.1\nHost: x\nContent-Type: application/sparql-query\n"
            b"Transfer-Encoding: chunked\nConnection: close\n\n6\nASK {}\n0\n\n"
        ),
        200,
        "boolean",
    ),
    # the request line and the head
    Case("NUL in the request line", raw(b"GET /sparql?query=ASK\x00 HTTP/1.1\nHost: x\n\n"), 400),
    Case("not HTTP", raw(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\n\n"), 400),
    Case("HTTP/1.0", raw(b"GET /sparql?query=ASK%7B%7D HTTP/1.0\n\n"), 200, "boolean"),
    Case(
        "101 header fields",
        raw(b"GET /sparql HTTP/1.1\nHost: x\n" + b"X-A: 1\n" * 101 + b"Connection: close\n\n"),
        431,
    ),
    # methods
    *(
        Case(f"{method.decode()} on the endpoint", Request(b"/sparql?" + ASK, method), 405)
        for method in (b"PUT", b"DELETE", b"PATCH", b"TRACE", b"BREW")
    ),
    Case("HEAD on the endpoint", Request(b"/sparql?" + ASK, b"HEAD"), 200),
    Case("OPTIONS preflight", Request(b"/sparql", b"OPTIONS"), 200),
    Case("POST to a page", post(ASK, FORM, target=b"/page/kazakhstan"), 405),
    Case("PUT to a download", Request(b"/downloads/dataset.nq", b"PUT"), 405),
    Case("DELETE an IRI", Request(b"/id/kazakhstan", b"DELETE"), 405),
    # unknown IRIs and names
    Case("unknown instance", Request(b"/id/nowhere"), 404, "says nothing"),
    Case("unknown page", Request(b"/page/nowhere"), 404, "says nothing"),
    Case("unknown data", Request(b"/data/nowhere.ttl"), 404, "says nothing"),
    Case("unknown blank node", Request(b"/.well-known/genid/0000"), 404, "says nothing"),
    Case("unknown graph", Request(b"/graph/nowhere"), 404, "no named graph"),
    Case("unknown ontology version", Request(b"/ontology/9.9.9"), 404, "version"),
    Case("unknown ontology suffix", Request(b"/ontology.php"), 404),
    Case("unknown shapes suffix", Request(b"/shapes.exe"), 404),
    Case("unknown download", Request(b"/downloads/secrets.txt"), 404, "No published file"),
    Case("unknown export", Request(b"/exports/nowhere.csv"), 404, "No export"),
    Case("bad export option", Request(b"/exports/memberships.csv?evidence=%FF"), 400),
    Case("not a state", Request(b"/visuals/timeline/nato.svg"), 404, "not a state"),
    Case("unknown dataset part", Request(b"/dataset/nowhere"), 404, "says nothing"),
    Case("unknown page of the site", Request(b"/admin"), 404),
    Case("invalid IRI characters", Request(b"/id/a%20%3Cb%3E%22%7B"), 404, "says nothing"),
    Case("NUL in an IRI", Request(b"/page/%00"), 404, "says nothing"),
    Case("0xFF in an IRI", Request(b"/data/%FF.ttl"), 404, "says nothing"),
    Case("invalid IRI of a timeline", Request(b"/visuals/timeline/a%20b.svg"), 404),
    Case("invalid IRI of a dataset part", Request(b"/dataset/a%5Eb"), 404, "says nothing"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_request_gets_its_status(server: Server, case: Case) -> None:
    reply = send(server.port, case.request)
    assert reply.status == case.status, reply.text[:300]
    assert case.says in reply.text
    assert_clean(reply.text)
    assert_alive(server)


def test_the_cases_cover_what_they_claim() -> None:
    assert len(CASES) >= 70
    statuses = {c.status for c in CASES}
    assert statuses == {200, 400, 403, 404, 405, 406, 413, 415, 431}
    assert sum(c.status == 404 for c in CASES) >= 18


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (b"//evil.example/", 404),
        (b"/static//evil.example/x", 308),
        (b"/graph//evil.example", 308),
        (b"/%5cevil.example", 404),
    ],
)
def test_no_redirect_leaves_the_site(server: Server, path: bytes, status: int) -> None:
    reply = send(server.port, Request(path, headers=((b"X-Forwarded-Host", b"evil.example"),)))
    assert reply.status == status
    if status == 308:
        assert urlsplit(reply.headers["location"]).hostname == "127.0.0.1"
