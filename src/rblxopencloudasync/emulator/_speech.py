"""The speech area: text-to-speech audio assets (``universes:generateSpeechAsset``) and asset operations.

Generating speech answers with an asset operation polled at
``GET /assets/v1/operations/{id}``, which this area serves too;
`SpeechArea.start_asset_operation` starts one that resolves to any response.
The generated assets are recorded for tests: `SpeechArea.speech_assets`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._area import (
    Area,
    Context,
    Request,
    Route,
    body_object,
    check_fields,
    is_finite_number,
    json_response,
    parse_universe_id,
    required_str,
)
from ._errors import ApiError, invalid

__all__ = ["GeneratedSpeech", "SpeechArea"]

_SPEECH_QUOTA = 1000  # per universe and emulator lifetime (Roblox's is monthly)
_FIRST_SPEECH_ASSET_ID = 113523671173037


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
class _AssetOperation:
    response: dict[str, Any]
    polls: int = 0


@dataclass(slots=True)
class _UniverseSpeech:
    generated: list[GeneratedSpeech] = field(default_factory=list)
    quota: int = _SPEECH_QUOTA


class SpeechArea(Area):
    """Speech assets, with a quota per universe, and the ``assets/v1`` operations they resolve through."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._universes: dict[int, _UniverseSpeech] = {}
        self._operations: dict[str, _AssetOperation] = {}
        self._next_asset_id = _FIRST_SPEECH_ASSET_ID

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "universes", u, ":generateSpeechAsset"]:
                return Route(lambda r: self.generate_speech_asset(r, u), needs_body=True)
            case "GET", ["assets", "v1", "operations", operation]:
                return Route(lambda r: self.get_asset_operation(r, operation))
        return None

    def clear(self) -> None:
        self._universes.clear()
        self._operations.clear()
        self._next_asset_id = _FIRST_SPEECH_ASSET_ID

    def _speech(self, universe_id: int) -> _UniverseSpeech:
        found = self._universes.get(universe_id)
        if found is None:
            found = self._universes[universe_id] = _UniverseSpeech()
        return found

    # -- helpers for tests ---------------------------------------------------------

    def speech_assets(self, universe_id: int) -> list[GeneratedSpeech]:
        """The speech assets generated for a universe, oldest first."""
        with self._context.lock:
            return list(self._universes.get(universe_id, _UniverseSpeech()).generated)

    def set_speech_quota(self, universe_id: int, remaining: int) -> None:
        """Set how many more speech assets a universe may generate (default 1000)."""
        if isinstance(remaining, bool) or not isinstance(remaining, int) or remaining < 0:
            raise ValueError("remaining must be a non-negative int")
        with self._context.lock:
            self._speech(universe_id).quota = remaining

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

    def generate_speech_asset(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:generateSpeechAsset`` -> an operation under ``/assets/v1``."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(body, frozenset({"text", "speechStyle"}))
        text = required_str(body, "text")
        if not text.strip():
            raise invalid("text must not be empty.")
        style = body_object(body, "speechStyle")
        check_fields(style, frozenset({"voiceId", "pitch", "speed"}))
        voice = style.get("voiceId", "1")
        if not isinstance(voice, str) or not voice:
            raise invalid("speechStyle.voiceId must be a non-empty string.")
        pitch = _number(style.get("pitch", 0.0), "speechStyle.pitch")
        speed = _number(style.get("speed", 1.0), "speechStyle.speed")
        if speed <= 0:
            raise invalid("speechStyle.speed must be positive.")
        data = self._speech(universe_id)
        if data.quota <= 0:
            raise ApiError("RESOURCE_EXHAUSTED", "The monthly speech generation quota is used up.")
        data.quota -= 1
        asset_id = self._next_asset_id
        self._next_asset_id += 1
        data.generated.append(GeneratedSpeech(asset_id, text, voice, pitch, speed, self._context.now()))
        return self.start_asset_operation(
            {
                "@type": "type.googleapis.com/roblox.open_cloud.cloud.v2.GenerateSpeechAssetResponse",
                "assetId": str(asset_id),
                "remainingQuota": data.quota,
            }
        )

    def get_asset_operation(self, request: Request, operation_id: str) -> Any:
        """``GET /assets/v1/operations/{id}`` (errors in the assets ``{code: <status>, message}`` shape)."""
        operation = self._operations.get(operation_id)
        if operation is None:
            return json_response(404, {"code": 404, "message": f"Operation '{operation_id}' not found."})
        operation.polls += 1
        return _asset_operation_json(operation_id, operation, done=operation.polls >= self._operation_polls)


def _asset_operation_json(operation_id: str, operation: _AssetOperation, *, done: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"path": f"operations/{operation_id}", "done": done}
    if done:
        result["response"] = dict(operation.response)
    return result


def _number(value: Any, what: str) -> float:
    if not is_finite_number(value):
        raise invalid(f"{what} must be a finite number.")
    return float(value)
