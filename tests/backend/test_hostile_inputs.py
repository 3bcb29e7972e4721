"""The security suite's hostile queries against `natokg serve --backend`, for each engine.

The front refuses them (malformed, too deep, too long, updates, LOAD) or answers them exactly as
the embedded store does, before or whatever the engine is asked; the same cases and statuses as
``tests/security/test_bad_queries.py``, sent the three ways of the protocol (issue 14)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from natokg.backend.publish import publish
from tests.backend.conftest import Engine, backend_settings
from tests.live import Server
from tests.security.conftest import assert_alive
from tests.security.helpers import assert_clean, send
from tests.security.test_bad_queries import CASES, LONG_CASES, WAYS, Case

pytestmark = [pytest.mark.backend, pytest.mark.live]


@pytest.fixture(scope="module")
def front(
    engine: Engine, releases: Callable[[str], Path], serve: Callable[..., Server]
) -> Iterator[Server]:
    """`natokg serve --backend` (two workers, a 2 s limit) over a release published to it."""
    release = releases("hostile")
    releases_dir = release.parent.parent
    publish(backend_settings(engine.url, releases_dir))
    yield serve(
        None,
        "--backend",
        engine.url,
        "--workers",
        "2",
        "--query-timeout",
        "2",
        releases_dir=releases_dir,
    )


#: queries the front lets through that an engine itself cannot run: a clean 502 naming the
#: store's failure, instead of the embedded store's answer (the README's capability table)
ENGINE_FAILS = {
    # Virtuoso 7.2.5 answers HTTP 500 to a NUL in a string literal and to 900 nested UNIONs
    "virtuoso": {"NUL in a string", "900 UNIONs"},
}


@pytest.mark.parametrize("case", CASES + LONG_CASES, ids=lambda c: c.name)
def test_each_bad_query_gets_its_status_through_the_store(
    engine: Engine, front: Server, case: Case
) -> None:
    fails = case.name in ENGINE_FAILS.get(engine.name, set())
    for way, make in WAYS.items():
        reply = send(front.port, make(case.query))
        if fails:
            assert reply.status == 502 and "the SPARQL store failed" in reply.text, reply.text
        else:
            assert reply.status == case.status, (way, reply.text[:300])
            assert case.says in reply.text, (way, reply.text[:300])
        assert_clean(reply.text)
    assert_alive(front)
