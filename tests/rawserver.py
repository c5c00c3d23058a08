"""A tiny HTTP/1.1 server on loopback whose answers a test scripts byte by byte.

For what the emulator cannot do on purpose: trickle a body, send a huge one,
redirect elsewhere, drop a connection. ``handler(conn, request)`` gets the
socket and the raw request head and writes whatever it likes.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Handler = Callable[[socket.socket, bytes], None]


@contextmanager
def raw_server(handler: Handler) -> Iterator[tuple[str, list[bytes]]]:
    """Serve ``handler`` on 127.0.0.1; yields the base URL and the request heads seen."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.05)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(65536)
                    if not data:
                        return
                    head += data
                seen.append(head)
                handler(conn, head)
            except OSError:
                pass

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            worker = threading.Thread(target=serve_one, args=(conn,), daemon=True)
            worker.start()
            workers.append(worker)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    finally:
        stop.set()
        thread.join(5)
        server.close()
        for worker in workers:
            worker.join(10)


def head(status: int = 200, **headers: str) -> bytes:
    """A response head with ``headers`` (underscores become dashes); the
    connection is closed after each answer."""
    fields = {"connection": "close", **{k.replace("_", "-"): v for k, v in headers.items()}}
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in fields.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
