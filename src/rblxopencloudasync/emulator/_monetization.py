"""The monetisation area: developer products, game passes and badges.

Developer products and game passes answer in the product APIs' error shape
``{"errorCode", "errorMessage", "field"?}``; the legacy badge endpoints in the
legacy shape ``{"errors": [{"code": <int>, "message"}]}``. Reading a badge is
served on the classic web host (``badges.roblox.com``, or ``/_web/badges/...``
here) without credentials, as on Roblox.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ._area import Area, Context, Part, Request, Route, check_fields, empty_response, parse_universe_id
from ._errors import ApiError
from ._paging import encode_token, take
from ._time import format_time

_PAGE_DEFAULT = 50
_PAGE_MAX = 50
_LIST_PARAMS = frozenset({"pageSize", "pageToken"})
_INT64_MAX = 2**63 - 1

_PRODUCT_CREATE_FIELDS = frozenset(
    {
        "name",
        "description",
        "isForSale",
        "price",
        "imageFile",
        "isRegionalPricingEnabled",
        "isManagedPricingEnabled",
    }
)
_PRODUCT_UPDATE_FIELDS = _PRODUCT_CREATE_FIELDS | {"storePageEnabled"}
_PASS_CREATE_FIELDS = _PRODUCT_CREATE_FIELDS
_PASS_UPDATE_FIELDS = _PRODUCT_CREATE_FIELDS | {"file"}
_BADGE_CREATE_FIELDS = frozenset(
    {"name", "description", "paymentSourceType", "files", "expectedCost", "isActive"}
)
_BADGE_UPDATE_FIELDS = frozenset({"name", "description", "enabled"})

# Badges: a few free creations per universe and UTC day, then a fixed price.
FREE_BADGES_PER_DAY = 5
BADGE_PRICE = 100
DEFAULT_BADGE_ICON = 1_000_000_001
_PAYMENT_SOURCES = frozenset({1, 2})  # 1 = user funds, 2 = group funds


class ProductError(ApiError):
    """An error in the developer product / game pass shape."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, status=status)
        self.field = field

    def body(self) -> dict[str, Any]:
        """``{"errorCode", "errorMessage", "field"?}``."""
        body: dict[str, Any] = {"errorCode": self.code, "errorMessage": self.message}
        if self.field is not None:
            body["field"] = self.field
        return body


class LegacyError(ApiError):
    """An error in the legacy web API shape with its numeric code."""

    def __init__(self, status: int, number: int, message: str) -> None:
        super().__init__(str(number), message, status=status)
        self.number = number

    def body(self) -> dict[str, Any]:
        """``{"errors": [{"code", "message", "userFacingMessage"}]}``."""
        error = {"code": self.number, "message": self.message, "userFacingMessage": "Something went wrong"}
        return {"errors": [error]}


def _as_product(error: ApiError) -> ApiError:
    """Any error of a developer product / game pass request in that API's shape."""
    if isinstance(error, ProductError):
        return error
    return ProductError(error.status, "BadRequest" if error.status == 400 else error.code, error.message)


def _as_legacy(error: ApiError) -> ApiError:
    """Any error of a legacy badge request in the legacy web API shape (code 0: unspecified)."""
    return error if isinstance(error, LegacyError) else LegacyError(error.status, 0, error.message)


@dataclass(slots=True)
class Product:
    """A developer product or a game pass (they share their configuration)."""

    id: int
    universe_id: int
    name: str
    description: str
    created: datetime
    updated: datetime
    price: int | None = None
    for_sale: bool = False
    regional_pricing: bool = False
    managed_pricing: bool = False
    store_page_enabled: bool = False
    icon_asset_id: int | None = None


@dataclass(slots=True)
class Badge:
    """A badge and its award statistics."""

    id: int
    universe_id: int
    name: str
    description: str
    enabled: bool
    icon_image_id: int
    created: datetime
    updated: datetime
    awarded_past_day: int = 0
    awarded_total: int = 0
    win_rate: float = 0.0


