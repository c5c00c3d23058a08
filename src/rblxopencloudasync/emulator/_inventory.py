"""The inventory area: users' inventories of assets, badges, game passes and private servers.

``GET /cloud/v2/users/{u}/inventory-items`` lists a user's items a page at a
time (assets, then badges, game passes and private servers, each in ID
order), filtered by the ``;``-separated ``filter`` of Roblox's patterns page:
either by kind (``onlyCollectibles``, ``inventoryItemAssetTypes``, ``badges``,
``gamePasses``, ``privateServers``) or by ID (``assetIds``, ``badgeIds``,
``gamePassIds``, ``privateServerIds``), never both. A private inventory is
only listed for the credentials allowed to read it (`InventoryArea.set_visibility`);
anyone else gets 403, and a user the area does not know gets 404.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ._area import Area, Context, Request, Route, parse_id
from ._errors import ApiError, invalid, not_found
from ._paging import encode_token, page_size, take
from ._time import format_time

__all__ = ["DEMO_INVENTORY_USER_ID", "PRIVATE_INVENTORY_USER_ID", "InventoryArea", "InventoryEntry"]

DEMO_INVENTORY_USER_ID = 287113233
"""A user whose inventory everyone can see (the demo universe's owner)."""
PRIVATE_INVENTORY_USER_ID = 156
"""A user whose inventory no credential may read (403)."""

ASSET, BADGE, GAME_PASS, PRIVATE_SERVER = "asset", "badge", "gamePass", "privateServer"
_KIND_ORDER = {ASSET: 0, BADGE: 1, GAME_PASS: 2, PRIVATE_SERVER: 3}
_PATH_KEYS = {
    ASSET: "USER_ASSET_ID",
    BADGE: "BADGE_ID",
    GAME_PASS: "GAME_PASS_ID",
    PRIVATE_SERVER: "PRIVATE_SERVER_ID",
}
_ASSET_TYPE_NAMES = """CLASSIC_TSHIRT AUDIO HAT MODEL CLASSIC_SHIRT CLASSIC_PANTS DECAL CLASSIC_HEAD FACE GEAR
    ANIMATION TORSO RIGHT_ARM LEFT_ARM LEFT_LEG RIGHT_LEG PACKAGE PLUGIN MESH_PART HAIR_ACCESSORY
    FACE_ACCESSORY NECK_ACCESSORY SHOULDER_ACCESSORY FRONT_ACCESSORY BACK_ACCESSORY WAIST_ACCESSORY
    CLIMB_ANIMATION DEATH_ANIMATION FALL_ANIMATION IDLE_ANIMATION JUMP_ANIMATION RUN_ANIMATION
    SWIM_ANIMATION WALK_ANIMATION POSE_ANIMATION EMOTE_ANIMATION VIDEO TSHIRT_ACCESSORY
    SHIRT_ACCESSORY PANTS_ACCESSORY JACKET_ACCESSORY SWEATER_ACCESSORY SHORTS_ACCESSORY
    LEFT_SHOE_ACCESSORY RIGHT_SHOE_ACCESSORY DRESS_SKIRT_ACCESSORY EYEBROW_ACCESSORY
    EYELASH_ACCESSORY MOOD_ANIMATION DYNAMIC_HEAD CREATED_PLACE PURCHASED_PLACE"""
ASSET_TYPES = frozenset(_ASSET_TYPE_NAMES.split())
"""The ``inventoryItemAssetType`` names of the API (and of the filter)."""

_LIST_PARAMS = frozenset({"maxPageSize", "pageToken", "filter"})
_KIND_FIELDS = frozenset(
    {"onlyCollectibles", "inventoryItemAssetTypes", "badges", "gamePasses", "privateServers"}
)
_ID_FIELDS = {
    "assetIds": ASSET,
    "badgeIds": BADGE,
    "gamePassIds": GAME_PASS,
    "privateServerIds": PRIVATE_SERVER,
}
_KIND_SWITCHES = {"badges": BADGE, "gamePasses": GAME_PASS, "privateServers": PRIVATE_SERVER}
_ID = re.compile(r"[0-9]{1,19}")
_INT64_MAX = 2**63 - 1
_COLLECTIBLE_STATES = frozenset({"AVAILABLE", "HOLD"})


@dataclass(frozen=True, slots=True)
class Collectible:
    """What makes an asset a collectible: its item, this copy, its state and serial."""

    item_id: str
    instance_id: str
    state: str = "AVAILABLE"
    serial_number: int | None = None


@dataclass(frozen=True, slots=True)
class InventoryEntry:
    """One item of an inventory (``instance_id`` and ``asset_type`` only for assets)."""

    kind: str
    id: int
    added: datetime | None
    asset_type: str | None = None
    instance_id: int | None = None
    collectible: Collectible | None = None

    @property
    def sort_key(self) -> list[int]:
        return [_KIND_ORDER[self.kind], self.id, self.instance_id or 0]

    def wire(self, user_id: int) -> dict[str, Any]:
        """The ``InventoryItem`` resource: ids as strings, as Roblox sends them."""
        ref = f"{_PATH_KEYS[self.kind]}={self.instance_id if self.kind == ASSET else self.id}"
        item_id = base64.b64encode(ref.encode()).decode().rstrip("=")
        result: dict[str, Any] = {"path": f"users/{user_id}/inventory-items/{item_id}"}
        if self.kind == ASSET:
            details: dict[str, Any] = {
                "assetId": str(self.id),
                "inventoryItemAssetType": self.asset_type,
                "instanceId": str(self.instance_id),
            }
            if self.collectible is not None:
                collectible: dict[str, Any] = {
                    "itemId": self.collectible.item_id,
                    "instanceId": self.collectible.instance_id,
                    "instanceState": self.collectible.state,
                }
                if self.collectible.serial_number is not None:
                    collectible["serialNumber"] = self.collectible.serial_number
                details["collectibleDetails"] = collectible
            result["assetDetails"] = details
        else:
            result[f"{self.kind}Details"] = {f"{self.kind}Id": str(self.id)}
        if self.added is not None:
            result["addTime"] = format_time(self.added)
        return result


@dataclass(slots=True)
class _Inventory:
    public: bool = True
    readers: frozenset[str] = frozenset()
    items: list[InventoryEntry] = field(default_factory=list)


class InventoryArea(Area):
    """``cloud/v2/users/{u}/inventory-items``: users' inventories.

    Demo data: user `DEMO_INVENTORY_USER_ID` (287113233) has a public inventory
    of assets of several types (two of them collectibles), badges, game passes
    and private servers; user `PRIVATE_INVENTORY_USER_ID` (156) has a private one.

    Test helpers: `add_user`, `set_visibility`, `add_asset`, `add_badge`,
    `add_game_pass`, `add_private_server`, `items` (reach the instance with
    ``emulator.area(InventoryArea)``).
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._inventories: dict[int, _Inventory] = {}
        self._next_instance = 300_000_000_000

    def clear(self) -> None:
        self._inventories.clear()
        self._next_instance = 300_000_000_000

    def seed(self, universe_id: int) -> None:
        user = DEMO_INVENTORY_USER_ID
        start = datetime(2023, 7, 5, 12, 34, 56, tzinfo=timezone.utc)

        def day(n: int) -> datetime:
            return start + timedelta(days=n)

        self.add_user(user)
        self.add_asset(user, 1028595, "CLASSIC_TSHIRT", instance_id=200105119388, added=day(0))
        self.add_asset(user, 62724852, "HAT", instance_id=173413781720, added=day(1))
        self.add_asset(user, 4773588762, "FACE", added=day(2))
        self.add_asset(user, 16630147, "GEAR", added=day(3))
        self.add_asset(user, 507766388, "IDLE_ANIMATION", added=day(4))
        self.add_asset(user, 1818, "CREATED_PLACE", added=day(5))
        self.add_asset(user, 12928981934, "DECAL", added=day(6))
        self.add_asset(
            user,
            1081300,
            "HAT",
            added=day(7),
            collectible=Collectible(
                "521cca19-75bb-4e05-a0af-633b1532c24d",
                "a8a27d38-ee51-4cf4-8b0a-485d0dfd8607",
                "AVAILABLE",
                160,
            ),
        )
        self.add_asset(
            user,
            2041985,
            "NECK_ACCESSORY",
            added=day(8),
            collectible=Collectible(
                "6f0e8d1c-2b5a-4c1e-9a57-0d2f3b4c5d6e", "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "HOLD"
            ),
        )
        for n, badge_id in enumerate((2124445684, 2124445685, 2124445686)):
            self.add_badge(user, badge_id, added=day(10 + n))
        for pass_id in (12527, 83167572):
            self.add_game_pass(user, pass_id)
        for n, server_id in enumerate((175156, 175157)):
            self.add_private_server(user, server_id, added=day(20 + n))
        self.add_user(PRIVATE_INVENTORY_USER_ID, public=False)
        self.add_badge(PRIVATE_INVENTORY_USER_ID, 2124445684, added=day(30))

    # -- test helpers ----------------------------------------------------------

    def add_user(self, user_id: int, *, public: bool = True, readers: Iterable[str] = ()) -> None:
        """Give a user an (empty) inventory; a private one is readable only with ``readers``."""
        with self._context.lock:
            inventory = self._inventories.setdefault(user_id, _Inventory())
            inventory.public, inventory.readers = public, frozenset(readers)

    def set_visibility(self, user_id: int, *, public: bool, readers: Iterable[str] = ()) -> None:
        """Show a user's inventory to everyone, or only to the API keys / tokens in ``readers``."""
        with self._context.lock:
            inventory = self._inventories[user_id]
            inventory.public, inventory.readers = public, frozenset(readers)

    def add_asset(
        self,
        user_id: int,
        asset_id: int,
        asset_type: str,
        *,
        instance_id: int | None = None,
        added: datetime | None = None,
        collectible: Collectible | None = None,
    ) -> InventoryEntry:
        """Give a user a copy of an asset; ``asset_type`` is the API's name (``"HAT"``)."""
        if asset_type not in ASSET_TYPES:
            raise ValueError(f"unknown asset type {asset_type!r}")
        with self._context.lock:
            if instance_id is None:
                self._next_instance += 1
                instance_id = self._next_instance
            entry = InventoryEntry(ASSET, asset_id, added, asset_type, instance_id, collectible)
            return self._add(user_id, entry)

    def add_badge(self, user_id: int, badge_id: int, *, added: datetime | None = None) -> InventoryEntry:
        """Award a user a badge."""
        return self._add(user_id, InventoryEntry(BADGE, badge_id, added))

    def add_game_pass(self, user_id: int, pass_id: int) -> InventoryEntry:
        """Give a user a game pass (Roblox sends no ``addTime`` for them)."""
        return self._add(user_id, InventoryEntry(GAME_PASS, pass_id, None))

    def add_private_server(
        self, user_id: int, server_id: int, *, added: datetime | None = None
    ) -> InventoryEntry:
        """Give a user a private server."""
        return self._add(user_id, InventoryEntry(PRIVATE_SERVER, server_id, added))

    def items(self, user_id: int) -> list[InventoryEntry]:
        """A user's items in listing order; ``KeyError`` for a user without an inventory."""
        with self._context.lock:
            return sorted(self._inventories[user_id].items, key=lambda entry: entry.sort_key)

    def _add(self, user_id: int, entry: InventoryEntry) -> InventoryEntry:
        with self._context.lock:
            self._inventories.setdefault(user_id, _Inventory()).items.append(entry)
        return entry

    # -- routing -------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", ["cloud", "v2", "users", u, "inventory-items"]:
                return Route(lambda r: self.list_items(r, u), _LIST_PARAMS)
        return None

    # -- handlers --------------------------------------------------------------

    def list_items(self, request: Request, u: str) -> Any:
        """``GET /cloud/v2/users/{u}/inventory-items?maxPageSize=&pageToken=&filter=``."""
        user_id = parse_id(u, "user ID")
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        wanted = parse_filter(request.params.get("filter"))
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not (
            isinstance(cursor, list) and len(cursor) == 3 and all(isinstance(n, int) for n in cursor)
        ):
            raise invalid("Invalid page token.")
        inventory = self._inventories.get(user_id)
        if inventory is None:
            raise not_found(f"User {user_id} not found.")
        if not inventory.public and _credential(request) not in inventory.readers:
            raise ApiError("PERMISSION_DENIED", "You do not have permission to view this user's inventory.")
        ordered = sorted(inventory.items, key=lambda entry: entry.sort_key)
        matching = (
            entry for entry in ordered if wanted(entry) and (cursor is None or entry.sort_key > cursor)
        )
        page, more = take(matching, size)
        result: dict[str, Any] = {"inventoryItems": [entry.wire(user_id) for entry in page]}
        if more:
            result["nextPageToken"] = encode_token(page[-1].sort_key, query_hash)
        return result


def _credential(request: Request) -> str:
    key = request.headers.get("x-api-key", "").strip()
    if key:
        return key
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def parse_filter(text: str | None) -> Callable[[InventoryEntry], bool]:
    """The items a ``filter`` selects; a malformed filter is a 400.

    ``name=value`` clauses joined by ``;``. Kind fields: ``onlyCollectibles``,
    ``badges``, ``gamePasses`` and ``privateServers`` (``true``/``false``) and
    ``inventoryItemAssetTypes`` (``*`` or a comma-separated list of type names).
    ID fields: ``assetIds``, ``badgeIds``, ``gamePassIds`` and ``privateServerIds``
    (comma-separated IDs). Kind and ID fields cannot be mixed.
    """
    if not text:
        return lambda entry: True
    fields: dict[str, str] = {}
    for clause in text.split(";"):
        name, sep, value = clause.partition("=")
        if not sep or not value:
            raise invalid(f"Invalid filter {text[:200]!r}: expected field=value clauses separated by ';'.")
        if name not in _KIND_FIELDS and name not in _ID_FIELDS:
            raise invalid(f"Invalid filter {text[:200]!r}: unknown field {name[:50]!r}.")
        if name in fields:
            raise invalid(f"Invalid filter {text[:200]!r}: field {name!r} is given twice.")
        fields[name] = value
    kinds = fields.keys() & _KIND_FIELDS
    if kinds and fields.keys() & _ID_FIELDS.keys():
        raise invalid(f"Invalid filter {text[:200]!r}: type fields and ID fields cannot be combined.")
    if not kinds:
        ids = {_ID_FIELDS[name]: _parse_ids(value, name) for name, value in fields.items()}
        return lambda entry: entry.id in ids.get(entry.kind, ())
    switches = {name: _parse_switch(fields[name], name) for name in kinds - {"inventoryItemAssetTypes"}}
    only_collectibles = switches.pop("onlyCollectibles", False)
    chosen = {_KIND_SWITCHES[name] for name, on in switches.items() if on}
    types = _parse_types(fields["inventoryItemAssetTypes"]) if "inventoryItemAssetTypes" in fields else None
    if types is not None or only_collectibles:
        chosen.add(ASSET)
    if not chosen:  # every switch false: nothing narrows the listing
        return lambda entry: True

    def wanted(entry: InventoryEntry) -> bool:
        if entry.kind != ASSET:
            return entry.kind in chosen
        if ASSET not in chosen or (only_collectibles and entry.collectible is None):
            return False
        return types is None or "*" in types or entry.asset_type in types

    return wanted


def _parse_switch(value: str, name: str) -> bool:
    if value not in ("true", "false"):
        raise invalid(f"Invalid filter: {name} must be true or false, got {value[:50]!r}.")
    return value == "true"


def _parse_types(value: str) -> frozenset[str]:
    if value == "*":
        return frozenset({"*"})
    names = value.split(",")
    for name in names:
        if name not in ASSET_TYPES:
            raise invalid(f"Invalid filter: unknown inventoryItemAssetTypes value {name[:50]!r}.")
    return frozenset(names)


def _parse_ids(value: str, name: str) -> frozenset[int]:
    ids = set()
    for raw in value.split(","):
        if not _ID.fullmatch(raw) or not 0 < int(raw) <= _INT64_MAX:
            raise invalid(f"Invalid filter: {name} holds an invalid ID {raw[:50]!r}.")
        ids.add(int(raw))
    return frozenset(ids)
