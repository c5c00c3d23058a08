"""A user's inventory (``User.list_inventory``) against the emulator, in both twins."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import redirect_stdout
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io
from tests.contract.checker import ContractTransport

from rblxopencloudasync._shared import inventory as shared
from rblxopencloudasync.emulator import Emulator, InventoryArea
from rblxopencloudasync.emulator._inventory import (
    DEMO_INVENTORY_USER_ID,
    PRIVATE_INVENTORY_USER_ID,
    Collectible,
    parse_filter,
)

USER = DEMO_INVENTORY_USER_ID
LISTING = f"/cloud/v2/users/{USER}/inventory-items"


def area(emulator: Emulator) -> InventoryArea:
    found: InventoryArea = emulator.area(InventoryArea)
    return found


@pytest.fixture
async def user(oc: Any, contract: ContractTransport) -> AsyncIterator[Any]:
    made = oc.User(USER, API_KEY, transport=contract)
    yield made
    await close(made)


def filters_sent(emulator: Emulator) -> list[str | None]:
    return [dict(r.query).get("filter") for r in emulator.requests if r.path.endswith("/inventory-items")]


def pages_of(emulator: Emulator, path: str = LISTING) -> list[dict[str, str]]:
    return [dict(r.query) for r in emulator.requests if r.path == path]


def kinds(items: list[Any]) -> list[str]:
    return [type(item).__name__ for item in items]


# -- the whole inventory ---------------------------------------------------------


async def test_list_everything(oc: Any, user: Any, emulator: Emulator) -> None:
    items = await collect(user.list_inventory())
    assert (
        kinds(items)
        == ["InventoryAsset"] * 9
        + ["InventoryBadge"] * 3
        + ["InventoryGamePass"] * 2
        + ["InventoryPrivateServer"] * 2
    )
    assert all(isinstance(item, oc.InventoryItem) for item in items)
    assert filters_sent(emulator) == [None]
    assert pages_of(emulator) == [{"maxPageSize": "100"}]

    shirt = next(item for item in items if item.id == 1028595)
    assert isinstance(shirt, oc.InventoryAsset)
    assert shirt.type is oc.InventoryAssetType.ClassicTShirt
    assert shirt.instance_id == 200105119388
    assert shirt.added_at == datetime(2023, 7, 5, 12, 34, 56, tzinfo=timezone.utc)
    assert shirt.collectable_item_id is None and shirt.collectable_instance_id is None
    assert shirt.serial_number is None and shirt.collectable_state is None
    assert repr(shirt) == "<rblxopencloud.InventoryAsset id=1028595 type=InventoryAssetType.ClassicTShirt>"

    limited = next(item for item in items if item.id == 1081300)
    assert limited.type is oc.InventoryAssetType.Hat
    assert limited.collectable_item_id == "521cca19-75bb-4e05-a0af-633b1532c24d"
    assert limited.collectable_instance_id == "a8a27d38-ee51-4cf4-8b0a-485d0dfd8607"
    assert limited.serial_number == 160
    assert limited.collectable_state is oc.InventoryItemState.Available
    on_hold = next(item for item in items if item.id == 2041985)
    assert on_hold.collectable_state is oc.InventoryItemState.Hold and on_hold.serial_number is None

    badge, game_pass, server = items[9], items[12], items[14]
    assert (badge.id, game_pass.id, server.id) == (2124445684, 12527, 175156)
    assert isinstance(badge.added_at, datetime) and badge.added_at.tzinfo is not None
    assert game_pass.added_at is None  # Roblox does not fill it in for passes
    assert repr(badge) == "<rblxopencloud.InventoryBadge id=2124445684>"
    assert repr(game_pass) == "<rblxopencloud.InventoryGamePass id=12527>"
    assert repr(server) == "<rblxopencloud.InventoryPrivateServer id=175156>"
    assert all(isinstance(item.id, int) for item in items)


async def test_models_are_shared_values(oc: Any) -> None:
    import rblxopencloud
    import rblxopencloudasync

    assert rblxopencloud.InventoryAsset is rblxopencloudasync.InventoryAsset
    assert rblxopencloud.inventory.InventoryAssetType is rblxopencloudasync.InventoryAssetType
    badge = oc.InventoryBadge(5, None)
    assert badge == oc.InventoryBadge(5, None) and badge != oc.InventoryGamePass(5, None)
    assert repr(oc.InventoryItem(5, None)) == "<rblxopencloud.InventoryItem id=5>"


# -- filters -----------------------------------------------------------------------

FILTERS = [
    ({"assets": True}, "inventoryItemAssetTypes=*"),
    ({"assets": False}, None),
    ({"assets": None, "badges": False}, None),
    ({"only_collectibles": True}, "onlyCollectibles=true"),
    ({"badges": True}, "badges=true"),
    ({"game_passes": True}, "gamePasses=true"),
    ({"private_servers": True}, "privateServers=true"),
    ({"assets": [1818, 62724852]}, "assetIds=1818,62724852"),
    ({"badges": [2124445685]}, "badgeIds=2124445685"),
    ({"game_passes": [83167572, 83167572]}, "gamePassIds=83167572"),
    ({"private_servers": (175157,)}, "privateServerIds=175157"),
    (
        {
            "only_collectibles": True,
            "assets": True,
            "badges": True,
            "game_passes": True,
            "private_servers": True,
        },
        "onlyCollectibles=true;inventoryItemAssetTypes=*;badges=true;gamePasses=true;privateServers=true",
    ),
    (
        {"assets": [1818], "badges": [2124445684], "game_passes": [12527], "private_servers": [175156]},
        "assetIds=1818;badgeIds=2124445684;gamePassIds=12527;privateServerIds=175156",
    ),
]


@pytest.mark.parametrize(("kwargs", "sent"), FILTERS)
async def test_filter_sent(user: Any, emulator: Emulator, kwargs: dict[str, Any], sent: str | None) -> None:
    await collect(user.list_inventory(**kwargs))
    assert filters_sent(emulator) == [sent]


async def test_filter_by_asset_types(oc: Any, user: Any, emulator: Emulator) -> None:
    kind = oc.InventoryAssetType
    hats = await collect(user.list_inventory(assets=[kind.Hat]))
    assert [(item.id, item.type) for item in hats] == [(1081300, kind.Hat), (62724852, kind.Hat)]
    assert filters_sent(emulator) == ["inventoryItemAssetTypes=HAT"]
    mixed = await collect(
        user.list_inventory(assets=[kind.ClassicTShirt, kind.IdleAnimation, kind.CreatedPlace])
    )
    assert sorted(item.id for item in mixed) == [1818, 1028595, 507766388]
    assert filters_sent(emulator)[-1] == "inventoryItemAssetTypes=CLASSIC_TSHIRT,IDLE_ANIMATION,CREATED_PLACE"
    assert await collect(user.list_inventory(assets=[kind.Video])) == []


async def test_every_asset_type_has_the_api_name(oc: Any, user: Any, emulator: Emulator) -> None:
    """Each member goes out under the API's name and comes back as itself."""
    members = [kind for kind in oc.InventoryAssetType if kind is not oc.InventoryAssetType.Unknown]
    for number, kind in enumerate(members):
        area(emulator).add_asset(USER, 10_000 + number, shared.asset_type_wire_name(kind))
    items = await collect(user.list_inventory(assets=members))
    assert {item.id: item.type for item in items if 10_000 <= item.id < 10_100} == {
        10_000 + number: kind for number, kind in enumerate(members)
    }


