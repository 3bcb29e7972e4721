"""The ``/sparql`` endpoint: each view parses the request, calls one function, responds."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.exceptions import HTTPException, NotAcceptable

from natokg import negotiation
from natokg.formats import Format, ResultKind
from natokg.namespaces import SD
from natokg.sparql import answers, catalogue, description, guard
from natokg.sparql.answers import Answer
from natokg.sparql.protocol import QueryRequest, parse_request
from natokg.sparql.results import Table
from natokg.sparql.scanner import scan
from natokg.sparql.state import SparqlState, sparql_state

bp = Blueprint("sparql", __name__)
YASGUI_FILES = frozenset({"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"})
EXAMPLE_QUERY = (
    "SELECT ?class (COUNT(?instance) AS ?instances)\nWHERE { ?instance a ?class }\n"
    "GROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 25\n"
)


@bp.route("/sparql/", methods=["GET", "POST"])
@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    state = sparql_state(current_app)
    req = parse_request(request, state.settings.max_query_length)
    if req.query is None:
        return _service(state, req)
    try:
        answer = _answer(state, req)
    except HTTPException as exc:
        if exc.code in (400, 403, 406, 413) and _wants_html(req):
            return _html_error(state, req, exc)
        raise
    return _respond(answer)


@bp.route("/vendor/yasgui/<name>")
def yasgui_asset(name: str) -> Response:
    """YASGUI's build, served from ``node_modules`` (installed by ``npm ci``), never a CDN."""
    if name not in YASGUI_FILES:
        abort(404)
    return send_from_directory(sparql_state(current_app).yasgui_dir, name, max_age=86400)


def _answer(state: SparqlState, req: QueryRequest) -> Answer:
    assert req.query is not None
    key = (
        req.query,
        req.default_graphs,
        req.named_graphs,
        req.formats,
        request.headers.get("Accept", ""),
    )
    cached = state.cache.get(key)
    if cached is not None:
        return cached
    facts = state.scans.get(req.query)
    if facts is None:
        facts = scan(req.query)
        state.scans.put(req.query, facts, size=len(req.query))
    guard.check(facts, state.graphs, state.settings)
    with _deadline(state):
        answer = answers.answer(state, req, facts, request.accept_mimetypes)
    if facts.deterministic:
        state.cache.put(key, answer, size=len(answer.body) + len(req.query))
    return answer


def _deadline(state: SparqlState) -> AbstractContextManager:
    if state.watchdog is None:
        return nullcontext()
    as_json = (
        request.accept_mimetypes.best_match(["text/plain", "application/json"])
        == "application/json"
    )
    return state.watchdog.guard(
        request.environ.get("gunicorn.socket"),
        state.late_responses[as_json],
        state.memory_responses[as_json],
    )


def _respond(answer: Answer) -> Response:
    if request.method in ("GET", "HEAD") and request.if_none_match.contains(answer.etag):
        response = Response(status=304)
    else:
        response = Response(answer.body, content_type=answer.content_type)
    response.set_etag(answer.etag)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-cache"
    if answer.truncated:
        response.headers["X-Natokg-Truncated"] = "true"
        response.headers["X-Natokg-Limit"] = str(answer.limit)
    return response


def _wants_html(req: QueryRequest) -> bool:
    if req.formats:
        return req.formats[0].lower() in Format.HTML.spec.names
    accept = request.accept_mimetypes
    return (
        bool(accept)
        and accept.best_match([Format.SPARQL_JSON.media_type, Format.HTML.media_type])
        == Format.HTML.media_type
    )


def _html_error(state: SparqlState, req: QueryRequest, exc: HTTPException) -> Response:
    table = Table(ResultKind.SOLUTIONS, (), (), False)
    page = answers.render_results(state, req, table, error=exc.description)
    return Response(
        page, status=exc.code, content_type=Format.HTML.content_type, headers={"Vary": "Accept"}
    )


def _service(state: SparqlState, req: QueryRequest) -> Response:
    """The service description by content negotiation; the query UI for browsers."""
    try:
        fmt = state.description_negotiator.choose(req.formats, request.accept_mimetypes)
    except negotiation.NotAcceptable as exc:
        raise NotAcceptable(str(exc)) from None
    if fmt is Format.HTML:
        body = _ui_page(state)
    else:
        triples = description.describe(state, url_for("sparql.endpoint", _external=True))
        body = fmt.write_rdf(triples, {**state.prefixes, "sd": SD})
    return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})


def _ui_page(state: SparqlState) -> str:
    examples = catalogue.load(state.queries_dir)
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "query": state.prologue + "\n" + EXAMPLE_QUERY,
        "examples": [{"name": e.name, "title": e.title, "query": e.query} for e in examples],
        "limit": state.settings.max_result_rows,
        "timeout": state.settings.query_timeout,
    }
    return render_template(
        "sparql/ui.html",
        config=config,
        examples=examples,
        query=config["query"],
        has_yasgui=(state.yasgui_dir / "yasgui.min.js").is_file(),
        formats=[f for f in state.negotiators[ResultKind.SOLUTIONS].formats],
        description_formats=state.description_negotiator.formats,
    )
