"""Headless Chromium renders a country page with its timeline and the frameworks chart, from the
running server; the screenshots are kept in tests/artifacts/ for people to look at."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.live import CHROMIUM_FLAGS, chromium_binary

pytestmark = [pytest.mark.browser, pytest.mark.live]

ARTIFACTS = ROOT / "tests" / "artifacts"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(chromium_binary()), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(
    ("path", "name", "needles"),
    [
        (
            "/page/kazakhstan",
            "country-page-kazakhstan.png",
            (
                'class="bar"',
                'class="mark"',
                "Timeline of relations with NATO",
                'src="/visuals/frameworks.svg"',
                "Partnership for Peace",
            ),
        ),
        (
            "/ontology",
            "ontology-documentation.png",
            (
                'id="diagram"',
                'src="/ontology/diagram.svg"',
                "Reused classes",
                "org:memberDuring",
                '<code class="manchester">',
                "Un État souverain",
                'id="changelog"',
            ),
        ),
        (
            "/visuals",
            "frameworks-chart.png",
            ('class="bar"', "Frameworks and their member states over time"),
        ),
    ],
)
def test_chromium_renders(
    live_server: str, tmp_path: Path, path: str, name: str, needles: tuple[str, ...]
) -> None:
    url = live_server + path
    dom = chromium(tmp_path / "dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for needle in needles:
        assert needle in dom.stdout, needle
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    run = chromium(tmp_path / "shot", f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert png_size(shot) == (1280, 2400)
    assert shot.stat().st_size > 50_000  # a blank page compresses to a few kilobytes


def test_chromium_renders_the_frameworks_svg_alone(live_server: str, tmp_path: Path) -> None:
    shot = ARTIFACTS / "frameworks-chart.svg.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    run = chromium(
        tmp_path / "svg",
        f"--screenshot={shot}",
        "--window-size=1000,800",
        live_server + "/visuals/frameworks.svg",
    )
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert png_size(shot) == (1000, 800) and shot.stat().st_size > 10_000