async def test_filter_by_kind(oc: Any, user: Any) -> None:
    assets = await collect(user.list_inventory(assets=True))
    assert kinds(assets) == ["InventoryAsset"] * 9
    badges = await collect(user.list_inventory(badges=True))
    assert [b.id for b in badges] == [2124445684, 2124445685, 2124445686]
    passes = await collect(user.list_inventory(game_passes=True))
    assert [p.id for p in passes] == [12527, 83167572]
    servers = await collect(user.list_inventory(private_servers=True))
    assert kinds(servers) == ["InventoryPrivateServer"] * 2
    both = await collect(user.list_inventory(badges=True, private_servers=True))
    assert kinds(both) == ["InventoryBadge"] * 3 + ["InventoryPrivateServer"] * 2


async def test_only_collectibles(oc: Any, user: Any) -> None:
    collectibles = await collect(user.list_inventory(only_collectibles=True))
    assert [item.id for item in collectibles] == [1081300, 2041985]
    assert all(item.collectable_state is not None for item in collectibles)
    hats = await collect(user.list_inventory(only_collectibles=True, assets=[oc.InventoryAssetType.Hat]))
    assert [item.id for item in hats] == [1081300]
    with_badges = await collect(user.list_inventory(only_collectibles=True, badges=True))
    assert kinds(with_badges) == ["InventoryAsset"] * 2 + ["InventoryBadge"] * 3


