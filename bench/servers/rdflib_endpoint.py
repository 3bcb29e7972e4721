"""rdflib-endpoint (PyPI): rdflib's SPARQL engine behind FastAPI on uvicorn, one process.

It parses the data at start-up into an rdflib ``Dataset`` whose default graph is the union.
"""

from __future__ import annotations

from pathlib import Path

from bench.paths import peer_bin
from bench.servers.base import ServerSpec
from bench.versions import peer_package_version


class RdflibEndpoint(ServerSpec):
    name = "rdflib-endpoint"
    label = "rdflib-endpoint (uvicorn)"
    parallelism = "1 process"
    path = "/"

    def version(self) -> str:
        return f"rdflib-endpoint {peer_package_version('rdflib-endpoint')}, rdflib " + (
            peer_package_version("rdflib")
        )

    def command(self, data: Path, workdir: Path, port: int) -> list[str]:
        return [
            str(peer_bin("rdflib-endpoint")),
            "serve",
            str(data),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
