"""The application factory."""

from __future__ import annotations

from flask import Flask

from natokg.settings import Settings
from natokg.store import Dataset, load_dataset

EXTENSION = "natokg"


class AppState:
    """What the views need, stored on the app (``app.extensions['natokg']``), never in globals."""

    def __init__(self, settings: Settings, dataset: Dataset) -> None:
        self.settings = settings
        self.dataset = dataset


def create_app(settings: Settings | None = None, dataset: Dataset | None = None) -> Flask:
    """Build the Flask application for ``settings`` and ``dataset`` (loaded if not given)."""
    settings = settings or Settings.load()
    dataset = dataset or load_dataset(settings)
    app = Flask(__name__)
    app.config.update(
        # never from FLASK_DEBUG: the settings are the only reader of the environment
        DEBUG=False,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.extensions[EXTENSION] = AppState(settings, dataset)
    for register in _blueprint_registrars():
        register(app)
    return app


def state(app: Flask) -> AppState:
    return app.extensions[EXTENSION]


def _blueprint_registrars() -> list:
    """Each area of the site registers itself: errors and headers, SPARQL, linked data."""
    from natokg import errors, ld, sparql

    registrars = [errors.register, sparql.register, ld.register]
    return registrars
