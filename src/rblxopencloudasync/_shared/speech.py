"""Argument checks, request body and answer reading of the text-to-speech API (``universes:generateSpeechAsset``)."""

from __future__ import annotations

from typing import Any

from .checks import check_finite, check_name
from .fields import ResponseShapeError, req_str
from .paths import api_path, path_id

__all__ = ["speech_asset_fields", "speech_body", "speech_operation_path"]


def speech_body(text: Any, voice_id: Any, pitch: Any, speed: Any) -> dict[str, Any]:
    """The ``:generateSpeechAsset`` body, once every argument is checked."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("text must not be empty")
    check_name(voice_id, "voice_id", max_length=None)
    pitch = float(check_finite(pitch, "pitch"))
    speed = float(check_finite(speed, "speed"))
    if speed <= 0:
        raise ValueError(f"speed must be positive, got {speed}")
    return {"text": text, "speechStyle": {"voiceId": voice_id, "pitch": pitch, "speed": speed}}


def speech_operation_path(started: dict[str, Any]) -> str:
    """The path the operation of a ``:generateSpeechAsset`` answer is polled at.

    The answer names it ``operations/{id}``; it lives under ``/assets/v1``.
    """
    operation_id = path_id(req_str(started, "path"), "operations")
    if operation_id is None:
        raise ResponseShapeError("the answer's 'path' names no operation")
    return api_path("/assets/v1/operations/{}", operation_id)


def speech_asset_fields(response: dict[str, Any]) -> dict[str, Any]:
    """The asset fields of a finished operation's response; a speech asset is always audio."""
    data = dict(response)
    data.setdefault("assetType", "Audio")
    return data
