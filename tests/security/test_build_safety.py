"""Failed and interrupted builds never replace or corrupt what is published, and a running
server keeps serving the release it loaded.

One tiny project (``tests/pipeline``) is built once; `natokg serve` serves that release. Then
builds with invalid data, a syntax error or an inconsistent ontology run (and fail), and
`natokg build` processes are SIGKILLed half-way: after seeded random delays, in the middle of
writing the new release, and between writing it and switching ``releases/current``. After each,
``releases/current`` still names the first release, whose manifest digests match its files, and
the server answers exactly as before. A good build afterwards publishes normally.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from natokg import cli
from natokg.pipeline import pipeline, publish
from natokg.settings import Settings
from tests.conftest import copy_project
from tests.live import Server

pytestmark = pytest.mark.live

NKG = "https://w3id.org/natokg/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
#: `natokg build` with publication slowed down and announced, so a kill can land inside it
SLOW_BUILD = """
import sys, time
from natokg import cli
from natokg.pipeline import publish

hash_pause, switch_pause = float(sys.argv[1]), float(sys.argv[2])
sha256, switch_current = publish._sha256, publish.switch_current

def slow_sha256(path):
    print(f"hashing {path.name}", flush=True)
    time.sleep(hash_pause)
    return sha256(path)

def slow_switch(releases_dir, release):
    print("switching", flush=True)
    time.sleep(switch_pause)
    return switch_current(releases_dir, release)

publish._sha256, publish.switch_current = slow_sha256, slow_switch
sys.exit(cli.main(sys.argv[3:]))
"""


@dataclass
class Site:
    project: Path
    releases_dir: Path
    first: Path
    server: Server

    @property
    def cli_args(self) -> list[str]:
        return ["--project-dir", str(self.project), "--releases-dir", str(self.releases_dir)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    project = copy_project(tmp_path_factory.mktemp("build-safety") / "project")
    settings = Settings.load(
        {
            "project_dir": project,
            "releases_dir": project / "releases",
        },
        environ={},
    )
    outcome = pipeline.run(settings, with_reasoner=False)
    assert outcome.ok and outcome.release is not None, outcome.problems()
    server = Server(None, "--workers", "2", releases_dir=settings.releases_path)
    try:
        yield Site(project, settings.releases_path, outcome.release, server)
    finally:
        server.stop()


def assert_intact(releases_dir: Path, release: Path) -> None:
    """``releases/current`` names ``release``, and every file matches its manifest entry."""
    assert publish.current_release(releases_dir) == release
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) >= 10
    for entry in manifest["files"]:
        data = (release / entry["name"]).read_bytes()
        assert len(data) == entry["bytes"], entry["name"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["name"]


def served(site: Site) -> tuple[int, str, str]:
    """What the server answers: the triple count, the dump's digest, the Kazakhstan page."""
    server = site.server
    count = requests.get(server.url, params={"query": COUNT, "format": "json"}, timeout=10)
    dump = requests.get(server.base + "/downloads/dataset.nq", timeout=10)
    page = requests.get(server.base + "/data/kazakhstan.nt", timeout=10)
    assert count.status_code == dump.status_code == page.status_code == 200
    n = int(count.json()["results"]["bindings"][0]["n"]["value"])
    return n, hashlib.sha256(dump.content).hexdigest(), page.text


def first_digest(site: Site) -> str:
    manifest = json.loads((site.first / "manifest.json").read_text(encoding="utf-8"))
    return next(f["sha256"] for f in manifest["files"] if f["name"] == "dataset.nq")


