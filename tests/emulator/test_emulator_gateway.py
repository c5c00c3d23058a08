"""Cross-cutting behaviour: auth, routing, strictness, headers and recording."""

from __future__ import annotations

import httpx
import pytest
from tests.emulator._support import BASE_URL, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, RecordedRequest

INVALID_KEY = {"errors": [{"code": 0, "message": "Invalid API Key"}]}


def test_missing_credentials_get_the_gateway_401(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as http:
        response = http.get(f"{U}/data-stores")
        assert response.status_code == 401
        assert response.json() == INVALID_KEY
        assert http.get(f"{U}/data-stores", headers={"x-api-key": ""}).status_code == 401
        assert http.get(f"{U}/data-stores", headers={"authorization": "Basic abc"}).status_code == 401


def test_bearer_token_is_accepted(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as http:
        response = http.get(f"{U}/data-stores", headers={"authorization": "Bearer some-token"})
        assert response.status_code == 200


def test_api_keys_restrict_credentials() -> None:
    emu = Emulator(api_keys={"k1"})
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as http:
        assert http.get(f"{U}/data-stores", headers={"x-api-key": "k1"}).status_code == 200
        wrong = http.get(f"{U}/data-stores", headers={"x-api-key": "k2"})
        assert wrong.status_code == 401
        assert wrong.json() == INVALID_KEY
        assert http.get(f"{U}/data-stores", headers={"authorization": "Bearer k1"}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/cloud/v2/nothing"),
        ("GET", "/"),
        ("PUT", f"{U}/data-stores"),
        ("POST", f"{U}/data-stores/PlayerData"),
        ("GET", f"{U}/data-stores/PlayerData/entries/a/b"),
        ("POST", f"{U}/data-stores/PlayerData/entries/a:frobnicate"),
    ],
)
def test_unknown_path_or_method_is_a_gateway_404(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"code": 0, "message": "NotFound"}]}


def test_unknown_query_parameter_is_rejected(client: httpx.Client) -> None:
    response = client.get(f"{U}/data-stores", params={"pageSize": 5})
    assert response.status_code == 400
    assert response.json() == {"code": "INVALID_ARGUMENT", "message": "Unknown query parameter 'pageSize'"}


def test_repeated_query_parameter_is_rejected(client: httpx.Client) -> None:
    response = client.get(f"{U}/data-stores", params=[("maxPageSize", "1"), ("maxPageSize", "2")])
    assert response.status_code == 400


def test_body_without_json_content_type_is_rejected(client: httpx.Client) -> None:
    response = client.post(f"{U}/data-stores:snapshot", content=b"{}")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_ARGUMENT"
    text = client.post(f"{U}/data-stores:snapshot", content=b"{}", headers={"content-type": "text/plain"})
    assert text.status_code == 400


def test_malformed_json_is_rejected(client: httpx.Client) -> None:
    headers = {"content-type": "application/json"}
    for body in (b"{", b"[1, 2]", b'{"value": NaN}'):
        response = client.post(
            f"{U}/data-stores/S/entries", params={"id": "k"}, content=body, headers=headers
        )
        assert response.status_code == 400, body
        assert response.json()["code"] == "INVALID_ARGUMENT"


def test_missing_required_body_is_rejected(client: httpx.Client) -> None:
    assert client.post(f"{U}/data-stores:snapshot").status_code == 400


def test_body_on_get_is_rejected(client: httpx.Client) -> None:
    response = client.request("GET", f"{U}/data-stores", json={})
    assert response.status_code == 400


def test_invalid_universe_id(client: httpx.Client) -> None:
    response = client.get("/cloud/v2/universes/abc/data-stores")
    assert response.status_code == 400
    assert client.get("/cloud/v2/universes/0/data-stores").status_code == 400


def test_any_numeric_universe_works(client: httpx.Client) -> None:
    created = client.post(
        "/cloud/v2/universes/42/data-stores/S/entries", params={"id": "k"}, json={"value": 1}
    )
    assert created.status_code == 200
    assert created.json()["path"] == "universes/42/data-stores/S/scopes/global/entries/k"
    listing = client.get("/cloud/v2/universes/42/data-stores").json()
    assert [store["id"] for store in listing["dataStores"]] == ["S"]


def test_responses_are_json_with_rate_limit_headers(client: httpx.Client) -> None:
    first = client.get(f"{U}/data-stores")
    second = client.get(f"{U}/data-stores/nope/entries/x")
    for response in (first, second):
        assert response.headers["content-type"] == "application/json"
        assert int(response.headers["x-ratelimit-limit"]) > 0
        assert int(response.headers["x-ratelimit-reset"]) >= 0
    assert int(second.headers["x-ratelimit-remaining"]) < int(first.headers["x-ratelimit-remaining"])


def test_requests_are_recorded_with_credentials_redacted(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as http:
        http.post(
            f"{U}/data-stores/S/entries",
            params={"id": "k"},
            json={"value": {"a": 1}},
            headers={"x-api-key": "secret-key", "Authorization": "Bearer secret-token", "x-extra": "kept"},
        )
    (recorded,) = emu.requests
    assert isinstance(recorded, RecordedRequest)
    assert recorded.method == "POST"
    assert recorded.path == f"{U}/data-stores/S/entries"
    assert recorded.query == [("id", "k")]
    assert recorded.json == {"value": {"a": 1}}
    assert recorded.headers["x-api-key"] == "***"
    assert recorded.headers["authorization"] == "***"
    assert recorded.headers["x-extra"] == "kept"
    assert "secret" not in repr(recorded)


def test_recording_can_be_bounded_or_disabled(client: httpx.Client) -> None:
    bounded = Emulator(record=2, seed=False)
    disabled = Emulator(record=0, seed=False)
    for emu in (bounded, disabled):
        with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers={"x-api-key": "k"}) as http:
            for _ in range(3):
                http.get(f"{U}/data-stores")
    assert len(bounded.requests) == 2
    assert len(disabled.requests) == 0


def test_reset_restores_the_seed(emu: Emulator, client: httpx.Client) -> None:
    client.delete(f"{U}/data-stores/PlayerData/entries/user_287113233")
    with pytest.raises(KeyError):
        emu.get_entry_value(DEMO_UNIVERSE_ID, "PlayerData", "user_287113233")
    emu.reset()
    assert emu.get_entry_value(DEMO_UNIVERSE_ID, "PlayerData", "user_287113233") == {"xp": 1337, "level": 7}
    assert len(emu.requests) == 0


def test_unseeded_emulator_is_empty() -> None:
    emu = Emulator(seed=False)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers={"x-api-key": "k"}) as http:
        assert http.get(f"{U}/data-stores").json() == {"dataStores": []}


def test_handle_is_callable_directly(emu: Emulator) -> None:
    response = emu.handle("GET", f"{U}/data-stores", [("maxPageSize", "1")], {"X-Api-Key": "k"}, b"")
    assert response.status == 200
    assert ("content-type", "application/json") in response.headers
    assert b'"dataStores"' in response.body
