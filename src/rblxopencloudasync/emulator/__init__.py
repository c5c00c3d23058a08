"""A stateful, in-memory emulator of the Roblox Open Cloud APIs the SDK uses, for tests and demos.

In-process::

    emulator = Emulator()
    with httpx.Client(transport=emulator.transport(), base_url="https://apis.roblox.com") as client:
        client.get(f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}/data-stores", headers={"x-api-key": DEMO_API_KEY})

As a server: ``python -m rblxopencloudasync.emulator --port 8080``.
"""

from ._area import Area
from ._bans import BanArea
from ._configs import CreatorConfigArea
from ._datastores import DataStoreArea
from ._emulator import DEMO_API_KEY, DEMO_UNIVERSE_ID, Emulator, RecordedRequest
from ._exchange import Fault
from ._inventory import InventoryArea
from ._memorystore import MemoryStoreArea
from ._messaging import MessagingArea
from ._monetization import MonetizationArea
from ._notifications import NotificationArea
from ._places import PlaceArea
from ._secrets import SecretArea
from ._servers import ServerArea
from ._speech import SpeechArea
from ._subscriptions import SubscriptionArea
from ._translation import TranslationArea
from ._webhooks import WebhookDelivery

__all__ = [
    "DEMO_API_KEY",
    "DEMO_UNIVERSE_ID",
    "Area",
    "BanArea",
    "CreatorConfigArea",
    "DataStoreArea",
    "Emulator",
    "Fault",
    "InventoryArea",
    "MemoryStoreArea",
    "MessagingArea",
    "MonetizationArea",
    "NotificationArea",
    "PlaceArea",
    "RecordedRequest",
    "SecretArea",
    "ServerArea",
    "SpeechArea",
    "SubscriptionArea",
    "TranslationArea",
    "WebhookDelivery",
]
