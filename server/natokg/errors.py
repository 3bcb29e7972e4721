"""Errors and headers for the whole site.

Exceptions become statuses here and only here: werkzeug's HTTP exceptions keep theirs; of
the query service's (:mod:`natokg.sparql.failures`), :class:`ReadOnly` is a 403, the other
:class:`QueryError` a 400; :class:`~natokg.negotiation.NotAcceptable` is a 406; anything
unexpected is logged and answered with a short 500, never a traceback or a local path.

One rule chooses the body of every error, the watchdog's raw 503 included
(:func:`body_kind`): JSON when the client prefers JSON to plain text, HTML when it prefers
HTML (browsers), plain text otherwise (``*/*`` or no Accept). An HTML error is the area's own
page when it has one (the SPARQL form with the query in it; the site's error page).

Every response gets ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``; HTML also
gets a Content-Security-Policy without inline scripts. CORS: GET and POST from any origin
(``cors_origins``), never with credentials, and the OPTIONS preflight. These headers are
worked out once per Content-Type (:class:`SiteHeaders`); a view that builds its response with
them already (a :class:`Prepared` response, the SPARQL endpoint's answers) is left as it is
by the after-request hook.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from html import escape

from flask import Flask, Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES

from natokg.fairshare import OverBudget
from natokg.negotiation import NotAcceptable, decided
from natokg.settings import Settings
from natokg.sparql.failures import QueryError, ReadOnly

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
EXPOSED = "ETag, X-Natokg-Truncated, X-Natokg-Limit"
#: (status, title, message) → an HTML page
HtmlPage = Callable[[int, str, str], str]


class BodyKind(Enum):
    TEXT = "text/plain; charset=utf-8"
    JSON = "application/json"
    HTML = "text/html; charset=utf-8"


#: what an error body can be; plain text first, so that ``*/*`` gets text
_OFFERS = (
    "text/plain",
    "application/json",
    "application/sparql-results+json",
    "application/ld+json",
    "text/html",
)


def body_kind(accept: MIMEAccept) -> BodyKind:
    """The one rule: JSON if preferred to text, HTML if preferred (browsers), else text."""
    best = accept.best_match(_OFFERS)
    if best == "text/html":
        return BodyKind.HTML
    if best is None or best == "text/plain":
        return BodyKind.TEXT
    return BodyKind.JSON


def title_of(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def plain_body(kind: BodyKind, status: int, message: str, title: str | None = None) -> bytes:
    """The body of an error in ``kind``, without any page of an area (a minimal HTML one)."""
    title = title or title_of(status)
    if kind is BodyKind.JSON:
        fields = {"status": status, "error": title, "message": message}
        body = json.dumps(fields, ensure_ascii=False)
    elif kind is BodyKind.HTML:
        body = (
            f'<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>{status} '
            f"{escape(title)}</title>\n<h1>{status} {escape(title)}</h1>\n"
            f"<p>{escape(message)}</p>\n</html>\n"
        )
    else:
        body = f"{status} {title}: {message}\n"
    return body.encode("utf-8")


@dataclass
class ErrorPages:
    """The HTML error page of each area (blueprint name), and the site's for the rest."""

    default: HtmlPage | None = None
    by_blueprint: dict[str, HtmlPage] = field(default_factory=dict)

    def add(self, blueprint: str, page: HtmlPage) -> None:
        self.by_blueprint[blueprint] = page

    def render(self, status: int, title: str, message: str) -> str | None:
        page = self.by_blueprint.get(request.blueprint or "", self.default)
        return page(status, title, message) if page is not None else None


#: (name, value) pairs of response headers
HeaderList = tuple[tuple[str, str], ...]


class Prepared(Response):
    """A response built with the site's headers for its Content-Type already
    (:meth:`SiteHeaders.prepared`): the after-request hook does not add them again."""


