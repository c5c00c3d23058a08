"""Memory store sorted maps, queues and flush: wire shapes, state, expiry and strictness."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import AUTH, BASE_URL, FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

MAP = f"{U}/memory-store/sorted-maps/Auctions/items"
QUEUE = f"{U}/memory-store/queues/Jobs/items"
MAP_PATH = f"cloud/v2/universes/{DEMO_UNIVERSE_ID}/memory-store/sorted-maps/Auctions/items"


def listed(client: httpx.Client, url: str = MAP, **params: Any) -> list[str]:
    """Every item id of a listing, following page tokens."""
    ids: list[str] = []
    token: str | None = None
    while True:
        query = {**params, **({"pageToken": token} if token else {})}
        body = client.get(url, params=query).raise_for_status().json()
        ids.extend(item["id"] for item in body["items"])
        token = body.get("nextPageToken")
        if token is None:
            return ids


def put(
    client: httpx.Client, key: str, sort_key: Any = None, ttl: str = "600s", value: Any = 1
) -> dict[str, Any]:
    body: dict[str, Any] = {"value": value, "ttl": ttl}
    if isinstance(sort_key, str):
        body["stringSortKey"] = sort_key
    elif sort_key is not None:
        body["numericSortKey"] = sort_key
    response = client.patch(f"{MAP}/{key}", params={"allowMissing": "true"}, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


# -- sorted maps ------------------------------------------------------------------------


def test_create_get_update_delete(client: httpx.Client) -> None:
    created = client.post(
        MAP, params={"id": "sword"}, json={"value": {"bid": 5}, "ttl": "30s", "numericSortKey": 5}
    )
    assert created.status_code == 200
    item = created.json()
    assert item == {
        "path": f"{MAP_PATH}/sword",
        "id": "sword",
        "value": {"bid": 5},
        "etag": item["etag"],
        "expireTime": "2024-12-02T06:00:30.000000Z",
        "numericSortKey": 5,
    }
    assert client.get(f"{MAP}/sword").json() == item

    duplicate = client.post(MAP, params={"id": "sword"}, json={"value": 1, "ttl": "30s"})
    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "ALREADY_EXISTS"

    updated = client.patch(f"{MAP}/sword", json={"value": "v2", "ttl": "60s", "stringSortKey": "x"}).json()
    assert updated["value"] == "v2" and updated["stringSortKey"] == "x" and "numericSortKey" not in updated
    assert updated["etag"] != item["etag"]

    assert client.patch(f"{MAP}/ghost", json={"value": 1, "ttl": "5s"}).status_code == 404
    assert (
        client.patch(f"{MAP}/ghost", params={"allowMissing": "false"}, json={"value": 1}).status_code == 404
    )

    assert client.delete(f"{MAP}/sword").status_code == 200
    assert client.get(f"{MAP}/sword").status_code == 404
    missing = client.delete(f"{MAP}/sword")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"


def test_patch_etag_precondition(client: httpx.Client) -> None:
    first = put(client, "gem")
    second = put(client, "gem", value=2)
    stale = client.patch(f"{MAP}/gem", json={"value": 3, "ttl": "5s", "etag": first["etag"]})
    assert stale.status_code == 409
    assert stale.json()["code"] == "ABORTED"
    fresh = client.patch(f"{MAP}/gem", json={"value": 3, "ttl": "5s", "etag": second["etag"]})
    assert fresh.json()["value"] == 3
    blind = client.patch(f"{MAP}/new", params={"allowMissing": "true"}, json={"value": 1, "etag": "x"})
    assert blind.status_code == 409


def test_items_expire_by_clock(client: httpx.Client, clock: FakeClock) -> None:
    put(client, "short", ttl="1.5s")
    default = client.post(MAP, params={"id": "default"}, json={"value": 1}).json()
    assert default["expireTime"] == "2025-01-16T06:00:00.000000Z"  # no ttl: 45 days
    clock.advance(seconds=1)
    assert client.get(f"{MAP}/short").status_code == 200
    clock.advance(seconds=0.5)
    assert client.get(f"{MAP}/short").status_code == 404
    assert listed(client) == ["default"]
    # An expired key can be created again.
    assert client.post(MAP, params={"id": "short"}, json={"value": 2, "ttl": "5s"}).status_code == 200


def test_order_numbers_then_strings_then_none(client: httpx.Client) -> None:
    for key, sort_key in [
        ("c", None),
        ("a", None),
        ("s2", "b"),
        ("s1", "a"),
        ("big", 10),
        ("x", 1.5),
        ("w", 1.5),
    ]:
        put(client, key, sort_key)
    expected = ["w", "x", "big", "s1", "s2", "a", "c"]
    assert listed(client, maxPageSize=2) == expected
    assert listed(client, orderBy="id desc", maxPageSize=3) == list(reversed(expected))
    first = client.get(MAP).json()
    assert len(first["items"]) == 1 and first["nextPageToken"]  # default page size is 1
    assert len(client.get(MAP, params={"maxPageSize": 500}).json()["items"]) == 7  # coerced to 100


def test_pages_survive_changes_between_pages(client: httpx.Client) -> None:
    for index in range(6):
        put(client, f"k{index}", index)
    page = client.get(MAP, params={"maxPageSize": 2}).json()
    assert [item["id"] for item in page["items"]] == ["k0", "k1"]
    client.delete(f"{MAP}/k1")
    put(client, "k2", -1)  # moved before the cursor
    rest = client.get(MAP, params={"maxPageSize": 10, "pageToken": page["nextPageToken"]}).json()
    assert [item["id"] for item in rest["items"]] == ["k3", "k4", "k5"]


def test_filters(client: httpx.Client) -> None:
    for key, sort_key in [("a", 1), ("b", 2), ("c", "m"), ("d", None), ("e", -5)]:
        put(client, key, sort_key)
    assert listed(client, filter="sortKey > 1") == ["b", "c", "d"]
    assert listed(client, filter="sortKey < 2") == ["e", "a"]
    assert listed(client, filter='sortKey > 1 && sortKey < "z"') == ["b", "c"]
    assert listed(client, filter='id > "a" && id < "e"') == ["b", "c", "d"]
    assert listed(client, filter='id>"c"&&sortKey<1.5e1', orderBy="id desc") == ["e"]
    assert listed(client, filter="sortKey > -5.5") == ["e", "a", "b", "c", "d"]
    put(client, "x && y", "k")
    assert listed(client, filter='id > "x && "') == ["x && y"]


@pytest.mark.parametrize(
    "bad",
    [
        "id > 5",
        'id >= "a"',
        'id > "a" || id < "b"',
        'value > "a"',
        "sortKey > ",
        'id > "a" &&',
        "sortKey > 1 2",
    ],
)
def test_bad_filters_are_rejected(client: httpx.Client, bad: str) -> None:
    response = client.get(MAP, params={"filter": bad})
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_ARGUMENT"


def test_list_rejects_bad_order_and_tokens(client: httpx.Client) -> None:
    for index in range(3):
        put(client, f"k{index}")
    assert client.get(MAP, params={"orderBy": "sortKey"}).status_code == 400
    token = client.get(MAP).json()["nextPageToken"]
    assert client.get(MAP, params={"pageToken": token, "orderBy": "id desc"}).status_code == 400
    assert client.get(MAP, params={"pageToken": "garbage"}).status_code == 400
    assert client.get(MAP, params={"pageToken": token, "maxPageSize": 5}).status_code == 200
    assert client.get(MAP, params={"maxPageSize": -1}).status_code == 400
    assert client.get(MAP, params={"prefix": "k"}).status_code == 400


def test_unknown_map_lists_empty(client: httpx.Client) -> None:
    assert client.get(f"{U}/memory-store/sorted-maps/Nope/items").json() == {"items": []}


@pytest.mark.parametrize(
    "body",
    [
        {"ttl": "5s"},
        {"value": None, "ttl": "5s"},
        {"value": 1, "ttl": "5"},
        {"value": 1, "ttl": 5},
        {"value": 1, "ttl": "0s"},
        {"value": 1, "ttl": "3888001s"},
        {"value": 1, "Value": 1},
        {"value": 1, "numericSortKey": 1, "stringSortKey": "a"},
        {"value": 1, "numericSortKey": True},
        {"value": 1, "numericSortKey": "1"},
        {"value": 1, "stringSortKey": "s" * 129},
        {"value": 1, "etag": 5},
        {"value": "x" * 32_767},
    ],
)
def test_bad_item_bodies_are_rejected(client: httpx.Client, body: dict[str, Any]) -> None:
    assert client.post(MAP, params={"id": "k"}, json=body).status_code == 400
    assert client.patch(f"{MAP}/k", params={"allowMissing": "true"}, json=body).status_code == 400
    assert client.get(f"{MAP}/k").status_code == 404


def test_key_lengths_and_parameters(client: httpx.Client) -> None:
    body = {"value": 1, "ttl": "5s"}
    assert client.post(MAP, json=body).status_code == 400  # id is required
    assert client.post(MAP, params={"id": "k" * 128}, json=body).status_code == 400
    assert client.post(MAP, params={"id": "k" * 127}, json=body).status_code == 200
    assert client.patch(f"{MAP}/{'k' * 128}", params={"allowMissing": "true"}, json=body).status_code == 200
    assert client.patch(f"{MAP}/{'k' * 129}", params={"allowMissing": "true"}, json=body).status_code == 400
    assert client.patch(f"{MAP}/k", params={"allowMissing": "yes"}, json=body).status_code == 400
    assert client.patch(f"{MAP}/k", params={"updateMask": "value"}, json=body).status_code == 400
    assert client.post(MAP, params={"id": "j"}).status_code == 400  # body required
    assert client.delete(f"{MAP}/k", params={"etag": "x"}).status_code == 400
    assert client.get("/cloud/v2/universes/abc/memory-store/sorted-maps/m/items").status_code == 400
    special = client.patch(f"{MAP}/a%2Fb%3Ac", params={"allowMissing": "true"}, json=body).json()
    assert special["id"] == "a/b:c"


def test_value_limit_counts_bytes(client: httpx.Client) -> None:
    ok = {"value": "x" * 32_766, "ttl": "5s"}  # 32,768 bytes with the quotes
    assert client.post(MAP, params={"id": "a"}, json=ok).status_code == 200
    wide = {"value": "é" * 16_383 + "xx", "ttl": "5s"}
    assert client.post(MAP, params={"id": "b"}, json=wide).status_code == 400


def test_seeded_leaderboard(client: httpx.Client) -> None:
    ids = listed(client, f"{U}/memory-store/sorted-maps/Leaderboard/items", orderBy="id desc")
    assert ids == ["user_156", "user_1", "user_261"]


# -- queues -----------------------------------------------------------------------------


def read(client: httpx.Client, url: str = QUEUE, **params: Any) -> httpx.Response:
    return client.get(f"{url}:read", params=params)


def test_add_read_discard(client: httpx.Client) -> None:
    added = client.post(QUEUE, json={"data": {"job": 1}, "priority": 2, "ttl": "60s"})
    assert added.status_code == 200
    item = added.json()
    assert item == {
        "path": f"cloud/v2/universes/{DEMO_UNIVERSE_ID}/memory-store/queues/Jobs/items/{item['id']}",
        "id": item["id"],
        "data": {"job": 1},
        "priority": 2,
        "expireTime": "2024-12-02T06:01:00.000000Z",
    }
    client.post(QUEUE, json={"data": "low"})
    client.post(QUEUE, json={"data": "top", "priority": 9.5})
    body = read(client, count=2).json()
    assert [entry["data"] for entry in body["items"]] == ["top", {"job": 1}]
    assert body["readId"]
    assert [entry["data"] for entry in read(client, count=5).json()["items"]] == ["low"]
    assert read(client).json() == {"items": []}  # everything is invisible
    assert client.post(f"{QUEUE}:discard", json={"readId": body["readId"]}).json() == {}
    assert client.post(f"{QUEUE}:discard", json={"readId": body["readId"]}).status_code == 200


def test_invisibility_window_and_discard(client: httpx.Client, clock: FakeClock) -> None:
    for data in ("a", "b", "c"):
        client.post(QUEUE, json={"data": data, "ttl": "600s"})
    first = read(client, count=2, invisibilityWindow="10s").json()
    second = read(client, count=2, invisibilityWindow="2.5s").json()
    assert [entry["data"] for entry in second["items"]] == ["c"]
    clock.advance(seconds=2.5)
    assert [entry["data"] for entry in read(client, count=5).json()["items"]] == ["c"]  # c reappeared
    client.post(f"{QUEUE}:discard", json={"readId": first["readId"]})
    gone = client.post(f"{QUEUE}:discard", json={"readId": second["readId"]})
    assert gone.status_code == 404  # its window ended; c belongs to a newer read now
    clock.advance(seconds=30)
    assert [entry["data"] for entry in read(client, count=5).json()["items"]] == ["c"]


def test_equal_priorities_are_first_in_first_out(client: httpx.Client) -> None:
    for data in range(5):
        client.post(QUEUE, json={"data": data, "priority": 1})
    client.post(QUEUE, json={"data": "urgent", "priority": 2})
    client.post(QUEUE, json={"data": "late", "priority": -1})
    items = read(client, count=10).json()["items"]
    assert [entry["data"] for entry in items] == ["urgent", 0, 1, 2, 3, 4, "late"]


def test_all_or_nothing_and_count(client: httpx.Client) -> None:
    client.post(QUEUE, json={"data": 1})
    missing = read(client, count=2, allOrNothing="true")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    assert len(read(client, count=1, allOrNothing="true").json()["items"]) == 1
    for data in range(250):
        client.post(QUEUE, json={"data": data})
    assert len(read(client, count=500).json()["items"]) == 200  # coerced to 200
    assert len(read(client, count=0).json()["items"]) == 1  # 0 means the default
    for bad in ({"count": -1}, {"count": "two"}, {"invisibilityWindow": "0s"}, {"invisibilityWindow": "5"}):
        assert read(client, **bad).status_code == 400
    assert read(client, allOrNothing="maybe").status_code == 400
    assert read(client, invisibilityTimeoutSeconds=5).status_code == 400


def test_queue_items_expire(client: httpx.Client, clock: FakeClock) -> None:
    client.post(QUEUE, json={"data": "short", "ttl": "5s"})
    client.post(QUEUE, json={"data": "long", "ttl": "50s"})
    body = read(client, count=2, invisibilityWindow="100s").json()
    clock.advance(seconds=60)
    assert read(client, count=2).json() == {"items": []}
    # The read's window (100 s) is still open: discarding items that expired meanwhile is fine.
    assert client.post(f"{QUEUE}:discard", json={"readId": body["readId"]}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"data": None},
        {"Data": 1},
        {"data": 1, "priority": "high"},
        {"data": 1, "priority": True},
        {"data": 1, "ttl": "60"},
        {"data": 1, "ttl": "0s"},
        {"data": 1, "ttl": "3888001s"},
        {"data": ["x" * 33_000]},
    ],
)
def test_bad_queue_bodies_are_rejected(client: httpx.Client, body: dict[str, Any]) -> None:
    assert client.post(QUEUE, json=body).status_code == 400
    assert read(client).json() == {"items": []}


def test_discard_shapes(client: httpx.Client) -> None:
    assert client.post(f"{QUEUE}:discard", json={}).status_code == 400
    assert client.post(f"{QUEUE}:discard", json={"readId": 5}).status_code == 400
    assert client.post(f"{QUEUE}:discard", json={"readId": "x", "extra": 1}).status_code == 400
    assert client.post(f"{QUEUE}:discard", params={"readId": "x"}, json={"readId": "x"}).status_code == 400
    assert client.post(f"{QUEUE}:discard", json={"readId": "unknown"}).status_code == 404
    assert client.post(f"{QUEUE}:add", json={"data": 1}).status_code == 404  # not an API route
    assert client.post(QUEUE, params={"x": 1}, json={"data": 1}).status_code == 400


def test_seeded_queue(client: httpx.Client) -> None:
    items = read(client, url=f"{U}/memory-store/queues/Matchmaking/items", count=10).json()["items"]
    assert [entry["data"] for entry in items] == [{"userId": 156}, {"userId": 1}, {"userId": 261}]


# -- flush and reset ----------------------------------------------------------------------


def test_live_flush_empties_memory_stores(client: httpx.Client) -> None:
    put(client, "k")
    client.post(QUEUE, json={"data": 1})
    client.post(f"{U}/memory-store:flush", params={"scope": "TEST"})
    assert client.get(f"{MAP}/k").status_code == 200  # a TEST flush leaves live data alone
    client.post(f"{U}/memory-store:flush")
    assert client.get(f"{MAP}/k").status_code == 404
    assert read(client).json() == {"items": []}
    assert listed(client, f"{U}/memory-store/sorted-maps/Leaderboard/items") == []
    put(client, "k")
    assert client.get(f"{MAP}/k").status_code == 200  # only flushes once


def test_flush_operation_polling() -> None:
    emu = Emulator(operation_polls=3)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
        started = http.post(f"{U}/memory-store:flush").json()
        assert started["done"] is False
        assert started["path"].startswith(f"cloud/v2/universes/{DEMO_UNIVERSE_ID}/memory-store/operations/")
        assert "response" not in started
        polls = [http.get(f"/{started['path']}").json() for _ in range(4)]
    assert [poll["done"] for poll in polls] == [False, False, True, True]
    assert polls[2] == {
        "path": started["path"],
        "done": True,
        "response": {"@type": "type.googleapis.com/google.protobuf.Empty"},
    }


def test_flush_defaults_and_scopes(client: httpx.Client) -> None:
    started = client.post(f"{U}/memory-store:flush", params={"scope": "TEST"}).json()
    assert client.get(f"/{started['path']}", params={"scope": "TEST"}).json()["done"] is True
    assert client.get(f"/{started['path']}", params={"scope": "LIVE"}).status_code == 404
    assert client.post(f"{U}/memory-store:flush", params={"scope": "PROD"}).status_code == 400
    assert client.get(f"{U}/memory-store/operations/unknown").status_code == 404


def test_flush_can_finish_immediately() -> None:
    emu = Emulator(operation_polls=0)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as http:
        assert http.post(f"{U}/memory-store:flush").json()["done"] is True


def test_reset_restores_seed(emu: Emulator, client: httpx.Client) -> None:
    put(client, "k")
    client.post(f"{U}/memory-store:flush")
    emu.reset()
    assert client.get(f"{MAP}/k").status_code == 404
    assert len(listed(client, f"{U}/memory-store/sorted-maps/Leaderboard/items")) == 3


async def test_async_client(aclient: httpx.AsyncClient) -> None:
    created = await aclient.post(QUEUE, json={"data": "a"})
    assert created.status_code == 200
    body = (await aclient.get(f"{QUEUE}:read")).json()
    assert [entry["data"] for entry in body["items"]] == ["a"]
