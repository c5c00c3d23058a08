"""Webhook notifications: the signature check, the replay window, the memory of
delivered notifications, and the notification models.

Roblox signs each notification with ``roblox-signature: t=<unix seconds>,v1=<base64>``,
where ``v1`` is the HMAC-SHA256 of ``<t>.<raw body>`` keyed by the webhook's secret
(without a secret the header is only ``t=<unix seconds>``). Everything here is pure:
`Webhook` (``webhook.py``) reads the clock and runs the handlers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import hmac
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from .handles import ExperienceHandle, UserHandle
from .reprs import model_repr
from .times import parse_time

__all__ = [
    "BODY_LIMIT",
    "DEFAULT_REPLAY_WINDOW",
    "ERROR_HANDLER",
    "HANDLER_NAMES",
    "SIGNATURE_HEADER",
    "DeliveryMemory",
    "Envelope",
    "Notification",
    "Rejected",
    "RightToErasureRequestNotification",
    "SigningSecret",
    "TestNotification",
    "WebhookHandle",
    "accept",
    "body_bytes",
    "check_signature",
    "check_handler_name",
    "check_replay_window",
    "check_secret",
    "sign",
]

SIGNATURE_HEADER = "roblox-signature"
DEFAULT_REPLAY_WINDOW = 600.0
"""Seconds a signed timestamp may differ from the receiver's clock, either way."""
BODY_LIMIT = 1024 * 1024
"""The largest body the framework helpers read (Roblox's notifications are a few hundred bytes)."""
_MAX_REMEMBERED = 100_000

# event type on the wire -> the handler name that receives it
HANDLER_NAMES = {
    "SampleNotification": "on_test",
    "RightToErasureRequest": "on_right_to_erasure_request",
}
ERROR_HANDLER = "on_error"


class WebhookHandle(Protocol):
    """A `Webhook` of either package."""

    @property
    def secret(self) -> bytes | None: ...


class SigningSecret:
    """A webhook secret that never shows itself (repr, str, tracebacks of the SDK's frames)."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = value

    def reveal(self) -> bytes:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a webhook secret cannot be pickled")


def check_secret(secret: Any) -> SigningSecret | None:
    """The webhook secret as bytes (``str`` is UTF-8 encoded); ``None`` for no secret."""
    if secret is None:
        return None
    if isinstance(secret, str):
        secret = secret.encode()
    elif isinstance(secret, (bytearray, memoryview)):
        secret = bytes(secret)
    if not isinstance(secret, bytes):
        raise TypeError(f"secret must be str or bytes, got {type(secret).__name__}")
    if not secret:
        raise ValueError("secret must not be empty (pass None for a webhook without a secret)")
    return SigningSecret(secret)


def check_replay_window(seconds: Any) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"replay_window_seconds must be a number, got {type(seconds).__name__}")
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError("replay_window_seconds must be a positive, finite number of seconds")
    return float(seconds)


def check_handler_name(func: Any) -> str:
    """The handler name of ``func`` (``on_test``, ``on_right_to_erasure_request``, ``on_error``)."""
    if not callable(func):
        raise TypeError(f"Webhook.event decorates a function, got {type(func).__name__}")
    name = getattr(func, "__name__", None)
    if name != ERROR_HANDLER and name not in HANDLER_NAMES.values():
        known = ", ".join([*HANDLER_NAMES.values(), ERROR_HANDLER])
        raise ValueError(f"{name!r} is not a valid event name; name the function one of: {known}")
    return str(name)


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    """The ``v1`` signature Roblox sends for ``body`` at ``timestamp`` (base64 of the HMAC-SHA256)."""
    digest = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class Rejected(Exception):
    """A notification refused before any handler ran; ``text`` and ``status`` are the answer."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


def _invalid(reason: str) -> Rejected:
    return Rejected(f"Invalid signature: {reason}", 401)


@dataclass(frozen=True)
class _Header:
    timestamp: int
    signatures: tuple[bytes, ...]


