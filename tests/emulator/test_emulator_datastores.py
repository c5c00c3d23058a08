"""Standard data stores: data store resources, entries, revisions, pagination."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from tests.emulator._support import FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

ENTRIES = f"{U}/data-stores/PlayerData/entries"
REVISION_ID = re.compile(r"[0-9A-F]{16}\.\d{10}\.[0-9A-F]{16}\.01")


def all_pages(client: httpx.Client, url: str, key: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        query = {**params, **({"pageToken": token} if token else {})}
        body = client.get(url, params=query).raise_for_status().json()
        items.extend(body[key])
        token = body.get("nextPageToken")
        if token is None:
            return items
        assert token


# -- data stores -----------------------------------------------------------------


def test_list_data_stores_shape(client: httpx.Client) -> None:
    body = client.get(f"{U}/data-stores").json()
    assert "nextPageToken" not in body
    assert [store["id"] for store in body["dataStores"]] == ["Coins", "PlayerData", "Settings"]
    store = body["dataStores"][1]
    assert store["path"] == f"universes/{DEMO_UNIVERSE_ID}/data-stores/PlayerData"
    assert store["state"] == "ACTIVE"
    assert store["createTime"].endswith("Z")
    assert "expireTime" not in store


def test_list_data_stores_pages_and_filter(emu: Emulator, client: httpx.Client) -> None:
    for index in range(25):
        emu.add_entries(DEMO_UNIVERSE_ID, f"store-{index:02d}", [("k", 1)])
    first = client.get(
        f"{U}/data-stores", params={"maxPageSize": 10, "filter": 'id.startsWith("store-")'}
    ).json()
    assert [s["id"] for s in first["dataStores"]] == [f"store-{i:02d}" for i in range(10)]
    stores = all_pages(
        client, f"{U}/data-stores", "dataStores", maxPageSize=7, filter='id.startsWith("store-1")'
    )
    assert [s["id"] for s in stores] == [f"store-{i}" for i in range(10, 20)]
    assert len(all_pages(client, f"{U}/data-stores", "dataStores")) == 28


def test_max_page_size_is_coerced_not_rejected(emu: Emulator, client: httpx.Client) -> None:
    for index in range(120):
        emu.add_entries(DEMO_UNIVERSE_ID, f"s{index:03d}", [("k", 1)])
    body = client.get(f"{U}/data-stores", params={"maxPageSize": 5000}).json()
    assert len(body["dataStores"]) == 100
    assert "nextPageToken" in body
    assert client.get(f"{U}/data-stores", params={"maxPageSize": -1}).status_code == 400
    assert client.get(f"{U}/data-stores", params={"maxPageSize": "ten"}).status_code == 400


def test_delete_and_undelete_data_store(client: httpx.Client, clock: FakeClock) -> None:
    deleted = client.delete(f"{U}/data-stores/Coins")
    assert deleted.status_code == 200
    body = deleted.json()
    assert body["state"] == "DELETED"
    assert body["expireTime"] == "2025-01-01T06:00:00.000000Z"  # 30 days after the frozen clock
    assert [s["id"] for s in client.get(f"{U}/data-stores").json()["dataStores"]] == [
        "PlayerData",
        "Settings",
    ]
    shown = client.get(f"{U}/data-stores", params={"showDeleted": "true"}).json()["dataStores"]
    assert (shown[0]["id"], shown[0]["state"]) == ("Coins", "DELETED")

    entry = client.get(f"{U}/data-stores/Coins/entries/user_1")
    assert entry.status_code == 404
    assert entry.json()["code"] == "NOT_FOUND"
    assert "deleted" in entry.json()["message"]
    write = client.patch(f"{U}/data-stores/Coins/entries/user_1", json={"value": 5})
    assert write.status_code == 404
    assert client.get(f"{U}/data-stores/Coins/entries").status_code == 404

    again = client.delete(f"{U}/data-stores/Coins").json()
    assert again["expireTime"] == body["expireTime"]

    restored = client.post(f"{U}/data-stores/Coins:undelete", json={})
    assert restored.status_code == 200
    assert restored.json()["state"] == "ACTIVE"
    assert "expireTime" not in restored.json()
    assert client.get(f"{U}/data-stores/Coins/entries/user_1").json()["value"] == 50


def test_deleted_data_store_is_purged_after_expiry(client: httpx.Client, clock: FakeClock) -> None:
    client.delete(f"{U}/data-stores/Coins")
    clock.advance(days=31)
    assert client.post(f"{U}/data-stores/Coins:undelete", json={}).status_code == 404
    shown = client.get(f"{U}/data-stores", params={"showDeleted": "true"}).json()["dataStores"]
    assert "Coins" not in [s["id"] for s in shown]


def test_unknown_data_store_delete_and_undelete_are_404(client: httpx.Client) -> None:
    assert client.delete(f"{U}/data-stores/Nope").json()["code"] == "NOT_FOUND"
    assert client.post(f"{U}/data-stores/Nope:undelete", json={}).status_code == 404


def test_snapshot_once_per_utc_day(client: httpx.Client, clock: FakeClock) -> None:
    first = client.post(f"{U}/data-stores:snapshot", json={}).json()
    assert first == {"newSnapshotTaken": True, "latestSnapshotTime": "2024-12-02T06:00:00.000000Z"}
    clock.advance(hours=17)  # 23:00 the same UTC day
    second = client.post(f"{U}/data-stores:snapshot", json={}).json()
    assert second == {"newSnapshotTaken": False, "latestSnapshotTime": first["latestSnapshotTime"]}
    clock.advance(hours=1)  # midnight: a new UTC day
    third = client.post(f"{U}/data-stores:snapshot", json={}).json()
    assert third == {"newSnapshotTaken": True, "latestSnapshotTime": "2024-12-03T00:00:00.000000Z"}
    other = client.post("/cloud/v2/universes/7/data-stores:snapshot", json={}).json()
    assert other["newSnapshotTaken"] is True
    assert client.post(f"{U}/data-stores:snapshot", json={"force": True}).status_code == 400


# -- entries ---------------------------------------------------------------------------


def test_get_seeded_entry(client: httpx.Client) -> None:
    body = client.get(f"{ENTRIES}/user_287113233").json()
    assert (
        body["path"]
        == f"universes/{DEMO_UNIVERSE_ID}/data-stores/PlayerData/scopes/global/entries/user_287113233"
    )
    assert body["id"] == "user_287113233"
    assert body["value"] == {"xp": 1337, "level": 7}
    assert body["users"] == ["users/287113233"]
    assert body["attributes"] == {"source": "demo"}
    assert body["state"] == "ACTIVE"
    assert REVISION_ID.fullmatch(body["revisionId"])
    assert body["etag"]
    assert body["createTime"] < body["revisionCreateTime"]
    scoped = client.get(f"{U}/data-stores/PlayerData/scopes/global/entries/user_287113233").json()
    assert scoped == body


def test_get_missing_entry_is_404(client: httpx.Client) -> None:
    for path in (
        f"{ENTRIES}/nobody",
        f"{U}/data-stores/NoStore/entries/x",
        f"{U}/data-stores/Settings/entries/motd",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "NOT_FOUND"
    assert client.get(f"{U}/data-stores/Settings/scopes/config/entries/motd").status_code == 200


def test_create_entry(emu: Emulator, client: httpx.Client) -> None:
    response = client.post(
        f"{U}/data-stores/NewStore/scopes/s1/entries",
        params={"id": "player-1"},
        json={"value": [1, 2, 3], "users": ["users/9"], "attributes": {"a": "b"}},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["path"] == f"universes/{DEMO_UNIVERSE_ID}/data-stores/NewStore/scopes/s1/entries/player-1"
    assert (body["value"], body["users"], body["attributes"], body["state"]) == (
        [1, 2, 3],
        ["users/9"],
        {"a": "b"},
        "ACTIVE",
    )
    assert body["createTime"] == body["revisionCreateTime"]
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "NewStore", "player-1", scope="s1") == [1, 2, 3]

    again = client.post(
        f"{U}/data-stores/NewStore/scopes/s1/entries", params={"id": "player-1"}, json={"value": 1}
    )
    assert again.status_code == 400
    assert again.json() == {"code": "INVALID_ARGUMENT", "message": "Entry already exists."}


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({}, {"value": 1}),
        ({"id": "x" * 51}, {"value": 1}),
        ({"id": "k"}, {}),
        ({"id": "k"}, {"value": None}),
        ({"id": "k"}, {"value": 1, "users": [287113233]}),
        ({"id": "k"}, {"value": 1, "users": "users/1"}),
        ({"id": "k"}, {"value": 1, "attributes": []}),
        ({"id": "k"}, {"value": 1, "attributes": {"a": "x" * 300}}),
        ({"id": "k"}, {"value": 1, "userIds": []}),
    ],
)
def test_create_entry_validation(client: httpx.Client, params: dict[str, str], body: dict[str, Any]) -> None:
    response = client.post(f"{U}/data-stores/S/entries", params=params, json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_ARGUMENT"


def test_entry_create_after_delete(client: httpx.Client) -> None:
    assert client.delete(f"{ENTRIES}/user_1").json() == {}
    created = client.post(ENTRIES, params={"id": "user_1"}, json={"value": {"fresh": True}})
    assert created.status_code == 200
    assert created.json()["createTime"] == created.json()["revisionCreateTime"]


def test_update_entry_replaces_everything(client: httpx.Client) -> None:
    before = client.get(f"{ENTRIES}/user_287113233").json()
    response = client.patch(f"{ENTRIES}/user_287113233", json={"value": {"xp": 1}})
    assert response.status_code == 200
    after = response.json()
    assert after["value"] == {"xp": 1}
    assert after["users"] == []
    assert after["attributes"] == {}
    assert after["revisionId"] != before["revisionId"]
    assert after["etag"] != before["etag"]
    assert after["createTime"] == before["createTime"]
    assert after["revisionCreateTime"] > before["revisionCreateTime"]


def test_update_missing_entry(emu: Emulator, client: httpx.Client) -> None:
    missing = client.patch(f"{ENTRIES}/ghost", json={"value": 1})
    assert missing.status_code == 404
    assert (
        client.patch(f"{ENTRIES}/ghost", params={"allowMissing": "false"}, json={"value": 1}).status_code
        == 404
    )
    created = client.patch(f"{ENTRIES}/ghost", params={"allowMissing": "true"}, json={"value": 1})
    assert created.status_code == 200
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "PlayerData", "ghost") == 1
    assert (
        client.patch(f"{ENTRIES}/ghost", params={"allowMissing": "True"}, json={"value": 1}).status_code
        == 400
    )


def test_update_with_etag(client: httpx.Client) -> None:
    current = client.get(f"{ENTRIES}/user_1").json()
    ok = client.patch(f"{ENTRIES}/user_1", json={"value": 2, "etag": current["etag"]})
    assert ok.status_code == 200
    stale = client.patch(f"{ENTRIES}/user_1", json={"value": 3, "etag": current["etag"]})
    assert stale.status_code == 409
    assert stale.json() == {"code": "ABORTED", "message": "The etag does not match."}
    assert client.get(f"{ENTRIES}/user_1").json()["value"] == 2


def test_update_accepts_a_round_tripped_entry(client: httpx.Client) -> None:
    entry = client.get(f"{ENTRIES}/user_1").json()
    entry["value"] = {"xp": 99}
    assert client.patch(f"{ENTRIES}/user_1", json=entry).status_code == 200


def test_delete_entry_is_soft(client: httpx.Client) -> None:
    response = client.delete(f"{ENTRIES}/user_156")
    assert response.status_code == 200
    assert response.json() == {}
    assert client.get(f"{ENTRIES}/user_156").status_code == 404
    assert client.delete(f"{ENTRIES}/user_156").status_code == 404
    assert client.delete(f"{ENTRIES}/never-existed").status_code == 404

    visible = [e["id"] for e in client.get(ENTRIES).json()["dataStoreEntries"]]
    assert "user_156" not in visible
    with_deleted = [
        e["id"] for e in client.get(ENTRIES, params={"showDeleted": "true"}).json()["dataStoreEntries"]
    ]
    assert "user_156" in with_deleted

    revisions = client.get(f"{ENTRIES}/user_156:listRevisions").json()["dataStoreEntries"]
    assert [r["state"] for r in revisions] == ["DELETED", "ACTIVE"]
    old = client.get(f"{ENTRIES}/user_156@{revisions[1]['revisionId']}")
    assert old.json()["value"] == {"xp": 9001, "level": 30}
    assert client.get(f"{ENTRIES}/user_156@{revisions[0]['revisionId']}").status_code == 404


def test_increment_entry(emu: Emulator, client: httpx.Client) -> None:
    coins = f"{U}/data-stores/Coins/entries"
    body = client.post(f"{coins}/user_287113233:increment", json={"amount": 5}).json()
    assert body["value"] == 105
    assert body["users"] == []
    created = client.post(f"{coins}/newbie:increment", json={"amount": 3, "users": ["users/3"]}).json()
    assert created["value"] == 3
    assert created["users"] == ["users/3"]
    assert client.post(f"{coins}/newbie:increment", json={"amount": -1.0}).json()["value"] == 2
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "newbie") == 2


@pytest.mark.parametrize("amount", [1.5, "1", True, None])
def test_increment_rejects_non_integer_amounts(client: httpx.Client, amount: Any) -> None:
    response = client.post(f"{U}/data-stores/Coins/entries/user_1:increment", json={"amount": amount})
    assert response.status_code == 400


def test_increment_rejects_non_integer_values(client: httpx.Client) -> None:
    response = client.post(f"{ENTRIES}/user_1:increment", json={"amount": 1})
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_ARGUMENT"


def test_key_with_at_sign_and_url_encoding(emu: Emulator, client: httpx.Client) -> None:
    key = "a/b c@example.com"
    url = f"{U}/data-stores/{quote('My Store', safe='')}/entries"
    created = client.patch(f"{url}/{quote(key, safe='')}", params={"allowMissing": "true"}, json={"value": 1})
    assert created.json()["id"] == key
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "My Store", key) == 1
    # Without the @latest escape the text after the last "@" is read as a revision id.
    assert client.get(f"{url}/{quote(key, safe='')}").status_code == 404
    assert client.get(f"{url}/{quote(key + '@latest', safe='')}").json()["value"] == 1


def test_wildcard_scope_only_for_listing(client: httpx.Client) -> None:
    assert client.get(f"{U}/data-stores/PlayerData/scopes/-/entries/user_1").status_code == 400
    response = client.post(
        f"{U}/data-stores/PlayerData/scopes/-/entries", params={"id": "k"}, json={"value": 1}
    )
    assert response.status_code == 400


# -- revisions -----------------------------------------------------------------------------


def test_list_revisions_newest_first(client: httpx.Client) -> None:
    body = client.get(f"{ENTRIES}/user_287113233:listRevisions").json()
    revisions = body["dataStoreEntries"]
    assert len(revisions) == 3
    assert "nextPageToken" not in body
    times = [r["revisionCreateTime"] for r in revisions]
    assert times == sorted(times, reverse=True)
    newest = revisions[0]
    assert set(newest) == {"path", "id", "createTime", "revisionCreateTime", "revisionId", "etag", "state"}
    assert newest["id"] == f"user_287113233@{newest['revisionId']}"
    assert newest["path"].endswith(f"/scopes/global/entries/user_287113233@{newest['revisionId']}")
    ids = [r["revisionId"] for r in revisions]
    assert ids == sorted(ids, reverse=True)

    oldest = client.get(f"{ENTRIES}/user_287113233@{revisions[-1]['revisionId']}").json()
    assert oldest["value"] == {"xp": 0, "level": 1}
    assert client.get(f"{ENTRIES}/user_287113233@latest").json()["value"] == {"xp": 1337, "level": 7}
    assert client.get(f"{ENTRIES}/user_287113233@0000.nope").status_code == 404


def test_list_revisions_pages_and_filter(client: httpx.Client, clock: FakeClock) -> None:
    for value in range(12):
        clock.advance(hours=1)
        client.patch(f"{ENTRIES}/counter", params={"allowMissing": "true"}, json={"value": value})
    revisions = all_pages(client, f"{ENTRIES}/counter:listRevisions", "dataStoreEntries", maxPageSize=5)
    assert len(revisions) == 12
    assert len({r["revisionId"] for r in revisions}) == 12

    # Revisions 3..6 were written at 09:00..12:00 on the frozen day.
    window = "revision_create_time >= 2024-12-02T09:00:00Z && revision_create_time <= 2024-12-02T12:00:00Z"
    filtered = all_pages(
        client, f"{ENTRIES}/counter:listRevisions", "dataStoreEntries", filter=window, maxPageSize=3
    )
    assert [r["revisionCreateTime"][11:13] for r in filtered] == ["12", "11", "10", "09"]
    after = all_pages(
        client,
        f"{ENTRIES}/counter:listRevisions",
        "dataStoreEntries",
        filter="revision_create_time >= 2024-12-02T16:00:00Z",
    )
    assert len(after) == 3
    before = client.get(
        f"{ENTRIES}/counter:listRevisions",
        params={"filter": "revision_create_time <= 2024-12-02T07:30:00+00:00"},
    ).json()
    assert len(before["dataStoreEntries"]) == 1

    for bad in ("revision_create_time > 2024-12-02T09:00:00Z", "revision_create_time >= yesterday", "x >= 1"):
        assert client.get(f"{ENTRIES}/counter:listRevisions", params={"filter": bad}).status_code == 400


def test_list_revisions_of_unknown_key_is_404(client: httpx.Client) -> None:
    assert client.get(f"{ENTRIES}/nobody:listRevisions").status_code == 404


def test_get_entry_at_time(client: httpx.Client, clock: FakeClock) -> None:
    key = f"{ENTRIES}/timed"
    client.patch(key, params={"allowMissing": "true"}, json={"value": "first"})  # 06:00
    clock.advance(hours=1)
    client.patch(key, json={"value": "second"})  # 07:00
    clock.advance(hours=1)

    def at(moment: str) -> httpx.Response:
        return client.get(f"{key}@latest:{moment}")

    assert at("2024-12-02T06:30:00Z").json()["value"] == "first"
    assert at("2024-12-02T07:00:00.5Z").json()["value"] == "second"
    assert at("2024-12-02T08:05:00Z").json()["value"] == "second"  # 5 min ahead: allowed
    assert at("2024-12-02T05:00:00Z").status_code == 404  # before the key existed
    assert at("2024-12-02T08:11:00Z").status_code == 400  # more than 10 minutes ahead
    assert at("not-a-time").status_code == 400
    assert at("1969-01-01T00:00:00Z").status_code == 400


def test_revision_times_strictly_increase_with_a_frozen_clock(client: httpx.Client) -> None:
    for value in range(5):
        client.patch(f"{ENTRIES}/fast", params={"allowMissing": "true"}, json={"value": value})
    revisions = client.get(f"{ENTRIES}/fast:listRevisions").json()["dataStoreEntries"]
    times = [r["revisionCreateTime"] for r in revisions]
    assert len(set(times)) == 5
    assert times == sorted(times, reverse=True)


# -- listing entries ----------------------------------------------------------------------


def test_list_entries_shape(client: httpx.Client) -> None:
    body = client.get(ENTRIES).json()
    assert body["dataStoreEntries"][0] == {
        "path": f"universes/{DEMO_UNIVERSE_ID}/data-stores/PlayerData/scopes/global/entries/user_1",
        "id": "user_1",
    }
    assert [e["id"] for e in body["dataStoreEntries"]] == [
        "user_1",
        "user_156",
        "user_2207291",
        "user_287113233",
    ]
    assert client.get(f"{U}/data-stores/Unknown/entries").json() == {"dataStoreEntries": []}


def test_list_entries_across_scopes(emu: Emulator, client: httpx.Client) -> None:
    emu.add_entries(DEMO_UNIVERSE_ID, "Multi", [("b", 1), ("a", 1)], scope="s2")
    emu.add_entries(DEMO_UNIVERSE_ID, "Multi", [("c", 1), ("a", 1)], scope="s1")
    entries = all_pages(client, f"{U}/data-stores/Multi/scopes/-/entries", "dataStoreEntries", maxPageSize=1)
    assert [e["path"].split("/scopes/")[1] for e in entries] == [
        "s1/entries/a",
        "s1/entries/c",
        "s2/entries/a",
        "s2/entries/b",
    ]
    only_s2 = client.get(f"{U}/data-stores/Multi/scopes/s2/entries").json()["dataStoreEntries"]
    assert [e["id"] for e in only_s2] == ["a", "b"]


def test_list_entries_prefix_filter(emu: Emulator, client: httpx.Client) -> None:
    emu.add_entries(
        DEMO_UNIVERSE_ID, "F", [(f"{p}-{i}", i) for p in ("apple", "apricot", "banana") for i in range(4)]
    )
    found = all_pages(client, f"{U}/data-stores/F/entries", "dataStoreEntries", filter='id.startsWith("ap")')
    assert len(found) == 8
    assert all(e["id"].startswith("ap") for e in found)
    quoted = client.get(f"{U}/data-stores/F/entries", params={"filter": "id.startsWith('ban')"}).json()
    assert len(quoted["dataStoreEntries"]) == 4
    for bad in ('id.endsWith("a")', 'id.startsWith("a") && x', "id == 'a'"):
        assert client.get(f"{U}/data-stores/F/entries", params={"filter": bad}).status_code == 400


def test_page_tokens_are_bound_to_their_query(emu: Emulator, client: httpx.Client) -> None:
    emu.add_entries(DEMO_UNIVERSE_ID, "P", [(f"k{i:02d}", i) for i in range(30)])
    url = f"{U}/data-stores/P/entries"
    token = client.get(url, params={"maxPageSize": 10}).json()["nextPageToken"]
    # maxPageSize may change between pages; other parameters may not.
    assert client.get(url, params={"maxPageSize": 20, "pageToken": token}).status_code == 200
    mismatch = client.get(url, params={"pageToken": token, "filter": 'id.startsWith("k")'})
    assert mismatch.status_code == 400
    assert mismatch.json()["code"] == "INVALID_ARGUMENT"
    assert client.get(f"{U}/data-stores/PlayerData/entries", params={"pageToken": token}).status_code == 400
    assert client.get(f"{U}/data-stores", params={"pageToken": token}).status_code == 400
    for garbage in ("garbage!", "eyJhIjoxfQ", "bm90IGpzb24"):
        assert client.get(url, params={"pageToken": garbage}).status_code == 400


def test_add_entries_and_list_100k_keys() -> None:
    emu = Emulator(seed=False)
    count = emu.add_entries(
        DEMO_UNIVERSE_ID, "BenchStore", ((f"key-{i:06d}", {"n": i}) for i in range(100_000))
    )
    assert count == 100_000
    with httpx.Client(
        transport=emu.transport(), base_url="http://emulator", headers={"x-api-key": "k"}
    ) as http:
        url = f"{U}/data-stores/BenchStore/entries"
        seen = all_pages(http, url, "dataStoreEntries", maxPageSize=256)
        assert len(seen) == 100_000
        assert seen[-1]["id"] == "key-099999"
        middle = http.get(url, params={"filter": 'id.startsWith("key-0500")'}).json()
        assert middle["dataStoreEntries"][0]["id"] == "key-050000"
        assert http.get(f"{url}/key-012345").json()["value"] == {"n": 12345}


def test_add_entries_helpers_validate(emu: Emulator, client: httpx.Client) -> None:
    source = {"nested": [1, 2]}
    emu.add_entries(DEMO_UNIVERSE_ID, "Copies", [("k", source)])
    source["nested"].append(3)
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "Copies", "k") == {"nested": [1, 2]}
    with pytest.raises(TypeError):
        emu.add_entries(DEMO_UNIVERSE_ID, "Copies", [("bad", object())])
    with pytest.raises(KeyError):
        emu.get_entry_value(DEMO_UNIVERSE_ID, "Copies", "missing")
    emu.add_entries(DEMO_UNIVERSE_ID, "Copies", [("k", 2)])
    assert len(client.get(f"{U}/data-stores/Copies/entries/k:listRevisions").json()["dataStoreEntries"]) == 2
    client.delete(f"{U}/data-stores/Copies")
    with pytest.raises(ValueError, match="deleted"):
        emu.add_entries(DEMO_UNIVERSE_ID, "Copies", [("k", 3)])


def test_default_clock_is_utc_now() -> None:
    emu = Emulator()
    with httpx.Client(transport=emu.transport(), base_url="http://e", headers={"x-api-key": "k"}) as http:
        created = http.post(f"{U}/data-stores/T/entries", params={"id": "k"}, json={"value": 1}).json()
    stamp = datetime.strptime(created["revisionCreateTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=timezone.utc
    )
    assert abs(datetime.now(timezone.utc) - stamp) < timedelta(minutes=1)
