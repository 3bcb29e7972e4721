"""Documents at their own IRIs: the ontology, the SHACL shapes, named graphs, the VoID dataset.

Each module of the ontology is a document at its own IRI (see :mod:`natokg.modules`):
``/ontology`` (the core), ``/ontology/declarations``, ``/ontology/alignments/{schema-org,sem,
lode}``, ``/shapes`` and the merged ``/ontology/full``. Each answers RDF/XML (what Protégé's
"open from URL" asks for), Turtle, JSON-LD and N-Triples by Accept or suffix, and HTML to
browsers; each has one ``owl:Ontology`` header and keeps its ``owl:imports``. The modules are
sent as the build published them (``module-*.ttl``, ``ontology.ttl``/``.owl`` for the full
release, ``shapes.ttl``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, request, url_for

from natokg import modules
from natokg.formats import Format
from natokg.ld import describe as describing
from natokg.ld import diagram, http, ontodoc, shapesdoc
from natokg.ld.page import Linker, build_page
from natokg.ld.rdf import PAGE_FORMATS, SUFFIXES, choose, serialize, split_suffix
from natokg.ld.state import LdState, ld_state
from natokg.namespaces import DCTERMS, OWL, PROV, RDFS, SKOS
from natokg.negotiation import Negotiator

bp = Blueprint("ld_docs", __name__)
http.install(bp)

DOCUMENT_SUFFIXES = {**SUFFIXES, "owl": Format.RDF_XML, "html": Format.HTML}
ONTOLOGY_FORMATS = Negotiator(
    (Format.HTML, Format.RDF_XML, Format.TURTLE, Format.JSON_LD, Format.N_TRIPLES)
)
PUBLISHED = {
    ("ontology", Format.TURTLE): "ontology.ttl",
    ("ontology", Format.RDF_XML): "ontology.owl",
    ("shapes", Format.TURTLE): "shapes.ttl",
}


def _format(name: str, negotiator: Negotiator) -> tuple[str, Format, bool]:
    """(stem, format, negotiated) for a path that may end in a file suffix."""
    stem, ext = split_suffix(name, DOCUMENT_SUFFIXES)
    if ext is not None:
        return stem, DOCUMENT_SUFFIXES[ext], False
    return stem, choose(request, negotiator), True


def _known_suffix(stem: str, name: str) -> None:
    """404 for ``/<name>.<unknown suffix>`` (``_format`` leaves an unknown suffix on the stem)."""
    if stem != name:
        abort(404, f"There is no {stem!r}; the suffixes are: {', '.join(DOCUMENT_SUFFIXES)}.")


def _alternates(path: str, formats: tuple[Format, ...]) -> list[tuple[str, Format]]:
    ext = {
        Format.TURTLE: "ttl",
        Format.RDF_XML: "owl" if path.startswith("/ontology") else "rdf",
        Format.JSON_LD: "jsonld",
        Format.N_TRIPLES: "nt",
        Format.HTML: "html",
    }
    return [(f"{request.script_root}{path}.{ext[f]}", f) for f in formats]


@bp.get("/ontology")
@bp.get("/ontology.<ext>")
def ontology(ext: str | None = None) -> Response:
    """The core module at its IRI: documentation (HTML) or the document, which imports the
    declarations module (``owl:imports`` kept, resolved by dereferencing or the catalog)."""
    ld = ld_state(current_app)
    stem, fmt, negotiated = _format("ontology" + (f".{ext}" if ext else ""), ONTOLOGY_FORMATS)
    _known_suffix(stem, "ontology")
    alternates = [a for a in _alternates("/ontology", ONTOLOGY_FORMATS.formats) if a[1] != fmt]
    if fmt is Format.HTML:
        doc = ld.cached(f"ontology-doc {request.script_root}", lambda: _ontology_doc(ld))
        response = http.page(
            "ld/ontology.html",
            alternates,
            doc=doc,
            modules=_module_list(ld),
            changelog=ld.cached("ontology-changelog", lambda: _changelog(ld)),
        )
    else:
        response = http.rdf_bytes(_module_body(ld, modules.CORE, fmt), fmt, alternates)
    return http.vary(response) if negotiated else response


@bp.get("/ontology/diagram.svg")
def ontology_diagram() -> Response:
    """The class diagram, as the build published it (generated from the ontology then)."""
    ld = ld_state(current_app)
    release = ld.dataset.release
    if release is not None and (release / modules.DIAGRAM).is_file():
        body = (release / modules.DIAGRAM).read_bytes()
    else:
        body = ld.cached(
            "ontology-diagram",
            lambda: diagram.class_diagram(_graph_triples(ld, "ontology")).encode("utf-8"),
        )
    response = Response(body, content_type="image/svg+xml; charset=utf-8")
    return http.conditional(response)


@bp.get("/ontology/<path:name>")
def ontology_module(name: str) -> Response:
    """Another module (``declarations``, ``alignments/sem``…), the ``full`` merged release, or
    a version IRI (``<module>/<version>``), which redirects to the module's current document."""
    ld = ld_state(current_app)
    stem, fmt, negotiated = _format(name, ONTOLOGY_FORMATS)
    module = modules.by_path(f"ontology/{stem}")
    is_full = stem == "full"
    if module is None and not is_full:
        return _version_redirect(ld, name)
    path = f"/ontology/{stem}"
    alternates = [a for a in _alternates(path, ONTOLOGY_FORMATS.formats) if a[1] != fmt]
    graph = _full_triples(ld) if is_full else modules.triples(_module_source(ld, module))
    if fmt is Format.HTML:
        iri = modules.FULL_IRI if is_full else module.iri  # type: ignore[union-attr]
        response = http.page(
            "ld/module.html",
            alternates,
            module=_module_summary(ld, iri, graph),
            modules=_module_list(ld),
            turtle=serialize(graph, Format.TURTLE, ld.mapper.base).decode("utf-8"),
        )
    elif is_full:
        body = _published(ld, "ontology", fmt) or serialize(graph, fmt, ld.mapper.base)
        response = http.rdf_bytes(body, fmt, alternates)
    else:
        response = http.rdf_bytes(_module_body(ld, module, fmt), fmt, alternates)  # type: ignore[arg-type]
    return http.vary(response) if negotiated else response


