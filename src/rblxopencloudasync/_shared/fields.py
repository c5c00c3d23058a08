"""Checked accessors for response bodies: a missing or mistyped field is an SDK error.

Wire models read the fields a call needs through these functions, never with
``data["x"]`` or an invented ``data.get("x", 0)``. A body that lacks such a
field raises `ResponseShapeError`; ``BaseClient.request_json(parse=...)``
turns it into `rblxopencloud.UnexpectedResponse` carrying the response's
status and the start of its body. Optional fields (documented as such, or only
present in some views) read as ``None`` when absent or ``null``, but a value
of the wrong type is still an error. Pure functions, shared by both twins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .times import parse_time

__all__ = [
    "ResponseShapeError",
    "as_object",
    "opt_bool",
    "opt_float",
    "opt_int",
    "opt_list",
    "opt_object",
    "opt_path_id",
    "opt_str",
    "opt_time",
    "numeric_path_id",
    "req_bool",
    "req_float",
    "req_int",
    "req_list",
    "req_object",
    "req_path_id",
    "req_str",
    "req_time",
    "req_value",
]


class ResponseShapeError(Exception):
    """A response body lacks a field the call needs, or holds a value of the wrong type."""


def as_object(body: Any, what: str = "the response body") -> dict[str, Any]:
    """``body`` itself, which must be a JSON object."""
    if not isinstance(body, dict):
        raise ResponseShapeError(f"{what} is not a JSON object (got {_kind(body)})")
    return body


def req_object(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The JSON object at ``data[key]``."""
    return as_object(_required(data, key), f"field {key!r}")


def opt_object(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The JSON object at ``data[key]``, or ``None`` when absent or ``null``."""
    value = data.get(key)
    return None if value is None else as_object(value, f"field {key!r}")


def req_str(data: dict[str, Any], key: str) -> str:
    """The string at ``data[key]``."""
    value = _required(data, key)
    if not isinstance(value, str):
        raise ResponseShapeError(f"field {key!r} is not a string (got {_kind(value)})")
    return value


def opt_str(data: dict[str, Any], key: str) -> str | None:
    """The string at ``data[key]``, or ``None`` when absent or ``null``."""
    return None if data.get(key) is None else req_str(data, key)


def req_int(data: dict[str, Any], key: str) -> int:
    """The integer at ``data[key]``; int64 fields may arrive as decimal strings."""
    value = _required(data, key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise ResponseShapeError(f"field {key!r} is not an integer (got {_kind(value)})")


def opt_int(data: dict[str, Any], key: str) -> int | None:
    """The integer at ``data[key]``, or ``None`` when absent or ``null``."""
    return None if data.get(key) is None else req_int(data, key)


def req_float(data: dict[str, Any], key: str) -> float:
    """The number at ``data[key]`` (an integer or a finite double)."""
    value = _required(data, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ResponseShapeError(f"field {key!r} is not a number (got {_kind(value)})")
    return float(value)


def opt_float(data: dict[str, Any], key: str) -> float | None:
    """The number at ``data[key]``, or ``None`` when absent or ``null``."""
    return None if data.get(key) is None else req_float(data, key)


def req_value(data: dict[str, Any], key: str) -> Any:
    """The JSON value at ``data[key]``, which must be present (it may be ``null``)."""
    if not isinstance(data, dict):
        raise ResponseShapeError(f"expected a JSON object holding {key!r}, got {_kind(data)}")
    if key not in data:
        raise ResponseShapeError(f"field {key!r} is missing")
    return data[key]


def req_path_id(data: dict[str, Any], key: str) -> int:
    """The trailing numeric id of the resource path at ``data[key]`` (``users/156`` -> 156)."""
    return numeric_path_id(req_str(data, key), f"field {key!r}")


def numeric_path_id(path: Any, what: str) -> int:
    """The trailing numeric id of a resource path such as ``users/156``."""
    if not isinstance(path, str):
        raise ResponseShapeError(f"{what} is not a string (got {_kind(path)})")
    tail = path.rsplit("/", 1)[-1]
    if not (tail.isascii() and tail.isdigit()) or int(tail) < 1:
        raise ResponseShapeError(f"{what} does not end in a numeric id: {path[:60]!r}")
    return int(tail)


def opt_path_id(data: dict[str, Any], key: str) -> int | None:
    """Like `req_path_id`, or ``None`` when absent, ``null`` or empty."""
    return None if data.get(key) in (None, "") else req_path_id(data, key)


def req_bool(data: dict[str, Any], key: str) -> bool:
    """The boolean at ``data[key]``."""
    value = _required(data, key)
    if not isinstance(value, bool):
        raise ResponseShapeError(f"field {key!r} is not a boolean (got {_kind(value)})")
    return value


def opt_bool(data: dict[str, Any], key: str) -> bool | None:
    """The boolean at ``data[key]``, or ``None`` when absent or ``null``."""
    return None if data.get(key) is None else req_bool(data, key)


def req_list(data: dict[str, Any], key: str) -> list[Any]:
    """The JSON array at ``data[key]``."""
    value = _required(data, key)
    if not isinstance(value, list):
        raise ResponseShapeError(f"field {key!r} is not an array (got {_kind(value)})")
    return value


def opt_list(data: dict[str, Any], key: str) -> list[Any]:
    """The JSON array at ``data[key]``; absent or ``null`` is an empty list
    (cloud v2 omits empty repeated fields)."""
    return [] if data.get(key) is None else req_list(data, key)


def req_time(data: dict[str, Any], key: str) -> datetime:
    """The RFC 3339 timestamp at ``data[key]`` as an aware datetime."""
    text = req_str(data, key)
    try:
        return parse_time(text)
    except ValueError:
        raise ResponseShapeError(f"field {key!r} is not a timestamp: {text[:40]!r}") from None


def opt_time(data: dict[str, Any], key: str) -> datetime | None:
    """The timestamp at ``data[key]``, or ``None`` when absent, ``null`` or empty."""
    return None if data.get(key) in (None, "") else req_time(data, key)


def _required(data: dict[str, Any], key: str) -> Any:
    if not isinstance(data, dict):
        raise ResponseShapeError(f"expected a JSON object holding {key!r}, got {_kind(data)}")
    value = data.get(key)
    if value is None:
        raise ResponseShapeError(f"field {key!r} is missing")
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__
