"""RFC 3339 timestamps as Roblox writes them."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

__all__ = ["parse_time", "parse_time_opt", "format_time"]


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
