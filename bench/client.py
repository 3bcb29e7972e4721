"""A small SPARQL-protocol client over one keep-alive HTTP connection (for c=1 latency)."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    path: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"


@dataclass(frozen=True)
class Request:
    """A SPARQL query as sent: POST form body and headers (also what wrk sends)."""

    body: bytes
    headers: dict[str, str]

    @classmethod
    def form(cls, query: str, accept: str, extra: dict[str, str] | None = None) -> Request:
        body = urlencode({"query": query, **(extra or {})}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return cls(body, headers)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    seconds: float


class Client:
    def __init__(self, endpoint: Endpoint, timeout: float) -> None:
        self.endpoint, self.timeout = endpoint, timeout
        self._conn: http.client.HTTPConnection | None = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, request: Request) -> Response:
        """One request; a dropped keep-alive connection is reopened once."""
        for attempt in (1, 2):
            conn = self._connection()
            start = time.perf_counter()
            try:
                conn.request("POST", self.endpoint.path, body=request.body, headers=request.headers)
                resp = conn.getresponse()
                body = resp.read()
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - start
            if resp.getheader("Connection", "").lower() == "close":
                self.close()
            return Response(resp.status, resp.getheader("Content-Type", ""), body, seconds)
        raise AssertionError("unreachable")

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(
                self.endpoint.host, self.endpoint.port, timeout=self.timeout
            )
        return self._conn
