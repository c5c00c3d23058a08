"""The SDK's own errors for a request attempt that got no answer.

Each HTTP backend maps its library's exceptions into these in one place
(``_primitives/httpx_errors.py``, ``_primitives/aiohttp_errors.py``), so the
retry policy (``retry.py``) and the messages of `NetworkError` (``replies.py``)
depend on no HTTP library. They are internal: users get `NetworkError` or
`RequestTimeout`, chained to the library's original exception.
"""

from __future__ import annotations

__all__ = ["DeadlineError", "MaybeSentError", "NotSentError", "TransportError"]


class TransportError(Exception):
    """An attempt that got no answer, wrapping the HTTP library's exception.

    This base class itself is a failure that resending would not fix (an
    unsupported URL scheme, a proxy error, ...): it is never retried. The
    subclasses say how far the request got.

    Attributes:
        kind: The failure's name in messages (``"ConnectError"``, ``"ReadTimeout"``, ...).
        timeout: Whether a time limit ran out (the user gets `RequestTimeout`).

    The library's exception is ``__cause__``; the message is its message.
    """

    def __init__(self, kind: str, cause: BaseException, *, timeout: bool = False) -> None:
        super().__init__(str(cause))
        self.kind = kind
        self.timeout = timeout
        self.__cause__ = cause


class NotSentError(TransportError):
    """Failed before any byte of the request left this process (connect error,
    connect or pool timeout): resending is always safe."""


class MaybeSentError(TransportError):
    """Failed after the request may have reached the server (read or write error
    or timeout, a dropped connection): its outcome is unknown, so it is resent
    only when the request is idempotent."""


class DeadlineError(MaybeSentError):
    """The deadline of a whole attempt ran out (the request loop's ``TimeoutError``),
    however far the request got."""

    def __init__(self, cause: TimeoutError) -> None:
        super().__init__("TimeoutError", cause, timeout=True)
