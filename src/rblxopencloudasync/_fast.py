"""An httpx transport on aiohttp, for async programs making many concurrent calls.

httpx's own async transport is slow under heavy concurrency; aiohttp's
connection pool is not. Selected with ``http_backend="aiohttp"`` (needs the
``aiohttp`` extra). The SDK still speaks httpx above this layer, so retries,
errors and options behave identically.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

__all__ = ["AiohttpTransport"]


def _require_aiohttp() -> Any:
    try:
        import aiohttp
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "http_backend='aiohttp' needs aiohttp: pip install 'rblx-open-cloud[aiohttp]'"
        ) from None
    return aiohttp


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests through one pooled ``aiohttp.ClientSession``.

    The session is created lazily on the running loop; the SDK builds one
    transport per event loop and closes it with the client.
    """

    def __init__(self, *, max_connections: int = 100) -> None:
        self._aiohttp = _require_aiohttp()
        self._max_connections = max_connections
        self._session: Any = None

    def _get_session(self) -> Any:
        if self._session is None:
            aiohttp = self._aiohttp
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._max_connections),
                auto_decompress=False,  # httpx decodes according to content-encoding
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept", "Content-Type"),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        aiohttp = self._aiohttp
        timeouts = request.extensions.get("timeout", {})
        timeout = aiohttp.ClientTimeout(
            sock_connect=timeouts.get("connect"),
            sock_read=timeouts.get("read"),
            connect=timeouts.get("pool"),
        )
        body = await request.aread()
        try:
            async with self._get_session().request(
                request.method,
                str(request.url),
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
                data=body or None,
                allow_redirects=False,
                timeout=timeout,
                compress=None,
            ) as response:
                content = await response.read()
                headers = [(k, v) for k, v in response.raw_headers]
                status = response.status
        except aiohttp.ConnectionTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc), request=request) from exc
        except (aiohttp.ServerTimeoutError, asyncio.TimeoutError) as exc:
            raise httpx.ReadTimeout(str(exc), request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except aiohttp.ServerDisconnectedError as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.ReadError(str(exc), request=request) from exc
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()
