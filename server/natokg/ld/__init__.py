"""Linked data: dereferenceable IRIs, the ontology and shapes at their IRIs, downloads, exports
and visuals. :func:`register` installs it on an app."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Register the linked-data blueprints and their shared state on ``app``."""
    from natokg.ld import documents, site, state, views

    state.init_app(app)
    for blueprint in (views.bp, documents.bp, site.bp):
        app.register_blueprint(blueprint)
