"""Talking to a live server byte by byte, and what no answer may ever contain.

:func:`send` writes a request exactly as given — invalid percent-encoding, raw NUL or 0xFF
bytes, broken headers — which ``requests`` and ``http.client`` refuse to produce, and reads the
answer until the server closes the connection.
"""

from __future__ import annotations

import re
import socket
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tests.live import ROOT

#: Signs of a leaked traceback or debugger page.
DEBUG_MARKERS = (
    "Traceback (most recent call last)",
    'File "/',
    "Werkzeug Debugger",
    "werkzeug/debug",
    "The debugger caught an exception",
    "__debugger__",
    "console locked",
)
#: Local paths no answer may reveal (the tests' own temporary directories are added per test).
LOCAL_PATHS = (
    str(ROOT),
    "/work/",
    "site-packages",
    str(Path(sys.prefix)),
    str(Path(tempfile.gettempdir())) + "/",  # where the tests' builds are
    "/tmp/",
    "/home/",
)


@dataclass(frozen=True)
class Reply:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass(frozen=True)
class Request:
    """One raw HTTP/1.1 request: ``target`` is sent as is (path and query string)."""

    target: bytes
    method: bytes = b"GET"
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""

    def encode(self) -> bytes:
        lines = [self.method + b" " + self.target + b" HTTP/1.1", b"Host: 127.0.0.1"]
        lines += [name + b": " + value for name, value in self.headers]
        if self.body or self.method == b"POST":
            lines.append(b"Content-Length: %d" % len(self.body))
        lines.append(b"Connection: close")
        return b"\r\n".join(lines) + b"\r\n\r\n" + self.body


def send(port: int, request: Request | bytes, timeout: float = 15) -> Reply:
    """Send ``request`` to 127.0.0.1:``port`` and read the whole answer."""
    data = request.encode() if isinstance(request, Request) else request
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(1 << 16):
            chunks.append(chunk)
    return parse_reply(b"".join(chunks))


def parse_reply(raw: bytes) -> Reply:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3}) ?(.*)", status_line)
    assert match, f"not an HTTP response: {raw[:200]!r}"
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    return Reply(int(match.group(1)), match.group(2), headers, body)


def _dechunk(data: bytes) -> bytes:
    out, pos = b"", 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return out
        out += data[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2


def assert_clean(text: str, extra_paths: Iterable[str] = ()) -> None:
    """No traceback, debugger page or local path in ``text``."""
    for marker in DEBUG_MARKERS:
        assert marker not in text, f"debug output ({marker!r}) in: {text[:500]}"
    for path in (*LOCAL_PATHS, *extra_paths):
        assert path not in text, f"local path {path!r} in: {text[:500]}"
