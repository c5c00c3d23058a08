"""The public ``Emulator`` object: state, faults, recording and front-end factories."""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ._app import JSON_CONTENT_TYPE, App, Response
from ._area import Area, Context
from ._datastores import DataStoreArea
from ._errors import default_body_for_status
from ._time import system_clock

AreaT = TypeVar("AreaT", bound=Area)

if TYPE_CHECKING:
    from ._asgi import EmulatorASGIApp
    from ._transport import EmulatorTransport

DEMO_UNIVERSE_ID = 13058
DEMO_API_KEY = "demo-api-key"
_REDACTED_HEADERS = frozenset({"x-api-key", "authorization"})
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


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the emulator saw it, with credentials redacted."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    json: Any | None = None


@dataclass
class _QueuedFault:
    fault: Fault
    remaining: int


class Exchange:
    """One request in flight: the fault chosen for it and how to answer it.

    Front-ends do the waiting (``latency``) and raise transport errors
    themselves, since only they know whether they run sync or async.
    """

    def __init__(
        self,
        emulator: Emulator,
        fault: Fault | None,
        request: tuple[str, str, list[tuple[str, str]], Mapping[str, str], bytes],
    ) -> None:
        self._emulator = emulator
        self._request = request
        self.fault = fault
        self.latency = fault.latency if fault is not None else 0.0
        self.transport_error = fault.transport_error if fault is not None else None

    def respond(self) -> Response:
        """Run the handler and/or build the fault answer (never for ``"connect"``)."""
        fault = self.fault
        if fault is None or fault.status is None or fault.transport_error is not None:
            return self._emulator.handle(*self._request)
        if fault.apply_then_fail:
            self._emulator.handle(*self._request)
        return fault.response(self._emulator._app.rate_limit_headers())


class Emulator:
    """A stateful, in-memory emulator of the Roblox Open Cloud APIs the SDK uses.

    Use it in-process with ``httpx.Client(transport=emulator.transport())`` (or
    ``httpx.AsyncClient``), or serve ``emulator.asgi_app()`` with any ASGI server
    (``python -m rblxopencloudasync.emulator``). Any host name works; only the
    path matters.

    Args:
        seed: pre-fill the demo universe ``DEMO_UNIVERSE_ID``.
        api_keys: accepted API keys / bearer tokens; ``None`` accepts any
            non-empty credential.
        clock: returns the current time (UTC); inject one to test time-based
            behaviour such as snapshots and ``@latest:<time>``.
        operation_polls: a long-running operation (memory store flush, speech
            asset) reports ``done`` on this poll (``0``: the response that
            starts it is already done).
        record: how many requests ``requests`` keeps (``0`` disables recording).
    """

    def __init__(
        self,
        *,
        seed: bool = True,
        api_keys: Iterable[str] | None = None,
        clock: Callable[[], datetime] | None = None,
        operation_polls: int = 1,
        record: int = 1000,
    ) -> None:
        if operation_polls < 0:
            raise ValueError("operation_polls must not be negative")
        if record < 0:
            raise ValueError("record must not be negative")
        self._seed = seed
        self._context = Context(clock or system_clock)
        keys = frozenset(api_keys) if api_keys is not None else None
        self._app = App(self._context, api_keys=keys, operation_polls=operation_polls)
        self._faults: list[_QueuedFault] = []
        self._fault_lock = threading.Lock()
        self.requests: deque[RecordedRequest] = deque(maxlen=record)
        """The most recent requests, oldest first (every attempt, including failed ones)."""
        if seed:
            self._seed_demo()

    # -- front-ends ------------------------------------------------------------

    def transport(self) -> EmulatorTransport:
        """An httpx transport usable with both ``httpx.Client`` and ``httpx.AsyncClient``."""
        from ._transport import EmulatorTransport

        return EmulatorTransport(self)

    def asgi_app(self) -> EmulatorASGIApp:
        """An ASGI 3 application serving this emulator."""
        from ._asgi import EmulatorASGIApp

        return EmulatorASGIApp(self)

    def handle(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Response:
        """Answer one request directly, without faults or recording.

        ``path`` is the raw (percent-encoded) URL path; ``query`` the decoded
        query parameters in order.
        """
        return self._app.handle(method, path, query, headers, body)

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
        """Record a request and pick its fault; used by the front-ends.

        Faults with a ``transport_error`` only match when the front-end can
        produce that error (it is in ``transport_errors``), and are left queued
        otherwise.
        """
        self._record(method, path, query, headers, body)
        fault = self._take_fault(method, path, transport_errors)
        return Exchange(self, fault, (method, path, list(query), headers, body))

    # -- faults and recording --------------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Queue a fault; matching faults are used in the order they were queued."""
        with self._fault_lock:
            self._faults.append(_QueuedFault(fault, fault.times))

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._fault_lock:
            self._faults.clear()

    @property
    def pending_faults(self) -> list[Fault]:
        """Faults not yet used up, in queue order."""
        with self._fault_lock:
            return [queued.fault for queued in self._faults]

    def _take_fault(self, method: str, path: str, transport_errors: Collection[str]) -> Fault | None:
        with self._fault_lock:
            for index, queued in enumerate(self._faults):
                fault = queued.fault
                if fault.transport_error is not None and fault.transport_error not in transport_errors:
                    continue
                if fault.matches(method, path):
                    queued.remaining -= 1
                    if queued.remaining == 0:
                        del self._faults[index]
                    return fault
        return None

    def _record(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> None:
        if self.requests.maxlen == 0:
            return
        redacted = {
            name.lower(): "***" if name.lower() in _REDACTED_HEADERS else value
            for name, value in headers.items()
        }
        payload: Any = None
        if body:
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
        self.requests.append(RecordedRequest(method.upper(), path, list(query), redacted, payload))

    # -- helpers for tests -----------------------------------------------------

    def add_entries(
        self,
        universe_id: int,
        data_store: str,
        items: Iterable[tuple[str, Any]],
        scope: str = "global",
    ) -> int:
        """Write many standard data store entries at once; returns how many.

        A shortcut for ``emulator.area(DataStoreArea).add_entries``.
        """
        return self.area(DataStoreArea).add_entries(universe_id, data_store, items, scope)

    def get_entry_value(self, universe_id: int, data_store: str, key: str, scope: str = "global") -> Any:
        """A copy of an entry's current value; ``KeyError`` if missing or deleted.

        A shortcut for ``emulator.area(DataStoreArea).get_entry_value``.
        """
        return self.area(DataStoreArea).get_entry_value(universe_id, data_store, key, scope)

    def _seed_demo(self) -> None:
        with self._context.lock:
            self._app.seed(DEMO_UNIVERSE_ID)

    def area(self, kind: type[AreaT]) -> AreaT:
        """The emulator's instance of an API area, to inspect or preload its data.

        Example: ``emulator.area(SecretArea).secret_value(DEMO_UNIVERSE_ID, "token")``.
        Area classes are importable from ``rblxopencloud.emulator``.
        """
        return self._app.area(kind)

    def reset(self) -> None:
        """Back to the initial state: data, faults and recorded requests."""
        with self._context.lock:
            self._app.clear()
            if self._seed:
                self._seed_demo()
        self.clear_faults()
        self.requests.clear()


__all__ = ["DEMO_API_KEY", "DEMO_UNIVERSE_ID", "Emulator", "Exchange", "Fault", "RecordedRequest"]
