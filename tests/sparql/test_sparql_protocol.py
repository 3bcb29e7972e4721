"""Reading the query operation out of a request (natokg.sparql.protocol): UTF-8 parameters.

The query string is checked as UTF-8 once percent-decoded; one that is plain ASCII with no
escaped byte above 0x7F is valid without decoding, the rest is decoded to be sure. Both
sides of that shortcut are tested here, with raw query strings (no client re-encoding).
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

STATE = "https://w3id.org/natokg/ontology#State"
#: SELECT ?s { ?s rdfs:label "État"@fr } with the É escaped as UTF-8, in upper or lower case
FRENCH = (
    "query=SELECT%20%3Fs%20%7B%20%3Fs%20%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2F"
    "rdf-schema%23label%3E%20%22{}tat%22%40fr%20%7D"
)


@pytest.mark.parametrize("escaped", ["%C3%89", "%c3%89"])
def test_escaped_utf8_text_reaches_the_engine(client: FlaskClient, escaped: str) -> None:
    """The fixture labels the class nkg:State "État"@fr (tests/fixtures/sparql)."""
    response = client.get(
        "/sparql?" + FRENCH.format(escaped), headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.data
    bindings = json.loads(response.data)["results"]["bindings"]
    assert [b["s"]["value"] for b in bindings] == [STATE]


@pytest.mark.parametrize(
    "escaped",
    [
        "%C9",  # É in Latin-1, not UTF-8
        "%e9",  # é in Latin-1, lower-case hex
        "%C3",  # a sequence cut short
        "%89",  # a continuation byte alone
        "%FF",
    ],
)
def test_escaped_bytes_that_are_not_utf8_get_400(client: FlaskClient, escaped: str) -> None:
    response = client.get("/sparql?" + FRENCH.format(escaped), headers={"Accept": "text/plain"})
    assert response.status_code == 400
    assert "UTF-8" in response.get_data(as_text=True)


def test_plain_ascii_needs_no_decoding(client: FlaskClient) -> None:
    """Escapes below 0x80 (``%7B``) and a malformed ``%`` sequence are ASCII: no 400 for
    UTF-8, the parser says what is wrong."""
    ok = client.get("/sparql?query=ASK%20%7B%7D", headers={"Accept": "text/csv"})
    assert (ok.status_code, ok.data) == (200, b"true")
    odd = client.get("/sparql?query=ASK%zz%7B%7D", headers={"Accept": "*/*"})
    assert odd.status_code == 400
    assert "malformed query" in odd.get_data(as_text=True)
