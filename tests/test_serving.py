"""`natokg serve`: building first when needed, gunicorn's settings, and the real build served."""

from __future__ import annotations

import importlib
import json
import os
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import psutil
import pyoxigraph as ox
import pytest
import requests
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

from natokg import serving
from natokg.settings import Settings, SettingsError
from natokg.sparql import catalogue
from natokg.store import from_release
from natokg.workers import ThreadedWorker, TimedSyncWorker
from tests.conftest import PARTNERSHIPS, ROOT, new_app


def test_a_data_file_needs_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("natokg.pipeline.pipeline.run", pytest.fail)
    settings = Settings.load({"data_file": PARTNERSHIPS, "releases_dir": tmp_path}, environ={})
    assert serving.ensure_build(settings) == 0


def test_no_build_means_build_first_and_a_failed_build_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    calls = []

    def failing_build(settings, **_kwargs):
        calls.append(settings.releases_path)
        return SimpleNamespace(ok=False, problems=lambda: ["SHACL: kg:x has no label"])

    monkeypatch.setattr("natokg.pipeline.pipeline.run", failing_build)
    settings = Settings.load({"releases_dir": tmp_path}, environ={})
    assert serving.ensure_build(settings) == 1
    assert calls == [tmp_path]
    out = capsys.readouterr()
    assert "SHACL: kg:x has no label" in out.out and "nothing to serve" in out.err


def _worker_class(options: dict) -> type:
    module, _, name = options["worker_class"].rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_gunicorn_runs_threaded_preloaded_workers_keeping_connections_alive() -> None:
    settings = Settings.load(
        {"host": "127.0.0.1", "port": 8123, "workers": 3, "query_timeout": 4}, environ={}
    )
    options = serving.gunicorn_options(settings)
    assert options["bind"] == "127.0.0.1:8123"
    assert (options["workers"], options["preload_app"]) == (3, True)
    worker = _worker_class(options)
    assert issubclass(worker, ThreadWorker) and worker is ThreadedWorker
    assert (options["threads"], options["keepalive"]) == (4, 60)
    assert options["timeout"] > 4  # a backstop behind the watchdog
    assert options["control_socket_disable"] is True


def test_the_sync_front_is_one_connection_at_a_time_with_a_read_timeout() -> None:
    settings = Settings.load({"front": "sync", "workers": 0}, environ={})
    options = serving.gunicorn_options(settings)
    worker = _worker_class(options)
    assert issubclass(worker, SyncWorker) and worker is TimedSyncWorker
    assert options["threads"] == 1  # more would make gunicorn pick its threaded worker
    assert settings.worker_count == min(8, (os.cpu_count() or 1) + 1)


def test_an_unknown_front_is_refused() -> None:
    with pytest.raises(SettingsError, match="front must be one of threads, sync"):
        Settings.load({"front": "async"}, environ={})


def test_on_disk_the_workers_open_the_store_themselves() -> None:
    settings = Settings.load({"store": "disk"}, environ={})
    assert serving.gunicorn_options(settings)["preload_app"] is False


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_a_data_file_that_does_not_parse_is_a_message_not_a_traceback(
    tmp_path: Path, store: str, capsys: pytest.CaptureFixture
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', "utf-8")
    settings = Settings.load(
        {"data_file": broken, "releases_dir": tmp_path / "build", "store": store}, environ={}
    )
    assert serving.serve(settings) == 1
    err = capsys.readouterr().err
    assert f"natokg: {broken}:2:" in err and "Traceback" not in err


def test_the_served_app_has_the_watchdog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The factory is given the watchdog: a query past the limit reaches its handler, with
    the 503 the one error rule chooses for the client (here JSON)."""
    stopped: list = []
    monkeypatch.setattr(serving, "stop_worker", lambda _watchdog, jobs: stopped.extend(jobs))
    settings = Settings.load({"data_file": PARTNERSHIPS, "query_timeout": 0.05}, environ={})
    client = serving.create_served_app(settings).test_client()
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    # the request's thread never returns once the watchdog has answered for it
    threading.Thread(
        target=client.get,
        args=("/sparql",),
        kwargs={"query_string": {"query": slow}, "headers": {"Accept": "application/json"}},
        daemon=True,
    ).start()
    deadline = time.monotonic() + 10
    while not stopped and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(stopped) == 1 and stopped[0].stopped
    head, _, body = stopped[0].response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 503 ") and b"Content-Type: application/json" in head
    assert "exceeded the 0.05 s time limit" in json.loads(body)["message"]


def test_the_catalogue_runs_on_the_real_build(release: Path, settings: Settings) -> None:
    """Every queries/*.rq answers 200 on the published build, in JSON and as HTML."""
    dataset = from_release(release, settings.base_iri)
    client = new_app(dataset, releases_dir=settings.releases_dir).test_client()
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


@pytest.mark.live
def test_on_disk_only_the_workers_hold_the_store(serve, tmp_path_factory) -> None:
    """The master never opens the on-disk store (RocksDB does not survive a fork); each worker
    opens its own read-only handle and answers."""
    build = tmp_path_factory.mktemp("build")
    server = serve(PARTNERSHIPS, "--store", "disk", "--workers", "2", releases_dir=build)
    query = "SELECT ?l WHERE { <https://w3id.org/natokg/id/kazakhstan> rdfs:label ?l }"
    for _ in range(6):  # reach both workers
        answer = requests.get(
            server.url,
            params={"query": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=10,
        )
        assert answer.status_code == 200
        labels = {b["l"]["value"] for b in answer.json()["results"]["bindings"]}
        assert labels == {"Kazakhstan"}  # as the fixture file says
    (store,) = (build / "stores").iterdir()
    master, *workers = server.processes()
    assert len(workers) == 2

    def holds(process: psutil.Process) -> bool:
        return any(Path(f.path).is_relative_to(store) for f in process.open_files())

    assert not holds(master)
    assert all(holds(worker) for worker in workers)