@dataclass(slots=True)
class _Kind:
    """What differs between developer products and game passes."""

    items_field: str
    not_found_code: str
    create_fields: frozenset[str]
    update_fields: frozenset[str]
    render: Callable[[Product], dict[str, Any]]
    is_product: bool  # developer product (unique names, own error codes) or game pass
    store: dict[int, dict[int, Product]] = field(default_factory=dict)


class MonetizationArea(Area):
    """Developer products, game passes and badges, with state per universe."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._products = _Kind(
            "developerProducts",
            "NotFound",
            _PRODUCT_CREATE_FIELDS,
            _PRODUCT_UPDATE_FIELDS,
            _product_json,
            is_product=True,
        )
        self._passes = _Kind(
            "gamePasses",
            "PassNotFound",
            _PASS_CREATE_FIELDS,
            _PASS_UPDATE_FIELDS,
            _pass_json,
            is_product=False,
        )
        self.badges: dict[int, Badge] = {}
        self._badges_created: dict[tuple[int, date], int] = {}
        self._ids = itertools.count(3_300_000_001)
        self._asset_ids = itertools.count(17_000_000_001)

    def clear(self) -> None:
        """Forget every product, pass and badge."""
        self._products.store.clear()
        self._passes.store.clear()
        self.badges.clear()
        self._badges_created.clear()
        self._ids = itertools.count(3_300_000_001)
        self._asset_ids = itertools.count(17_000_000_001)

    @property
    def developer_products(self) -> dict[int, dict[int, Product]]:
        """Developer products by universe ID, then product ID."""
        return self._products.store

    @property
    def game_passes(self) -> dict[int, dict[int, Product]]:
        """Game passes by universe ID, then game pass ID."""
        return self._passes.store

    def seed(self, universe_id: int) -> None:
        """A few demo developer products, game passes and badges."""
        now = self._context.now()
        demo_products = [
            ("100 Coins", "A small bag of coins.", 25, True),
            ("1,000 Coins", "A big bag of coins.", 200, True),
            ("Revive", "Come back to life where you fell.", 15, False),
        ]
        for hours, (name, description, price, icon) in enumerate(demo_products):
            self._new_product(
                self._products,
                universe_id,
                name,
                description,
                now - timedelta(days=3, hours=-hours),
                price,
                icon,
            )
        demo_passes = [
            ("VIP", "Double coins and a golden name tag.", 499),
            ("Radio", "Play music for everyone.", 99),
        ]
        for hours, (name, description, price) in enumerate(demo_passes):
            self._new_product(
                self._passes,
                universe_id,
                name,
                description,
                now - timedelta(days=2, hours=-hours),
                price,
                True,
            )
        demo_badges = [
            ("Welcome", "Joined the game for the first time.", 1520, 98_113, 0.92),
            ("Dragon Slayer", "Defeated the dragon.", 12, 4_096, 0.03),
        ]
        for hours, (name, description, past_day, total, rate) in enumerate(demo_badges):
            moment = now - timedelta(days=30, hours=-hours)
            badge = Badge(
                next(self._ids), universe_id, name, description, True, next(self._asset_ids), moment, moment
            )
            badge.awarded_past_day, badge.awarded_total, badge.win_rate = past_day, total, rate
            self.badges[badge.id] = badge

    def _new_product(
        self,
        kind: _Kind,
        universe_id: int,
        name: str,
        description: str,
        moment: datetime,
        price: int | None,
        icon: bool,
    ) -> Product:
        product = Product(next(self._ids), universe_id, name, description, moment, moment)
        product.price, product.for_sale = price, price is not None
        if icon:
            product.icon_asset_id = next(self._asset_ids)
        kind.store.setdefault(universe_id, {})[product.id] = product
        return product

    # -- routing ---------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case _, ["developer-products", "v2", "universes", universe, "developer-products", *rest]:
                return self._product_route(self._products, method, universe, rest)
            case _, ["game-passes", "v1", "universes", universe, "game-passes", *rest]:
                return self._product_route(self._passes, method, universe, rest)
            case "POST", ["legacy-badges", "v1", "universes", universe, "badges"]:
                return Route(lambda r: self.create_badge(r, universe), body="multipart", error=_as_legacy)
            case "PATCH", ["legacy-badges", "v1", "badges", badge]:
                return Route(lambda r: self.update_badge(r, badge), needs_body=True, error=_as_legacy)
            case "POST", ["legacy-publish", "v1", "badges", badge, "icon"]:
                return Route(lambda r: self.upload_badge_icon(r, badge), body="multipart", error=_as_legacy)
            case "GET", ["_web", "badges", "v1", "badges", badge]:
                return Route(lambda r: self.get_badge(r, badge), auth=False, error=_as_legacy)
        return None

    def _product_route(self, kind: _Kind, method: str, universe: str, rest: list[str]) -> Route | None:
        match method, rest:
            case "POST", []:
                return Route(
                    lambda r: self.create_product(r, kind, universe), body="multipart", error=_as_product
                )
            case "GET", ["creator"]:
                return Route(lambda r: self.list_products(r, kind, universe), _LIST_PARAMS, error=_as_product)
            case "PATCH", [item]:
                return Route(
                    lambda r: self.update_product(r, kind, universe, item),
                    body="multipart",
                    error=_as_product,
                )
            case "GET", [item, "creator"]:
                return Route(lambda r: self.get_product(r, kind, universe, item), error=_as_product)
        return None

    # -- developer products and game passes ------------------------------------------

    def list_products(self, request: Request, kind: _Kind, raw_universe: str) -> Any:
        """``GET …/developer-products/creator`` and ``GET …/game-passes/creator``."""
        universe_id = _universe_id(kind, raw_universe)
        size = _page_size(request.params.get("pageSize"))
        bad_token = ProductError(
            400, "InvalidCursor" if kind.is_product else "BadRequest", "Invalid page token."
        )
        try:
            query_hash, cursor = self.page_cursor(request)
        except ApiError:
            raise bad_token from None
        if cursor is not None and (isinstance(cursor, bool) or not isinstance(cursor, int)):
            raise bad_token
        products = kind.store.get(universe_id, {})

        def after_cursor() -> Iterator[Product]:
            for product_id in sorted(products):
                if cursor is None or product_id > cursor:
                    yield products[product_id]

        page, more = take(after_cursor(), size)
        return {
            kind.items_field: [kind.render(product) for product in page],
            "nextPageToken": encode_token(page[-1].id, query_hash) if more else None,
        }

    def get_product(self, request: Request, kind: _Kind, raw_universe: str, raw_id: str) -> Any:
        """``GET …/developer-products/{id}/creator`` and ``GET …/game-passes/{id}/creator``."""
        return kind.render(self._find(kind, raw_universe, raw_id))

    def create_product(self, request: Request, kind: _Kind, raw_universe: str) -> Any:
        """``POST …/developer-products`` and ``POST …/game-passes`` (multipart)."""
        universe_id = _universe_id(kind, raw_universe)
        form = _Form(kind, request.payload, kind.create_fields)
        name = form.name(required=True)
        assert name is not None
        self._check_unique(kind, universe_id, name, None, status=400)
        now = self._context.now()
        product = Product(0, universe_id, name, form.text("description") or "", now, now)
        self._apply(kind, product, form)
        product.id = next(self._ids)
        kind.store.setdefault(universe_id, {})[product.id] = product
        return kind.render(product)

    def update_product(self, request: Request, kind: _Kind, raw_universe: str, raw_id: str) -> Any:
        """``PATCH …/developer-products/{id}`` and ``PATCH …/game-passes/{id}`` (multipart) -> 204."""
        product = self._find(kind, raw_universe, raw_id)
        form = _Form(kind, request.payload, kind.update_fields)
        if not form.parts:
            raise ProductError(400, "BadRequest", "The request has no fields to update.")
        name = form.name(required=False)
        if name is not None:
            self._check_unique(kind, product.universe_id, name, product.id, status=409)
        description = form.text("description")
        changed = dataclasses.replace(product)
        self._apply(kind, changed, form)
        if name is not None:
            changed.name = name
        if description is not None:
            changed.description = description
        store_page = form.boolean("storePageEnabled")
        if store_page is not None:
            changed.store_page_enabled = store_page
        changed.updated = self._context.now()
        kind.store[product.universe_id][product.id] = changed
        return empty_response(204)

    def _apply(self, kind: _Kind, product: Product, form: _Form) -> None:
        """Apply the price, sale and icon fields of a create or update."""
        price = form.integer("price")
        if price is not None:
            product.price = price
        for_sale = form.boolean("isForSale")
        if for_sale is not None:
            product.for_sale = for_sale
        if product.for_sale and product.price is None:
            code = "InvalidPrice" if kind.is_product else "NotForSale"
            raise ProductError(400, code, "A price is required to put it on sale.", "price")
        regional = form.boolean("isRegionalPricingEnabled")
        if regional is not None:
            if regional and product.price is None:
                raise ProductError(
                    400,
                    "InvalidRegionalPricing",
                    "Regional pricing needs a price.",
                    "isRegionalPricingEnabled",
                )
            product.regional_pricing = regional
        managed = form.boolean("isManagedPricingEnabled")
        if managed is not None:
            product.managed_pricing = managed
        if form.image() is not None:
            product.icon_asset_id = next(self._asset_ids)

    def _find(self, kind: _Kind, raw_universe: str, raw_id: str) -> Product:
        universe_id = _universe_id(kind, raw_universe)
        product_id = _positive_id(raw_id)
        found = kind.store.get(universe_id, {}).get(product_id) if product_id else None
        if found is None:
            what = "developer product" if kind.is_product else "game pass"
            raise ProductError(404, kind.not_found_code, f"The {what} '{raw_id}' was not found.")
        return found

    @staticmethod
    def _check_unique(kind: _Kind, universe_id: int, name: str, own_id: int | None, *, status: int) -> None:
        if not kind.is_product:
            return
        for other in kind.store.get(universe_id, {}).values():
            if other.id != own_id and other.name == name:
                raise ProductError(
                    status,
                    "DuplicateProductName",
                    f"A developer product named '{name}' already exists.",
                    "name",
                )

    # -- badges ----------------------------------------------------------------------

    def create_badge(self, request: Request, raw_universe: str) -> Any:
        """``POST /legacy-badges/v1/universes/{u}/badges`` (multipart)."""
        try:
            universe_id = parse_universe_id(raw_universe)
        except ApiError:
            raise LegacyError(404, 3, "The game is invalid or does not exist.") from None
        parts: Mapping[str, Part] = request.payload or {}
        for field_name in parts:
            if field_name not in _BADGE_CREATE_FIELDS:
                raise LegacyError(400, 0, f"Unknown field '{field_name}' in the request body.")
        name = _legacy_text(parts.get("name"))
        if not name or not name.strip():
            raise LegacyError(400, 14, "Invalid badge name.")
        description = _legacy_text(parts.get("description")) or ""
        source = _legacy_int(parts.get("paymentSourceType"), 16, "Payment source is invalid.")
        if source not in _PAYMENT_SOURCES:
            raise LegacyError(400, 16, "Payment source is invalid.")
        expected = _legacy_int(parts.get("expectedCost"), 18, "Expected badge cost is invalid.")
        active_part = parts.get("isActive")
        active = True if active_part is None else _legacy_bool(active_part)
        icon = parts.get("files")
        if icon is not None and (icon.filename is None or not icon.data):
            raise LegacyError(400, 11, "The badge icon is invalid.")
        now = self._context.now()
        day_key = (universe_id, now.date())
        created_today = self._badges_created.get(day_key, 0)
        cost = 0 if created_today < FREE_BADGES_PER_DAY else BADGE_PRICE
        if (expected or 0) < cost:
            raise LegacyError(400, 18, "Expected badge cost is different from the actual badge cost.")
        self._badges_created[day_key] = created_today + 1
        icon_id = next(self._asset_ids) if icon is not None else DEFAULT_BADGE_ICON
        badge = Badge(next(self._ids), universe_id, name, description, active, icon_id, now, now)
        self.badges[badge.id] = badge
        body = _badge_json(badge)
        name_of_universe, root_place = self._describe_universe(universe_id)
        body["awarder"] = {"id": root_place, "type": 1, "name": name_of_universe}
        return body

    def update_badge(self, request: Request, raw_id: str) -> Any:
        """``PATCH /legacy-badges/v1/badges/{id}`` (JSON ``name``, ``description``, ``enabled``)."""
        badge = self._find_badge(raw_id)
        payload: dict[str, Any] = request.payload
        try:
            check_fields(payload, _BADGE_UPDATE_FIELDS)
        except ApiError as error:
            raise LegacyError(400, 0, error.message) from None
        name, description, enabled = payload.get("name"), payload.get("description"), payload.get("enabled")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise LegacyError(400, 14, "Invalid badge name.")
        if description is not None and not isinstance(description, str):
            raise LegacyError(400, 15, "Invalid badge description.")
        if enabled is not None and not isinstance(enabled, bool):
            raise LegacyError(400, 0, "enabled must be true or false.")
        if name is not None:
            badge.name = name
        if description is not None:
            badge.description = description
        if enabled is not None:
            badge.enabled = enabled
        badge.updated = self._context.now()
        return {}

    def upload_badge_icon(self, request: Request, raw_id: str) -> Any:
        """``POST /legacy-publish/v1/badges/{id}/icon`` (multipart ``Files``)."""
        badge = self._find_badge(raw_id, code=4, message="Target item is invalid or does not exist.")
        parts: Mapping[str, Part] = request.payload or {}
        for name in parts:
            if name != "Files":
                raise LegacyError(400, 0, f"Unknown field '{name}' in the request body.")
        icon = parts.get("Files")
        if icon is None or icon.filename is None or not icon.data:
            raise LegacyError(400, 2, "File not present in request.")
        badge.icon_image_id = next(self._asset_ids)
        badge.updated = self._context.now()
        return {"targetId": badge.id}

    def get_badge(self, request: Request, raw_id: str) -> Any:
        """``GET https://badges.roblox.com/v1/badges/{id}`` (no credentials needed)."""
        badge = self._find_badge(raw_id)
        body = _badge_json(badge)
        name, root_place = self._describe_universe(badge.universe_id)
        body["awardingUniverse"] = {"id": badge.universe_id, "name": name, "rootPlaceId": root_place}
        return body

    def _describe_universe(self, universe_id: int) -> tuple[str, int]:
        """A universe's name and root place ID, from the place area (made up for unknown universes)."""
        known = self.lookup_universe(universe_id)
        return known or (f"Experience {universe_id}", universe_id * 10 + 1)

    def _find_badge(
        self, raw_id: str, *, code: int = 1, message: str = "Badge is invalid or does not exist."
    ) -> Badge:
        badge_id = _positive_id(raw_id)
        found = self.badges.get(badge_id) if badge_id else None
        if found is None:
            raise LegacyError(404, code, message)
        return found


