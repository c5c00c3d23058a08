"""Developer product, game pass and badge models, argument checks and wire fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from .checks import check_bool, check_int
from .fields import (
    as_object,
    opt_bool,
    opt_float,
    opt_int,
    opt_list,
    opt_object,
    opt_str,
    req_bool,
    req_int,
    req_str,
    req_time,
)
from .handles import ExperienceHandle
from .multipart import FilePart, read_upload
from .page_style import PageStyle
from .reprs import model_repr

M = TypeVar("M")

__all__ = [
    "PASSES",
    "PRODUCTS",
    "Catalog",
    "Badge",
    "DeveloperProduct",
    "GamePass",
    "PAY_WITH_GROUP_FUNDS",
    "PAY_WITH_USER_FUNDS",
    "PRODUCT_PAGES",
    "check_bool_opt",
    "check_product_name",
    "check_text_opt",
    "create_fields",
    "icon_part",
    "price_information",
    "update_fields",
]


# Both product APIs page with pageSize/pageToken; 50 is their documented default
# page size and the largest page asked for.
PRODUCT_PAGES = PageStyle("pageSize", "pageToken", "nextPageToken", 50)
_REGIONAL_PRICING = "RegionalPricing"
# paymentSourceType of the legacy badge create call.
PAY_WITH_USER_FUNDS = 1
PAY_WITH_GROUP_FUNDS = 2


def create_fields(
    name: Any, description: Any, price: Any, regional: Any, icon_file: Any
) -> dict[str, str | int | bool | FilePart | None]:
    """The multipart fields of a developer product or game pass create."""
    name = check_product_name(name)
    description = check_text_opt(description, "description")
    regional = check_bool(regional, "regional_pricing_enabled")
    if price is not None:
        price = check_int(price, "price_in_robux", minimum=0)
    if regional and price is None:
        raise ValueError("regional_pricing_enabled needs price_in_robux to be set")
    return {
        "name": name,
        "description": description,
        "isForSale": price is not None,
        "price": price,
        "isRegionalPricingEnabled": regional if price is not None else None,
        "imageFile": icon_part(icon_file) if icon_file is not None else None,
    }


def update_fields(
    name: Any, description: Any, price: Any, regional: Any, icon_file: Any
) -> dict[str, str | int | bool | FilePart | None]:
    """The multipart fields of a developer product or game pass update (``None`` = unchanged)."""
    fields: dict[str, str | int | bool | FilePart | None] = {
        "name": check_product_name(name) if name is not None else None,
        "description": check_text_opt(description, "description"),
        "isRegionalPricingEnabled": check_bool_opt(regional, "regional_pricing_enabled"),
        "imageFile": icon_part(icon_file) if icon_file is not None else None,
    }
    if price is False:
        if regional:
            raise ValueError("regional_pricing_enabled=True needs a price, not price_in_robux=False")
        fields["isForSale"] = False
    elif price is not None:
        fields["price"] = check_int(price, "price_in_robux", minimum=0)
        fields["isForSale"] = True
    return fields


def check_product_name(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"name must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError("name must not be empty")
    return value


def check_text_opt(value: Any, what: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    return value


def check_bool_opt(value: Any, what: str) -> bool | None:
    return None if value is None else check_bool(value, what)


def icon_part(icon_file: Any) -> FilePart:
    return read_upload(icon_file, "icon_file")


def price_information(data: dict[str, Any]) -> tuple[int | None, bool]:
    """``(default price, regional pricing enabled)`` from a product's ``priceInformation``
    (``null`` when it has no price, so no regional pricing either)."""
    info = opt_object(data, "priceInformation")
    if info is None:
        return None, False
    features = opt_list(info, "enabledFeatures")
    return opt_int(info, "defaultPriceInRobux"), _REGIONAL_PRICING in features


def _sold_item_fields(data: dict[str, Any], id_field: str, icon_field: str) -> dict[str, Any]:
    """The fields developer products and game passes share, read from either's wire shape."""
    price, regional = price_information(data)
    return {
        "id": req_int(data, id_field),
        "name": req_str(data, "name"),
        "description": req_str(data, "description"),
        # No icon is null, 0 or absent on the wire.
        "icon_asset_id": opt_int(data, icon_field) or None,
        "is_for_sale": req_bool(data, "isForSale"),
        "regional_pricing_enabled": regional,
        "price_in_robux": price,
        "created_at": req_time(data, "createdTimestamp"),
        "updated_at": req_time(data, "updatedTimestamp"),
    }


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class DeveloperProduct:
    """A developer product within an experience.

    Attributes:
        id: The developer product's ID.
        experience: The `Experience` this developer product belongs to.
        name: The developer product's name.
        description: The developer product's description.
        icon_asset_id: The image asset ID of the product's icon, or ``None`` when it has none.
        is_for_sale: Whether the developer product is currently for sale.
        store_page_enabled: Whether it can be bought on the experience's external store
            page (``None`` when Roblox did not say).
        regional_pricing_enabled: Whether regional pricing is enabled.
        price_in_robux: The default price in Robux, or ``None`` when no price is set.
        created_at: When the developer product was created.
        updated_at: When the developer product was last updated.
    """

    id: int
    experience: ExperienceHandle
    name: str
    description: str
    icon_asset_id: int | None
    is_for_sale: bool
    store_page_enabled: bool | None
    regional_pricing_enabled: bool
    price_in_robux: int | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_wire(cls, data: Any, experience: ExperienceHandle) -> DeveloperProduct:
        """Read a developer product resource (``/creator`` shape)."""
        data = as_object(data)
        return cls(
            experience=experience,
            store_page_enabled=opt_bool(data, "storePageEnabled"),
            **_sold_item_fields(data, "productId", "iconImageAssetId"),
        )

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, name=self.name)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class GamePass:
    """A game pass within an experience.

    Attributes:
        id: The game pass's ID.
        experience: The `Experience` this game pass belongs to.
        name: The game pass's name.
        description: The game pass's description.
        icon_asset_id: The image asset ID of the game pass's icon, or ``None`` when it has none.
        is_for_sale: Whether the game pass is currently for sale.
        regional_pricing_enabled: Whether regional pricing is enabled.
        price_in_robux: The default price in Robux, or ``None`` when no price is set.
        created_at: When the game pass was created.
        updated_at: When the game pass was last updated.
    """

    id: int
    experience: ExperienceHandle
    name: str
    description: str
    icon_asset_id: int | None
    is_for_sale: bool
    regional_pricing_enabled: bool
    price_in_robux: int | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_wire(cls, data: Any, experience: ExperienceHandle) -> GamePass:
        """Read a game pass resource (``/creator`` shape)."""
        data = as_object(data)
        return cls(experience=experience, **_sold_item_fields(data, "gamePassId", "iconAssetId"))

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, name=self.name)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Badge:
    """A badge on Roblox.

    Attributes:
        id: The badge's ID.
        experience: The `Experience` that awards this badge, or ``None`` when
            Roblox did not say. When it is the experience the badge was
            fetched or created through, it is that same object; otherwise a new
            `Experience` sharing its options. Its ``name`` and ``root_place``
            are filled in from the badge response.
        name: The badge's name.
        description: The badge's description (``None`` when Roblox did not say).
        icon_asset_id: The image asset ID of the badge's icon, or ``None`` when it has none.
        enabled: Whether the badge can be awarded and shows on the experience's page.
        created_at: When the badge was created.
        updated_at: When the badge was last updated.
        awarded_past_day: How many times the badge was awarded in the past day
            (``None`` when the response had no statistics).
        awarded_total: How many times the badge was awarded in total (``None`` likewise).
        win_rate_percentage: The share of players awarded the badge, between 0 and 1
            (``None`` likewise).
    """

    id: int
    experience: ExperienceHandle | None
    name: str
    description: str | None
    icon_asset_id: int | None
    enabled: bool
    created_at: datetime
    updated_at: datetime
    awarded_past_day: int | None
    awarded_total: int | None
    win_rate_percentage: float | None

    @classmethod
    def from_wire(cls, data: Any, experience: ExperienceHandle | None) -> Badge:
        """Read a badge resource (``badges.roblox.com`` shape)."""
        data = as_object(data)
        statistics = opt_object(data, "statistics") or {}
        return cls(
            id=req_int(data, "id"),
            experience=experience,
            name=req_str(data, "name"),
            description=opt_str(data, "description"),
            icon_asset_id=opt_int(data, "iconImageId") or None,
            enabled=req_bool(data, "enabled"),
            created_at=req_time(data, "created"),
            updated_at=req_time(data, "updated"),
            awarded_past_day=opt_int(statistics, "pastDayAwardedCount"),
            awarded_total=opt_int(statistics, "awardedCount"),
            win_rate_percentage=opt_float(statistics, "winRatePercentage"),
        )

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, name=self.name)


@dataclass(frozen=True)
class Catalog(Generic[M]):
    """One of an experience's lists of things sold for Robux: where it lives and what it holds."""

    path: str
    """The collection's path template (``{}`` is the universe ID)."""
    items_field: str
    """The field of a listed page that holds the items."""
    id_name: str
    """The name of an item's ID argument, for error messages."""
    model: Callable[[Any, ExperienceHandle], M]
    """Reads one item from the wire."""


PRODUCTS = Catalog(
    "/developer-products/v2/universes/{}/developer-products",
    "developerProducts",
    "product_id",
    DeveloperProduct.from_wire,
)
PASSES = Catalog("/game-passes/v1/universes/{}/game-passes", "gamePasses", "pass_id", GamePass.from_wire)
