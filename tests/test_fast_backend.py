"""The aiohttp backend: same retries and errors as httpx, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import aiohttp
import httpx
import pytest
from tests.conftest import API_KEY

import rblxopencloudasync
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault, MonetizationArea


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_429_is_retried_with_the_hint(live_server: tuple[str, Emulator], sleeps: list[float]) -> None:
    url, emulator = live_server
    emulator.inject(Fault(status=429, retry_after=0.25, path=r"/FastRetry/.*/entries/k$"))

    async def main() -> Any:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp"
        ) as exp:
            ds = exp.get_datastore("FastRetry")
            await ds.set_entry("k", 1)
            return await ds.get_entry("k")

    value, info = _run(main())
    assert value == 1 and info.version
    assert sleeps == [0.25]


def test_server_error_maps_to_the_same_exception(live_server: tuple[str, Emulator]) -> None:
    url, emulator = live_server
    emulator.inject(Fault(status=500, apply_then_fail=True, path=r"/FastInc/.*:increment$"))

    async def main() -> None:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp"
        ) as exp:
            with pytest.raises(rblxopencloudasync.ServerError) as caught:
                await exp.get_datastore("FastInc").increment_entry("k", 1)
            assert caught.value.error_code == "INTERNAL"
            value, _ = await exp.get_datastore("FastInc").get_entry("k")
            assert value == 1  # applied once, not resent

    _run(main())


def test_read_timeout(live_server: tuple[str, Emulator]) -> None:
    url, emulator = live_server
    emulator.inject(Fault(latency=0.5, path=r"/FastSlow/"))

    async def main() -> None:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp", timeout=0.05, max_retries=0
        ) as exp:
            with pytest.raises(rblxopencloudasync.RequestTimeout) as caught:
                await exp.get_datastore("FastSlow").get_entry("k")
            # The socket's read timeout or the attempt's deadline, whichever fires first.
            assert isinstance(caught.value.__cause__, (aiohttp.ServerTimeoutError, TimeoutError))

    _run(main())


def test_a_read_timeout_shorter_than_the_attempt_still_fires(live_server: tuple[str, Emulator]) -> None:
    url, emulator = live_server
    emulator.inject(Fault(latency=0.5, path=r"/FastSlowRead/"))

    async def main() -> None:
        timeout = httpx.Timeout(5.0, read=0.05)  # the attempt's bound is 5 s, the read timeout 50 ms
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp", timeout=timeout, max_retries=0
        ) as exp:
            with pytest.raises(rblxopencloudasync.RequestTimeout) as caught:
                await exp.get_datastore("FastSlowRead").get_entry("k")
            assert isinstance(caught.value.__cause__, aiohttp.ServerTimeoutError)
            assert "did not answer in time (ReadTimeout" in str(caught.value)

    _run(main())


def test_connection_refused_is_retried_then_network_error(sleeps: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens

    async def main() -> None:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID,
            API_KEY,
            base_url=f"http://127.0.0.1:{port}",
            http_backend="aiohttp",
            max_retries=1,
        ) as exp:
            with pytest.raises(rblxopencloudasync.NetworkError) as caught:
                await exp.get_datastore("d").increment_entry("k", 1)  # not sent: safe to retry
            assert isinstance(caught.value.__cause__, aiohttp.ClientConnectorError)

    _run(main())
    assert len(sleeps) == 1


def test_cannot_combine_with_a_transport() -> None:
    with pytest.raises(ValueError, match="cannot be combined"):
        rblxopencloudasync.Experience(1, API_KEY, http_backend="aiohttp", transport=Emulator().transport())


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_streamed_upload_and_anonymous_web_host_over_loopback(
    live_server: tuple[str, Emulator], backend: str, tmp_path: Any
) -> None:
    """A streamed place file and a credential-free badges read, over real HTTP, with both backends."""
    url, emulator = live_server
    path = tmp_path / "game.rbxl"
    path.write_bytes(b"<roblox!" + bytes(range(256)) * 1000)

    async def main() -> tuple[int, Any]:
        async with rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID,
            API_KEY,
            base_url=url,
            http_backend=backend,  # type: ignore[arg-type]
        ) as exp:
            with path.open("rb") as file:
                version = await exp.get_place(1819).upload_place_file(file)
            badge = await exp.fetch_badge(next(iter(emulator.area(MonetizationArea).badges)))
            return version, badge

    before = len(emulator.requests)
    version, badge = _run(main())
    assert version >= 2 and badge.id
    upload, read = list(emulator.requests)[before:]
    assert upload.headers["content-length"] == str(path.stat().st_size)
    assert "transfer-encoding" not in upload.headers
    assert read.path.startswith("/_web/badges/v1/badges/")
    assert "x-api-key" not in read.headers and "authorization" not in read.headers
