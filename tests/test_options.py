"""Client options: base URL resolution, timeouts, transports, in both twins."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from tests.conftest import API_KEY, close, resolve


def test_base_url_default_env_and_override(oc: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RBLX_OPEN_CLOUD_BASE_URL", raising=False)
    assert oc.Experience(1, API_KEY)._client.base_url == "https://apis.roblox.com"
    monkeypatch.setenv("RBLX_OPEN_CLOUD_BASE_URL", "http://127.0.0.1:8080/")
    assert oc.Experience(1, API_KEY)._client.base_url == "http://127.0.0.1:8080"
    assert oc.Experience(1, API_KEY, base_url="https://proxy.example")._client.base_url == "https://proxy.example"


async def test_base_url_is_used(oc: Any) -> None:
    with respx.mock(base_url="https://proxy.example") as router:
        route = router.get("/cloud/v2/universes/1/ordered-data-stores/o/scopes/global/entries/k").mock(
            return_value=httpx.Response(200, json={"path": "p", "id": "k", "value": 3.0})
        )
        exp = oc.Experience(1, API_KEY, base_url="https://proxy.example")
        assert await resolve(exp.get_ordered_datastore("o").get_entry("k")) == 3
        assert route.call_count == 1
        sent = route.calls[0].request
        assert sent.headers["x-api-key"] == API_KEY
        assert sent.headers["user-agent"].startswith("rblx-open-cloud/")
        await close(exp)


async def test_timeout_option(oc: Any) -> None:
    exp = oc.Experience(1, API_KEY, timeout=3.5)
    client = exp._client._new_client()
    assert client.timeout.read == 3.5
    await resolve(client.aclose() if hasattr(client, "aclose") else client.close())
    default = oc.Experience(1, API_KEY)._client.timeout
    assert default.connect == 10.0 and default.read == 30.0


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