def _version_redirect(ld: LdState, name: str) -> Response:
    """``/ontology/0.1.0``, ``/ontology/declarations/0.1.0``…: 303 to the module, if current."""
    stem, _, version = name.rpartition("/")
    target = "full" if stem == "full" else None
    module = modules.by_path("ontology" + (f"/{stem}" if stem else ""))
    if module is None and target is None:
        abort(404, f"There is no ontology module <{modules.CORE.iri}/{name}>.")
    current = {
        q.object.value
        for q in ld.dataset.store.quads_for_pattern(
            ox.NamedNode(modules.CORE.iri), ox.NamedNode(OWL + "versionInfo"), None, None
        )
    }
    if version not in current:
        abort(404, f"This server publishes version(s) {', '.join(sorted(current))} only.")
    if module is modules.CORE:
        return http.vary(redirect(url_for("ld_docs.ontology"), code=303))
    rest = target or module.path.removeprefix("ontology/")  # type: ignore[union-attr]
    return http.vary(redirect(url_for("ld_docs.ontology_module", name=rest), code=303))


@bp.get("/shapes")
@bp.get("/shapes.<ext>")
def shapes(ext: str | None = None) -> Response:
    ld = ld_state(current_app)
    negotiator = ld.pages
    stem, fmt, negotiated = _format("shapes" + (f".{ext}" if ext else ""), negotiator)
    _known_suffix(stem, "shapes")
    text = _shapes_text(ld)
    alternates = [a for a in _alternates("/shapes", PAGE_FORMATS) if a[1] != fmt]
    if fmt is Format.HTML:
        doc = ld.cached("shapes-doc", lambda: shapesdoc.shapes_doc(text))
        response = http.page("ld/shapes.html", alternates, doc=doc)
    elif fmt is Format.TURTLE:
        response = http.rdf_bytes(text, fmt, alternates)
    else:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE))
        response = http.rdf_bytes(serialize(triples, fmt, ld.mapper.base), fmt, alternates)
    return http.vary(response) if negotiated else response


@bp.get("/graph/<path:name>")
def graph(name: str) -> Response:
    """A named graph: its triples by Accept or suffix, or an HTML page about it."""
    ld = ld_state(current_app)
    stem, fmt, negotiated = _format(name, ld.pages)
    iri = ld.mapper.graph_iri(stem)
    if iri not in ld.dataset.graphs:
        abort(404, f"There is no named graph <{iri}> in this dataset.")
    path = f"/graph/{stem}"
    alternates = [a for a in _alternates(path, PAGE_FORMATS) if a[1] != fmt]
    if fmt is Format.HTML:
        response = _graph_page(ld, iri, alternates)
    else:
        quads = ld.dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        response = http.rdf(triples, fmt, alternates)
    return http.vary(response) if negotiated else response


@bp.get("/dataset")
@bp.get("/dataset.<ext>")
@bp.get("/dataset/<path:rest>")
def dataset(ext: str | None = None, rest: str | None = None) -> Response:
    """The VoID description (``<base>dataset``) and its partitions, described like any resource."""
    ld = ld_state(current_app)
    name = "dataset" + (f".{ext}" if ext else "") + (f"/{rest}" if rest else "")
    stem, fmt, negotiated = _format(name, ld.pages)
    iri = ld.mapper.base + stem
    if not describing.exists(ld.dataset.store, iri):
        abort(404, f"The dataset says nothing about <{iri}>.")
    alternates = [a for a in _alternates(f"/{stem}", PAGE_FORMATS) if a[1] != fmt]
    description = describing.describe(ld.dataset.store, iri, ld.mapper)
    if fmt is Format.HTML:
        page = build_page(ld.dataset.store, description, ld.mapper, request.script_root)
        response = http.page("ld/resource.html", alternates, page=page, mapper=ld.mapper)
    else:
        response = http.rdf(description.triples, fmt, alternates)
    return http.vary(response) if negotiated else response


