"""The bare baseline: a 20-line Flask + in-memory pyoxigraph endpoint under gunicorn.

Not a peer a user would pick: it shows what Flask, gunicorn and pyoxigraph cost with nothing
else (no negotiation, limits or time-outs), so natokg's own overhead can be read off. It is
the "stub" the harness was developed against while ``natokg serve`` was being written.
"""

from __future__ import annotations

from pathlib import Path

from bench.paths import ROOT, main_bin
from bench.servers.base import ServerSpec
from bench.versions import project_package_version


class FlaskBaseline(ServerSpec):
    name = "flask-baseline"
    label = "bare Flask + pyoxigraph (2 gunicorn workers)"
    parallelism = "2 gunicorn workers"

    def version(self) -> str:
        return (
            f"flask {project_package_version('flask')}, gunicorn "
            f"{project_package_version('gunicorn')}, "
            f"pyoxigraph {project_package_version('pyoxigraph')}"
        )

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        return [
            str(main_bin("gunicorn")),
            "--workers",
            "2",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "bench.stub_app:create_app()",
        ]

    def env(self, data: Path) -> dict[str, str]:
        return {"BENCH_STUB_DATA": str(data)}
