"""Developer products, game passes and badges against the emulator, in both twins."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._monetization import Badge as EmulatedBadge, MonetizationArea, Product

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
U = DEMO_UNIVERSE_ID
PRODUCTS = f"/developer-products/v2/universes/{U}/developer-products"
PASSES = f"/game-passes/v1/universes/{U}/game-passes"


def area(emulator: Emulator) -> MonetizationArea:
    found: MonetizationArea = emulator.area(MonetizationArea)
    return found


def add_products(emulator: Emulator, store: dict[int, dict[int, Product]], count: int) -> list[int]:
    """Preload ``count`` products straight into the emulator (ids ascending)."""
    now = datetime(2024, 1, 1).astimezone()
    ids = list(range(9_000_000_001, 9_000_000_001 + count))
    for number, product_id in enumerate(ids):
        store.setdefault(U, {})[product_id] = Product(
            product_id, U, f"Bulk {number}", "", now, now, price=number
        )
    return ids


def requests_to(emulator: Emulator, method: str, fragment: str) -> list[Any]:
    return [r for r in emulator.requests if r.method == method and fragment in r.path]


# -- developer products ------------------------------------------------------------------


async def test_list_seeded_developer_products(oc: Any, experience: Any) -> None:
    products = await collect(experience.list_developer_products())
    assert [p.name for p in products] == ["100 Coins", "1,000 Coins", "Revive"]
    coins = products[0]
    assert isinstance(coins, oc.DeveloperProduct)
    assert coins.experience is experience
    assert coins.price_in_robux == 25 and coins.is_for_sale is True
    assert coins.regional_pricing_enabled is False and coins.store_page_enabled is False
    assert isinstance(coins.icon_asset_id, int)
    assert products[2].icon_asset_id is None
    assert isinstance(coins.created_at, datetime) and coins.created_at.tzinfo is not None
    assert repr(coins) == f"<rblxopencloud.DeveloperProduct id={coins.id} name='100 Coins'>"


async def test_list_developer_products_pages(experience: Any, emulator: Emulator) -> None:
    ids = add_products(emulator, area(emulator).developer_products, 110)
    products = await collect(experience.list_developer_products())
    assert len(products) == 113
    assert [p.id for p in products[3:]] == ids
    pages = requests_to(emulator, "GET", "/developer-products/creator")
    assert len(pages) == 3
    assert ("pageSize", "50") in pages[0].query
    assert any(name == "pageToken" for name, _ in pages[1].query)


async def test_list_developer_products_limit(experience: Any, emulator: Emulator) -> None:
    add_products(emulator, area(emulator).developer_products, 100)
    products = await collect(experience.list_developer_products(limit=60))
    assert len(products) == 60
    pages = requests_to(emulator, "GET", "/developer-products/creator")
    assert [dict(p.query)["pageSize"] for p in pages] == ["50", "10"]


async def test_fetch_developer_product(oc: Any, experience: Any) -> None:
    listed = (await collect(experience.list_developer_products(limit=1)))[0]
    product = await resolve(experience.fetch_developer_product(listed.id))
    assert isinstance(product, oc.DeveloperProduct)
    assert (product.id, product.name, product.description) == (
        listed.id,
        "100 Coins",
        "A small bag of coins.",
    )


async def test_fetch_missing_developer_product(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.fetch_developer_product(42))
    assert caught.value.status_code == 404
    assert caught.value.error_code == "NotFound"


async def test_create_developer_product(oc: Any, experience: Any, emulator: Emulator) -> None:
    icon = io.BytesIO(PNG)
    icon.name = "icon.png"
    product = await resolve(
        experience.create_developer_product(
            "Gems", description="Shiny.", price_in_robux=670, regional_pricing_enabled=True, icon_file=icon
        )
    )
    assert isinstance(product, oc.DeveloperProduct)
    assert (product.name, product.description, product.price_in_robux) == ("Gems", "Shiny.", 670)
    assert product.is_for_sale is True and product.regional_pricing_enabled is True
    assert product.icon_asset_id is not None
    stored = area(emulator).developer_products[U][product.id]
    assert stored.name == "Gems" and stored.price == 670 and stored.regional_pricing is True
    (sent,) = requests_to(emulator, "POST", PRODUCTS)
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")


async def test_create_developer_product_off_sale(experience: Any) -> None:
    product = await resolve(experience.create_developer_product("Free thing"))
    assert product.is_for_sale is False
    assert product.price_in_robux is None and product.description == ""
    assert product.icon_asset_id is None


async def test_create_duplicate_developer_product(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.HttpException) as caught:
        await resolve(experience.create_developer_product("100 Coins", price_in_robux=5))
    assert caught.value.status_code == 400
    assert caught.value.error_code == "DuplicateProductName"
    assert caught.value.details == [{"field": "name"}]


async def test_create_developer_product_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=503, method="POST", path="developer-products$", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(experience.create_developer_product("Once", price_in_robux=5))
    assert len(requests_to(emulator, "POST", PRODUCTS)) == 1
    assert [p.name for p in area(emulator).developer_products[U].values()].count("Once") == 1


async def test_update_developer_product(experience: Any, emulator: Emulator) -> None:
    created = await resolve(experience.create_developer_product("Potion", "Heals.", 10))
    result = await resolve(
        experience.update_developer_product(
            created.id,
            name="Big Potion",
            description="",
            price_in_robux=20,
            regional_pricing_enabled=True,
            store_page_enabled=True,
            icon_file=PNG,
        )
    )
    assert result is None
    product = await resolve(experience.fetch_developer_product(created.id))
    assert (product.name, product.description, product.price_in_robux) == ("Big Potion", "", 20)
    assert product.regional_pricing_enabled is True and product.store_page_enabled is True
    assert product.is_for_sale is True and product.icon_asset_id is not None
    assert product.updated_at >= created.updated_at


async def test_update_developer_product_off_sale_keeps_the_rest(experience: Any) -> None:
    created = await resolve(experience.create_developer_product("Shield", "Blocks.", 30))
    await resolve(experience.update_developer_product(created.id, price_in_robux=False))
    product = await resolve(experience.fetch_developer_product(created.id))
    assert product.is_for_sale is False
    assert (product.name, product.description, product.price_in_robux) == ("Shield", "Blocks.", 30)


async def test_update_developer_product_duplicate_name_conflicts(oc: Any, experience: Any) -> None:
    created = await resolve(experience.create_developer_product("Unique"))
    with pytest.raises(oc.Conflict) as caught:
        await resolve(experience.update_developer_product(created.id, name="Revive"))
    assert caught.value.status_code == 409 and caught.value.error_code == "DuplicateProductName"


async def test_update_missing_developer_product(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(experience.update_developer_product(42, name="x"))


async def test_developer_product_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    body = {"errorCode": "UnauthorizedUniverseAccess", "errorMessage": "No access."}
    emulator.inject(Fault(status=403, path="/developer-products/", body=body))
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(experience.fetch_developer_product(1))
    assert caught.value.error_code == "UnauthorizedUniverseAccess"
    assert caught.value.message == "No access."


# -- game passes ---------------------------------------------------------------------------


async def test_list_seeded_game_passes(oc: Any, experience: Any) -> None:
    passes = await collect(experience.list_game_passes())
    assert [p.name for p in passes] == ["VIP", "Radio"]
    vip = passes[0]
    assert isinstance(vip, oc.GamePass)
    assert vip.experience is experience and vip.price_in_robux == 499 and vip.is_for_sale is True
    assert vip.icon_asset_id > 0
    assert repr(vip) == f"<rblxopencloud.GamePass id={vip.id} name='VIP'>"


async def test_list_game_passes_pages(experience: Any, emulator: Emulator) -> None:
    ids = add_products(emulator, area(emulator).game_passes, 120)
    passes = await collect(experience.list_game_passes())
    assert [p.id for p in passes[2:]] == ids
    assert len(requests_to(emulator, "GET", "/game-passes/creator")) == 3
    assert len(await collect(experience.list_game_passes(limit=51))) == 51


async def test_create_fetch_update_game_pass(oc: Any, experience: Any) -> None:
    created = await resolve(
        experience.create_game_pass("Speed", "Run faster.", 50, regional_pricing_enabled=True, icon_file=PNG)
    )
    assert isinstance(created, oc.GamePass)
    assert (created.price_in_robux, created.is_for_sale, created.regional_pricing_enabled) == (50, True, True)
    assert created.icon_asset_id > 0
    # Only the name: the default regional_pricing_enabled=False is not sent.
    assert await resolve(experience.update_game_pass(created.id, name="Speed Coil")) is None
    game_pass = await resolve(experience.fetch_game_pass(created.id))
    assert game_pass.name == "Speed Coil" and game_pass.regional_pricing_enabled is True
    # A new price sets its regional pricing with it.
    await resolve(experience.update_game_pass(created.id, price_in_robux=75))
    game_pass = await resolve(experience.fetch_game_pass(created.id))
    assert (game_pass.price_in_robux, game_pass.regional_pricing_enabled) == (75, False)
    await resolve(experience.update_game_pass(created.id, price_in_robux=False, description=""))
    game_pass = await resolve(experience.fetch_game_pass(created.id))
    assert game_pass.is_for_sale is False and game_pass.description == ""


async def test_game_pass_without_price_or_icon(experience: Any) -> None:
    game_pass = await resolve(experience.create_game_pass("Later"))
    assert game_pass.is_for_sale is False and game_pass.price_in_robux is None
    assert game_pass.icon_asset_id is None


@pytest.mark.parametrize("no_icon", ["absent", None, 0])
@pytest.mark.parametrize(
    ("cls", "data", "icon_field"),
    [
        ("DeveloperProduct", {"productId": 1}, "iconImageAssetId"),
        ("GamePass", {"gamePassId": 1}, "iconAssetId"),
        (
            "Badge",
            {"id": 1, "created": "2024-01-02T00:00:00Z", "updated": "2024-01-02T00:00:00Z"},
            "iconImageId",
        ),
    ],
)
async def test_no_icon_reads_none(
    oc: Any, experience: Any, cls: str, data: dict[str, Any], icon_field: str, no_icon: Any
) -> None:
    required = {
        "createdTimestamp": "2024-01-02T00:00:00Z",
        "updatedTimestamp": "2024-01-02T00:00:00Z",
        "name": "n",
        "description": "d",
        "isForSale": False,
        "enabled": True,
        "universeId": 13058,
    }
    wire = {**required, **data}
    if no_icon != "absent":
        wire[icon_field] = no_icon
    assert getattr(oc, cls).from_wire(wire, experience).icon_asset_id is None
    assert getattr(oc, cls).from_wire({**wire, icon_field: 77}, experience).icon_asset_id == 77


async def test_missing_game_pass(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.fetch_game_pass(7))
    assert caught.value.error_code == "PassNotFound"
    with pytest.raises(oc.NotFound):
        await resolve(experience.update_game_pass(7, name="x"))


async def test_game_pass_names_may_repeat(experience: Any) -> None:
    first = await resolve(experience.create_game_pass("VIP"))
    assert first.name == "VIP"


async def test_create_game_pass_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=500, method="POST", path="game-passes$"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.create_game_pass("Once"))
    assert len(requests_to(emulator, "POST", PASSES)) == 1


async def test_update_game_pass_is_retried_without_icon(experience: Any, emulator: Emulator) -> None:
    passes = await collect(experience.list_game_passes(limit=1))
    emulator.inject(Fault(status=503, method="PATCH", path="game-passes/"))
    await resolve(experience.update_game_pass(passes[0].id, name="VIP+"))
    assert len(requests_to(emulator, "PATCH", PASSES)) == 2
    assert (await resolve(experience.fetch_game_pass(passes[0].id))).name == "VIP+"


# -- badges ---------------------------------------------------------------------------------


def seeded_badge(emulator: Emulator) -> EmulatedBadge:
    return next(b for b in area(emulator).badges.values() if b.name == "Welcome")


async def test_fetch_badge_sends_no_api_key(oc: Any, experience: Any, emulator: Emulator) -> None:
    seeded = seeded_badge(emulator)
    badge = await resolve(experience.fetch_badge(seeded.id))
    assert isinstance(badge, oc.Badge)
    assert (badge.id, badge.name, badge.description) == (
        seeded.id,
        "Welcome",
        "Joined the game for the first time.",
    )
    assert badge.enabled is True and badge.icon_asset_id == seeded.icon_image_id
    assert (badge.awarded_past_day, badge.awarded_total, badge.win_rate_percentage) == (1520, 98_113, 0.92)
    assert badge.experience is experience
    assert experience.name == "Open Cloud Demo"
    assert experience.root_place.id == 1818 and experience.root_place.is_root_place is True
    assert repr(badge) == f"<rblxopencloud.Badge id={seeded.id} name='Welcome'>"
    (sent,) = emulator.requests
    assert sent.path == f"/v1/badges/{seeded.id}"
    assert sent.headers["host"] == "badges.roblox.com"
    assert "x-api-key" not in sent.headers and "authorization" not in sent.headers


async def test_fetch_badge_through_custom_base_url(oc: Any, emulator: Emulator) -> None:
    experience = oc.Experience(U, API_KEY, base_url="https://emulator.test", transport=emulator.transport())
    try:
        badge = await resolve(experience.fetch_badge(seeded_badge(emulator).id))
    finally:
        await close(experience)
    assert badge.name == "Welcome"
    (sent,) = emulator.requests
    assert sent.path == f"/_web/badges/v1/badges/{badge.id}"
    assert "x-api-key" not in sent.headers


async def test_fetch_badge_of_another_experience(oc: Any, experience: Any, emulator: Emulator) -> None:
    now = datetime(2024, 5, 1).astimezone()
    area(emulator).badges[77] = EmulatedBadge(77, 999, "Elsewhere", "", False, 5, now, now)
    badge = await resolve(experience.fetch_badge(77))
    assert badge.enabled is False
    other = badge.experience
    assert isinstance(other, oc.Experience) and other is not experience
    assert other.id == 999 and other.name == "Experience 999" and other.root_place.id == 9991
    assert experience.name is None  # the fetching experience is left alone
    # The other experience reuses this one's credentials and pool.
    assert other._client is experience._client


async def test_fetch_missing_badge(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.fetch_badge(123))
    assert caught.value.error_code == 1


async def test_create_badge(oc: Any, experience: Any, emulator: Emulator) -> None:
    badge = await resolve(experience.create_badge("First Win", PNG, description="Won a round."))
    assert isinstance(badge, oc.Badge)
    assert (badge.name, badge.description, badge.enabled) == ("First Win", "Won a round.", True)
    assert badge.experience is experience and badge.awarded_total == 0
    assert experience.root_place.id == 1818 and experience.name == "Open Cloud Demo"
    stored = area(emulator).badges[badge.id]
    assert stored.universe_id == U and stored.icon_image_id == badge.icon_asset_id
    fetched = await resolve(experience.fetch_badge(badge.id))
    assert fetched.name == "First Win"


async def test_create_disabled_badge_with_group_funds(experience: Any, emulator: Emulator) -> None:
    badge = await resolve(experience.create_badge("Group", PNG, enabled=False, use_group_funds=True))
    assert badge.enabled is False
    assert area(emulator).badges[badge.id].enabled is False


async def test_create_badge_price_higher_than_expected(oc: Any, experience: Any) -> None:
    for number in range(5):  # the free badges of the day
        await resolve(experience.create_badge(f"Free {number}", PNG))
    with pytest.raises(oc.HttpException) as caught:
        await resolve(experience.create_badge("Paid", PNG))
    assert caught.value.status_code == 400 and caught.value.error_code == 18
    badge = await resolve(experience.create_badge("Paid", PNG, expected_robux_price=100))
    assert badge.name == "Paid"


async def test_create_badge_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=502, method="POST", path="legacy-badges"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.create_badge("Once", PNG))
    assert len(requests_to(emulator, "POST", "/legacy-badges/")) == 1


async def test_update_badge(experience: Any, emulator: Emulator) -> None:
    seeded = seeded_badge(emulator)
    old_icon = seeded.icon_image_id
    result = await resolve(
        experience.update_badge(seeded.id, name="Hello", description="Hi.", enabled=False, icon_file=PNG)
    )
    assert result is None
    badge = await resolve(experience.fetch_badge(seeded.id))
    assert (badge.name, badge.description, badge.enabled) == ("Hello", "Hi.", False)
    assert badge.icon_asset_id != old_icon
    (patch,) = requests_to(emulator, "PATCH", "/legacy-badges/v1/badges/")
    assert patch.json == {"name": "Hello", "description": "Hi.", "enabled": False}
    assert len(requests_to(emulator, "POST", "/legacy-publish/v1/badges/")) == 1


async def test_update_badge_icon_only(experience: Any, emulator: Emulator) -> None:
    seeded = seeded_badge(emulator)
    await resolve(experience.update_badge(seeded.id, icon_file=PNG))
    assert requests_to(emulator, "PATCH", "/legacy-badges/") == []
    assert len(requests_to(emulator, "POST", "/icon")) == 1


async def test_update_badge_icon_failure_after_info(oc: Any, experience: Any, emulator: Emulator) -> None:
    seeded = seeded_badge(emulator)
    emulator.inject(Fault(status=403, path="/icon$"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.update_badge(seeded.id, name="Renamed", icon_file=PNG))
    assert seeded.name == "Renamed"


async def test_update_missing_badge(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(experience.update_badge(5, enabled=True))
    with pytest.raises(oc.NotFound):
        await resolve(experience.update_badge(5, icon_file=PNG))


# -- validation before I/O ------------------------------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception]]] = [
    ("list products limit", lambda e: e.list_developer_products(limit=-1), ValueError),
    ("list passes limit", lambda e: e.list_game_passes(limit="5"), TypeError),
    ("product id zero", lambda e: e.fetch_developer_product(0), ValueError),
    ("product id str", lambda e: e.fetch_developer_product("1"), TypeError),
    ("pass id bool", lambda e: e.fetch_game_pass(True), TypeError),
    ("badge id negative", lambda e: e.fetch_badge(-3), ValueError),
    ("empty name", lambda e: e.create_developer_product(""), ValueError),
    ("blank name", lambda e: e.create_game_pass("  "), ValueError),
    ("name not str", lambda e: e.create_developer_product(5), TypeError),
    ("description not str", lambda e: e.create_game_pass("x", description=1), TypeError),
    ("negative price", lambda e: e.create_developer_product("x", price_in_robux=-1), ValueError),
    ("bool price", lambda e: e.create_developer_product("x", price_in_robux=True), TypeError),
    ("float price", lambda e: e.create_game_pass("x", price_in_robux=1.5), TypeError),
    ("False price on create", lambda e: e.create_game_pass("x", price_in_robux=False), TypeError),
    (
        "regional without price",
        lambda e: e.create_developer_product("x", regional_pricing_enabled=True),
        ValueError,
    ),
    ("regional not bool", lambda e: e.create_game_pass("x", 5, regional_pricing_enabled=1), TypeError),
    ("icon is a path", lambda e: e.create_developer_product("x", icon_file="icon.png"), TypeError),
    ("icon is empty", lambda e: e.create_game_pass("x", icon_file=b""), ValueError),
    ("icon in text mode", lambda e: e.create_game_pass("x", icon_file=io.StringIO("png")), TypeError),
    ("update nothing", lambda e: e.update_developer_product(1), ValueError),
    ("update pass nothing", lambda e: e.update_game_pass(1), ValueError),
    ("update True price", lambda e: e.update_developer_product(1, price_in_robux=True), TypeError),
    ("update negative price", lambda e: e.update_game_pass(1, price_in_robux=-5), ValueError),
    (
        "off sale with regional",
        lambda e: e.update_developer_product(1, price_in_robux=False, regional_pricing_enabled=True),
        ValueError,
    ),
    (
        "pass off sale regional",
        lambda e: e.update_game_pass(1, price_in_robux=False, regional_pricing_enabled=True),
        ValueError,
    ),
    ("store page not bool", lambda e: e.update_developer_product(1, store_page_enabled="yes"), TypeError),
    ("update empty name", lambda e: e.update_developer_product(1, name=""), ValueError),
    ("badge without icon", lambda e: e.create_badge("b", None), TypeError),
    ("badge empty name", lambda e: e.create_badge("", PNG), ValueError),
    ("badge negative price", lambda e: e.create_badge("b", PNG, expected_robux_price=-1), ValueError),
    ("badge enabled not bool", lambda e: e.create_badge("b", PNG, enabled=1), TypeError),
    ("badge group funds not bool", lambda e: e.create_badge("b", PNG, use_group_funds=None), TypeError),
    ("update badge nothing", lambda e: e.update_badge(1), ValueError),
    ("update badge enabled", lambda e: e.update_badge(1, enabled="no"), TypeError),
    ("update badge bad icon", lambda e: e.update_badge(1, name="ok", icon_file=b""), ValueError),
]


@pytest.mark.parametrize(("name", "call", "error"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_fails_before_io(
    experience: Any, emulator: Emulator, name: str, call: Callable[[Any], Any], error: type[Exception]
) -> None:
    await rejected_before_io(lambda: call(experience), error, emulator, name)
