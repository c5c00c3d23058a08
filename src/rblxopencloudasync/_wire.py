"""Small wire-format helpers every API area needs: timestamps, paths, values.

Pure functions, shared by both twins.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, unquote

__all__ = [
    "INT32_MAX",
    "INT64_MAX",
    "INT64_MIN",
    "JSONValue",
    "api_path",
    "check_bool",
    "check_finite",
    "check_int",
    "check_name",
    "check_limit",
    "dump_json",
    "format_time",
    "id_from_path",
    "parse_time",
    "parse_time_opt",
    "path_id",
    "segment",
    "unsegment",
    "user_ids_from_paths",
    "user_paths",
]

JSONValue = str | int | float | bool | dict[str, Any] | list[Any] | None
"""A value that Roblox stores as JSON."""

_FRACTION = re.compile(r"\.(\d+)")


def parse_time(text: str) -> datetime:
    """Parse an RFC 3339 timestamp (``Z`` suffix, up to nanoseconds) to an aware datetime."""
    try:
        value = datetime.fromisoformat(text)  # Python >= 3.11 reads Roblox's format directly
    except ValueError:
        value = _parse_time_slow(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def _parse_time_slow(text: str) -> datetime:
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Python < 3.11 accepts at most 6 fractional digits; Roblox sends up to 9.
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    return datetime.fromisoformat(text)


def parse_time_opt(text: Any) -> datetime | None:
    """Like `parse_time`, but ``None``/empty gives ``None``."""
    return parse_time(text) if isinstance(text, str) and text else None


def format_time(value: datetime) -> str:
    """Format a datetime as RFC 3339 UTC with a ``Z`` suffix (naive means UTC)."""
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    text = value.astimezone(timezone.utc).isoformat()
    return text.replace("+00:00", "Z")


_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9_.~-]*")


def segment(value: str) -> str:
    """Percent-encode one URL path segment so that no HTTP library can re-interpret it.

    Everything outside the unreserved set is encoded (``/``, ``@``, ``:``,
    ``?``, ``%``, spaces, ...), and so is every dot of a ``.`` or ``..``
    segment, which httpx and yarl would otherwise collapse as dot-segments.
    """
    if _SAFE_SEGMENT.fullmatch(value):  # the common case, about 10x cheaper than quote()
        return value.replace(".", "%2E") if value in (".", "..") else value
    return quote(value, safe="")


def api_path(template: str, *values: str | int) -> str:
    """Fill each ``{}`` slot of a URL path template with one encoded path segment.

    This is the one place where the SDK turns caller-supplied values into a
    path: ``api_path("/cloud/v2/universes/{}/data-stores/{}", 1, "a/b")`` is
    ``/cloud/v2/universes/1/data-stores/a%2Fb``. Ints (not bools) are written in
    decimal; strings are encoded by `segment`, so ``..``, ``/`` or ``@`` in a
    key can never name another resource. An empty string is refused: it would
    name the collection instead of an item.
    """
    if template.count("{}") != len(values):
        raise ValueError(
            f"path template {template!r} has {template.count('{}')} slots, got {len(values)} values"
        )
    return template.format(*map(_path_segment, values))


def _path_segment(value: str | int) -> str:
    if isinstance(value, str):
        if not value:
            raise ValueError("a path segment must not be empty")
        return segment(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"a path segment must be a str or int, got {type(value).__name__}")


def unsegment(value: str) -> str:
    """Decode a path segment produced by `segment`."""
    return unquote(value)


def path_id(path: Any, collection: str) -> str | None:
    """The decoded id at the end of a resource path taken from a server answer.

    ``path_id("cloud/v2/universes/1/memory-store/operations/x9", "operations")``
    is ``"x9"``. ``None`` unless the path ends with ``{collection}/{id}``. The
    caller rebuilds the URL it requests with `api_path`, so a path in an answer
    can only ever name a resource of the expected kind.
    """
    if not isinstance(path, str):
        return None
    parts = path.split("/")
    if len(parts) < 2 or parts[-2] != collection or not parts[-1]:
        return None
    return unquote(parts[-1])


def user_paths(users: list[int] | None) -> list[str]:
    """Turn user IDs into ``users/{id}`` resource paths, validating them."""
    if users is None:
        return []
    if not isinstance(users, (list, tuple)):
        raise TypeError("users must be a list of user IDs")
    return [f"users/{check_int(user, 'user ID', minimum=1)}" for user in users]


def user_ids_from_paths(paths: Any) -> list[int]:
    """Turn ``users/{id}`` paths (or bare IDs) back into integers."""
    result: list[int] = []
    for item in paths or []:
        text = str(item)
        result.append(int(text.rsplit("/", 1)[-1]))
    return result


INT64_MIN = -(2**63)
"""Smallest value of a 64-bit integer, the default lower bound of `check_int`."""
INT64_MAX = 2**63 - 1
"""Largest value of a 64-bit integer, the default upper bound of `check_int`."""
INT32_MAX = 2**31 - 1
"""Largest value of a 32-bit integer (fields the API types ``int32``)."""


def check_int(value: Any, what: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Validate an integer argument (``bool`` is rejected) and return it.

    Without ``minimum``/``maximum`` the value must fit in 64 bits, the widest
    integer the API takes.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    low = INT64_MIN if minimum is None else minimum
    high = INT64_MAX if maximum is None else maximum
    if value < low:
        raise ValueError(f"{what} must be >= {low}, got {_shown(value)}")
    if value > high:
        raise ValueError(f"{what} must be <= {high}, got {_shown(value)}")
    return value


def _shown(value: int | float) -> str:
    """A number for an error message; huge ints are described, not printed in full."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"an int of {value.bit_length()} bits"
    return str(value)


def check_bool(value: Any, what: str) -> bool:
    """Validate a ``bool`` argument (``0``/``1`` and other truthy values are rejected)."""
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be a bool, got {type(value).__name__}")
    return value


def check_finite(value: Any, what: str, *, minimum: float | None = None) -> int | float:
    """Validate a finite number argument (``bool``, NaN, infinities and ints too big
    for a float are rejected), optionally at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number, got {type(value).__name__}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond the range of a float (the wire's double)
        finite = False
    if not finite:
        raise ValueError(f"{what} must be a finite number, got {_shown(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {value}")
    return value


def id_from_path(path: Any) -> int | None:
    """The trailing numeric id of a resource path such as ``users/156`` (``None`` if absent)."""
    if not isinstance(path, str) or not path:
        return None
    tail = path.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def check_limit(limit: int | None) -> int | None:
    """Validate the ``limit`` of a ``list_*`` call: ``None`` or a non-negative int."""
    if limit is None:
        return None
    return check_int(limit, "limit", minimum=0)


def check_name(value: Any, what: str, *, max_length: int | None = 50) -> str:
    """Validate a non-empty string (of at most ``max_length`` characters) and return it."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{what} must not be empty")
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"{what} must be at most {max_length} characters, got {len(value)}")
    return value


def dump_json(value: Any, what: str = "value") -> str:
    """Serialise ``value`` to compact JSON, with a clear error when it cannot be."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except TypeError as exc:
        raise TypeError(f"{what} is not JSON-serialisable: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"{what} is not valid JSON: {exc}") from None
