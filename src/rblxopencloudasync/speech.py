"""Experience API area: text-to-speech audio assets (``universes:generateSpeechAsset``)."""

from __future__ import annotations

from typing import Any

from ._operation import Operation
from ._resource import ExperienceResource
from ._shared.checks import check_finite, check_name
from ._shared.fields import ResponseShapeError, as_object, req_str
from ._shared.paths import api_path, path_id
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
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        if not text.strip():
            raise ValueError("text must not be empty")
        check_name(voice_id, "voice_id", max_length=None)
        pitch = float(check_finite(pitch, "pitch"))
        speed = float(check_finite(speed, "speed"))
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        client = self._client

        def parse(response: dict[str, Any]) -> Asset:
            data = dict(response)
            data.setdefault("assetType", "Audio")  # speech assets are always audio
            return Asset.from_wire(data, client)

        def started(reply: Any) -> Operation[Asset]:
            data = as_object(reply)
            # The answer names the operation "operations/{id}"; it is polled under /assets/v1.
            operation_id = path_id(req_str(data, "path"), "operations")
            if operation_id is None:
                raise ResponseShapeError("the answer's 'path' names no operation")
            return Operation(client, api_path("/assets/v1/operations/{}", operation_id), parse, initial=data)

        result: Operation[Asset] = await client.request_json(
            "POST",
            api_path("/cloud/v2/universes/{}:generateSpeechAsset", self.id),
            json={"text": text, "speechStyle": {"voiceId": voice_id, "pitch": pitch, "speed": speed}},
            idempotent=False,
            parse=started,
        )
        return result
