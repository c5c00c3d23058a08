"""Argument checks shared by every API area: ints, bools, numbers, names, limits."""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "INT64_MIN",
    "INT64_MAX",
    "INT32_MAX",
    "check_int",
    "check_bool",
    "check_finite",
    "check_limit",
    "check_name",
]


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
