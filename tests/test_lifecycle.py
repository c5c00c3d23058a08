"""Pooled clients: reuse, event-loop changes, trio, closing; no warnings.

pytest runs with ``filterwarnings = error``: an unclosed client, socket or
transport (ResourceWarning) or "Event loop is closed" fails these tests.
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import httpx
import pytest
import trio
from tests.conftest import API_KEY

import rblxopencloud
import rblxopencloudasync
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator


def _count_clients(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[object]:
    made: list[object] = []
    original = module._client._Pool.new_client

    def counting(self: Any) -> Any:
        client = original(self)
        made.append(client)
        return client

    monkeypatch.setattr(module._client._Pool, "new_client", counting)
    return made


def test_async_object_survives_several_asyncio_runs(
    live_server: tuple[str, Emulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = live_server
    made = _count_clients(monkeypatch, rblxopencloudasync)
    exp = rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url)
    ds = exp.get_datastore("PlayerData")

    async def read() -> Any:
        value, _ = await ds.get_entry("user_287113233")
        value2, _ = await ds.get_entry("user_287113233")
        return value == value2 == {"xp": 1337, "level": 7}

    for _ in range(3):
        assert asyncio.run(read())
    assert len(made) == 3  # one pool per loop, reused within it
    gc.collect()


def test_async_object_under_trio(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    exp = rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url)

    async def main() -> list[Any]:
        ds = exp.get_datastore("TrioStore")
        await ds.set_entry("k", {"runner": "trio"})
        value, _ = await ds.get_entry("k")
        keys = [k.key async for k in ds.list_keys()]
        return [value, keys]

    assert trio.run(main) == [{"runner": "trio"}, ["k"]]
    assert trio.run(main)[0] == {"runner": "trio"}  # a second trio.run: new pool
    gc.collect()


def test_one_pool_shared_by_concurrent_calls(
    live_server: tuple[str, Emulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = live_server
    made = _count_clients(monkeypatch, rblxopencloudasync)

    async def main() -> None:
        async with rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
            ds = exp.get_datastore("PlayerData")
            other = exp.get_ordered_datastore("Leaderboard")
            results = await asyncio.gather(*(ds.get_entry("user_287113233") for _ in range(200)))
            assert all(value == {"xp": 1337, "level": 7} for value, _ in results)
            (best,) = [e async for e in other.sort_keys(limit=1)]
            await other.get_entry(best.key)

    asyncio.run(main())
    assert len(made) == 1


async def test_async_with_closes_and_object_stays_usable(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    async with rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
        await exp.get_datastore("PlayerData").get_entry("user_287113233")
        pool = exp._client._client
        assert pool is not None
    assert pool.is_closed and exp._client._client is None
    await exp.get_datastore("PlayerData").get_entry("user_287113233")  # reopens
    await exp.aclose()
    await exp.aclose()  # idempotent


def test_sync_with_closes(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    with rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
        value, _ = exp.get_datastore("PlayerData").get_entry("user_287113233")
        pool = exp._client._client
    assert value == {"xp": 1337, "level": 7}
    assert pool is not None and pool.is_closed


async def test_caller_supplied_client_is_used_and_left_open(live_server: tuple[str, Emulator]) -> None:
    url, emulator = live_server
    async with httpx.AsyncClient(headers={"x-trace": "mine"}) as client:
        exp = rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_client=client)
        await exp.get_datastore("PlayerData").get_entry("user_287113233")
        await exp.aclose()
        assert not client.is_closed
        assert emulator.requests[-1].headers.get("x-trace") == "mine"


def test_sync_caller_supplied_client() -> None:
    emulator = Emulator()
    with httpx.Client(transport=emulator.transport()) as client:
        exp = rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, http_client=client)
        assert exp.get_datastore("PlayerData").get_entry("user_287113233")[0]["xp"] == 1337
        exp.close()
        assert not client.is_closed


def test_aiohttp_backend(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server

    async def main() -> Any:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp"
        ) as exp:
            ds = exp.get_datastore("FastStore")
            await ds.set_entry("k", {"fast": True})
            results = await asyncio.gather(*(ds.get_entry("k") for _ in range(50)))
            with pytest.raises(rblxopencloudasync.NotFound):
                await ds.get_entry("missing")
            return results[0][0]

    assert asyncio.run(main()) == {"fast": True}
    assert asyncio.run(main()) == {"fast": True}
    gc.collect()


def test_aiohttp_backend_is_async_only() -> None:
    exp = rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, http_backend="aiohttp")
    with pytest.raises(ValueError, match="only available in rblxopencloudasync"):
        exp.get_datastore("d").get_entry("k")


def test_the_real_sleep_yields_under_asyncio_and_trio() -> None:
    from rblxopencloudasync._primitives import timing

    async def sleeper(order: list[str]) -> None:
        await timing.asleep(0)  # a real checkpoint: the other task runs first
        order.append("sleeper")

    async def other(order: list[str]) -> None:
        order.append("other")

    async def with_asyncio() -> list[str]:
        order: list[str] = []
        await asyncio.gather(sleeper(order), other(order))
        return order

    async def with_trio() -> list[str]:
        order: list[str] = []
        async with trio.open_nursery() as nursery:
            nursery.start_soon(sleeper, order)
            nursery.start_soon(other, order)
        return order

    assert asyncio.run(with_asyncio()) == ["other", "sleeper"]
    assert trio.run(with_trio) == ["other", "sleeper"]


def test_streamed_upload_under_trio(live_server: tuple[str, Emulator], tmp_path: Any) -> None:
    # The file is read in worker threads through anyio, which must work on trio too.
    url, _ = live_server
    path = tmp_path / "place.rbxl"
    path.write_bytes(b"<roblox!" + bytes(range(256)) * 2000)

    async def main() -> int:
        async with rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
            with path.open("rb") as file:
                version: int = await exp.get_place(1818).upload_place_file(file)
                return version

    assert trio.run(main) >= 2
