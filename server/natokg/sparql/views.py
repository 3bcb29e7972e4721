"""The ``/sparql`` endpoint: each view parses the request, calls one function, responds.

:func:`blueprint` makes the views of one application around its :class:`SparqlState`; they
find nothing by name at request time.
"""

from __future__ import annotations

import ipaddress
from contextlib import AbstractContextManager, nullcontext

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.http import quote_etag

from natokg.errors import BodyKind, ErrorPages, Prepared, body_kind
from natokg.formats import Format, ResultKind
from natokg.namespaces import ONTOLOGY_IRI, SD
from natokg.negotiation import decided
from natokg.settings import Settings
from natokg.sparql import answers, catalogue, description
from natokg.sparql.answers import Answer
from natokg.sparql.protocol import QueryRequest, parse_request
from natokg.sparql.state import SparqlState, build_state
from natokg.sparql.watchdog import Watchdog
from natokg.store import Dataset

YASGUI_FILES = frozenset({"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"})
EXAMPLE_QUERY = (
    "SELECT ?class (COUNT(?instance) AS ?instances)\nWHERE { ?instance a ?class }\n"
    "GROUP BY ?class\nORDER BY DESC(?instances)\nLIMIT 25\n"
)


def register(
    app: Flask,
    settings: Settings,
    dataset: Dataset,
    pages: ErrorPages,
    watchdog: Watchdog | None = None,
) -> SparqlState:
    """The area's registrar: build the endpoint's state, add its views and its error page."""
    state = build_state(settings, dataset, watchdog)
    if settings.store_url:  # `natokg serve --backend`: answered by an external store
        from natokg.backend import front

        front.attach(app, settings, state)
    app.register_blueprint(blueprint(state))
    pages.add("sparql", answers.error_page(state))
    return state


def blueprint(state: SparqlState) -> Blueprint:
    """The endpoint's views, bound to ``state``."""
    bp = Blueprint("sparql", __name__)

    def endpoint() -> Response:
        # the request itself, not its proxy: parsing reads it often
        req = parse_request(request._get_current_object(), state.settings.max_query_length)
        if req.query is None:
            return _service(state, req)
        g.setdefault(answers.REQUEST, req)  # for the HTML error page
        if _opens_editor(state, req):  # the permalink of a query: the editor, with it
            state.service.validate(req.query)  # a malformed query gets the error page
            return _html(_ui_page(state, req.query))
        with _fair_share(state):
            return _respond(state, _answer(state, req))

    def yasgui_asset(name: str) -> Response:
        """YASGUI's build, served from ``node_modules`` (installed by ``npm ci``), never a CDN."""
        if name not in YASGUI_FILES:
            abort(404)
        return send_from_directory(state.yasgui_dir, name, max_age=86400)

    for rule in ("/sparql", "/sparql/"):  # url_for gives the first
        bp.add_url_rule(rule, "endpoint", endpoint, methods=["GET", "POST"])
    bp.add_url_rule("/vendor/yasgui/<name>", "yasgui_asset", yasgui_asset)
    return bp


def _opens_editor(state: SparqlState, req: QueryRequest) -> bool:
    """A browser's plain GET /sparql?query=…: the permalink of a query opens the query editor
    with it (YASGUI reads the query from the page's URL and runs it). ``format=html`` (the
    plain form) gets the server's own table; programs get results as always."""
    return (
        request.method == "GET"
        and not req.formats
        and not req.default_graphs
        and not req.named_graphs
        and decided(request, body_kind) is BodyKind.HTML  # once per Accept value
        and state.has_yasgui
    )


def _html(body: str) -> Response:
    return Response(body, content_type=Format.HTML.content_type, headers={"Vary": "Accept"})


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
    with _deadline(state):
        answer = answers.answer(state, req, request.accept_mimetypes)
    if answer.cacheable:
        state.cache.put(key, answer, size=len(answer.body) + len(req.query))
    return answer


