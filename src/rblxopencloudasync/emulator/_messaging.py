"""The messaging area: messages, notifications, server restarts, subscriptions, translation, speech.

Most of these endpoints have effects outside Open Cloud (game servers, a
user's phone); the emulator records them instead, so tests can check what was
sent: `MessagingArea.published`, `notifications`, `restarts` and `speech_assets`.
Subscriptions are real state (`add_subscription`). Text-to-speech answers with
an asset operation polled at ``GET /assets/v1/operations/{id}``, which any area
may reuse through `start_asset_operation`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._area import (
    Area,
    Context,
    Request,
    Response,
    Route,
    check_fields,
    empty_response,
    is_finite_number,
    json_response,
    parse_universe_id,
)
from ._errors import ApiError, invalid, not_found
from ._time import as_utc, format_time

__all__ = [
    "GeneratedSpeech",
    "MessagingArea",
    "PublishedMessage",
    "SentNotification",
    "ServerRestart",
    "StoredSubscription",
]

_MAX_TOPIC = 80
_MAX_MESSAGE = 1024
_MAX_LAUNCH_DATA_BYTES = 200
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_BILLING_PERIOD = timedelta(days=30)
_SPEECH_QUOTA = 1000  # per universe and emulator lifetime (Roblox's is monthly)
_FIRST_SPEECH_ASSET_ID = 113523671173037
_NUMBER = re.compile(r"[0-9]{1,19}")
_SIGNED_NUMBER = re.compile(r"-?[0-9]{1,19}")
_UNIVERSE_PATH = re.compile(r"universes/([0-9]{1,19})")
_FAKE_TRANSLATION = re.compile(r"\[([a-z]{2}-[a-z]{2})\] (.*)", re.DOTALL)

LANGUAGE_CODES = frozenset(
    {
        "en-us",
        "fr-fr",
        "vi-vn",
        "th-th",
        "tr-tr",
        "ru-ru",
        "es-es",
        "pt-br",
        "ko-kr",
        "ja-jp",
        "zh-cn",
        "zh-tw",
        "de-de",
        "pl-pl",
        "it-it",
        "id-id",
    }
)
SUBSCRIPTION_STATES = frozenset(
    {"SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_WILL_NOT_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING", "EXPIRED"}
)
PAYMENT_PROVIDERS = frozenset({"STRIPE", "APPLE", "GOOGLE", "ROBLOX_CREDIT", "ROBUX"})
PURCHASE_PLATFORMS = frozenset({"DESKTOP", "MOBILE"})
EXPIRATION_REASONS = frozenset(
    {"PRODUCT_INACTIVE", "PRODUCT_DELETED", "SUBSCRIBER_CANCELLED", "SUBSCRIBER_REFUNDED", "LAPSED"}
)
_VIEWS = frozenset({"VIEW_UNSPECIFIED", "BASIC", "FULL"})

DEMO_SUBSCRIPTION_PRODUCT = "EXP-1234567890"


@dataclass(frozen=True, slots=True)
class PublishedMessage:
    """A message published with ``:publishMessage``."""

    topic: str
    message: str
    time: datetime


@dataclass(frozen=True, slots=True)
class SentNotification:
    """A notification sent with ``POST /cloud/v2/users/{id}/notifications``.

    ``parameters`` holds the decoded values (``str`` or ``int``).
    """

    id: str
    user_id: int
    universe_id: int
    message_id: str
    parameters: dict[str, str | int]
    launch_data: str | None
    analytics_category: str | None
    time: datetime


@dataclass(frozen=True, slots=True)
class ServerRestart:
    """A ``:restartServers`` request (``place_ids`` is ``None`` for every place)."""

    place_ids: tuple[int, ...] | None
    close_all_versions: bool
    bleed_off_minutes: int | None
    time: datetime


@dataclass(frozen=True, slots=True)
class GeneratedSpeech:
    """An audio asset made by ``:generateSpeechAsset``."""

    asset_id: int
    text: str
    voice_id: str
    pitch: float
    speed: float
    time: datetime


@dataclass(slots=True)
class StoredSubscription:
    """A user's subscription to a subscription product (wire enum strings)."""

    state: str
    payment_provider: str
    purchase_platform: str
    create_time: datetime
    update_time: datetime
    last_billing_time: datetime
    next_renew_time: datetime | None
    expire_time: datetime | None
    expiration_reason: str | None


