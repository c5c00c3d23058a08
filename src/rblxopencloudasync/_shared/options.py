"""The options of a client: defaults, and the checks of timeouts, credentials and base URLs.

Pure functions, shared by both twins; ``BaseClient`` calls them once, when it is made.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "ENV_ALLOW_INSECURE_HTTP",
    "ENV_BASE_URL",
    "Hidden",
    "HiddenBytes",
    "HttpBackend",
    "attempt_bound",
    "check_base_url",
    "check_credential",
    "check_retries",
    "check_timeout",
    "is_loopback",
]

DEFAULT_BASE_URL = "https://apis.roblox.com"
ENV_BASE_URL = "RBLX_OPEN_CLOUD_BASE_URL"
ENV_ALLOW_INSECURE_HTTP = "RBLX_OPEN_CLOUD_ALLOW_INSECURE_HTTP"
# No pool timeout: waiting for a free pooled connection is normal under fan-out,
# not a network failure.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0, pool=None)
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

# "auto": aiohttp under asyncio when the SDK builds its own client, httpx
# otherwise (trio, a caller's http_client or transport, the sync package).
HttpBackend = Literal["auto", "httpx", "aiohttp"]

_MAX_TIMEOUT = 24 * 3600.0


def check_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout | None:
    """The ``timeout=`` option as an ``httpx.Timeout`` (``None``: the HTTP client's own).

    Every phase must be a finite number of seconds, more than 0 and at most a day.
    """
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        for phase in (timeout.connect, timeout.read, timeout.write, timeout.pool):
            if phase is not None:
                _check_seconds(phase)
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError("timeout must be a number of seconds or an httpx.Timeout")
    return httpx.Timeout(_check_seconds(timeout))


def attempt_bound(timeout: httpx.Timeout | None, http_client: Any) -> float | None:
    """The bound of one whole attempt: the longest of its phase timeouts (those
    of a caller's own client when no ``timeout=`` was given)."""
    if timeout is None:
        timeout = getattr(http_client, "timeout", None) or DEFAULT_TIMEOUT
    phases = [t for t in (timeout.connect, timeout.read, timeout.write) if t is not None]
    return max(phases) if phases else None


def _check_seconds(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("timeout must be a number of seconds or an httpx.Timeout")
    if not math.isfinite(value) or not 0 < value <= _MAX_TIMEOUT:
        raise ValueError(
            f"timeout must be a finite number of seconds in (0, {_MAX_TIMEOUT:.0f}], got {value}"
        )
    return float(value)


class Hidden(str):
    """A credential (API key, client secret, OAuth2 token or code): a plain ``str``
    whose ``repr`` never shows it, so a dict, an object's ``vars()`` or a
    traceback's local variables holding one print ``'<hidden>'`` instead."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<hidden>'"


class HiddenBytes(bytes):
    """A request body holding credentials (a form with a client secret or a
    token): ``bytes`` whose ``repr`` never shows them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<hidden {len(self)} bytes>"


def check_credential(value: Any, what: str) -> str:
    """A key or token that can be sent as an HTTP header value, never echoed in errors."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{what} must not be empty")
    # Visible ASCII only: anything else (a trailing newline, a space, a
    # non-ASCII character) would fail inside the HTTP library with the value in
    # its message, or be logged by it.
    if not all("!" <= char <= "~" for char in value):
        raise ValueError(
            f"{what} contains whitespace, control or non-ASCII characters and cannot be sent; "
            "check for a trailing newline or stray spaces (the value is not shown)"
        )
    return value


def check_base_url(url: Any) -> str:
    """The ``base_url=`` option without its trailing ``/``: http(s), a host, no credentials."""
    if not isinstance(url, str):
        raise TypeError(f"base_url must be a str, got {type(url).__name__}")
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"base_url must start with https:// or http://, got {url!r}")
    parts = urlsplit(url)
    if not parts.hostname or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(
            "base_url must be scheme://host[:port][/path] with no credentials, query or fragment"
        )
    return url.rstrip("/")


def is_loopback(url: str) -> bool:
    """Whether ``url`` names this machine (``localhost``, ``127.0.0.0/8``, ``::1``)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_retries(max_retries: int) -> int:
    """The ``max_retries=`` option: an int >= 0."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError("max_retries must be an int >= 0")
    return max_retries
