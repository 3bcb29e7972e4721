"""Choosing a format: the ``format`` parameter first, then Accept with q-values and wildcards."""

from __future__ import annotations

import pytest
from flask import Flask, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from natokg.errors import BodyKind, body_kind
from natokg.formats import Format, ResultKind, formats_for
from natokg.negotiation import AcceptMemo, Negotiator, NotAcceptable, decided, request_class

TABLE = Negotiator(formats_for(ResultKind.SOLUTIONS))
GRAPH = Negotiator(formats_for(ResultKind.GRAPH))
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def accept(value: str) -> MIMEAccept:
    return parse_accept_header(value, MIMEAccept)


@pytest.mark.parametrize(
    ("negotiator", "header", "expected"),
    [
        (TABLE, "", Format.SPARQL_JSON),
        (TABLE, "*/*", Format.SPARQL_JSON),
        (TABLE, "text/*", Format.CSV),
        (TABLE, "text/csv", Format.CSV),
        (TABLE, "text/tab-separated-values", Format.TSV),
        (TABLE, "application/sparql-results+xml", Format.SPARQL_XML),
        (TABLE, "application/json", Format.SPARQL_JSON),
        (TABLE, "text/csv;q=0.5, application/sparql-results+xml;q=0.9", Format.SPARQL_XML),
        (TABLE, "text/turtle, */*;q=0.1", Format.SPARQL_JSON),
        (TABLE, "application/sparql-results+json,*/*;q=0.9", Format.SPARQL_JSON),
        (TABLE, BROWSER, Format.HTML),
        (GRAPH, "", Format.TURTLE),
        (GRAPH, "*/*", Format.TURTLE),
        (GRAPH, "application/n-triples,*/*;q=0.9", Format.N_TRIPLES),
        (GRAPH, "application/ld+json", Format.JSON_LD),
        (GRAPH, "application/json", Format.JSON_LD),
        (GRAPH, "application/rdf+xml", Format.RDF_XML),
        (GRAPH, "application/turtle,text/turtle", Format.TURTLE),
        (GRAPH, "application/trig;q=1, text/turtle;q=0.3", Format.TRIG),
        (GRAPH, "application/n-quads", Format.N_QUADS),
        (GRAPH, BROWSER, Format.HTML),
    ],
)
def test_accept(negotiator: Negotiator, header: str, expected: Format) -> None:
    assert negotiator.choose([], accept(header)) is expected


@pytest.mark.parametrize(
    ("negotiator", "requested", "expected"),
    [
        (TABLE, ["json"], Format.SPARQL_JSON),
        (TABLE, ["CSV"], Format.CSV),
        (TABLE, ["xml"], Format.SPARQL_XML),
        (TABLE, ["text/tab-separated-values"], Format.TSV),
        (TABLE, ["html"], Format.HTML),
        (GRAPH, ["json"], Format.JSON_LD),
        (GRAPH, ["xml"], Format.RDF_XML),
        (GRAPH, ["ttl"], Format.TURTLE),
        (GRAPH, ["n3"], Format.TURTLE),
        (GRAPH, ["nt"], Format.N_TRIPLES),
        # SPARQLWrapper repeats its choice: a name it made up, then the media type
        (TABLE, ["tsv", "text/tab-separated-values"], Format.TSV),
        (GRAPH, ["rdf+xml", "application/rdf+xml"], Format.RDF_XML),
        (GRAPH, ["json-ld", "application/ld+json"], Format.JSON_LD),
        (GRAPH, ["nonsense", "application/ld+json"], Format.JSON_LD),
    ],
)
def test_format_parameter_wins_over_accept(
    negotiator: Negotiator, requested: list[str], expected: Format
) -> None:
    assert negotiator.choose(requested, accept("text/html")) is expected


@pytest.mark.parametrize(
    ("negotiator", "requested", "header"),
    [
        (TABLE, [], "text/turtle"),
        (TABLE, [], "image/png, text/plain;q=0.5"),
        (TABLE, [], "*/*;q=0"),
        (TABLE, ["ttl"], ""),
        (GRAPH, ["csv"], ""),
        (GRAPH, [], "application/sparql-results+json"),
    ],
)
def test_not_acceptable_lists_the_alternatives(
    negotiator: Negotiator, requested: list[str], header: str
) -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiator.choose(requested, accept(header))
    assert caught.value.available == negotiator.formats
    assert negotiator.formats[0].media_type in str(caught.value)


def memo_app(memo: AcceptMemo) -> Flask:
    app = Flask(__name__)
    app.request_class = request_class(memo)
    return app


def test_each_accept_value_is_parsed_once_and_shared() -> None:
    app = memo_app(AcceptMemo())
    parsed = []
    for header in (BROWSER, BROWSER, "text/csv", BROWSER):
        with app.test_request_context(headers={"Accept": header}):
            parsed.append(request.accept_mimetypes)
    assert parsed[0] is parsed[1] is parsed[3] and parsed[2] is not parsed[0]
    assert list(parsed[0]) == list(accept(BROWSER)) and list(parsed[2]) == [("text/csv", 1)]
    assert TABLE.choose([], parsed[0]) is Format.HTML
    assert TABLE.choose([], parsed[2]) is Format.CSV


def test_a_decision_is_taken_once_per_accept_value() -> None:
    app = memo_app(AcceptMemo())
    seen: list[tuple[str, float]] = []

    def kind(value: MIMEAccept) -> BodyKind:
        seen.extend(value)
        return body_kind(value)

    kinds = []
    for header in (BROWSER, "application/json", BROWSER, "application/json", ""):
        with app.test_request_context(headers={"Accept": header} if header else {}):
            kinds.append(decided(request, kind))
    assert kinds == [BodyKind.HTML, BodyKind.JSON, BodyKind.HTML, BodyKind.JSON, BodyKind.TEXT]
    assert seen == [*accept(BROWSER), ("application/json", 1)]  # nothing parsed twice


def test_without_a_memo_every_request_decides_for_itself() -> None:
    app = Flask(__name__)  # werkzeug's own request class
    with app.test_request_context(headers={"Accept": "application/json"}):
        assert decided(request, body_kind) is BodyKind.JSON


def test_the_memo_stays_within_its_bound() -> None:
    memo = AcceptMemo(max_values=2)
    headers = ["text/csv", "text/turtle", "application/json", "text/csv"]
    for header in headers:
        assert list(memo.parsed(header)) == list(accept(header))
        assert memo.decide(header, body_kind) is body_kind(accept(header))
        assert len(memo) <= 2
