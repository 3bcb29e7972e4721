"""The SPARQL 1.1 Protocol's query operation: from an HTTP request to a :class:`QueryRequest`.

Three ways to send a query (https://www.w3.org/TR/sparql11-protocol/#query-operation):
GET with ``query``; POST ``application/x-www-form-urlencoded`` with ``query`` in the body;
POST ``application/sparql-query`` with the query as the (UTF-8) body. A GET without a query
describes the service; a POST without one (an empty form, other fields) is a 400.
``default-graph-uri`` and ``named-graph-uri`` may be repeated. What the protocol calls a
malformed request gets 400 — parameters that are not UTF-8 once percent-decoded too: they
are refused, never turned into another query with U+FFFD; a body of another media type (or
none) gets 415; an update gets 403, since this endpoint is read-only. Which request gets
which code follows the W3C protocol tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, RequestEntityTooLarge, UnsupportedMediaType

from natokg.sparql.guard import READ_ONLY

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: a percent-encoded byte that is not ASCII (0x80-0xFF)
_HIGH_BYTE = re.compile(rb"%[89A-Fa-f]")
NO_QUERY = (
    "no query: a POST must carry a `query` field (form) or the query itself "
    f"({SPARQL_QUERY}); GET /sparql without a query describes the service"
)


@dataclass(frozen=True)
class QueryRequest:
    """A protocol request: the query (None when there is none) and its dataset and format."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    #: values of the ``format`` (and ``output``) parameters, in order
    formats: tuple[str, ...] = ()


def parse_request(request: Request, max_query_length: int) -> QueryRequest:
    """Read the query operation out of ``request``, or raise the right 4xx."""
    _require_utf8(request.query_string, "the query string")
    if request.method == "POST":
        params, queries = _post_parameters(request)
    else:
        params = request.args
        queries = params.getlist("query")
    if "update" in params:
        raise Forbidden(READ_ONLY)
    if len(queries) > 1:
        raise BadRequest("more than one query in the request; send exactly one `query`")
    query = queries[0] if queries else None
    if query is None and request.method == "POST":  # only a GET describes the service
        raise BadRequest(NO_QUERY)
    if query is not None and len(query) > max_query_length:
        raise RequestEntityTooLarge(
            f"the query is {len(query)} characters long; this endpoint accepts at most "
            f"{max_query_length}"
        )
    return QueryRequest(
        query,
        _graphs(params, "default-graph-uri"),
        _graphs(params, "named-graph-uri"),
        tuple(params.getlist("format") + params.getlist("output")),
    )


def _post_parameters(request: Request) -> tuple[MultiDict, list[str]]:
    mimetype = request.mimetype
    if mimetype == FORM:
        _require_utf8(request.get_data(cache=True), "the form body")
        form = request.form
        params = MultiDict(request.args)
        for key, value in form.items(multi=True):
            params.add(key, value)
        return params, params.getlist("query")
    if mimetype == SPARQL_QUERY:
        return request.args, request.args.getlist("query") + [_direct_body(request)]
    if mimetype == SPARQL_UPDATE:
        raise Forbidden(READ_ONLY)
    if not mimetype:
        raise UnsupportedMediaType(
            f"a POST needs a Content-Type: {FORM} (with a `query` field) or {SPARQL_QUERY}"
        )
    raise UnsupportedMediaType(
        f"cannot read a {mimetype} body; POST the query as {FORM} or {SPARQL_QUERY}"
    )


def _direct_body(request: Request) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"{SPARQL_QUERY} bodies must be UTF-8, not {charset}")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the query is not valid UTF-8 (byte {exc.start})") from None


def _require_utf8(encoded: bytes, where: str) -> None:
    """Werkzeug decodes parameters leniently (U+FFFD); the protocol says UTF-8, so check.

    ASCII with no percent-encoded byte above 0x7F decodes to ASCII, which is UTF-8: only
    the rest (non-ASCII text in the query, or invalid bytes) is decoded to be sure."""
    if encoded.isascii() and _HIGH_BYTE.search(encoded) is None:
        return
    try:
        unquote_to_bytes(encoded.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            f"{where} is not valid UTF-8 once percent-decoded ({exc.reason} at byte {exc.start})"
        ) from None


def _graphs(params: MultiDict, name: str) -> tuple[str, ...]:
    graphs = tuple(params.getlist(name))
    for iri in graphs:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise BadRequest(f"{name} is not an absolute IRI: {iri!r}") from None
    return graphs
