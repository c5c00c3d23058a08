"""Fault injection through the in-process transport, sync and async."""

from __future__ import annotations

import anyio
import httpx
import pytest
from tests.emulator._support import U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault

ENTRY = f"{U}/data-stores/Coins/entries/user_1"


def test_status_fault_with_retry_after_and_default_body(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=429, retry_after=2, headers={"x-ratelimit-reset": "7"}))
    limited = client.get(ENTRY)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "2"
    assert limited.headers["x-ratelimit-reset"] == "7"
    assert limited.headers["content-type"] == "application/json"
    assert limited.json()["code"] == "RESOURCE_EXHAUSTED"
    assert client.get(ENTRY).status_code == 200
    assert emu.pending_faults == []


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, "INTERNAL"), (503, "UNAVAILABLE"), (409, "ABORTED"), (403, "PERMISSION_DENIED"), (418, "UNKNOWN")],
)
def test_default_fault_bodies(emu: Emulator, client: httpx.Client, status: int, code: str) -> None:
    emu.inject(Fault(status=status))
    response = client.get(ENTRY)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_fault_401_uses_gateway_shape(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=401))
    assert client.get(ENTRY).json() == {"errors": [{"code": 0, "message": "Invalid API Key"}]}


def test_custom_bodies(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(
        Fault(status=502, body="<html>Bad gateway</html>", retry_after="Wed, 21 Oct 2015 07:28:00 GMT")
    )
    emu.inject(Fault(status=400, body={"error": "INVALID_ARGUMENT", "message": "v1 shape"}))
    emu.inject(Fault(status=429, retry_after=1.5))
    html = client.get(ENTRY)
    assert html.text == "<html>Bad gateway</html>"
    assert html.headers["content-type"].startswith("text/plain")
    assert html.headers["retry-after"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert client.get(ENTRY).json() == {"error": "INVALID_ARGUMENT", "message": "v1 shape"}
    assert client.get(ENTRY).headers["retry-after"] == "1.5"


def test_times_method_and_path_matching(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=503, times=2, method="patch", path=r"/entries/user_1$"))
    emu.inject(Fault(status=500, path="Leaderboard"))
    assert client.get(ENTRY).status_code == 200  # method differs
    assert client.patch(f"{U}/data-stores/Coins/entries/user_156", json={"value": 1}).status_code == 200
    assert client.patch(ENTRY, json={"value": 1}).status_code == 503
    assert client.patch(ENTRY, json={"value": 1}).status_code == 503
    assert client.patch(ENTRY, json={"value": 1}).status_code == 200
    assert len(emu.pending_faults) == 1
    assert client.get(f"{U}/ordered-data-stores/Leaderboard/scopes/global/entries").status_code == 500
    assert emu.pending_faults == []


def test_faults_are_consumed_in_order(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=500))
    emu.inject(Fault(status=503))
    assert [client.get(ENTRY).status_code for _ in range(3)] == [500, 503, 200]


def test_clear_faults(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=500, times=5))
    emu.clear_faults()
    assert client.get(ENTRY).status_code == 200


def test_plain_status_fault_does_not_apply_the_request(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=500))
    assert client.post(f"{ENTRY}:increment", json={"amount": 1}).status_code == 500
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 50


def test_apply_then_fail_changes_state(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(status=503, apply_then_fail=True))
    response = client.post(f"{ENTRY}:increment", json={"amount": 10})
    assert response.status_code == 503
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 60


def test_connect_error_does_not_apply(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(transport_error="connect"))
    with pytest.raises(httpx.ConnectError):
        client.post(f"{ENTRY}:increment", json={"amount": 10})
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 50
    assert len(emu.requests) == 1  # attempts are recorded even when they fail


def test_read_timeout_applies_then_raises(emu: Emulator, client: httpx.Client) -> None:
    emu.inject(Fault(transport_error="read_timeout"))
    with pytest.raises(httpx.ReadTimeout):
        client.post(f"{ENTRY}:increment", json={"amount": 10})
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 60


def test_latency_sync(emu: Emulator, client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("rblxopencloudasync.emulator._transport.time.sleep", waits.append)
    emu.inject(Fault(latency=0.2))
    assert client.get(ENTRY).status_code == 200
    assert waits == [0.2]


async def test_faults_async(
    emu: Emulator, aclient: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu.inject(Fault(status=429, retry_after=3, latency=0.1))
    waits: list[float] = []
    real_sleep = anyio.sleep

    async def recording_sleep(seconds: float) -> None:
        waits.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(anyio, "sleep", recording_sleep)
    limited = await aclient.get(ENTRY)
    assert waits == [0.1]
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"

    emu.inject(Fault(transport_error="connect"))
    with pytest.raises(httpx.ConnectError):
        await aclient.post(f"{ENTRY}:increment", json={"amount": 1})
    emu.inject(Fault(transport_error="read_timeout"))
    with pytest.raises(httpx.ReadTimeout):
        await aclient.post(f"{ENTRY}:increment", json={"amount": 1})
    emu.inject(Fault(status=500, apply_then_fail=True))
    assert (await aclient.post(f"{ENTRY}:increment", json={"amount": 1})).status_code == 500
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 52


def test_fault_validation() -> None:
    with pytest.raises(ValueError):
        Fault(times=0)
    with pytest.raises(ValueError):
        Fault(latency=-1)
    with pytest.raises(ValueError):
        Fault(status=1000)
    with pytest.raises(ValueError):
        Fault(transport_error="dns")  # type: ignore[arg-type]
