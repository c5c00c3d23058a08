"""The transport core: options, auth, one pooled HTTP client, and the request loop.

Every API call of every area goes through `BaseClient.request`, which adds
auth, sends, retries under the policy of ``_retry.py`` and turns error
responses into the exceptions of ``exceptions.py``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from typing import IO, Any, Literal, TypeVar, overload

import httpx

from . import _retry
from ._compat import AsyncHttpClient, AsyncLoopGuard, Reply, aiter_file, asleep, make_async_client
from ._fields import ResponseShapeError
from ._version import __version__
from ._wire import dump_json
from .exceptions import NetworkError, RequestTimeout, UnexpectedResponse, exception_for_status

__all__ = ["DEFAULT_BASE_URL", "ENV_BASE_URL", "BaseClient", "HttpBackend"]

DEFAULT_BASE_URL = "https://apis.roblox.com"
ENV_BASE_URL = "RBLX_OPEN_CLOUD_BASE_URL"
# No pool timeout: waiting for a free pooled connection is normal under fan-out,
# not a network failure.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=None)

HttpBackend = Literal["httpx", "aiohttp"]

logger = logging.getLogger("rblxopencloud")

T = TypeVar("T")

_USER_AGENT = f"rblx-open-cloud/{__version__}"


class _Pool:
    """The lazily built HTTP client of one entry point, shared by its option copies."""

    def __init__(
        self,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        backend: HttpBackend,
    ) -> None:
        self.user_client = http_client
        self.transport = transport
        self.backend = backend
        self.client: AsyncHttpClient | None = None
        self.guard = AsyncLoopGuard()

    async def get(self) -> AsyncHttpClient:
        if self.user_client is not None:
            return self.user_client
        if self.client is None or not self.guard.is_current():
            # Build and assign before the first await so concurrent first calls
            # share one client instead of racing to build several.
            client = self.client = self.new_client()
            await self.guard.bind(client)
        return self.client

    def new_client(self) -> AsyncHttpClient:
        return make_async_client(self.backend, self.transport, {"user-agent": _USER_AGENT}, DEFAULT_TIMEOUT)

    async def aclose(self) -> None:
        self.client = None
        await self.guard.aclose()


class BaseClient:
    """Options, credentials and the pooled HTTP client shared by an entry point.

    One instance belongs to each entry point (``Experience``, ...) and is shared
    by every object derived from it. The HTTP client is created on first use and
    reused by every call; in the async core it is rebuilt when the event loop
    changes (e.g. a second ``asyncio.run()``) and closed when its loop shuts down.
    `copy` makes a client with other options over the same pool.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        bearer_token: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: HttpBackend = "httpx",
    ) -> None:
        if api_key is not None and (not isinstance(api_key, str) or not api_key):
            raise TypeError("api_key must be a non-empty str")
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        if http_backend not in ("httpx", "aiohttp"):
            raise ValueError("http_backend must be 'httpx' or 'aiohttp'")
        if http_backend != "httpx" and (http_client is not None or transport is not None):
            raise ValueError("http_backend='aiohttp' cannot be combined with http_client or transport")
        url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"base_url must start with https:// or http://, got {url!r}")
        self.base_url = url.rstrip("/")
        # None: the HTTP client's own timeout (ours defaults to DEFAULT_TIMEOUT;
        # a caller-supplied http_client keeps its own).
        self.timeout = _check_timeout(timeout)
        self.policy = _retry.RetryPolicy(max_retries=_check_retries(max_retries))
        # Credentials only ever live in this dict, never in the HTTP client's
        # defaults, reprs or logs.
        self._auth: dict[str, str] = {}
        if api_key is not None:
            self._auth["x-api-key"] = api_key
        if bearer_token is not None:
            self._auth["authorization"] = f"Bearer {bearer_token}"
        self._pool = _Pool(http_client, transport, http_backend)

    def __repr__(self) -> str:
        return f"<BaseClient base_url={self.base_url!r}>"

    @property
    def _client(self) -> AsyncHttpClient | None:
        """The pooled client, if one is open (for tests and introspection)."""
        return self._pool.client

    def copy(
        self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> BaseClient:
        """A client with changed options sharing this one's credentials and pool."""
        clone = object.__new__(BaseClient)
        clone.__dict__.update(self.__dict__)
        if timeout is not None:
            clone.timeout = _check_timeout(timeout)
        if max_retries is not None:
            clone.policy = _retry.RetryPolicy(max_retries=_check_retries(max_retries))
        return clone

    async def aclose(self) -> None:
        """Close the pooled client (a caller-supplied ``http_client`` is left open)."""
        await self._pool.aclose()

    def web_url(self, service: str) -> str:
        """The root URL of a classic web API such as ``badges`` (``https://badges.roblox.com``).

        With a custom ``base_url`` (the emulator, a proxy) it is
        ``{base_url}/_web/{service}`` instead, so tests never reach Roblox.
        """
        if self.base_url == DEFAULT_BASE_URL:
            return f"https://{service}.roblox.com"
        return f"{self.base_url}/_web/{service}"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        stream: IO[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
    ) -> Reply:
        """Send a request, retrying under the policy, and return the 2xx response.

        ``path`` is relative to ``base_url``, or a full URL (see `web_url`).
        ``stream`` is a seekable binary file sent in chunks with its
        ``Content-Length`` (Roblox rejects chunked bodies); each retry rewinds
        it. ``auth=False`` sends no credentials (classic web APIs must never
        see the API key). ``idempotent`` defaults from the method (GET/PUT/DELETE
        yes, POST/PATCH no); resource methods set it explicitly where the
        operation decides. Raises an `rblxopencloud.HttpException` subclass for
        error statuses and `rblxopencloud.NetworkError` when no answer came.
        """
        if idempotent is None:
            idempotent = method in _retry.IDEMPOTENT_METHODS
        retries = self.policy.max_retries
        query = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        send_headers = dict(self._auth) if auth else {}
        if headers:
            send_headers.update(headers)
        if json is not None:
            content = dump_json(json, "request body").encode()
            send_headers["content-type"] = "application/json"
        start = length = 0
        if stream is not None:
            start = stream.tell()
            length = stream.seek(0, 2) - start
            send_headers["content-length"] = str(length)
        url = path if path.startswith(("https://", "http://")) else self.base_url + path
        attempt = 0
        while True:
            client = await self._pool.get()
            if stream is not None:
                stream.seek(start)
            try:
                response = await client.request(
                    method,
                    url,
                    params=query or None,  # an empty dict would make httpx rebuild the URL
                    content=content if stream is None else aiter_file(stream, length),
                    headers=send_headers,
                    timeout=httpx.USE_CLIENT_DEFAULT if self.timeout is None else self.timeout,
                )
            except httpx.TransportError as exc:
                if attempt < retries and _retry.retryable_error(exc, idempotent):
                    delay = self.policy.backoff(attempt)
                    logger.debug("%s %s failed (%s); retry in %.2fs", method, path, type(exc).__name__, delay)
                    attempt += 1
                    await asleep(delay)
                    continue
                if isinstance(exc, httpx.TimeoutException):
                    raise RequestTimeout(f"{method} {path} timed out: {type(exc).__name__}") from exc
                raise NetworkError(f"{method} {path} failed: {type(exc).__name__}") from exc
            status = response.status_code
            if status < 300:  # Open Cloud does not redirect; a 3xx is reported as an error
                logger.debug("%s %s -> %d", method, path, status)
                return response
            hint = _retry.retry_after_seconds(status, response.headers)
            # A hint longer than the cap is not slept through: the caller gets
            # the error with retry_after and decides.
            patient = hint is None or hint <= self.policy.max_retry_after
            if attempt < retries and patient and _retry.retryable_status(status, idempotent):
                delay = hint if hint is not None else self.policy.backoff(attempt)
                logger.debug("%s %s -> %d; retry in %.2fs", method, path, status, delay)
                attempt += 1
                await asleep(delay)
                continue
            logger.debug("%s %s -> %d (giving up after %d attempts)", method, path, status, attempt + 1)
            raise exception_for_status(status, _body(response), retry_after=hint)

    @overload
    async def request_json(
        self, method: str, path: str, *, parse: Callable[[Any], T], **kwargs: Any
    ) -> T: ...
    @overload
    async def request_json(self, method: str, path: str, **kwargs: Any) -> Any: ...
    async def request_json(
        self, method: str, path: str, *, parse: Callable[[Any], Any] | None = None, **kwargs: Any
    ) -> Any:
        """`request`, returning the parsed JSON body, or ``parse(body)`` when given.

        A 2xx body that is not JSON, or that ``parse`` finds lacking (it raises
        `ResponseShapeError`), raises `rblxopencloud.UnexpectedResponse`.
        Without ``parse`` an empty body gives ``None``.
        """
        response = await self.request(method, path, **kwargs)
        return decode_reply(response, method, parse)


def decode_reply(response: Reply, method: str, parse: Callable[[Any], T] | None = None) -> Any:
    """The JSON body of a 2xx ``response``, passed through ``parse`` when given.

    Anything unreadable raises `UnexpectedResponse`; for a method that writes,
    it notes that the write may have been applied.
    """
    write = method not in _retry.SAFE_METHODS
    try:
        body = _json_or_none(response)
    except ValueError:
        raise UnexpectedResponse(
            response.status_code,
            response.content[:500].decode("utf-8", "replace"),
            reason="the body is not JSON",
            may_have_landed=write,
        ) from None
    if parse is None:
        return body
    try:
        return parse(body)
    except ResponseShapeError as error:
        raise UnexpectedResponse(
            response.status_code, _snippet(body), reason=str(error), may_have_landed=write
        ) from None


def _check_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout | None:
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds or an httpx.Timeout")
    return httpx.Timeout(float(timeout))


def _check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError("max_retries must be an int >= 0")
    return max_retries


def _param(value: Any) -> Any:
    # httpx would send True as "true" too, but be explicit: the wire wants lower case.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _json_or_none(response: Reply) -> Any:
    content = response.content
    if not content or content.isspace():
        return None
    return json.loads(content)


def _snippet(body: Any) -> str | None:
    return None if body is None else dump_json(body)[:500]


def _body(response: Reply) -> dict[str, Any] | list[Any] | str | None:
    try:
        parsed = _json_or_none(response)
    except ValueError:
        return response.content.decode("utf-8", "replace")
    if parsed is None or isinstance(parsed, (dict, list)):
        return parsed
    return str(parsed)
