"""The external store's three endpoints (query, update, graph store), over one pooled session.

Every failure becomes a :class:`StoreError` whose message is one line naming the endpoint's URL
(without credentials) and the cause; credentials are sent, never echoed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from natokg.backend import virtuoso
from natokg.settings import Settings

#: seconds to wait for the store to accept a connection
CONNECT_TIMEOUT = 3.0
#: most characters of the store's own error message kept in ours
CAUSE_CHARS = 200


class StoreError(RuntimeError):
    """The store could not be reached or refused a request; ``str()`` is one line."""

    def __init__(
        self, url: str, cause: str, kind: str = "refused", status: int | None = None
    ) -> None:
        super().__init__(f"{public_url(url)}: {cause}")
        self.cause = cause
        #: the store's HTTP status, when it answered with an error
        self.status = status
        #: 'unreachable' (connection failed), 'timeout' (no answer in time), 'refused' (an
        #: HTTP error status), to map onto 503, 504 and 502
        self.kind = kind


def public_url(url: str) -> str:
    """``url`` without user information (``user:password@``), safe to print."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str

    @classmethod
    def of(cls, settings: Settings) -> Endpoints:
        """The endpoints the settings name. Oxigraph's layout (``…/query``, ``…/update``,
        ``…/store``) is assumed when only the query URL ends in ``/query``; otherwise the update
        endpoint is the query endpoint (Virtuoso's ``/sparql``) and the graph store must be set."""
        query = settings.store_url
        if virtuoso.is_virtuoso(query):
            update, graph_store = virtuoso.endpoints(query, credentials(settings) is not None)
            return cls(
                query, settings.store_update_url or update, settings.graph_store_url or graph_store
            )
        root = query[: -len("query")] if query.endswith("/query") else None
        update = settings.store_update_url or (root + "update" if root else query)
        graph_store = settings.graph_store_url or (root + "store" if root else "")
        return cls(query, update, graph_store)


def credentials(settings: Settings) -> tuple[str, str] | None:
    """(user, password) from ``store_credentials_file`` (one line ``user:password``) or the
    ``store_user``/``store_password`` settings (the latter from the environment only)."""
    if settings.store_credentials_file is not None:
        path = Path(settings.store_credentials_file)
        try:
            line = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StoreError(
                str(path), f"cannot read the credentials file: {exc.strerror}"
            ) from None
        user, sep, password = line.partition(":")
        if not sep:
            raise StoreError(str(path), "the credentials file must hold one line user:password")
        return user, password
    if settings.store_user:
        return settings.store_user, settings.store_password
    return None


class Store:
    """A session with the store: keep-alive connections, reused by every request."""

    def __init__(
        self, endpoints: Endpoints, auth: tuple[str, str] | None = None, engine: str = "sparql"
    ) -> None:
        self.endpoints = endpoints
        #: 'virtuoso' or 'sparql' (any other SPARQL 1.1 engine, Oxigraph's server among them)
        self.engine = engine
        self.session = requests.Session()
        if auth is not None:  # Virtuoso's authenticated endpoints take Digest, others Basic
            self.session.auth = virtuoso.auth(*auth) if engine == "virtuoso" else auth
        self.session.headers["User-Agent"] = "natokg"

    @classmethod
    def of(cls, settings: Settings) -> Store:
        engine = "virtuoso" if virtuoso.is_virtuoso(settings.store_url) else "sparql"
        return cls(Endpoints.of(settings), credentials(settings), engine)

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        timeout: float,
        *,
        sending: float | None = None,
        **kwargs: object,
    ) -> requests.Response:
        """The store's answer to one request; a :class:`StoreError` unless it is a success.
        ``sending``: seconds the store may take to read the request's body, where it is large
        (urllib3 applies the connect timeout until the body is sent: a store busy inserting
        stops reading a large PUT for longer than it takes to connect)."""
        try:
            response = self.session.request(
                method, url, timeout=(sending or CONNECT_TIMEOUT, timeout), **kwargs
            )
        except requests.ConnectTimeout:
            raise StoreError(url, "connection timed out", "unreachable") from None
        except requests.ConnectionError as exc:
            raise StoreError(url, f"cannot connect ({_reason(exc)})", "unreachable") from None
        except requests.Timeout:
            raise StoreError(url, f"no answer within {timeout:g} s", "timeout") from None
        except requests.RequestException as exc:
            raise StoreError(url, _reason(exc)) from None
        if response.status_code >= 400:
            cause = " ".join(response.text.split())[:CAUSE_CHARS]
            status = f"HTTP {response.status_code} {response.reason or ''}".strip()
            kind = (
                "timeout"
                if self.engine == "virtuoso" and virtuoso.timed_out(response)
                else "refused"
            )
            raise StoreError(
                url, f"{status}{': ' + cause if cause else ''}", kind, status=response.status_code
            )
        if self.engine == "virtuoso" and (message := virtuoso.partial(response)) is not None:
            raise StoreError(url, message, "timeout")
        return response

    def select(self, query: str, timeout: float) -> list[dict[str, str]]:
        """The rows of a SELECT, each variable's value as a string (JSON results)."""
        response = self.request(
            "POST",
            self.endpoints.query,
            timeout,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(
                self.endpoints.query, "the answer is not SPARQL JSON results"
            ) from None
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def update(self, update: str, timeout: float) -> None:
        self.request(
            "POST",
            self.endpoints.update,
            timeout,
            data=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def put_graph(self, graph: str, ntriples: bytes, timeout: float) -> None:
        """Replace ``graph`` by the triples (Graph Store Protocol, indirect identification)."""
        if not self.endpoints.graph_store:
            raise StoreError(self.endpoints.query, "no graph store URL (setting graph_store_url)")
        self.request(
            "PUT",
            self.endpoints.graph_store,
            timeout,
            sending=timeout,
            params={"graph": graph},
            data=ntriples,
            headers={"Content-Type": "application/n-triples"},
        )


def _reason(exc: Exception) -> str:
    """The cause of a requests exception, in a few words (its last clause)."""
    text = str(exc).rstrip(")'\"]").split(":")[-1].strip() or type(exc).__name__
    return " ".join(text.split())[:CAUSE_CHARS]
