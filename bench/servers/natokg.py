"""natokg's own endpoint: ``natokg serve --data FILE`` (gunicorn; store in memory or on disk)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.paths import main_bin
from bench.procs import run_logged
from bench.servers.base import ServerError, ServerSpec
from bench.versions import project_package_version

#: the settings that switch the per-client budgets off (see natokg.fairshare)
NO_FAIR_SHARE = {"NATOKG_CLIENT_QUERY_SECONDS": "0", "NATOKG_CLIENT_CONCURRENT_QUERIES": "0"}


class Natokg(ServerSpec):
    label = "natokg serve"
    parallelism = "gunicorn workers"

    def __init__(
        self, query_timeout: float, cache_size: int, workers: int = 0, store: str = "memory"
    ) -> None:
        self.query_timeout, self.cache_size, self.workers = query_timeout, cache_size, workers
        self.store = store
        self.name = "natokg" + ("" if cache_size == 0 else "-cache")
        self.name += "" if store == "memory" else f"-{store}"
        cache = "off" if cache_size == 0 else str(cache_size)
        self.label = f"natokg serve (result cache {cache}" + (
            ")" if store == "memory" else f", store {store})"
        )

    def version(self) -> str:
        return (
            f"natokg {project_package_version('natokg')}, pyoxigraph "
            f"{project_package_version('pyoxigraph')}, gunicorn "
            f"{project_package_version('gunicorn')}, flask {project_package_version('flask')}"
        )

    def prepare(self, data: Path, workdir: Path, log: Path) -> float:
        """On disk, write the store ahead, as ``oxigraph load`` does for Oxigraph's server."""
        if self.store == "memory":
            return 0.0
        shutil.rmtree(workdir / "natokg-build", ignore_errors=True)  # measure a fresh write
        argv = [
            str(main_bin("natokg")),
            *self._build_dir(workdir),
            "disk-store",
            "--data",
            str(data),
        ]
        code, seconds = run_logged(argv, log=log, timeout=3600)
        if code != 0:
            raise ServerError(f"natokg disk-store failed ({code}); see {log}")
        return seconds

    def _build_dir(self, workdir: Path) -> list[str]:
        return ["--releases-dir", str(workdir / "natokg-build")]

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        argv = serve_command(
            workdir / "natokg-build",
            ["--data", str(data), "--store", self.store],
            port,
            self.query_timeout,
            self.cache_size,
        )
        if self.workers:
            argv += ["--workers", str(self.workers)]
        return argv

    def env(self, data: Path) -> dict[str, str]:
        # the bench's clients all come from 127.0.0.1: fair share (on by default) would
        # answer most of them 429, so the throughput runs switch it off explicitly
        return {"NATOKG_LOG_LEVEL": "warning", **NO_FAIR_SHARE}


def serve_command(
    releases_dir: Path, source: list[str], port: int, query_timeout: float, cache_size: int
) -> list[str]:
    """``natokg serve`` on 127.0.0.1:``port`` over ``source`` (``--data FILE`` or
    ``--backend URL`` and their options), with the bench's time limit and result cache."""
    return [
        str(main_bin("natokg")),
        "--releases-dir",
        str(releases_dir),
        "serve",
        *source,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--query-timeout",
        str(query_timeout),
        "--result-cache-size",
        str(cache_size),
    ]
