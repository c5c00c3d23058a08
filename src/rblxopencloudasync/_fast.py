"""A pooled aiohttp client for async programs making many concurrent calls.

httpx's async stack costs several times more CPU per request than aiohttp's
(URL and header models, cookie extraction, ...), which caps fan-out
throughput. With ``http_backend="aiohttp"`` (the ``aiohttp`` extra) the request
loop talks to an ``aiohttp.ClientSession`` directly through this small class,
which has the two methods of ``httpx.AsyncClient`` the SDK uses and raises
httpx's exception types, so retries, errors and options behave identically.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx

__all__ = ["AiohttpClient", "AiohttpReply"]


def _require_aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "http_backend='aiohttp' needs aiohttp: pip install 'rblx-open-cloud[aiohttp]'"
        ) from None
    return aiohttp


class AiohttpReply:
    """A fully read response: status, headers (case-insensitive) and body."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content


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
        self._session: Any = None
        self.is_closed = False

    def _open(self) -> Any:
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
        if not isinstance(timeout, httpx.Timeout):  # httpx.USE_CLIENT_DEFAULT
            timeout = self._default_timeout
        key = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        converted = self._timeouts.get(key)
        if converted is None:
            converted = self._timeouts[key] = self._aiohttp.ClientTimeout(
                total=None, connect=timeout.pool, sock_connect=timeout.connect, sock_read=timeout.read
            )
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
    ) -> AiohttpReply:
        """Send one request and read the whole response."""
        aiohttp = self._aiohttp
        session = self._session or self._open()
        try:
            # encoded=True: the SDK's paths are already percent-encoded, and
            # yarl must neither decode them again nor collapse %2E%2E segments.
            async with session.request(
                method,
                self._url(url, encoded=True),
                params=params,
                data=content,
                headers=headers,
                timeout=self._timeout(timeout),
                allow_redirects=False,
            ) as response:
                body = await response.read()
                return AiohttpReply(response.status, response.headers, body)
        except aiohttp.ConnectionTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc)) from exc
        except (aiohttp.ServerTimeoutError, asyncio.TimeoutError) as exc:
            raise httpx.ReadTimeout(str(exc)) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc)) from exc
        except aiohttp.ServerDisconnectedError as exc:
            raise httpx.RemoteProtocolError(str(exc)) from exc
        except aiohttp.ClientError as exc:
            raise httpx.ReadError(str(exc)) from exc

    async def aclose(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        self.is_closed = True
        if session is not None:
            await session.close()
