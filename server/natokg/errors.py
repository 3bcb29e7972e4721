"""Errors and headers for the whole site.

Every HTTP error becomes a short body — plain text, or JSON when the client prefers it —
with no traceback and no local path. Anything unexpected is logged and answered with a
short 500. Every response gets ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``;
HTML also gets a Content-Security-Policy without inline scripts. CORS: GET and POST from any
origin (``cors_origins``), never with credentials, and the OPTIONS preflight.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from natokg.settings import Settings

EXTENSION = "natokg.headers"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
EXPOSED = "ETag, X-Natokg-Truncated, X-Natokg-Limit"


@dataclass(frozen=True)
class Headers:
    always: tuple[tuple[str, str], ...]
    html: tuple[tuple[str, str], ...]
    cors_origin: str


def register(app: Flask) -> None:
    from natokg.app import state

    settings: Settings = state(app).settings
    app.extensions[EXTENSION] = Headers(
        always=(
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ),
        html=(("Content-Security-Policy", CSP), ("X-Frame-Options", "DENY")),
        cors_origin=settings.cors_origins,
    )
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.after_request(_add_headers)


def error_response(status: int, title: str, message: str) -> Response:
    """A short error body, JSON if the client prefers JSON, else plain text."""
    preferred = request.accept_mimetypes.best_match(
        ["text/plain", "application/json", "application/sparql-results+json", "application/ld+json"]
    )
    if preferred not in (None, "text/plain"):
        body = json.dumps(
            {"status": status, "error": title, "message": message}, ensure_ascii=False
        )
        return Response(
            body, status=status, content_type="application/json", headers={"Vary": "Accept"}
        )
    return Response(
        f"{status} {title}: {message}\n",
        status=status,
        content_type="text/plain; charset=utf-8",
        headers={"Vary": "Accept"},
    )


def _http_error(exc: HTTPException) -> Response | HTTPException:
    if exc.code is None or exc.code < 400:
        return exc  # redirects raised by routing
    response = error_response(exc.code, exc.name, exc.description or exc.name)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _unexpected(exc: Exception) -> Response:
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(
        500, "Internal Server Error", "an unexpected error occurred; it has been logged"
    )


def _add_headers(response: Response) -> Response:
    config: Headers = current_app.extensions[EXTENSION]
    headers = response.headers
    for name, value in config.always:
        headers.setdefault(name, value)
    if response.mimetype == "text/html":
        for name, value in config.html:
            headers.setdefault(name, value)
    if config.cors_origin:
        headers["Access-Control-Allow-Origin"] = config.cors_origin
        headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Accept, Content-Type"
            )
            headers["Access-Control-Max-Age"] = "86400"
    return response