async def test_filter_by_ids_checks_ownership(user: Any) -> None:
    owned = await collect(
        user.list_inventory(
            assets=[62724852, 1028595, 4773588762, 999], badges=[2124445686, 5], game_passes=[7]
        )
    )
    assert sorted((type(item).__name__, item.id) for item in owned) == [
        ("InventoryAsset", 1028595),
        ("InventoryAsset", 62724852),
        ("InventoryAsset", 4773588762),
        ("InventoryBadge", 2124445686),
    ]
    assert await collect(user.list_inventory(private_servers=[1])) == []


# -- pages and limit ---------------------------------------------------------------


def add_badges(emulator: Emulator, count: int, user_id: int = USER) -> list[int]:
    ids = list(range(3_000_000_001, 3_000_000_001 + count))
    for badge_id in ids:
        area(emulator).add_badge(user_id, badge_id)
    return ids


async def test_pages(user: Any, emulator: Emulator) -> None:
    ids = add_badges(emulator, 230)
    badges = await collect(user.list_inventory(badges=True))
    assert [b.id for b in badges] == [2124445684, 2124445685, 2124445686, *ids]
    pages = pages_of(emulator)
    assert len(pages) == 3
    assert all(page["filter"] == "badges=true" for page in pages)  # every page repeats the filter
    assert "pageToken" not in pages[0] and pages[1]["pageToken"] != pages[2]["pageToken"]
    everything = await collect(user.list_inventory())
    assert len(everything) == 16 + 230


@pytest.mark.parametrize(("limit", "sizes", "count"), [(150, ["100", "50"], 150), (5, ["5"], 5), (0, [], 0)])
async def test_limit(user: Any, emulator: Emulator, limit: int, sizes: list[str], count: int) -> None:
    add_badges(emulator, 200)
    items = await collect(user.list_inventory(limit=limit))
    assert len(items) == count
    assert [page["maxPageSize"] for page in pages_of(emulator)] == sizes


async def test_limit_larger_than_the_inventory(user: Any, emulator: Emulator) -> None:
    items = await collect(user.list_inventory(limit=1000, game_passes=True))
    assert len(items) == 2 and len(pages_of(emulator)) == 1


# -- errors --------------------------------------------------------------------------


async def test_private_inventory_is_forbidden(oc: Any, contract: ContractTransport) -> None:
    stranger = oc.User(PRIVATE_INVENTORY_USER_ID, API_KEY, transport=contract)
    try:
        with pytest.raises(oc.Forbidden):
            await collect(stranger.list_inventory())
    finally:
        await close(stranger)


