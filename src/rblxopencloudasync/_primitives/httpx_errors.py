"""httpx's exceptions as the SDK's transport errors (both twins' request loop)."""

from __future__ import annotations

import httpx

from .._shared.transport_errors import DeadlineError, MaybeSentError, NotSentError, TransportError

__all__ = ["attempt_error", "from_httpx"]

# Raised before a single byte of the request left this process.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The request may or may not have reached Roblox.
_MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


def from_httpx(exc: httpx.TransportError) -> TransportError:
    """The SDK's error for one of httpx's, named after it, with ``exc`` as its cause."""
    kind = type(exc).__name__
    timeout = isinstance(exc, httpx.TimeoutException)
    if isinstance(exc, _NOT_SENT):
        return NotSentError(kind, exc, timeout=timeout)
    if isinstance(exc, _MAYBE_SENT):
        return MaybeSentError(kind, exc, timeout=timeout)
    return TransportError(kind, exc, timeout=timeout)


def attempt_error(exc: httpx.TransportError | TransportError | TimeoutError) -> TransportError:
    """What the request loop caught, as the SDK's error.

    httpx's errors are mapped here; the aiohttp backend's arrive mapped
    already (``aiohttp_errors.py``); a ``TimeoutError`` is the attempt's own
    deadline.
    """
    if isinstance(exc, TransportError):
        return exc
    if isinstance(exc, httpx.TransportError):
        return from_httpx(exc)
    return DeadlineError(exc)
