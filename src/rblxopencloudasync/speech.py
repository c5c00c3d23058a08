"""Experience API area: text-to-speech audio assets (``universes:generateSpeechAsset``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource, public_class
from ._shared import fields, paths, speech as shared

if TYPE_CHECKING:
    from ._operation import Operation
    from .creator import Asset

__all__ = ["SpeechMixin"]


class SpeechMixin(ExperienceResource):
    """`Experience` methods for generating speech assets."""

    async def generate_speech_asset(
        self, text: str, voice_id: str = "1", pitch: float = 0.0, speed: float = 1.0
    ) -> Operation[Asset]:
        """Generate a text-to-speech audio asset (English only).

        Needs ``universe:write``, ``asset:read`` and ``asset:write``; each call
        counts against a monthly quota. Never retried after a server error or timeout.

        Example:
            ```python
            operation = experience.generate_speech_asset("Hello World!", voice_id="1")
            asset = operation.wait()
            print(asset)  # <rblxopencloud.Asset id=113523671173037 type=AssetType.Audio>
            ```

        Args:
            text: The text to speak.
            voice_id: The voice to use; the IDs are listed in the Creator Documentation.
            pitch: The pitch adjustment of the voice.
            speed: The speed adjustment of the voice.

        Returns:
            An `Operation` resolving to the new audio `Asset`. Only the asset's ID
            and type are known from this call; fetch the asset for the rest.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``text`` or ``voice_id`` is empty, or ``pitch``/``speed`` is not
                finite (``speed`` must also be positive).
        """
        body = shared.speech_body(text, voice_id, pitch, speed)
        client = self._client

        def parse(response: dict[str, Any]) -> Asset:
            asset: Asset = public_class("Asset").from_wire(shared.speech_asset_fields(response), client)
            return asset

        def started(reply: Any) -> Operation[Asset]:
            data = fields.as_object(reply)
            operation: Operation[Asset] = public_class("Operation")(
                client, shared.speech_operation_path(data), parse, initial=data
            )
            return operation

        result: Operation[Asset] = await client.request_json(
            "POST",
            paths.api_path("/cloud/v2/universes/{}:generateSpeechAsset", self.id),
            json=body,
            idempotent=False,
            parse=started,
        )
        return result
