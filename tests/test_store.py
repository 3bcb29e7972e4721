"""Loading the dataset: from a release or a data file, in memory or on disk, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg.cli import main
from natokg.settings import Settings
from natokg.store import DISK_STORE, DatasetError, NoBuildError, load_dataset
from tests.conftest import PARTNERSHIPS

STATES = "https://w3id.org/natokg/graph/entities/states"
KAZAKHSTAN_JOINED = """
    SELECT ?year WHERE { <https://w3id.org/natokg/id/kazakhstan>
                         <https://w3id.org/natokg/ontology#joined> ?year }"""


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings.load({"releases_dir": tmp_path / "build", **values}, environ={})


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_a_data_file_is_served_as_it_is(tmp_path: Path, store: str) -> None:
    assert PARTNERSHIPS.is_file()
    dataset = load_dataset(_settings(tmp_path, data_file=PARTNERSHIPS, store=store))
    assert STATES in dataset.graphs and dataset.release is None
    rows = list(dataset.store.query(KAZAKHSTAN_JOINED))
    assert [r["year"].value for r in rows] == ["1994"]  # as the fixture file says


def test_on_disk_a_data_file_gets_its_own_store_once(tmp_path: Path) -> None:
    data = tmp_path / "data.trig"
    data.write_bytes(PARTNERSHIPS.read_bytes())
    settings = _settings(tmp_path, data_file=data, store="disk")
    first = load_dataset(settings)
    stores = list((tmp_path / "build" / "stores").iterdir())
    assert len(stores) == 1 and stores[0].name == first.version
    assert load_dataset(settings).version == first.version
    assert list((tmp_path / "build" / "stores").iterdir()) == stores, "written once"
    # a changed file is a new dataset: a new store, a new version (ETags change)
    data.write_text(PARTNERSHIPS.read_text("utf-8").replace('"1994"', '"1995"'), encoding="utf-8")
    changed = load_dataset(settings)
    assert changed.version != first.version
    rows = list(changed.store.query(KAZAKHSTAN_JOINED))
    assert [r["year"].value for r in rows] == ["1995"]


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_a_data_file_that_does_not_parse_is_reported_with_its_line(
    tmp_path: Path, store: str
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open .\n', "utf-8")
    with pytest.raises(DatasetError, match=r"broken\.ttl:2:\d+: "):
        load_dataset(_settings(tmp_path, data_file=broken, store=store))


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_without_a_build_the_error_says_what_to_run(tmp_path: Path, store: str) -> None:
    with pytest.raises(NoBuildError, match="run `natokg build`"):
        load_dataset(_settings(tmp_path, store=store))


def test_on_disk_a_release_keeps_its_store_inside_it(release: Path, settings: Settings) -> None:
    dataset = load_dataset(settings.replace(store="disk"))
    assert dataset.release == release and (release / DISK_STORE).is_dir()
    memory = load_dataset(settings)
    assert (dataset.graphs, dataset.version) == (memory.graphs, memory.version)
    lines = [line for line in (release / "dataset.nq").read_text("utf-8").splitlines() if line]
    named = [q for q in dataset.store if isinstance(q.graph_name, ox.NamedNode)]
    assert len(named) == len(lines) > 10_000


def test_the_disk_store_can_be_written_ahead_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    build = tmp_path / "build"
    assert main(["--releases-dir", str(build), "disk-store", "--data", str(PARTNERSHIPS)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == build / "stores" and written.is_dir()
    broken = tmp_path / "broken.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", "utf-8")
    assert main(["--releases-dir", str(build), "disk-store", "--data", str(broken)]) == 1
    assert f"natokg: {broken}:1:" in capsys.readouterr().err


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_the_default_graph_is_the_set_of_the_named_graphs_triples(
    release: Path, settings: Settings, store: str
) -> None:
    """A triple stated in two graphs is one triple of the default graph (issue 12)."""
    dataset = load_dataset(settings.replace(store=store))
    lines = [line for line in (release / "dataset.nq").read_text("utf-8").splitlines() if line]
    distinct = {
        (q.subject, q.predicate, q.object)
        for q in ox.parse(input="\n".join(lines), format=ox.RdfFormat.N_QUADS)
    }
    assert len(distinct) < len(lines), "the build states some triples in two graphs"
    default = list(dataset.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == len(distinct)  # (blank nodes differ from one parse to the next)
    ground = {t for t in distinct if not any(isinstance(x, ox.BlankNode) for x in t)}
    assert ground <= {(q.subject, q.predicate, q.object) for q in default}
    count = next(iter(dataset.store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"]
    assert int(count.value) == len(distinct)
