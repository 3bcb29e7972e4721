"""Writing descriptions as RDF documents, and choosing the format of an answer.

Formats are :class:`natokg.formats.Format` members; the choice follows the house rule: a file
suffix or ``?format=`` first, then Accept (q-values, through
:class:`natokg.negotiation.Negotiator`), else HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from flask import Request
from werkzeug.exceptions import NotAcceptable as HttpNotAcceptable

from natokg.formats import Format
from natokg.namespaces import prefixes
from natokg.negotiation import Negotiator, NotAcceptable

#: The RDF formats a resource description is offered in, most preferred first.
RDF_FORMATS: tuple[Format, ...] = (Format.TURTLE, Format.JSON_LD, Format.RDF_XML, Format.N_TRIPLES)
#: A page and its data twins: HTML first, so a client that says nothing gets the page.
PAGE_FORMATS: tuple[Format, ...] = (Format.HTML, *RDF_FORMATS)
#: File suffixes of the data twins.
SUFFIXES: dict[str, Format] = {fmt.spec.extension: fmt for fmt in RDF_FORMATS}
SUFFIX_OF: dict[Format, str] = {fmt: ext for ext, fmt in SUFFIXES.items()}


def split_suffix(name: str, suffixes: Iterable[str] = SUFFIXES) -> tuple[str, str | None]:
    """``("kazakhstan", "ttl")`` for ``"kazakhstan.ttl"``; the name alone when no suffix."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext in set(suffixes):
        return stem, ext
    return name, None


def choose(request: Request, negotiator: Negotiator) -> Format:
    """The format ``request`` asks for among ``negotiator``'s; 406 when none fits."""
    try:
        return negotiator.choose(request.args.getlist("format"), request.accept_mimetypes)
    except NotAcceptable as exc:
        raise HttpNotAcceptable(str(exc)) from exc


def serialize(triples: Sequence[ox.Triple], fmt: Format, base: str) -> bytes:
    """The triples as a document in ``fmt`` (prefixes declared where the syntax has them)."""
    return fmt.write_rdf(triples, prefixes(base))


def link_header(alternates: Iterable[tuple[str, Format]]) -> str:
    """A ``Link`` header value advertising every alternate ``(url, format)``."""
    return ", ".join(
        f'<{url}>; rel="alternate"; type="{fmt.media_type}"' for url, fmt in alternates
    )
