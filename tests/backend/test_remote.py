"""The store client (natokg.backend.remote) on a stand-in store: a socket server that, like
Oxigraph's server inserting 10⁶ triples, stops reading a large PUT for a while."""

from __future__ import annotations

import socket
import threading
import time

from natokg.backend.remote import CONNECT_TIMEOUT, Endpoints, Store

BODY = b"<urn:s> <urn:p> <urn:o> .\n" * 400_000  # about 10 MB: more than the socket buffers


def busy_store(pause: float) -> tuple[str, list[int]]:
    """A one-request store that reads the request line and headers, pauses, then reads the
    body and answers 204; the body's length is recorded."""
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[int] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn, listener:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            time.sleep(pause)
            while len(body) < length:
                body += conn.recv(1 << 20)
            received.append(len(body))
            conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", received


def test_a_large_put_waits_for_a_store_busy_reading_it() -> None:
    url, received = busy_store(pause=CONNECT_TIMEOUT + 1.5)
    store = Store(Endpoints(url + "/query", url + "/update", url + "/store"))
    started = time.monotonic()
    store.put_graph("urn:natokg:graph", BODY, timeout=30)
    assert received == [len(BODY)]
    assert time.monotonic() - started >= CONNECT_TIMEOUT + 1.5
