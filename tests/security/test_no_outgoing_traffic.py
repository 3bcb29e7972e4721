"""Nothing a client sends makes the server open a connection or read a file.

A canary listener on 127.0.0.1 records every connection. SERVICE (SILENT, in subqueries and
filters, behind prefixes, BASE and escapes), FROM, FROM NAMED, LOAD and the protocol's dataset
parameters point at it, or at ``file:`` IRIs of a local file holding a secret token; so do
the linked-data routes. The canary must see nothing and no answer may carry the token.
(``tests/sparql`` checks the scanner against pyoxigraph itself; this is the live server.)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from tests.live import Canary, Server
from tests.security.helpers import assert_clean

pytestmark = pytest.mark.live

TOKEN = "natokg-canary-7f3c0a"
PASSWD = Path("/etc/passwd")


@dataclass(frozen=True)
class Attempt:
    name: str
    params: dict[str, str]
    status: int
    #: how the parameters travel: a form (POST) or the query string (GET)
    post: bool = True


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text(f'<http://secret.example/s> <http://secret.example/p> "{TOKEN}" .\n')
    return path


@pytest.fixture
def watched(canary: Canary) -> Iterator[Canary]:
    """The canary, shown to record a connection first (so an empty record means something)."""
    assert requests.get(canary.url, timeout=5).status_code == 404
    assert len(canary.hits) == 1
    canary.hits.clear()
    yield canary


def sparql_attempts(url: str, base: str, file_iri: str) -> list[Attempt]:
    def q(name: str, query: str, status: int) -> Attempt:
        return Attempt(name, {"query": query}, status)

    prefix = f"PREFIX c: <{base}/> "
    return [
        q("SERVICE", f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", 400),
        q("SERVICE SILENT", f"SELECT * {{ SERVICE SILENT <{url}> {{ }} }}", 400),
        q("in a subquery", f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ }} }} }} }}", 400),
        q("in FILTER EXISTS", f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ }} }} }}", 400),
        q("in OPTIONAL", f"SELECT * {{ OPTIONAL {{ service <{url}> {{ }} }} }}", 400),
        q("prefixed name", prefix + "SELECT * { SERVICE c:sparql { } }", 400),
        q("relative to BASE", f"BASE <{base}/> SELECT * {{ SERVICE <sparql> {{ }} }}", 400),
        q("escaped IRI", f"SELECT * {{ SERVICE <\\u0068{url[1:]}> {{ }} }}", 400),
        q("a variable", f"SELECT * {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ }} }}", 400),
        q("FROM", f"SELECT * FROM <{url}> {{ ?s ?p ?o }}", 400),
        q("FROM NAMED", f"SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", 400),
        q("FROM a prefixed name", prefix + "SELECT * FROM c:data { ?s ?p ?o }", 400),
        q("FROM relative to BASE", f"BASE <{base}/> ASK FROM <data.ttl> {{ ?s ?p ?o }}", 400),
        q("LOAD as a query", f"LOAD <{url}>", 403),
        q("LOAD SILENT INTO", f"LOAD SILENT <{url}> INTO GRAPH <{url}>", 403),
        q("LOAD after a prologue", prefix + "LOAD c:data", 403),
        Attempt("LOAD as an update", {"update": f"LOAD <{url}>"}, 403),
        q("FROM a file", f"SELECT * FROM <{file_iri}> {{ ?s ?p ?o }}", 400),
        q("FROM NAMED a file", f"ASK FROM NAMED <{file_iri}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", 400),
        q("FROM /etc/passwd", "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", 400),
        q("SERVICE a file", f"SELECT * {{ SERVICE <{file_iri}> {{ ?s ?p ?o }} }}", 400),
        q("LOAD a file", f"LOAD <{file_iri}>", 403),
        q("BASE file:", "BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }", 400),
        # allowed, and still nothing fetched or read: graph IRIs are only names
        Attempt(
            "default-graph-uri",
            {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": url},
            200,
            post=False,
        ),
        Attempt(
            "named-graph-uri a file",
            {"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": file_iri},
            200,
        ),
        Attempt(
            "default-graph-uri /etc/passwd",
            {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"},
            200,
        ),
        q("DESCRIBE", f"DESCRIBE <{url}>", 200),
        q("DESCRIBE a file", f"DESCRIBE <{file_iri}>", 200),
        q("GRAPH", f"ASK {{ GRAPH <{file_iri}> {{ ?s ?p ?o }} }}", 200),
    ]


def test_no_query_reaches_the_canary_or_reads_a_file(
    server: Server, watched: Canary, secret: Path
) -> None:
    base = f"http://127.0.0.1:{watched.port}"
    attempts = sparql_attempts(watched.url, base, secret.as_uri())
    for attempt in attempts:
        if attempt.post:
            response = requests.post(server.url, data=attempt.params, timeout=10)
        else:
            response = requests.get(server.url, params=attempt.params, timeout=10)
        assert response.status_code == attempt.status, (attempt.name, response.text[:300])
        assert TOKEN not in response.text and "root:x:0:0" not in response.text
        assert_clean(response.text.replace(secret.as_uri(), "<the client's own IRI>"))
    assert len(attempts) >= 28 and PASSWD.is_file()
    time.sleep(0.3)
    assert watched.hits == []


def test_update_bodies_never_load(server: Server, watched: Canary, secret: Path) -> None:
    for update in (f"LOAD <{watched.url}>", f"LOAD <{secret.as_uri()}> INTO GRAPH <g:g>"):
        response = requests.post(
            server.url,
            data=update,
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        )
        assert response.status_code == 403 and "read-only" in response.text
    assert watched.hits == []


def test_no_linked_data_route_fetches_what_it_is_given(
    server: Server, watched: Canary, secret: Path
) -> None:
    targets = [watched.url, secret.as_uri(), "file:///etc/passwd"]
    paths = [
        f"{prefix}{quote(target, safe='')}{suffix}"
        for target in targets
        for prefix, suffix in [
            ("/id/", ""),
            ("/page/", ""),
            ("/data/", ".ttl"),
            ("/.well-known/genid/", ""),
            ("/graph/", ""),
            ("/dataset/", ""),
            ("/ontology/", ""),
            ("/downloads/", ""),
            ("/exports/", ".csv"),
            ("/visuals/timeline/", ".svg"),
        ]
    ]
    for path in paths:
        response = requests.get(server.base + path, timeout=10, allow_redirects=False)
        assert response.status_code == 404, (path, response.status_code)
        assert TOKEN not in response.text and "root:x:0:0" not in response.text
    for target in targets:
        response = requests.get(
            server.base + "/id/kazakhstan",
            params={"format": target},
            headers={"Host": f"127.0.0.1:{watched.port}", "Referer": target},
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code == 406
    assert len(paths) == 30
    time.sleep(0.3)
    assert watched.hits == []


def test_the_service_description_names_but_never_calls_the_host_it_is_given(
    server: Server, watched: Canary
) -> None:
    response = requests.get(
        server.url,
        headers={"Host": f"127.0.0.1:{watched.port}", "Accept": "text/turtle"},
        timeout=10,
    )
    assert response.status_code == 200 and "sd:Service" in response.text
    time.sleep(0.3)
    assert watched.hits == []