async def test_private_inventory_with_the_owners_key(
    oc: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    area(emulator).set_visibility(PRIVATE_INVENTORY_USER_ID, public=False, readers=["owners-key"])
    owner = oc.User(PRIVATE_INVENTORY_USER_ID, "owners-key", transport=contract)
    try:
        assert [item.id for item in await collect(owner.list_inventory())] == [2124445684]
    finally:
        await close(owner)


async def test_unknown_user(oc: Any, contract: ContractTransport) -> None:
    nobody = oc.User(99_999_999_999, API_KEY, transport=contract)
    try:
        with pytest.raises(oc.NotFound):
            await collect(nobody.list_inventory(badges=True))
    finally:
        await close(nobody)


async def test_new_user_has_an_empty_inventory(
    oc: Any, contract: ContractTransport, emulator: Emulator
) -> None:
    area(emulator).add_user(4242)
    newcomer = oc.User(4242, API_KEY, transport=contract)
    try:
        assert await collect(newcomer.list_inventory()) == []
    finally:
        await close(newcomer)


# A wire answer spelling enums with their prefixes and some ids as numbers.
WIRE_SPELLINGS = {
    "inventoryItems": [
        {
            "path": "users/1/inventory-items/x",
            "assetDetails": {
                "assetId": 62724852,
                "inventoryItemAssetType": "INVENTORY_ITEM_ASSET_TYPE_HAT",
                "instanceId": "173413781720",
                "collectibleDetails": {
                    "itemId": "i",
                    "instanceId": "c",
                    "instanceState": "COLLECTIBLE_ITEM_INSTANCE_STATE_HOLD",
                    "serialNumber": "7",
                },
            },
            "addTime": "2023-07-05T12:34:56.123Z",
        },
        {
            "path": "p",
            "assetDetails": {
                "assetId": "5",
                "inventoryItemAssetType": "SOMETHING_NEW",
                "instanceId": "6",
            },
        },
        {"path": "p", "assetDetails": {"assetId": "5", "instanceId": "6"}},
        {"path": "p", "badgeDetails": {"badgeId": 9}, "addTime": ""},
    ]
}


async def test_wire_spellings(oc: Any) -> None:
    transport = ContractTransport(
        httpx.MockTransport(lambda request: httpx.Response(200, json=WIRE_SPELLINGS))
    )
    reader = oc.User(1, API_KEY, transport=transport)
    try:
        hat, new, untyped, badge = await collect(reader.list_inventory())
    finally:
        await close(reader)
    assert (hat.id, hat.type, hat.instance_id) == (62724852, oc.InventoryAssetType.Hat, 173413781720)
    assert hat.collectable_state is oc.InventoryItemState.Hold and hat.serial_number == 7
    assert hat.added_at == datetime(2023, 7, 5, 12, 34, 56, 123000, tzinfo=timezone.utc)
    assert new.type is oc.InventoryAssetType.Unknown and untyped.type is oc.InventoryAssetType.Unknown
    assert (badge.id, badge.added_at) == (9, None)


@pytest.mark.parametrize(
    "item",
    [
        {"path": "p"},
        {"path": "p", "assetDetails": {"assetId": "x", "instanceId": "1"}},
        {"path": "p", "assetDetails": {"assetId": "1"}},
        {"path": "p", "gamePassDetails": {}},
        {"path": "p", "badgeDetails": "5"},
        "junk",
    ],
)
async def test_malformed_items_are_unexpected(oc: Any, item: Any) -> None:
    body = {"inventoryItems": [item]}
    transport = ContractTransport(
        httpx.MockTransport(lambda request: httpx.Response(200, json=body)), check_responses=False
    )
    reader = oc.User(1, API_KEY, transport=transport, max_retries=0)
    try:
        with pytest.raises(oc.UnexpectedResponse):
            await collect(reader.list_inventory())
    finally:
        await close(reader)


# -- bad input, before any request ------------------------------------------------

BAD_INPUT = [
    ({"limit": -1}, ValueError),
    ({"limit": "5"}, TypeError),
    ({"only_collectibles": 1}, TypeError),
    ({"only_collectibles": None}, TypeError),
    ({"assets": "HAT"}, TypeError),
    ({"assets": 5}, TypeError),
    ({"assets": ["HAT"]}, TypeError),
    ({"assets": [1.5]}, TypeError),
    ({"assets": [True]}, TypeError),
    ({"assets": [0]}, ValueError),
    ({"assets": [-3]}, ValueError),
    ({"assets": [2**63]}, ValueError),
    ({"assets": []}, ValueError),
    ({"assets": {"a": 1}}, TypeError),
    ({"badges": "true"}, TypeError),
    ({"badges": 1}, TypeError),
    ({"badges": [None]}, TypeError),
    ({"game_passes": [0]}, ValueError),
    ({"private_servers": []}, ValueError),
    ({"private_servers": ["175156"]}, TypeError),
]


@pytest.mark.parametrize(("kwargs", "error"), BAD_INPUT)
async def test_bad_input_before_io(
    user: Any, emulator: Emulator, kwargs: dict[str, Any], error: type
) -> None:
    await rejected_before_io(lambda: user.list_inventory(**kwargs), error, emulator, str(kwargs))


async def test_asset_types_and_ids_do_not_mix(oc: Any, user: Any, emulator: Emulator) -> None:
    kind = oc.InventoryAssetType
    cases: list[tuple[dict[str, Any], type]] = [
        ({"assets": [kind.Hat, 5]}, TypeError),
        ({"assets": [kind.Unknown]}, ValueError),
        ({"assets": True, "badges": [1]}, ValueError),
        ({"assets": [kind.Hat], "game_passes": [1]}, ValueError),
        ({"only_collectibles": True, "assets": [1]}, ValueError),
        ({"badges": True, "private_servers": [1]}, ValueError),
    ]
    for kwargs, error in cases:
        await rejected_before_io(lambda kw=kwargs: user.list_inventory(**kw), error, emulator, str(kwargs))


async def test_sets_are_sent_in_order(user: Any, emulator: Emulator) -> None:
    await collect(user.list_inventory(badges={2124445686, 2124445684}))
    assert filters_sent(emulator) == ["badgeIds=2124445684,2124445686"]


# -- the emulator's filter ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "badges",
        "badges=",
        "badges=yes",
        "hats=true",
        "badges=true;badges=true",
        "badges=true;badgeIds=1",
        "onlyCollectibles=true;assetIds=1",
        "inventoryItemAssetTypes=hat",
        "inventoryItemAssetTypes=HAT,",
        "inventoryItemAssetTypes=INVENTORY_ITEM_ASSET_TYPE_UNSPECIFIED",
        "assetIds=1,,2",
        "assetIds=0",
        "assetIds=-1",
        "assetIds=abc",
        "badgeIds=99999999999999999999",
        "badges=true;",
        "badges=true,gamePasses=true",
    ],
)
def test_emulator_rejects_malformed_filters(emulator: Emulator, text: str) -> None:
    answer = emulator.handle("GET", LISTING, [("filter", text)], {"x-api-key": API_KEY}, b"")
    assert answer.status == 400, text


