"""The on-disk store: written once, atomically, by a separate process; then only read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from natokg import diskstore
from tests.conftest import PARTNERSHIPS

BROKEN = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n'


# rdflib's TriG parser calls its own deprecated API
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_it_holds_every_quad_of_the_file(tmp_path: Path) -> None:
    assert PARTNERSHIPS.is_file()
    parsed = rdflib.Dataset().parse(data=PARTNERSHIPS.read_text("utf-8"), format="trig")
    expected = sum(1 for _ in parsed.quads((None, None, None, None)))  # an independent parser
    target = diskstore.ensure(PARTNERSHIPS, tmp_path / "store")
    store = diskstore.open_read_only(target)
    named = [q for q in store if q.graph_name != ox.DefaultGraph()]
    assert expected > 10 and len(named) == expected
    # and the default graph is their merge (the fixture states no triple twice)
    assert len(store) - len(named) == expected
    assert [p.name for p in tmp_path.iterdir()] == ["store"], "no staging directory is left"


def test_a_file_that_does_not_parse_gets_its_line_and_leaves_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(diskstore.DiskStoreError, match=r"broken\.ttl:3:") as caught:
        diskstore.ensure(broken, tmp_path / "stores" / "x")
    assert "Traceback" not in str(caught.value)
    assert list((tmp_path / "stores").iterdir()) == []


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(diskstore.DiskStoreError, match="absent.nt: no such file"):
        diskstore.ensure(tmp_path / "absent.nt", tmp_path / "store")


def test_an_existing_store_is_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = diskstore.ensure(PARTNERSHIPS, tmp_path / "store")
    monkeypatch.setattr(subprocess, "run", pytest.fail)
    assert diskstore.ensure(PARTNERSHIPS, target) == target


def test_staging_left_by_a_process_that_ended_is_removed(tmp_path: Path) -> None:
    child = subprocess.Popen(["true"])  # its pid is free once it has ended and been reaped
    child.wait()
    abandoned = tmp_path / f".store.tmp-{child.pid}"
    running = tmp_path / f".store.tmp-{os.getppid()}"
    for staging in (abandoned, running):
        staging.mkdir()
        (staging / "000001.sst").write_bytes(b"partial")
    diskstore.ensure(PARTNERSHIPS, tmp_path / "store")
    assert not abandoned.exists(), "staging of an ended process is cleared"
    assert running.is_dir(), "staging of a running process (maybe writing) is kept"


def test_a_directory_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("nonsense\n")
    with pytest.raises(diskstore.DiskStoreError, match="not a readable on-disk store"):
        diskstore.open_read_only(tmp_path)
