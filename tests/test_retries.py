"""The retry policy end to end (emulator fault injection), in both twins."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync._primitives.httpx_errors import from_httpx
from rblxopencloudasync._shared import retry as _retry
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault

ENTRY = r"/entries/user_287113233$"


def _attempts(emulator: Emulator, method: str, pattern: str = "") -> int:
    return sum(1 for r in emulator.requests if r.method == method and pattern in r.path)


async def test_429_honours_retry_after(experience: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.inject(Fault(status=429, retry_after=1.5, path=ENTRY))
    value, _ = await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert value == {"xp": 1337, "level": 7}
    assert sleeps == [1.5]
    assert _attempts(emulator, "GET", "user_287113233") == 2


async def test_429_honours_retry_after_http_date(
    experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    emulator.inject(Fault(status=429, retry_after=when, path=ENTRY))
    await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert len(sleeps) == 1 and 25 < sleeps[0] <= 30


async def test_429_uses_ratelimit_reset_when_budget_is_spent(
    experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(
        Fault(status=429, path=ENTRY, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4"})
    )
    await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert sleeps == [4.0]


async def test_429_on_a_write_is_retried(experience: Any, emulator: Emulator) -> None:
    # A 429 was rejected before it had any effect, so even an increment may be resent.
    emulator.inject(Fault(status=429, retry_after=0.1, path=r":increment$"))
    value, _ = await resolve(experience.get_datastore("Coins").increment_entry("user_287113233", 1))
    assert value == 101


async def test_too_long_retry_after_is_not_slept(
    oc: Any, experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(Fault(status=429, retry_after=3600, path=ENTRY))
    with pytest.raises(oc.RateLimited) as caught:
        await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert caught.value.retry_after == 3600
    assert caught.value.status_code == 429
    assert caught.value.error_code == "RESOURCE_EXHAUSTED"
    assert sleeps == []


async def test_5xx_on_a_read_is_retried_with_backoff(
    experience: Any, emulator: Emulator, sleeps: list[float]
) -> None:
    emulator.inject(Fault(status=503, times=2, path=ENTRY))
    await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0  # full jitter under 0.5 * 2**n


async def test_retries_exhausted_raises_server_error(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=500, times=10, path=ENTRY))
    with pytest.raises(oc.ServerError) as caught:
        await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert caught.value.status_code == 500
    assert caught.value.error_code == "INTERNAL"
    assert _attempts(emulator, "GET", "user_287113233") == 3  # 1 + max_retries(2)


async def test_max_retries_per_object(oc: Any, contract: Any, emulator: Emulator) -> None:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=contract, max_retries=0)
    emulator.inject(Fault(status=503, path=ENTRY))
    with pytest.raises(oc.ServerError):
        await resolve(exp.get_datastore("PlayerData").get_entry("user_287113233"))
    assert _attempts(emulator, "GET", "user_287113233") == 1
    await close(exp)


async def test_increment_is_never_sent_twice_after_unknown_outcome(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    emulator.inject(Fault(status=500, apply_then_fail=True, path=r":increment$"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.get_datastore("Coins").increment_entry("user_287113233", 10))
    assert _attempts(emulator, "POST", ":increment") == 1
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_287113233") == 110


async def test_increment_read_timeout_is_not_resent(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(transport_error="read_timeout", path=r":increment$"))
    with pytest.raises(oc.RequestTimeout) as caught:
        await resolve(experience.get_datastore("Coins").increment_entry("user_287113233", 10))
    assert isinstance(caught.value, TimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_287113233") == 110


async def test_increment_connect_error_is_retried(experience: Any, emulator: Emulator) -> None:
    # Nothing was sent: resending cannot double the effect.
    emulator.inject(Fault(transport_error="connect", path=r":increment$"))
    value, _ = await resolve(experience.get_datastore("Coins").increment_entry("user_287113233", 10))
    assert value == 110


async def test_connect_errors_exhausted_raise_network_error(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    emulator.inject(Fault(transport_error="connect", times=5, path=ENTRY))
    with pytest.raises(oc.NetworkError) as caught:
        await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


async def test_exclusive_create_is_not_resent(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=503, apply_then_fail=True, method="POST", path=r"/entries$"))
    ds = experience.get_datastore("Inventory")
    with pytest.raises(oc.ServerError):
        await resolve(ds.set_entry("once", 1, exclusive_create=True))
    assert _attempts(emulator, "POST", "/entries") == 1
    assert (await resolve(ds.get_entry("once")))[0] == 1


async def test_plain_set_is_idempotent_and_retried(experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=502, apply_then_fail=True, method="PATCH"))
    ds = experience.get_datastore("Inventory")
    await resolve(ds.set_entry("twice-is-fine", {"a": 1}))
    assert _attempts(emulator, "PATCH") == 2
    assert (await resolve(ds.get_entry("twice-is-fine")))[0] == {"a": 1}


async def test_non_retryable_4xx_fails_at_once(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path=ENTRY))
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert caught.value.error_code == "PERMISSION_DENIED"
    assert _attempts(emulator, "GET", "user_287113233") == 1


def test_backoff_is_full_jitter_capped() -> None:
    policy = _retry.RetryPolicy()
    assert policy.backoff(0, rand=lambda: 1.0) == 0.5
    assert policy.backoff(3, rand=lambda: 1.0) == 4.0
    assert policy.backoff(10, rand=lambda: 1.0) == 8.0
    assert policy.backoff(10, rand=lambda: 0.0) == 0.0


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {"retry-after": "2"}, 2.0),
        (429, {"retry-after-ms": "250"}, 0.25),
        (503, {"retry-after": "0"}, None),
        (429, {"retry-after": "soon"}, None),
        (429, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "7"}, 7.0),
        (429, {"x-ratelimit-remaining": "5", "x-ratelimit-reset": "7"}, None),
        (500, {}, None),
    ],
)
def test_retry_after_parsing(status: int, headers: dict[str, str], expected: float | None) -> None:
    assert _retry.retry_after_seconds(status, httpx.Headers(headers)) == expected


def test_retry_after_http_date() -> None:
    assert _retry.retry_after_seconds(
        429, {"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, now=lambda: 1445412480.0
    ) == pytest.approx(10.0)


def test_what_is_retryable() -> None:
    assert _retry.retryable_status(429, idempotent=False)
    assert _retry.retryable_status(503, idempotent=True)
    assert not _retry.retryable_status(503, idempotent=False)
    assert not _retry.retryable_status(409, idempotent=True)
    assert not _retry.retryable_status(404, idempotent=True)
    request = httpx.Request("POST", "https://x")
    assert _retry.retryable_error(from_httpx(httpx.ConnectError("x", request=request)), idempotent=False)
    assert _retry.retryable_error(from_httpx(httpx.PoolTimeout("x", request=request)), idempotent=False)
    assert not _retry.retryable_error(from_httpx(httpx.ReadTimeout("x", request=request)), idempotent=False)
    assert _retry.retryable_error(from_httpx(httpx.ReadTimeout("x", request=request)), idempotent=True)
