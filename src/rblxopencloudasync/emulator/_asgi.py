"""A plain ASGI 3 application in front of an ``Emulator`` (no web framework)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, quote

from ._exchange import Backend

Message = MutableMapping[str, Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class EmulatorASGIApp:
    """Serves an ``Emulator`` over HTTP via any ASGI server (e.g. uvicorn).

    A ``transport_error="read_timeout"`` fault applies the request and then
    holds the connection without answering until the client gives up;
    ``"connect"`` faults are in-process only and stay queued. Every other kind
    of fault applies, with ``latency`` awaited.
    """

    def __init__(self, emulator: Backend) -> None:
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI 3 entry point."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        else:
            raise RuntimeError(f"Unsupported ASGI scope type {scope['type']!r}")

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        raw_path = scope.get("raw_path")
        # Servers may omit raw_path; re-encoding the decoded path is the best fallback.
        path = raw_path.decode("latin-1") if raw_path else quote(scope["path"], safe="/:@!$&'()*+,;=-._~")
        path = path.split("?", 1)[0]
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        headers: dict[str, str] = {}
        for name, value in scope.get("headers", []):
            headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        exchange = self.emulator.open_exchange(
            scope["method"], path, query, headers, bytes(body), transport_errors=("read_timeout",)
        )
        if exchange.transport_error == "read_timeout":
            exchange.respond()  # applied, but the answer never comes
            while (await receive())["type"] != "http.disconnect":
                pass
            return
        if exchange.latency:
            import anyio

            await anyio.sleep(exchange.latency)
        answer = exchange.respond()
        fields = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers]
        if answer.status not in (204, 304):
            # With its length, as Roblox answers: the server would otherwise chunk it.
            fields.append((b"content-length", str(len(answer.body)).encode()))
        await send({"type": "http.response.start", "status": answer.status, "headers": fields})
        await send({"type": "http.response.body", "body": answer.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
