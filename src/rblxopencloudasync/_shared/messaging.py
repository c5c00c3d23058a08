"""Argument checks and request body of the messaging API (``universes:publishMessage``)."""

from __future__ import annotations

from typing import Any

from .checks import check_name

__all__ = ["message_body"]

_MAX_TOPIC_CHARS = 80
_MAX_MESSAGE_CHARS = 1024


def message_body(topic: Any, data: Any) -> dict[str, str]:
    """The ``:publishMessage`` body for ``data`` on ``topic``, once both are checked."""
    check_name(topic, "topic", max_length=_MAX_TOPIC_CHARS)
    if not isinstance(data, str):
        raise TypeError(f"data must be a str (serialise other values yourself), got {type(data).__name__}")
    if len(data) > _MAX_MESSAGE_CHARS:
        raise ValueError(f"data must be at most {_MAX_MESSAGE_CHARS} characters, got {len(data)}")
    return {"topic": topic, "message": data}