def _fair_share(state: SparqlState) -> AbstractContextManager:
    """The client's budgets (:mod:`natokg.fairshare`): 429 with Retry-After past them."""
    if state.fair_share is None:
        return nullcontext()
    header = state.settings.client_key_header
    client = request.headers.get(header) if header else None
    if not client:
        client = request.remote_addr or ""
        if not state.settings.fair_share_loopback and _loopback(client):
            return nullcontext()  # this machine's own clients (setting fair_share_loopback)
    return state.fair_share.admit(client)


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def _deadline(state: SparqlState) -> AbstractContextManager:
    if state.watchdog is None:
        return nullcontext()
    kind = decided(request, body_kind)
    return state.watchdog.guard(
        request.environ.get("gunicorn.socket"),
        state.late_responses[kind],
        state.memory_responses[kind],
    )


#: the endpoint's own headers on every answer (besides its ETag)
ANSWER_HEADERS = (("Vary", "Accept"), ("Cache-Control", "no-cache"))


def _respond(state: SparqlState, answer: Answer) -> Response:
    """The answer, or 304 when the client holds it; its headers are the site's for its
    Content-Type (worked out once: :meth:`~natokg.errors.SiteHeaders.prepared`) and its own."""
    if (
        "If-None-Match" in request.headers
        and request.method in ("GET", "HEAD")
        and request.if_none_match.contains(answer.etag)
    ):
        response = Response(status=304)
        response.set_etag(answer.etag)
        response.headers.extend(ANSWER_HEADERS)
        if answer.truncated:
            response.headers.extend(_truncation(answer))
        return response
    headers = [
        *state.site_headers.prepared(answer.content_type, ANSWER_HEADERS),
        ("ETag", quote_etag(answer.etag)),
    ]
    if answer.truncated:
        headers += _truncation(answer)
    return Prepared(answer.body, headers=headers)


def _truncation(answer: Answer) -> list[tuple[str, str]]:
    return [("X-Natokg-Truncated", "true"), ("X-Natokg-Limit", str(answer.limit))]


def _service(state: SparqlState, req: QueryRequest) -> Response:
    """The service description by content negotiation; the query UI for browsers."""
    fmt = state.description_negotiator.choose(req.formats, request.accept_mimetypes)
    if fmt is Format.HTML:
        body = _ui_page(state)
    else:
        triples = description.describe(state, url_for("sparql.endpoint", _external=True))
        body = fmt.write_rdf(triples, {**state.prefixes, "sd": SD})
    return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})


def _ui_page(state: SparqlState, query: str | None = None) -> str:
    examples = catalogue.load(state.queries_dir)
    titles, files = state.source_documents
    root = request.script_root
    gallery = [
        (
            key,
            heading,
            [
                (
                    e,
                    [
                        (root + f"/page/{slug}", t)
                        for slug, t in catalogue.documents(e, titles, files)
                    ],
                )
                for e in members
            ],
        )
        for key, heading, members in catalogue.grouped(examples)
    ]
    config = {
        "endpoint": url_for("sparql.endpoint", _external=True),
        "query": EXAMPLE_QUERY,  # no PREFIX needed: the endpoint knows its prefixes
        "prefixes": state.service.query_prefixes,
        # links stay here: ui.js maps the dataset's IRIs to this server's pages
        "base": state.dataset.base_iri,
        "ontology": ONTOLOGY_IRI,
        "root": request.script_root,
        "examples": [{"name": e.name, "title": e.title, "query": e.query} for e in examples],
        "limit": state.settings.max_result_rows,
        "timeout": state.settings.query_timeout,
    }
    return render_template(
        "sparql/ui.html",
        config=config,
        examples=examples,
        gallery=gallery,
        query=query or config["query"],
        prefixes=sorted(state.service.query_prefixes.items()),
        has_yasgui=state.has_yasgui,
        formats=[f for f in state.negotiators[ResultKind.SOLUTIONS].formats],
        description_formats=state.description_negotiator.formats,
    )
