"""Inventory item models, their enums and the ``filter`` of the inventory listing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .checks import check_bool, check_int
from .fields import ResponseShapeError, as_object, opt_int, opt_object, opt_str, opt_time, req_int
from .page_style import V2_TOKEN
from .reprs import model_repr

__all__ = [
    "INVENTORY_PAGES",
    "InventoryAsset",
    "InventoryAssetType",
    "InventoryBadge",
    "InventoryGamePass",
    "InventoryItem",
    "InventoryItemState",
    "InventoryPrivateServer",
    "ListedInventoryItem",
    "asset_type_wire_name",
    "inventory_filter",
    "item_from_wire",
]

INVENTORY_PAGES = V2_TOKEN(100)
"""``maxPageSize``/``pageToken``; 100 is the largest page the listing serves."""


class InventoryAssetType(Enum):
    """The type of an asset in an inventory. Types this SDK does not list are `Unknown`."""

    Unknown = 0
    ClassicTShirt = 1
    Audio = 2
    Hat = 3
    Model = 4
    ClassicShirt = 5
    ClassicPants = 6
    Decal = 7
    ClassicHead = 8
    Face = 9
    Gear = 10
    Animation = 11
    Torso = 12
    RightArm = 13
    LeftArm = 14
    LeftLeg = 15
    RightLeg = 16
    Package = 17
    Plugin = 18
    MeshPart = 19
    HairAccessory = 20
    FaceAccessory = 21
    NeckAccessory = 22
    ShoulderAccessory = 23
    FrontAccessory = 24
    BackAccessory = 25
    WaistAccessory = 26
    ClimbAnimation = 27
    DeathAnimation = 28
    FallAnimation = 29
    IdleAnimation = 30
    JumpAnimation = 31
    RunAnimation = 32
    SwimAnimation = 33
    WalkAnimation = 34
    PoseAnimation = 35
    EmoteAnimation = 36
    Video = 37
    TShirtAccessory = 38
    ShirtAccessory = 39
    PantsAccessory = 40
    JacketAccessory = 41
    SweaterAccessory = 42
    ShortsAccessory = 43
    LeftShoeAccessory = 44
    RightShoeAccessory = 45
    DressSkirtAccessory = 46
    EyebrowAccessory = 47
    EyelashAccessory = 48
    MoodAnimation = 49
    DynamicHead = 50
    CreatedPlace = 51
    PurchasedPlace = 52


class InventoryItemState(Enum):
    """Whether a collectible can be resold or traded (`Hold`: not yet)."""

    Unknown = 0
    Available = 1
    Hold = 2


_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def asset_type_wire_name(kind: InventoryAssetType) -> str:
    """The name the API uses for ``kind`` (``ClassicTShirt`` -> ``CLASSIC_TSHIRT``)."""
    return _WORD.sub("_", kind.name).upper().replace("T_SHIRT", "TSHIRT")


_ASSET_TYPE_PREFIX = "INVENTORY_ITEM_ASSET_TYPE_"
_STATE_PREFIX = "COLLECTIBLE_ITEM_INSTANCE_STATE_"
_ASSET_TYPES = {asset_type_wire_name(kind): kind for kind in InventoryAssetType if kind.value}
_STATES = {state.name.upper(): state for state in InventoryItemState if state.value}


def _asset_type(value: str | None) -> InventoryAssetType:
    """The asset type a wire name stands for, with or without its enum prefix."""
    if value is None:
        return InventoryAssetType.Unknown
    name = value.upper().removeprefix(_ASSET_TYPE_PREFIX)
    return _ASSET_TYPES.get(name, InventoryAssetType.Unknown)


def _state(value: str | None) -> InventoryItemState | None:
    if value is None:
        return None
    return _STATES.get(value.upper().removeprefix(_STATE_PREFIX), InventoryItemState.Unknown)


# -- models ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, repr=False)
class InventoryItem:
    """An item in a user's inventory (the base of the four kinds of item).

    Attributes:
        id: The ID of the asset, badge, game pass or private server.
        added_at: When it was added to the inventory (``None`` when Roblox
            does not say, as for game passes).
    """

    id: int
    added_at: datetime | None

    def __repr__(self) -> str:
        return model_repr(self, id=self.id)


@dataclass(frozen=True, slots=True, repr=False)
class InventoryAsset(InventoryItem):
    """An asset in a user's inventory; collectibles also carry their collectible details.

    Attributes:
        id: The asset ID.
        added_at: When the asset was added to the inventory, if known.
        type: The `InventoryAssetType` (`Unknown` for types this SDK does not list).
        instance_id: The ID of the user's copy of the asset.
        collectable_item_id: The collectible item ID (a UUID), for collectibles.
        collectable_instance_id: The ID (a UUID) of this copy of the collectible.
        serial_number: The serial number of a limited copy, if any.
        collectable_state: Whether the collectible can be resold or traded
            (``None`` for an asset that is not a collectible).
    """

    type: InventoryAssetType
    instance_id: int
    collectable_item_id: str | None
    collectable_instance_id: str | None
    serial_number: int | None
    collectable_state: InventoryItemState | None

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, type=self.type)


@dataclass(frozen=True, slots=True, repr=False)
class InventoryBadge(InventoryItem):
    """A badge the user was awarded.

    Attributes:
        id: The badge ID.
        added_at: When the badge was awarded, if known.
    """


@dataclass(frozen=True, slots=True, repr=False)
class InventoryGamePass(InventoryItem):
    """A game pass the user owns.

    Attributes:
        id: The game pass ID.
        added_at: When it was bought; Roblox does not fill this in for game passes yet.
    """


@dataclass(frozen=True, slots=True, repr=False)
class InventoryPrivateServer(InventoryItem):
    """A private server the user owns.

    Attributes:
        id: The private server ID.
        added_at: When the private server was bought, if known.
    """


ListedInventoryItem = InventoryAsset | InventoryBadge | InventoryGamePass | InventoryPrivateServer
"""What an inventory listing yields."""


def item_from_wire(data: Any) -> ListedInventoryItem:
    """An inventory item of the kind its one details field names."""
    data = as_object(data, "an inventory item")
    added_at = opt_time(data, "addTime")
    asset = opt_object(data, "assetDetails")
    if asset is not None:
        collectible = opt_object(asset, "collectibleDetails") or {}
        return InventoryAsset(
            id=req_int(asset, "assetId"),
            added_at=added_at,
            type=_asset_type(opt_str(asset, "inventoryItemAssetType")),
            instance_id=req_int(asset, "instanceId"),
            collectable_item_id=opt_str(collectible, "itemId"),
            collectable_instance_id=opt_str(collectible, "instanceId"),
            serial_number=opt_int(collectible, "serialNumber"),
            collectable_state=_state(opt_str(collectible, "instanceState")),
        )
    for field, kind, id_field in _OTHER_KINDS:
        details = opt_object(data, field)
        if details is not None:
            return kind(id=req_int(details, id_field), added_at=added_at)
    raise ResponseShapeError("an inventory item has none of assetDetails, badgeDetails, ...")


_OTHER_KINDS: tuple[
    tuple[str, type[InventoryBadge] | type[InventoryGamePass] | type[InventoryPrivateServer], str], ...
] = (
    ("badgeDetails", InventoryBadge, "badgeId"),
    ("gamePassDetails", InventoryGamePass, "gamePassId"),
    ("privateServerDetails", InventoryPrivateServer, "privateServerId"),
)


# -- the filter ----------------------------------------------------------------


def inventory_filter(
    only_collectibles: Any, assets: Any, badges: Any, game_passes: Any, private_servers: Any
) -> str | None:
    """The ``filter`` of an inventory listing (``None``: every item).

    ``True`` selects every item of a kind, a list selects those IDs (or, for
    ``assets``, those `InventoryAssetType`s). Roblox filters either by kind or
    by ID, never both in one request, so mixing the two is refused here.
    """
    kinds: list[str] = []
    ids: list[str] = []
    if check_bool(only_collectibles, "only_collectibles"):
        kinds.append("onlyCollectibles=true")
    if assets is not None and assets is not False:
        if assets is True:
            kinds.append("inventoryItemAssetTypes=*")
        else:
            types, asset_ids = _asset_selection(assets)
            if types:
                kinds.append("inventoryItemAssetTypes=" + ",".join(types))
            else:
                ids.append("assetIds=" + ",".join(asset_ids))
    for value, what, kind_field, id_field in (
        (badges, "badges", "badges", "badgeIds"),
        (game_passes, "game_passes", "gamePasses", "gamePassIds"),
        (private_servers, "private_servers", "privateServers", "privateServerIds"),
    ):
        if value is True:
            kinds.append(f"{kind_field}=true")
        elif value is not False and value is not None:
            ids.append(f"{id_field}=" + ",".join(_id_list(value, what)))
    if kinds and ids:
        raise ValueError(
            "an inventory can be filtered by kind (True, asset types, only_collectibles) or by IDs "
            "(lists of IDs), not both in one call"
        )
    return ";".join(kinds or ids) or None


def _asset_selection(assets: Any) -> tuple[list[str], list[str]]:
    """``(asset type names, asset IDs)`` of an ``assets`` list; one of them is empty."""
    values = _as_list(assets, "assets", "a bool, a list of InventoryAssetType or a list of asset IDs")
    if all(isinstance(value, InventoryAssetType) for value in values):
        names = []
        for kind in values:
            if kind is InventoryAssetType.Unknown:
                raise ValueError("assets cannot select InventoryAssetType.Unknown")
            names.append(asset_type_wire_name(kind))
        return list(dict.fromkeys(names)), []
    if any(isinstance(value, InventoryAssetType) for value in values):
        raise TypeError("assets must be all InventoryAssetType members or all asset IDs, not a mix")
    return [], _id_list(values, "assets")


def _id_list(value: Any, what: str) -> list[str]:
    values = _as_list(value, what, "a bool or a list of IDs")
    return list(dict.fromkeys(str(check_int(item, f"an ID in {what}", minimum=1)) for item in values))


def _as_list(value: Any, what: str, expected: str) -> list[Any]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be {expected}, got {type(value).__name__}")
    if isinstance(value, (set, frozenset)):
        values = sorted(value, key=lambda item: (type(item).__name__, getattr(item, "value", item)))
    else:
        values = list(value)
    if not values:
        raise ValueError(f"{what} must not be an empty list (pass False to leave them out)")
    return values
