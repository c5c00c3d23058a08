"""Error parsing from every Roblox body shape, and the status -> exception map."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import close, resolve

import rblxopencloud
import rblxopencloudasync
from rblxopencloudasync.exceptions import exception_for_status, parse_error_body

SHAPES = [
    ("gateway", {"errors": [{"code": 0, "message": "Invalid API Key"}]}, 0, "Invalid API Key"),
    (
        "cloud v2",
        {"code": "NOT_FOUND", "message": "Entry not found.", "details": [{"@type": "x"}]},
        "NOT_FOUND",
        "Entry not found.",
    ),
    (
        "v1 data stores",
        {
            "error": "INVALID_ARGUMENT",
            "message": "Bad cursor",
            "errorDetails": [
                {"errorDetailType": "DatastoreErrorInfo", "datastoreErrorCode": "InvalidCursor"}
            ],
        },
        "INVALID_ARGUMENT",
        "Bad cursor",
    ),
    ("v1 with code", {"code": "INVALID_ARGUMENT", "message": "nope"}, "INVALID_ARGUMENT", "nope"),
    (
        "problem details",
        {
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": {"name": ["required"]},
        },
        "One or more validation errors occurred.",
        "One or more validation errors occurred.",
    ),
    (
        "secrets problem",
        {"type": "t", "title": "Conflict", "status": "409", "detail": "Secret exists"},
        "Conflict",
        "Secret exists",
    ),
    (
        "product error",
        {"errorCode": "InvalidPrice", "errorMessage": "Price too low", "field": "price"},
        "InvalidPrice",
        "Price too low",
    ),
    ("text", "Service Unavailable", None, "Service Unavailable"),
]


@pytest.mark.parametrize(("name", "body", "code", "message"), SHAPES, ids=[s[0] for s in SHAPES])
def test_parse_error_shapes(name: str, body: Any, code: Any, message: str) -> None:
    error_code, parsed_message, _ = parse_error_body(body)
    assert error_code == code
    assert parsed_message == message


def test_details_are_kept() -> None:
    _, _, details = parse_error_body(SHAPES[2][1])
    assert details == [{"errorDetailType": "DatastoreErrorInfo", "datastoreErrorCode": "InvalidCursor"}]
    _, _, problem = parse_error_body(SHAPES[4][1])
    assert problem == [{"field": "name", "messages": ["required"]}]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, rblxopencloud.HttpException),
        (401, rblxopencloud.Forbidden),
        (403, rblxopencloud.Forbidden),
        (404, rblxopencloud.NotFound),
        (409, rblxopencloud.Conflict),
        (412, rblxopencloud.PreconditionFailed),
        (429, rblxopencloud.RateLimited),
        (500, rblxopencloud.ServerError),
        (503, rblxopencloud.ServerError),
    ],
)
def test_status_map(status: int, cls: type[Exception]) -> None:
    exc = exception_for_status(status, {"code": "X", "message": "m"}, retry_after=2.0)
    assert type(exc) is cls
    assert exc.status_code == status and exc.error_code == "X" and exc.message == "m"
    assert isinstance(exc, rblxopencloud.HttpException)
    assert isinstance(exc, rblxopencloud.BaseException)
    assert str(exc).startswith(f"{status} X: m") or str(exc) == f"precondition failed: m ({status} X)"


def test_exceptions_are_shared_objects() -> None:
    for name in (
        "BaseException",
        "HttpException",
        "NotFound",
        "Forbidden",
        "RateLimited",
        "Conflict",
        "PreconditionFailed",
        "InvalidFile",
        "InvalidCode",
        "ModeratedText",
        "ServerError",
        "NetworkError",
        "RequestTimeout",
        "OperationTimeout",
    ):
        assert getattr(rblxopencloud, name) is getattr(rblxopencloudasync, name), name


def test_precondition_failed_carries_value_and_info() -> None:
    info = rblxopencloud.EntryInfo("v1", None, None, [1], {})
    exc = rblxopencloud.PreconditionFailed(
        {"a": 1}, info, 412, {"code": "FAILED_PRECONDITION", "message": "m"}
    )
    assert exc.value == {"a": 1} and exc.info is info
    assert isinstance(exc, rblxopencloud.Conflict)


def test_long_text_bodies_are_truncated() -> None:
    exc = exception_for_status(502, "<html>" + "x" * 10_000)
    assert exc.message is not None and len(exc.message) <= 500


async def test_gateway_401_from_emulator(oc: Any) -> None:
    from tests.conftest import close, resolve

    from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

    strict = Emulator(api_keys={"the-right-key"})
    exp = oc.Experience(DEMO_UNIVERSE_ID, "wrong-key", transport=strict.transport())
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(exp.get_datastore("PlayerData").get_entry("user_287113233"))
    assert caught.value.status_code == 401
    assert caught.value.error_code == 0
    assert caught.value.message == "Invalid API Key"
    await close(exp)


# -- messages a person can act on -------------------------------------------------------


def test_rate_limited_says_when_to_retry() -> None:
    assert str(
        exception_for_status(429, {"code": "RESOURCE_EXHAUSTED", "message": "m"}, retry_after=2.5)
    ) == ("429 RESOURCE_EXHAUSTED: m (retry after 2.5 seconds)")
    assert "no retry hint" in str(exception_for_status(429, None))


def test_precondition_failed_reads_as_a_precondition_failure() -> None:
    exc = rblxopencloud.PreconditionFailed(
        None, None, 400, {"code": "INVALID_ARGUMENT", "message": "Entry already exists."}
    )
    assert str(exc) == "precondition failed: Entry already exists. (400 INVALID_ARGUMENT)"
    assert str(rblxopencloud.PreconditionFailed(None, None, body="the version is 'a', not 'b'")) == (
        "precondition failed: the version is 'a', not 'b'"
    )


def test_forbidden_has_no_stray_zero_code() -> None:
    exc = exception_for_status(401, {"errors": [{"code": 0, "message": "Invalid API Key"}]})
    assert str(exc) == "401: Invalid API Key"
    assert exc.error_code == 0  # the wire value stays available


async def test_network_error_names_the_host_and_the_reason(oc: Any) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    exp = oc.Experience(1, "key", base_url=f"http://127.0.0.1:{port}", max_retries=0)
    try:
        with pytest.raises(oc.NetworkError) as caught:
            await resolve(exp.get_datastore("d").get_entry("k"))
    finally:
        await close(exp)
    text = str(caught.value)
    assert f"127.0.0.1:{port}" in text and "ConnectError" in text and "refused" in text.lower()