def sources(project: Path) -> set[Path]:
    return {p for p in project.rglob("*") if p.is_file() and "releases" not in p.parts}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process builds read settings from the environment: only the sources of the project."""
    for name in [n for n in os.environ if n.startswith("NATOKG_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def unchanged(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """Around a test: the release and the answers are the same after; the project restored."""
    monkeypatch.setenv("NATOKG_SOURCES_DIR", str(site.project / "data" / "sources"))
    saved = {path: path.read_bytes() for path in sources(site.project)}
    before = served(site)
    assert before[1] == first_digest(site)
    assert_intact(site.releases_dir, site.first)
    try:
        yield site
    finally:
        for path in sources(site.project) - set(saved):
            path.unlink()
        for path, content in saved.items():
            path.write_bytes(content)
    assert_intact(site.releases_dir, site.first)
    assert served(site) == before


def break_shacl(project: Path) -> None:
    tiny = project / "data" / "tiny.ttl"
    text = tiny.read_text(encoding="utf-8")
    tiny.write_text(text.replace('"Kazakhstan"@en , "Kazakhstan"@fr', '"Kazakhstan"@en'))


def break_syntax(project: Path) -> None:
    (project / "data" / "broken.ttl").write_text('<a:b> <a:c> "unterminated .\n')


def break_ontology(project: Path) -> None:
    with (project / "ontology" / "natokg.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write(
            f"\n<{NKG}State> <http://www.w3.org/2002/07/owl#equivalentClass> "
            "<http://www.w3.org/2002/07/owl#Nothing> .\n"
        )


@pytest.mark.parametrize(
    ("breaking", "problem"),
    [
        (break_shacl, "QualifiedMinCount"),
        (break_syntax, "broken.ttl:1:"),
        pytest.param(break_ontology, "HermiT", marks=pytest.mark.java),
    ],
    ids=["invalid data", "syntax error", "inconsistent ontology"],
)
def test_a_failed_build_publishes_nothing(
    unchanged: Site,
    breaking: Callable[[Path], None],
    problem: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    breaking(unchanged.project)
    releases = set((unchanged.releases_dir / publish.RELEASES).iterdir())
    reasoner = [] if problem == "HermiT" else ["--no-reason"]  # HermiT only where it is tested
    assert cli.main([*unchanged.cli_args, "build", "--quiet", *reasoner]) == 1
    assert problem in capsys.readouterr().out
    assert set((unchanged.releases_dir / publish.RELEASES).iterdir()) == releases


def start_build(site: Site, hash_pause: float, switch_pause: float = 0) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NATOKG_")}
    env["NATOKG_SOURCES_DIR"] = str(site.project / "data" / "sources")
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            SLOW_BUILD,
            str(hash_pause),
            str(switch_pause),
            *site.cli_args,
            "build",
            "--no-reason",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def kill(build: subprocess.Popen[str]) -> None:
    os.killpg(build.pid, signal.SIGKILL)
    assert build.wait(10) == -signal.SIGKILL, "the build was killed before it ended"
    assert build.stdout is not None
    build.stdout.close()


def wait_for(build: subprocess.Popen[str], marker: str, times: int = 1) -> None:
    assert build.stdout is not None
    seen = 0
    while seen < times:
        line = build.stdout.readline()
        assert line, f"the build ended before {marker!r}"
        seen += line.startswith(marker)


def releases(site: Site) -> set[Path]:
    return set((site.releases_dir / publish.RELEASES).iterdir())


@pytest.mark.parametrize("seed", [1, 2])
def test_a_build_killed_after_a_random_delay(unchanged: Site, seed: int) -> None:
    before = releases(unchanged)
    delay = random.Random(seed).uniform(0.2, 2.5)
    build = start_build(unchanged, hash_pause=0.3)  # publication alone takes more than 3 s
    time.sleep(delay)
    kill(build)
    new = releases(unchanged) - before  # none if killed before publication began
    assert len(new) <= 1 and not any((r / "manifest.json").exists() for r in new), new
    assert publish.current_release(unchanged.releases_dir) == unchanged.first


def test_a_build_killed_while_writing_the_release(unchanged: Site) -> None:
    before = releases(unchanged)
    build = start_build(unchanged, hash_pause=0.3)
    wait_for(build, "hashing", times=3)
    kill(build)
    (partial,) = releases(unchanged) - before
    assert not (partial / "manifest.json").exists()
    assert 3 <= len(list(partial.iterdir())) < 12, "killed with some files written"


def test_a_build_killed_before_switching_current(unchanged: Site) -> None:
    before = releases(unchanged)
    build = start_build(unchanged, hash_pause=0, switch_pause=30)
    wait_for(build, "switching")
    kill(build)
    (complete,) = releases(unchanged) - before
    assert (complete / "manifest.json").exists(), "complete: only the switch was missing"


def test_a_good_build_then_publishes_and_the_server_keeps_its_release(site: Site) -> None:
    before = served(site)
    assert cli.main([*site.cli_args, "build", "--quiet", "--no-reason"]) == 0
    current = publish.current_release(site.releases_dir)
    assert current is not None and current != site.first
    assert_intact(site.releases_dir, current)
    assert not list(site.releases_dir.glob(".current.*")), "no temporary link left behind"
    assert served(site) == before, "the running server still serves what it loaded"