def test_emulator_filter_semantics() -> None:
    from rblxopencloudasync.emulator._inventory import InventoryEntry

    hat = InventoryEntry("asset", 1, None, "HAT", 10)
    limited = InventoryEntry("asset", 2, None, "FACE", 11, Collectible("i", "c"))
    badge = InventoryEntry("badge", 1, None)
    every = [hat, limited, badge]
    assert [e for e in every if parse_filter(None)(e)] == every
    assert [e for e in every if parse_filter("badges=false")(e)] == every
    assert [e for e in every if parse_filter("inventoryItemAssetTypes=*")(e)] == [hat, limited]
    assert [e for e in every if parse_filter("onlyCollectibles=true")(e)] == [limited]
    assert [e for e in every if parse_filter("onlyCollectibles=true;inventoryItemAssetTypes=HAT")(e)] == []
    assert [e for e in every if parse_filter("assetIds=1;badgeIds=1")(e)] == [hat, badge]
    assert [e for e in every if parse_filter("badgeIds=2")(e)] == []


def test_emulator_page_token_is_bound_to_the_filter(emulator: Emulator) -> None:
    headers = {"x-api-key": API_KEY}
    first = emulator.handle("GET", LISTING, [("maxPageSize", "2"), ("filter", "badges=true")], headers, b"")
    import json

    token = json.loads(first.body)["nextPageToken"]
    moved = emulator.handle(
        "GET", LISTING, [("pageToken", token), ("filter", "gamePasses=true")], headers, b""
    )
    assert moved.status == 400
    same = emulator.handle("GET", LISTING, [("pageToken", token), ("filter", "badges=true")], headers, b"")
    assert same.status == 200 and len(json.loads(same.body)["inventoryItems"]) == 1


# -- the seeds' snippet ------------------------------------------------------------------


async def test_seed_snippet_lists_the_inventory(oc: Any, contract: ContractTransport) -> None:
    """rblx-open-cloud's guide: ``for item in access.user.list_inventory(): print(item)``
    (here on a `User` made with an API key; OAuth2 hands out the same class)."""
    user = oc.User(287113233, "api-key", transport=contract)
    printed = io.StringIO()
    try:
        with redirect_stdout(printed):
            if oc.__name__ == "rblxopencloud":
                for item in user.list_inventory():
                    print(item)
            else:
                async for item in user.list_inventory():
                    print(item)
    finally:
        await close(user)
    lines = printed.getvalue().splitlines()
    assert len(lines) == 16
    assert lines[0].startswith("<rblxopencloud.InventoryAsset id=")
    assert "<rblxopencloud.InventoryBadge id=2124445684>" in lines
