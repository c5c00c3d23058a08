"""Exceptions raised by the SDK, shared by ``rblxopencloud`` and ``rblxopencloudasync``.

Every HTTP failure is an `HttpException` (or a subclass picked by status
code) carrying ``status_code``, ``error_code``, ``message``, ``details`` and,
where the server said so, ``retry_after``. The fields are parsed from whichever
of Roblox's error body shapes the response used.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .datastore import EntryInfo

__all__ = [
    "BaseException",
    "Conflict",
    "Forbidden",
    "HttpException",
    "InvalidCode",
    "InvalidFile",
    "InvalidIdToken",
    "ModeratedText",
    "NetworkError",
    "NotFound",
    "OperationTimeout",
    "OutcomeUnknown",
    "PreconditionFailed",
    "RateLimited",
    "RequestTimeout",
    "ServerError",
    "UnexpectedResponse",
    "UnhandledEventType",
    "UnknownEventType",
    "exception_for_status",
    "parse_error_body",
]

_MAX_MESSAGE = 500  # a misbehaving proxy can return a whole HTML page


class BaseException(builtins.Exception):  # noqa: A001 - the public name of the peer SDK
    """Base class of every exception raised by this library."""


class HttpException(BaseException):
    """Roblox answered with an error status.

    Attributes:
        status_code: The HTTP status code, or ``None`` for a failed long-running operation.
        error_code: Roblox's error code: a string such as ``"NOT_FOUND"`` or an integer
            for gateway errors.
        message: The human-readable message Roblox sent.
        details: Extra error details, when the body carried any.
        retry_after: Seconds the server asked us to wait before retrying, if it said.
        body: The parsed JSON body (or text) of the error response.
    """

    def __init__(
        self,
        status: int | None = None,
        body: dict[str, Any] | list[Any] | str | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status
        self.body = body
        self.error_code, self.message, self.details = parse_error_body(body)
        self.retry_after = retry_after
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = self._status_text() or "error"
        return f"{text}: {self.message}" if self.message else text

    def _status_text(self) -> str:
        """``"404 NOT_FOUND"``: the status and Roblox's code (gateway errors carry a meaningless ``0``)."""
        parts = [str(self.status_code)] if self.status_code is not None else []
        if self.error_code not in (None, "", 0):
            parts.append(str(self.error_code))
        return " ".join(parts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"error_code={self.error_code!r}, message={self.message!r})"
        )


class NotFound(HttpException):
    """The resource does not exist (404)."""


class Forbidden(HttpException):
    """The API key or token is invalid (401) or lacks permission for the resource (403)."""


class RateLimited(HttpException):
    """Too many requests (429) and retries did not help; see ``retry_after``."""

    def _describe(self) -> str:
        if self.retry_after is not None:
            when = f"retry after {self.retry_after:.3g} seconds"
        else:
            when = "the server gave no retry hint; back off before retrying"
        return f"{super()._describe()} ({when})"


class Conflict(HttpException):
    """The request conflicts with the current state of the resource (409)."""


class PreconditionFailed(Conflict):
    """A write precondition failed (``exclusive_create``, ``previous_version``, ...).

    Attributes:
        value: The entry's current value, when the SDK could read it.
        info: The entry's current `EntryInfo`, when the SDK could read it.
    """

    def __init__(
        self,
        value: Any,
        info: EntryInfo | None,
        status: int | None = None,
        body: dict[str, Any] | list[Any] | str | None = None,
    ) -> None:
        self.value = value
        self.info = info
        super().__init__(status, body)

    def _describe(self) -> str:
        text = f"precondition failed: {self.message or 'the resource is not in the expected state'}"
        status = self._status_text()
        return f"{text} ({status})" if status else text


class ServerError(HttpException):
    """Roblox failed with a 5xx status and retries did not help."""


class InvalidFile(HttpException):
    """The uploaded file was rejected."""


class InvalidCode(HttpException):
    """An OAuth2 authorization code or refresh token is invalid or expired."""


class InvalidIdToken(BaseException):
    """An OAuth2 ``id_token`` failed verification: its signature (ES256, by a key
    of Roblox's ``oauth/v1/certs``), issuer, audience, expiry or nonce.

    The token's content is never believed, and the message says which check
    failed without quoting the token.
    """


class ModeratedText(HttpException):
    """Text was rejected by Roblox's moderation."""


