"""Calling the user's webhook handlers: the async core awaits async ones and calls
sync ones; the sync twin calls sync ones and refuses ``async def`` handlers."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["acall_handler", "acheck_handler", "call_handler", "check_handler"]


def _is_async(func: Callable[..., Any]) -> bool:
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(type(func).__call__)


def acheck_handler(func: Callable[..., Any]) -> None:
    """The async core takes sync and async handlers alike."""


def check_handler(func: Callable[..., Any]) -> None:
    """The sync twin refuses an ``async def`` handler when it is registered."""
    if _is_async(func):
        raise TypeError(
            f"{getattr(func, '__name__', 'the handler')} is an async function: rblxopencloud.Webhook "
            "calls its handlers synchronously. Make it a plain function, or use "
            "rblxopencloudasync.Webhook, which awaits async handlers"
        )


async def acall_handler(func: Callable[..., Any], *args: Any) -> None:
    """Call ``func`` and await its result when it is awaitable."""
    result = func(*args)
    if inspect.isawaitable(result):
        await result


def call_handler(func: Callable[..., Any], *args: Any) -> None:
    """Call ``func``; an awaitable result (a handler that hid its coroutine) is an error."""
    result = func(*args)
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if close is not None:
            close()  # no "never awaited" warning: the error below says what went wrong
        raise TypeError(
            f"{getattr(func, '__name__', 'the handler')} returned an awaitable: rblxopencloud.Webhook "
            "cannot await it; use rblxopencloudasync.Webhook for async handlers"
        )
