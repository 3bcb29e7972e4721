"""`natokg build` / `natokg validate` on a tiny project: errors name file and line, a failed
or interrupted build never replaces what was published, and a good one is complete."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from natokg import cli
from natokg.pipeline import pipeline, publish, reasoning
from natokg.settings import Settings

NKG = "https://w3id.org/natokg/ontology#"


def build(settings: Settings) -> pipeline.BuildOutcome:
    """A build without HermiT (a JVM each time), for what the reasoner does not touch."""
    return pipeline.run(settings, with_reasoner=False)


@pytest.mark.java
def test_build_publishes_every_dump(project_settings: Settings) -> None:
    outcome = pipeline.run(project_settings)
    assert outcome.ok, outcome.problems()
    current = publish.current_release(project_settings.releases_path)
    assert current == outcome.release
    manifest = json.loads((current / "manifest.json").read_text())
    names = {f["name"] for f in manifest["files"]}
    assert {
        "dataset.nq",
        "dataset.trig",
        "dataset.ttl",
        "dataset.nt",
        "dataset.jsonld",
        "ontology.ttl",
        "ontology.owl",
        "shapes.ttl",
        "void.ttl",
        "report.md",
    } <= names
    for entry in manifest["files"]:
        assert (current / entry["name"]).stat().st_size == entry["bytes"]
    graphs = {q.graph_name.value for q in ox.parse(path=str(current / "dataset.nq"))}
    base = "https://w3id.org/natokg/graph/"
    assert graphs == {base + "ontology", base + "tiny", base + "inferred", base + "void"}


def test_blank_nodes_are_published_as_stable_iris(project_settings: Settings) -> None:
    first = build(project_settings).release
    second = build(project_settings).release

    def genids(release: Path) -> set[str]:
        return {
            t.object.value
            for t in ox.parse(path=str(release / "dataset.nt"))
            if isinstance(t.object, ox.NamedNode) and "/.well-known/genid/" in t.object.value
        }

    assert first != second
    assert len(genids(first)) == 2  # the interval and its beginning
    assert genids(first) == genids(second)
    # OWL axioms keep their blank nodes (OWL 2 DL needs them); the data has none left
    data = [
        q
        for q in ox.parse(path=str(second / "dataset.nq"))
        if not q.graph_name.value.endswith(("/graph/ontology", "/graph/void"))
    ]
    assert data and not any(
        isinstance(t, ox.BlankNode) for q in data for t in (q.subject, q.object)
    )


def test_syntax_error_names_file_line_and_column(project: Path, project_settings: Settings) -> None:
    bad = project / "data" / "documents" / "broken.ttl"
    bad.parent.mkdir()
    bad.write_text('@prefix kg: <https://w3id.org/natokg/id/> .\n\nkg:a kg:b "unterminated .\n')
    outcome = build(project_settings)
    assert not outcome.ok
    assert any(e.startswith("data/documents/broken.ttl:3:") for e in outcome.errors), outcome.errors
    assert publish.current_release(project_settings.releases_path) is None


def test_invalid_data_never_replaces_published(project: Path, project_settings: Settings) -> None:
    good = build(project_settings).release
    tiny = project / "data" / "tiny.ttl"
    tiny.write_text(
        tiny.read_text().replace(
            'rdfs:label "Kazakhstan"@en , "Kazakhstan"@fr', 'rdfs:label "Kazakhstan"@en'
        )
    )
    outcome = build(project_settings)
    assert not outcome.ok
    assert any(
        "kazakhstan" in str(v.focus) and "QualifiedMinCount" in v.component
        for v in outcome.violations
    )
    assert publish.current_release(project_settings.releases_path) == good


def test_misquote_fails_the_build(project: Path, project_settings: Settings) -> None:
    tiny = project / "data" / "tiny.ttl"
    tiny.write_text(tiny.read_text().replace("en 1995.", "en 1994."))
    outcome = build(project_settings)
    assert [p.attestation for p in outcome.quote_problems] == ["https://w3id.org/natokg/id/q"]


def test_interrupted_publication_leaves_previous_release(
    project_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = build(project_settings).release

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as if the build were stopped half-way through writing

    monkeypatch.setattr(publish, "write_manifest", crash)
    with pytest.raises(KeyboardInterrupt):
        build(project_settings)
    assert publish.current_release(project_settings.releases_path) == good
    releases = list((project_settings.releases_path / publish.RELEASES).iterdir())
    assert releases == [good], "the half-written release is removed"


def test_validate_prints_node_and_rule(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = project / "data" / "tiny.ttl"
    tiny.write_text(tiny.read_text().replace("org:role nkg:partnerRole ;", ""))
    code = cli.main(
        [
            "--project-dir",
            str(project),
            "--releases-dir",
            str(project / "build"),
            "validate",
            "--no-reason",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "mem-kazakhstan-partnership-for-peace" in out and "org#role" in out
    assert "MinCountConstraintComponent" in out
    assert not (project / "build").exists()


@pytest.mark.java
def test_inconsistent_data_fails_the_build(project: Path, project_settings: Settings) -> None:
    # A state that is also a stated figure: agents and figures are disjoint top classes.
    tiny = project / "data" / "tiny.ttl"
    tiny.write_text(tiny.read_text() + f"\nkg:kazakhstan a <{NKG}Figure> .\n")
    outcome = pipeline.run(project_settings)
    assert outcome.reasoning is not None and outcome.reasoning.consistent is False
    assert "HermiT: the ontology and data are inconsistent" in outcome.errors
    assert publish.current_release(project_settings.releases_path) is None
    releases = project_settings.releases_path / publish.RELEASES
    assert not releases.is_dir() or not list(releases.iterdir())


def test_a_release_written_beside_a_failing_reasoner_is_discarded(
    project_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release is written while HermiT runs; when HermiT then fails, it is not kept."""
    good = build(project_settings).release
    monkeypatch.setattr(reasoning, "reason", lambda _quads: reasoning.ReasoningReport(False))
    outcome = pipeline.run(project_settings)
    assert [s.name for s in outcome.steps][-2:] == ["write release", "HermiT"]
    assert "HermiT: the ontology and data are inconsistent" in outcome.errors
    assert outcome.release is None
    assert publish.current_release(project_settings.releases_path) == good
    releases = list((project_settings.releases_path / publish.RELEASES).iterdir())
    assert releases == [good], "the release written beside HermiT is removed"


def test_a_release_held_by_a_running_server_is_not_pruned(project_settings: Settings) -> None:
    held = build(project_settings).release
    publish.hold(held)  # this test process stands for the server
    for _ in range(publish.KEEP_RELEASES + 1):
        build(project_settings)
    assert (held / "dataset.nq").is_file()
    (held / publish.LEASES / str(os.getpid())).unlink()  # the server stops
    build(project_settings)
    assert not held.exists()


def test_a_lease_of_an_ended_process_does_not_count(project_settings: Settings) -> None:
    old = build(project_settings).release
    publish.hold(old, pid=_pid_of_an_ended_process())
    for _ in range(publish.KEEP_RELEASES):
        build(project_settings)
    assert not old.exists()


def _pid_of_an_ended_process() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_many_builds_keep_current_published_and_prune_the_rest(project_settings: Settings) -> None:
    releases = [build(project_settings).release for _ in range(publish.KEEP_RELEASES + 2)]
    current = publish.current_release(project_settings.releases_path)
    assert current == releases[-1] and (current / "dataset.nq").is_file()
    kept = sorted(p.name for p in (project_settings.releases_path / publish.RELEASES).iterdir())
    assert kept == sorted(r.name for r in releases[-publish.KEEP_RELEASES :])
