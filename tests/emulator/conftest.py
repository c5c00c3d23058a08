"""Fixtures for the emulator's own tests: an emulator, a frozen clock and httpx clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone

import httpx
import pytest
from tests.emulator._support import AUTH, BASE_URL, FakeClock

from rblxopencloudasync.emulator import Emulator


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 12, 2, 6, 0, 0, tzinfo=timezone.utc))


@pytest.fixture
def emu(clock: FakeClock) -> Emulator:
    return Emulator(clock=clock)


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
        yield http


@pytest.fixture
async def aclient(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
        yield http
