"""Pure helpers of the user restriction (ban) API, shared by both twins.

Argument checks, the ``gameJoinRestriction`` request body, the ``listLogs``
filter and the parsing of the small wire values (durations, resource paths).
The `UserRestriction` model itself lives in ``bans.py`` because it holds
twinned handles (`User`, `Place`).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Any

from .checks import check_bool, check_int
from .paths import id_from_path
from .times import format_time

__all__ = [
    "MAX_DISPLAY_REASON",
    "MAX_DURATION_SECONDS",
    "MAX_PRIVATE_REASON",
    "ban_body",
    "check_duration",
    "check_reason",
    "duration_from_wire",
    "id_from_path",
    "idempotency_params",
    "logs_filter",
    "unban_body",
]

MAX_DISPLAY_REASON = 400
"""Longest ``display_reason`` Roblox accepts (characters)."""

MAX_PRIVATE_REASON = 1000
"""Longest ``private_reason`` Roblox accepts (characters)."""

MAX_DURATION_SECONDS = 315_576_000_000
"""Longest timed restriction (about 10,000 years); ``None`` bans permanently instead."""

UPDATE_MASK = "gameJoinRestriction"
"""The restriction is always replaced as a whole (sub-field masks are not supported)."""

_DURATION = re.compile(r"([0-9]+)(?:\.([0-9]{1,9}))?s")


def check_duration(value: Any) -> int | None:
    """Validate ``duration_seconds``: ``None`` (permanent) or a whole number of seconds in range."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"duration_seconds must be an int or None, got {type(value).__name__}")
    if not 1 <= value <= MAX_DURATION_SECONDS:
        raise ValueError(f"duration_seconds must be between 1 and {MAX_DURATION_SECONDS}, got {value}")
    return value


def check_reason(value: Any, what: str, max_length: int) -> str:
    """Validate a ban reason: a str of at most ``max_length`` characters (may be empty)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if len(value) > max_length:
        raise ValueError(f"{what} must be at most {max_length} characters, got {len(value)}")
    return value


def ban_body(
    duration_seconds: Any, display_reason: Any, private_reason: Any, exclude_alt_accounts: Any
) -> dict[str, Any]:
    """The validated PATCH body of a ban (``duration`` omitted = permanent)."""
    duration = check_duration(duration_seconds)
    restriction: dict[str, Any] = {
        "active": True,
        "displayReason": check_reason(display_reason, "display_reason", MAX_DISPLAY_REASON),
        "privateReason": check_reason(private_reason, "private_reason", MAX_PRIVATE_REASON),
        "excludeAltAccounts": check_bool(exclude_alt_accounts, "exclude_alt_accounts"),
    }
    if duration is not None:
        restriction["duration"] = f"{duration}s"
    return {"gameJoinRestriction": restriction}


def unban_body() -> dict[str, Any]:
    """The PATCH body that lifts a restriction."""
    return {"gameJoinRestriction": {"active": False}}


def idempotency_params() -> dict[str, str]:
    """Query parameters of a restriction update: the field mask and a fresh idempotency key.

    The key is new for every call and reused by every retry of that call, so
    a retried ban whose first attempt did reach Roblox is not applied twice.
    """
    return {
        "updateMask": UPDATE_MASK,
        "idempotencyKey.key": str(uuid.uuid4()),
        "idempotencyKey.firstSent": format_time(datetime.now(timezone.utc)),
    }


def logs_filter(user_id: int | None, place_id: int | None) -> str | None:
    """The ``listLogs`` filter for an optional user and place (``None`` = no filter)."""
    clauses = []
    if user_id is not None:
        clauses.append(f"user == 'users/{check_int(user_id, 'user_id', minimum=1)}'")
    if place_id is not None:
        clauses.append(f"place == 'places/{check_int(place_id, 'place_id', minimum=1)}'")
    return " && ".join(clauses) or None


def duration_from_wire(value: Any) -> int | float | None:
    """Seconds from a Duration string such as ``"86400s"``; whole seconds come back as an int."""
    if not isinstance(value, str):
        return None
    match = _DURATION.fullmatch(value)
    if match is None:
        return None
    whole, fraction = match.groups()
    if fraction is None or not fraction.strip("0"):
        return int(whole)
    return float(f"{whole}.{fraction}")
