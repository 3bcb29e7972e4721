"""The bare Flask + pyoxigraph endpoint of the baseline (see ``bench/servers/baseline.py``)."""

from __future__ import annotations

import os

import pyoxigraph as ox
from flask import Flask, Response, request


def create_app(data: str | None = None) -> Flask:
    store = ox.Store()
    path = data or os.environ["BENCH_STUB_DATA"]
    store.bulk_load(path=path, format=ox.RdfFormat.from_extension(path.rsplit(".", 1)[-1]))
    app = Flask(__name__)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        result = store.query(request.values["query"], use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            body = result.serialize(format=ox.RdfFormat.N_TRIPLES)
            return Response(body, mimetype="application/n-triples")
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")

    return app
