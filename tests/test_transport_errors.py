"""Each HTTP library's errors map to the SDK's transport errors that the retry policy reads."""

from __future__ import annotations

import httpx
import pytest

from rblxopencloudasync._primitives.httpx_errors import attempt_error, from_httpx
from rblxopencloudasync._shared import retry as _retry
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
