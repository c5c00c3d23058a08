"""Pure helpers of the user restriction (ban) API, shared by both twins.

The `UserRestriction` model, argument checks, the ``gameJoinRestriction``
request body, the ``listLogs`` filter and the parsing of the small wire
values (durations, resource paths).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .checks import check_bool, check_int
from .fields import ResponseShapeError, opt_bool, opt_object, opt_path_id, opt_str, opt_time, req_path_id
from .handles import PlaceHandle, UserHandle
from .paths import id_from_path
from .reprs import model_repr
from .times import format_time

__all__ = [
    "UserRestriction",
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class UserRestriction:
    """A user restriction (ban) within an experience or one of its places, or a ban log entry.

    Attributes:
        place: The `Place` this restriction belongs to; ``None`` if it is universe-wide.
        user: The `User` this restriction is about.
        active: Whether the restriction is currently in force.
        display_reason: The reason shown to the user.
        private_reason: The reason never shown to the user (for your moderators' notes).
        inherited: For place restrictions, whether it comes from a universe-wide ban;
            ``None`` for universe-wide restrictions and log entries.
        exclude_alt_accounts: Whether the user's detected alternate accounts are left unbanned.
        duration_seconds: How long the restriction lasts, in whole seconds; ``None`` if it is
            permanent or not active.
        start_timestamp: When the restriction started; ``None`` if not active.
        issuer_user_id: Only for `Experience.list_ban_logs`: the user who made the change;
            ``None`` if a game server script made it (and for non-log restrictions).
        created_at: Only for `Experience.list_ban_logs`: when the change was logged.
    """

    place: PlaceHandle | None
    user: UserHandle
    active: bool
    display_reason: str
    private_reason: str
    inherited: bool | None
    exclude_alt_accounts: bool
    duration_seconds: float | None
    start_timestamp: datetime | None
    issuer_user_id: int | None
    created_at: datetime | None

    @classmethod
    def from_wire(
        cls, data: dict[str, Any], user: Callable[[int], UserHandle], place: PlaceHandle | None = None
    ) -> UserRestriction:
        """Read a ``UserRestriction`` or ``UserRestrictionLog`` resource; ``user``
        makes the handle of the user it names."""
        # Two wire shapes: a UserRestriction nests the fields in gameJoinRestriction,
        # a UserRestrictionLog has them at the top level next to moderator/createTime.
        # Cloud v2 answers leave out false booleans and empty strings, so those
        # read as False and "" here; the user is required (a restriction is about one).
        is_log = "gameJoinRestriction" not in data
        fields: dict[str, Any] = data if is_log else (opt_object(data, "gameJoinRestriction") or {})
        user_id = opt_path_id(data, "user")
        if user_id is None:
            if is_log or not data.get("path"):
                raise ResponseShapeError("the restriction names no user (no 'user' or 'path' field)")
            user_id = req_path_id(data, "path")
        duration = opt_str(fields, "duration")
        duration_seconds = duration_from_wire(duration)
        if duration is not None and duration_seconds is None:
            raise ResponseShapeError(f"field 'duration' is not a duration: {duration[:40]!r}")
        moderator = opt_object(data, "moderator") if is_log else None
        return cls(
            place=place,
            user=user(user_id),
            active=opt_bool(fields, "active") is True,
            display_reason=opt_str(fields, "displayReason") or "",
            private_reason=opt_str(fields, "privateReason") or "",
            inherited=opt_bool(fields, "inherited") is True if place is not None and not is_log else None,
            exclude_alt_accounts=opt_bool(fields, "excludeAltAccounts") is True,
            duration_seconds=duration_seconds,
            start_timestamp=opt_time(fields, "startTime"),
            issuer_user_id=opt_path_id(moderator, "robloxUser") if moderator else None,
            created_at=opt_time(data, "createTime") if is_log else None,
        )

    def __repr__(self) -> str:
        place = self.place.id if self.place is not None else None
        return model_repr(self, user=self.user.id, place=place, active=self.active)
