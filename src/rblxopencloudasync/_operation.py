"""Long-running operations: poll until done, then parse the result."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._primitives.timing import asleep
from ._shared import checks, fields
from ._shared.exceptions import HttpException, OperationTimeout, RateLimited

if TYPE_CHECKING:
    from ._client import BaseClient

__all__ = ["Operation"]

T = TypeVar("T")

_DEFAULT_FIRST_INTERVAL = 1.0  # Roblox suggests polling at 0 s, 1 s, 2 s, 4 s, ...
_MAX_INTERVAL = 30.0


class Operation(Generic[T]):
    """A long-running operation started by an API call (flush, snapshot, upload, ...).

    Attributes:
        path: The URL path polled for the operation's status.
        is_done: Whether the operation has finished (as of the last poll).
    """

    def __init__(
        self,
        client: BaseClient,
        path: str,
        parse: Callable[[Any], T],
        *,
        initial: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        error: Callable[[dict[str, Any] | str], HttpException] | None = None,
    ) -> None:
        self._client = client
        self.path = path
        self._parse = parse
        self._params = params
        self._error = error
        self.is_done = False
        self._result: T | None = None
        if initial is not None and fields.opt_bool(initial, "done"):
            self._settle(initial)

    def __repr__(self) -> str:
        return f"<rblxopencloud.Operation path={self.path!r} is_done={self.is_done}>"

    def _settle(self, body: dict[str, Any]) -> T:
        """The result of a done operation: its ``response`` through ``parse``,
        or the operation's ``error`` raised as `HttpException` (or what the
        area's ``error`` function makes of it). A done operation with neither
        raises `ResponseShapeError`."""
        error = body.get("error")
        if error:
            detail = error if isinstance(error, dict) else str(error)
            raise HttpException(None, detail) if self._error is None else self._error(detail)
        self._result = self._parse(fields.req_object(body, "response"))
        self.is_done = True
        return self._result

    def _poll(self, body: Any) -> T | None:
        data = fields.as_object(body)
        return self._settle(data) if fields.opt_bool(data, "done") else None

    async def fetch_status(self) -> T | None:
        """Poll once; return the result when done, else ``None``.

        Raises:
            HttpException: The operation finished with an error.
            UnexpectedResponse: The status could not be read (not JSON, or a
                done operation without a readable result).
        """
        if self.is_done:
            return self._result
        result: T | None = await self._client.request_json(
            "GET", self.path, params=self._params, parse=self._poll
        )
        return result

    async def wait(
        self,
        timeout_seconds: float | None = 60,
        interval_seconds: float = 0,
        interval_exponent: float = 1.3,
    ) -> T:
        """Poll until the operation is done and return its result.

        The first poll is sent at once, then the waits grow from
        ``interval_seconds`` by ``interval_exponent`` (never a tight loop).
        A poll answered 429 after the client's own retries is not fatal: the
        wait becomes the server's ``retry-after`` (or the next interval,
        whichever is longer) and polling goes on until the deadline.

        Args:
            timeout_seconds: Give up after this long (``None``: wait forever).
            interval_seconds: First wait between polls (``0``: 1 second).
            interval_exponent: Each wait is this many times longer than the last
                (capped at 30 seconds).

        Raises:
            TypeError: An argument is not a number (``timeout_seconds`` may be ``None``).
            ValueError: An argument is NaN, infinite or below its minimum
                (0 for the times, 1 for the exponent).
            OperationTimeout: The operation did not finish in time (also when
                the status was still rate limited at the deadline).
            HttpException: The operation finished with an error.
        """
        if timeout_seconds is not None:
            checks.check_finite(timeout_seconds, "timeout_seconds", minimum=0)
        checks.check_finite(interval_seconds, "interval_seconds", minimum=0)
        checks.check_finite(interval_exponent, "interval_exponent", minimum=1)
        deadline = None if timeout_seconds is None else time.monotonic() + timeout_seconds
        interval = interval_seconds or _DEFAULT_FIRST_INTERVAL
        while True:
            delay = min(interval, _MAX_INTERVAL)
            limited: RateLimited | None = None
            try:
                result = await self.fetch_status()
            except RateLimited as error:
                limited = error
                delay = max(delay, error.retry_after or 0.0)
            else:
                if self.is_done:
                    return result  # type: ignore[return-value]  # T may itself be None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OperationTimeout(
                        f"operation {self.path} not done after {timeout_seconds} seconds"
                        + (" (its status was rate limited)" if limited is not None else "")
                    ) from limited
                delay = min(delay, left)
            await asleep(delay)
            interval *= interval_exponent
