"""User restrictions and ban logs on the wire: shapes, state, strict checks, idempotency."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import BASE_URL, FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from rblxopencloudasync.emulator._bans import BanArea

EMPTY = "/cloud/v2/universes/777"
BANS = f"{EMPTY}/user-restrictions"
PLACE_BANS = f"{EMPTY}/places/42/user-restrictions"
LOGS = f"{EMPTY}/user-restrictions:listLogs"
MASK = {"updateMask": "gameJoinRestriction"}


def ban(**fields: Any) -> dict[str, Any]:
    return {"gameJoinRestriction": {"active": True, **fields}}


def patch(client: httpx.Client, url: str, body: Any, **params: Any) -> httpx.Response:
    return client.patch(url, params={**MASK, **params}, json=body)


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


def all_pages(client: httpx.Client, url: str, field: str, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        query = {**params, **({"pageToken": token} if token else {})}
        body = client.get(url, params=query).raise_for_status().json()
        rows.extend(body[field])
        token = body.get("nextPageToken")
        if token is None:
            return rows


# -- reads and writes ---------------------------------------------------------


def test_never_banned_user_reads_inactive(client: httpx.Client) -> None:
    assert client.get(f"{BANS}/5").json() == {
        "path": "universes/777/user-restrictions/5",
        "user": "users/5",
        "gameJoinRestriction": {
            "active": False,
            "privateReason": "",
            "displayReason": "",
            "excludeAltAccounts": False,
        },
    }
    place = client.get(f"{PLACE_BANS}/5").json()
    assert place["path"] == "universes/777/places/42/user-restrictions/5"
    assert place["gameJoinRestriction"]["inherited"] is False
    assert client.get(BANS).json() == {"userRestrictions": []}
    assert client.get(LOGS).json() == {"logs": []}


def test_ban_shape_and_state(client: httpx.Client, clock: FakeClock) -> None:
    body = ban(duration="3600s", privateReason="p", displayReason="d", excludeAltAccounts=True)
    answer = patch(client, f"{BANS}/9", body)
    assert answer.status_code == 200
    assert answer.json() == {
        "path": "universes/777/user-restrictions/9",
        "updateTime": "2024-12-02T06:00:00.000000Z",
        "user": "users/9",
        "gameJoinRestriction": {
            "active": True,
            "startTime": "2024-12-02T06:00:00.000000Z",
            "duration": "3600s",
            "privateReason": "p",
            "displayReason": "d",
            "excludeAltAccounts": True,
        },
    }
    assert client.get(f"{BANS}/9").json() == answer.json()
    assert client.get(BANS).json()["userRestrictions"] == [answer.json()]
    clock.advance(hours=1)
    expired = client.get(f"{BANS}/9").json()["gameJoinRestriction"]
    assert expired["active"] is False and "startTime" not in expired and "duration" not in expired


def test_update_mask_may_be_omitted_or_snake_case(client: httpx.Client) -> None:
    assert client.patch(f"{BANS}/1", json=ban()).status_code == 200
    answer = client.patch(f"{BANS}/1", params={"updateMask": "game_join_restriction"}, json=ban())
    assert answer.status_code == 200


def test_unban_and_log_shapes(client: httpx.Client, clock: FakeClock, emu: Emulator) -> None:
    patch(client, f"{PLACE_BANS}/3", ban(duration="60s", displayReason="d"))
    clock.advance(seconds=10)
    emu.area(BanArea).moderator_user_id = None
    lifted = patch(client, f"{PLACE_BANS}/3", {"gameJoinRestriction": {"active": False}}).json()
    assert lifted["gameJoinRestriction"]["active"] is False
    logs = client.get(LOGS).json()["logs"]
    assert logs == [
        {
            "user": "users/3",
            "place": "places/42",
            "moderator": {"gameServerScript": {}},
            "createTime": "2024-12-02T06:00:10.000000Z",
            "active": False,
            "privateReason": "",
            "displayReason": "",
            "restrictionType": {"gameJoinRestriction": {}},
            "excludeAltAccounts": False,
        },
        {
            "user": "users/3",
            "place": "places/42",
            "moderator": {"robloxUser": "users/156"},
            "createTime": "2024-12-02T06:00:00.000000Z",
            "active": True,
            "startTime": "2024-12-02T06:00:00.000000Z",
            "duration": "60s",
            "privateReason": "",
            "displayReason": "d",
            "restrictionType": {"gameJoinRestriction": {}},
            "excludeAltAccounts": False,
        },
    ]


def test_universe_ban_is_inherited(client: httpx.Client) -> None:
    patch(client, f"{BANS}/7", ban(displayReason="universe"))
    seen = client.get(f"{PLACE_BANS}/7").json()
    assert seen["path"] == "universes/777/places/42/user-restrictions/7"
    assert seen["gameJoinRestriction"]["inherited"] is True
    assert seen["gameJoinRestriction"]["displayReason"] == "universe"
    # A place ban of its own wins while it is active.
    patch(client, f"{PLACE_BANS}/7", ban(displayReason="place"))
    own = client.get(f"{PLACE_BANS}/7").json()["gameJoinRestriction"]
    assert own["inherited"] is False and own["displayReason"] == "place"
    patch(client, f"{PLACE_BANS}/7", {"gameJoinRestriction": {"active": False}})
    assert client.get(f"{PLACE_BANS}/7").json()["gameJoinRestriction"]["inherited"] is True
    assert [r["user"] for r in client.get(PLACE_BANS).json()["userRestrictions"]] == ["users/7"]
    # Universe restrictions don't show place bans, and other places only inherit.
    patch(client, f"{PLACE_BANS}/8", ban())
    assert [r["user"] for r in client.get(BANS).json()["userRestrictions"]] == ["users/7"]
    other = client.get(f"{EMPTY}/places/43/user-restrictions/8").json()["gameJoinRestriction"]
    assert other["active"] is False


def test_seeded_demo_universe(client: httpx.Client, emu: Emulator) -> None:
    listed = client.get(f"{U}/user-restrictions").json()["userRestrictions"]
    assert [(r["user"], r["gameJoinRestriction"]["active"]) for r in listed] == [
        ("users/3000", False),
        ("users/4000", True),
    ]
    assert len(client.get(f"{U}/user-restrictions:listLogs").json()["logs"]) == 3
    patch(client, f"{U}/user-restrictions/1", ban())
    emu.reset()
    assert len(client.get(f"{U}/user-restrictions:listLogs").json()["logs"]) == 3
    assert emu.area(BanArea).bans(DEMO_UNIVERSE_ID).universe.get(1) is None


# -- listing ----------------------------------------------------------------------


def test_restriction_pages(client: httpx.Client) -> None:
    for user in range(1, 8):
        patch(client, f"{BANS}/{user}", ban())
    rows = all_pages(client, BANS, "userRestrictions", maxPageSize=3)
    assert [row["user"] for row in rows] == [f"users/{n}" for n in range(1, 8)]
    first = client.get(BANS, params={"maxPageSize": 3}).json()
    assert len(first["userRestrictions"]) == 3 and first["nextPageToken"]
    assert len(client.get(BANS, params={"maxPageSize": 500}).json()["userRestrictions"]) == 7
    assert error_of(client.get(BANS, params={"maxPageSize": -1})) == (400, "INVALID_ARGUMENT")
    assert error_of(client.get(BANS, params={"pageToken": "garbage"})) == (400, "INVALID_ARGUMENT")


def test_log_pages_and_filters(client: httpx.Client) -> None:
    for user in (1, 2, 1):
        patch(client, f"{BANS}/{user}", ban())
    patch(client, f"{PLACE_BANS}/1", ban())
    patch(client, f"{EMPTY}/places/43/user-restrictions/1", ban())
    everything = all_pages(client, LOGS, "logs", maxPageSize=2)
    assert [(row["user"], row.get("place")) for row in everything] == [
        ("users/1", "places/43"),
        ("users/1", "places/42"),
        ("users/1", None),
        ("users/2", None),
        ("users/1", None),
    ]
    user_1 = all_pages(client, LOGS, "logs", maxPageSize=1, filter="user == 'users/1'")
    assert len(user_1) == 4
    both = client.get(LOGS, params={"filter": "user == 'users/1' && place == 'places/42'"}).json()
    assert [row["place"] for row in both["logs"]] == ["places/42"]
    quoted = client.get(LOGS, params={"filter": 'place=="places/43"'}).json()["logs"]
    assert [row["place"] for row in quoted] == ["places/43"]
    assert client.get(LOGS, params={"filter": "user == 'users/99'"}).json() == {"logs": []}


def test_log_token_is_bound_to_the_filter(client: httpx.Client) -> None:
    for user in (1, 1, 1):
        patch(client, f"{BANS}/{user}", ban())
    token = client.get(LOGS, params={"maxPageSize": 1, "filter": "user == 'users/1'"}).json()["nextPageToken"]
    moved = client.get(LOGS, params={"maxPageSize": 1, "pageToken": token})
    assert error_of(moved) == (400, "INVALID_ARGUMENT")


@pytest.mark.parametrize(
    "text",
    [
        "user == 'places/1'",
        "user == 'users/1' && user == 'users/2'",
        "user = 'users/1'",
        "user == users/1",
        "time == 'users/1'",
        "user == 'users/1' ||  place == 'places/2'",
        "user == 'users/x'",
    ],
)
def test_bad_log_filters(client: httpx.Client, text: str) -> None:
    assert error_of(client.get(LOGS, params={"filter": text})) == (400, "INVALID_ARGUMENT")


# -- strict checks -----------------------------------------------------------------

BAD_BODIES: list[Any] = [
    {},
    {"gameJoinRestriction": "yes"},
    {"gameJoinRestriction": {"active": True}, "extra": 1},
    ban(reason="x"),
    {"gameJoinRestriction": {"active": "true"}},
    ban(excludeAltAccounts=1),
    ban(privateReason=5),
    ban(displayReason=None),
    ban(displayReason="x" * 401),
    ban(privateReason="x" * 1001),
    ban(duration="1.5s"),
    ban(duration="0s"),
    ban(duration="-1s"),
    ban(duration="60"),
    ban(duration=60),
    ban(duration="315576000001s"),
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_bad_bodies_are_rejected(client: httpx.Client, body: Any) -> None:
    assert error_of(patch(client, f"{BANS}/1", body)) == (400, "INVALID_ARGUMENT")
    assert client.get(LOGS).json() == {"logs": []}


def test_limits_at_the_edges(client: httpx.Client) -> None:
    body = ban(duration="315576000000s", displayReason="d" * 400, privateReason="p" * 1000)
    assert patch(client, f"{BANS}/1", body).status_code == 200
    assert patch(client, f"{BANS}/1", ban(duration="1s")).status_code == 200
    assert patch(client, f"{BANS}/1", ban(duration="5.000s")).status_code == 200


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (f"{BANS}/1", {"updateMask": "gameJoinRestriction.active"}),
        (f"{BANS}/1", {"updateMask": "user"}),
        (f"{BANS}/1", {"allowMissing": "true"}),
        (f"{BANS}/abc", {}),
        (f"{BANS}/0", {}),
        (f"{EMPTY}/places/x/user-restrictions/1", {}),
        (f"{BANS}/1", {"idempotencyKey.firstSent": "2024-12-02T06:00:00Z"}),
        (f"{BANS}/1", {"idempotencyKey.key": "k", "idempotencyKey.firstSent": "yesterday"}),
        (f"{BANS}/1", {"idempotencyKey.key": ""}),
    ],
)
def test_bad_patch_requests(client: httpx.Client, url: str, params: dict[str, str]) -> None:
    answer = client.patch(url, params={**MASK, **params}, json=ban())
    assert error_of(answer) == (400, "INVALID_ARGUMENT")


def test_other_strict_checks(client: httpx.Client, emu: Emulator) -> None:
    assert error_of(client.get(BANS, params={"filter": "x"})) == (400, "INVALID_ARGUMENT")
    assert error_of(client.get(f"{BANS}/1", params={"view": "FULL"})) == (400, "INVALID_ARGUMENT")
    assert error_of(client.patch(f"{BANS}/1", params=MASK)) == (400, "INVALID_ARGUMENT")
    raw = client.patch(f"{BANS}/1", params=MASK, content=b"[1]", headers={"content-type": "application/json"})
    assert error_of(raw) == (400, "INVALID_ARGUMENT")
    assert error_of(client.get("/cloud/v2/universes/0/user-restrictions")) == (400, "INVALID_ARGUMENT")
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as anonymous:
        assert anonymous.get(BANS).status_code == 401


# -- idempotency keys --------------------------------------------------------------


def test_same_key_replays_without_a_second_change(client: httpx.Client, clock: FakeClock) -> None:
    keyed = {"idempotencyKey.key": "k-1", "idempotencyKey.firstSent": "2024-12-02T06:00:00Z"}
    first = patch(client, f"{BANS}/1", ban(displayReason="once"), **keyed).json()
    clock.advance(minutes=1)
    again = patch(client, f"{BANS}/1", ban(displayReason="once"), **keyed)
    assert again.status_code == 200 and again.json() == first
    assert len(client.get(LOGS).json()["logs"]) == 1
    # The same key for another request is a conflict.
    other = patch(client, f"{BANS}/1", ban(displayReason="twice"), **keyed)
    assert error_of(other) == (409, "ABORTED")
    elsewhere = patch(client, f"{BANS}/2", ban(displayReason="once"), **keyed)
    assert error_of(elsewhere) == (409, "ABORTED")
    # Keys belong to their universe.
    assert patch(client, f"{U}/user-restrictions/1", ban(), **keyed).status_code == 200


def test_keys_expire_after_a_day(client: httpx.Client, clock: FakeClock) -> None:
    keyed = {"idempotencyKey.key": "k-2"}
    patch(client, f"{BANS}/1", ban(), **keyed)
    clock.advance(hours=23, minutes=59)
    patch(client, f"{BANS}/1", ban(), **keyed)
    assert len(client.get(LOGS).json()["logs"]) == 1
    clock.advance(minutes=1)
    patch(client, f"{BANS}/1", ban(), **keyed)
    assert len(client.get(LOGS).json()["logs"]) == 2


def test_requests_without_a_key_all_apply(client: httpx.Client) -> None:
    patch(client, f"{BANS}/1", ban())
    patch(client, f"{BANS}/1", ban())
    assert len(client.get(LOGS).json()["logs"]) == 2
