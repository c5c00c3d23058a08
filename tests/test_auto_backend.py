"""http_backend="auto" (the default): which HTTP client each situation gets.

Under asyncio the async package sends through aiohttp when it builds its own
client; under trio, with a caller's ``http_client`` or ``transport``, and in the
sync package it uses httpx. The choice is made when the pooled client is built,
on the running loop, so one entry point gets the right client on each loop.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import inspect
import subprocess
import sys
import textwrap
from typing import Any

import httpx
import pytest
import trio
from tests.conftest import API_KEY

import rblxopencloud
import rblxopencloudasync
from rblxopencloudasync._primitives.aiohttp_client import AiohttpClient
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator


@pytest.fixture(autouse=True)
def _no_respx(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test process loads respx (other tests use it), and "auto" picks httpx
    # in a process that loaded respx; these tests are about a process that did not.
    monkeypatch.delitem(sys.modules, "respx", raising=False)


async def _pooled_client(exp: Any) -> Any:
    """Make one call, then return the client it went through."""
    value, _ = await exp.get_datastore("PlayerData").get_entry("user_287113233")
    assert value == {"xp": 1337, "level": 7}
    return exp._client._client


@pytest.mark.parametrize("package", ["rblxopencloud", "rblxopencloudasync"])
def test_auto_is_the_default_of_every_entry_point(package: str) -> None:
    module = importlib.import_module(package)
    for entry_point in (module.Experience, module._client.BaseClient):
        assert inspect.signature(entry_point).parameters["http_backend"].default == "auto"


def test_asyncio_with_a_base_url_uses_aiohttp(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server

    async def main() -> Any:
        async with rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
            return await _pooled_client(exp)

    assert isinstance(asyncio.run(main()), AiohttpClient)


def test_asyncio_with_a_transport_uses_httpx() -> None:
    emulator = Emulator()

    async def main() -> Any:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport()
        ) as exp:
            return await _pooled_client(exp)

    assert isinstance(asyncio.run(main()), httpx.AsyncClient)
    assert len(emulator.requests) == 1


def test_asyncio_with_a_caller_client_uses_it(live_server: tuple[str, Emulator]) -> None:
    url, emulator = live_server

    async def main() -> None:
        async with httpx.AsyncClient(headers={"x-trace": "auto"}) as client:
            exp = rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_client=client)
            assert await _pooled_client(exp) is None  # no pool of its own
            assert emulator.requests[-1].headers.get("x-trace") == "auto"
            await exp.aclose()

    asyncio.run(main())


def test_trio_with_a_base_url_uses_httpx(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server

    async def main() -> Any:
        async with rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
            return await _pooled_client(exp)

    assert isinstance(trio.run(main), httpx.AsyncClient)


def test_sync_package_uses_httpx(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    with rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url) as exp:
        value, _ = exp.get_datastore("PlayerData").get_entry("user_287113233")
        assert value == {"xp": 1337, "level": 7}
        assert isinstance(exp._client._client, httpx.Client)


@pytest.mark.parametrize(("backend", "kind"), [("httpx", httpx.AsyncClient), ("aiohttp", AiohttpClient)])
def test_explicit_choices_under_asyncio(live_server: tuple[str, Emulator], backend: str, kind: type) -> None:
    url, _ = live_server

    async def main() -> Any:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID,
            API_KEY,
            base_url=url,
            http_backend=backend,  # type: ignore[arg-type]
        ) as exp:
            return await _pooled_client(exp)

    assert isinstance(asyncio.run(main()), kind)


def test_explicit_httpx_in_the_sync_package(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    with rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="httpx") as exp:
        exp.get_datastore("PlayerData").get_entry("user_287113233")
        assert isinstance(exp._client._client, httpx.Client)


def test_one_entry_point_gets_the_right_client_on_each_loop(live_server: tuple[str, Emulator]) -> None:
    url, _ = live_server
    exp = rblxopencloudasync.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url)  # outside any loop

    async def main() -> Any:
        return await _pooled_client(exp)

    first = asyncio.run(main())
    on_trio = trio.run(main)
    second = asyncio.run(main())
    assert isinstance(first, AiohttpClient) and isinstance(second, AiohttpClient)
    assert isinstance(on_trio, httpx.AsyncClient)
    assert first is not second and first.is_closed and on_trio.is_closed  # each closed with its loop
    asyncio.run(exp.aclose())
    gc.collect()


def test_importing_and_building_an_entry_point_does_not_import_aiohttp() -> None:
    code = textwrap.dedent(
        """
        import asyncio
        import sys

        from rblxopencloudasync import Experience

        assert "aiohttp" not in sys.modules, "import"
        Experience(1, "key")
        Experience(1, "key", base_url="http://127.0.0.1:9")
        assert "aiohttp" not in sys.modules, "construction"

        import rblxopencloud

        rblxopencloud.Experience(1, "key")
        assert "aiohttp" not in sys.modules, "sync package"

        from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

        async def main():
            async with Experience(DEMO_UNIVERSE_ID, "key", transport=Emulator().transport()) as exp:
                await exp.get_datastore("PlayerData").get_entry("user_287113233")

        asyncio.run(main())
        assert "aiohttp" not in sys.modules, "an httpx client under asyncio"
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_process_that_loaded_respx_gets_httpx_so_its_mocks_see_the_requests() -> None:
    code = textwrap.dedent(
        """
        import asyncio, httpx, respx
        import rblxopencloudasync
        from rblxopencloudasync._primitives.aiohttp_client import AiohttpClient

        async def main():
            with respx.mock(assert_all_called=True) as router:
                route = router.get(url__regex=r".*/entries/k$").respond(
                    200, json={"value": 1, "revisionId": "r", "createTime": "2024-01-01T00:00:00Z",
                               "revisionCreateTime": "2024-01-01T00:00:00Z"})
                async with rblxopencloudasync.Experience(1, "key") as exp:
                    value, _ = await exp.get_datastore("d").get_entry("k")
                    assert not isinstance(exp._client._client, AiohttpClient)
                assert route.called and value == 1
            print("ok")

        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
