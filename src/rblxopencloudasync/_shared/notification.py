"""Argument checks and request body of the experience notification API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .checks import check_int, check_name

__all__ = ["notification_body"]

_MAX_LAUNCH_DATA_BYTES = 200
_USER_MENTION_PREFIX = "userid_"  # stands for "userId-", which a keyword argument cannot spell


def notification_body(
    universe_id: int,
    user_id: Any,
    message_id: Any,
    launch_data: Any,
    analytics_category: Any,
    variables: Mapping[str, Any],
) -> dict[str, Any]:
    """The body of ``POST /cloud/v2/users/{user_id}/notifications``, once every argument is checked.

    ``variables`` are the message's parameters as `send_notification` takes them:
    a str or an int each, a user mention ``userid_<key>`` (sent as
    ``userId-<key>``) with a user ID.
    """
    check_int(user_id, "user_id", minimum=1)
    check_name(message_id, "message_id", max_length=None)
    parameters: dict[str, dict[str, Any]] = {}
    for name, value in variables.items():
        if name.startswith(_USER_MENTION_PREFIX):
            key = name.removeprefix(_USER_MENTION_PREFIX)
            if not key:
                raise ValueError(f"message variable {name!r} needs a key after {_USER_MENTION_PREFIX!r}")
            mentioned = check_int(value, f"message variable {name!r} (a user ID)", minimum=1)
            parameters[f"userId-{key}"] = {"int64Value": mentioned}
        elif isinstance(value, str):
            parameters[name] = {"stringValue": value}
        elif isinstance(value, int) and not isinstance(value, bool):
            parameters[name] = {"int64Value": check_int(value, f"message variable {name!r}")}
        else:
            raise TypeError(f"message variable {name!r} must be a str or an int, got {type(value).__name__}")
    payload: dict[str, Any] = {"type": "MOMENT", "messageId": message_id}
    if parameters:
        payload["parameters"] = parameters
    if launch_data is not None:
        if not isinstance(launch_data, str):
            raise TypeError(f"launch_data must be a str, got {type(launch_data).__name__}")
        size = len(launch_data.encode("utf-8"))
        if size > _MAX_LAUNCH_DATA_BYTES:
            raise ValueError(f"launch_data must be at most {_MAX_LAUNCH_DATA_BYTES} bytes, got {size}")
        payload["joinExperience"] = {"launchData": launch_data}
    if analytics_category is not None:
        if not isinstance(analytics_category, str):
            raise TypeError(f"analytics_category must be a str, got {type(analytics_category).__name__}")
        payload["analyticsData"] = {"category": analytics_category}
    return {"source": {"universe": f"universes/{universe_id}"}, "payload": payload}
