"""Developer products, game passes and badges: the emulator's wire behaviour."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import BASE_URL, FakeClock

from rblxopencloudasync._shared.multipart import encode_multipart
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from rblxopencloudasync.emulator._monetization import BADGE_PRICE, FREE_BADGES_PER_DAY, MonetizationArea

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
PRODUCTS = f"/developer-products/v2/universes/{DEMO_UNIVERSE_ID}/developer-products"
PASSES = f"/game-passes/v1/universes/{DEMO_UNIVERSE_ID}/game-passes"
BADGES = f"/legacy-badges/v1/universes/{DEMO_UNIVERSE_ID}/badges"
PRODUCT_FIELDS = {
    "productId",
    "name",
    "description",
    "iconImageAssetId",
    "universeId",
    "isForSale",
    "storePageEnabled",
    "priceInformation",
    "isImmutable",
    "createdTimestamp",
    "updatedTimestamp",
    "isManagedPricingEnabled",
}
PASS_FIELDS = {
    "gamePassId",
    "name",
    "description",
    "isForSale",
    "iconAssetId",
    "createdTimestamp",
    "updatedTimestamp",
    "priceInformation",
    "isManagedPricingEnabled",
}


def form(client: httpx.Client, method: str, url: str, data: dict[str, str], **files: bytes) -> httpx.Response:
    """Send a multipart/form-data request (httpx builds the body)."""
    uploads = {name: (f"{name}.png", content, "image/png") for name, content in files.items()}
    if not uploads:
        # Without files httpx would send the form url-encoded: use the SDK's encoder instead.
        body, content_type = encode_multipart(data)
        return client.request(method, url, content=body, headers={"content-type": content_type})
    return client.request(method, url, data=data, files=uploads)


def product_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["errorCode"] == code
    assert isinstance(body["errorMessage"], str)
    assert set(body) <= {"errorCode", "errorMessage", "field", "hint"}
    return body


def legacy_error(response: httpx.Response, status: int, code: int) -> None:
    assert response.status_code == status, response.text
    (error,) = response.json()["errors"]
    assert error["code"] == code and isinstance(error["message"], str)


# -- developer products --------------------------------------------------------------------


def test_create_product_shape(client: httpx.Client, clock: FakeClock) -> None:
    response = form(
        client,
        "POST",
        PRODUCTS,
        {
            "name": "Gems",
            "description": "Shiny",
            "price": "10",
            "isForSale": "true",
            "isRegionalPricingEnabled": "true",
        },
        imageFile=PNG,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == PRODUCT_FIELDS
    assert body["universeId"] == DEMO_UNIVERSE_ID and body["isForSale"] is True
    assert body["priceInformation"] == {"defaultPriceInRobux": 10, "enabledFeatures": ["RegionalPricing"]}
    assert isinstance(body["iconImageAssetId"], int)
    assert body["createdTimestamp"] == "2024-12-02T06:00:00.000000Z" == body["updatedTimestamp"]
    clock.advance(minutes=5)
    fetched = client.get(f"{PRODUCTS}/{body['productId']}/creator").json()
    assert fetched == body


def test_create_product_minimal(client: httpx.Client) -> None:
    body = form(client, "POST", PRODUCTS, {"name": "Thing"}).json()
    assert body["isForSale"] is False and body["priceInformation"] is None
    assert body["iconImageAssetId"] is None and body["description"] == ""


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"name": "x", "colour": "red"}, "BadRequest", "colour"),
        ({"name": "x", "storePageEnabled": "true"}, "BadRequest", "storePageEnabled"),
        ({"description": "no name"}, "InvalidName", "name"),
        ({"name": " "}, "InvalidName", "name"),
        ({"name": "x", "price": "-1"}, "InvalidPrice", "price"),
        ({"name": "x", "price": "1.5"}, "InvalidPrice", "price"),
        ({"name": "x", "isForSale": "yes"}, "BadRequest", "isForSale"),
        ({"name": "x", "isForSale": "true"}, "InvalidPrice", "price"),
        (
            {"name": "x", "isRegionalPricingEnabled": "true"},
            "InvalidRegionalPricing",
            "isRegionalPricingEnabled",
        ),
        ({"name": "x", "imageFile": "not a file"}, "InvalidImageFile", "imageFile"),
    ],
)
def test_create_product_rejects(client: httpx.Client, data: dict[str, str], code: str, field: str) -> None:
    body = product_error(form(client, "POST", PRODUCTS, data), 400, code)
    assert body["field"] == field


def test_create_product_needs_multipart(client: httpx.Client) -> None:
    response = client.post(PRODUCTS, json={"name": "x"})
    assert response.status_code == 400


def test_duplicate_product_names(client: httpx.Client) -> None:
    product_error(form(client, "POST", PRODUCTS, {"name": "Revive"}), 400, "DuplicateProductName")
    created = form(client, "POST", PRODUCTS, {"name": "Other"}).json()
    response = form(client, "PATCH", f"{PRODUCTS}/{created['productId']}", {"name": "Revive"})
    product_error(response, 409, "DuplicateProductName")
    # Renaming a product to its own name is fine.
    assert form(client, "PATCH", f"{PRODUCTS}/{created['productId']}", {"name": "Other"}).status_code == 204


def test_update_product(client: httpx.Client, clock: FakeClock) -> None:
    created = form(client, "POST", PRODUCTS, {"name": "P", "price": "5", "isForSale": "true"}).json()
    clock.advance(hours=1)
    url = f"{PRODUCTS}/{created['productId']}"
    response = form(
        client, "PATCH", url, {"description": "d", "storePageEnabled": "true", "isForSale": "false"}
    )
    assert response.status_code == 204 and response.content == b""
    body = client.get(f"{url}/creator").json()
    assert body["description"] == "d" and body["storePageEnabled"] is True and body["isForSale"] is False
    assert body["priceInformation"]["defaultPriceInRobux"] == 5
    assert body["updatedTimestamp"] == "2024-12-02T07:00:00.000000Z"
    assert body["createdTimestamp"] == created["createdTimestamp"]


def test_update_product_rejects(client: httpx.Client) -> None:
    url = f"{PRODUCTS}/{form(client, 'POST', PRODUCTS, {'name': 'Q'}).json()['productId']}"
    product_error(
        client.patch(url, content=b"", headers={"content-type": "multipart/form-data; boundary=x"}),
        400,
        "BadRequest",
    )
    product_error(form(client, "PATCH", url, {"file": "x"}), 400, "BadRequest")
    product_error(
        form(client, "PATCH", url, {"isRegionalPricingEnabled": "true"}), 400, "InvalidRegionalPricing"
    )
    # A rejected update changes nothing.
    assert client.get(f"{url}/creator").json()["priceInformation"] is None


def test_missing_products(client: httpx.Client) -> None:
    product_error(client.get(f"{PRODUCTS}/12345/creator"), 404, "NotFound")
    product_error(client.get(f"{PRODUCTS}/abc/creator"), 404, "NotFound")
    product_error(form(client, "PATCH", f"{PRODUCTS}/12345", {"name": "x"}), 404, "NotFound")
    # A product of another universe is not found through this one.
    product = client.get(f"{PRODUCTS}/creator").json()["developerProducts"][0]
    other = f"/developer-products/v2/universes/99/developer-products/{product['productId']}/creator"
    product_error(client.get(other), 404, "NotFound")
    product_error(
        client.get("/developer-products/v2/universes/x/developer-products/creator"), 400, "InvalidUniverseId"
    )


def test_list_products_pages(client: httpx.Client) -> None:
    for number in range(4):
        form(client, "POST", PRODUCTS, {"name": f"Extra {number}"})
    names: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"pageSize": 2, **({"pageToken": token} if token else {})}
        body = client.get(f"{PRODUCTS}/creator", params=params).json()
        assert set(body) == {"developerProducts", "nextPageToken"}
        names.extend(item["name"] for item in body["developerProducts"])
        pages += 1
        token = body["nextPageToken"]
        if token is None:
            break
    assert pages == 4
    assert names == ["100 Coins", "1,000 Coins", "Revive", "Extra 0", "Extra 1", "Extra 2", "Extra 3"]
    assert len(client.get(f"{PRODUCTS}/creator").json()["developerProducts"]) == 7


def test_list_products_rejects(client: httpx.Client) -> None:
    product_error(client.get(f"{PRODUCTS}/creator", params={"pageSize": 0}), 400, "InvalidPageSize")
    product_error(client.get(f"{PRODUCTS}/creator", params={"pageSize": "ten"}), 400, "InvalidPageSize")
    product_error(client.get(f"{PRODUCTS}/creator", params={"pageToken": "garbage"}), 400, "InvalidCursor")
    assert client.get(f"{PRODUCTS}/creator", params={"maxPageSize": 5}).status_code == 400
    empty = client.get("/developer-products/v2/universes/42/developer-products/creator").json()
    assert empty == {"developerProducts": [], "nextPageToken": None}


def test_products_need_a_key(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as anonymous:
        assert anonymous.get(f"{PRODUCTS}/creator").status_code == 401


# -- game passes ---------------------------------------------------------------------------


def test_game_pass_round_trip(client: httpx.Client) -> None:
    created = form(client, "POST", PASSES, {"name": "Pass", "price": "99", "isForSale": "true"}).json()
    assert set(created) == PASS_FIELDS and created["iconAssetId"] == 0
    url = f"{PASSES}/{created['gamePassId']}"
    response = form(client, "PATCH", url, {"name": "Pass 2"}, file=PNG)
    assert response.status_code == 204
    body = client.get(f"{url}/creator").json()
    assert body["name"] == "Pass 2" and body["iconAssetId"] > 0
    assert body["priceInformation"] == {"defaultPriceInRobux": 99, "enabledFeatures": []}
    listed = client.get(f"{PASSES}/creator").json()
    assert set(listed) == {"gamePasses", "nextPageToken"}
    assert [item["name"] for item in listed["gamePasses"]] == ["VIP", "Radio", "Pass 2"]


def test_game_pass_rejects(client: httpx.Client) -> None:
    product_error(form(client, "POST", PASSES, {"name": "x"}, file=PNG), 400, "BadRequest")
    product_error(form(client, "POST", PASSES, {"name": "x", "storePageEnabled": "true"}), 400, "BadRequest")
    product_error(form(client, "POST", PASSES, {"name": "x", "isForSale": "true"}), 400, "NotForSale")
    product_error(form(client, "POST", PASSES, {"name": "x", "price": "x"}), 400, "BadRequest")
    product_error(client.get(f"{PASSES}/5/creator"), 404, "PassNotFound")
    product_error(form(client, "PATCH", f"{PASSES}/5", {"name": "x"}), 404, "PassNotFound")
    # Names need not be unique.
    assert form(client, "POST", PASSES, {"name": "VIP"}).status_code == 200


# -- badges --------------------------------------------------------------------------------


def demo_badge(emu: Emulator) -> int:
    area: MonetizationArea = emu.area(MonetizationArea)
    return next(badge.id for badge in area.badges.values() if badge.name == "Welcome")


def test_get_badge_needs_no_key(emu: Emulator) -> None:
    badge_id = demo_badge(emu)
    with httpx.Client(transport=emu.transport()) as anonymous:
        web = anonymous.get(f"https://badges.roblox.com/v1/badges/{badge_id}")
        local = anonymous.get(f"{BASE_URL}/_web/badges/v1/badges/{badge_id}")
    assert web.status_code == 200, web.text
    assert web.json() == local.json()
    body = web.json()
    assert body["awardingUniverse"] == {
        "id": DEMO_UNIVERSE_ID,
        "name": "Open Cloud Demo",
        "rootPlaceId": 1818,
    }
    assert body["statistics"] == {
        "pastDayAwardedCount": 1520,
        "awardedCount": 98113,
        "winRatePercentage": 0.92,
    }
    assert body["displayName"] == body["name"] == "Welcome"
    with httpx.Client(transport=emu.transport()) as anonymous:
        legacy_error(anonymous.get("https://badges.roblox.com/v1/badges/1"), 404, 1)


def test_create_badge_shape(client: httpx.Client, clock: FakeClock) -> None:
    data = {
        "name": "B",
        "description": "d",
        "paymentSourceType": "1",
        "expectedCost": "0",
        "isActive": "false",
    }
    response = form(client, "POST", BADGES, data, files=PNG)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["awarder"] == {"id": 1818, "type": 1, "name": "Open Cloud Demo"}
    assert body["enabled"] is False and body["created"] == "2024-12-02T06:00:00.000000Z"
    assert "awardingUniverse" not in body
    # Without an icon the default one is used.
    plain = form(client, "POST", BADGES, {"name": "C", "paymentSourceType": "2"}).json()
    assert plain["iconImageId"] > 0 and plain["enabled"] is True


def test_create_badge_rejects(client: httpx.Client, emu: Emulator) -> None:
    legacy_error(form(client, "POST", BADGES, {"paymentSourceType": "1"}), 400, 14)
    legacy_error(form(client, "POST", BADGES, {"name": "x", "paymentSourceType": "3"}), 400, 16)
    legacy_error(form(client, "POST", BADGES, {"name": "x"}), 400, 16)
    legacy_error(
        form(client, "POST", BADGES, {"name": "x", "paymentSourceType": "1", "colour": "red"}), 400, 0
    )
    legacy_error(
        form(client, "POST", BADGES, {"name": "x", "paymentSourceType": "1", "isActive": "maybe"}), 400, 0
    )
    legacy_error(form(client, "POST", "/legacy-badges/v1/universes/x/badges", {"name": "x"}), 404, 3)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as anonymous:
        assert form(anonymous, "POST", BADGES, {"name": "x", "paymentSourceType": "1"}).status_code == 401


def test_badge_price_after_free_quota(client: httpx.Client, clock: FakeClock) -> None:
    for number in range(FREE_BADGES_PER_DAY):
        assert (
            form(client, "POST", BADGES, {"name": f"F{number}", "paymentSourceType": "1"}).status_code == 200
        )
    legacy_error(form(client, "POST", BADGES, {"name": "Paid", "paymentSourceType": "1"}), 400, 18)
    paid = {"name": "Paid", "paymentSourceType": "1", "expectedCost": str(BADGE_PRICE)}
    assert form(client, "POST", BADGES, paid).status_code == 200
    clock.advance(days=1)
    assert form(client, "POST", BADGES, {"name": "Free again", "paymentSourceType": "1"}).status_code == 200


def test_update_badge(client: httpx.Client, emu: Emulator, clock: FakeClock) -> None:
    badge_id = demo_badge(emu)
    clock.advance(minutes=1)
    response = client.patch(f"/legacy-badges/v1/badges/{badge_id}", json={"name": "Hi", "enabled": False})
    assert response.status_code == 200 and response.json() == {}
    body = client.get(f"/_web/badges/v1/badges/{badge_id}").json()
    assert body["name"] == "Hi" and body["enabled"] is False
    assert body["description"] == "Joined the game for the first time."
    assert body["updated"] == "2024-12-02T06:01:00.000000Z"


def test_update_badge_rejects(client: httpx.Client, emu: Emulator) -> None:
    url = f"/legacy-badges/v1/badges/{demo_badge(emu)}"
    legacy_error(client.patch(url, json={"title": "x"}), 400, 0)
    legacy_error(client.patch(url, json={"name": ""}), 400, 14)
    legacy_error(client.patch(url, json={"description": 5}), 400, 15)
    legacy_error(client.patch(url, json={"enabled": "yes"}), 400, 0)
    legacy_error(client.patch("/legacy-badges/v1/badges/99", json={"name": "x"}), 404, 1)
    assert client.patch(url).status_code == 400


def test_badge_icon_upload(client: httpx.Client, emu: Emulator) -> None:
    badge_id = demo_badge(emu)
    url = f"/legacy-publish/v1/badges/{badge_id}/icon"
    before = client.get(f"/_web/badges/v1/badges/{badge_id}").json()["iconImageId"]
    response = form(client, "POST", url, {}, Files=PNG)
    assert response.status_code == 200 and response.json() == {"targetId": badge_id}
    assert client.get(f"/_web/badges/v1/badges/{badge_id}").json()["iconImageId"] != before
    legacy_error(form(client, "POST", url, {}, files=PNG), 400, 0)
    legacy_error(form(client, "POST", url, {"Files": "text"}), 400, 2)
    legacy_error(form(client, "POST", "/legacy-publish/v1/badges/99/icon", {}, Files=PNG), 404, 4)


def test_reset_restores_demo_data(client: httpx.Client, emu: Emulator) -> None:
    form(client, "POST", PRODUCTS, {"name": "Temp"})
    emu.reset()
    names = [item["name"] for item in client.get(f"{PRODUCTS}/creator").json()["developerProducts"]]
    assert names == ["100 Coins", "1,000 Coins", "Revive"]
    assert len(client.get(f"{PASSES}/creator").json()["gamePasses"]) == 2
    assert client.get(f"/_web/badges/v1/badges/{demo_badge(emu)}").status_code == 200


def test_plumbing_errors_use_each_api_shape(client: httpx.Client) -> None:
    # Rejected by the emulator's shared plumbing, answered in the product API's
    # {errorCode, errorMessage} shape and the legacy badge API's {errors: [...]}.
    response = client.get(f"{PRODUCTS}/creator", params={"bogus": "1"})
    assert response.status_code == 400
    assert response.json() == {"errorCode": "BadRequest", "errorMessage": "Unknown query parameter 'bogus'"}
    response = client.patch(
        "/legacy-badges/v1/badges/1", content=b"{}", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == 0 and "application/json" in error["message"]
