"""Webhooks: receive Roblox's notifications, check their signatures, and run your handlers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._primitives import webhook_apps
from ._primitives.handlers import acall_handler, acheck_handler
from ._resource import EntryPoint, open_client, public_class
from ._shared import deferred_names, exceptions, reprs, webhook as shared

if TYPE_CHECKING:
    from fastapi import APIRouter
    from typing_extensions import Unpack

    from ._client import ClientOptions
    from ._shared.webhook import Notification, RightToErasureRequestNotification, TestNotification

__all__ = ["Notification", "RightToErasureRequestNotification", "TestNotification", "Webhook"]
if not TYPE_CHECKING:
    __getattr__ = deferred_names(
        globals(), shared, "Notification", "RightToErasureRequestNotification", "TestNotification"
    )

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("rblxopencloud")


class Webhook(EntryPoint):
    """Receives Roblox's webhook notifications: checks each one, then runs your handler.

    Register handlers with `event`, then hand each request to `process_notification`
    (or let `fastapi_router`, `asgi_app`, `flask_view` or `wsgi_app` do it).
    A notification is refused before any handler runs when its signature is missing,
    malformed or wrong, or when its timestamp is more than ``replay_window_seconds``
    away from this machine's clock (in either direction). A notification whose
    ``NotificationId`` was already processed within that window is answered with
    success and not processed again (Roblox delivers some notifications more than once).

    Args:
        secret: The secret set on the webhook in the Creator Dashboard. Without one,
            anyone who knows your URL can send notifications: only the timestamp is
            checked. It is never shown in a repr, log record or exception.
        api_key: An API key for the objects notifications hand out
            (`TestNotification.user`, `RightToErasureRequestNotification.experiences`).
            Without one they carry no credentials and Roblox refuses their calls.
        replay_window_seconds: How far a notification's signed timestamp may be from
            this machine's clock, either way (default 600, as Roblox suggests).
        **options: The keyword options of `Experience`, for those objects' requests.

    Attributes:
        replay_window_seconds: See above.
    """

    def __init__(
        self,
        secret: str | bytes | None = None,
        api_key: str | None = None,
        *,
        replay_window_seconds: float = shared.DEFAULT_REPLAY_WINDOW,
        **options: Unpack[ClientOptions],
    ) -> None:
        self._secret = shared.check_secret(secret)
        self.replay_window_seconds = shared.check_replay_window(replay_window_seconds)
        self._client = open_client(api_key=api_key, **options)
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._memory = shared.DeliveryMemory()

    @property
    def secret(self) -> bytes | None:
        """The secret, as bytes (``None`` without one)."""
        return self._secret.reveal() if self._secret is not None else None

    def __repr__(self) -> str:
        return reprs.model_repr(self, has_secret=self._secret is not None, handlers=sorted(self._handlers))

    def event(self, func: F) -> F:
        """Register a handler, chosen by the function's name (a decorator).

        | function name | receives | when |
        | --- | --- | --- |
        | `on_test` | `TestNotification` | you press **Test Response** on the webhook's page |
        | `on_right_to_erasure_request` | `RightToErasureRequestNotification` | a user asks Roblox to erase their data |
        | `on_error` | the notification and the exception | a handler raised, or no handler fits (`UnhandledEventType`, `UnknownEventType`) |

        Handlers may be plain or ``async`` functions in `rblxopencloudasync` (async ones are
        awaited); `rblxopencloud` calls them synchronously and refuses an ``async def``
        handler with ``TypeError``. Registering a name again replaces its handler.
        """
        name = shared.check_handler_name(func)
        acheck_handler(func)
        self._handlers[name] = func
        return func

    async def process_notification(
        self, body: bytes, secret_header: str | bytes | None = None, validate_signature: bool = True
    ) -> tuple[str, int]:
        """Check one delivery and run its handler; returns ``(text, status)`` to answer with.

        | answer | when |
        | --- | --- |
        | ``("", 204)`` | the handler ran, or this notification was already processed |
        | ``("Invalid signature: ...", 401)`` | the signature header is missing, malformed or wrong, or its timestamp is outside the replay window |
        | ``("Malformed notification: ...", 400)`` | the (authentic) body is not a notification |
        | ``("Notification is being processed", 409)`` | the same notification is being handled right now (Roblox retries later) |

        A handler's exception, `UnknownEventType` (an event type this SDK does not know)
        and `UnhandledEventType` (no handler registered for it) propagate, unless an
        ``on_error`` handler is registered; then it receives them and the answer is 204.
        When a notification fails, its ID is forgotten, so Roblox's retry is processed.

        Args:
            body: The raw request body, exactly as received (the signature covers it).
            secret_header: The ``Roblox-Signature`` header's value.
            validate_signature: ``False`` skips the signature and timestamp checks; never
                in production.
        """
        now = time.time()
        try:
            envelope, remember_until = shared.accept(
                body,
                secret_header,
                validate_signature=validate_signature,
                secret=self._secret,
                replay_window=self.replay_window_seconds,
                now=now,
            )
        except shared.Rejected as rejected:
            logger.warning("rblxopencloud: webhook notification refused: %s", rejected.text)
            return rejected.text, rejected.status
        claim = self._memory.claim(envelope.notification_id, remember_until, now)
        if claim == "duplicate":
            logger.info("rblxopencloud: duplicate webhook notification %s ignored", envelope.notification_id)
            return "", 204
        if claim == "busy":
            return "Notification is being processed", 409
        succeeded = False
        try:
            await self._dispatch(envelope)
            succeeded = True
        finally:
            self._memory.finish(envelope.notification_id, succeeded=succeeded)
        return "", 204

    async def _dispatch(self, envelope: shared.Envelope) -> None:
        notification = self._notification(envelope)
        try:
            handler_name = shared.HANDLER_NAMES.get(envelope.event_type)
            if handler_name is None:
                raise exceptions.UnknownEventType(f"unknown webhook event type {envelope.event_type!r}")
            handler = self._handlers.get(handler_name)
            if handler is None:
                raise exceptions.UnhandledEventType(
                    f"no handler for {envelope.event_type!r} notifications: "
                    f"register one named {handler_name!r} with @webhook.event"
                )
            await acall_handler(handler, notification)
        except Exception as error:
            on_error = self._handlers.get(shared.ERROR_HANDLER)
            if on_error is None:
                raise
            await acall_handler(on_error, notification, error)

    def _notification(self, envelope: shared.Envelope) -> Notification:
        base = (envelope.notification_id, envelope.timestamp, self, envelope.event_type, envelope.payload)
        payload = envelope.payload
        if envelope.event_type == "SampleNotification":
            user = public_class("User")._bind(self._client, payload["UserId"])
            return shared.TestNotification(*base, user)
        if envelope.event_type == "RightToErasureRequest":
            experience = public_class("Experience")
            return shared.RightToErasureRequestNotification(
                *base,
                payload["UserId"],
                [experience._bind(self._client, game_id) for game_id in payload["GameIds"]],
            )
        return shared.Notification(*base)

    def verify_signature(self, request_body: bytes, signature_header: str | bytes | None) -> bool:
        """Whether a delivery is authentic and fresh: its ``Roblox-Signature`` matches the
        body under this webhook's secret, and its timestamp is within the replay window.

        `process_notification` makes this check itself; use this one to write your own glue.
        It runs no handler and remembers nothing.

        Raises:
            ValueError: The webhook has no secret to check with.
        """
        if self._secret is None:
            raise ValueError("this Webhook has no secret: pass secret= to verify signatures")
        try:
            shared.check_signature(
                shared.body_bytes(request_body),
                signature_header,
                secret=self._secret,
                replay_window=self.replay_window_seconds,
                now=time.time(),
            )
        except shared.Rejected:
            return False
        return True

    def asgi_app(self) -> webhook_apps.WebhookASGIApp:
        """An ASGI 3 app answering every ``POST`` with this webhook (mount it at your URL).

        With `rblxopencloud.Webhook` the handlers run in a worker thread.
        """
        return webhook_apps.WebhookASGIApp(self)

    def fastapi_router(self, path: str = "/roblox-webhook") -> APIRouter:
        """A FastAPI router receiving notifications at ``POST path``:
        ``app.include_router(webhook.fastapi_router())``.

        Needs the ``fastapi`` extra (``pip install 'rblx-open-cloud[fastapi]'``).
        """
        return webhook_apps.fastapi_router(self, path)

    def wsgi_app(self) -> webhook_apps.WebhookWSGIApp:
        """A WSGI app answering every ``POST`` with this webhook.

        With `rblxopencloudasync.Webhook` each notification runs on a new event loop.
        """
        return webhook_apps.WebhookWSGIApp(self)

    def flask_view(self) -> Callable[[], Any]:
        """A Flask view function:
        ``app.add_url_rule("/roblox-webhook", view_func=webhook.flask_view(), methods=["POST"])``.

        Needs the ``flask`` extra (``pip install 'rblx-open-cloud[flask]'``). The view is
        named ``roblox_webhook``; pass ``endpoint=`` to register a second webhook.
        """
        return webhook_apps.flask_view(self)
