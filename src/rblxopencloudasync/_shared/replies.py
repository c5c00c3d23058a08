"""Turning an HTTP answer, or its absence, into a value or an SDK exception.

Pure functions, shared by both twins and both HTTP backends; the request loop
in ``_client.py`` calls them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from .exceptions import NetworkError, RequestTimeout, UnexpectedResponse
from .fields import ResponseShapeError
from .jsonbody import dump_json
from .retry import SAFE_METHODS
from .transport_errors import DeadlineError, TransportError

__all__ = [
    "ERROR_BODY_BYTES",
    "ReadReply",
    "Reply",
    "decode_reply",
    "error_body",
    "network_error",
    "query_value",
    "too_large",
]

T = TypeVar("T")


class ReadReply:
    """A response whose body has been read: status, headers (case-insensitive) and body."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content


class Reply(Protocol):
    """What the request loop needs of a response (``httpx.Response`` is one)."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def content(self) -> bytes: ...


# Error bodies are only read this far: enough for any Roblox error, and an
# exception never holds a whole HTML page.
ERROR_BODY_BYTES = 16 * 1024


def decode_reply(response: Reply, method: str, parse: Callable[[Any], T] | None = None) -> Any:
    """The JSON body of a 2xx ``response``, passed through ``parse`` when given.

    Anything unreadable raises `UnexpectedResponse`; for a method that writes,
    it notes that the write may have been applied.
    """
    write = method not in SAFE_METHODS
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


def network_error(method: str, url: str, exc: TransportError, seconds: float | None) -> NetworkError:
    """The SDK error for a request that got no answer, naming the host and the reason."""
    host = urlsplit(url).netloc
    if isinstance(exc, DeadlineError):  # the attempt's own deadline ran out
        return RequestTimeout(f"{method} {url}: {host} did not answer within {seconds} seconds")
    reason = f"{exc.kind}: {_root_cause(exc)}"
    if exc.timeout:
        return RequestTimeout(f"{method} {url}: {host} did not answer in time ({reason})")
    return NetworkError(f"{method} {url}: could not reach {host} ({reason})")


def _root_cause(exc: BaseException) -> str:
    """The most specific message in the chain of causes (``[Errno 111] Connection refused``
    rather than ``All connection attempts failed``)."""
    best = str(exc).strip()
    seen = 0
    cause = exc.__cause__ or exc.__context__
    while cause is not None and seen < 8:
        if isinstance(cause, OSError) and cause.errno is not None:
            best = f"[Errno {cause.errno}] {os.strerror(cause.errno)}"
        seen += 1
        cause = cause.__cause__ or cause.__context__
    return best or "no details"


def too_large(status: int, method: str, limit: int) -> UnexpectedResponse:
    """The error for an answer larger than ``max_response_bytes`` (both HTTP backends)."""
    return UnexpectedResponse(
        status,
        None,
        reason=f"the body is larger than max_response_bytes ({limit} bytes); it was not read",
        may_have_landed=method not in SAFE_METHODS,
    )


def query_value(value: Any) -> Any:
    """A query parameter's value as sent."""
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


def error_body(response: Reply) -> dict[str, Any] | list[Any] | str | None:
    """The body of an error answer as the exceptions keep it: JSON, else text."""
    try:
        parsed = _json_or_none(response)
    except ValueError:
        return response.content.decode("utf-8", "replace")
    if parsed is None or isinstance(parsed, (dict, list)):
        return parsed
    return str(parsed)
