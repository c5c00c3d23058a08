"""Experience API area: messaging (``MessagingService``) to live game servers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._resource import ExperienceResource
from ._shared import deferred_names, messaging as shared, paths, translation as translation_shared

if TYPE_CHECKING:
    from ._shared.translation import SUPPORTED_LANGUAGE_CODES

__all__ = ["SUPPORTED_LANGUAGE_CODES", "MessagingMixin"]
# SUPPORTED_LANGUAGE_CODES is the translation area's: read from its shared module on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), translation_shared, "SUPPORTED_LANGUAGE_CODES")


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
        body = shared.message_body(topic, data)
        await self._client.request(
            "POST",
            paths.api_path("/cloud/v2/universes/{}:publishMessage", self.id),
            json=body,
            idempotent=False,
        )
