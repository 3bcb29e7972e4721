"""Settings of natokg, declared once.

Every setting has a name, a type, a default and a help text. Values come from, in rising
priority: the defaults, the environment (``NATOKG_<NAME>``), then explicit overrides (command
line options, ``create_app(settings=...)``). Unknown keys are rejected, in the environment as
anywhere else, so that a typo never silently falls back to a default.

This is the only module that reads the environment.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "NATOKG_"
#: the values of the ``store`` setting (see :mod:`natokg.store`)
STORE_KINDS = ("memory", "disk")
#: the HTTP fronts of `natokg serve` (see natokg.workers)
FRONTS = ("threads", "sync")


class SettingsError(ValueError):
    """A setting is unknown or its value cannot be converted to the declared type."""


def _default_project_dir() -> Path:
    """The repository root when running from a checkout, else the working directory."""
    here = Path(__file__).resolve().parents[2]
    if (here / "ontology").is_dir() and (here / "data").is_dir():
        return here
    return Path.cwd()


def _setting(default: Any, help: str, secret: bool = False, **kwargs: Any) -> Any:
    meta = {"help": help, **kwargs}
    if callable(default) and not isinstance(default, type):
        return field(default_factory=default, metadata=meta, repr=not secret)
    return field(default=default, metadata=meta, repr=not secret)


@dataclass(frozen=True)
class Settings:
    """All settings of the build and the server. See ``natokg settings`` for the list."""

    base_iri: str = _setting(
        "https://w3id.org/natokg/",
        "Base IRI of the dataset. Instance IRIs are <base>id/<slug>; the server maps the base "
        "IRI onto its own URLs, so IRIs never depend on where it runs. Must end with '/'.",
    )
    project_dir: Path = _setting(
        _default_project_dir,
        "Directory holding ontology/, data/ and queries/.",
    )
    releases_dir: Path = _setting(
        Path("releases"),
        "Where `natokg build` publishes; relative paths are taken from project_dir.",
    )
    sources_dir: Path = _setting(
        Path("data/sources"),
        "The texts of the source documents, which every quote is checked against; relative to "
        "project_dir.",
    )
    data_file: Path | None = _setting(
        None,
        "Serve this RDF file (N-Triples, N-Quads, Turtle, TriG) instead of the build output, "
        "skipping the build's checks (for benchmarks).",
    )
    store: str = _setting(
        "memory",
        "How the server holds the dataset. 'memory': in memory, loaded before the workers fork; "
        "the fastest, but each worker ends up copying the pages it reads, so memory grows "
        "towards (workers + 1) x the dataset. 'disk': an on-disk Oxigraph store written once "
        "next to the data and opened read-only by each worker, sharing the system's page "
        "cache; memory stays near one copy, queries take about twice as long in the engine.",
    )
    host: str = _setting("127.0.0.1", "Interface `natokg serve` listens on.")
    port: int = _setting(8000, "TCP port `natokg serve` listens on.")
    workers: int = _setting(
        0,
        "Number of server worker processes; 0 means CPU cores + 1 (at most 8). "
        "The store is shared copy-on-write, but pages a worker reads get copied, so fewer "
        "workers use less memory.",
    )
    front: str = _setting(
        "threads",
        "How workers take requests. 'threads': each worker keeps connections alive and answers "
        "whole requests in `threads` threads (a slow client waits in its event loop, holding no "
        "thread); a runaway query ends its worker after the others finish. 'sync': one "
        "connection per worker at a time, closed after each answer (the previous design, kept "
        "for benchmarks).",
    )
    threads: int = _setting(
        4,
        "Threads per worker with front = 'threads': the requests one worker answers at once. "
        "pyoxigraph evaluates queries without holding Python's lock, so they run side by side.",
    )
    keep_alive: float = _setting(
        60.0,
        "Seconds an idle connection stays open for its next request (front = 'threads').",
    )
    query_timeout: float = _setting(
        10.0,
        "Seconds a query may run. After that its worker process is stopped, the client gets "
        "503 and the CPU is freed.",
    )
    max_query_length: int = _setting(
        100_000, "Longest accepted query, in characters (longer gets 413)."
    )
    max_body_bytes: int = _setting(
        1_048_576, "Largest accepted request body, in bytes (larger gets 413)."
    )
    max_nesting_depth: int = _setting(
        64,
        "Deepest accepted nesting of braces and parentheses in a query (deeper gets 400): "
        "the SPARQL parser is recursive.",
    )
    max_query_operators: int = _setting(
        1000,
        "Most UNION, OPTIONAL, MINUS, BIND, FILTER, GRAPH, VALUES, EXISTS keywords and operator "
        "signs in one query (more gets 400): long chains build query trees deep enough to "
        "overflow the engine's stack.",
    )
    read_timeout: float = _setting(
        10.0,
        "Seconds a client may stay silent while sending its request, or while taking the "
        "answer, before it is disconnected (or answered 408 if its headers had arrived).",
    )
    query_memory_limit: int = _setting(
        1024,
        "Most memory, in MiB, a query may add to its worker process; past it the worker is "
        "stopped and the client gets 503, as for the time limit. 0 disables the limit.",
    )
    max_html_rows: int = _setting(
        10_000,
        "Most rows on an HTML result page (the data formats go up to max_result_rows); a longer "
        "table is cut, says so, and links to the full result in the data formats.",
    )
    max_result_rows: int = _setting(
        100_000,
        "Most solutions or triples returned by one query; a longer result is cut and the "
        "response says so (header X-Natokg-Truncated).",
    )
    cors_origins: str = _setting(
        "*",
        "Value of Access-Control-Allow-Origin on SPARQL and data responses; never with "
        "credentials. Empty to disable CORS.",
    )
    result_cache_size: int = _setting(
        256,
        "Number of query results kept per worker (the dataset is read-only); 0 disables the cache.",
    )
    query_rewrite: bool = _setting(
        True,
        "Before a query runs, move its required patterns in front of the OPTIONALs they follow "
        "where that provably keeps the result (see natokg.sparql.rewrite): the engine evaluates "
        "patterns in the order written, and some orders are pathologically slow. False: every "
        "query runs as written.",
    )
    client_query_seconds: float = _setting(
        60.0,
        "Seconds of query time one client may use per minute (refilled continuously); past it "
        "its queries get 429 with Retry-After while other clients are served. 0: no limit "
        "(e.g. a load test from one address); see SECURITY.md.",
    )
    client_concurrent_queries: int = _setting(
        2,
        "Queries one client may have running at once, across all workers (at most 8); past it "
        "429 with Retry-After. 0: no limit (e.g. a load test from one address).",
    )
    fair_share_loopback: bool = _setting(
        False,
        "Apply the per-client budgets to clients on this machine too (127.0.0.0/8, ::1). "
        "False: the machine's own clients (a researcher's scripts next to `natokg serve`, a "
        "local load test) are not limited, remote ones are; a client named by "
        "client_key_header is always limited.",
    )
    client_key_header: str = _setting(
        "",
        "Request header that names the client for the budgets, set by a trusted reverse proxy "
        "(e.g. X-Real-IP); empty: the connection's remote address. Set it only behind such a "
        "proxy, or clients choose their own key.",
    )
    fair_share_file: Path | None = _setting(
        None,
        "File holding the per-client budgets, shared by the server's workers; by default "
        "`natokg serve` uses /dev/shm/natokg-fair-share-<uid>-<port> (an application made "
        "without `natokg serve`, e.g. under a test client, has budgets only when this is set).",
    )
    store_url: str = _setting(
        "",
        "SPARQL query endpoint of an external store (Oxigraph server: http://host:7878/query; "
        "Virtuoso: http://host:8890/sparql). `natokg publish --to` loads releases into it; "
        "`natokg serve --backend` answers /sparql through it. Empty: the embedded store only.",
    )
    store_update_url: str = _setting(
        "",
        "SPARQL Update endpoint of the external store; empty: <…>/update when store_url ends in "
        "/query (Oxigraph's layout), else store_url itself.",
    )
    graph_store_url: str = _setting(
        "",
        "Graph Store HTTP Protocol endpoint of the external store (for `natokg publish`); empty: "
        "<…>/store when store_url ends in /query (Oxigraph's layout).",
    )
    store_user: str = _setting(
        "", "User name for the external store (HTTP Basic); empty: no credentials."
    )
    store_password: str = _setting(
        "",
        "Password for store_user. Set it in the environment (NATOKG_STORE_PASSWORD), never on "
        "the command line; it is sent to the store and never printed.",
        secret=True,
    )
    store_credentials_file: Path | None = _setting(
        None,
        "A file holding one line user:password for the external store (instead of store_user "
        "and store_password).",
    )
    log_level: str = _setting("info", "Log level of the server: debug, info, warning, error.")

    # -- construction -------------------------------------------------------------------

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def describe(cls) -> list[tuple[str, str, str, str]]:
        """(name, type, default, help) of every setting, for docs and ``natokg settings``."""
        rows = []
        for f in fields(cls):
            default = f.default_factory() if f.default is dataclasses.MISSING else f.default
            rows.append((f.name, _type_name(f.type), repr(default), f.metadata["help"]))
        return rows

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Defaults, then ``NATOKG_*`` variables of ``environ``, then ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        known = set(cls.names())
        for key, raw in environ.items():
            if not key.startswith(ENV_PREFIX):
                continue
            name = key[len(ENV_PREFIX) :].lower()
            if name not in known:
                raise SettingsError(f"unknown setting in environment: {key}")
            values[name] = raw
        for name, value in (overrides or {}).items():
            if name not in known:
                raise SettingsError(f"unknown setting: {name!r}")
            if value is not None:
                values[name] = value
        converted = {name: _convert(cls, name, value) for name, value in values.items()}
        settings = cls(**converted)
        settings._check()
        return settings

    def replace(self, **changes: Any) -> Settings:
        return Settings.load({**self.as_dict(), **changes}, environ={})

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    # -- derived values -----------------------------------------------------------------

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.project_dir / path)

    @property
    def releases_path(self) -> Path:
        return self.resolve(self.releases_dir)

    @property
    def sources_path(self) -> Path:
        return self.resolve(self.sources_dir).resolve()

    @property
    def worker_count(self) -> int:
        if self.workers > 0:
            return self.workers
        # one more process than cores: a kept-alive connection stays with the process that
        # accepted it, and more processes spread them better (bench/results/2026-12-04-front.md)
        return min(8, (os.cpu_count() or 1) + 1)

    def _check(self) -> None:
        if not self.base_iri.endswith("/") or "://" not in self.base_iri:
            raise SettingsError(f"base_iri must be an absolute IRI ending in '/': {self.base_iri}")
        for name in (
            "max_query_length",
            "max_body_bytes",
            "max_nesting_depth",
            "max_query_operators",
            "max_result_rows",
            "max_html_rows",
        ):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name} must be positive")
        if self.query_timeout <= 0 or self.read_timeout <= 0:
            raise SettingsError("query_timeout and read_timeout must be positive")
        if self.front not in FRONTS:
            raise SettingsError(f"front must be one of {', '.join(FRONTS)}: {self.front!r}")
        if self.threads <= 0 or self.keep_alive <= 0:
            raise SettingsError("threads and keep_alive must be positive")
        if self.client_query_seconds < 0:
            raise SettingsError("client_query_seconds must be 0 (no limit) or positive")
        if not 0 <= self.client_concurrent_queries <= 8:
            raise SettingsError("client_concurrent_queries must be between 0 (no limit) and 8")
        if self.query_memory_limit < 0:
            raise SettingsError("query_memory_limit must be 0 (no limit) or positive")
        if not 0 < self.port < 65536:
            raise SettingsError("port must be between 1 and 65535")
        if self.store not in STORE_KINDS:
            raise SettingsError(f"store must be one of {', '.join(STORE_KINDS)}: {self.store!r}")
        for name in ("store_url", "store_update_url", "graph_store_url"):
            url = getattr(self, name)
            if url and not url.startswith(("http://", "https://")):
                raise SettingsError(f"{name} must be an http(s) URL")
        if self.log_level not in {"debug", "info", "warning", "error"}:
            raise SettingsError("log_level must be one of debug, info, warning, error")


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp)).replace("pathlib.", "")


_BOOL = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _convert(cls: type[Settings], name: str, value: Any) -> Any:
    declared = {f.name: f.type for f in fields(cls)}[name]
    text = declared if isinstance(declared, str) else _type_name(declared)
    try:
        if isinstance(value, str):
            if "Path" in text:
                return None if (value == "" and "None" in text) else Path(value)
            if text == "int":
                return int(value)
            if text == "float":
                return float(value)
            if text == "bool":
                return _BOOL[value.strip().lower()]
            return value
        if "Path" in text and value is not None and not isinstance(value, Path):
            return Path(value)
        if text == "float" and isinstance(value, int):
            return float(value)
        return value
    except (ValueError, KeyError) as exc:
        raise SettingsError(f"setting {name}: cannot read {value!r} as {text}") from exc
