"""From a guarded query request to a finished answer: bytes, media type, strong ETag."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import render_template
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable

from natokg import negotiation
from natokg.formats import Format, ResultKind
from natokg.sparql import presentation, results
from natokg.sparql.execution import EvaluationError, evaluate
from natokg.sparql.protocol import QueryRequest
from natokg.sparql.scanner import QueryFacts
from natokg.sparql.state import SparqlState


@dataclass(frozen=True)
class Answer:
    body: bytes
    content_type: str
    #: strong: the dataset version and a digest of the exact bytes
    etag: str
    truncated: bool
    #: the row limit applied (a result longer than this was cut)
    limit: int = 0


def make_etag(version: str, body: bytes) -> str:
    return f"{version}-{hashlib.blake2b(body, digest_size=12).hexdigest()}"


def answer(state: SparqlState, req: QueryRequest, facts: QueryFacts, accept: MIMEAccept) -> Answer:
    """Evaluate ``req`` and write the result in the negotiated format."""
    assert req.query is not None
    result = evaluate(state.dataset, req.query, facts, req.default_graphs, req.named_graphs)
    kind = ResultKind.of(result)
    try:
        fmt = state.negotiators[kind].choose(req.formats, accept)
    except negotiation.NotAcceptable as exc:
        raise NotAcceptable(str(exc)) from None
    limit = state.settings.max_result_rows
    if fmt is Format.HTML:  # a page a browser can show; the data formats carry the rest
        limit = min(limit, state.settings.max_html_rows)
    try:
        if fmt is Format.HTML:
            table = results.table(result, limit)
            body = render_results(state, req, table, limit=limit).encode("utf-8")
            truncated = table.truncated
        else:
            written = results.write(result, fmt, limit, state.prefixes)
            body, truncated = written.body, written.truncated
    except (OSError, RuntimeError, ValueError) as exc:
        raise EvaluationError(f"the query could not be evaluated: {exc}") from None
    etag = make_etag(state.dataset.version, body)
    return Answer(body, fmt.content_type, etag, truncated, limit)


def render_results(
    state: SparqlState,
    req: QueryRequest,
    table: results.Table,
    error: str | None = None,
    limit: int | None = None,
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
        rows=presentation.rows(table, state.compact_prefixes),
        limit=limit or state.settings.max_result_rows,
        downloads=downloads,
        error=error,
    )
