"""A stateful, in-memory emulator of Roblox Open Cloud storage APIs, for tests and demos.

In-process::

    emulator = Emulator()
    with httpx.Client(transport=emulator.transport(), base_url="https://apis.roblox.com") as client:
        client.get(f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}/data-stores", headers={"x-api-key": DEMO_API_KEY})

As a server: ``python -m rblxopencloudasync.emulator --port 8080``.
"""

from ._emulator import DEMO_API_KEY, DEMO_UNIVERSE_ID, Emulator, Fault, RecordedRequest

__all__ = ["DEMO_API_KEY", "DEMO_UNIVERSE_ID", "Emulator", "Fault", "RecordedRequest"]
