"""Sleeping and whole-attempt deadlines, async and sync side by side."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

__all__ = ["asleep", "sleep", "adeadline", "deadline"]

# A scope that bounds nothing. nullcontext keeps no state, so one object
# serves every attempt (as a sync and as an async context manager).
_UNBOUNDED = contextlib.nullcontext()


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
    if seconds is None:
        return _UNBOUNDED
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
    return _UNBOUNDED
