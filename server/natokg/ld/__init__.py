"""Linked data: dereferenceable IRIs, the ontology and shapes at their IRIs, downloads, exports
and visuals. :func:`register` installs it on an app."""

from __future__ import annotations

from flask import Flask

from natokg.errors import ErrorPages
from natokg.settings import Settings
from natokg.store import Dataset


def register(app: Flask, settings: Settings, dataset: Dataset, pages: ErrorPages) -> None:
    """Register the linked-data blueprints, their shared state and the site's error page."""
    from natokg.ld import documents, http, site, state, views

    state.init_app(app, settings, dataset)
    pages.default = http.error_page
    for blueprint in (views.bp, documents.bp, site.bp):
        app.register_blueprint(blueprint)
