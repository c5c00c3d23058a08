"""Experience API area: experience notifications sent to users."""

from __future__ import annotations

from typing import Any

from ._resource import ExperienceResource
from ._shared.checks import check_int, check_name
from ._shared.paths import api_path

__all__ = ["NotificationMixin"]

_MAX_LAUNCH_DATA_BYTES = 200
_USER_MENTION_PREFIX = "userid_"  # stands for "userId-", which a keyword argument cannot spell


class NotificationMixin(ExperienceResource):
    """`Experience` methods for sending experience notifications."""

    async def send_notification(
        self,
        user_id: int,
        message_id: str,
        launch_data: str | None = None,
        analytics_category: str | None = None,
        **message_variables: str | int,
    ) -> None:
        """Send an experience notification to a user.

        The notification is never re-sent after a server error or timeout, since a
        repeat could notify the user twice.

        Args:
            user_id: The user to notify.
            message_id: The ID of the notification string, from the Creator Dashboard.
            launch_data: Data handed to the experience if the user joins from the
                notification (at most 200 bytes as UTF-8).
            analytics_category: A category to group the notification's analytics under.
            **message_variables: Values for the string's parameters, each a str or an
                int. A user mention ``{userId-<key>}`` is passed as ``userid_<key>``
                with the user's ID (an int) as its value, and sent as ``userId-<key>``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``user_id`` is below 1, ``message_id`` is empty or
                ``launch_data`` is too long.
            Forbidden: The API key lacks ``user.user-notification:write``.
        """
        check_int(user_id, "user_id", minimum=1)
        check_name(message_id, "message_id", max_length=None)
        parameters: dict[str, dict[str, Any]] = {}
        for name, value in message_variables.items():
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
                raise TypeError(
                    f"message variable {name!r} must be a str or an int, got {type(value).__name__}"
                )
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
        await self._client.request(
            "POST",
            api_path("/cloud/v2/users/{}/notifications", user_id),
            json={"source": {"universe": f"universes/{self.id}"}, "payload": payload},
            idempotent=False,
        )
