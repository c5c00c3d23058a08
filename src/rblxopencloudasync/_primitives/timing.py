"""Sleeping and whole-attempt deadlines, async and sync side by side."""

from __future__ import annotations

import contextlib
import contextvars
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Generator
from types import TracebackType
from typing import Any, Protocol

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


class AsyncScope(Protocol):
    """What `adeadline` returns: an async context manager."""

    def __aenter__(self) -> Awaitable[Any]: ...
    def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Awaitable[bool | None]: ...


def adeadline(seconds: float | None) -> AsyncScope:
    """A scope that cancels its body after ``seconds`` (``None``: never) with ``TimeoutError``.

    It bounds a whole request attempt, however slowly the server trickles
    its answer. Under asyncio (Python >= 3.11) `_TaskDeadline`, else anyio's
    cancel scope (trio, Python 3.10).
    """
    if seconds is None:
        return _UNBOUNDED
    if sys.version_info >= (3, 11):
        import asyncio

        task = asyncio.current_task() if _running_asyncio() else None
        if task is not None:
            return _TaskDeadline(task, seconds)
    return _anyio_deadline(seconds)


def _running_asyncio() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # not asyncio: trio
        return False
    return True


class _Ready:
    """An awaitable that is done at once: what `_TaskDeadline` enters and leaves with."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return iter(())  # type: ignore[return-value]


_READY = _Ready()
# The timer's callback only cancels the task, so it needs none of the caller's context variables.
_NO_CONTEXT = contextvars.Context()


class _TaskDeadline:
    """``asyncio.timeout(seconds)`` (Python 3.11's semantics) for one attempt, cheaper:
    no coroutine to enter or leave, no instance dict and no context copy per use,
    which matters under fan-out, where each call makes one.

    When the timer fires it cancels the task; on leaving, a cancellation that
    the timer caused (and no one else asked for) becomes ``TimeoutError``.
    """

    __slots__ = ("_cancelling", "_expired", "_handle", "_seconds", "_task")

    def __init__(self, task: Any, seconds: float) -> None:
        self._task = task
        self._seconds = seconds
        self._expired = False
        self._handle: Any = None
        self._cancelling = 0

    def __aenter__(self) -> Awaitable[None]:
        task = self._task
        loop = task.get_loop()
        self._cancelling = task.cancelling()
        self._handle = loop.call_at(loop.time() + self._seconds, self._on_timeout, context=_NO_CONTEXT)
        return _READY

    def _on_timeout(self) -> None:
        self._task.cancel()
        self._expired = True

    def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Awaitable[None]:
        import asyncio

        self._handle.cancel()
        if self._expired and self._task.uncancel() <= self._cancelling and exc_type is asyncio.CancelledError:
            raise TimeoutError from exc
        return _READY


@contextlib.asynccontextmanager
async def _anyio_deadline(seconds: float | None) -> AsyncIterator[None]:
    import anyio

    with anyio.fail_after(seconds):
        yield


def deadline(seconds: float | None) -> contextlib.AbstractContextManager[Any]:
    """Sync partner of `adeadline`: a blocking call cannot be cancelled from
    outside, so the request loop checks the deadline between reads instead."""
    return _UNBOUNDED
