"""The transport core: options, auth, one pooled HTTP client, and the request loop.

Every API call of every area goes through `BaseClient.request`, which adds
auth, sends, reads the answer within limits, retries under the policy of
``_shared/retry.py`` and turns error responses into the exceptions of ``exceptions.py``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import IO, Any, TypedDict, TypeVar, overload

import httpx

from ._primitives.files import aiter_file
from ._primitives.http import AsyncHttpClient, make_async_client
from ._primitives.httpx_errors import attempt_error
from ._primitives.loop_guard import AsyncLoopGuard
from ._primitives.timing import adeadline, asleep
from ._shared.exceptions import OutcomeUnknown, exception_for_status
from ._shared.jsonbody import dump_json
from ._shared.multipart import StreamedBody
from ._shared.options import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    ENV_ALLOW_INSECURE_HTTP,
    ENV_BASE_URL,
    Hidden,
    HttpBackend,
    attempt_bound,
    check_base_url,
    check_credential,
    check_retries,
    check_timeout,
    is_loopback,
)
from ._shared.replies import (
    ERROR_BODY_BYTES,
    ReadReply,
    Reply,
    decode_reply,
    error_body,
    network_error,
    query_value,
    too_large,
)
from ._shared.retry import (
    IDEMPOTENT_METHODS,
    SAFE_METHODS,
    RetryPolicy,
    maybe_sent,
    retry_after_seconds,
    retryable_error,
    retryable_status,
)
from ._shared.transport_errors import TransportError
from ._shared.version import __version__

__all__ = [
    "ClientOptions",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "ENV_BASE_URL",
    "BaseClient",
    "HttpBackend",
]

logger = logging.getLogger("rblxopencloud")

T = TypeVar("T")

_USER_AGENT = f"rblx-open-cloud/{__version__}"
_logged_base_urls: set[str] = set()


class _Pool:
    """The lazily built HTTP client of one entry point, shared by its option copies."""

    def __init__(
        self,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        backend: HttpBackend,
        base_url: str,
    ) -> None:
        self.user_client = http_client
        self.transport = transport
        self.backend = backend
        self.base_url = base_url
        self.client: httpx.AsyncClient | AsyncHttpClient | None = None
        self.guard = AsyncLoopGuard()

    async def get(self) -> httpx.AsyncClient | AsyncHttpClient:
        if self.user_client is not None:
            return self.user_client
        client = self.client
        if client is None or not self.guard.is_current():
            with self.guard.locked():
                client = self.client
                if client is None or not self.guard.is_current():
                    client = self.client = self.new_client()
                    await self.guard.bind(client)
        return client

    def new_client(self) -> httpx.AsyncClient | AsyncHttpClient:
        # Built on the running loop, so "auto" picks the backend for that loop.
        return make_async_client(
            self.backend, self.transport, self.base_url, {"user-agent": _USER_AGENT}, DEFAULT_TIMEOUT
        )

    async def aclose(self) -> None:
        self.client = None
        await self.guard.aclose()


class _Gone(ReadReply):
    """The answer of a delete whose retry found the resource already gone.

    An earlier attempt of the same call most likely deleted it, so the end
    state the caller asked for holds: it reads as an empty 204.
    """

    def __init__(self) -> None:
        super().__init__(204, {}, b"")


def _the_reply(body: Any) -> Any:
    """The ``parse`` with which `BaseClient.request` asks `BaseClient.request_json`
    for the answer itself; never called, only compared."""
    return body


# The headers of a request without credentials; never mutated (copied to add to).
_NO_HEADERS: dict[str, str] = {}


class ClientOptions(TypedDict, total=False):
    """The keyword options every entry point takes; `Experience` documents each."""

    base_url: str | None
    timeout: float | httpx.Timeout | None
    max_retries: int
    http_client: httpx.AsyncClient | None
    transport: httpx.AsyncBaseTransport | None
    http_backend: HttpBackend
    max_response_bytes: int
    allow_insecure_http: bool


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
        http_backend: HttpBackend = "auto",
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        if http_backend not in ("auto", "httpx", "aiohttp"):
            raise ValueError("http_backend must be 'auto', 'httpx' or 'aiohttp'")
        if http_backend == "aiohttp" and (http_client is not None or transport is not None):
            raise ValueError("http_backend='aiohttp' cannot be combined with http_client or transport")
        if isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int):
            raise TypeError("max_response_bytes must be an int")
        if max_response_bytes < 1024:
            raise ValueError("max_response_bytes must be at least 1024")
        if not isinstance(allow_insecure_http, bool):
            raise TypeError("allow_insecure_http must be a bool")
        self.base_url = check_base_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL)
        insecure_ok = allow_insecure_http or os.environ.get(ENV_ALLOW_INSECURE_HTTP) == "1"
        if self.base_url.startswith("http://") and not is_loopback(self.base_url) and not insecure_ok:
            raise ValueError(
                f"base_url {self.base_url!r} is plain http:// to a host that is not this machine: "
                "the API key would cross the network unencrypted. Use https://, or pass "
                f"allow_insecure_http=True (or set {ENV_ALLOW_INSECURE_HTTP}=1) if you mean it"
            )
        if self.base_url != DEFAULT_BASE_URL and self.base_url not in _logged_base_urls:
            _logged_base_urls.add(self.base_url)
            logger.info("rblxopencloud: sending requests to %s", self.base_url)
        # None: the HTTP client's own timeout (ours defaults to DEFAULT_TIMEOUT;
        # a caller-supplied http_client keeps its own).
        self.timeout = check_timeout(timeout)
        self._attempt_seconds = attempt_bound(self.timeout, http_client)
        self.policy = RetryPolicy(max_retries=check_retries(max_retries))
        self.max_response_bytes = max_response_bytes
        # Credentials only ever live in this dict, never in the HTTP client's
        # defaults, reprs or logs.
        self._auth: dict[str, str] = {}
        if api_key is not None:
            self._auth["x-api-key"] = check_credential(api_key, "api_key")
        if bearer_token is not None:
            self._auth["authorization"] = "Bearer " + check_credential(bearer_token, "bearer_token")
        self._pool = _Pool(http_client, transport, http_backend, self.base_url)

    def __repr__(self) -> str:
        return f"<BaseClient base_url={self.base_url!r}>"

    @property
    def _client(self) -> httpx.AsyncClient | AsyncHttpClient | None:
        """The pooled client, if one is open (for tests and introspection)."""
        return self._pool.client

    def copy(
        self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> BaseClient:
        """A client with changed options sharing this one's credentials and pool."""
        clone = object.__new__(BaseClient)
        clone.__dict__.update(self.__dict__)
        if timeout is not None:
            clone.timeout = check_timeout(timeout)
            clone._attempt_seconds = attempt_bound(clone.timeout, self._pool.user_client)
        if max_retries is not None:
            clone.policy = RetryPolicy(max_retries=check_retries(max_retries))
        return clone

    def with_bearer_token(self, token: str) -> BaseClient:
        """A client that sends ``token`` (an OAuth2 access token) as its only
        credential, with this one's options and connection pool."""
        clone = self.copy()
        clone._auth = {"authorization": Hidden("Bearer " + check_credential(token, "access token"))}
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
        stream: IO[bytes] | StreamedBody | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
        gone_ok: bool | None = None,
    ) -> Reply:
        """Send a request, retrying under the policy, and return the 2xx response.

        ``path`` is relative to ``base_url``, or a full URL (see `web_url`).
        ``stream`` is a seekable binary file (or a `StreamedBody`, e.g. a
        multipart body around a file) sent in chunks with its
        ``Content-Length`` (Roblox rejects chunked bodies); each retry rewinds
        it. ``auth=False`` sends no credentials (classic web APIs must never
        see the API key). ``idempotent`` defaults from the method (GET/PUT/DELETE
        yes, POST/PATCH no); resource methods set it explicitly where the
        operation decides.

        After an attempt whose outcome is unknown (a 5xx or a lost answer) a
        write never ends in a definite failure: a 404 on the retry of a
        ``gone_ok`` request (default: a DELETE) means an earlier attempt
        already deleted it, and is answered as an empty 204; any other error
        status raises `rblxopencloud.OutcomeUnknown`.

        Raises an `rblxopencloud.HttpException` subclass for error statuses,
        `rblxopencloud.UnexpectedResponse` for an answer larger than
        ``max_response_bytes``, and `rblxopencloud.NetworkError` when no
        answer came.
        """
        reply: Reply = await self.request_json(
            method,
            path,
            parse=_the_reply,
            params=params,
            json=json,
            content=content,
            stream=stream,
            headers=headers,
            idempotent=idempotent,
            auth=auth,
            gone_ok=gone_ok,
        )
        return reply

    async def _send(
        self,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        query: dict[str, Any] | None,
        body: Any,
        headers: dict[str, str],
        timeout: Any,
        seconds: float | None,
    ) -> Reply:
        """One attempt on an httpx client: send, then read the answer within ``max_response_bytes``."""
        request = client.build_request(
            method,
            url,
            params=query,
            content=body,
            headers=headers,
            timeout=timeout,
        )
        # follow_redirects=False whatever the caller's client says: a redirect
        # must never carry the API key to another host.
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            limit = self.max_response_bytes if response.status_code < 300 else ERROR_BODY_BYTES
            ends = None if seconds is None else time.monotonic() + seconds
            chunks: list[bytes] = []
            size = 0
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and response.status_code < 300:
                raise too_large(response.status_code, method, limit)
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    if response.status_code < 300:
                        raise too_large(response.status_code, method, limit)
                    chunks.append(chunk[: len(chunk) - (size - limit)])
                    break
                chunks.append(chunk)
                if ends is not None and time.monotonic() > ends:
                    raise httpx.ReadTimeout(f"the answer took longer than {seconds} seconds")
        finally:
            await response.aclose()
        return ReadReply(response.status_code, response.headers, b"".join(chunks))

    @overload
    async def request_json(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[Any], T],
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        content: bytes | None = ...,
        stream: IO[bytes] | StreamedBody | None = ...,
        headers: Mapping[str, str] | None = ...,
        idempotent: bool | None = ...,
        auth: bool = ...,
        gone_ok: bool | None = ...,
    ) -> T: ...
    @overload
    async def request_json(
        self,
        method: str,
        path: str,
        *,
        parse: None = None,
        params: Mapping[str, Any] | None = ...,
        json: Any = ...,
        content: bytes | None = ...,
        stream: IO[bytes] | StreamedBody | None = ...,
        headers: Mapping[str, str] | None = ...,
        idempotent: bool | None = ...,
        auth: bool = ...,
        gone_ok: bool | None = ...,
    ) -> Any: ...
    async def request_json(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[Any], Any] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        stream: IO[bytes] | StreamedBody | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        auth: bool = True,
        gone_ok: bool | None = None,
    ) -> Any:
        """`request`, returning the parsed JSON body, or ``parse(body)`` when given.

        A 2xx body that is not JSON, or that ``parse`` finds lacking (it raises
        `ResponseShapeError`), raises `rblxopencloud.UnexpectedResponse`.
        Without ``parse`` an empty body gives ``None``.
        """
        # This is the request loop itself (`request` asks it for the answer as
        # is), so an API call runs one coroutine of this class, not a chain of
        # forwarding ones; under fan-out every live coroutine and dict of an
        # in-flight call is garbage-collector work. Error context is built on
        # failure paths only.
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        if gone_ok is None:
            gone_ok = method == "DELETE"
        retries = self.policy.max_retries
        query: dict[str, Any] | None = None
        if params:
            # None, not an empty dict, when nothing is left: either library would rebuild the URL.
            query = {k: query_value(v) for k, v in params.items() if v is not None} or None
        if path.startswith(("https://", "http://")):
            url = path
            # Credentials go to the configured host only, never to another one.
            auth = auth and url.startswith(self.base_url + "/")
        else:
            url = self.base_url + path
        # Both HTTP libraries copy the headers they are given, so the
        # credentials dict is sent as is and only copied to add to it.
        send_headers = self._auth if auth else _NO_HEADERS
        if headers or json is not None or stream is not None:
            send_headers = dict(send_headers)
            if headers:
                send_headers.update(headers)
        if json is not None:
            content = dump_json(json, "request body").encode()
            send_headers["content-type"] = "application/json"
        upload: StreamedBody | None = None
        if stream is not None:
            upload = stream if isinstance(stream, StreamedBody) else StreamedBody.of_file(stream)
            send_headers["content-length"] = str(upload.total)
        timeout = httpx.USE_CLIENT_DEFAULT if self.timeout is None else self.timeout
        pool = self._pool
        # The first failure after which the request may have been applied.
        unknown: Exception | None = None
        attempt = 0
        while True:
            # The pooled client of this loop, without awaiting the pool when it is open.
            client = pool.client
            if client is None or not pool.guard.is_current():
                client = await pool.get()
            body = content if upload is None else aiter_file(upload)
            seconds = self._attempt_seconds
            try:
                async with adeadline(seconds):
                    if isinstance(client, httpx.AsyncClient):
                        response = await self._send(
                            client, method, url, query, body, send_headers, timeout, seconds
                        )
                    else:  # the aiohttp client reads within limits itself
                        response = await client.request(
                            method,
                            url,
                            params=query,
                            content=body,
                            headers=send_headers,
                            timeout=timeout,
                            max_body=self.max_response_bytes,
                        )
            except (httpx.TransportError, TransportError, TimeoutError) as exc:
                no_answer = attempt_error(exc)
                error = network_error(method, url, no_answer, seconds)
                if unknown is None and maybe_sent(no_answer):
                    unknown = error
                if attempt < retries and retryable_error(no_answer, idempotent):
                    delay = self.policy.backoff(attempt)
                    logger.debug("%s %s failed (%s); retry in %.2fs", method, path, no_answer.kind, delay)
                    attempt += 1
                    await asleep(delay)
                    continue
                # Chained to the HTTP library's own exception, not to the SDK's wrapper.
                raise error from no_answer.__cause__
            status = response.status_code
            if status < 300:  # Open Cloud does not redirect; a 3xx is reported as an error
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug("%s %s -> %d", method, path, status)
                if parse is _the_reply:
                    return response
                return decode_reply(response, method, parse)
            hint = retry_after_seconds(status, response.headers)
            # A hint longer than the cap is not slept through: the caller gets
            # the error with retry_after and decides.
            patient = hint is None or hint <= self.policy.max_retry_after
            if attempt < retries and patient and retryable_status(status, idempotent):
                if status >= 500 and unknown is None:
                    unknown = exception_for_status(status, error_body(response), retry_after=hint)
                delay = hint if hint is not None else self.policy.backoff(attempt)
                logger.debug("%s %s -> %d; retry in %.2fs", method, path, status, delay)
                attempt += 1
                await asleep(delay)
                continue
            logger.debug("%s %s -> %d (giving up after %d attempts)", method, path, status, attempt + 1)
            failure = exception_for_status(status, error_body(response), retry_after=hint)
            if unknown is not None and method not in SAFE_METHODS and status < 500:
                if status == 404 and gone_ok:
                    logger.debug("%s %s: already gone after an unknown attempt; done", method, path)
                    gone = _Gone()
                    return gone if parse is _the_reply else decode_reply(gone, method, parse)
                raise OutcomeUnknown(
                    f"{method} {path}: the outcome is unknown: an attempt failed with {unknown}, "
                    f"and the retry was answered {failure}, which the first attempt may have caused",
                    unknown,
                    failure,
                ) from failure
            raise failure
