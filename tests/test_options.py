"""Client options: base URL resolution, timeouts, transports, in both twins."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from tests.conftest import API_KEY, close, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator


def test_base_url_default_env_and_override(oc: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RBLX_OPEN_CLOUD_BASE_URL", raising=False)
    assert oc.Experience(1, API_KEY)._client.base_url == "https://apis.roblox.com"
    monkeypatch.setenv("RBLX_OPEN_CLOUD_BASE_URL", "http://127.0.0.1:8080/")
    assert oc.Experience(1, API_KEY)._client.base_url == "http://127.0.0.1:8080"
    assert (
        oc.Experience(1, API_KEY, base_url="https://proxy.example")._client.base_url
        == "https://proxy.example"
    )


async def test_base_url_is_used(oc: Any) -> None:
    with respx.mock(base_url="https://proxy.example") as router:
        route = router.get("/cloud/v2/universes/1/ordered-data-stores/o/scopes/global/entries/k").mock(
            return_value=httpx.Response(200, json={"path": "p", "id": "k", "value": 3.0})
        )
        exp = oc.Experience(
            1, API_KEY, base_url="https://proxy.example", http_backend="httpx"
        )  # respx patches httpx
        assert await resolve(exp.get_ordered_datastore("o").get_entry("k")) == 3
        assert route.call_count == 1
        sent = route.calls[0].request
        assert sent.headers["x-api-key"] == API_KEY
        assert sent.headers["user-agent"].startswith("rblx-open-cloud/")
        await close(exp)


def test_timeout_option(oc: Any) -> None:
    assert oc.Experience(1, API_KEY, timeout=3.5)._client.timeout.read == 3.5
    exp = oc.Experience(1, API_KEY)
    assert exp._client.timeout is None  # the pooled client's default applies
    # 30 s per request, 10 s to connect, no limit on waiting for a pooled connection
    assert httpx.Timeout(30.0, connect=10.0, pool=None) == oc._client.DEFAULT_TIMEOUT
    with pytest.raises(ValueError, match="timeout"):
        oc.Experience(1, API_KEY, timeout=-1)


@pytest.mark.parametrize(
    ("timeout", "error"),
    [
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (1e300, ValueError),
        (0, ValueError),
        (-0.5, ValueError),
        (True, TypeError),
        ("3", TypeError),
        (httpx.Timeout(float("nan")), ValueError),
        (httpx.Timeout(5.0, read=float("inf")), ValueError),
    ],
)
def test_absurd_timeouts_are_refused(oc: Any, timeout: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="timeout"):
        oc.Experience(1, API_KEY, timeout=timeout)
    with pytest.raises(error, match="timeout"):
        oc.Experience(1, API_KEY).with_options(timeout=timeout)


@pytest.mark.parametrize(("value", "error"), [(100, ValueError), (True, TypeError), (1.5e7, TypeError)])
def test_max_response_bytes_is_checked(oc: Any, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_response_bytes"):
        oc.Experience(1, API_KEY, max_response_bytes=value)


async def test_timeout_is_sent_per_request(oc: Any) -> None:
    with respx.mock(base_url="https://apis.roblox.com") as router:
        route = router.get("/cloud/v2/universes/1/ordered-data-stores/o/scopes/global/entries/k").mock(
            return_value=httpx.Response(200, json={"path": "p", "id": "k", "value": 1})
        )
        exp = oc.Experience(1, API_KEY, timeout=2.5, http_backend="httpx")  # respx patches httpx
        await resolve(exp.get_ordered_datastore("o").get_entry("k"))
        assert route.calls[0].request.extensions["timeout"]["read"] == 2.5
        await close(exp)


async def test_with_options_copies_and_shares_the_pool(oc: Any) -> None:
    from rblxopencloudasync.emulator import Fault

    emulator = Emulator()
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport())
    strict = exp.with_options(max_retries=0, timeout=5)
    assert strict.id == exp.id and strict is not exp
    assert exp._client.policy.max_retries == 2 and strict._client.policy.max_retries == 0
    await resolve(exp.get_datastore("PlayerData").get_entry("user_287113233"))
    emulator.inject(Fault(status=503))
    with pytest.raises(oc.ServerError):
        await resolve(strict.get_datastore("PlayerData").get_entry("user_287113233"))
    assert strict._client._client is exp._client._client  # one pool
    await close(exp)


def test_http_client_and_transport_are_exclusive(oc: Any) -> None:
    with pytest.raises(ValueError, match="not both"):
        oc.Experience(1, API_KEY, transport=Emulator().transport(), http_client=object())


async def test_derived_objects_share_the_client(oc: Any) -> None:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=Emulator().transport())
    ds = exp.get_datastore("PlayerData")
    ods = exp.get_ordered_datastore("Leaderboard")
    assert ds.experience is exp and ods.experience is exp
    await resolve(ds.get_entry("user_287113233"))
    first = exp._client._client
    await resolve(ds.get_entry("user_287113233"))
    assert exp._client._client is first
    await close(exp)


def test_reprs(oc: Any) -> None:
    exp = oc.Experience(5, API_KEY)
    assert repr(exp) == "<rblxopencloud.Experience id=5>"
    assert repr(exp.get_datastore("a", scope=None)) == "<rblxopencloud.DataStore name='a' scope=None>"
    assert "Leader" in repr(exp.get_ordered_datastore("Leader"))
