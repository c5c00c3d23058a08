"""The retry policy: what may be retried, and how long to wait first.

Pure decisions, shared by both twins; the request loop in ``_client.py`` asks
these functions and sleeps. A failed attempt arrives as one of the SDK's
transport errors (``transport_errors.py``), whichever HTTP library raised it.
The rules (see docs/retries.md):

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
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import NamedTuple

from .transport_errors import MaybeSentError, NotSentError, TransportError

__all__ = [
    "IDEMPOTENT_METHODS",
    "SAFE_METHODS",
    "RetryPolicy",
    "maybe_sent",
    "retry_after_seconds",
    "retryable_error",
    "retryable_status",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods that only read."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods whose repetition is harmless by HTTP semantics; callers may override."""


class RetryPolicy(NamedTuple):
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


def retryable_error(error: TransportError, idempotent: bool) -> bool:
    """Whether a transport error may be retried."""
    if isinstance(error, NotSentError):
        return True
    return idempotent and maybe_sent(error)


def maybe_sent(error: TransportError) -> bool:
    """Whether the request may have reached the server before ``error`` (outcome unknown)."""
    return isinstance(error, MaybeSentError)


# Longest wait a hint can ask for; anything beyond (or not a finite number) is
# not a usable hint.
_MAX_HINT = 24 * 3600.0


def retry_after_seconds(
    status: int, headers: Mapping[str, str], now: Callable[[], float] = time.time
) -> float | None:
    """The wait the server asked for, in seconds, or ``None`` when it gave no usable hint.

    Malformed, non-finite or absurd values (``inf``, a date in year 99999...)
    are ignored; hints beyond a day are capped to a day.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        value = _seconds(raw_ms)
        if value is not None:
            return _hint(value / 1000)
    raw = headers.get("retry-after")
    if raw:
        value = _seconds(raw)
        if value is None:
            value = _date_seconds(raw, now)
        if value is not None:
            return _hint(value)
    if status == 429 and headers.get("x-ratelimit-remaining", "").strip() in ("0", "0.0"):
        value = _seconds(headers.get("x-ratelimit-reset", ""))
        return _hint(value) if value is not None else None
    return None


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _date_seconds(text: str, now: Callable[[], float]) -> float | None:
    try:
        return email.utils.parsedate_to_datetime(text).timestamp() - now()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _hint(value: float) -> float | None:
    return min(value, _MAX_HINT) if value > 0 else None