class SiteHeaders:
    """The headers the site adds to a response, worked out once per Content-Type.

    ``nosniff`` and the referrer policy (and, for HTML, the CSP and ``X-Frame-Options``) unless
    the view set its own; CORS always, when ``cors_origin`` is set.
    """

    ALWAYS: HeaderList = (
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    )
    HTML: HeaderList = (("Content-Security-Policy", CSP), ("X-Frame-Options", "DENY"))

    def __init__(self, cors_origin: str) -> None:
        self.cors: HeaderList = (
            (
                ("Access-Control-Allow-Origin", cors_origin),
                ("Access-Control-Expose-Headers", EXPOSED),
            )
            if cors_origin
            else ()
        )
        self._defaults: dict[str | None, HeaderList] = {}
        self._prepared: dict[tuple[str, HeaderList], HeaderList] = {}

    @classmethod
    def of(cls, settings: Settings) -> SiteHeaders:
        return cls(settings.cors_origins)

    def defaults(self, content_type: str | None) -> HeaderList:
        """What a response of ``content_type`` gets unless it has its own values."""
        try:
            return self._defaults[content_type]
        except KeyError:
            pass
        mimetype = content_type.split(";")[0].strip() if content_type else None
        found = self.ALWAYS + (self.HTML if mimetype == "text/html" else ())
        if len(self._defaults) < 64:  # Content-Types are few; never grow without bound
            self._defaults[content_type] = found
        return found

    def prepared(self, content_type: str, own: HeaderList = ()) -> HeaderList:
        """Every header of a response of ``content_type`` with the view's ``own`` headers
        (none of them Content-Type): what the hook would make of it, for a :class:`Prepared`
        response. Each (Content-Type, own) is worked out once."""
        key = (content_type, own)
        try:
            return self._prepared[key]
        except KeyError:
            pass
        named = {name.lower() for name, _ in own}
        cors = {name.lower() for name, _ in self.cors}
        kept = tuple(h for h in own if h[0].lower() not in cors)
        added = tuple(h for h in self.defaults(content_type) if h[0].lower() not in named)
        found = (("Content-Type", content_type), *kept, *added, *self.cors)
        if len(self._prepared) < 64:
            self._prepared[key] = found
        return found

    def add(self, response: Response) -> Response:
        """The after-request hook: the site's headers on ``response``, and CORS preflight's."""
        headers = response.headers
        if not isinstance(response, Prepared):
            for name, value in self.defaults(headers.get("Content-Type")):
                headers.setdefault(name, value)
            for name, value in self.cors:
                headers[name] = value
        if self.cors and request.method == "OPTIONS":
            headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Accept, Content-Type"
            )
            headers["Access-Control-Max-Age"] = "86400"
        return response


def register(app: Flask, settings: Settings) -> ErrorPages:
    """Install the error handlers and headers; the areas add their HTML pages to the result."""
    headers = SiteHeaders.of(settings)
    pages = ErrorPages()

    def respond(status: int, message: str, title: str | None = None) -> Response:
        return error_response(status, title or title_of(status), message, pages)

    def http_error(exc: HTTPException) -> Response | HTTPException:
        if exc.code is None or exc.code < 400:
            return exc  # redirects raised by routing
        response = respond(exc.code, exc.description or exc.name, exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    def over_budget(exc: OverBudget) -> Response:
        response = respond(429, f"{exc.reason}; retry after {exc.retry_after} s")
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    def query_error(exc: QueryError) -> Response:
        return respond(403 if isinstance(exc, ReadOnly) else 400, str(exc))

    def not_acceptable(exc: NotAcceptable) -> Response:
        return respond(406, str(exc))

    def unexpected(exc: Exception) -> Response:
        current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
        # the area's page may be what failed: the plain body for a 500
        return error_response(
            500, title_of(500), "an unexpected error occurred; it has been logged"
        )

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(QueryError, query_error)
    app.register_error_handler(OverBudget, over_budget)
    app.register_error_handler(NotAcceptable, not_acceptable)
    app.register_error_handler(Exception, unexpected)
    app.after_request(headers.add)
    return pages


def error_response(
    status: int, title: str, message: str, pages: ErrorPages | None = None
) -> Response:
    """An error's response: its body by :func:`body_kind`, an area's page for HTML."""
    kind = decided(request, body_kind)
    page = pages.render(status, title, message) if kind is BodyKind.HTML and pages else None
    body = page.encode("utf-8") if page is not None else plain_body(kind, status, message, title)
    return Response(body, status=status, content_type=kind.value, headers={"Vary": "Accept"})
