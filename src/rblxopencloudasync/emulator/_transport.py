"""In-process httpx transport: no sockets, one object for sync and async clients."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

import httpx

from ._area import Response
from ._exchange import Backend, Exchange


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Routes httpx requests straight into an ``Emulator``.

    Works with ``httpx.Client(transport=...)`` and ``httpx.AsyncClient(transport=...)``.
    """

    def __init__(self, emulator: Backend) -> None:
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request from a synchronous client."""
        exchange = self._open(request, request.read())
        if exchange.latency:
            time.sleep(exchange.latency)
        return self._finish(request, exchange)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a request from an asynchronous client (asyncio or trio)."""
        exchange = self._open(request, await request.aread())
        if exchange.latency:
            import anyio

            await anyio.sleep(exchange.latency)
        return self._finish(request, exchange)

    def _open(self, request: httpx.Request, body: bytes) -> Exchange:
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        query = parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)
        headers = {name: value for name, value in request.headers.items()}
        return self.emulator.open_exchange(
            request.method, path, query, headers, body, transport_errors=("connect", "read_timeout")
        )

    @staticmethod
    def _finish(request: httpx.Request, exchange: Exchange) -> httpx.Response:
        if exchange.transport_error == "connect":
            raise httpx.ConnectError("Emulator: injected connection failure", request=request)
        answer: Response = exchange.respond()
        if exchange.transport_error == "read_timeout":
            raise httpx.ReadTimeout("Emulator: injected read timeout", request=request)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