def _parse_header(header: Any) -> _Header:
    if header is None:
        raise _invalid("no roblox-signature header")
    if isinstance(header, (bytes, bytearray, memoryview)):
        try:
            header = bytes(header).decode("ascii")
        except UnicodeDecodeError:
            raise _invalid("the header is not ASCII") from None
    if not isinstance(header, str):
        raise TypeError(f"secret_header must be str or bytes, got {type(header).__name__}")
    if not header.strip():
        raise _invalid("empty roblox-signature header")
    timestamp: int | None = None
    signatures: list[bytes] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise _invalid("malformed header")
        if key == "t":
            if timestamp is not None or not value.isascii() or not value.isdigit() or len(value) > 12:
                raise _invalid("malformed timestamp")
            timestamp = int(value)
        elif key == "v1":
            try:
                signatures.append(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                raise _invalid("malformed signature") from None
        # other schemes (v0, a later v2) are ignored, as Roblox's own sample does
    if timestamp is None:
        raise _invalid("the header has no timestamp")
    return _Header(timestamp, tuple(signatures))


def body_bytes(body: Any) -> bytes:
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    raise TypeError(f"body must be bytes (the raw request body), got {type(body).__name__}")


@dataclass(frozen=True)
class Envelope:
    """A notification's envelope, with its payload checked for its known event types."""

    notification_id: str
    event_type: str
    timestamp: datetime
    payload: dict[str, Any]


def _malformed(reason: str) -> Rejected:
    return Rejected(f"Malformed notification: {reason}", 400)


def _positive_int(payload: dict[str, Any], key: str) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _malformed(f"EventPayload.{key} must be a positive integer")
    return value


def _parse_envelope(body: bytes) -> Envelope:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _malformed("the body is not JSON") from None
    if not isinstance(data, dict):
        raise _malformed("the body is not a JSON object")
    notification_id, event_type, event_time = (
        data.get(k) for k in ("NotificationId", "EventType", "EventTime")
    )
    payload = data.get("EventPayload")
    if not isinstance(notification_id, str) or not notification_id or len(notification_id) > 200:
        raise _malformed("NotificationId must be a non-empty string")
    if not isinstance(event_type, str) or not event_type:
        raise _malformed("EventType must be a non-empty string")
    if not isinstance(payload, dict):
        raise _malformed("EventPayload must be an object")
    try:
        timestamp = parse_time(event_time) if isinstance(event_time, str) else None
    except ValueError:
        timestamp = None
    if timestamp is None:
        raise _malformed("EventTime must be an ISO 8601 timestamp")
    if event_type in HANDLER_NAMES:
        _positive_int(payload, "UserId")
    if event_type == "RightToErasureRequest":
        game_ids = payload.get("GameIds")
        if not isinstance(game_ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in game_ids
        ):
            raise _malformed("EventPayload.GameIds must be a list of positive integers")
    return Envelope(notification_id, event_type, timestamp, payload)


def check_signature(
    raw: bytes, secret_header: Any, *, secret: SigningSecret | None, replay_window: float, now: float
) -> int:
    """The signed timestamp of an authentic, fresh delivery; `Rejected` (401) otherwise.

    Without a secret only the timestamp can be checked (Roblox then sends ``t=`` alone).
    """
    header = _parse_header(secret_header)
    if secret is not None:
        if not header.signatures:
            raise _invalid("the header has no v1 signature")
        expected = hmac.new(secret.reveal(), str(header.timestamp).encode() + b"." + raw, hashlib.sha256)
        # every candidate is compared, so the time taken says nothing about which one matched
        matches = [hmac.compare_digest(expected.digest(), candidate) for candidate in header.signatures]
        if not any(matches):
            raise _invalid("the signature does not match")
    if abs(now - header.timestamp) > replay_window:
        raise _invalid("the timestamp is outside the replay window")
    return header.timestamp


def accept(
    body: Any,
    secret_header: Any,
    *,
    validate_signature: bool,
    secret: SigningSecret | None,
    replay_window: float,
    now: float,
) -> tuple[Envelope, float]:
    """Check a delivery and read its envelope; returns it and until when its id is remembered.

    Raises `Rejected` for a missing, malformed, wrong or stale signature (401) and a
    malformed body (400), ``TypeError`` for arguments of the wrong type.
    """
    raw = body_bytes(body)
    if not isinstance(validate_signature, bool):
        raise TypeError("validate_signature must be a bool")
    remember_until = now + replay_window
    if validate_signature:
        signed_at = check_signature(raw, secret_header, secret=secret, replay_window=replay_window, now=now)
        # until then a replay of this delivery still passes the checks above
        remember_until = max(now, signed_at) + replay_window
    return _parse_envelope(raw), remember_until


Claim = Literal["new", "duplicate", "busy"]


class DeliveryMemory:
    """The notification ids seen within the replay window (thread-safe, bounded).

    An id is *busy* while its handlers run and *done* once they succeeded; a failure
    forgets it, so Roblox's next delivery of it is processed. Entries are dropped when
    their time is up (past it, a replay's signature is stale anyway) and, beyond
    ``max_entries``, the one due first goes.
    """

    def __init__(self, max_entries: int = _MAX_REMEMBERED) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[float, bool]] = {}  # id -> (until, done)
        self._expiry: list[tuple[float, str]] = []
        self._max = max_entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._state)

    def claim(self, notification_id: str, until: float, now: float) -> Claim:
        """``"new"`` (now busy: run the handlers), ``"duplicate"`` (done) or ``"busy"``."""
        with self._lock:
            self._prune(now)
            seen = self._state.get(notification_id)
            if seen is not None:
                return "duplicate" if seen[1] else "busy"
            self._state[notification_id] = (until, False)
            heapq.heappush(self._expiry, (until, notification_id))
            while len(self._state) > self._max:
                self._drop_first()
            return "new"

    def finish(self, notification_id: str, *, succeeded: bool) -> None:
        with self._lock:
            seen = self._state.get(notification_id)
            if seen is None:
                return
            if succeeded:
                self._state[notification_id] = (seen[0], True)
            else:
                del self._state[notification_id]

    def _prune(self, now: float) -> None:
        while self._expiry and self._expiry[0][0] < now:
            self._drop_first()

    def _drop_first(self) -> None:
        until, notification_id = heapq.heappop(self._expiry)
        seen = self._state.get(notification_id)
        if seen is not None and seen[0] == until:
            del self._state[notification_id]