class UnexpectedResponse(HttpException):
    """Roblox (or something in between) answered, but not with what the call needs.

    A 2xx whose body is not JSON, is empty, or lacks a field the call reads
    (an HTML page from a proxy, a truncated body, a changed schema) ends here
    instead of in a ``KeyError`` or an invented default.

    Attributes:
        reason: What was wrong with the answer.
        may_have_landed: ``True`` for a write: the server accepted the request,
            so the change may well have been applied even though the answer
            could not be read.
        body: The start of the response body (at most 500 characters).
    """

    def __init__(
        self,
        status: int | None,
        body: dict[str, Any] | list[Any] | str | None,
        *,
        reason: str,
        may_have_landed: bool = False,
    ) -> None:
        self.reason = reason
        self.may_have_landed = may_have_landed
        if isinstance(body, str):
            body = body[:_MAX_MESSAGE]
        super().__init__(status, None)
        self.body = body
        self.args = (self._describe(),)

    def _describe(self) -> str:
        text = f"{self.status_code}: unexpected response: {self.reason}"
        if self.may_have_landed:
            text += " (the write may have been applied)"
        return text


class OutcomeUnknown(BaseException):
    """A write may or may not have been applied, and the SDK cannot tell which.

    Raised when an attempt of a write got no usable answer (a timeout, a
    dropped connection or a 5xx after the request was sent), and the retry
    was answered with an error that the first attempt itself may have caused:
    a guarded write (``etag``, ``draft_hash``, ``exclusive_create``, ...) whose
    guard no longer matches, say. Read the resource to learn its state.

    Attributes:
        first_failure: The error of the attempt whose outcome is unknown.
        last_failure: The error the retry got (``None`` if there was none).
    """

    def __init__(
        self,
        message: str,
        first_failure: builtins.BaseException,
        last_failure: builtins.BaseException | None = None,
    ) -> None:
        super().__init__(message)
        self.first_failure = first_failure
        self.last_failure = last_failure


class NetworkError(BaseException):
    """The request never got an HTTP answer (connection refused, reset, ...).

    The original ``httpx`` error is chained as ``__cause__``.
    """


class RequestTimeout(NetworkError, builtins.TimeoutError):
    """The request timed out before an HTTP answer arrived."""


class OperationTimeout(BaseException, builtins.TimeoutError):
    """``Operation.wait()`` ran out of time before the operation finished."""


class UnknownEventType(BaseException):
    """A webhook delivered an event type this library does not know."""


class UnhandledEventType(BaseException):
    """A webhook delivered an event type no handler was registered for."""


_BY_STATUS: dict[int, type[HttpException]] = {
    401: Forbidden,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    429: RateLimited,
}


def exception_for_status(
    status: int,
    body: dict[str, Any] | list[Any] | str | None,
    *,
    retry_after: float | None = None,
) -> HttpException:
    """Build the exception matching an HTTP error status and body."""
    if status == 412:
        return PreconditionFailed(None, None, status, body)
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else HttpException)
    return cls(status, body, retry_after=retry_after)


def parse_error_body(
    body: dict[str, Any] | list[Any] | str | None,
) -> tuple[str | int | None, str | None, list[Any] | None]:
    """Return ``(error_code, message, details)`` from any Roblox error body shape.

    Shapes handled: gateway ``{"errors": [{"code", "message"}]}``; cloud v2
    ``{"code", "message", "details"}``; v1 data stores ``{"error", "message",
    "errorDetails"}``; asset permissions ``{"error": {"code", "message"}}``; ProblemDetails ``{"title", "detail", "status", "errors"}``;
    product APIs ``{"errorCode", "errorMessage", "field", "hint"}``; plain text.
    """
    if body is None:
        return None, None, None
    if isinstance(body, str):
        text = body.strip()
        return None, (text[:_MAX_MESSAGE] or None), None
    if isinstance(body, list):
        return None, None, body
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        message = first.get("message") or first.get("userFacingMessage")
        return first.get("code"), _text(message), errors
    if "errorCode" in body or "errorMessage" in body:
        extra = {k: body[k] for k in ("field", "hint") if body.get(k) is not None}
        return body.get("errorCode"), _text(body.get("errorMessage")), [extra] if extra else None
    if "title" in body and ("detail" in body or "status" in body or "type" in body):
        details: list[Any] | None = None
        if isinstance(errors, dict):
            details = [{"field": k, "messages": v} for k, v in errors.items()]
        return body.get("title"), _text(body.get("detail") or body.get("title")), details
    nested = body.get("error")
    if isinstance(nested, dict):  # {"error": {"code", "message"}} (asset permissions)
        return nested.get("code"), _text(nested.get("message")), None
    code = body.get("error", body.get("code"))
    raw_details = body.get("errorDetails", body.get("details"))
    details = raw_details if isinstance(raw_details, list) else None
    # OAuth2 endpoints answer {"error", "error_description"} (RFC 6749).
    return code, _text(body.get("message") or body.get("error_description")), details


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)[:_MAX_MESSAGE]
