"""Property-based fuzzing (hypothesis, derandomised and bounded): query strings, parameters,
headers and resource paths, through the Flask test client and, briefly, a live server.

Whatever comes in, the answer is never a 5xx, never carries a traceback or a local path, and the
server still answers afterwards. The in-process application serves the 26-triple fixture and
the fuzzed queries use three variables only, so no fuzzed query can be a runaway (there is no
watchdog in process: runaways are ``test_runaway_queries``'s subject).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PARTNERSHIPS, new_app
from tests.live import Server
from tests.security.conftest import assert_alive
from tests.security.helpers import Request, assert_clean, send

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FRAGMENTS = [
    *"SELECT ASK CONSTRUCT DESCRIBE WHERE FROM NAMED GRAPH OPTIONAL UNION MINUS FILTER BIND "
    "VALUES AS DISTINCT ORDER BY DESC GROUP HAVING LIMIT OFFSET PREFIX BASE SERVICE SILENT "
    "EXISTS NOT IN a COUNT SUM STR LANG REGEX CONCAT IF COALESCE true false UNDEF".split(),
    *"?s ?p ?o $s * . ; , { } ( ) [ ] < > = != && || ! + - / | ^ ^^ @en # \\ : _:b".split(),
    "<https://w3id.org/natokg/id/pfp>",
    "<http://www.w3.org/2000/01/rdf-schema#label>",
    "rdfs:label",
    "ex:a\\.b",
    "<http://a b>",
    "<\\u0041>",
    "'x'",
    '"y"@fr',
    "'''m\nl'''",
    '"\\u00e9\\n"',
    "'unterminated",
    "1",
    "-2.5e3",
    ".5",
    "0x10",
    "\x00",
    "\ufffd",
    "\u202e",
    "é",
    "🇹🇷",
    "\n",
]
queries = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=30).map(
    lambda parts: " ".join(parts)
)
header_values = st.sampled_from(
    [
        "*/*",
        "text/html",
        "application/json",
        "application/sparql-results+json;q=0.9, text/csv;q=0.1",
        "text/turtle",
        "image/png",
        "",
        ";;;",
        "text/*;q=abc",
        "application/sparql-query; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ]
) | st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"))
parameters = st.lists(
    st.tuples(
        st.sampled_from(
            ["query", "update", "default-graph-uri", "named-graph-uri", "format", "output"]
        )
        | st.text(max_size=8),
        queries | st.text(max_size=30),
    ),
    max_size=5,
)
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return new_app(releases_dir=tmp_path_factory.mktemp("fuzz"), data_file=PARTNERSHIPS)


@pytest.fixture(scope="module")
def fuzz_client(fuzz_app: Flask) -> FlaskClient:
    return fuzz_app.test_client()


def check(status: int, body: bytes) -> None:
    assert status < 500, body[:300]
    assert_clean(body.decode("utf-8", "replace"))


@FUZZ
@given(query=queries, accept=header_values, way=st.sampled_from(["get", "form", "direct"]))
def test_fuzzed_queries(fuzz_client: FlaskClient, query: str, accept: str, way: str) -> None:
    headers = {"Accept": accept}
    if way == "get":
        response = fuzz_client.get("/sparql", query_string={"query": query}, headers=headers)
    elif way == "form":
        response = fuzz_client.post("/sparql", data={"query": query}, headers=headers)
    else:
        headers["Content-Type"] = "application/sparql-query"
        response = fuzz_client.post("/sparql", data=query.encode(), headers=headers)
    check(response.status_code, response.data)


@FUZZ
@given(params=parameters, post=st.booleans(), accept=header_values, content_type=header_values)
def test_fuzzed_parameters_and_headers(
    fuzz_client: FlaskClient,
    params: list[tuple[str, str]],
    post: bool,
    accept: str,
    content_type: str,
) -> None:
    headers = {"Accept": accept, "Origin": accept, "If-None-Match": accept}
    if post:
        body = "&".join(f"{quote(k)}={quote(v)}" for k, v in params)
        headers["Content-Type"] = content_type
        response = fuzz_client.post("/sparql", data=body.encode(), headers=headers)
    else:
        response = fuzz_client.get("/sparql", query_string=params, headers=headers)
    check(response.status_code, response.data)


def routes(app: Flask) -> list[str]:
    return sorted(r.rule for r in app.url_map.iter_rules() if "GET" in (r.methods or ()))


@FUZZ
@given(data=st.data(), segment=st.text(max_size=40), accept=header_values)
def test_fuzzed_resource_paths(
    fuzz_app: Flask, fuzz_client: FlaskClient, data: st.DataObject, segment: str, accept: str
) -> None:
    rule = data.draw(st.sampled_from(routes(fuzz_app)))
    path = ARGUMENT.sub(lambda _m: quote(segment, safe="/:@"), rule)
    query = data.draw(st.sampled_from(["", "?format=" + quote(segment), "?evidence=x"]))
    response = fuzz_client.get(path + query, headers={"Accept": accept})
    check(response.status_code, response.data)


def test_the_fuzzed_routes_are_the_whole_site(fuzz_app: Flask) -> None:
    assert len(routes(fuzz_app)) >= 25 and "/sparql" in routes(fuzz_app)


raw_targets = st.one_of(
    st.builds(
        lambda q: b"/sparql?query=" + quote(q).encode(),
        queries,
    ),
    st.builds(
        lambda path, junk: path.encode() + junk,
        st.sampled_from(["/sparql?", "/id/", "/page/", "/data/", "/downloads/", "/static/", "/"]),
        st.binary(max_size=30).map(lambda b: b.replace(b" ", b"%20").replace(b"\r", b"")),
    ),
)


@pytest.mark.live
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    target=raw_targets,
    method=st.sampled_from([b"GET", b"POST", b"HEAD", b"OPTIONS", b"PUT"]),
    accept=header_values,
    body=st.binary(max_size=200),
)
def test_fuzzed_raw_requests_on_a_live_server(
    server: Server, target: bytes, method: bytes, accept: str, body: bytes
) -> None:
    headers = (
        (b"Accept", accept.encode("latin-1")),
        (b"Content-Type", b"application/sparql-query"),
    )
    request = Request(
        target.replace(b"\n", b""), method, headers, body if method == b"POST" else b""
    )
    reply = send(server.port, request)
    check(reply.status, reply.body)


@pytest.mark.live
def test_the_live_server_is_fine_after_the_fuzzing(server: Server) -> None:
    assert_alive(server)
    assert "Traceback" not in server.output()


def test_fuzz_settings_are_bounded() -> None:
    """Bounded for CI, and the same examples on every run."""
    assert FUZZ.max_examples <= 200 and FUZZ.derandomize and FUZZ.database is None