@dataclass(frozen=True, eq=False)
class Notification:
    """A notification Roblox delivered to a `Webhook`.

    Handlers receive a subclass: `TestNotification` or `RightToErasureRequestNotification`
    (an ``on_error`` handler may receive this base class, for an event type this SDK
    does not know).

    Attributes:
        notification_id: The notification's unique ID. Roblox may deliver a notification
            more than once; `Webhook` runs the handlers once per ID.
        timestamp: When Roblox created the notification (timezone-aware).
        webhook: The `Webhook` that received it.
        event_type: The ``EventType`` Roblox sent, e.g. ``"SampleNotification"``.
        raw_event: The ``EventPayload`` as Roblox sent it.
    """

    notification_id: str
    timestamp: datetime
    webhook: WebhookHandle = field(repr=False)
    event_type: str
    raw_event: dict[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        return model_repr(self, notification_id=self.notification_id, event_type=self.event_type)


@dataclass(frozen=True, eq=False, repr=False)
class TestNotification(Notification):
    """Sent when you press **Test Response** on the webhook's page in the Creator Dashboard.

    Attributes:
        user: The `User` who pressed it, a handle sharing the webhook's options and
            API key (without an ``api_key`` its calls carry no credentials and Roblox
            refuses them; ``user.id`` is always there).
    """

    __test__ = False  # not a pytest test class, whatever its name

    user: UserHandle

    def __repr__(self) -> str:
        return model_repr(self, notification_id=self.notification_id, user=self.user)


@dataclass(frozen=True, eq=False, repr=False)
class RightToErasureRequestNotification(Notification):
    """A user asked Roblox to erase their data (GDPR / CCPA): delete what your
    experiences keep about them.

    Attributes:
        user_id: The ID of the user whose data must be erased.
        experiences: The experiences (`Experience` handles sharing the webhook's
            options and API key) the user played whose data you must erase.
    """

    user_id: int
    experiences: list[ExperienceHandle]

    def __repr__(self) -> str:
        return model_repr(
            self,
            notification_id=self.notification_id,
            user_id=self.user_id,
            experiences=[experience.id for experience in self.experiences],
        )
