"""natokg's own endpoint: ``natokg serve --data FILE`` (gunicorn, in-memory pyoxigraph store)."""

from __future__ import annotations

from pathlib import Path

from bench.paths import main_bin
from bench.servers.base import ServerSpec
from bench.versions import project_package_version


class Natokg(ServerSpec):
    label = "natokg serve"
    parallelism = "gunicorn workers"

    def __init__(self, query_timeout: float, cache_size: int, workers: int = 0) -> None:
        self.query_timeout, self.cache_size, self.workers = query_timeout, cache_size, workers
        self.name = "natokg" if cache_size == 0 else "natokg-cache"
        self.label = f"natokg serve (result cache {'off' if cache_size == 0 else cache_size})"

    def version(self) -> str:
        return (
            f"natokg {project_package_version('natokg')}, pyoxigraph "
            f"{project_package_version('pyoxigraph')}, gunicorn "
            f"{project_package_version('gunicorn')}, flask {project_package_version('flask')}"
        )

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        argv = [
            str(main_bin("natokg")),
            "serve",
            "--data",
            str(data),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--query-timeout",
            str(self.query_timeout),
            "--result-cache-size",
            str(self.cache_size),
        ]
        if self.workers:
            argv += ["--workers", str(self.workers)]
        return argv

    def env(self, data: Path) -> dict[str, str]:
        return {"NATOKG_LOG_LEVEL": "warning"}
