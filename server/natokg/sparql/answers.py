"""From a query request to what the endpoint sends: bytes, media type, strong ETag.

The query service (:mod:`natokg.sparql.service`) does the work; this module chooses the
format from the request, and renders the HTML page of a result (or of an error).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import g, render_template, request
from werkzeug.datastructures import MIMEAccept

from natokg.errors import HtmlPage
from natokg.formats import Format, ResultKind
from natokg.ld.iris import Kind
from natokg.sparql import presentation, results
from natokg.sparql.protocol import QueryRequest
from natokg.sparql.service import Query
from natokg.sparql.state import SparqlState

#: where the endpoint keeps the parsed request, for its error page (``flask.g``)
REQUEST = "sparql_request"


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str
    #: strong: the dataset version and a digest of the exact bytes
    etag: str
    truncated: bool
    #: the row limit applied (a result longer than this was cut)
    limit: int = 0
    #: the same request will get the same bytes
    cacheable: bool = True


def make_etag(version: str, body: bytes) -> str:
    return f"{version}-{hashlib.blake2b(body, digest_size=12).hexdigest()}"


def answer(state: SparqlState, req: QueryRequest, accept: MIMEAccept) -> Answer:
    """Run ``req`` through the query service, in the format the request negotiates."""
    assert req.query is not None
    query = Query(req.query, req.default_graphs, req.named_graphs)
    result = state.service.run(
        query, lambda kind: state.negotiators[kind].choose(req.formats, accept)
    )
    if result.format is Format.HTML:
        assert result.table is not None
        body = render_results(state, req, result.table, limit=result.limit).encode("utf-8")
    else:
        body = result.body
    etag = make_etag(state.dataset.version, body)
    return Answer(
        body,
        result.format.content_type,
        etag,
        result.truncated,
        result.limit,
        result.deterministic,
    )


def render_results(
    state: SparqlState,
    req: QueryRequest,
    table: results.Table,
    error: str | None = None,
    limit: int | None = None,
    status: str | None = None,
) -> str:
    """The HTML page of a result (or of an error), with the form to edit the query."""
    kind = table.kind if error is None else None
    downloads = (
        []
        if kind is None
        else [
            (fmt, presentation.query_url(req, fmt))
            for fmt in state.negotiators[kind].formats
            if fmt is not Format.HTML
        ]
    )
    return render_template(
        "sparql/results.html",
        query=req.query or "",
        req=req,
        table=table,
        rows=presentation.rows(table, state.compact_prefixes, _page_url(state)),
        limit=limit or state.settings.max_result_rows,
        downloads=downloads,
        error=error,
        status=status,
    )


def _page_url(state: SparqlState) -> presentation.PagePath:
    """Links stay on this site: an IRI of the dataset opens its page here."""
    root = request.script_root

    def page(iri: str) -> str | None:
        local = state.mapper.classify(iri)
        if local is None or local.kind is Kind.OTHER:  # not a resource with a page here
            return None
        path = state.mapper.page_path(iri)
        return None if path is None else root + path

    return page


def error_page(state: SparqlState) -> HtmlPage:
    """The endpoint's HTML error page: the message above the form, with the query in it."""

    def page(status: int, title: str, message: str) -> str:
        req = g.get(REQUEST) or QueryRequest(None)
        table = results.Table(ResultKind.SOLUTIONS, (), (), False)
        return render_results(state, req, table, error=message, status=f"{status} {title}")

    return page
