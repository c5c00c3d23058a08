"""A pooled aiohttp client for async programs making many concurrent calls.

httpx's async stack costs several times more CPU per request than aiohttp's
(URL and header models, cookie extraction, ...), which caps fan-out
throughput. Under asyncio (``http_backend="auto"``, the default, or
``"aiohttp"``) the request loop talks to an ``aiohttp.ClientSession`` directly through this small class,
which reads answers within the same limits and raises the SDK's transport
errors (``aiohttp_errors.py``), so retries, errors and options behave
identically.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx

from .._shared.options import attempt_bound
from .._shared.replies import ERROR_BODY_BYTES, ReadReply, too_large
from .aiohttp_errors import from_aiohttp

__all__ = ["AiohttpClient"]


def _require_aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the aiohttp backend needs aiohttp, a dependency of rblx-open-cloud: reinstall it "
            "(pip install rblx-open-cloud), or pass http_backend='httpx'"
        ) from None
    return aiohttp


class AiohttpClient:
    """One ``aiohttp.ClientSession``, opened lazily on the running loop.

    The SDK builds one per event loop (like its httpx clients) and closes it
    with `aclose` or when the loop shuts down.
    """

    def __init__(
        self, *, headers: dict[str, str], timeout: httpx.Timeout, max_connections: int = 100
    ) -> None:
        self._aiohttp = _require_aiohttp()
        from yarl import URL  # aiohttp's own URL type

        self._url = URL
        self._headers = headers
        self._max_connections = max_connections
        self._default_timeout = timeout
        self._timeouts: dict[tuple[float | None, ...], Any] = {}
        # The last timeout converted and its conversion: a client sees one
        # timeout object call after call, so this skips building the key.
        self._last_timeout: Any = None
        self._last_converted: Any = None
        self._session: Any = None
        self.is_closed = False

    def _open(self) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "http_backend='aiohttp' needs asyncio (aiohttp runs on asyncio only); "
                "under trio, use http_backend='auto' (the default) or 'httpx'"
            ) from None
        aiohttp = self._aiohttp
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._max_connections),
            headers=self._headers,
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        # aiohttp resends an idempotent request once on its own when a pooled
        # connection turns out closed; the SDK's retry policy must be the only one.
        self._session._retry_connection = False
        return self._session

    def _timeout(self, timeout: Any) -> Any:
        if timeout is self._last_timeout:
            return self._last_converted
        given = timeout
        # The request loop bounds each attempt by attempt_bound(its timeout,
        # or the default for httpx.USE_CLIENT_DEFAULT), computed the same way here.
        bound = attempt_bound(timeout if isinstance(timeout, httpx.Timeout) else None, None)
        if not isinstance(timeout, httpx.Timeout):  # httpx.USE_CLIENT_DEFAULT
            timeout = self._default_timeout
        # A read timeout as long as that bound can never fire first (the
        # bound started earlier), so aiohttp is spared its timer per read.
        read = (
            None if timeout.read is not None and bound is not None and timeout.read >= bound else timeout.read
        )
        key = (timeout.connect, read, timeout.write, timeout.pool)
        converted = self._timeouts.get(key)
        if converted is None:
            converted = self._timeouts[key] = self._aiohttp.ClientTimeout(
                total=None, connect=timeout.pool, sock_connect=timeout.connect, sock_read=read
            )
        self._last_timeout, self._last_converted = given, converted
        return converted

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
    ) -> ReadReply:
        """Send one request and read its answer (at most ``max_body`` bytes of a 2xx)."""
        aiohttp = self._aiohttp
        session = self._session or self._open()
        try:
            # encoded=True: the SDK's paths are already percent-encoded, and
            # yarl must neither decode them again nor collapse %2E%2E segments.
            # Awaited rather than entered with `async with`: the context
            # manager's own coroutines would stay alive for the whole exchange.
            response = await session.request(
                method,
                self._url(url, encoded=True),
                params=params,
                data=content,
                headers=headers,
                timeout=self._timeout(timeout),
                allow_redirects=False,
            )
            try:
                status = response.status
                limit = max_body if status < 300 else ERROR_BODY_BYTES
                declared = response.content_length
                if declared is not None and declared <= limit:
                    body = await response.read()  # the common case: bounded by Content-Length
                elif declared is not None and status < 300:
                    raise too_large(status, method, limit)
                else:
                    body = await _read_capped(response.content, status, method, limit)
                return ReadReply(status, response.headers, body)
            finally:
                # What leaving `async with` does: hand the connection back, then
                # wait for the request body's writer to stop.
                response.release()
                await response.wait_for_close()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise from_aiohttp(exc) from exc

    async def aclose(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        self.is_closed = True
        if session is not None:
            await session.close()


async def _read_capped(content: Any, status: int, method: str, limit: int) -> bytes:
    """A body of unknown length, read up to ``limit`` bytes (an error body is cut there)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await content.readany():
        size += len(chunk)
        if size > limit:
            if status < 300:
                raise too_large(status, method, limit)
            chunks.append(chunk[: len(chunk) - (size - limit)])
            break
        chunks.append(chunk)
    return b"".join(chunks)
