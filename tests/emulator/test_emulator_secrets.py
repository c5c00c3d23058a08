"""Secrets store wire behaviour: key pairs, sealed boxes, strict bodies, ProblemDetails, paging."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from nacl import public
from tests.emulator._support import FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from rblxopencloudasync.emulator._secrets import SecretArea

SECRETS = f"{U}/secrets"


def area(emu: Emulator) -> SecretArea:
    found: SecretArea = emu.area(SecretArea)
    return found


def seal_for(emu: Emulator, plain: bytes, universe_id: int = DEMO_UNIVERSE_ID) -> tuple[str, str]:
    key_id, key = area(emu).public_key(universe_id)
    box = public.SealedBox(public.PublicKey(base64.b64decode(key)))
    return key_id, base64.b64encode(box.encrypt(plain)).decode()


def body_for(emu: Emulator, secret_id: str, plain: bytes, **extra: Any) -> dict[str, Any]:
    key_id, sealed = seal_for(emu, plain)
    return {"id": secret_id, "secret": sealed, "key_id": key_id, **extra}


def assert_problem(response: httpx.Response, status: int, title: str, detail_part: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == str(status)  # a string in this API
    assert body["title"] == title
    assert body["type"].startswith("https://tools.ietf.org/html/rfc9110")
    assert detail_part in body["detail"]
    assert set(body) == {"type", "title", "status", "detail"}


# -- public key ---------------------------------------------------------------------------------


def test_public_key_shape_and_rotation(emu: Emulator, client: httpx.Client) -> None:
    body = client.get(f"{SECRETS}/public-key").json()
    assert set(body) == {"id", "secret", "key_id"}
    assert body["id"] == "public-key"
    assert len(base64.b64decode(body["secret"])) == 32
    assert client.get(f"{SECRETS}/public-key").json() == body
    assert (body["key_id"], body["secret"]) == area(emu).public_key(DEMO_UNIVERSE_ID)
    new_key_id = area(emu).rotate_key(DEMO_UNIVERSE_ID)
    rotated = client.get(f"{SECRETS}/public-key").json()
    assert rotated["key_id"] == new_key_id != body["key_id"]
    assert rotated["secret"] != body["secret"]
    other = client.get("/cloud/v2/universes/42/secrets/public-key").json()
    assert other["key_id"] != rotated["key_id"]


def test_public_key_rejects_query_and_bad_universe(client: httpx.Client) -> None:
    assert client.get(f"{SECRETS}/public-key", params={"x": "1"}).status_code == 400
    assert_problem(client.get("/cloud/v2/universes/abc/secrets/public-key"), 400, "Bad Request", "abc")


# -- create --------------------------------------------------------------------------------------


def test_create_decrypts_and_stores(emu: Emulator, client: httpx.Client, clock: FakeClock) -> None:
    response = client.post(SECRETS, json=body_for(emu, "aws_key", b"AKIA-secret", domain="*.amazonaws.com"))
    assert response.status_code == 201
    assert response.json() == {
        "id": "aws_key",
        "create_time": "2024-12-02T06:00:00.000000Z",
        "update_time": "2024-12-02T06:00:00.000000Z",
    }
    assert area(emu).secret_value(DEMO_UNIVERSE_ID, "aws_key") == b"AKIA-secret"
    listed = client.get(SECRETS).json()["secrets"]
    assert {"id": "aws_key", "domain": "*.amazonaws.com"}.items() <= listed[0].items()


def test_create_without_domain_is_private(emu: Emulator, client: httpx.Client) -> None:
    assert client.post(SECRETS, json=body_for(emu, "pk", b"x")).status_code == 201
    assert client.post(SECRETS, json=body_for(emu, "pk2", b"x", domain=None)).status_code == 201
    domains = {s["id"]: s["domain"] for s in client.get(SECRETS).json()["secrets"]}
    assert domains["pk"] == "" and domains["pk2"] == ""


def test_create_duplicate_is_409(emu: Emulator, client: httpx.Client) -> None:
    assert client.post(SECRETS, json=body_for(emu, "dup", b"1")).status_code == 201
    assert_problem(client.post(SECRETS, json=body_for(emu, "dup", b"2")), 409, "Conflict", "dup")
    assert area(emu).secret_value(DEMO_UNIVERSE_ID, "dup") == b"1"


def test_create_stale_key_id_is_400(emu: Emulator, client: httpx.Client) -> None:
    body = body_for(emu, "late", b"v")
    area(emu).rotate_key(DEMO_UNIVERSE_ID)
    assert_problem(client.post(SECRETS, json=body), 400, "Bad Request", "key_id")
    # sealed with the old key but labelled with the new id: it cannot be opened
    body["key_id"] = area(emu).public_key(DEMO_UNIVERSE_ID)[0]
    assert_problem(client.post(SECRETS, json=body), 400, "Bad Request", "decrypt")


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"id": "1starts_with_digit"}, "id"),
        ({"id": "has-dash"}, "id"),
        ({"id": "x" * 65}, "id"),
        ({"id": 5}, "id"),
        ({"id": None}, "id"),
        ({"secret": None}, "secret"),
        ({"secret": 12}, "secret"),
        ({"secret": "not base64!!"}, "base64"),
        ({"secret": base64.b64encode(b"x" * 80).decode()}, "decrypt"),
        ({"key_id": None}, "key_id"),
        ({"key_id": 7}, "key_id"),
        ({"key_id": "nope"}, "key_id"),
        ({"domain": 3}, "domain"),
        ({"domain": "http://example.com"}, "domain"),
        ({"domain": "a.*.com"}, "domain"),
        ({"create_time": "2024-01-01T00:00:00Z"}, "output only"),
        ({"extra": 1}, "extra"),
        ({"keyId": "camel"}, "keyId"),
    ],
)
def test_create_rejects_bad_bodies(
    emu: Emulator, client: httpx.Client, change: dict[str, Any], detail: str
) -> None:
    body = {**body_for(emu, "fine", b"v"), **change}
    assert_problem(client.post(SECRETS, json=body), 400, "Bad Request", detail)
    assert "fine" not in [s["id"] for s in client.get(SECRETS).json()["secrets"]]


def test_create_requires_secret_and_body(emu: Emulator, client: httpx.Client) -> None:
    body = body_for(emu, "fine", b"v")
    del body["secret"]
    assert_problem(client.post(SECRETS, json=body), 400, "Bad Request", "secret")
    assert client.post(SECRETS).status_code == 400
    assert (
        client.post(SECRETS, content=b"[]", headers={"content-type": "application/json"}).status_code == 400
    )


def test_content_limits(emu: Emulator, client: httpx.Client) -> None:
    assert client.post(SECRETS, json=body_for(emu, "max", "é".encode() * 1024)).status_code == 201
    assert client.post(SECRETS, json=body_for(emu, "max_bin", b"\xff" * 1024)).status_code == 201
    assert_problem(client.post(SECRETS, json=body_for(emu, "big", b"x" * 1025)), 400, "Bad Request", "1024")
    assert_problem(client.post(SECRETS, json=body_for(emu, "empty", b"")), 400, "Bad Request", "empty")


def test_at_most_500_secrets(emu: Emulator, client: httpx.Client) -> None:
    for index in range(499):  # plus the seeded secret
        area(emu).add_secret(DEMO_UNIVERSE_ID, f"s{index}", "v")
    assert_problem(client.post(SECRETS, json=body_for(emu, "extra", b"v")), 400, "Bad Request", "500")
    client.delete(f"{SECRETS}/s0").raise_for_status()
    assert client.post(SECRETS, json=body_for(emu, "extra", b"v")).status_code == 201


# -- update --------------------------------------------------------------------------------------------


def test_update_content_and_domain(emu: Emulator, client: httpx.Client, clock: FakeClock) -> None:
    client.post(SECRETS, json=body_for(emu, "tok", b"old", domain="a.example.com")).raise_for_status()
    clock.advance(minutes=5)
    key_id, sealed = seal_for(emu, b"new")
    response = client.patch(f"{SECRETS}/tok", json={"secret": sealed, "key_id": key_id})
    assert response.status_code == 200
    assert response.json() == {"id": "tok", "update_time": "2024-12-02T06:05:00.000000Z"}
    assert area(emu).secret_value(DEMO_UNIVERSE_ID, "tok") == b"new"
    [listed] = [s for s in client.get(SECRETS).json()["secrets"] if s["id"] == "tok"]
    assert listed == {
        "id": "tok",
        "domain": "a.example.com",
        "create_time": "2024-12-02T06:00:00.000000Z",
        "update_time": "2024-12-02T06:05:00.000000Z",
    }
    # domain only, and the id may be repeated in the body
    assert client.patch(f"{SECRETS}/tok", json={"id": "tok", "domain": "*"}).status_code == 200
    assert area(emu).secret_value(DEMO_UNIVERSE_ID, "tok") == b"new"
    assert [s["domain"] for s in client.get(SECRETS).json()["secrets"] if s["id"] == "tok"] == ["*"]


def test_update_errors(emu: Emulator, client: httpx.Client) -> None:
    key_id, sealed = seal_for(emu, b"v")
    assert_problem(
        client.patch(f"{SECRETS}/missing", json={"secret": sealed, "key_id": key_id}),
        404,
        "Not Found",
        "missing",
    )
    client.post(SECRETS, json=body_for(emu, "tok", b"v")).raise_for_status()
    cases = [
        ({"id": "other", "secret": sealed, "key_id": key_id}, "match"),
        ({"key_id": key_id}, "Nothing to update"),
        ({}, "Nothing to update"),
        ({"key_id": key_id, "domain": "*"}, "key_id"),
        ({"secret": sealed}, "key_id"),
        ({"secret": sealed, "key_id": key_id, "update_time": "2024-01-01T00:00:00Z"}, "output only"),
        ({"secret": sealed, "key_id": key_id, "other": 1}, "other"),
    ]
    for body, detail in cases:
        assert_problem(client.patch(f"{SECRETS}/tok", json=body), 400, "Bad Request", detail)
    assert_problem(client.patch(f"{SECRETS}/bad-id", json={"domain": "*"}), 400, "Bad Request", "id")
    assert client.patch(f"{SECRETS}/tok").status_code == 400  # no body


# -- delete -----------------------------------------------------------------------------------------------


def test_delete_is_permanent(emu: Emulator, client: httpx.Client) -> None:
    client.post(SECRETS, json=body_for(emu, "gone", b"v")).raise_for_status()
    response = client.delete(f"{SECRETS}/gone")
    assert response.status_code == 200 and response.content == b""
    with pytest.raises(KeyError):
        area(emu).secret_value(DEMO_UNIVERSE_ID, "gone")
    assert_problem(client.delete(f"{SECRETS}/gone"), 404, "Not Found", "gone")
    assert_problem(client.delete(f"{SECRETS}/bad-id"), 400, "Bad Request", "id")
    # a secret can be created again under the same id
    assert client.post(SECRETS, json=body_for(emu, "gone", b"w")).status_code == 201


def test_no_get_of_one_secret(client: httpx.Client) -> None:
    assert client.get(f"{SECRETS}/example_api_key").status_code == 404


# -- list -------------------------------------------------------------------------------------------------


def test_list_shape_never_has_content(client: httpx.Client) -> None:
    body = client.get(SECRETS).json()
    assert set(body) == {"secrets", "nextPageCursor", "previousPageCursor"}
    assert body["nextPageCursor"] is None and body["previousPageCursor"] is None
    [seeded] = body["secrets"]
    assert set(seeded) == {"id", "domain", "create_time", "update_time"}
    assert seeded["id"] == "example_api_key"


def test_list_pages_forward_and_back(emu: Emulator, client: httpx.Client) -> None:
    for index in range(24):
        area(emu).add_secret(DEMO_UNIVERSE_ID, f"k{index:02d}", "v")
    expected = sorted([f"k{i:02d}" for i in range(24)] + ["example_api_key"])
    first = client.get(SECRETS).json()  # default page size 10
    assert [s["id"] for s in first["secrets"]] == expected[:10]
    assert first["previousPageCursor"] is None
    second = client.get(SECRETS, params={"cursor": first["nextPageCursor"], "limit": 10}).json()
    assert [s["id"] for s in second["secrets"]] == expected[10:20]
    third = client.get(SECRETS, params={"cursor": second["nextPageCursor"], "limit": 10}).json()
    assert [s["id"] for s in third["secrets"]] == expected[20:]
    assert third["nextPageCursor"] is None
    back = client.get(SECRETS, params={"cursor": third["previousPageCursor"], "limit": 10}).json()
    assert [s["id"] for s in back["secrets"]] == expected[10:20]
    assert back["nextPageCursor"] and back["previousPageCursor"]
    collected: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get(SECRETS, params=params).json()
        collected += [s["id"] for s in page["secrets"]]
        cursor = page["nextPageCursor"]
        if cursor is None:
            break
    assert collected == expected
    assert len(client.get(SECRETS, params={"limit": 500}).json()["secrets"]) == 25


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "501"}, {"limit": "-1"}, {"limit": "ten"}, {"cursor": "garbage"}]
)
def test_list_rejects_bad_params(client: httpx.Client, params: dict[str, str]) -> None:
    assert_problem(client.get(SECRETS, params=params), 400, "Bad Request")


def test_list_rejects_unknown_params(client: httpx.Client) -> None:
    assert client.get(SECRETS, params={"maxPageSize": "5"}).status_code == 400
    assert client.get(SECRETS, params={"pageToken": "x"}).status_code == 400


def test_list_cursor_from_another_universe_is_rejected(emu: Emulator, client: httpx.Client) -> None:
    for index in range(3):
        area(emu).add_secret(DEMO_UNIVERSE_ID, f"k{index}", "v")
    cursor = client.get(SECRETS, params={"limit": 1}).json()["nextPageCursor"]
    assert cursor
    assert_problem(
        client.get("/cloud/v2/universes/99/secrets", params={"cursor": cursor}), 400, "Bad Request"
    )


def test_universes_are_separate(emu: Emulator, client: httpx.Client) -> None:
    key_id, sealed = seal_for(emu, b"v", universe_id=99)
    other = "/cloud/v2/universes/99/secrets"
    assert client.post(other, json={"id": "mine", "secret": sealed, "key_id": key_id}).status_code == 201
    assert [s["id"] for s in client.get(other).json()["secrets"]] == ["mine"]
    assert "mine" not in [s["id"] for s in client.get(SECRETS).json()["secrets"]]
    # a box sealed for universe 99 can't be stored in the demo universe
    assert client.post(SECRETS, json={"id": "mine", "secret": sealed, "key_id": key_id}).status_code == 400


# -- helpers and reset -----------------------------------------------------------------------------------


def test_helpers_and_reset(emu: Emulator) -> None:
    helper = area(emu)
    helper.add_secret(DEMO_UNIVERSE_ID, "direct", "plain", domain="")
    assert helper.secret_value(DEMO_UNIVERSE_ID, "direct") == b"plain"
    assert helper.secret_value(DEMO_UNIVERSE_ID, "example_api_key") == b"demo-secret-value"
    with pytest.raises(ValueError):
        helper.add_secret(DEMO_UNIVERSE_ID, "bad id", "v")
    key_id, _ = helper.public_key(DEMO_UNIVERSE_ID)
    emu.reset()
    with pytest.raises(KeyError):
        helper.secret_value(DEMO_UNIVERSE_ID, "direct")
    assert helper.secret_value(DEMO_UNIVERSE_ID, "example_api_key") == b"demo-secret-value"
    assert helper.public_key(DEMO_UNIVERSE_ID)[0] != key_id
    assert Emulator(seed=False).area(SecretArea)._secrets == {}


def test_unauthenticated_is_gateway_error(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url="https://apis.roblox.com") as bare:
        response = bare.get(SECRETS)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"code": 0, "message": "Invalid API Key"}]}


def test_plumbing_errors_use_problem_details_too(client: httpx.Client) -> None:
    # Rejected before the handler runs (unknown query parameter, non-JSON body),
    # and still answered in this API's ProblemDetails shape.
    assert_problem(client.get(SECRETS, params={"bogus": "1"}), 400, "Bad Request", "bogus")
    response = client.post(
        SECRETS, content=b"id=x", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert_problem(response, 400, "Bad Request", "application/json")
