"""Hostile query text against a live `natokg serve`: each gets its exact status, never a 5xx,
never a traceback or a local path, and the server answers a normal query after each.

Queries travel the three ways of the protocol (GET, POST form, POST direct) as raw bytes, so
invalid UTF-8, NUL bytes and broken percent-encoding reach the server exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_from_bytes

import pyoxigraph as ox
import pytest

from natokg.settings import Settings
from tests.live import Server
from tests.security.conftest import assert_alive
from tests.security.helpers import Request, assert_clean, send

pytestmark = pytest.mark.live

LIMITS = Settings.load(environ={})
FORM = (b"Content-Type", b"application/x-www-form-urlencoded")
DIRECT = (b"Content-Type", b"application/sparql-query")
KG = "https://w3id.org/natokg/id/"


def get(query: bytes) -> Request:
    return Request(b"/sparql?query=" + quote_from_bytes(query).encode())


def form(query: bytes) -> Request:
    return Request(b"/sparql", b"POST", (FORM,), b"query=" + quote_from_bytes(query).encode())


def direct(query: bytes) -> Request:
    return Request(b"/sparql", b"POST", (DIRECT,), query)


WAYS = {"get": get, "form": form, "direct": direct}


@dataclass(frozen=True)
class Case:
    name: str
    query: bytes
    status: int
    #: a word the answer must contain (the reason given to the client)
    says: str = ""


def nested(depth: int, opening: str, closing: str, inner: str = "") -> str:
    return opening * depth + inner + closing * depth


CASES = [
    # malformed, of many kinds
    Case("keyword only", b"SELECT", 400, "malformed query"),
    Case("unclosed group", b"SELECT * {", 400, "malformed query"),
    Case("missing object", b"SELECT * WHERE { ?s ?p }", 400, "malformed query"),
    Case("construct template", b"CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }", 400, "malformed"),
    Case("empty", b"", 400, "malformed query"),
    Case("blank", b"   \n\t ", 400, "malformed query"),
    Case("comment only", b"# SELECT * {}", 400, "malformed query"),
    Case("prefix without IRI", b"PREFIX x: SELECT * {}", 400, "malformed query"),
    Case("unterminated string", b"SELECT * { ?s ?p 'open }", 400, "malformed query"),
    Case("unterminated long string", b'ASK { ?s ?p """open }', 400, "malformed query"),
    Case("space in IRI", b"SELECT * { <http://a b> ?p ?o }", 400, "malformed query"),
    Case("unbalanced parenthesis", b"SELECT (COUNT(*) AS ?n { }", 400, "malformed query"),
    Case("empty filter", b"SELECT * { FILTER( }", 400, "malformed query"),
    Case("negative limit", b"SELECT * {} LIMIT -1", 400, "malformed query"),
    Case("rebound variable", b"SELECT ?x { BIND(1 AS ?x) BIND(2 AS ?x) }", 400, "malformed"),
    Case("bad escape", b'SELECT * { ?s ?p "\\uD800" }', 400, "malformed query"),
    Case("byte order mark", "\ufeffASK {}".encode(), 400, "malformed query"),
    Case("unknown function", b"SELECT * { FILTER(nope(1)) }", 400, "malformed query"),
    Case("html", b"<script>alert(1)</script>", 400, "malformed query"),
    # NUL bytes: allowed inside a string literal, nowhere else
    Case("NUL in a string", b'ASK { ?s ?p "\x00" }', 200),
    Case("NUL in a group", b"ASK { \x00 }", 400, "malformed query"),
    Case("NUL at the end", b"ASK {}\x00", 400, "malformed query"),
    # invalid UTF-8: refused as such, whichever way the query travels
    Case("0xFF byte", b'ASK { ?s ?p "\xff" }', 400, "UTF-8"),
    Case("truncated sequence", b'ASK { ?s ?p "\xe2\x82" }', 400, "UTF-8"),
    Case("overlong slash", b'ASK { ?s ?p "\xc0\xaf" }', 400, "UTF-8"),
    Case("encoded surrogate", b'ASK { ?s ?p "\xed\xa0\x80" }', 400, "UTF-8"),
    Case("valid UTF-8", 'ASK { ?s ?p "Türkiye 🇹🇷" }'.encode(), 200),
    # nesting: the parser is recursive, the guard stops it first
    Case("nesting at the limit", ("ASK " + nested(64, "{", "}")).encode(), 200),
    Case("nesting past the limit", ("ASK " + nested(65, "{", "}")).encode(), 400, "at most 64"),
    Case("10k groups", ("ASK " + nested(10_000, "{", "}")).encode(), 400, "at most 64"),
    Case(
        "10k parentheses",
        ("ASK { FILTER" + nested(10_000, "(", ")", "1") + " }").encode(),
        400,
        "at most 64",
    ),
    Case(
        "10k path groups",
        ("ASK { ?s " + nested(10_000, "(", ")", "<p:p>") + " ?o }").encode(),
        400,
        "at most 64",
    ),
    Case("10k brackets", ("ASK { " + nested(10_000, "[ <p:p> ", "]") + " }").encode(), 400, "64"),
    Case("unbalanced 10k", ("ASK " + "{" * 10_000).encode(), 400, "at most 64"),
    # long chains of operators build deep trees too
    Case("1001 UNIONs", ("ASK { " + " UNION ".join(["{}"] * 1002) + " }").encode(), 400),
    Case("5000 additions", ("ASK { FILTER(" + "1+" * 5000 + "1) }").encode(), 400),
    Case("3000 ANDs", ("ASK { FILTER(" + "true && " * 3000 + "true) }").encode(), 400),
    Case("5000-step path", ("ASK { ?s " + "/".join(["<p:p>"] * 5000) + " ?o }").encode(), 400),
    Case("900 UNIONs", ("ASK { " + " UNION ".join(["{}"] * 900) + " }").encode(), 200),
    # updates are refused however they are dressed
    Case("insert", b"INSERT DATA { <p:s> <p:p> <p:o> }", 403, "read-only"),
    Case("lower-case drop", b"drop all", 403, "read-only"),
    Case("prologue then load", b"PREFIX p: <p:> LOAD <p:x>", 403, "read-only"),
]
LONG = LIMITS.max_query_length


