"""Shared fixtures: every SDK test runs once per twin against the emulator.

Tests are written once as ``async def`` and parametrised over the package under
test (``oc``): :func:`resolve` awaits what the async twin returns and passes the
sync twin's plain values through, :func:`collect` drains either kind of
iterator. Every request goes through the wire-contract checker.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings
from tests.contract.checker import ContractTransport

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

# Property tests draw the same examples on every run, so a CI run is reproducible;
# `pytest --hypothesis-profile=explore` draws fresh ones (and remembers failures).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")

TWINS = ["rblxopencloud", "rblxopencloudasync"]
API_KEY = "test-api-key-0123456789"


async def resolve(value: Any) -> Any:
    """Await ``value`` if it is awaitable (async twin), else return it (sync twin)."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(items: Any) -> list[Any]:
    """Drain an async or sync iterator into a list."""
    if hasattr(items, "__aiter__"):
        return [item async for item in items]
    return list(items)


async def rejected_before_io(call: Any, error: type[Exception], emulator: Emulator, what: str) -> None:
    """Assert that ``call()`` raises ``error`` and sends nothing (bad input is caught before I/O).

    In the async twin the error may come from the call itself or from awaiting
    its coroutine; both count.
    """
    with pytest.raises(error):
        await resolve(call())
    assert len(emulator.requests) == 0, f"{what}: a request was sent"


async def close(obj: Any) -> None:
    """Close an entry point of either twin."""
    await resolve(obj.aclose() if hasattr(obj, "aclose") else obj.close())


# The three ways the SDK can talk HTTP: (package, http_backend).
LOOPBACK_CLIENTS = [
    ("rblxopencloud", "httpx"),
    ("rblxopencloudasync", "httpx"),
    ("rblxopencloudasync", "aiohttp"),
]


def run_on(package: str, backend: str, url: str, body: Any, **options: Any) -> Any:
    """Run ``await body(experience)`` with an ``Experience`` of ``package`` on
    ``backend`` pointed at ``url``, in a fresh event loop, and close it."""
    import asyncio

    module = importlib.import_module(package)
    options["http_backend"] = backend  # explicit: the default would be aiohttp under asyncio

    async def main() -> Any:
        exp = module.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url, **options)
        try:
            return await body(exp)
        finally:
            await close(exp)

    return asyncio.run(main())


@pytest.fixture(params=TWINS)
def oc(request: pytest.FixtureRequest) -> ModuleType:
    """The package under test: ``rblxopencloud`` or ``rblxopencloudasync``."""
    return importlib.import_module(request.param)


@pytest.fixture
def emulator() -> Emulator:
    return Emulator()


@pytest.fixture
def contract(emulator: Emulator) -> ContractTransport:
    transport = ContractTransport(emulator.transport())
    yield transport
    assert not transport.failures, transport.failures


@pytest.fixture
async def experience(oc: ModuleType, contract: ContractTransport) -> AsyncIterator[Any]:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=contract)
    yield exp
    await close(exp)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Record retry/poll waits instead of sleeping, in both twins."""
    recorded: list[float] = []

    async def asleep(seconds: float) -> None:
        recorded.append(seconds)

    def sleep(seconds: float) -> None:
        recorded.append(seconds)

    for module in ("_client", "_operation"):
        monkeypatch.setattr(f"rblxopencloudasync.{module}.asleep", asleep)
        monkeypatch.setattr(f"rblxopencloud.{module}.sleep", sleep)
    yield recorded


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """Serve an ASGI ``app`` with uvicorn over real loopback HTTP, in a thread; yields its URL."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket()
    # Accepted connections inherit this: without it each small response waits
    # ~40 ms for a delayed ACK (Nagle), which makes loopback tests crawl.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("emulator server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[tuple[str, Emulator]]:
    """The emulator served over real loopback HTTP by uvicorn, in a thread."""
    emulator = Emulator()
    with serve_asgi(emulator.asgi_app()) as url:
        yield url, emulator
