"""What every API area of the emulator shares: requests, routes, responses, helpers.

An area (data stores, memory stores, secrets, ...) is an `Area` subclass in its
own module. It keeps its own in-memory data, answers ``route()`` with a `Route`
for the requests it serves, and is listed once in ``_app.AREAS``. The `App`
does authentication, body parsing, locking and error rendering for all of them.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

from ._errors import ApiError, invalid
from ._paging import decode_token, fingerprint
from ._time import as_utc

JSON_CONTENT_TYPE = "application/json"
_ID = re.compile(r"[0-9]{1,19}")
_SIGNED_NUMBER = re.compile(r"-?[0-9]{1,19}")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
MAX_DURATION_SECONDS = 315_576_000_000
"""The longest protobuf Duration (about 10,000 years)."""
DEMO_SUBSCRIPTION_PRODUCT = "EXP-1234567890"
"""The subscription product of the demo universe's subscriptions (the subscription area seeds them)."""

BodyKind = Literal["json", "raw", "multipart"]
AreaT = TypeVar("AreaT", bound="Area")


@dataclass(frozen=True, slots=True)
class Response:
    """A complete HTTP answer: status, headers and body bytes."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def json_response(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """A JSON response with the content type set."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(status, [("content-type", JSON_CONTENT_TYPE), *headers], body)


def empty_response(status: int = 200) -> Response:
    """A response with no body (e.g. ``204 No Content``)."""
    return Response(status, [], b"")


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a ``multipart/form-data`` body."""

    name: str
    data: bytes
    filename: str | None = None
    content_type: str | None = None

    @property
    def text(self) -> str:
        """The part decoded as UTF-8 text."""
        return self.data.decode("utf-8")


@dataclass(slots=True)
class Request:
    """A routed request, as handlers see it.

    ``payload`` is the parsed body: a JSON object (``json`` routes), the raw
    bytes (``raw`` routes) or a ``{name: Part}`` dict (``multipart`` routes);
    ``None`` when there is no body. ``headers`` have lower-case names.
    """

    method: str
    path: str
    query: list[tuple[str, str]]
    params: dict[str, str]
    payload: Any
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Route:
    """How to serve one request: the handler and what it accepts.

    Attributes:
        call: The handler; returns a JSON payload (sent with status 200) or a `Response`.
        params: Query parameters it accepts (any other is a 400, as on Roblox).
        needs_body: A missing body is a 400.
        body: How to parse the body.
        auth: Whether an API key / bearer token is required (classic web hosts need none).
        delete_body: A DELETE may carry a JSON body (creator configs' ``draftHash``).
        error: Re-shapes every `ApiError` of this request, the plumbing's (unknown
            query parameter, bad body) and the handler's, for APIs whose error
            body is not the cloud v2 one (secrets' ProblemDetails, products'
            ``errorCode``).
    """

    call: Callable[[Request], Any]
    params: frozenset[str] = frozenset()
    needs_body: bool = False
    body: BodyKind = "json"
    auth: bool = True
    delete_body: bool = False
    error: Callable[[ApiError], ApiError] | None = None


class Context:
    """What every area of one emulator shares: its clock and its lock.

    The `App` holds ``lock`` while a handler runs; an area's helpers for tests
    take it too, because synchronous clients may call from several threads.
    """

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.lock = threading.RLock()
        self._clock = clock

    def now(self) -> datetime:
        """The clock's current time in UTC."""
        return as_utc(self._clock())


