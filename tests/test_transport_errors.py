"""Each HTTP library's errors map to the SDK's transport errors that the retry policy reads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import httpx
import pytest

from rblxopencloudasync._primitives.aiohttp_errors import from_aiohttp
from rblxopencloudasync._primitives.httpx_errors import attempt_error, from_httpx
from rblxopencloudasync._shared import retry as _retry
from rblxopencloudasync._shared.exceptions import RequestTimeout
from rblxopencloudasync._shared.replies import network_error
from rblxopencloudasync._shared.transport_errors import (
    DeadlineError,
    MaybeSentError,
    NotSentError,
    TransportError,
)

_REQUEST = httpx.Request("POST", "https://apis.roblox.com/x")


@pytest.mark.parametrize(
    ("error", "sdk_type", "timeout"),
    [
        (httpx.ConnectError, NotSentError, False),
        (httpx.ConnectTimeout, NotSentError, True),
        (httpx.PoolTimeout, NotSentError, True),
        (httpx.ReadTimeout, MaybeSentError, True),
        (httpx.WriteTimeout, MaybeSentError, True),
        (httpx.ReadError, MaybeSentError, False),
        (httpx.WriteError, MaybeSentError, False),
        (httpx.RemoteProtocolError, MaybeSentError, False),
        (httpx.UnsupportedProtocol, TransportError, False),
        (httpx.ProxyError, TransportError, False),
        (httpx.LocalProtocolError, TransportError, False),
        (httpx.CloseError, TransportError, False),
    ],
)
def test_httpx_errors(
    error: type[httpx.TransportError], sdk_type: type[TransportError], timeout: bool
) -> None:
    original = error("boom", request=_REQUEST)
    mapped = from_httpx(original)
    assert type(mapped) is sdk_type
    assert mapped.kind == error.__name__
    assert mapped.timeout is timeout
    assert mapped.__cause__ is original
    assert str(mapped) == "boom"
    assert attempt_error(original).kind == error.__name__


def test_attempt_error_passes_sdk_errors_and_maps_the_deadline() -> None:
    already = NotSentError("ConnectError", OSError("refused"))
    assert attempt_error(already) is already
    deadline = TimeoutError()
    mapped = attempt_error(deadline)
    assert isinstance(mapped, DeadlineError) and isinstance(mapped, MaybeSentError)
    assert mapped.timeout and mapped.kind == "TimeoutError" and mapped.__cause__ is deadline


@pytest.mark.parametrize(
    ("error", "idempotent", "retryable", "unknown"),
    [
        (NotSentError("ConnectError", OSError()), False, True, False),
        (NotSentError("ConnectError", OSError()), True, True, False),
        (MaybeSentError("ReadError", OSError()), False, False, True),
        (MaybeSentError("ReadError", OSError()), True, True, True),
        (DeadlineError(TimeoutError()), False, False, True),
        (DeadlineError(TimeoutError()), True, True, True),
        (TransportError("UnsupportedProtocol", ValueError()), True, False, False),
    ],
)
def test_the_policy_reads_the_sdk_types(
    error: TransportError, idempotent: bool, retryable: bool, unknown: bool
) -> None:
    assert _retry.retryable_error(error, idempotent) is retryable
    assert _retry.maybe_sent(error) is unknown


def _connector_error() -> aiohttp.ClientConnectorError:
    key = aiohttp.client_reqrep.ConnectionKey("h", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "Connection refused"))


@pytest.mark.parametrize(
    ("make", "sdk_type", "kind", "timeout"),
    [
        (lambda: aiohttp.ConnectionTimeoutError("connect"), NotSentError, "ConnectTimeout", True),
        (lambda: aiohttp.ServerTimeoutError("read"), MaybeSentError, "ReadTimeout", True),
        (lambda: asyncio.TimeoutError(), MaybeSentError, "ReadTimeout", True),
        (_connector_error, NotSentError, "ConnectError", False),
        (lambda: aiohttp.ServerDisconnectedError(), MaybeSentError, "RemoteProtocolError", False),
        (lambda: aiohttp.ClientPayloadError("cut"), MaybeSentError, "ReadError", False),
        (lambda: aiohttp.ClientOSError(104, "reset"), MaybeSentError, "ReadError", False),
    ],
)
def test_aiohttp_errors(
    make: Callable[[], Exception], sdk_type: type[TransportError], kind: str, timeout: bool
) -> None:
    original = make()
    mapped = from_aiohttp(original)
    assert type(mapped) is sdk_type
    assert (mapped.kind, mapped.timeout) == (kind, timeout)
    assert mapped.__cause__ is original
    assert str(mapped) == str(original)
    assert attempt_error(mapped) is mapped  # the request loop takes it as it is


def test_aiohttp_message_reads_like_httpx() -> None:
    error = network_error("GET", "https://h/x", from_aiohttp(_connector_error()), 3.0)
    assert str(error) == "GET https://h/x: could not reach h (ConnectError: [Errno 111] Connection refused)"
    assert not isinstance(error, RequestTimeout)
    error = network_error("GET", "https://h/x", from_aiohttp(aiohttp.ServerTimeoutError("slow")), 3.0)
    assert isinstance(error, RequestTimeout)
    assert str(error) == "GET https://h/x: h did not answer in time (ReadTimeout: slow)"
