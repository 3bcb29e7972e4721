"""The application factory.

State is passed, not looked up: the factory hands the settings, the dataset (and, under
``natokg serve``, the watchdog) to each area's registrar, which binds them to its views.
No module imports this one back.
"""

from __future__ import annotations

from flask import Flask

from natokg import errors, ld, negotiation
from natokg.search import views as search
from natokg.settings import Settings
from natokg.sparql import views as sparql
from natokg.sparql.watchdog import Watchdog
from natokg.store import Dataset, load_dataset

EXTENSION = "natokg"


class AppState:
    """What the application was made from (``app.extensions['natokg']``), for inspection."""

    def __init__(self, settings: Settings, dataset: Dataset) -> None:
        self.settings = settings
        self.dataset = dataset


def create_app(
    settings: Settings | None = None,
    dataset: Dataset | None = None,
    watchdog: Watchdog | None = None,
) -> Flask:
    """Build the Flask application for ``settings`` and ``dataset`` (loaded if not given).

    ``watchdog`` enforces the per-query limits in a server worker (see :mod:`natokg.serving`).
    """
    settings = settings or Settings.load()
    dataset = dataset or load_dataset(settings)
    app = Flask(__name__)
    # Accept parsed once per distinct value, for this application (natokg.negotiation)
    app.request_class = negotiation.request_class(negotiation.AcceptMemo())
    app.config.update(
        # never from FLASK_DEBUG: the settings are the only reader of the environment
        DEBUG=False,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.extensions[EXTENSION] = AppState(settings, dataset)
    pages = errors.register(app, settings)
    sparql.register(app, settings, dataset, pages, watchdog)
    ld.register(app, settings, dataset, pages)
    search.register(app, dataset, settings.project_dir / "queries")
    return app


def state(app: Flask) -> AppState:
    return app.extensions[EXTENSION]
