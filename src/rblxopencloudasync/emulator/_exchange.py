"""What the front-ends (httpx transport, ASGI app) need to answer one request.

A front-end asks its `Backend` (the `Emulator`) to open an `Exchange` for each
request, then waits, raises transport errors or answers as the exchange's
`Fault` says. Nothing here imports the emulator or the front-ends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ._area import JSON_CONTENT_TYPE, Response
from ._errors import default_body_for_status

_TRANSPORT_ERRORS = (None, "connect", "read_timeout")


@dataclass
class Fault:
    """A failure to inject into the next matching request(s).

    Attributes:
        status: answer with this HTTP status instead of the real response.
        times: how many matching requests the fault applies to.
        method: only match this HTTP method (case-insensitive).
        path: only match when this regex is found (``re.search``) in the raw URL path.
        retry_after: value of a ``retry-after`` header on the fault response.
        headers: extra headers on the fault response (e.g. ``x-ratelimit-reset``).
        body: custom body; ``str``/``bytes`` are sent verbatim, anything else as
            JSON. Defaults to the cloud v2 error shape matching ``status``.
        latency: seconds to wait before answering.
        apply_then_fail: run the real handler (changing state) and then answer
            with ``status``, like a write whose outcome the client never learns.
        transport_error: ``"connect"`` (in-process transport only) raises
            ``httpx.ConnectError`` without applying anything; ``"read_timeout"``
            applies the request and then never answers: the in-process
            transport raises ``httpx.ReadTimeout``, the HTTP server holds the
            connection open until the client gives up.
    """

    status: int | None = None
    times: int = 1
    method: str | None = None
    path: str | None = None
    retry_after: str | float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    latency: float = 0.0
    apply_then_fail: bool = False
    transport_error: Literal["connect", "read_timeout"] | None = None
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.times < 1:
            raise ValueError("Fault.times must be at least 1")
        if self.latency < 0:
            raise ValueError("Fault.latency must not be negative")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("Fault.status must be an HTTP status code")
        if self.transport_error not in _TRANSPORT_ERRORS:
            raise ValueError("Fault.transport_error must be 'connect', 'read_timeout' or None")
        if self.path is not None:
            self._pattern = re.compile(self.path)

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request with this method and raw path."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self._pattern is None or self._pattern.search(path) is not None

    def response(self, extra_headers: Sequence[tuple[str, str]] = ()) -> Response:
        """The answer this fault gives in place of the real one."""
        status = self.status if self.status is not None else 500
        if isinstance(self.body, (str, bytes)):
            content_type = "text/plain; charset=utf-8"
            body = self.body.encode() if isinstance(self.body, str) else self.body
        else:
            content_type = JSON_CONTENT_TYPE
            payload = default_body_for_status(status) if self.body is None else self.body
            body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {"content-type": content_type}
        headers.update(extra_headers)
        if self.retry_after is not None:
            headers["retry-after"] = _format_retry_after(self.retry_after)
        headers.update({name.lower(): value for name, value in self.headers.items()})
        return Response(status, list(headers.items()), body)


def _format_retry_after(value: str | float) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Exchange:
    """One request in flight: the fault chosen for it and how to answer it.

    Front-ends do the waiting (``latency``) and raise transport errors
    themselves, since only they know whether they run sync or async.

    Args:
        fault: the fault injected into this request, if any.
        handle: runs the request's handler (changing state) and returns its answer.
        fault_headers: the extra headers of a fault's answer (rate-limit headers).
    """

    def __init__(
        self,
        fault: Fault | None,
        handle: Callable[[], Response],
        fault_headers: Callable[[], Sequence[tuple[str, str]]],
    ) -> None:
        self._handle = handle
        self._fault_headers = fault_headers
        self.fault = fault
        self.latency = fault.latency if fault is not None else 0.0
        self.transport_error = fault.transport_error if fault is not None else None

    def respond(self) -> Response:
        """Run the handler and/or build the fault answer (never for ``"connect"``)."""
        fault = self.fault
        if fault is None or fault.status is None or fault.transport_error is not None:
            return self._handle()
        if fault.apply_then_fail:
            self._handle()
        return fault.response(self._fault_headers())


class Backend(Protocol):
    """What the front-ends serve: the `Emulator`, seen through the one method they call."""

    def open_exchange(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
        *,
        transport_errors: Collection[str],
    ) -> Exchange:
        """Record a request and pick its fault."""
        ...


__all__ = ["Backend", "Exchange", "Fault"]
