"""The few primitives where the async core and the sync twin really differ.

Both variants live here side by side, so the divergence is visible in one place
(psycopg's ``_acompat`` idea). The generator maps each async name to its sync
partner (``asleep`` -> ``sleep``, ``AsyncLoopGuard`` -> ``LoopGuard``, ...), and
this module itself is shared: the sync package re-exports it unchanged.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from typing import IO, Any, Protocol

import httpx

from ._replies import Reply

__all__ = [
    "AsyncHttpClient",
    "AsyncLoopGuard",
    "HttpClient",
    "LoopGuard",
    "adeadline",
    "aiter_file",
    "asleep",
    "deadline",
    "iter_file",
    "make_async_client",
    "make_sync_client",
    "sleep",
]


class AsyncHttpClient(Protocol):
    """A client that sends one request and reads its answer itself (the aiohttp backend).

    httpx clients are driven by the request loop directly; this is the
    interface of the clients that are not httpx's.
    """

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Any,
        content: bytes | AsyncIterator[bytes] | None,
        headers: dict[str, str],
        timeout: Any,
        max_body: int,
    ) -> Reply: ...

    async def aclose(self) -> None: ...


HttpClient = httpx.Client
"""Sync partner of `AsyncHttpClient`: the sync twin only ever uses httpx's client."""


def make_async_client(
    backend: str,
    transport: httpx.AsyncBaseTransport | None,
    headers: dict[str, str],
    timeout: httpx.Timeout,
) -> httpx.AsyncClient | AsyncHttpClient:
    """The pooled client for ``http_backend``: httpx's, or aiohttp's without httpx in between."""
    if backend == "aiohttp":
        from ._fast import AiohttpClient

        return AiohttpClient(headers=headers, timeout=timeout)
    return httpx.AsyncClient(transport=transport, headers=headers, timeout=timeout, follow_redirects=False)


def make_sync_client(
    backend: str,
    transport: httpx.BaseTransport | None,
    headers: dict[str, str],
    timeout: httpx.Timeout,
) -> httpx.Client:
    """Sync partner of `make_async_client`; aiohttp is async-only."""
    if backend == "aiohttp":
        raise ValueError(
            "http_backend='aiohttp' is only available in rblxopencloudasync; "
            "the sync client uses httpx's own transport"
        )
    return httpx.Client(transport=transport, headers=headers, timeout=timeout, follow_redirects=False)


async def asleep(seconds: float) -> None:
    """Sleep on whichever event loop runs us (asyncio or trio, through anyio)."""
    import anyio  # imported here so `import rblxopencloud` never pays for it

    await anyio.sleep(seconds)


def sleep(seconds: float) -> None:
    """Blocking sleep for the sync twin."""
    time.sleep(seconds)


def adeadline(seconds: float | None) -> contextlib.AbstractAsyncContextManager[Any]:
    """A scope that cancels its body after ``seconds`` (``None``: never) with ``TimeoutError``.

    It bounds a whole request attempt, however slowly the server trickles
    its answer. ``asyncio.timeout`` where it exists (cheapest), else anyio's
    cancel scope (trio, Python 3.10).
    """
    if sys.version_info >= (3, 11):
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not asyncio: trio
            pass
        else:
            return asyncio.timeout(seconds)
    return _anyio_deadline(seconds)


@contextlib.asynccontextmanager
async def _anyio_deadline(seconds: float | None) -> AsyncIterator[None]:
    import anyio

    with anyio.fail_after(seconds):
        yield


def deadline(seconds: float | None) -> contextlib.AbstractContextManager[Any]:
    """Sync partner of `adeadline`: a blocking call cannot be cancelled from
    outside, so the request loop checks the deadline between reads instead."""
    return contextlib.nullcontext()


_CHUNK = 256 * 1024


async def aiter_file(file: IO[bytes], length: int) -> AsyncIterator[bytes]:
    """``length`` bytes of ``file`` in chunks, each read in a worker thread so
    a slow disk never blocks the event loop."""
    import anyio

    while length > 0:
        chunk = await anyio.to_thread.run_sync(file.read, min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk


def iter_file(file: IO[bytes], length: int) -> Iterator[bytes]:
    """Sync partner of `aiter_file`."""
    while length > 0:
        chunk = file.read(min(_CHUNK, length))
        if not chunk:
            raise ValueError("the file ended before its expected length")
        length -= len(chunk)
        yield chunk


def _current_loop() -> object:
    """An object identifying the running event loop (asyncio loop or trio run)."""
    import asyncio  # here, not at the top: the sync twin imports this module too

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    import trio  # only reachable when running under trio

    return trio.lowlevel.current_trio_token()


async def _close_at_loop_shutdown(client: httpx.AsyncClient | AsyncHttpClient) -> AsyncGenerator[None, None]:
    # An async generator that is parked at its ``yield``: asyncio.run() (through
    # loop.shutdown_asyncgens) and trio.run() both ``aclose()`` such generators
    # on their own loop before it closes, which closes the pool at the right
    # time, with no "Event loop is closed" and no unclosed-socket warnings.
    try:
        yield
    finally:
        await client.aclose()


class AsyncLoopGuard:
    """Ties a pooled ``httpx.AsyncClient`` to the event loop that created it.

    A client cannot be reused on another loop (its sockets belong to the old
    one), so callers ask `is_current` and build a new client when the
    loop changed, e.g. between two ``asyncio.run()`` calls.
    """

    __slots__ = ("_closer", "_loop")

    def __init__(self) -> None:
        self._loop: object | None = None
        self._closer: AsyncGenerator[None, None] | None = None

    def locked(self) -> contextlib.AbstractContextManager[Any]:
        """No lock: a client is built and bound before the first ``await``, so
        concurrent tasks on one loop cannot both build one."""
        return contextlib.nullcontext()

    def is_current(self) -> bool:
        """Whether the bound client belongs to the running loop."""
        return self._loop is not None and self._loop is _current_loop()

    async def bind(self, client: httpx.AsyncClient | AsyncHttpClient) -> None:
        """Bind ``client`` to the running loop; it is closed when the loop shuts down."""
        self._loop = _current_loop()
        closer = _close_at_loop_shutdown(client)
        self._closer = closer
        await closer.__anext__()  # runs up to the yield: registers with the loop

    async def aclose(self) -> None:
        """Close the bound client now if it belongs to the running loop.

        A client of a finished loop was already closed by that loop's shutdown
        (or cannot be closed from here), so it is only forgotten.
        """
        current = self.is_current()
        closer, self._closer, self._loop = self._closer, None, None
        if closer is not None and current:
            await closer.aclose()


class LoopGuard:
    """Sync partner of `AsyncLoopGuard`: a sync client has no loop to outlive."""

    __slots__ = ("_client", "_lock")

    def __init__(self) -> None:
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    def locked(self) -> contextlib.AbstractContextManager[Any]:
        """The lock under which a client is built, so that threads making their
        first call at once share one client instead of each building (and
        leaking) their own."""
        return self._lock

    def is_current(self) -> bool:
        """Whether a client is bound."""
        return self._client is not None

    def bind(self, client: httpx.Client) -> None:
        """Remember ``client`` so `close` can close it."""
        self._client = client

    def close(self) -> None:
        """Close the bound client."""
        client, self._client = self._client, None
        if client is not None:
            client.close()
