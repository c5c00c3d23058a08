"""Experience API area: messaging (``MessagingService``) to live game servers."""

from __future__ import annotations

from ._resource import ExperienceResource
from ._shared.checks import check_name
from ._shared.paths import api_path
from ._shared.translation import SUPPORTED_LANGUAGE_CODES

__all__ = ["SUPPORTED_LANGUAGE_CODES", "MessagingMixin"]

_MAX_TOPIC_CHARS = 80
_MAX_MESSAGE_CHARS = 1024


class MessagingMixin(ExperienceResource):
    """`Experience` methods for publishing messages to live game servers."""

    async def publish_message(self, topic: str, data: str) -> None:
        """Publish a message to the experience's live game servers (``MessagingService``).

        Only servers that are running receive the message; Studio sessions don't.
        A publish is never retried after a server error or timeout, since a repeat
        could deliver the message twice.

        Args:
            topic: The topic to publish on (1 to 80 characters).
            data: The message, at most 1,024 characters. Open Cloud only carries
                strings: serialise other data yourself (e.g. with ``json.dumps``).

        Raises:
            TypeError: ``topic`` or ``data`` is not a str.
            ValueError: ``topic`` is empty or either value is too long.
            Forbidden: The API key lacks ``universe-messaging-service:publish``.
            RateLimited: Too many messages were published.
        """
        check_name(topic, "topic", max_length=_MAX_TOPIC_CHARS)
        if not isinstance(data, str):
            raise TypeError(
                f"data must be a str (serialise other values yourself), got {type(data).__name__}"
            )
        if len(data) > _MAX_MESSAGE_CHARS:
            raise ValueError(f"data must be at most {_MAX_MESSAGE_CHARS} characters, got {len(data)}")
        await self._client.request(
            "POST",
            api_path("/cloud/v2/universes/{}:publishMessage", self.id),
            json={"topic": topic, "message": data},
            idempotent=False,
        )
