"""The pooled HTTP client of each twin: httpx's, or aiohttp's in the async core."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from typing import Any, Protocol

import httpx

from .._shared.replies import Reply

__all__ = ["AsyncHttpClient", "HttpClient", "make_async_client", "make_sync_client"]


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


# Up to 100 connections on either backend. httpx keeps its default of 20 alive
# between requests: with all 100 kept alive, httpcore's async pool spends
# about three times the CPU per request at 1,000 concurrent calls (measured by
# nox -s bench on raw httpx and the SDK alike); aiohttp's connector keeps its 100.
_MAX_CONNECTIONS = 100
_LIMITS = httpx.Limits(max_connections=_MAX_CONNECTIONS, max_keepalive_connections=20)


def _verify(base_url: str) -> Any:
    """httpx's ``verify=`` for a client of ``base_url``.

    For a plain ``http://`` base URL (the emulator, tests) an empty TLS context:
    nothing is ever sent over TLS, so the certificate store (several megabytes,
    tens of milliseconds) is not loaded; an ``https://`` URL sent through this
    client would fail verification, never go unverified. Otherwise ``True``:
    httpx's default certificates.
    """
    if base_url.startswith("http://"):
        import ssl

        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return True


def _httpx_settings(base_url: str, headers: dict[str, str], timeout: httpx.Timeout) -> dict[str, Any]:
    """The settings of every httpx client the SDK builds, sync or async (redirects are
    never followed: credentials must not travel to another host)."""
    return {
        "headers": headers,
        "timeout": timeout,
        "limits": _LIMITS,
        "verify": _verify(base_url),
        "follow_redirects": False,
    }


def _under_asyncio() -> bool:
    import asyncio  # here, not at the top: the sync twin imports this module too

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def make_async_client(
    backend: str,
    transport: httpx.AsyncBaseTransport | None,
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
) -> httpx.AsyncClient | AsyncHttpClient:
    """The pooled client for ``http_backend``: httpx's, or aiohttp's without httpx in between.

    ``"auto"`` is aiohttp under asyncio and httpx otherwise: under trio, with
    a caller's ``transport`` (which only httpx can drive), and in a process that
    loaded respx, whose mocks patch httpx: a test's mocked routes must see the
    SDK's requests rather than have them sent for real. It is decided here,
    when the pool is built on the running loop, so one entry point gets the
    right client on each loop it is used from.
    """
    if backend == "auto":
        fast = transport is None and "respx" not in sys.modules and _under_asyncio()
        backend = "aiohttp" if fast else "httpx"
    if backend == "aiohttp":
        from .aiohttp_client import AiohttpClient

        return AiohttpClient(headers=headers, timeout=timeout, max_connections=_MAX_CONNECTIONS)
    return httpx.AsyncClient(transport=transport, **_httpx_settings(base_url, headers, timeout))


def make_sync_client(
    backend: str,
    transport: httpx.BaseTransport | None,
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
) -> httpx.Client:
    """Sync partner of `make_async_client`: always httpx (``"auto"`` too); aiohttp is async-only."""
    if backend == "aiohttp":
        raise ValueError(
            "http_backend='aiohttp' is only available in rblxopencloudasync; "
            "the sync client uses httpx's own transport"
        )
    return httpx.Client(transport=transport, **_httpx_settings(base_url, headers, timeout))