def padded(length: int) -> bytes:
    """A valid query of exactly ``length`` characters (padded with a comment)."""
    query = "ASK { ?s ?p ?o } #"
    return (query + "x" * (length - len(query))).encode()


LONG_CASES = [
    Case("longest accepted", padded(LONG), 200),
    Case("one character too long", padded(LONG + 1), 413, f"at most {LONG}"),
    Case("ten times too long", padded(10 * LONG), 413, f"at most {LONG}"),
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASES + LONG_CASES, ids=lambda c: c.name)
def test_each_bad_query_gets_its_status(server: Server, case: Case, way: str) -> None:
    reply = send(server.port, WAYS[way](case.query))
    assert reply.status == case.status, reply.text[:300]
    assert case.says in reply.text
    assert_clean(reply.text)
    assert_alive(server)


def test_the_cases_cover_what_they_claim() -> None:
    assert len(CASES) >= 40
    statuses = {c.status for c in CASES + LONG_CASES}
    assert statuses == {200, 400, 403, 413}
    assert sum(b"\x00" in c.query for c in CASES) == 3
    assert sum(c.says == "UTF-8" for c in CASES) == 4


WELL_FORMED = [
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s ?label WHERE { ?s rdfs:label "
    '?label FILTER(LANG(?label) = "en") } ORDER BY ?label LIMIT 5',
    f'ASK {{ <{KG}kazakhstan> ?p "Kazakhstan"@en }}',
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3",
    f"DESCRIBE <{KG}kazakhstan>",
    "SELECT ?c (COUNT(*) AS ?n) { ?s a ?c OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#"
    "label> ?l } } GROUP BY ?c HAVING (COUNT(*) > 1)",
    "SELECT * { VALUES (?x ?y) { (1 \"a\") (2 '''b''') } BIND(?x + 1 AS ?z) } # done",
]


def parses(query: str) -> bool:
    try:
        ox.Store().query(query)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("query", WELL_FORMED, ids=lambda q: q.split()[0].lower())
def test_truncated_queries_are_400_unless_what_remains_is_a_query(
    server: Server, query: str
) -> None:
    assert parses(query)
    cuts = range(0, len(query), 3)
    expected = {cut: 200 if parses(query[:cut]) else 400 for cut in cuts}
    assert 400 in expected.values()
    for cut, status in expected.items():
        reply = send(server.port, get(query[:cut].encode()))
        assert reply.status == status, (query[:cut], reply.text[:300])
        assert_clean(reply.text)
        assert_alive(server)
