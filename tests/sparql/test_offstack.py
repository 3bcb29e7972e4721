"""rdflib's parser runs on a thread of its own (natokg.sparql.offstack): the exceptions
pyparsing keeps hold no request's frames, so pyoxigraph's result iterators are freed on the
thread that made them, never by the garbage collector on another thread of the worker."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path

from natokg.settings import Settings
from natokg.sparql import offstack
from natokg.store import from_release
from tests.conftest import ROOT, new_app


def test_answers_made_in_one_thread_are_never_freed_in_another(
    release: Path, settings: Settings
) -> None:
    """The catalogue's questions (those with an OPTIONAL go through rdflib's parser, for the
    rewrite) answered in a request thread, then a full collection on this one: pyo3 reports
    an iterator freed on the wrong thread as an unraisable exception."""
    questions = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("cq-*.rq"))]
    assert len(questions) > 100 and sum("OPTIONAL" in q for q in questions) > 20
    client = new_app(from_release(release, settings.base_iri)).test_client()
    statuses: list[int] = []

    def requests() -> None:
        for text in questions:
            reply = client.post("/sparql", data={"query": text}, headers={"Accept": "text/csv"})
            statuses.append(reply.status_code)

    unraisable: list[str] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: unraisable.append(f"{u.exc_type.__name__}: {u.exc_value}")
    try:
        thread = threading.Thread(target=requests)
        thread.start()
        thread.join(300)
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert statuses == [200] * len(questions)
    assert unraisable == []


def test_the_parser_thread_is_one_per_process_and_returns_the_value() -> None:
    names: set[str] = set()
    for _ in range(3):
        assert offstack.call(lambda x: names.add(threading.current_thread().name) or x, 7) == 7
    assert len(names) == 1 and next(iter(names)).startswith("natokg-parser")
