"""Routing and request plumbing: the part both front-ends (httpx transport, ASGI) share.

``App.handle`` takes a request already split into method, raw path, query,
headers and body, and returns a ``Response``. It never sleeps and never
raises; faults and recording are the caller's business. The API areas
themselves live in one module each (``_datastores.py``, ``_secrets.py``, ...)
and are listed in `AREAS`.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ._apikeys import ApiKeyArea
from ._area import (
    JSON_CONTENT_TYPE,
    Area,
    AreaT,
    Context,
    Request,
    Response,
    Route,
    json_response,
    request_credential,
)
from ._assets import AssetArea
from ._bans import BanArea
from ._configs import CreatorConfigArea
from ._datastores import DataStoreArea
from ._errors import ApiError, invalid
from ._groups import GroupArea
from ._inventory import InventoryArea
from ._memorystore import MemoryStoreArea
from ._messaging import MessagingArea
from ._monetization import MonetizationArea
from ._multipart import parse_multipart
from ._notifications import NotificationArea
from ._oauth2 import OAuth2Area
from ._places import PlaceArea
from ._secrets import SecretArea
from ._servers import ServerArea
from ._speech import SpeechArea
from ._subscriptions import SubscriptionArea
from ._translation import TranslationArea
from ._users import UserArea

__all__ = ["AREAS", "JSON_CONTENT_TYPE", "App", "Response", "json_response"]

RATE_LIMIT = 1_000_000  # the nominal per-minute limit of cloud v2 storage operations
_RATE_WINDOW = 60.0
_WEB_HOST_SUFFIX = ".roblox.com"
# A custom method such as ":increment" ends the last raw segment; a ":" inside a
# name arrives percent-encoded ("%3A"), so only a literal one starts a verb.
_CUSTOM_VERB = re.compile(r":([A-Za-z]+)$")

# Every API area, asked in this order for a route.
AREAS: tuple[type[Area], ...] = (
    AssetArea,  # first: it takes GET assets/{id} and operations/{id} only for its own
    DataStoreArea,
    MemoryStoreArea,
    PlaceArea,
    MessagingArea,
    NotificationArea,
    ServerArea,
    SubscriptionArea,
    TranslationArea,
    SpeechArea,
    BanArea,
    SecretArea,
    MonetizationArea,
    CreatorConfigArea,
    InventoryArea,
    ApiKeyArea,
    UserArea,
    GroupArea,
    OAuth2Area,
)


@dataclass(slots=True)
class _RateWindow:
    """Static-limit, decrementing-remaining rate-limit headers (never enforced)."""

    started: float = field(default_factory=time.monotonic)
    used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def headers(self) -> list[tuple[str, str]]:
        with self.lock:
            now = time.monotonic()
            if now - self.started >= _RATE_WINDOW:
                self.started, self.used = now, 0
            self.used += 1
            remaining = max(RATE_LIMIT - self.used, 0)
            reset = max(math.ceil(self.started + _RATE_WINDOW - now), 0)
        return [
            ("x-ratelimit-limit", str(RATE_LIMIT)),
            ("x-ratelimit-remaining", str(remaining)),
            ("x-ratelimit-reset", str(reset)),
        ]


class App:
    """Routes requests to the API areas, which read and change the emulator's data."""

    def __init__(self, context: Context, *, api_keys: frozenset[str] | None, operation_polls: int) -> None:
        self._context = context
        self._rate = _RateWindow()
        self.areas: list[Area] = [area(context, operation_polls=operation_polls) for area in AREAS]
        for area in self.areas:
            area.connect(self.areas)
        self._keys = self.area(ApiKeyArea)
        self._keys.accepted = api_keys
        self._oauth2 = self.area(OAuth2Area)

    def area(self, kind: type[AreaT]) -> AreaT:
        """The instance of one area class (for the emulator's test helpers)."""
        for area in self.areas:
            if isinstance(area, kind):
                return area
        raise LookupError(kind.__name__)

    def clear(self) -> None:
        """Forget every area's data."""
        for area in self.areas:
            area.clear()

    def seed(self, universe_id: int) -> None:
        """Give the demo universe every area's demo data."""
        for area in self.areas:
            area.seed(universe_id)

    def rate_limit_headers(self) -> list[tuple[str, str]]:
        """The ``x-ratelimit-*`` headers for the next response."""
        return self._rate.headers()

    def handle(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Response:
        """Answer one request.

        ``path`` is the raw (percent-encoded) URL path without the query
        string; ``query`` holds the decoded query parameters in order.
        """
        try:
            result = self._dispatch(method.upper(), path, list(query), headers, body)
        except ApiError as error:
            return json_response(error.status, error.body(), self.rate_limit_headers())
        except Exception as error:  # a bug in the emulator must still produce an answer
            payload = {"code": "INTERNAL", "message": f"Emulator error: {error!r}"}
            return json_response(500, payload, self.rate_limit_headers())
        if isinstance(result, Response):
            return Response(result.status, [*result.headers, *self.rate_limit_headers()], result.body)
        return json_response(200, result, self.rate_limit_headers())

    # -- request plumbing -------------------------------------------------

    def _dispatch(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Any:
        lowered = {name.lower(): value for name, value in headers.items()}
        route = self._route(method, path, lowered.get("host", ""))
        # Authenticate first: Roblox's gateway rejects a bad key before routing,
        # and a key without the operation's scope before the service sees it; an
        # OAuth2 access token the emulator issued is checked against its grant.
        if (route is None or route.auth) and not self._oauth2.authorize(lowered, split_path(path)):
            self._authenticate(lowered, method, path)
        if route is None:
            raise ApiError("NOT_FOUND", "NotFound", status=404, gateway=True)
        try:
            params: dict[str, str] = {}
            for name, value in query:
                if name not in route.params:
                    raise invalid(f"Unknown query parameter '{name}'")
                if name in params:
                    raise invalid(f"Query parameter '{name}' was given more than once.")
                params[name] = value
            payload = _parse_body(method, lowered, body, route)
            with self._context.lock:
                return route.call(Request(method, path, query, params, payload, lowered))
        except ApiError as error:
            if route.error is None:
                raise
            raise route.error(error) from None

    def _authenticate(self, headers: Mapping[str, str], method: str, path: str) -> None:
        """401 for a missing, unknown, disabled or expired credential; 403 when a key
        of the registry lacks the scope ``method path`` needs."""
        self._keys.check(request_credential(headers), method, path)

    def _route(self, method: str, path: str, host: str) -> Route | None:
        if not path.startswith("/"):
            return None
        segments = split_path(path)
        hostname = host.rsplit(":", 1)[0].lower()
        if hostname.endswith(_WEB_HOST_SUFFIX) and hostname != "apis" + _WEB_HOST_SUFFIX:
            # A classic web API host (badges.roblox.com, ...): the same routes as /_web/<svc>/...
            segments = ["_web", hostname.removesuffix(_WEB_HOST_SUFFIX), *segments]
        for area in self.areas:
            route = area.route(method, segments)
            if route is not None:
                return route
        return None


def split_path(path: str) -> list[str]:
    """The decoded segments of a raw URL path, with a custom verb as a last ``":verb"`` item.

    ``/a/b%2Fc:increment`` gives ``["a", "b/c", ":increment"]``, and
    ``/a/b%3Aincrement`` gives ``["a", "b:increment"]``: the verb is split off
    the raw text before decoding, so a name can never be read as a verb, and
    each name (``..``, ``a/b``, ``x@1``, ...) arrives exactly as it was sent.
    """
    raw = path[1:].split("/")
    verb = _CUSTOM_VERB.search(raw[-1])
    if verb is not None:
        raw[-1] = raw[-1][: verb.start()]
    segments = [unquote(segment) for segment in raw]
    return [*segments, verb.group(0)] if verb is not None else segments


def _parse_body(method: str, headers: Mapping[str, str], body: bytes, route: Route) -> Any:
    if not body:
        if route.needs_body:
            raise invalid("A request body is required.")
        return None
    if method == "GET" or (method == "DELETE" and not route.delete_body):
        raise invalid(f"{method} requests must not have a body.")
    content_type = headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if route.body == "raw":
        return body
    if route.body == "multipart":
        if media_type != "multipart/form-data":
            raise invalid("Content-Type must be multipart/form-data.")
        return parse_multipart(body, content_type)
    if media_type != JSON_CONTENT_TYPE:
        raise invalid("Content-Type must be application/json.")
    try:
        payload = json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)
    except ValueError:
        raise invalid("The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise invalid("The request body must be a JSON object.")
    return payload


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # e.g. 1e400: valid JSON syntax, but no double holds it
        raise invalid(f"The number {text[:40]} in the request body is out of range.")
    return value
