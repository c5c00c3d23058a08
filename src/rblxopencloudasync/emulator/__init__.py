"""A stateful, in-memory emulator of the Roblox Open Cloud APIs the SDK uses, for tests and demos.

In-process::

    emulator = Emulator()
    with httpx.Client(transport=emulator.transport(), base_url="https://apis.roblox.com") as client:
        client.get(f"/cloud/v2/universes/{DEMO_UNIVERSE_ID}/data-stores", headers={"x-api-key": DEMO_API_KEY})

As a server: ``python -m rblxopencloudasync.emulator --port 8080``.
"""

from ._apikeys import ApiKeyArea, EmulatedApiKey
from ._area import Area
from ._assets import AssetArea
from ._bans import BanArea
from ._configs import CreatorConfigArea
from ._datastores import DataStoreArea
from ._emulator import DEMO_API_KEY, DEMO_UNIVERSE_ID, Emulator, RecordedRequest
from ._exchange import Fault
from ._groups import GroupArea
from ._inventory import InventoryArea
from ._memorystore import MemoryStoreArea
from ._messaging import MessagingArea
from ._monetization import MonetizationArea
from ._notifications import NotificationArea
from ._oauth2 import (
    DEMO_OAUTH2_CLIENT_ID,
    DEMO_OAUTH2_CLIENT_SECRET,
    DEMO_OAUTH2_REDIRECT_URI,
    Consent,
    OAuth2Area,
    OAuthApp,
)
from ._places import PlaceArea
from ._secrets import SecretArea
from ._servers import ServerArea
from ._speech import SpeechArea
from ._subscriptions import SubscriptionArea
from ._translation import TranslationArea
from ._users import UserArea
from ._webhooks import WebhookDelivery

__all__ = [
    "DEMO_API_KEY",
    "DEMO_OAUTH2_CLIENT_ID",
    "DEMO_OAUTH2_CLIENT_SECRET",
    "DEMO_OAUTH2_REDIRECT_URI",
    "DEMO_UNIVERSE_ID",
    "ApiKeyArea",
    "Area",
    "AssetArea",
    "Consent",
    "BanArea",
    "CreatorConfigArea",
    "DataStoreArea",
    "EmulatedApiKey",
    "Emulator",
    "Fault",
    "InventoryArea",
    "GroupArea",
    "MemoryStoreArea",
    "MessagingArea",
    "MonetizationArea",
    "NotificationArea",
    "OAuth2Area",
    "OAuthApp",
    "PlaceArea",
    "RecordedRequest",
    "SecretArea",
    "ServerArea",
    "SpeechArea",
    "SubscriptionArea",
    "TranslationArea",
    "UserArea",
    "WebhookDelivery",
]