# -- request parsing ----------------------------------------------------------------


class _Form:
    """The validated multipart fields of a developer product / game pass write."""

    def __init__(self, kind: _Kind, payload: Any, allowed: frozenset[str]) -> None:
        self.kind = kind
        self.parts: Mapping[str, Part] = payload or {}
        for name in self.parts:
            if name not in allowed:
                raise self.error(f"Unknown field '{name}' in the request body.", name)

    def error(self, message: str, name: str, code: str | None = None) -> ProductError:
        return ProductError(400, code or "BadRequest", message, name)

    def text(self, name: str) -> str | None:
        part = self.parts.get(name)
        if part is None:
            return None
        if part.filename is not None:
            raise self.error(f"'{name}' must be a text field.", name)
        try:
            return part.text
        except UnicodeDecodeError:
            raise self.error(f"'{name}' is not valid UTF-8.", name) from None

    def name(self, *, required: bool) -> str | None:
        value = self.text("name")
        if value is None and not required:
            return None
        if value is None or not value.strip():
            code = "InvalidName" if self.kind.is_product else None
            raise self.error("The name must not be empty.", "name", code)
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.text(name)
        if value is None:
            return None
        if value.lower() not in ("true", "false"):
            raise self.error(f"'{name}' must be true or false, got {value!r}.", name)
        return value.lower() == "true"

    def integer(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 19 or int(value) > _INT64_MAX:
            code = "InvalidPrice" if self.kind.is_product else None
            raise self.error(f"'{name}' must be a whole number >= 0, got {value!r}.", name, code)
        return int(value)

    def image(self) -> Part | None:
        for name in ("imageFile", "file"):
            part = self.parts.get(name)
            if part is None:
                continue
            if part.filename is None or not part.data:
                code = "InvalidImageFile" if self.kind.is_product else None
                raise self.error(f"'{name}' must be a non-empty file.", name, code)
            return part
        return None


def _universe_id(kind: _Kind, raw: str) -> int:
    try:
        return parse_universe_id(raw)
    except ApiError:
        code = "InvalidUniverseId" if kind.is_product else "UniverseNotFound"
        raise ProductError(400, code, f"Invalid universe ID '{raw}'.") from None


def _positive_id(raw: str) -> int:
    """A positive int64 from a path segment, or 0 when it is not one."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return 0
    value = int(raw)
    return value if 0 < value <= _INT64_MAX else 0


def _page_size(raw: str | None) -> int:
    if raw is None:
        return _PAGE_DEFAULT
    try:
        size = int(raw)
    except ValueError:
        size = -1
    if size < 1:
        raise ProductError(400, "InvalidPageSize", f"Invalid pageSize {raw!r}.", "pageSize")
    return min(size, _PAGE_MAX)


def _legacy_text(part: Part | None) -> str | None:
    if part is None:
        return None
    if part.filename is not None:
        raise LegacyError(400, 0, f"'{part.name}' must be a text field.")
    try:
        return part.text
    except UnicodeDecodeError:
        raise LegacyError(400, 0, f"'{part.name}' is not valid UTF-8.") from None


def _legacy_int(part: Part | None, number: int, message: str) -> int | None:
    text = _legacy_text(part)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) > _INT64_MAX:
        raise LegacyError(400, number, message)
    return int(text)


def _legacy_bool(part: Part) -> bool:
    text = (_legacy_text(part) or "").lower()
    if text not in ("true", "false"):
        raise LegacyError(400, 0, f"'{part.name}' must be true or false.")
    return text == "true"


# -- response bodies ----------------------------------------------------------------


def _price_json(product: Product) -> dict[str, Any] | None:
    if product.price is None:
        return None
    return {
        "defaultPriceInRobux": product.price,
        "enabledFeatures": ["RegionalPricing"] if product.regional_pricing else [],
    }


def _product_json(product: Product) -> dict[str, Any]:
    """A ``DeveloperProductConfigV2``."""
    return {
        "productId": product.id,
        "name": product.name,
        "description": product.description,
        "iconImageAssetId": product.icon_asset_id,
        "universeId": product.universe_id,
        "isForSale": product.for_sale,
        "storePageEnabled": product.store_page_enabled,
        "priceInformation": _price_json(product),
        "isImmutable": False,
        "createdTimestamp": format_time(product.created),
        "updatedTimestamp": format_time(product.updated),
        "isManagedPricingEnabled": product.managed_pricing,
    }


def _pass_json(product: Product) -> dict[str, Any]:
    """A ``GamePassConfigV2`` (a pass with no icon reports asset 0)."""
    return {
        "gamePassId": product.id,
        "name": product.name,
        "description": product.description,
        "isForSale": product.for_sale,
        "iconAssetId": product.icon_asset_id or 0,
        "createdTimestamp": format_time(product.created),
        "updatedTimestamp": format_time(product.updated),
        "priceInformation": _price_json(product),
        "isManagedPricingEnabled": product.managed_pricing,
    }


def _badge_json(badge: Badge) -> dict[str, Any]:
    """The fields common to ``BadgeResponse`` and ``BadgeResponseV2``."""
    return {
        "id": badge.id,
        "name": badge.name,
        "description": badge.description,
        "displayName": badge.name,
        "displayDescription": badge.description,
        "enabled": badge.enabled,
        "iconImageId": badge.icon_image_id,
        "displayIconImageId": badge.icon_image_id,
        "created": format_time(badge.created),
        "updated": format_time(badge.updated),
        "statistics": {
            "pastDayAwardedCount": badge.awarded_past_day,
            "awardedCount": badge.awarded_total,
            "winRatePercentage": badge.win_rate,
        },
    }
