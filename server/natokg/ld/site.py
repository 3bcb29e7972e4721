"""The home page, the downloads, the researcher exports and the visuals.

Downloads are served only by a name listed in the release's manifest (no path from the request
ever reaches the file system).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    url_for,
)

from natokg import codebook, exports, participations
from natokg.ld import describe as describing
from natokg.ld import http, protege, visuals
from natokg.ld.page import Linker
from natokg.ld.query import select
from natokg.ld.state import LdState, ld_state
from natokg.ld.timeline import state_timeline
from natokg.namespaces import NKG, RDF

bp = Blueprint("ld_site", __name__)
http.install(bp)

PROTEGE_ZIP = "natokg-protege.zip"
INDEX = {
    "states": "SELECT DISTINCT ?x WHERE { ?x a nkg:State }",
    "frameworks": "SELECT DISTINCT ?x WHERE { ?x a/rdfs:subClassOf* nkg:PartnershipFormat }",
    "documents": "SELECT DISTINCT ?x WHERE { ?x a nkg:SourceDocument }",
}


@bp.get("/")
def home() -> Response:
    ld = ld_state(current_app)
    index = ld.cached(f"home-index {request.script_root}", lambda: _index(ld))
    return http.page(
        "ld/home.html", (), index=index, manifest=ld.dataset.manifest, graphs=ld.dataset.graphs
    )


@bp.get("/downloads")
def downloads() -> Response:
    ld = ld_state(current_app)
    files = list(ld.dataset.manifest.get("files", []))
    return http.page(
        "ld/downloads.html",
        (),
        files=files,
        manifest=ld.dataset.manifest,
        protege=PROTEGE_ZIP if _ontology_owl(ld) is not None else None,
    )


@bp.get("/downloads/<name>")
def download(name: str) -> Response:
    ld = ld_state(current_app)
    if name == PROTEGE_ZIP:
        return _protege(ld)
    listed = {f["name"]: f for f in ld.dataset.manifest.get("files", [])}
    entry = listed.get(name)
    if entry is None or ld.dataset.release is None:
        abort(404, f"No published file is called {name!r}; see the list of downloads.")
    path = ld.dataset.release / entry["name"]
    response = send_file(
        path,
        mimetype=entry["media_type"],
        as_attachment=False,
        download_name=entry["name"],
        conditional=True,
        etag=entry["sha256"],
    )
    response.headers["Digest"] = f"sha-256={entry['sha256']}"
    return response


@bp.get("/exports")
def exports_index() -> Response:
    ld = ld_state(current_app)
    panel = ld.cached("panel-all", lambda: exports.panel(ld.dataset.store))
    return http.page(
        "ld/exports.html",
        (),
        panel=panel,
        exports=exports,
        participations=participations,
        evidences=[e.value for e in exports.Evidence],
    )


@bp.get("/exports/<name>.csv")
def export_csv(name: str) -> Response:
    ld = ld_state(current_app)
    if name not in exports.EXPORTS:
        abort(404, f"No export is called {name!r}; there are: {', '.join(exports.EXPORTS)}.")
    try:
        evidence = exports.Evidence(request.args.get("evidence", "all"))
    except ValueError:
        abort(400, "evidence must be one of: all, documents, references.")
    text = ld.cached(
        f"export-{name}-{evidence.value}", lambda: exports.render(name, ld.dataset.store, evidence)
    )
    response = Response(text, content_type="text/csv; charset=utf-8; header=present")
    suffix = "" if evidence is exports.Evidence.ALL else f"-{evidence.value}"
    response.headers["Content-Disposition"] = f'attachment; filename="natokg-{name}{suffix}.csv"'
    return http.conditional(response)


@bp.get("/exports/<name>.csv-metadata.json")
def export_codebook(name: str) -> Response:
    """The export's codebook: a CSV on the Web table description (columns, meanings, types)."""
    ld = ld_state(current_app)
    if name not in exports.EXPORTS:
        abort(404, f"No export is called {name!r}; there are: {', '.join(exports.EXPORTS)}.")
    url = url_for("ld_site.export_csv", name=name)
    described = ld.cached(
        f"codebook-{name}", lambda: codebook.metadata(name, ld.dataset.store, f"{name}.csv")
    )
    response = Response(
        json.dumps(described, ensure_ascii=False, indent=2),
        content_type="application/csvm+json; charset=utf-8",
    )
    response.headers["Link"] = f'<{url}>; rel="describes"'
    return http.conditional(response)


@bp.get("/visuals")
def visuals_index() -> Response:
    ld = ld_state(current_app)
    index = ld.cached(f"home-index {request.script_root}", lambda: _index(ld))
    return http.page("ld/visuals.html", (), chart=_frameworks_chart(ld), index=index)


@bp.get("/visuals/frameworks.svg")
def frameworks_svg() -> Response:
    ld = ld_state(current_app)
    return _svg(_frameworks_chart(ld), "frameworks")


@bp.get("/visuals/timeline/<slug>.svg")
def timeline_svg(slug: str) -> Response:
    ld = ld_state(current_app)
    iri = ld.mapper.instance_iri(slug)
    store = ld.dataset.store
    # exists() first: the slug comes from the request path and may not make an IRI
    is_state = describing.exists(store, iri) and any(
        store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(RDF + "type"), ox.NamedNode(NKG + "State"), None
        )
    )
    if not is_state:
        abort(404, f"<{iri}> is not a state of this dataset.")
    chart = visuals.timeline_chart(
        state_timeline(store, iri), ld.mapper, request.script_root, ld.horizon
    )
    return _svg(chart, "timeline")


# -- helpers -------------------------------------------------------------------------------------


def _svg(chart: visuals.Chart, chart_id: str) -> Response:
    body = render_template("ld/visuals/chart.svg", chart=chart, chart_id=chart_id)
    response = Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
        content_type="image/svg+xml; charset=utf-8",
    )
    return http.conditional(response)


def _frameworks_chart(ld: LdState) -> visuals.Chart:
    panel = ld.cached("panel-all", lambda: exports.panel(ld.dataset.store))
    return visuals.frameworks_chart(panel, ld.mapper, request.script_root)


def _index(ld: LdState) -> dict[str, list]:
    store = ld.dataset.store
    found = {
        name: [r["x"].value for r in select(store, query) if isinstance(r["x"], ox.NamedNode)]
        for name, query in INDEX.items()
    }
    linker = Linker(store, ld.mapper, request.script_root, {i for v in found.values() for i in v})
    return {
        name: sorted((linker.link(i) for i in iris), key=lambda k: k.label.casefold())
        for name, iris in found.items()
    }


def _ontology_owl(ld: LdState) -> Path | None:
    if ld.dataset.release is None or not (ld.dataset.release / "ontology.owl").is_file():
        return None
    return ld.dataset.release / "ontology.owl"


def _protege(ld: LdState) -> Response:
    ontology = _ontology_owl(ld)
    if ontology is None:
        abort(404, "The Protégé bundle needs a published build.")
    body = ld.cached(
        "protege",
        lambda: protege.bundle(
            ld.dataset.store,
            ld.mapper,
            ontology.read_bytes(),
            ld.dataset.manifest.get("version", ""),
        ),
    )
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{PROTEGE_ZIP}"'
    return http.conditional(response)
