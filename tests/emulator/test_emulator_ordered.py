"""Ordered data stores."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID

BOARD = f"{U}/ordered-data-stores/Leaderboard/scopes/global/entries"


def scores(client: httpx.Client, url: str = BOARD, **params: Any) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    token: str | None = None
    while True:
        query = {**params, **({"pageToken": token} if token else {})}
        body = client.get(url, params=query).raise_for_status().json()
        rows.extend((entry["id"], entry["value"]) for entry in body["orderedDataStoreEntries"])
        token = body.get("nextPageToken")
        if token is None:
            return rows


def test_list_ascending_by_default_with_ties_by_id(client: httpx.Client) -> None:
    body = client.get(BOARD).json()
    assert "nextPageToken" not in body
    first = body["orderedDataStoreEntries"][0]
    assert first == {
        "path": f"universes/{DEMO_UNIVERSE_ID}/ordered-data-stores/Leaderboard/scopes/global/entries/user_1",
        "value": 50,
        "id": "user_1",
    }
    rows = scores(client, maxPageSize=3)
    assert len(rows) == 10
    assert [value for _, value in rows] == sorted(value for _, value in rows)
    assert rows[:2] == [("user_1", 50), ("user_4000", 50)]


def test_list_descending_pages(client: httpx.Client) -> None:
    rows = scores(client, orderBy="value desc", maxPageSize=4)
    assert rows[0] == ("user_156", 9001)
    assert [value for _, value in rows] == sorted((value for _, value in rows), reverse=True)
    assert rows[-2:] == [("user_1", 50), ("user_4000", 50)]


def test_list_filter(client: httpx.Client) -> None:
    window = scores(client, filter="entry >= 250 && entry <= 3100", maxPageSize=2)
    assert window == [
        ("user_2207291", 250),
        ("user_261", 777),
        ("user_287113233", 1337),
        ("user_2000", 1500),
        ("user_3000", 3100),
    ]
    desc = scores(client, filter="entry >= 250 && entry <= 3100", orderBy="value desc", maxPageSize=2)
    assert desc == list(reversed(window))
    assert scores(client, filter="entry >= 9000") == [("user_156", 9001)]
    assert scores(client, filter="entry <= 50", orderBy="value desc") == [("user_1", 50), ("user_4000", 50)]
    for bad in ("entry > 5", "entry>=5", "value >= 5", "entry >= 1.5"):
        assert client.get(BOARD, params={"filter": bad}).status_code == 400


def test_list_rejects_bad_order_and_mismatched_tokens(client: httpx.Client) -> None:
    assert client.get(BOARD, params={"orderBy": "id"}).status_code == 400
    token = client.get(BOARD, params={"maxPageSize": 2}).json()["nextPageToken"]
    assert client.get(BOARD, params={"pageToken": token, "orderBy": "value desc"}).status_code == 400


def test_list_unknown_store_is_empty(client: httpx.Client) -> None:
    empty = client.get(f"{U}/ordered-data-stores/Nope/scopes/global/entries").json()
    assert empty == {"orderedDataStoreEntries": []}


def test_create_get_update_delete(client: httpx.Client) -> None:
    created = client.post(BOARD, params={"id": "newcomer"}, json={"value": 12})
    assert created.status_code == 200
    assert created.json()["value"] == 12
    duplicate = client.post(BOARD, params={"id": "newcomer"}, json={"value": 1})
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "INVALID_ARGUMENT"
    assert client.get(f"{BOARD}/newcomer").json()["value"] == 12

    assert client.patch(f"{BOARD}/newcomer", json={"value": 20000}).json()["value"] == 20000
    assert scores(client, orderBy="value desc", maxPageSize=1)[0] == ("newcomer", 20000)
    assert client.patch(f"{BOARD}/ghost", json={"value": 1}).status_code == 404
    made = client.patch(f"{BOARD}/ghost", params={"allowMissing": "true"}, json={"value": 1})
    assert made.json() == {
        "path": f"universes/{DEMO_UNIVERSE_ID}/ordered-data-stores/Leaderboard/scopes/global/entries/ghost",
        "value": 1,
        "id": "ghost",
    }

    assert client.delete(f"{BOARD}/newcomer").json() == {}
    assert client.get(f"{BOARD}/newcomer").status_code == 404
    assert client.delete(f"{BOARD}/newcomer").status_code == 404
    assert len(scores(client)) == 11


def test_increment(client: httpx.Client) -> None:
    assert client.post(f"{BOARD}/user_1:increment", json={"amount": 25}).json()["value"] == 75
    assert client.post(f"{BOARD}/fresh:increment", json={"amount": -4}).json()["value"] == -4
    assert (
        client.post(f"{U}/ordered-data-stores/New/scopes/s/entries/k:increment", json={"amount": 2.0}).json()[
            "value"
        ]
        == 2
    )


@pytest.mark.parametrize("value", [1.5, "7", None, True, 2**63])
def test_values_must_be_integers(client: httpx.Client, value: Any) -> None:
    assert client.post(BOARD, params={"id": "bad"}, json={"value": value}).status_code == 400
    assert client.post(f"{BOARD}/user_1:increment", json={"amount": value}).status_code == 400


def test_create_requires_id(client: httpx.Client) -> None:
    assert client.post(BOARD, json={"value": 1}).status_code == 400
    assert client.post(BOARD, params={"id": "x" * 64}, json={"value": 1}).status_code == 400
    assert client.post(BOARD, params={"id": "x" * 63}, json={"value": 1}).status_code == 200
