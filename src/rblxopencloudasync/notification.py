"""Experience API area: experience notifications sent to users."""

from __future__ import annotations

from ._resource import ExperienceResource
from ._shared import notification as shared, paths

__all__ = ["NotificationMixin"]


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
        body = shared.notification_body(
            self.id, user_id, message_id, launch_data, analytics_category, message_variables
        )
        await self._client.request(
            "POST",
            paths.api_path("/cloud/v2/users/{}/notifications", user_id),
            json=body,
            idempotent=False,
        )
