"""Ties a pooled client to the event loop (async) or guards it with a lock (sync)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncGenerator
from typing import Any

import httpx

from .http import AsyncHttpClient

__all__ = ["AsyncLoopGuard", "LoopGuard"]


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
