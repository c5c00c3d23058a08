"""The notification area: experience notifications sent to users (``POST /cloud/v2/users/{id}/notifications``).

A notification reaches a user's device on Roblox; the emulator records it
instead, so tests can check what was sent: `NotificationArea.notifications`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._area import (
    Area,
    Context,
    Request,
    Route,
    body_object,
    check_fields,
    parse_id,
    parse_int64,
    required_str,
)
from ._errors import invalid

__all__ = ["NotificationArea", "SentNotification"]

_MAX_LAUNCH_DATA_BYTES = 200
_UNIVERSE_PATH = re.compile(r"universes/([0-9]{1,19})")


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


class NotificationArea(Area):
    """Experience notifications, recorded for tests."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._notifications: list[SentNotification] = []

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "users", user, "notifications"]:
                return Route(lambda r: self.create_notification(r, user), needs_body=True)
        return None

    def clear(self) -> None:
        self._notifications.clear()

    # -- helpers for tests ---------------------------------------------------------

    def notifications(self, user_id: int | None = None) -> list[SentNotification]:
        """The notifications sent (optionally to one user), oldest first."""
        with self._context.lock:
            return [n for n in self._notifications if user_id is None or n.user_id == user_id]

    # -- handlers ----------------------------------------------------------------

    def create_notification(self, request: Request, user: str) -> Any:
        """``POST /cloud/v2/users/{userId}/notifications`` -> ``{path, id}``."""
        user_id = parse_id(user, "user ID")
        body = request.payload
        check_fields(body, frozenset({"path", "id", "source", "payload"}))  # path/id are output-only
        source = body_object(body, "source", required=True)
        check_fields(source, frozenset({"universe"}))
        universe_match = _UNIVERSE_PATH.fullmatch(str(source.get("universe")))
        if not isinstance(source.get("universe"), str) or universe_match is None:
            raise invalid("source.universe must be a universe path such as 'universes/123'.")
        payload = body_object(body, "payload", required=True)
        check_fields(
            payload, frozenset({"type", "messageId", "parameters", "joinExperience", "analyticsData"})
        )
        if payload.get("type") != "MOMENT":
            raise invalid("payload.type must be 'MOMENT'.")
        message_id = required_str(payload, "messageId")
        if not message_id:
            raise invalid("payload.messageId must not be empty.")
        parameters = _notification_parameters(payload.get("parameters"))
        join = body_object(payload, "joinExperience")
        check_fields(join, frozenset({"launchData"}))
        launch_data = join.get("launchData")
        if launch_data is not None:
            if not isinstance(launch_data, str):
                raise invalid("launchData must be a string.")
            if len(launch_data.encode("utf-8")) > _MAX_LAUNCH_DATA_BYTES:
                raise invalid(f"launchData must be at most {_MAX_LAUNCH_DATA_BYTES} bytes.")
        analytics = body_object(payload, "analyticsData")
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
            result[name] = parse_int64(value["int64Value"], f"user ID of parameter '{name}'", minimum=1)
        elif "stringValue" in value:
            if not isinstance(value["stringValue"], str):
                raise invalid(f"Parameter '{name}': stringValue must be a string.")
            result[name] = value["stringValue"]
        else:
            result[name] = parse_int64(value["int64Value"], f"parameter '{name}'")
    return result
