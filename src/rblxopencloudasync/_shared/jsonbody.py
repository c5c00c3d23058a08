"""JSON values as the SDK sends them."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["JSONValue", "dump_json"]


JSONValue = str | int | float | bool | dict[str, Any] | list[Any] | None
"""A value that Roblox stores as JSON."""


def dump_json(value: Any, what: str = "value") -> str:
    """Serialise ``value`` to compact JSON, with a clear error when it cannot be."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except TypeError as exc:
        raise TypeError(f"{what} is not JSON-serialisable: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"{what} is not valid JSON: {exc}") from None
