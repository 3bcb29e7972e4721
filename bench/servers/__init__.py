"""The servers compared, each able to load a data file and answer on 127.0.0.1."""

from __future__ import annotations

from bench.servers.backend import BackendFront
from bench.servers.base import ServerSpec
from bench.servers.baseline import FlaskBaseline
from bench.servers.natokg import Natokg
from bench.servers.oxigraph import OxigraphServer
from bench.servers.rdflib_endpoint import RdflibEndpoint
from bench.servers.virtuoso import Virtuoso

__all__ = ["ServerSpec", "all_servers"]


def all_servers(query_timeout: float) -> dict[str, ServerSpec]:
    """Every server by name, the reference (Oxigraph's server) first."""
    servers: list[ServerSpec] = [
        OxigraphServer(query_timeout),
        Natokg(query_timeout, cache_size=0),
        Natokg(query_timeout, cache_size=256),
        Natokg(query_timeout, cache_size=0, store="disk"),
        Virtuoso(query_timeout),
        BackendFront(query_timeout, "oxigraph"),
        BackendFront(query_timeout, "virtuoso"),
        RdflibEndpoint(),
        FlaskBaseline(),
    ]
    return {s.name: s for s in servers}
