"""The messaging area: messages published to live game servers (``universes:publishMessage``).

A message reaches a universe's running game servers on Roblox; the emulator
records it instead, so tests can check what was sent: `MessagingArea.published`.

The messaging guide covers five more APIs, each served by its own area
(notifications, server restarts, subscriptions, translation, speech).
`MessagingArea` offers their test helpers too, as shortcuts to those areas,
so a test of the guide's APIs needs only this one area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._area import (
    DEMO_SUBSCRIPTION_PRODUCT,
    Area,
    Context,
    Request,
    Response,
    Route,
    check_fields,
    empty_response,
    parse_universe_id,
    required_str,
)
from ._errors import invalid

__all__ = ["DEMO_SUBSCRIPTION_PRODUCT", "MessagingArea", "PublishedMessage"]

_MAX_TOPIC = 80
_MAX_MESSAGE = 1024


@dataclass(frozen=True, slots=True)
class PublishedMessage:
    """A message published with ``:publishMessage``."""

    topic: str
    message: str
    time: datetime


class MessagingArea(Area):
    """Messages published to game servers, recorded for tests.

    The helpers of the other areas of the messaging guide are shortcuts here:
    `notifications` (`NotificationArea`), `restarts` (`ServerArea`),
    `add_subscription` (`SubscriptionArea`), `speech_assets`,
    `set_speech_quota` and `start_asset_operation` (`SpeechArea`).
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._published: dict[int, list[PublishedMessage]] = {}

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "universes", u, ":publishMessage"]:
                return Route(lambda r: self.publish_message(r, u), needs_body=True)
        return None

    def clear(self) -> None:
        self._published.clear()

    # -- helpers for tests ---------------------------------------------------------

    def published(self, universe_id: int, topic: str | None = None) -> list[PublishedMessage]:
        """The messages published in a universe (optionally on one topic), oldest first."""
        with self._context.lock:
            messages = self._published.get(universe_id, [])
            return [m for m in messages if topic is None or m.topic == topic]

    # -- shortcuts to the other areas of the messaging guide ------------------------

    def notifications(self, user_id: int | None = None) -> list[Any]:
        """The notifications sent (optionally to one user), oldest first: `NotificationArea.notifications`."""
        found: list[Any] = self._helper("notifications")(user_id)
        return found

    def restarts(self, universe_id: int) -> list[Any]:
        """The server restarts requested for a universe, oldest first: `ServerArea.restarts`."""
        found: list[Any] = self._helper("restarts")(universe_id)
        return found

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
    ) -> Any:
        """Add (or replace) a user's subscription to a product: `SubscriptionArea.add_subscription`."""
        return self._helper("add_subscription")(
            universe_id,
            product_id,
            user_id,
            state=state,
            payment_provider=payment_provider,
            purchase_platform=purchase_platform,
            expiration_reason=expiration_reason,
            created=created,
        )

    def speech_assets(self, universe_id: int) -> list[Any]:
        """The speech assets generated for a universe, oldest first: `SpeechArea.speech_assets`."""
        found: list[Any] = self._helper("speech_assets")(universe_id)
        return found

    def set_speech_quota(self, universe_id: int, remaining: int) -> None:
        """Set how many more speech assets a universe may generate: `SpeechArea.set_speech_quota`."""
        self._helper("set_speech_quota")(universe_id, remaining)

    def start_asset_operation(self, response: dict[str, Any]) -> dict[str, Any]:
        """Start an ``assets/v1`` operation resolving to ``response``: `SpeechArea.start_asset_operation`."""
        started: dict[str, Any] = self._helper("start_asset_operation")(response)
        return started

    def _helper(self, name: str) -> Callable[..., Any]:
        """The test helper ``name`` of the other area of this emulator that has it.

        Areas never import each other, so the area is found by the helper's name.
        """
        for area in self._peers:
            helper: Callable[..., Any] | None = getattr(area, name, None)
            if area is not self and callable(helper):
                return helper
        raise LookupError(f"no other area of this emulator has a helper {name!r}")

    # -- handlers ----------------------------------------------------------------

    def publish_message(self, request: Request, u: str) -> Response:
        """``POST /cloud/v2/universes/{u}:publishMessage`` -> 200 with an empty body."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"topic", "message"}))
        topic = required_str(body, "topic")
        message = required_str(body, "message")
        if not 1 <= len(topic) <= _MAX_TOPIC:
            raise invalid(f"The topic must be 1 to {_MAX_TOPIC} characters long.")
        if len(message) > _MAX_MESSAGE:
            raise invalid(f"The message must be at most {_MAX_MESSAGE} characters long.")
        self._published.setdefault(universe_id, []).append(
            PublishedMessage(topic, message, self._context.now())
        )
        return empty_response(200)
