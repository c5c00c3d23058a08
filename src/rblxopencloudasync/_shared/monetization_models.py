"""Developer product, game pass and badge helpers: argument checks and wire fields (pure, shared by both twins)."""

from __future__ import annotations

from typing import Any

from .checks import check_bool, check_int
from .fields import opt_int, opt_list, opt_object
from .multipart import FilePart, read_upload
from .page_style import PageStyle

__all__: list[str] = []


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
