"""Users and groups on the wire: shapes, state, strict checks, paging, thumbnail operations."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from rblxopencloudasync.emulator import Emulator, GroupArea, UserArea

G = "/cloud/v2/groups/42"


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


# -- users ----------------------------------------------------------------------------


def test_user_shape(client: httpx.Client) -> None:
    body = client.get("/cloud/v2/users/287113233").raise_for_status().json()
    assert body["path"] == "users/287113233" and body["id"] == "287113233"
    assert body["name"] == "DemoOwner" and body["premium"] is True and body["idVerified"] is True
    assert body["socialNetworkProfiles"]["visibility"] == "EVERYONE"
    plain = client.get("/cloud/v2/users/156").json()
    assert "premium" not in plain and "socialNetworkProfiles" not in plain and "about" not in plain
    assert error_of(client.get("/cloud/v2/users/1")) == (404, "NOT_FOUND")
    assert error_of(client.get("/cloud/v2/users/abc")) == (400, "INVALID_ARGUMENT")


def test_thumbnail_operation_done_after_polls(client: httpx.Client, emu: Emulator) -> None:
    emu.area(UserArea).thumbnail_polls = 2
    started = client.get("/cloud/v2/users/156:generateThumbnail", params={"size": 60}).json()
    assert "done" not in started and started["path"].startswith("users/156/operations/")
    poll = f"/cloud/v2/{started['path']}"
    assert "done" not in client.get(poll).json()
    done = client.get(poll).json()
    assert done["done"] is True and "/60/60/AvatarHeadshot/Png/noFilter" in done["response"]["imageUri"]
    assert error_of(
        client.get("/cloud/v2/users/287113233/operations/" + started["path"].rsplit("/", 1)[1])
    ) == (
        404,
        "NOT_FOUND",
    )
    emu.area(UserArea).thumbnail_polls = 0
    at_once = client.get("/cloud/v2/users/156:generateThumbnail").json()
    assert at_once["done"] is True and "/420/420/" in at_once["response"]["imageUri"]
    assert emu.area(UserArea).thumbnail_requests() == 2


@pytest.mark.parametrize(
    "params", [{"size": 421}, {"size": "x"}, {"format": "GIF"}, {"shape": "CIRCLE"}, {"scale": 2}]
)
def test_thumbnail_strict_query(client: httpx.Client, params: dict[str, Any]) -> None:
    assert error_of(client.get("/cloud/v2/users/156:generateThumbnail", params=params)) == (
        400,
        "INVALID_ARGUMENT",
    )


# -- groups ---------------------------------------------------------------------------


def test_group_shape_and_not_found(client: httpx.Client) -> None:
    body = client.get(G).json()
    assert body["path"] == "groups/42" and body["owner"] == "users/287113233"
    assert body["memberCount"] == 5 and body["verified"] is True and "locked" not in body
    for path in ("", "/memberships", "/roles", "/join-requests", "/shout"):
        assert error_of(client.get(f"/cloud/v2/groups/999{path}")) == (404, "NOT_FOUND")


def test_memberships_pages_and_filters(client: httpx.Client, emu: Emulator) -> None:
    area = emu.area(GroupArea)
    for user_id in range(2000, 2025):
        area.add_member(42, user_id)
    rows = all_pages(client, f"{G}/memberships", "groupMemberships", maxPageSize=10)
    assert len(rows) == 30
    first = rows[0]
    assert first["user"] == "users/156" and first["roles"] == [first["role"]]
    assert first["path"] == "groups/42/memberships/" + base64.urlsafe_b64encode(b"156").decode().rstrip("=")
    member_role = area.role_ids(42)["Member"]
    only = client.get(
        f"{G}/memberships", params={"filter": f"role == 'groups/42/roles/{member_role}'"}
    ).json()
    assert all(row["role"] == f"groups/42/roles/{member_role}" for row in only["groupMemberships"])
    mine = client.get("/cloud/v2/groups/-/memberships", params={"filter": "user == 'users/287113233'"}).json()
    assert [row["path"].split("/")[1] for row in mine["groupMemberships"]] == ["42", "43"]
    several = client.get(
        "/cloud/v2/groups/-/memberships", params={"filter": "user in ['users/156', 'users/287113233']"}
    ).json()
    assert len(several["groupMemberships"]) == 4


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/cloud/v2/groups/-/memberships", {}),
        ("/cloud/v2/groups/-/memberships", {"filter": "role == 'groups/42/roles/1'"}),
        (f"{G}/memberships", {"filter": "user in ['users/156']"}),
        (f"{G}/memberships", {"filter": "user == 156"}),
        (f"{G}/memberships", {"filter": "role == 'groups/42/roles/1'"}),
        (f"{G}/memberships", {"pageToken": "garbage"}),
        (f"{G}/memberships", {"view": "FULL"}),
        (f"{G}/join-requests", {"filter": "role == 'groups/42/roles/1'"}),
        (f"{G}/roles", {"filter": "rank > 1"}),
    ],
)
def test_listings_are_strict(client: httpx.Client, url: str, params: dict[str, Any]) -> None:
    assert error_of(client.get(url, params=params)) == (400, "INVALID_ARGUMENT")


def test_page_token_is_bound_to_its_query(client: httpx.Client, emu: Emulator) -> None:
    for user_id in range(2000, 2025):
        emu.area(GroupArea).add_member(42, user_id)
    token = client.get(f"{G}/memberships", params={"maxPageSize": 5}).json()["nextPageToken"]
    other = client.get(f"{G}/memberships", params={"pageToken": token, "filter": "user == 'users/156'"})
    assert error_of(other) == (400, "INVALID_ARGUMENT")


def test_update_membership(client: httpx.Client, emu: Emulator) -> None:
    roles = emu.area(GroupArea).role_ids(42)
    officer = f"groups/42/roles/{roles['Officer']}"
    by_user = client.patch(f"{G}/memberships/156", json={"role": officer}).raise_for_status().json()
    assert by_user["role"] == officer
    membership = base64.urlsafe_b64encode(b"1002").decode().rstrip("=")
    by_id = client.patch(f"{G}/memberships/{membership}", json={"role": officer, "user": "users/1002"})
    assert by_id.json()["role"] == officer
    assert emu.area(GroupArea).member_role(42, 1002) == roles["Officer"]
    for body, expected in [
        ({"role": officer, "roles": [officer]}, (400, "INVALID_ARGUMENT")),  # read-only field
        ({}, (400, "INVALID_ARGUMENT")),
        ({"role": "groups/43/roles/1"}, (400, "INVALID_ARGUMENT")),
        ({"role": f"groups/42/roles/{roles['Guest']}"}, (400, "INVALID_ARGUMENT")),
        ({"role": f"groups/42/roles/{roles['Owner']}"}, (400, "INVALID_ARGUMENT")),
        ({"role": "groups/42/roles/7"}, (404, "NOT_FOUND")),
        ({"role": officer, "user": "users/1"}, (400, "INVALID_ARGUMENT")),
    ]:
        assert error_of(client.patch(f"{G}/memberships/156", json=body)) == expected, body
    assert error_of(client.patch(f"{G}/memberships/1004", json={"role": officer})) == (404, "NOT_FOUND")
    assert error_of(client.patch(f"{G}/memberships/!!", json={"role": officer})) == (400, "INVALID_ARGUMENT")


def test_roles_pages_in_rank_order(client: httpx.Client, emu: Emulator) -> None:
    for rank in range(2, 30):
        emu.area(GroupArea).add_role(42, f"R{rank}", rank)
    first = client.get(f"{G}/roles", params={"maxPageSize": 50}).json()
    assert len(first["groupRoles"]) == 20 and "nextPageToken" in first  # 20 at most
    rows = all_pages(client, f"{G}/roles", "groupRoles")
    ranks = [row["rank"] for row in rows]
    assert ranks == sorted(ranks) and len(rows) == 32
    guest = rows[0]
    assert "memberCount" not in guest and guest["permissions"]["viewGroupShout"] is True
    assert client.get(f"{G}/roles/{guest['id']}").json() == guest
    assert error_of(client.get(f"{G}/roles/1")) == (404, "NOT_FOUND")


def test_join_requests_answered_once(client: httpx.Client, emu: Emulator) -> None:
    rows = all_pages(client, f"{G}/join-requests", "groupJoinRequests", maxPageSize=1)
    assert [row["user"] for row in rows] == ["users/1004", "users/1005"]
    assert rows[0]["path"] == "groups/42/join-requests/1004"
    accepted = client.post(f"{G}/join-requests/1004:accept", json={})
    assert accepted.status_code == 200 and accepted.content == b""
    assert emu.area(GroupArea).member_role(42, 1004) == emu.area(GroupArea).role_ids(42)["Member"]
    assert error_of(client.post(f"{G}/join-requests/1004:accept", json={})) == (404, "NOT_FOUND")
    assert error_of(client.post(f"{G}/join-requests/1005:decline", json={"reason": "x"})) == (
        400,
        "INVALID_ARGUMENT",
    )
    assert client.post(f"{G}/join-requests/1005:decline", json={}).status_code == 200
    assert emu.area(GroupArea).member_role(42, 1005) is None
    assert emu.area(GroupArea).pending_join_requests(42) == []


def test_shout(client: httpx.Client, emu: Emulator) -> None:
    shout = client.get(f"{G}/shout").json()
    assert shout["content"] == "Welcome to the demo group!" and shout["poster"] == "users/287113233"
    emu.area(GroupArea).add_group(50, "Silent", None)
    assert client.get("/cloud/v2/groups/50/shout").json() == {"path": "groups/50/shout"}


# -- followings (legacy shapes) ---------------------------------------------------------

F = "/legacy-followings/v1/users/287113233/universes"


def legacy_error(response: httpx.Response) -> tuple[int, int, str]:
    (error,) = response.json()["errors"]
    return response.status_code, error["code"], error["message"]


def test_followings_shapes_and_state(client: httpx.Client, emu: Emulator) -> None:
    listed = client.get("/legacy-followings/v2/users/287113233/universes").raise_for_status().json()
    assert listed == {
        "followerType": 1,
        "followerId": 287113233,
        "sourceType": 1,
        "followedSources": {"13058": "2024-05-04T18:30:00.000000Z"},
    }
    assert client.delete(f"{F}/13058").json() == {"universeId": 13058, "userId": 287113233}
    status = client.get(f"{F}/13058/status").json()
    assert status == {
        "UniverseId": 13058,
        "UserId": 287113233,
        "CanFollow": True,
        "IsFollowing": False,
        "FollowingCountByType": 0,
        "FollowingLimitByType": 200,
    }
    assert client.post(f"{F}/13058").json() == {"universeId": 13058, "userId": 287113233}
    # followed again at the (frozen) clock's time; a second follow keeps it
    assert client.post(f"{F}/13058").status_code == 200
    assert emu.area(UserArea).followings(287113233) == {
        13058: emu.area(UserArea).followings(287113233)[13058]
    }
    followed = client.get("/legacy-followings/v2/users/287113233/universes").json()["followedSources"]
    assert followed == {"13058": "2024-12-02T06:00:00.000000Z"}


def test_followings_limit(client: httpx.Client, emu: Emulator) -> None:
    emu.area(UserArea).follow_limit = 1
    emu.area(UserArea).add_following(287113233, 777)  # any id; no universe check in the helper
    status = client.get(f"{F}/13058/status").json()
    assert (
        status["IsFollowing"] is True and status["CanFollow"] is True and status["FollowingCountByType"] == 2
    )
    client.delete(f"{F}/13058").raise_for_status()
    status = client.get(f"{F}/13058/status").json()
    assert status["CanFollow"] is False and status["FollowingLimitByType"] == 1
    code, number, message = legacy_error(client.post(f"{F}/13058"))
    assert (code, number) == (400, 0) and "limit" in message


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status"),
    [
        ("GET", "/legacy-followings/v2/users/156/universes", {}, 403),  # not the key's owner
        ("POST", "/legacy-followings/v1/users/156/universes/13058", {}, 403),
        ("GET", f"{F}/13058/status", {"params": {"x": "1"}}, 400),  # no query parameters
        ("POST", f"{F}/13058", {"json": {"follow": True}}, 400),  # no body
        ("POST", f"{F}/abc", {}, 400),
        ("GET", "/legacy-followings/v2/users/0/universes", {}, 400),
        ("POST", f"{F}/999", {}, 404),  # a universe no area knows
        ("GET", f"{F}/999/status", {}, 404),
        ("DELETE", f"{F}/999", {}, 404),
    ],
)
def test_followings_are_strict(
    client: httpx.Client, emu: Emulator, method: str, url: str, kwargs: dict[str, Any], status: int
) -> None:
    code, number, _ = legacy_error(client.request(method, url, **kwargs))
    assert (code, number) == (status, 0)
    assert emu.area(UserArea).followings(156) == {}


def test_followings_belong_to_the_key_owner(emu: Emulator) -> None:
    emu.add_api_key("builderman", owner_id=156)
    with httpx.Client(
        transport=emu.transport(), base_url="https://apis.roblox.com", headers={"x-api-key": "builderman"}
    ) as http:
        http.post("/legacy-followings/v1/users/156/universes/13058").raise_for_status()
        assert http.get("/legacy-followings/v2/users/287113233/universes").status_code == 403
    assert list(emu.area(UserArea).followings(156)) == [13058]