class Area:
    """Base of the emulator's API areas.

    Subclasses implement `route` and keep their own data; `clear` and `seed`
    let ``Emulator.reset()`` start over. Handlers run with ``context.lock`` held.
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        self._context = context
        self._operation_polls = operation_polls
        self._peers: list[Area] = [self]

    def connect(self, areas: list[Area]) -> None:
        """Let this area ask the other areas of its emulator (see `lookup_universe`)."""
        self._peers = areas

    def route(self, method: str, segments: list[str]) -> Route | None:
        """The route for ``method`` on the URL-decoded path ``segments``, if this area serves it.

        A custom method is a last item of its own: ``.../entries/k:increment``
        arrives as ``[..., "entries", "k", ":increment"]`` (see ``_app.split_path``).

        Requests to a classic web host such as ``badges.roblox.com`` (or to
        ``/_web/badges/...`` on the emulator's own host) arrive as
        ``["_web", "badges", *path]``.
        """
        raise NotImplementedError

    def clear(self) -> None:
        """Forget all data of this area (``Emulator.reset()``)."""

    def seed(self, universe_id: int) -> None:
        """Add this area's demo data to the demo universe."""

    def describe_universe(self, universe_id: int) -> tuple[str, int] | None:
        """A universe's name and root place ID, if this area keeps universes (the place area does)."""
        return None

    def lookup_universe(self, universe_id: int) -> tuple[str, int] | None:
        """A universe's name and root place ID from the area of this emulator that keeps universes.

        Areas ask each other through such hooks on `Area`, so no area module
        imports another.
        """
        for area in self._peers:
            found = area.describe_universe(universe_id)
            if found is not None:
                return found
        return None

    def describe_credential(self, credential: str) -> int | None:
        """The user a credential acts as, if this area keeps the key registry (the API-key area does)."""
        return None

    def credential_user(self, request: Request) -> int | None:
        """The user the request's API key or bearer token acts as, from the area that keeps keys."""
        credential = request_credential(request.headers)
        for area in self._peers:
            found = area.describe_credential(credential)
            if found is not None:
                return found
        return None

    # -- helpers for handlers ------------------------------------------------

    @staticmethod
    def page_cursor(request: Request, token_param: str = "pageToken") -> tuple[str, Any]:
        """The fingerprint of a list request and its decoded cursor (``None`` on page 1)."""
        query_hash = fingerprint(request.path, request.query)
        token = request.params.get(token_param)
        return query_hash, (decode_token(token, query_hash) if token else None)


def request_credential(headers: Mapping[str, str]) -> str:
    """The API key of ``headers`` (lower-case names), else the bearer token, else ``""``."""
    key = headers.get("x-api-key", "").strip()
    if key:
        return key
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def parse_universe_id(raw: str) -> int:
    """A positive universe (or other resource) id from a path segment, else a 400."""
    return parse_id(raw, "universe ID")


def parse_id(raw: str, what: str) -> int:
    """A positive int64 id from a path segment, else a 400 naming it ``what``."""
    if not _ID.fullmatch(raw) or not 0 < int(raw) <= _INT64_MAX:
        raise invalid(f"Invalid {what} '{raw}'.")
    return int(raw)


def parse_bool(params: Mapping[str, str], name: str) -> bool:
    """A ``true``/``false`` query parameter (absent = false)."""
    raw = params.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise invalid(f"Invalid value for {name}: {raw!r} (expected true or false).")
    return raw == "true"


def check_fields(payload: Mapping[str, Any] | None, allowed: frozenset[str]) -> None:
    """A 400 for any body field outside ``allowed`` (an SDK sending junk is a bug)."""
    for name in payload or {}:
        if name not in allowed:
            raise invalid(f"Unknown field '{name}' in the request body.")


def parse_duration(value: Any, what: str) -> float:
    """A protobuf Duration string such as ``"30s"`` or ``"1.5s"`` as seconds, else a 400."""
    if not isinstance(value, str) or not re.fullmatch(r"-?[0-9]+(\.[0-9]{1,9})?s", value):
        raise invalid(f"Invalid {what}: expected a duration such as '30s', got {value!r}.")
    seconds = float(value[:-1])
    if not abs(seconds) <= MAX_DURATION_SECONDS:
        raise invalid(f"Invalid {what}: a duration is at most {MAX_DURATION_SECONDS}s.")
    return seconds


def is_finite_number(value: Any) -> bool:
    """Whether a JSON value is a number a double can hold (not a bool, NaN, infinity or a huge int)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond the range of a double
        return False


def required_str(body: Mapping[str, Any], name: str) -> str:
    """A required string field of a JSON body, else a 400."""
    value = body.get(name)
    if value is None:
        raise invalid(f"The field '{name}' is required.")
    if not isinstance(value, str):
        raise invalid(f"The field '{name}' must be a string.")
    return value


def body_object(body: Mapping[str, Any], name: str, *, required: bool = False) -> dict[str, Any]:
    """An object field of a JSON body (``{}`` when absent and not ``required``), else a 400."""
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(f"The field '{name}' is required.")
        return {}
    if not isinstance(value, dict):
        raise invalid(f"The field '{name}' must be an object.")
    return value


def parse_int64(value: Any, what: str, *, minimum: int = _INT64_MIN) -> int:
    """An int64 in protobuf JSON (a number or a decimal string) of at least ``minimum``, else a 400."""
    if isinstance(value, str) and _SIGNED_NUMBER.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= _INT64_MAX:
        raise invalid(f"Invalid {what}: expected a 64-bit integer >= {minimum}.")
    return value
