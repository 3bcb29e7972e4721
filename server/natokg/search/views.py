"""``/search?q=`` (HTML) and its JSON twin (``/search.json?q=`` or ``Accept: application/json``).

Parameters: ``q`` the words, ``type`` a facet (an ``nkg:`` class's local name), ``limit``
(1–200, 50 by default). The index is built by :func:`register` when the application starts
(:mod:`natokg.search.index`) and handed to the views: nothing is looked up at request time.
The gallery's example queries (``queries/*.rq``) are searched with it, as the type
``Example query``: a hit links to the editor with its query loaded (``/sparql?query=…``, the
query's permalink). Their index is rebuilt when a file of the directory changes, as the gallery
reads it afresh.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import BadRequest

from natokg.ld.iris import IriMapper
from natokg.search.index import (
    EXAMPLE_KEY,
    Found,
    SearchIndex,
    example_index,
    merged,
)
from natokg.sparql import catalogue
from natokg.store import Dataset

MAX_QUERY = 200
MAX_LIMIT = 200
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


def register(app: Flask, dataset: Dataset, queries_dir: Path | None = None) -> SearchIndex:
    """Build the index of ``dataset`` and add the search views to ``app``; the examples of
    ``queries_dir`` are searched too."""
    index = SearchIndex(dataset.store)
    examples = Examples(queries_dir) if queries_dir is not None else None
    app.register_blueprint(blueprint(index, IriMapper(dataset.base_iri), examples))
    return index


class Examples:
    """The gallery's examples and their index, read again when the directory changes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._seen: tuple = ()
        self.queries: dict[str, str] = {}
        self.questions: dict[str, tuple[str, str]] = {}
        self.index = example_index(())

    def current(self) -> Examples:
        files = sorted(self.directory.glob("*.rq")) if self.directory.is_dir() else []
        seen = tuple((p.name, p.stat().st_mtime_ns) for p in files)
        if seen != self._seen:
            loaded = catalogue.load(self.directory)
            self.queries = {e.name: e.query for e in loaded}
            self.questions = {e.name: (e.question, e.question_fr) for e in loaded}
            self.index = example_index((e.name, e.title, e.question, e.question_fr) for e in loaded)
            self._seen = seen
        return self


def blueprint(index: SearchIndex, mapper: IriMapper, examples: Examples | None = None) -> Blueprint:
    bp = Blueprint("search", __name__)

    def search() -> Response:
        wanted = request.args.get("format") or request.accept_mimetypes.best_match(
            ("text/html", "application/json"), default="text/html"
        )
        return _answer(index, mapper, examples, json_twin=wanted in ("json", "application/json"))

    def search_json() -> Response:
        return _answer(index, mapper, examples, json_twin=True)

    bp.add_url_rule("/search", "search", search)
    bp.add_url_rule("/search.json", "search_json", search_json)
    return bp


def _answer(
    index: SearchIndex, mapper: IriMapper, examples: Examples | None, json_twin: bool
) -> Response:
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY:
        raise BadRequest(f"q is {len(query)} characters long; at most {MAX_QUERY}")
    kind = request.args.get("type") or None
    try:
        limit = int(request.args.get("limit", "50"))
    except ValueError:
        raise BadRequest("limit must be a whole number") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    found = index.search(query, kind, limit)
    queries: dict[str, str] = {}
    questions: dict[str, tuple[str, str]] = {}
    if examples is not None:
        current = examples.current()
        queries, questions = current.queries, current.questions
        found = merged((found, current.index.search(query, kind, limit)), kind, limit)
    root = request.script_root
    results = []
    for hit in found.hits:
        result = {
            "iri": hit.iri,
            "name": hit.name,
            "page": root + path if (path := mapper.page_path(hit.iri)) else hit.iri,
            "types": list(hit.types),
            "score": hit.score,
            "matched": {"field": hit.field, "text": hit.text},
        }
        if hit.iri.startswith(EXAMPLE_KEY):  # an example: no IRI; it opens in the editor
            name = hit.iri[len(EXAMPLE_KEY) :]
            result["iri"] = None
            result["example"] = name
            result["question"], result["question_fr"] = questions.get(name, ("", ""))
            result["page"] = f"{root}/sparql?query={quote(queries.get(name, ''), safe='')}"
        results.append(result)
    if json_twin:
        response = jsonify(_json(query, kind, found, results))
    else:
        body = render_template(
            "search/results.html",
            search_query=query,
            kind=kind,
            found=found,
            results=results,
            json_href=f"{root}/search.json?{request.query_string.decode('ascii', 'replace')}",
            alternates=(),
        )
        response = Response(body, mimetype="text/html")
        response.headers["Content-Security-Policy"] = CSP
    response.headers["Vary"] = "Accept"
    return response


def _json(query: str, kind: str | None, found: Found, results: list[dict]) -> dict:
    return {
        "query": query,
        "type": kind,
        "total": found.total,
        "facets": [{"type": name, "count": count} for name, count in found.facets],
        "results": results,
    }
