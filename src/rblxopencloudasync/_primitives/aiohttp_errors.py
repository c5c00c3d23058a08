"""aiohttp's exceptions as the SDK's transport errors (the aiohttp backend only).

The kinds are named like httpx's, so messages read the same on both backends.
"""

from __future__ import annotations

import asyncio

from .._shared.transport_errors import MaybeSentError, NotSentError, TransportError

__all__ = ["from_aiohttp"]


def from_aiohttp(exc: Exception) -> TransportError:
    """The SDK's error for an ``aiohttp.ClientError`` or ``asyncio.TimeoutError``,
    with ``exc`` as its cause."""
    # Imported here: only the aiohttp backend calls this, and importing the SDK
    # must not load aiohttp.
    import aiohttp

    # ConnectionTimeoutError (a ServerTimeoutError) is the connect or pool
    # wait running out: nothing was sent.
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return NotSentError("ConnectTimeout", exc, timeout=True)
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return MaybeSentError("ReadTimeout", exc, timeout=True)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return NotSentError("ConnectError", exc)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return MaybeSentError("RemoteProtocolError", exc)
    return MaybeSentError("ReadError", exc)
