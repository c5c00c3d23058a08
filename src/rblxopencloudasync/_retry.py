"""The retry policy: what may be retried, and how long to wait first.

Pure decisions, shared by both twins; the request loop in ``_client.py`` asks
these functions and sleeps. The rules (see docs/retries.md):

* 429 was rejected before it had any effect: always retryable.
* 5xx and a timeout or broken connection *after* the request was sent leave the
  outcome unknown: retried only when the request is idempotent, so an
  increment or a create-only write is never silently sent twice.
* A connection that failed before anything was sent (connect error, connect or
  pool timeout) is always retryable.
* Waits honour ``retry-after-ms``, ``retry-after`` (seconds or HTTP date) and,
  on 429, Roblox's ``x-ratelimit-reset`` when the budget is exhausted; otherwise
  exponential backoff with full jitter.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

__all__ = [
    "IDEMPOTENT_METHODS",
    "SAFE_METHODS",
    "RetryPolicy",
    "retry_after_seconds",
    "retryable_error",
    "retryable_status",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods that only read."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods whose repetition is harmless by HTTP semantics; callers may override."""

# Raised before a single byte of the request left this process.
_NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# The request may or may not have reached Roblox.
_MAYBE_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff parameters.

    Attributes:
        max_retries: Retries after the first attempt (default 2).
        initial_delay: Backoff base in seconds; attempt ``n`` waits up to
            ``initial_delay * 2**n``.
        max_delay: Upper bound of a computed backoff.
        max_retry_after: A server hint longer than this is not waited for: the
            error is raised instead, carrying ``retry_after``.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def backoff(self, retry_index: int, rand: Callable[[], float] = random.random) -> float:
        """Exponential backoff with full jitter for the ``retry_index``-th retry (0-based)."""
        ceiling = min(self.max_delay, self.initial_delay * 2.0**retry_index)
        return ceiling * rand()


def retryable_status(status: int, idempotent: bool) -> bool:
    """Whether a response status may be retried."""
    if status == 429:
        return True
    return status >= 500 and idempotent


def retryable_error(error: Exception, idempotent: bool) -> bool:
    """Whether a transport error may be retried."""
    if isinstance(error, _NOT_SENT_ERRORS):
        return True
    return idempotent and isinstance(error, _MAYBE_SENT_ERRORS)


def retry_after_seconds(
    status: int, headers: Mapping[str, str], now: Callable[[], float] = time.time
) -> float | None:
    """The wait the server asked for, in seconds, or ``None`` when it gave no hint."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000
        except ValueError:
            value = 0.0
        if value > 0:
            return value
    raw = headers.get("retry-after")
    if raw:
        try:
            value = float(raw)
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(raw) if _looks_like_date(raw) else None
            value = parsed.timestamp() - now() if parsed is not None else 0.0
        if value > 0:
            return value
    if status == 429 and headers.get("x-ratelimit-remaining", "").strip() in ("0", "0.0"):
        try:
            value = float(headers.get("x-ratelimit-reset", ""))
        except ValueError:
            return None
        return value if value > 0 else None
    return None


def _looks_like_date(text: str) -> bool:
    try:
        email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return False
    return True
