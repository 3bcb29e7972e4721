"""The SPARQL endpoint (``/sparql``): protocol, guard, execution, formats, service description, UI.

:func:`register` is the area's registrar for :func:`natokg.app.create_app`.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Build the endpoint's state from the app's settings and dataset, and add its views."""
    from natokg.app import state
    from natokg.sparql.state import EXTENSION, build_state
    from natokg.sparql.views import bp

    shared = state(app)
    app.extensions[EXTENSION] = build_state(shared.settings, shared.dataset)
    app.register_blueprint(bp)