@dataclass(slots=True)
class _AssetOperation:
    response: dict[str, Any]
    polls: int = 0


@dataclass(slots=True)
class _UniverseData:
    published: list[PublishedMessage] = field(default_factory=list)
    restarts: list[ServerRestart] = field(default_factory=list)
    speech: list[GeneratedSpeech] = field(default_factory=list)
    speech_quota: int = _SPEECH_QUOTA


class MessagingArea(Area):
    """Messaging, notifications, restarts, subscriptions, translation, speech and asset operations."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._universes: dict[int, _UniverseData] = {}
        self._notifications: list[SentNotification] = []
        self._subscriptions: dict[tuple[int, str, int], StoredSubscription] = {}
        self._operations: dict[str, _AssetOperation] = {}
        self._next_asset_id = _FIRST_SPEECH_ASSET_ID

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "universes", u, verb] if verb.startswith(":"):
                return self._verb_route(u, verb[1:])
            case "GET", [
                "cloud",
                "v2",
                "universes",
                u,
                "subscription-products",
                product,
                "subscriptions",
                sub,
            ]:
                return Route(lambda r: self.get_subscription(r, u, product, sub), frozenset({"view"}))
            case "POST", ["cloud", "v2", "users", user, "notifications"]:
                return Route(lambda r: self.create_notification(r, user), needs_body=True)
            case "GET", ["assets", "v1", "operations", operation]:
                return Route(lambda r: self.get_asset_operation(r, operation))
        return None

    def _verb_route(self, u: str, verb: str) -> Route | None:
        match verb:
            case "publishMessage":
                return Route(lambda r: self.publish_message(r, u), needs_body=True)
            case "restartServers":
                return Route(lambda r: self.restart_servers(r, u), needs_body=True)
            case "translateText":
                return Route(lambda r: self.translate_text(r, u), needs_body=True)
            case "generateSpeechAsset":
                return Route(lambda r: self.generate_speech_asset(r, u), needs_body=True)
        return None

    def clear(self) -> None:
        self._universes.clear()
        self._notifications.clear()
        self._subscriptions.clear()
        self._operations.clear()
        self._next_asset_id = _FIRST_SPEECH_ASSET_ID

    def seed(self, universe_id: int) -> None:
        now = self._context.now()
        self.add_subscription(
            universe_id,
            DEMO_SUBSCRIPTION_PRODUCT,
            287113233,
            created=now - timedelta(days=10),
        )
        self.add_subscription(
            universe_id,
            DEMO_SUBSCRIPTION_PRODUCT,
            156,
            state="EXPIRED",
            payment_provider="GOOGLE",
            purchase_platform="MOBILE",
            expiration_reason="LAPSED",
            created=now - timedelta(days=45),
        )

    def _data(self, universe_id: int) -> _UniverseData:
        found = self._universes.get(universe_id)
        if found is None:
            found = self._universes[universe_id] = _UniverseData()
        return found

    # -- helpers for tests ---------------------------------------------------------

    def published(self, universe_id: int, topic: str | None = None) -> list[PublishedMessage]:
        """The messages published in a universe (optionally on one topic), oldest first."""
        with self._context.lock:
            messages = self._universes.get(universe_id, _UniverseData()).published
            return [m for m in messages if topic is None or m.topic == topic]

    def notifications(self, user_id: int | None = None) -> list[SentNotification]:
        """The notifications sent (optionally to one user), oldest first."""
        with self._context.lock:
            return [n for n in self._notifications if user_id is None or n.user_id == user_id]

    def restarts(self, universe_id: int) -> list[ServerRestart]:
        """The server restarts requested for a universe, oldest first."""
        with self._context.lock:
            return list(self._universes.get(universe_id, _UniverseData()).restarts)

    def speech_assets(self, universe_id: int) -> list[GeneratedSpeech]:
        """The speech assets generated for a universe, oldest first."""
        with self._context.lock:
            return list(self._universes.get(universe_id, _UniverseData()).speech)

    def add_subscription(
        self,
        universe_id: int,
        product_id: str,
        user_id: int,
        *,
        state: str = "SUBSCRIBED_WILL_RENEW",
        payment_provider: str = "STRIPE",
        purchase_platform: str = "DESKTOP",
        expiration_reason: str | None = None,
        created: datetime | None = None,
    ) -> StoredSubscription:
        """Add (or replace) a user's subscription to a product, using the wire enum names.

        The user was last billed at ``created`` (default: now); a renewing
        subscription renews 30 days later, a non-renewing one expires then, and an
        ``EXPIRED`` one expired when that period ended (now, if it has not ended
        yet), for the reason ``SUBSCRIBER_CANCELLED`` unless another is given.
        """
        for value, allowed, what in (
            (state, SUBSCRIPTION_STATES, "state"),
            (payment_provider, PAYMENT_PROVIDERS, "payment_provider"),
            (purchase_platform, PURCHASE_PLATFORMS, "purchase_platform"),
        ):
            if value not in allowed:
                raise ValueError(f"{what} must be one of {sorted(allowed)}, got {value!r}")
        if expiration_reason is not None and expiration_reason not in EXPIRATION_REASONS:
            raise ValueError(f"expiration_reason must be one of {sorted(EXPIRATION_REASONS)}")
        if not isinstance(product_id, str) or not product_id or "/" in product_id:
            raise ValueError("product_id must be a non-empty str without '/'")
        if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id < 1:
            raise ValueError("user_id must be a positive int")
        with self._context.lock:
            now = self._context.now()
            billed = as_utc(created) if created is not None else now
            period_end = billed + _BILLING_PERIOD
            renew: datetime | None = None
            expire: datetime | None = None
            if state in ("SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING"):
                renew = period_end
            elif state == "SUBSCRIBED_WILL_NOT_RENEW":
                expire = period_end
            else:
                expire = max(billed, min(period_end, now))
                expiration_reason = expiration_reason or "SUBSCRIBER_CANCELLED"
            stored = StoredSubscription(
                state=state,
                payment_provider=payment_provider,
                purchase_platform=purchase_platform,
                create_time=billed,
                update_time=expire if state == "EXPIRED" and expire is not None else billed,
                last_billing_time=billed,
                next_renew_time=renew,
                expire_time=expire,
                expiration_reason=expiration_reason,
            )
            self._subscriptions[(universe_id, product_id, user_id)] = stored
            return stored

    def set_speech_quota(self, universe_id: int, remaining: int) -> None:
        """Set how many more speech assets a universe may generate (default 1000)."""
        if isinstance(remaining, bool) or not isinstance(remaining, int) or remaining < 0:
            raise ValueError("remaining must be a non-negative int")
        with self._context.lock:
            self._data(universe_id).speech_quota = remaining

    def start_asset_operation(self, response: dict[str, Any]) -> dict[str, Any]:
        """Start an ``assets/v1`` operation that will resolve to ``response``; returns its JSON.

        The operation reports ``done`` on the emulator's ``operation_polls``-th poll
        of ``GET /assets/v1/operations/{id}`` (at once when that is 0).
        """
        with self._context.lock:
            operation_id = str(uuid.uuid4())
            operation = self._operations[operation_id] = _AssetOperation(dict(response))
            return _asset_operation_json(operation_id, operation, done=self._operation_polls <= 0)

    # -- handlers ----------------------------------------------------------------

    def publish_message(self, request: Request, u: str) -> Response:
        """``POST /cloud/v2/universes/{u}:publishMessage`` -> 200 with an empty body."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"topic", "message"}))
        topic = _required_str(body, "topic")
        message = _required_str(body, "message")
        if not 1 <= len(topic) <= _MAX_TOPIC:
            raise invalid(f"The topic must be 1 to {_MAX_TOPIC} characters long.")
        if len(message) > _MAX_MESSAGE:
            raise invalid(f"The message must be at most {_MAX_MESSAGE} characters long.")
        self._data(universe_id).published.append(PublishedMessage(topic, message, self._context.now()))
        return empty_response(200)

    def create_notification(self, request: Request, user: str) -> Any:
        """``POST /cloud/v2/users/{userId}/notifications`` -> ``{path, id}``."""
        user_id = _positive_id(user, "user ID")
        body = request.payload
        check_fields(body, frozenset({"path", "id", "source", "payload"}))  # path/id are output-only
        source = _object(body, "source", required=True)
        check_fields(source, frozenset({"universe"}))
        universe_match = _UNIVERSE_PATH.fullmatch(str(source.get("universe")))
        if not isinstance(source.get("universe"), str) or universe_match is None:
            raise invalid("source.universe must be a universe path such as 'universes/123'.")
        payload = _object(body, "payload", required=True)
        check_fields(
            payload, frozenset({"type", "messageId", "parameters", "joinExperience", "analyticsData"})
        )
        if payload.get("type") != "MOMENT":
            raise invalid("payload.type must be 'MOMENT'.")
        message_id = _required_str(payload, "messageId")
        if not message_id:
            raise invalid("payload.messageId must not be empty.")
        parameters = _notification_parameters(payload.get("parameters"))
        join = _object(payload, "joinExperience")
        check_fields(join, frozenset({"launchData"}))
        launch_data = join.get("launchData")
        if launch_data is not None:
            if not isinstance(launch_data, str):
                raise invalid("launchData must be a string.")
            if len(launch_data.encode("utf-8")) > _MAX_LAUNCH_DATA_BYTES:
                raise invalid(f"launchData must be at most {_MAX_LAUNCH_DATA_BYTES} bytes.")
        analytics = _object(payload, "analyticsData")
        check_fields(analytics, frozenset({"category"}))
        category = analytics.get("category")
        if category is not None and not isinstance(category, str):
            raise invalid("analyticsData.category must be a string.")
        notification_id = str(uuid.uuid4())
        self._notifications.append(
            SentNotification(
                id=notification_id,
                user_id=user_id,
                universe_id=int(universe_match.group(1)),
                message_id=message_id,
                parameters=parameters,
                launch_data=launch_data,
                analytics_category=category,
                time=self._context.now(),
            )
        )
        return {"path": f"users/{user_id}/notifications/{notification_id}", "id": notification_id}

    def restart_servers(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:restartServers`` -> ``{}``."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(
            body, frozenset({"placeIds", "closeAllVersions", "bleedOffServers", "bleedOffDurationMinutes"})
        )
        place_ids: tuple[int, ...] | None = None
        raw_places = body.get("placeIds")
        if raw_places is not None:
            if not isinstance(raw_places, list):
                raise invalid("placeIds must be a list of place IDs.")
            place_ids = tuple(_int64(item, "placeIds", minimum=1) for item in raw_places) or None
        close_all = _optional_bool(body, "closeAllVersions")
        bleed = _optional_bool(body, "bleedOffServers")
        minutes = body.get("bleedOffDurationMinutes")
        if minutes is not None:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
                raise invalid("bleedOffDurationMinutes must be an integer from 1 to 60.")
            if not bleed:
                raise invalid("bleedOffDurationMinutes needs bleedOffServers to be true.")
        elif bleed:
            raise invalid("bleedOffServers needs bleedOffDurationMinutes (1 to 60).")
        restart = ServerRestart(place_ids, close_all, minutes if bleed else None, self._context.now())
        self._data(universe_id).restarts.append(restart)
        return {}

    def get_subscription(self, request: Request, u: str, product: str, sub: str) -> Any:
        """``GET /cloud/v2/universes/{u}/subscription-products/{p}/subscriptions/{userId}``."""
        universe_id = parse_universe_id(u)
        user_id = _positive_id(sub, "subscription ID")
        view = request.params.get("view", "VIEW_UNSPECIFIED")
        if view not in _VIEWS:
            raise invalid(f"Invalid view '{view}' (expected BASIC or FULL).")
        found = self._subscriptions.get((universe_id, product, user_id))
        if found is None:
            raise not_found(f"Subscription '{sub}' of subscription product '{product}' not found.")
        return _subscription_json(u, product, user_id, found, full=view == "FULL")

    def translate_text(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:translateText``: a deterministic fake translation.

        ``"Hello"`` to ``fr-fr`` becomes ``"[fr-fr] Hello"``; the source language is
        detected from such a prefix, else taken to be ``en-us``.
        """
        parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"text", "sourceLanguageCode", "targetLanguageCodes"}))
        text = _required_str(body, "text")
        if not text:
            raise invalid("text must not be empty.")
        fake = _FAKE_TRANSLATION.fullmatch(text)
        original = fake.group(2) if fake and fake.group(1) in LANGUAGE_CODES else text
        source = body.get("sourceLanguageCode")
        if source is None:
            source = fake.group(1) if fake and fake.group(1) in LANGUAGE_CODES else "en-us"
        _check_language(source, "sourceLanguageCode")
        targets = body.get("targetLanguageCodes", [])
        if not isinstance(targets, list):
            raise invalid("targetLanguageCodes must be a list of language codes.")
        translations: dict[str, str] = {}
        for target in targets:
            _check_language(target, "targetLanguageCodes")
            translations[target] = text if target == source else f"[{target}] {original}"
        return {"sourceLanguageCode": source, "translations": translations}

    def generate_speech_asset(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:generateSpeechAsset`` -> an operation under ``/assets/v1``."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"text", "speechStyle"}))
        text = _required_str(body, "text")
        if not text.strip():
            raise invalid("text must not be empty.")
        style = _object(body, "speechStyle")
        check_fields(style, frozenset({"voiceId", "pitch", "speed"}))
        voice = style.get("voiceId", "1")
        if not isinstance(voice, str) or not voice:
            raise invalid("speechStyle.voiceId must be a non-empty string.")
        pitch = _number(style.get("pitch", 0.0), "speechStyle.pitch")
        speed = _number(style.get("speed", 1.0), "speechStyle.speed")
        if speed <= 0:
            raise invalid("speechStyle.speed must be positive.")
        data = self._data(universe_id)
        if data.speech_quota <= 0:
            raise ApiError("RESOURCE_EXHAUSTED", "The monthly speech generation quota is used up.")
        data.speech_quota -= 1
        asset_id = self._next_asset_id
        self._next_asset_id += 1
        data.speech.append(GeneratedSpeech(asset_id, text, voice, pitch, speed, self._context.now()))
        return self.start_asset_operation(
            {
                "@type": "type.googleapis.com/roblox.open_cloud.cloud.v2.GenerateSpeechAssetResponse",
                "assetId": str(asset_id),
                "remainingQuota": data.speech_quota,
            }
        )

    def get_asset_operation(self, request: Request, operation_id: str) -> Any:
        """``GET /assets/v1/operations/{id}`` (errors in the assets ``{code: <status>, message}`` shape)."""
        operation = self._operations.get(operation_id)
        if operation is None:
            return json_response(404, {"code": 404, "message": f"Operation '{operation_id}' not found."})
        operation.polls += 1
        return _asset_operation_json(operation_id, operation, done=operation.polls >= self._operation_polls)


# -- helpers -------------------------------------------------------------------


def _asset_operation_json(operation_id: str, operation: _AssetOperation, *, done: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"path": f"operations/{operation_id}", "done": done}
    if done:
        result["response"] = dict(operation.response)
    return result


def _subscription_json(u: str, product: str, user_id: int, sub: StoredSubscription, *, full: bool) -> Any:
    active = sub.state != "EXPIRED"
    will_renew = sub.state in ("SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING")
    result: dict[str, Any] = {
        "path": f"universes/{u}/subscription-products/{product}/subscriptions/{user_id}",
        "active": active,
        "willRenew": will_renew,
    }
    if not full:
        return result
    result.update(
        {
            "createTime": format_time(sub.create_time),
            "updateTime": format_time(sub.update_time),
            "lastBillingTime": format_time(sub.last_billing_time),
            "state": sub.state,
            "purchasePlatform": sub.purchase_platform,
            "paymentProvider": sub.payment_provider,
            "user": f"users/{user_id}",
        }
    )
    if sub.next_renew_time is not None:
        result["nextRenewTime"] = format_time(sub.next_renew_time)
    if sub.expire_time is not None:
        result["expireTime"] = format_time(sub.expire_time)
    # Roblox sends expirationDetails on active subscriptions too, with an unspecified reason.
    result["expirationDetails"] = {"reason": sub.expiration_reason or "EXPIRATION_REASON_UNSPECIFIED"}
    return result


def _notification_parameters(raw: Any) -> dict[str, str | int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise invalid("payload.parameters must be an object.")
    result: dict[str, str | int] = {}
    for name, value in raw.items():
        if not name:
            raise invalid("Parameter names must not be empty.")
        if not isinstance(value, dict) or len(value) != 1:
            raise invalid(f"Parameter '{name}' must have exactly one of stringValue or int64Value.")
        check_fields(value, frozenset({"stringValue", "int64Value"}))
        if name.startswith("userId-"):
            # A user mention {userId-<key>} in the template: its value is a user ID.
            if name == "userId-" or "int64Value" not in value:
                raise invalid(f"User mention parameter '{name}' must be 'userId-<key>' with an int64Value.")
            result[name] = _int64(value["int64Value"], f"user ID of parameter '{name}'", minimum=1)
        elif "stringValue" in value:
            if not isinstance(value["stringValue"], str):
                raise invalid(f"Parameter '{name}': stringValue must be a string.")
            result[name] = value["stringValue"]
        else:
            result[name] = _int64(value["int64Value"], f"parameter '{name}'")
    return result


def _required_str(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        raise invalid(f"The field '{name}' is required.")
    if not isinstance(value, str):
        raise invalid(f"The field '{name}' must be a string.")
    return value


def _object(body: dict[str, Any], name: str, *, required: bool = False) -> dict[str, Any]:
    value = body.get(name)
    if value is None:
        if required:
            raise invalid(f"The field '{name}' is required.")
        return {}
    if not isinstance(value, dict):
        raise invalid(f"The field '{name}' must be an object.")
    return value


def _optional_bool(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise invalid(f"The field '{name}' must be a boolean.")
    return value


def _int64(value: Any, what: str, *, minimum: int = _INT64_MIN) -> int:
    """An int64 in protobuf JSON: a number or a decimal string."""
    if isinstance(value, str) and _SIGNED_NUMBER.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= _INT64_MAX:
        raise invalid(f"Invalid {what}: expected a 64-bit integer >= {minimum}.")
    return value


def _number(value: Any, what: str) -> float:
    if not is_finite_number(value):
        raise invalid(f"{what} must be a finite number.")
    return float(value)


def _positive_id(raw: str, what: str) -> int:
    if not _NUMBER.fullmatch(raw) or not 0 < int(raw) < 2**63:
        raise invalid(f"Invalid {what} '{raw}'.")
    return int(raw)


def _check_language(code: Any, what: str) -> None:
    if not isinstance(code, str) or code not in LANGUAGE_CODES:
        raise invalid(f"{what}: unsupported language code {code!r}.")