# -- domain helpers ---------------------------------------------------------------------------


def _published(ld: LdState, name: str, fmt: Format) -> bytes | None:
    file = PUBLISHED.get((name, fmt))
    if file is None or ld.dataset.release is None or not (ld.dataset.release / file).is_file():
        return None
    return (ld.dataset.release / file).read_bytes()


def _module_source(ld: LdState, module: modules.Module) -> bytes:
    text = modules.source_text(module, Path(ld.settings.project_dir), ld.dataset.release)
    if text is None:
        abort(404, f"The module <{module.iri}> is not published with this dataset.")
    return text


def _module_body(ld: LdState, module: modules.Module, fmt: Format) -> bytes:
    """The module's document in ``fmt``: its Turtle source as is, other syntaxes converted."""
    text = _module_source(ld, module)
    if fmt is Format.TURTLE:
        return text
    return ld.cached(
        f"module {module.name} {fmt.name}",
        lambda: serialize(modules.triples(text), fmt, ld.mapper.base),
    )


def _graph_triples(ld: LdState, name: str) -> list[ox.Triple]:
    graph = ox.NamedNode(ld.mapper.graph_iri(name))
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ld.dataset.store.quads_for_pattern(None, None, None, graph)
    ]


def _full_triples(ld: LdState) -> list[ox.Triple]:
    return modules.full(_graph_triples(ld, "ontology"))


def _changelog(ld: LdState) -> list[dict[str, object]]:
    """The versions of ``ontology/changelog.ttl``, newest first, with their change notes."""
    text = modules.changelog_text(Path(ld.settings.project_dir), ld.dataset.release)
    if text is None:
        return []
    graph = modules.triples(text)
    versions = []
    for subject in sorted(
        {t.subject for t in graph if isinstance(t.subject, ox.NamedNode)}, key=str
    ):
        about = [t for t in graph if t.subject == subject]

        def values(p: str, about: list[ox.Triple] = about) -> list[ox.Term]:
            return [t.object for t in about if t.predicate.value == p]

        notes = values(SKOS + "changeNote")
        if not notes:
            continue
        prior = values(PROV + "wasRevisionOf")
        issued = values(DCTERMS + "issued")
        versions.append(
            {
                "version": subject.value.rsplit("/", 1)[-1],
                "date": issued[0].value if issued else "not yet released",
                "prior": prior[0].value if prior else "",
                "notes": sorted(
                    ((n.value, n.language or "en") for n in notes if isinstance(n, ox.Literal)),
                    key=lambda v: v[1] != "en",
                ),
            }
        )
    pending = [v for v in versions if v["date"] == "not yet released"]
    released = sorted((v for v in versions if v not in pending), key=lambda v: str(v["date"]))
    return pending + released[::-1]


def _module_list(ld: LdState) -> list[dict[str, str]]:
    """Every published document of the ontology: title, IRI, path on this server."""
    root = request.script_root
    listed = [
        {"title": m.title, "iri": m.iri, "href": f"{root}/{m.path}"}
        for m in (*modules.OWL_MODULES, modules.SHAPES)
    ]
    listed.append(
        {
            "title": "full release (core and declarations merged)",
            "iri": modules.FULL_IRI,
            "href": f"{root}/ontology/full",
        }
    )
    return listed


def _module_summary(ld: LdState, iri: str, graph: list[ox.Triple]) -> dict[str, object]:
    node = ox.NamedNode(iri)
    about = [t for t in graph if t.subject == node]

    def values(p: str) -> list[str]:
        return sorted(t.object.value for t in about if t.predicate.value == p)

    return {
        "iri": iri,
        "titles": values(RDFS + "label") + values(DCTERMS + "title"),
        "descriptions": values(DCTERMS + "description"),
        "version_iri": modules.version_iri(graph, iri),
        "imports": values(OWL + "imports"),
        "parts": values(DCTERMS + "hasPart"),
        "headers": modules.headers(graph),
        "triples": len(graph),
    }


def _ontology_doc(ld: LdState) -> ontodoc.OntologyDoc:
    store = ld.dataset.store
    linker = Linker(store, ld.mapper, request.script_root, ontodoc.term_iris(store))
    return ontodoc.ontology_doc(store, linker, ld.mapper.graph_iri("ontology"))


def _shapes_text(ld: LdState) -> bytes:
    published = _published(ld, "shapes", Format.TURTLE)
    if published is not None:
        return published
    source = Path(ld.settings.project_dir) / "ontology" / "shapes.ttl"
    if not source.is_file():
        abort(404, "No SHACL shapes are published with this dataset.")
    return source.read_bytes()


def _graph_page(ld: LdState, iri: str, alternates: list[tuple[str, Format]]) -> Response:
    store = ld.dataset.store
    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    subjects = sorted({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)})
    linker = Linker(store, ld.mapper, request.script_root, set(subjects) | {iri})
    return http.page(
        "ld/graph.html",
        alternates,
        graph=linker.link(iri),
        triples=len(quads),
        subjects=[linker.link(s) for s in subjects],
    )
