"""`natokg serve`: building first when needed, gunicorn's settings, and the real build served."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from gunicorn.workers.sync import SyncWorker

from natokg import serving
from natokg.app import create_app
from natokg.settings import Settings
from natokg.sparql import catalogue
from natokg.store import from_release
from natokg.workers import TimedSyncWorker

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "fixtures" / "sparql" / "partnerships.trig"


def test_a_data_file_needs_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("natokg.build.pipeline.run", pytest.fail)
    settings = Settings.load({"data_file": DATA, "build_dir": tmp_path}, environ={})
    assert serving.ensure_build(settings) == 0


def test_no_build_means_build_first_and_a_failed_build_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    calls = []

    def failing_build(settings, **_kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(settings.build_path)
        return SimpleNamespace(ok=False, problems=lambda: ["SHACL: kg:x has no label"])

    monkeypatch.setattr("natokg.build.pipeline.run", failing_build)
    settings = Settings.load({"build_dir": tmp_path}, environ={})
    assert serving.ensure_build(settings) == 1
    assert calls == [tmp_path]
    out = capsys.readouterr()
    assert "SHACL: kg:x has no label" in out.out and "nothing to serve" in out.err


def test_gunicorn_runs_sync_preloaded_workers() -> None:
    settings = Settings.load(
        {"host": "127.0.0.1", "port": 8123, "workers": 3, "query_timeout": 4}, environ={}
    )
    options = serving.gunicorn_options(settings)
    assert options["bind"] == "127.0.0.1:8123"
    assert (options["workers"], options["preload_app"]) == (3, True)
    # one connection at a time per worker, as the time limit needs, with a read timeout
    module, _, name = options["worker_class"].rpartition(".")
    worker = getattr(importlib.import_module(module), name)
    assert issubclass(worker, SyncWorker) and worker is TimedSyncWorker
    assert options["timeout"] > 4  # a backstop behind the watchdog
    assert options["control_socket_disable"] is True


def test_the_served_app_has_the_watchdog() -> None:
    settings = Settings.load({"data_file": DATA, "query_timeout": 3}, environ={})
    app = serving.create_served_app(settings)
    watchdog = app.extensions["natokg.sparql"].watchdog
    assert watchdog is not None and watchdog.limit == 3


def test_the_catalogue_runs_on_the_real_build(release: Path, settings: Settings) -> None:
    """Every queries/*.rq answers 200 on the published build, in JSON and as HTML."""
    client = create_app(settings, from_release(release, settings.base_iri)).test_client()
    examples = catalogue.load(ROOT / "queries")
    assert examples, "the catalogue is empty"
    for example in examples:
        response = client.post(
            "/sparql",
            data={"query": example.query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response.status_code == 200, (example.name, response.get_data(as_text=True))
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    store = ox.Store()
    store.load(description.data, format=ox.RdfFormat.TURTLE)
    see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    assert [q.object.value for q in store.quads_for_pattern(None, see_also, None)] == [
        settings.base_iri + "downloads/void.ttl"
    ]
