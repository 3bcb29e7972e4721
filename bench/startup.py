"""Start-up of ``natokg serve`` on the shipped build (after the first build): process start to
the first answered query, several times, without ``--data`` (the way it is deployed)."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.paths import ROOT, WORK, main_bin
from bench.servers.base import ServerError, running
from bench.servers.natokg import Natokg


class NatokgRelease(Natokg):
    """``natokg serve`` on the project's published build (``build/current``)."""

    def __init__(self, query_timeout: float) -> None:
        super().__init__(query_timeout, cache_size=256)
        self.name, self.label = "natokg-release", "natokg serve (shipped build)"

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        return [
            str(main_bin("natokg")),
            "--project-dir",
            str(ROOT),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]


def shipped_startup(query_timeout: float, repeats: int = 5) -> dict[str, float | str]:
    """Median, min and max seconds from process start to the first answered query."""
    spec = NatokgRelease(query_timeout)
    times: list[float] = []
    try:
        for _ in range(repeats):
            with running(spec, ROOT, WORK / "servers" / spec.name, startup_timeout=120) as server:
                times.append(server.startup_seconds)
    except ServerError as exc:
        return {"error": str(exc)[:300]}
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "repeats": float(repeats),
    }
