"""Dereferenceable IRIs: ``/id/…`` answers 303 to ``/page/…`` (HTML) or ``/data/…`` (RDF).

Skolemised nodes (``/.well-known/genid/…``) follow the same pattern under ``/page/genid/…`` and
``/data/genid/…``. Each view parses the request, calls one domain function, and renders.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for

from natokg.formats import Format
from natokg.ld import breadcrumbs, http, visuals
from natokg.ld import describe as describing
from natokg.ld.iris import Kind
from natokg.ld.page import build_page
from natokg.ld.rdf import RDF_FORMATS, SUFFIX_OF, SUFFIXES, choose, split_suffix
from natokg.ld.state import LdState, ld_state
from natokg.ld.timeline import state_timeline
from natokg.namespaces import NKG

bp = Blueprint("ld", __name__)
http.install(bp)


@bp.get("/id/<slug>")
def instance(slug: str) -> Response:
    return _see_other(Kind.INSTANCE, slug)


@bp.get("/.well-known/genid/<name>")
def genid(name: str) -> Response:
    return _see_other(Kind.GENID, name)


@bp.get("/page/<slug>")
def instance_page(slug: str) -> Response:
    return _page(Kind.INSTANCE, slug)


@bp.get("/page/genid/<name>")
def genid_page(name: str) -> Response:
    return _page(Kind.GENID, name)


@bp.get("/data/<name>")
def instance_data(name: str) -> Response:
    return _data(Kind.INSTANCE, name)


@bp.get("/data/genid/<name>")
def genid_data(name: str) -> Response:
    return _data(Kind.GENID, name)


def _known(ld: LdState, kind: Kind, name: str) -> str:
    iri = ld.mapper.iri_for(kind, name)
    if not describing.exists(ld.dataset.store, iri):
        abort(404, f"The dataset says nothing about <{iri}>.")
    return iri


def _see_other(kind: Kind, name: str) -> Response:
    ld = ld_state(current_app)
    iri = _known(ld, kind, name)
    fmt = choose(request, ld.pages)
    if fmt is Format.HTML:
        target = ld.mapper.page_path(iri)
    else:
        target = ld.mapper.data_path(iri, SUFFIX_OF[fmt])
    response = redirect(request.script_root + str(target), code=303)
    return http.vary(response)


def _alternates(ld: LdState, iri: str) -> list[tuple[str, Format]]:
    root = request.script_root
    return [(root + str(ld.mapper.page_path(iri)), Format.HTML)] + [
        (root + str(ld.mapper.data_path(iri, SUFFIX_OF[f])), f) for f in RDF_FORMATS
    ]


def _page(kind: Kind, name: str) -> Response:
    ld = ld_state(current_app)
    iri = _known(ld, kind, name)
    description = describing.describe(ld.dataset.store, iri, ld.mapper)
    page = build_page(ld.dataset.store, description, ld.mapper, request.script_root)
    timeline = chart = None
    if kind is Kind.INSTANCE and page.has_type(NKG + "State"):
        timeline = state_timeline(ld.dataset.store, iri)
        chart = visuals.timeline_chart(timeline, ld.mapper, request.script_root, ld.horizon)
    return http.page(
        "ld/resource.html",
        _alternates(ld, iri)[1:],
        page=page,
        timeline=timeline,
        chart=chart,
        mapper=ld.mapper,
        timeline_svg=url_for("ld_site.timeline_svg", slug=name),
        trail=breadcrumbs.trail(ld.dataset.store, page, request.script_root),
    )


def _data(kind: Kind, name: str) -> Response:
    ld = ld_state(current_app)
    stem, ext = split_suffix(name)
    iri = _known(ld, kind, stem)
    fmt = choose(request, ld.data) if ext is None else SUFFIXES[ext]
    description = describing.describe(ld.dataset.store, iri, ld.mapper)
    alternates = [a for a in _alternates(ld, iri) if a[1] is not fmt]
    location = None if ext else request.script_root + str(ld.mapper.data_path(iri, SUFFIX_OF[fmt]))
    response = http.rdf(description.triples, fmt, alternates, location)
    return http.vary(response) if ext is None else response
