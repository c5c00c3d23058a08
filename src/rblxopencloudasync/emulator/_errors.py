"""Error bodies in the two shapes Open Cloud uses (gateway and cloud v2)."""

from __future__ import annotations

from typing import Any

# Cloud v2 string codes and the HTTP status each maps to (platform reference §3).
STATUS_FOR_CODE: dict[str, int] = {
    "INVALID_ARGUMENT": 400,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "INTERNAL": 500,
    "NOT_IMPLEMENTED": 501,
    "UNAVAILABLE": 503,
}

_CODE_FOR_STATUS: dict[int, str] = {status: code for code, status in STATUS_FOR_CODE.items()}
_CODE_FOR_STATUS.update({401: "UNAUTHENTICATED", 502: "UNAVAILABLE", 504: "UNAVAILABLE"})

_DEFAULT_MESSAGES: dict[str, str] = {
    "INVALID_ARGUMENT": "Invalid argument.",
    "PERMISSION_DENIED": "Permission denied.",
    "NOT_FOUND": "Not found.",
    "ABORTED": "The request was aborted.",
    "RESOURCE_EXHAUSTED": "Resource has been exhausted (check quota).",
    "CANCELLED": "The request was cancelled.",
    "INTERNAL": "Internal server error.",
    "NOT_IMPLEMENTED": "Not implemented.",
    "UNAVAILABLE": "The service is unavailable.",
    "UNAUTHENTICATED": "Unauthenticated.",
    "UNKNOWN": "Unknown error.",
}


class ApiError(Exception):
    """An error answer produced while handling a request.

    ``gateway=True`` selects the gateway shape ``{"errors":[{"code":0,...}]}``
    used for authentication and routing failures; otherwise the cloud v2 shape
    ``{"code":"NOT_FOUND","message":...}`` is used.
    """

    def __init__(self, code: str, message: str, *, status: int | None = None, gateway: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else STATUS_FOR_CODE.get(code, 500)
        self.gateway = gateway

    def body(self) -> dict[str, Any]:
        """The JSON body describing this error."""
        if self.gateway:
            return gateway_body(self.message)
        return v2_body(self.code, self.message)


def invalid(message: str) -> ApiError:
    """A 400 INVALID_ARGUMENT error."""
    return ApiError("INVALID_ARGUMENT", message)


def not_found(message: str) -> ApiError:
    """A 404 NOT_FOUND error in the cloud v2 shape."""
    return ApiError("NOT_FOUND", message)


def gateway_body(message: str) -> dict[str, Any]:
    """The gateway / legacy error shape with the integer code 0."""
    return {"errors": [{"code": 0, "message": message}]}


def v2_body(code: str, message: str) -> dict[str, Any]:
    """The cloud v2 error shape."""
    return {"code": code, "message": message}


def default_body_for_status(status: int) -> dict[str, Any]:
    """A plausible error body for an injected fault with only a status given."""
    if status == 401:
        return gateway_body("Invalid API Key")
    code = _CODE_FOR_STATUS.get(status, "UNKNOWN")
    return v2_body(code, _DEFAULT_MESSAGES[code])
