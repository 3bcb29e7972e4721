"""Responses of the linked-data views: RDF documents, HTML pages, headers, errors.

HTML and SVG get a Content Security Policy that allows no script at all (the pages need none);
nosniff, the referrer policy and CORS are added to every response by :mod:`natokg.errors`.
Errors are answered by :mod:`natokg.errors` (one rule for every error body); an HTML error
is :func:`error_page`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from natokg.formats import Format
from natokg.ld.rdf import link_header, serialize
from natokg.ld.state import ld_state

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def install(bp: Blueprint) -> None:
    """Headers for every view of ``bp``."""
    bp.after_request(_headers)


def _headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
    elif response.mimetype == "image/svg+xml":
        response.headers.setdefault("Content-Security-Policy", SVG_CSP)
    return response


def error_page(status: int, title: str, message: str) -> str:
    """The site's HTML error page."""
    return render_template("ld/error.html", code=status, name=title, message=message)


def page(
    template: str, alternates: Sequence[tuple[str, Format]] = (), **context: object
) -> Response:
    """An HTML page advertising its data twins (``Link`` header and ``<link rel=alternate>``)."""
    body = render_template(template, alternates=alternates, **context)
    response = Response(body, mimetype="text/html")
    if alternates:
        response.headers["Link"] = link_header(alternates)
    return conditional(response)


def rdf(
    triples: Sequence[ox.Triple],
    fmt: Format,
    alternates: Iterable[tuple[str, Format]] = (),
    location: str | None = None,
) -> Response:
    """An RDF document, with its alternates and, when negotiated, its Content-Location."""
    body = serialize(triples, fmt, ld_state(current_app).mapper.base)
    return rdf_bytes(body, fmt, alternates, location)


def rdf_bytes(
    body: bytes,
    fmt: Format,
    alternates: Iterable[tuple[str, Format]] = (),
    location: str | None = None,
) -> Response:
    """An RDF document already serialised (a published file, for instance)."""
    response = Response(body, content_type=fmt.content_type)
    alternates = list(alternates)
    if alternates:
        response.headers["Link"] = link_header(alternates)
    if location:
        response.headers["Content-Location"] = location
    return conditional(response)


def vary(response: Response) -> Response:
    response.headers["Vary"] = "Accept"
    return response


def conditional(response: Response) -> Response:
    """With a strong ETag of the body, answering If-None-Match / If-Modified-Since."""
    response.add_etag()
    return response.make_conditional(request)
