"""The security suite's headers, path-traversal and slow-client tests against
`natokg serve --backend`, for each engine.

The same test functions as ``tests/security/`` (imported, so a case added there runs here too),
with their fixtures replaced: ``server``, ``one_worker`` and ``default_server`` are `natokg serve
--backend` over an empty releases directory, in front of an engine into which the security
suite's tiny release (the real build for ``default_server``) was published; ``app`` is the
application such a front builds on its copy of that release (its URL map and pages are the
ones enumerated). Every test passes on both engines (Oxigraph's
server and Virtuoso 7.2.5). The runaway queries differ through a store and have their own
module (``test_runaways_through_store.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from natokg.app import create_app
from natokg.backend.publish import publish
from natokg.backend.stateless import ReleaseSwitch
from tests.backend.conftest import Engine, backend_settings
from tests.live import Server
from tests.security.conftest import Published, published  # noqa: F401  (the tiny release)
from tests.security.test_path_traversal import (  # noqa: F401  (collected here too)
    test_every_route_with_a_name_is_attacked,
    test_no_traversal_reaches_a_file,
    test_the_files_behind_those_routes_are_served,
)
from tests.security.test_security_headers import (  # noqa: F401  (collected here too)
    test_cors_never_allows_credentials,
    test_every_answer_has_nosniff_and_a_referrer_policy,
    test_every_html_page_forbids_inline_scripts,
    test_input_echoed_in_a_page_is_escaped,
)
from tests.security.test_slow_clients import (  # noqa: F401  (collected here too)
    READ_TIMEOUT,
    test_a_stalled_body_gets_408,
    test_an_unfinished_request_is_dropped_and_others_are_served,
    test_idle_and_trickling_clients_neither_slow_others_nor_get_dropped,
)

pytestmark = [pytest.mark.backend, pytest.mark.live]


@pytest.fixture(scope="module")
def empty(engine: Engine, published: Published, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """An empty releases directory for the fronts, once the tiny release is in the engine."""
    publish(backend_settings(engine.url, published.releases_dir))
    return tmp_path_factory.mktemp("front")


@pytest.fixture(scope="module")
def app(engine: Engine, empty: Path) -> Iterator[Flask]:
    switch = ReleaseSwitch(backend_settings(engine.url, empty), create_app)
    yield switch.application()
    switch.store.close()


@pytest.fixture(scope="module")
def server(engine: Engine, empty: Path) -> Iterator[Server]:
    """`natokg serve --backend`: two workers, the security suite's time limit."""
    live = Server(
        None, "--backend", engine.url, "--workers", "2", "--query-timeout", "2", releases_dir=empty
    )
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def one_worker(engine: Engine, empty: Path) -> Iterator[Server]:
    live = Server(
        None,
        "--backend",
        engine.url,
        "--workers",
        "1",
        releases_dir=empty,
        env={"NATOKG_READ_TIMEOUT": str(READ_TIMEOUT)},
    )
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def default_server(
    engine: Engine, releases: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`natokg serve --backend` with the default front and workers, over the real build."""
    release = releases("slow-clients")
    publish(backend_settings(engine.url, release.parent.parent))
    live = Server(None, "--backend", engine.url, releases_dir=tmp_path_factory.mktemp("front"))
    try:
        yield live
    finally:
        live.stop()
