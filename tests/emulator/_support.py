"""Constants and helpers shared by the emulator tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from rblxopencloudasync.emulator import DEMO_API_KEY, DEMO_UNIVERSE_ID

BASE_URL = "https://apis.roblox.com"
U = f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}"
AUTH = {"x-api-key": DEMO_API_KEY}


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
