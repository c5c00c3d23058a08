"""Universes, places, place publishing and place assets: wire shapes and strictness."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from rblxopencloudasync.emulator._places import PlaceArea

PLACE = f"{U}/places/1818"
VERSIONS = f"/universes/v1/{DEMO_UNIVERSE_ID}/places/1818/versions"
BINARY = {"content-type": "application/octet-stream"}
XML = {"content-type": "application/xml"}
RBXL = b"<roblox!\x89\xff\r\n\x1a\n\x00\x00payload"
RBXLX = b'<?xml version="1.0"?>\n<roblox version="4"></roblox>'


def error_code(response: httpx.Response) -> str:
    return str(response.json()["code"])


# -- universes -----------------------------------------------------------------------


def test_get_universe_shape(client: httpx.Client) -> None:
    body = client.get(U).raise_for_status().json()
    assert body == {
        "path": f"universes/{DEMO_UNIVERSE_ID}",
        "createTime": "2024-11-02T06:00:00.000000Z",
        "updateTime": "2024-11-02T06:00:00.000000Z",
        "displayName": "Open Cloud Demo",
        "description": "The demo experience of the Open Cloud emulator.",
        "user": "users/287113233",
        "visibility": "PUBLIC",
        "discordSocialLink": {"title": "Demo Discord", "uri": "https://discord.gg/roblox"},
        "voiceChatEnabled": True,
        "ageRating": "AGE_RATING_ALL",
        "privateServerPriceRobux": 100,
        "desktopEnabled": True,
        "mobileEnabled": True,
        "tabletEnabled": True,
        "consoleEnabled": False,
        "vrEnabled": False,
        "rootPlace": f"universes/{DEMO_UNIVERSE_ID}/places/1818",
    }


def test_unknown_universe_is_404(client: httpx.Client) -> None:
    response = client.get("/cloud/v2/universes/999")
    assert response.status_code == 404
    assert error_code(response) == "NOT_FOUND"
    assert client.get("/cloud/v2/universes/abc").status_code == 400


def test_patch_universe_with_mask(client: httpx.Client, clock: FakeClock) -> None:
    clock.advance(hours=1)
    response = client.patch(
        U,
        params={"updateMask": "voiceChatEnabled,privateServerPriceRobux,discordSocialLink,twitchSocialLink"},
        json={
            "voiceChatEnabled": False,
            "privateServerPriceRobux": None,
            "twitchSocialLink": {"title": "Live", "uri": "https://twitch.tv/roblox"},
        },
    )
    body = response.raise_for_status().json()
    assert body["voiceChatEnabled"] is False
    assert "privateServerPriceRobux" not in body  # disabled
    assert "discordSocialLink" not in body  # masked and absent: removed
    assert body["twitchSocialLink"] == {"title": "Live", "uri": "https://twitch.tv/roblox"}
    assert body["updateTime"] == "2024-12-02T07:00:00.000000Z"
    assert client.get(U).json() == body


def test_patch_universe_without_mask_uses_body_fields(client: httpx.Client) -> None:
    body = client.patch(U, json={"vrEnabled": True}).raise_for_status().json()
    assert body["vrEnabled"] is True
    assert body["privateServerPriceRobux"] == 100  # untouched


@pytest.mark.parametrize(
    ("params", "payload"),
    [
        ({"updateMask": "displayName"}, {"displayName": "x"}),  # output only
        ({"updateMask": "ageRating"}, {"ageRating": "AGE_RATING_ALL"}),
        ({"updateMask": "vrEnabled"}, {"vrEnabled": True, "consoleEnabled": True}),  # not masked
        ({"updateMask": "vrEnabled"}, {"vrEnabled": "yes"}),
        ({"updateMask": "vrEnabled"}, {}),  # a boolean cannot be cleared
        ({"updateMask": "privateServerPriceRobux"}, {"privateServerPriceRobux": -5}),
        ({"updateMask": "privateServerPriceRobux"}, {"privateServerPriceRobux": True}),
        ({"updateMask": "privateServerPriceRobux"}, {"privateServerPriceRobux": 2**31}),
        ({"updateMask": "discordSocialLink"}, {"discordSocialLink": "https://discord.gg"}),
        ({"updateMask": "discordSocialLink"}, {"discordSocialLink": {"uri": ""}}),
        ({"updateMask": "discordSocialLink"}, {"discordSocialLink": {"uri": "https://x", "kind": 1}}),
        ({}, {"bogus": 1}),
        ({}, {}),
        ({"updateMask": "vrEnabled"}, {"path": "universes/1", "vrEnabled": True}),
    ],
)
def test_patch_universe_rejects_bad_requests(
    client: httpx.Client, params: dict[str, str], payload: dict[str, Any]
) -> None:
    before = client.get(U).json()
    response = client.patch(U, params=params, json=payload)
    assert response.status_code == 400, response.text
    assert error_code(response) == "INVALID_ARGUMENT"
    assert client.get(U).json() == before


def test_patch_universe_rejects_unknown_query_and_bad_body(client: httpx.Client) -> None:
    assert client.patch(U, params={"mask": "vrEnabled"}, json={"vrEnabled": True}).status_code == 400
    assert client.patch(U, content=b"[1]", headers={"content-type": "application/json"}).status_code == 400
    assert client.patch(U, content=b"vrEnabled=1", headers={"content-type": "text/plain"}).status_code == 400
    assert client.patch(U).status_code == 400  # a body is required


# -- places ------------------------------------------------------------------------


def test_get_place_shape(client: httpx.Client) -> None:
    assert client.get(PLACE).raise_for_status().json() == {
        "path": f"universes/{DEMO_UNIVERSE_ID}/places/1818",
        "createTime": "2024-11-02T06:00:00.000000Z",
        "updateTime": "2024-11-02T06:00:00.000000Z",
        "displayName": "Open Cloud Demo",
        "description": "The demo experience of the Open Cloud emulator.",
        "serverSize": 50,
        "root": True,
        "universeRuntimeCreation": False,
    }
    assert client.get(f"{U}/places/1819").json()["root"] is False


def test_place_lookup_errors(emu: Emulator, client: httpx.Client) -> None:
    emu.area(PlaceArea).add_universe(555, root_place_id=777)
    assert client.get(f"{U}/places/777").status_code == 404  # another universe's place
    assert client.get(f"{U}/places/4040").status_code == 404
    assert client.get("/cloud/v2/universes/555/places/777").status_code == 200
    assert client.get(f"{U}/places/x").status_code == 400


def test_patch_place(client: httpx.Client, clock: FakeClock) -> None:
    clock.advance(minutes=5)
    body = (
        client.patch(
            PLACE,
            params={"updateMask": "displayName,description,serverSize"},
            json={"displayName": "New name", "description": "New text", "serverSize": 25},
        )
        .raise_for_status()
        .json()
    )
    assert (body["displayName"], body["description"], body["serverSize"]) == ("New name", "New text", 25)
    assert body["updateTime"] == "2024-12-02T06:05:00.000000Z"
    universe = client.get(U).json()
    assert (universe["displayName"], universe["description"]) == ("New name", "New text")
    assert universe["updateTime"] == body["updateTime"]
    cleared = client.patch(PLACE, params={"updateMask": "description"}, json={}).raise_for_status().json()
    assert cleared["description"] == ""


@pytest.mark.parametrize(
    ("params", "payload"),
    [
        ({"updateMask": "displayName"}, {"displayName": ""}),
        ({"updateMask": "displayName"}, {"displayName": 5}),
        ({"updateMask": "displayName"}, {}),
        ({"updateMask": "description"}, {"description": "d" * 1001}),
        ({"updateMask": "serverSize"}, {"serverSize": 0}),
        ({"updateMask": "serverSize"}, {"serverSize": "10"}),
        ({"updateMask": "serverSize"}, {"serverSize": True}),
        ({"updateMask": "root"}, {"root": False}),
        ({"updateMask": "displayName"}, {"displayName": "a", "serverSize": 3}),
        ({}, {"templatePlace": "universes/1/places/2"}),
    ],
)
def test_patch_place_rejects_bad_requests(
    client: httpx.Client, params: dict[str, str], payload: dict[str, Any]
) -> None:
    before = client.get(PLACE).json()
    response = client.patch(PLACE, params=params, json=payload)
    assert response.status_code == 400, response.text
    assert client.get(PLACE).json() == before


# -- publishing ----------------------------------------------------------------------


def test_publish_versions(emu: Emulator, client: httpx.Client, clock: FakeClock) -> None:
    first = client.post(VERSIONS, params={"versionType": "Saved"}, content=RBXL, headers=BINARY)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/plain")
    assert first.json() == {"versionNumber": 2}
    clock.advance(seconds=30)
    second = client.post(VERSIONS, params={"versionType": "Published"}, content=RBXLX, headers=XML)
    assert second.json() == {"versionNumber": 3}
    default = client.post(VERSIONS, content=RBXL, headers=BINARY)  # no versionType: saved
    assert default.json() == {"versionNumber": 4}
    versions = emu.area(PlaceArea).place_versions(1818)
    assert [(v.version_number, v.published, v.content_type) for v in versions] == [
        (2, False, "application/octet-stream"),
        (3, True, "application/xml"),
        (4, False, "application/octet-stream"),
    ]
    # each place counts its own versions
    other = f"/universes/v1/{DEMO_UNIVERSE_ID}/places/1819/versions"
    assert client.post(other, content=RBXL, headers=BINARY).json() == {"versionNumber": 2}
    asset = client.get("/assets/v1/assets/1818").json()
    assert asset["revisionId"] == "4"
    assert asset["revisionCreateTime"] == "2024-12-02T06:00:30.000000Z"


@pytest.mark.parametrize(
    ("params", "content", "headers"),
    [
        ({"versionType": "Draft"}, RBXL, BINARY),
        ({"versionType": "published"}, RBXL, BINARY),
        ({}, b"", BINARY),
        ({}, RBXL, XML),  # binary file sent as XML
        ({}, RBXLX, BINARY),  # XML file sent as binary
        ({}, RBXL, {"content-type": "application/json"}),
        ({}, RBXL, {"content-type": "text/plain"}),
        ({}, b"hello", BINARY),
        ({}, b"<robloxian/>", XML),
        ({"version": "Saved"}, RBXL, BINARY),
    ],
)
def test_publish_rejects_bad_requests(
    emu: Emulator, client: httpx.Client, params: dict[str, str], content: bytes, headers: dict[str, str]
) -> None:
    response = client.post(VERSIONS, params=params, content=content, headers=headers)
    assert response.status_code == 400, response.text
    assert emu.area(PlaceArea).place_versions(1818) == []


def test_publish_size_limit(client: httpx.Client) -> None:
    response = client.post(VERSIONS, content=RBXL + b"\0" * (10 * 1024 * 1024), headers=BINARY)
    assert response.status_code == 413


def test_publish_lookup_errors(emu: Emulator, client: httpx.Client) -> None:
    emu.area(PlaceArea).add_universe(555, root_place_id=777)
    wrong = client.post(f"/universes/v1/{DEMO_UNIVERSE_ID}/places/777/versions", content=RBXL, headers=BINARY)
    assert wrong.status_code == 409
    assert error_code(wrong) == "ABORTED"
    missing = client.post(
        f"/universes/v1/{DEMO_UNIVERSE_ID}/places/4040/versions", content=RBXL, headers=BINARY
    )
    assert missing.status_code == 404
    assert (
        client.post("/universes/v1/999/places/1818/versions", content=RBXL, headers=BINARY).status_code == 404
    )


def test_publish_needs_an_api_key(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url="https://apis.roblox.com") as anonymous:
        assert anonymous.post(VERSIONS, content=RBXL, headers=BINARY).status_code == 401


async def test_publish_async_client(aclient: httpx.AsyncClient, emu: Emulator) -> None:
    response = await aclient.post(VERSIONS, params={"versionType": "Published"}, content=RBXL, headers=BINARY)
    assert response.json() == {"versionNumber": 2}
    assert emu.area(PlaceArea).place_versions(1818)[0].size == len(RBXL)


# -- assets ----------------------------------------------------------------------------


def test_get_place_asset(client: httpx.Client) -> None:
    assert client.get("/assets/v1/assets/1819").raise_for_status().json() == {
        "path": "assets/1819",
        "assetId": 1819,
        "assetType": "ASSET_TYPE_PLACE",
        "displayName": "Training Grounds",
        "description": "A second place of the demo experience.",
        "creationContext": {"creator": {"userId": 287113233}},
        "moderationResult": {"moderationState": "MODERATION_STATE_APPROVED"},
        "state": "Active",
        "revisionId": "1",
        "revisionCreateTime": "2024-11-12T06:00:00.000000Z",
    }
    assert (
        client.get("/assets/v1/assets/1818", params={"readMask": "displayName,description"}).status_code
        == 200
    )


def test_get_asset_errors(emu: Emulator, client: httpx.Client) -> None:
    assert client.get("/assets/v1/assets/4040").status_code == 404
    assert client.get("/assets/v1/assets/1818", params={"readMask": "bogus"}).status_code == 400
    assert client.get("/assets/v1/assets/1818", params={"fields": "x"}).status_code == 400
    emu.area(PlaceArea).add_universe(555, root_place_id=777, owner="groups/42")
    creator = client.get("/assets/v1/assets/777").json()["creationContext"]["creator"]
    assert creator == {"groupId": 42}


# -- test helpers and lifecycle ----------------------------------------------------------------


def test_helpers_validate(emu: Emulator) -> None:
    area = emu.area(PlaceArea)
    with pytest.raises(ValueError):
        area.add_universe(DEMO_UNIVERSE_ID, root_place_id=5)
    with pytest.raises(ValueError):
        area.add_universe(556, root_place_id=5, owner="bob")
    with pytest.raises(ValueError):
        area.add_place(999, 5, name="x")
    with pytest.raises(ValueError):
        area.add_place(DEMO_UNIVERSE_ID, 1819, name="x")
    with pytest.raises(KeyError):
        area.place_versions(4040)


def test_reset_restores_the_demo(emu: Emulator, client: httpx.Client) -> None:
    client.patch(PLACE, params={"updateMask": "displayName"}, json={"displayName": "Changed"})
    client.post(VERSIONS, content=RBXL, headers=BINARY)
    emu.reset()
    assert client.get(PLACE).json()["displayName"] == "Open Cloud Demo"
    assert emu.area(PlaceArea).place_versions(1818) == []
    empty = Emulator(seed=False)
    with httpx.Client(transport=empty.transport(), base_url="https://apis.roblox.com") as http:
        assert http.get(U, headers={"x-api-key": "k"}).status_code == 404
