"""Timestamp helpers: RFC 3339 in and out, .NET ticks for revision ids."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DOTNET_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)

# datetime.fromisoformat() only learnt "Z" and arbitrary fraction lengths in 3.11.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def system_clock() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def format_time(moment: datetime) -> str:
    """RFC 3339 with microseconds and a ``Z`` suffix."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime | None:
    """Parse an RFC 3339 timestamp; ``None`` when it is not one."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        if zulu:
            tz = timezone.utc
        else:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            tz = timezone(-offset if sign == "-" else offset)
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tzinfo=tz
        )
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):  # no such date, or out of range once in UTC
        return None


def later(moment: datetime, seconds: float) -> datetime:
    """``moment`` plus ``seconds``, capped at the largest datetime instead of overflowing."""
    try:
        return moment + timedelta(seconds=seconds)
    except OverflowError:
        return datetime.max.replace(tzinfo=timezone.utc)


def dotnet_ticks(moment: datetime) -> int:
    """100-nanosecond intervals since 0001-01-01, as in Roblox revision ids (``moment`` is aware)."""
    delta = moment - _DOTNET_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10
