"""The public ``Emulator`` object: its API areas, faults, recording and front-end factories."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from ._apikeys import DEMO_OWNER_ID, ApiKeyArea, EmulatedApiKey
from ._app import App, Response
from ._area import Area, Context
from ._asgi import EmulatorASGIApp
from ._datastores import DataStoreArea
from ._exchange import Exchange, Fault
from ._time import system_clock
from ._transport import EmulatorTransport
from ._webhooks import (
    SAMPLE_NOTIFICATION,
    WebhookDelivery,
    adeliver,
    as_secret,
    default_payload,
    deliver,
    notification_body,
    signature_header,
)

AreaT = TypeVar("AreaT", bound=Area)

DEMO_UNIVERSE_ID = 13058
DEMO_API_KEY = "demo-api-key"
_REDACTED_HEADERS = frozenset({"x-api-key", "authorization"})
# Body fields that carry a credential (API key introspection sends the key in its body).
_REDACTED_FIELDS = frozenset({"apiKey"})


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
        return EmulatorTransport(self)

    def asgi_app(self) -> EmulatorASGIApp:
        """An ASGI 3 application serving this emulator."""
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
        query_items = list(query)
        return Exchange(
            fault,
            lambda: self._app.handle(method, path, query_items, headers, body),
            self._app.rate_limit_headers,
        )

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
            if isinstance(payload, dict) and not _REDACTED_FIELDS.isdisjoint(payload):
                payload = {k: "***" if k in _REDACTED_FIELDS else v for k, v in payload.items()}
        self.requests.append(RecordedRequest(method.upper(), path, list(query), redacted, payload))

    # -- webhooks --------------------------------------------------------------

    def send_webhook(
        self,
        url_or_app: str | Callable[..., Any],
        event: str = SAMPLE_NOTIFICATION,
        *,
        secret: str | bytes | None = None,
        payload: Mapping[str, Any] | None = None,
        notification_id: str | None = None,
        path: str = "/",
        times: int = 1,
        late_seconds: float = 0,
        bad_signature: bool = False,
        timeout: float = 5.0,
    ) -> list[WebhookDelivery]:
        """Deliver a webhook notification to your endpoint the way Roblox does.

        Builds the notification (``NotificationId``, ``EventType``, ``EventTime``,
        ``EventPayload``), signs it with ``secret`` (``Roblox-Signature: t=...,v1=...``;
        only ``t=...`` without a secret, as Roblox does) and POSTs it to ``url_or_app``:
        a URL over HTTP, or an ASGI app (FastAPI, Starlette, ``Webhook.asgi_app()``) or
        WSGI app (Flask, Django, ``Webhook.wsgi_app()``) called in-process at ``path``.
        An exception the app lets escape is raised here.

        Args:
            url_or_app: Where to deliver.
            event: The ``EventType``: ``"SampleNotification"`` (the dashboard's **Test
                Response**, from user 287113233), ``"RightToErasureRequest"`` (user
                287113233 and the demo universe) or any other type with ``payload``.
            secret: The webhook's secret.
            payload: The ``EventPayload`` (default: the sample one of ``event``).
            notification_id: Default: a new UUID.
            path: The URL path for an in-process app.
            times: Deliver the same notification (same id, body and signature) this many
                times, as Roblox's duplicate deliveries do.
            late_seconds: Sign it this many seconds in the past (negative: the future),
                to test the replay window.
            bad_signature: Sign with a wrong key (needs ``secret``).
            timeout: Seconds to wait for each answer (Roblox waits 5).

        Returns:
            One `WebhookDelivery` per delivery, with the endpoint's answer.
        """
        notification_id, body, signature = self._webhook_request(
            event, secret, payload, notification_id, times, late_seconds, bad_signature
        )
        deliveries = []
        for _ in range(times):
            status, text = deliver(url_or_app, path, body, signature, timeout)
            deliveries.append(WebhookDelivery(status, text, notification_id, body, signature))
        return deliveries

    async def asend_webhook(
        self,
        url_or_app: str | Callable[..., Any],
        event: str = SAMPLE_NOTIFICATION,
        *,
        secret: str | bytes | None = None,
        payload: Mapping[str, Any] | None = None,
        notification_id: str | None = None,
        path: str = "/",
        times: int = 1,
        late_seconds: float = 0,
        bad_signature: bool = False,
        timeout: float = 5.0,
    ) -> list[WebhookDelivery]:
        """`send_webhook` for async code: an ASGI app or a URL served on the running
        event loop is reached without blocking it (a WSGI app runs in a worker thread)."""
        notification_id, body, signature = self._webhook_request(
            event, secret, payload, notification_id, times, late_seconds, bad_signature
        )
        deliveries = []
        for _ in range(times):
            status, text = await adeliver(url_or_app, path, body, signature, timeout)
            deliveries.append(WebhookDelivery(status, text, notification_id, body, signature))
        return deliveries

    def _webhook_request(
        self,
        event: str,
        secret: str | bytes | None,
        payload: Mapping[str, Any] | None,
        notification_id: str | None,
        times: int,
        late_seconds: float,
        bad_signature: bool,
    ) -> tuple[str, bytes, str]:
        if not isinstance(event, str) or not event:
            raise ValueError("event must be a non-empty EventType string")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError("times must be an int of at least 1")
        key = as_secret(secret)
        if bad_signature and key is None:
            raise ValueError("bad_signature needs a secret: without one Roblox signs nothing")
        if payload is None:
            payload = default_payload(event, DEMO_UNIVERSE_ID)
        moment = self._context.now() - timedelta(seconds=late_seconds)
        notification_id, body = notification_body(event, payload, notification_id, moment)
        return notification_id, body, signature_header(key, moment, body, bad=bad_signature)

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

    def add_api_key(
        self,
        key: str,
        *,
        scopes: Mapping[str, Iterable[str]] | Iterable[str] | None = None,
        universe_ids: Iterable[int] | None = None,
        user_ids: Iterable[int] | None = None,
        group_ids: Iterable[int] | None = None,
        name: str = "Emulator key",
        owner_id: int = DEMO_OWNER_ID,
        enabled: bool = True,
        expires_at: datetime | None = None,
    ) -> EmulatedApiKey:
        """Register an API key, optionally limited to some scopes and resources.

        The key is accepted even when the emulator was given ``api_keys``. A
        request it sends to an operation whose scopes (Roblox's spec,
        ``x-roblox-scopes``) it lacks, or for a universe, user or group
        outside its lists, gets ``403``; a disabled or expired key gets
        ``401``. ``POST /api-keys/v1/introspect`` describes it.

        Example: ``emulator.add_api_key("ci-key", scopes={"universe-datastores.objects": ["read"]},
        universe_ids=[DEMO_UNIVERSE_ID])``.

        Args:
            key: The key's value.
            scopes: ``{name: [operation, ...]}`` or ``["name:operation", ...]``;
                ``None`` (default) is every scope.
            universe_ids: The experiences every scope covers (``None``: all).
            user_ids: The users every scope covers (``None``: all).
            group_ids: The groups every scope covers (``None``: all).
            name: The key's name, as introspection reports it.
            owner_id: The user the key acts as (``authorizedUserId``).
            enabled: Whether the key is enabled.
            expires_at: When the key expires (by the emulator's clock).

        Keys survive ``reset()``.
        """
        return self.area(ApiKeyArea).add_key(
            key,
            name=name,
            scopes=scopes,
            universe_ids=universe_ids,
            user_ids=user_ids,
            group_ids=group_ids,
            owner_id=owner_id,
            enabled=enabled,
            expires_at=expires_at,
        )

    def add_oauth_app(
        self, client_id: int, secret: str, redirect_uris: Iterable[str], name: str = "Test app"
    ) -> Any:
        """Register an OAuth2 app (its client ID, secret and redirect URIs) and return it.

        A shortcut for ``emulator.area(OAuth2Area).add_app``; `OAuth2Area` also sets
        who signs in and what they grant (``set_consent``).
        """
        from ._oauth2 import OAuth2Area

        return self.area(OAuth2Area).add_app(client_id, secret, redirect_uris, name)

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


__all__ = ["DEMO_API_KEY", "DEMO_UNIVERSE_ID", "Emulator", "RecordedRequest"]
