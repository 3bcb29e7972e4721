"""`natokg publish --to`: a release into each engine, switched atomically by the pointer alone,
idempotent, and still whole after the engine is killed right after a publish."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from natokg import cli
from natokg.backend import pointer
from natokg.backend.publish import graphs_of, merge, publish
from natokg.backend.remote import Store, StoreError
from tests.backend.conftest import Engine, backend_settings, graph_count
from tests.live import free_port

pytestmark = pytest.mark.backend


def stored_graphs(engine: Engine) -> dict[str, int]:
    store = Store.of(backend_settings(engine.url, Path(".")))
    rows = store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", 30
    )
    return {row["g"]: int(row["n"]) for row in rows}


def current(engine: Engine) -> pointer.Current | None:
    settings = backend_settings(engine.url, Path("."))
    store = Store.of(settings)
    return pointer.parse(store.select(pointer.read_query(settings.base_iri), 30))


def test_publish_switches_and_is_idempotent(
    engine: Engine, releases: Callable[[str], Path]
) -> None:
    first = releases("r1")
    settings = backend_settings(engine.url, first.parent.parent)
    assert "published release r1" in publish(settings)
    now = current(engine)
    assert now is not None and now.release == "r1"
    assert len(now.graphs) == graph_count(first)
    before = stored_graphs(engine)
    assert "already the current one" in publish(settings)
    assert stored_graphs(engine) == before

    releases("r2")
    publish(settings)
    assert current(engine).release == "r2"  # type: ignore[union-attr]
    releases("r3")
    publish(settings)
    now = current(engine)
    assert now is not None and now.release == "r3"
    ours = {g for g in stored_graphs(engine) if g.startswith(settings.base_iri)}  # not Virtuoso's
    merged = pointer.merged_graph(settings.base_iri)
    assert now.merged == pointer.stored_graph(merged, "r3")
    # the new release and the previous one (readers may still be on it), under their own IRIs;
    # r1, two releases back, is dropped
    kept = {pointer.stored_graph(g, r) for g in [*now.graphs, merged] for r in ("r2", "r3")}
    bookkeeping = {
        pointer.pointer_graph(settings.base_iri),
        pointer.registry_graph(settings.base_iri),
    }
    assert ours == kept | bookkeeping
    store = Store.of(settings)
    markers = store.select(
        "SELECT DISTINCT ?r WHERE { GRAPH ?g { <urn:natokg:test> <urn:natokg:release> ?r } }", 30
    )
    assert sorted(row["r"] for row in markers) == ["r2", "r3"]
    registered = {row["id"] for row in store.select(pointer.registry_query(settings.base_iri), 30)}
    assert registered == {"r2", "r3"}


def test_killed_right_after_a_publish_the_release_is_whole(
    engine: Engine, releases: Callable[[str], Path]
) -> None:
    """SIGKILL just after the switch: the engine replays what it logged, and the pointer names a
    release whose every graph holds all its triples (Virtuoso does not log a SPARQL COPY, so
    the switch copies nothing)."""
    for release_id in ("k1", "k2"):
        release = releases(release_id)
        settings = backend_settings(engine.url, release.parent.parent)
        publish(settings)
    engine.kill()
    engine.start()
    now = current(engine)
    assert now is not None and now.release == "k2"
    expected = {g: body.count(b"\n") for g, body in graphs_of(release).items()}
    expected[pointer.merged_graph(settings.base_iri)] = merge(graphs_of(release)).count(b"\n")
    counts = stored_graphs(engine)
    assert {g: counts.get(now.stored(g), 0) for g in expected} == expected
    assert now.merged == now.stored(pointer.merged_graph(settings.base_iri))


def test_unreachable_store_is_one_line_naming_it(
    releases: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    release = releases("r1")
    url = f"http://someone:s3cret@127.0.0.1:{free_port()}/query"
    status = cli.main(["--releases-dir", str(release.parent.parent), "publish", "--to", url])
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert len(err.splitlines()) == 1
    assert f"http://127.0.0.1:{url.rsplit(':', 1)[1].split('/')[0]}/query" in err
    assert "Connection refused" in err
    assert "s3cret" not in err and "someone" not in err


def test_wrong_url_is_refused_and_leaves_the_current_release(
    engine: Engine, releases: Callable[[str], Path]
) -> None:
    release = releases("r1")
    settings = backend_settings(engine.url, release.parent.parent)
    publish(settings)
    releases("r9")
    wrong = settings.replace(graph_store_url=engine.url.rsplit("/", 1)[0] + "/nowhere")
    with pytest.raises(StoreError, match=r"/nowhere: HTTP (404|501)"):
        publish(wrong)
    assert current(engine).release == "r1"  # type: ignore[union-attr]
