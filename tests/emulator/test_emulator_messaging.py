"""The messaging area on the wire: strict request shapes, recorded effects, subscriptions, speech."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from tests.emulator._support import AUTH, BASE_URL, FakeClock, U

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator
from rblxopencloudasync.emulator._messaging import DEMO_SUBSCRIPTION_PRODUCT, MessagingArea

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SUBS = f"{U}/subscription-products/{DEMO_SUBSCRIPTION_PRODUCT}/subscriptions"


def area(emu: Emulator) -> MessagingArea:
    return emu.area(MessagingArea)  # type: ignore[no-any-return]


def assert_invalid(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "INVALID_ARGUMENT"


# -- publishMessage ---------------------------------------------------------------------


def test_publish_message(emu: Emulator, client: httpx.Client, clock: FakeClock) -> None:
    response = client.post(f"{U}:publishMessage", json={"topic": "news", "message": "hello"})
    assert response.status_code == 200
    assert response.content == b""
    (message,) = area(emu).published(DEMO_UNIVERSE_ID)
    assert (message.topic, message.message, message.time) == ("news", "hello", clock.now)
    assert area(emu).published(DEMO_UNIVERSE_ID, "other") == []
    assert area(emu).published(999) == []


@pytest.mark.parametrize(
    "body",
    [
        {"topic": "t"},
        {"message": "m"},
        {"topic": "", "message": "m"},
        {"topic": "t" * 81, "message": "m"},
        {"topic": "t", "message": "m" * 1025},
        {"topic": "t", "message": {"a": 1}},
        {"topic": 5, "message": "m"},
        {"topic": "t", "message": "m", "extra": 1},
    ],
)
def test_publish_message_rejects_bad_bodies(
    emu: Emulator, client: httpx.Client, body: dict[str, Any]
) -> None:
    assert_invalid(client.post(f"{U}:publishMessage", json=body))
    assert area(emu).published(DEMO_UNIVERSE_ID) == []


def test_publish_message_needs_a_body_and_a_valid_universe(client: httpx.Client) -> None:
    assert_invalid(client.post(f"{U}:publishMessage"))
    assert_invalid(client.post("/cloud/v2/universes/abc:publishMessage", json={"topic": "t", "message": "m"}))
    assert client.post(f"{U}:unknownVerb", json={}).status_code == 404


def test_requests_need_an_api_key(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as anonymous:
        response = anonymous.post(f"{U}:publishMessage", json={"topic": "t", "message": "m"})
    assert response.status_code == 401
    assert area(emu).published(DEMO_UNIVERSE_ID) == []


# -- notifications -------------------------------------------------------------------------

NOTIFICATION = {
    "source": {"universe": f"universes/{DEMO_UNIVERSE_ID}"},
    "payload": {
        "type": "MOMENT",
        "messageId": "template-1",
        "parameters": {"egg": {"stringValue": "gold"}, "count": {"int64Value": "12"}},
        "joinExperience": {"launchData": "x=1"},
        "analyticsData": {"category": "Eggs"},
    },
}


def test_create_notification(emu: Emulator, client: httpx.Client) -> None:
    body = client.post("/cloud/v2/users/42/notifications", json=NOTIFICATION).raise_for_status().json()
    assert set(body) == {"path", "id"}
    assert UUID.fullmatch(body["id"])
    assert body["path"] == f"users/42/notifications/{body['id']}"
    (note,) = area(emu).notifications(42)
    assert note.id == body["id"] and note.universe_id == DEMO_UNIVERSE_ID
    assert note.parameters == {"egg": "gold", "count": 12}  # int64 as a string is protobuf JSON too
    assert (note.launch_data, note.analytics_category) == ("x=1", "Eggs")
    assert area(emu).notifications(43) == []


def test_create_notification_with_a_user_mention(emu: Emulator, client: httpx.Client) -> None:
    mention = _with_payload(parameters={"userId-friend": {"int64Value": "156"}})
    client.post("/cloud/v2/users/42/notifications", json=mention).raise_for_status()
    (note,) = area(emu).notifications()
    assert note.parameters == {"userId-friend": 156}


def test_create_minimal_notification(emu: Emulator, client: httpx.Client) -> None:
    minimal = {"source": NOTIFICATION["source"], "payload": {"type": "MOMENT", "messageId": "m"}}
    client.post("/cloud/v2/users/42/notifications", json=minimal).raise_for_status()
    (note,) = area(emu).notifications()
    assert note.parameters == {} and note.launch_data is None and note.analytics_category is None


def _with_payload(**changes: Any) -> dict[str, Any]:
    payload = {**NOTIFICATION["payload"], **changes}  # type: ignore[dict-item]
    return {"source": NOTIFICATION["source"], "payload": {k: v for k, v in payload.items() if v is not None}}


@pytest.mark.parametrize(
    "body",
    [
        {"payload": NOTIFICATION["payload"]},
        {"source": NOTIFICATION["source"]},
        {"source": {"universe": "places/1"}, "payload": NOTIFICATION["payload"]},
        {"source": {"universe": 1}, "payload": NOTIFICATION["payload"]},
        {"source": {"universe": "universes/1", "x": 1}, "payload": NOTIFICATION["payload"]},
        {**NOTIFICATION, "extra": True},
        _with_payload(type="TYPE_UNSPECIFIED"),
        _with_payload(messageId=""),
        _with_payload(messageId=5),
        _with_payload(unknown=1),
        _with_payload(parameters={"a": {"stringValue": "x", "int64Value": 1}}),
        _with_payload(parameters={"a": {"floatValue": 1.5}}),
        _with_payload(parameters={"a": {"int64Value": 1.5}}),
        _with_payload(parameters={"a": {"int64Value": "abc"}}),
        _with_payload(parameters={"a": {"stringValue": 5}}),
        _with_payload(parameters={"a": "x"}),
        _with_payload(parameters=["x"]),
        _with_payload(parameters={"userId-friend": {"stringValue": "156"}}),
        _with_payload(parameters={"userId-friend": {"int64Value": 0}}),
        _with_payload(parameters={"userId-": {"int64Value": 156}}),
        _with_payload(joinExperience={"launchData": "x" * 201}),
        _with_payload(joinExperience={"launchData": 5}),
        _with_payload(joinExperience={"other": "x"}),
        _with_payload(analyticsData={"category": 5}),
        _with_payload(analyticsData="x"),
    ],
)
def test_create_notification_rejects_bad_bodies(
    emu: Emulator, client: httpx.Client, body: dict[str, Any]
) -> None:
    assert_invalid(client.post("/cloud/v2/users/42/notifications", json=body))
    assert area(emu).notifications() == []


@pytest.mark.parametrize("user", ["0", "abc", "-1"])
def test_create_notification_rejects_bad_user_ids(client: httpx.Client, user: str) -> None:
    assert_invalid(client.post(f"/cloud/v2/users/{user}/notifications", json=NOTIFICATION))


def test_launch_data_limit_counts_bytes(emu: Emulator, client: httpx.Client) -> None:
    ok = _with_payload(joinExperience={"launchData": "é" * 100})
    client.post("/cloud/v2/users/42/notifications", json=ok).raise_for_status()
    assert_invalid(
        client.post(
            "/cloud/v2/users/42/notifications", json=_with_payload(joinExperience={"launchData": "é" * 101})
        )
    )
    assert len(area(emu).notifications()) == 1


# -- restartServers -------------------------------------------------------------------------


def test_restart_servers(emu: Emulator, client: httpx.Client) -> None:
    assert client.post(f"{U}:restartServers", json={}).raise_for_status().json() == {}
    body = {
        "placeIds": [1, "2"],
        "closeAllVersions": True,
        "bleedOffServers": True,
        "bleedOffDurationMinutes": 60,
    }
    client.post(f"{U}:restartServers", json=body).raise_for_status()
    first, second = area(emu).restarts(DEMO_UNIVERSE_ID)
    assert (first.place_ids, first.close_all_versions, first.bleed_off_minutes) == (None, False, None)
    assert (second.place_ids, second.close_all_versions, second.bleed_off_minutes) == ((1, 2), True, 60)
    assert area(emu).restarts(1) == []


@pytest.mark.parametrize(
    "body",
    [
        {"placeIds": 1},
        {"placeIds": [0]},
        {"placeIds": [1.5]},
        {"placeIds": ["x"]},
        {"closeAllVersions": "true"},
        {"bleedOffServers": 1},
        {"bleedOffServers": True},
        {"bleedOffServers": True, "bleedOffDurationMinutes": 0},
        {"bleedOffServers": True, "bleedOffDurationMinutes": 61},
        {"bleedOffServers": True, "bleedOffDurationMinutes": 5.5},
        {"bleedOffDurationMinutes": 5},
        {"bleedOffServers": False, "bleedOffDurationMinutes": 5},
        {"forceRestart": True},
    ],
)
def test_restart_servers_rejects_bad_bodies(
    emu: Emulator, client: httpx.Client, body: dict[str, Any]
) -> None:
    assert_invalid(client.post(f"{U}:restartServers", json=body))
    assert area(emu).restarts(DEMO_UNIVERSE_ID) == []


# -- subscriptions -------------------------------------------------------------------------


def test_get_subscription_views(client: httpx.Client, clock: FakeClock) -> None:
    path = f"universes/{DEMO_UNIVERSE_ID}/subscription-products/{DEMO_SUBSCRIPTION_PRODUCT}/subscriptions/287113233"
    basic = client.get(f"{SUBS}/287113233").raise_for_status().json()
    assert basic == {"path": path, "active": True, "willRenew": True}
    assert client.get(f"{SUBS}/287113233", params={"view": "BASIC"}).json() == basic
    full = client.get(f"{SUBS}/287113233", params={"view": "FULL"}).raise_for_status().json()
    billed = clock.now - timedelta(days=10)
    assert full == {
        **basic,
        "createTime": billed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "updateTime": billed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "lastBillingTime": billed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "nextRenewTime": (billed + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "state": "SUBSCRIBED_WILL_RENEW",
        "purchasePlatform": "DESKTOP",
        "paymentProvider": "STRIPE",
        "user": "users/287113233",
        "expirationDetails": {"reason": "EXPIRATION_REASON_UNSPECIFIED"},  # as Roblox sends it
    }


def test_get_expired_subscription(client: httpx.Client, clock: FakeClock) -> None:
    full = client.get(f"{SUBS}/156", params={"view": "FULL"}).raise_for_status().json()
    assert full["active"] is False and full["willRenew"] is False
    assert full["state"] == "EXPIRED"
    assert full["expirationDetails"] == {"reason": "LAPSED"}
    assert full["expireTime"] == (clock.now - timedelta(days=15)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert "nextRenewTime" not in full


def test_get_subscription_errors(client: httpx.Client) -> None:
    missing = client.get(f"{SUBS}/1")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    other_product = client.get(f"{U}/subscription-products/EXP-2/subscriptions/287113233")
    assert other_product.status_code == 404
    assert_invalid(client.get(f"{SUBS}/abc"))
    assert_invalid(client.get(f"{SUBS}/287113233", params={"view": "ALL"}))
    assert_invalid(client.get(f"{SUBS}/287113233", params={"fields": "x"}))


def test_add_subscription(emu: Emulator, client: httpx.Client, clock: FakeClock) -> None:
    area(emu).add_subscription(
        DEMO_UNIVERSE_ID, "EXP-7", 9, state="SUBSCRIBED_RENEWAL_PAYMENT_PENDING", purchase_platform="MOBILE"
    )
    full = client.get(f"{U}/subscription-products/EXP-7/subscriptions/9", params={"view": "FULL"}).json()
    assert full["state"] == "SUBSCRIBED_RENEWAL_PAYMENT_PENDING"
    assert full["active"] is True and full["willRenew"] is True
    assert full["createTime"] == clock.now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    area(emu).add_subscription(DEMO_UNIVERSE_ID, "EXP-7", 10, state="SUBSCRIBED_WILL_NOT_RENEW")
    full = client.get(f"{U}/subscription-products/EXP-7/subscriptions/10", params={"view": "FULL"}).json()
    assert full["active"] is True and full["willRenew"] is False and "expireTime" in full
    area(emu).add_subscription(DEMO_UNIVERSE_ID, "EXP-7", 11, state="EXPIRED")
    full = client.get(f"{U}/subscription-products/EXP-7/subscriptions/11", params={"view": "FULL"}).json()
    assert full["expirationDetails"] == {"reason": "SUBSCRIBER_CANCELLED"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"state": "ACTIVE"},
        {"payment_provider": "PAYPAL"},
        {"purchase_platform": "CONSOLE"},
        {"expiration_reason": "BORED"},
        {"product_id": ""},
        {"product_id": "a/b"},
        {"user_id": 0},
    ],
)
def test_add_subscription_validation(emu: Emulator, kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"universe_id": DEMO_UNIVERSE_ID, "product_id": "EXP-1", "user_id": 1, **kwargs}
    with pytest.raises(ValueError):
        area(emu).add_subscription(**args)


# -- translateText -------------------------------------------------------------------------


def test_translate_text(client: httpx.Client) -> None:
    body = {"text": "Hello", "targetLanguageCodes": ["fr-fr", "en-us"]}
    result = client.post(f"{U}:translateText", json=body).raise_for_status().json()
    assert result == {
        "sourceLanguageCode": "en-us",
        "translations": {"fr-fr": "[fr-fr] Hello", "en-us": "Hello"},
    }
    back = {"text": "[fr-fr] Hello", "targetLanguageCodes": ["de-de", "fr-fr"]}
    result = client.post(f"{U}:translateText", json=back).json()
    assert result == {
        "sourceLanguageCode": "fr-fr",
        "translations": {"de-de": "[de-de] Hello", "fr-fr": "[fr-fr] Hello"},
    }
    given = {"text": "Hola", "sourceLanguageCode": "es-es", "targetLanguageCodes": ["pt-br"]}
    assert client.post(f"{U}:translateText", json=given).json()["translations"] == {"pt-br": "[pt-br] Hola"}
    assert client.post(f"{U}:translateText", json={"text": "x"}).json() == {
        "sourceLanguageCode": "en-us",
        "translations": {},
    }


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": 5},
        {"text": "x", "targetLanguageCodes": "fr-fr"},
        {"text": "x", "targetLanguageCodes": ["xx-yy"]},
        {"text": "x", "targetLanguageCodes": [5]},
        {"text": "x", "sourceLanguageCode": "FR-FR"},
        {"text": "x", "model": "fast"},
    ],
)
def test_translate_text_rejects_bad_bodies(client: httpx.Client, body: dict[str, Any]) -> None:
    assert_invalid(client.post(f"{U}:translateText", json=body))


# -- generateSpeechAsset and asset operations --------------------------------------------------


def test_generate_speech_asset_operation(client: httpx.Client, emu: Emulator) -> None:
    body = {"text": "Hello", "speechStyle": {"voiceId": "2", "pitch": -1, "speed": 1.5}}
    started = client.post(f"{U}:generateSpeechAsset", json=body).raise_for_status().json()
    assert started["done"] is False and "response" not in started
    operation_id = started["path"].removeprefix("operations/")
    assert UUID.fullmatch(operation_id)
    polled = client.get(f"/assets/v1/operations/{operation_id}").raise_for_status().json()
    assert polled["done"] is True and polled["path"] == started["path"]
    response = polled["response"]
    assert response["assetId"] == "113523671173037" and response["remainingQuota"] == 999
    assert response["@type"].endswith("GenerateSpeechAssetResponse")
    (speech,) = area(emu).speech_assets(DEMO_UNIVERSE_ID)
    assert (speech.asset_id, speech.text, speech.voice_id, speech.pitch, speech.speed) == (
        113523671173037,
        "Hello",
        "2",
        -1.0,
        1.5,
    )
    second = client.post(f"{U}:generateSpeechAsset", json={"text": "Again"}).json()
    done = client.get(f"/assets/v1/operations/{second['path'].removeprefix('operations/')}").json()
    assert done["response"]["assetId"] == "113523671173038" and done["response"]["remainingQuota"] == 998


def test_asset_operation_polls(clock: FakeClock) -> None:
    emu = Emulator(clock=clock, operation_polls=2)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as client:
        started = client.post(f"{U}:generateSpeechAsset", json={"text": "Hi"}).json()
        url = f"/assets/v1/{started['path']}"
        assert client.get(url).json()["done"] is False
        assert client.get(url).json()["done"] is True
    instant = Emulator(clock=clock, operation_polls=0)
    with httpx.Client(transport=instant.transport(), base_url=BASE_URL, headers=AUTH) as client:
        started = client.post(f"{U}:generateSpeechAsset", json={"text": "Hi"}).json()
        assert started["done"] is True and started["response"]["assetId"]


def test_start_asset_operation_is_reusable(emu: Emulator, client: httpx.Client) -> None:
    started = area(emu).start_asset_operation({"assetId": "5", "assetType": "Model"})
    polled = client.get(f"/assets/v1/{started['path']}").json()
    assert polled["response"] == {"assetId": "5", "assetType": "Model"}


def test_asset_operation_not_found(client: httpx.Client) -> None:
    response = client.get("/assets/v1/operations/nope")
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": "Operation 'nope' not found."}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "  "},
        {"text": 5},
        {"text": "x", "voice": "1"},
        {"text": "x", "speechStyle": "fast"},
        {"text": "x", "speechStyle": {"voiceId": 1}},
        {"text": "x", "speechStyle": {"voiceId": ""}},
        {"text": "x", "speechStyle": {"pitch": "high"}},
        {"text": "x", "speechStyle": {"pitch": True}},
        {"text": "x", "speechStyle": {"speed": 0}},
        {"text": "x", "speechStyle": {"volume": 1}},
    ],
)
def test_generate_speech_asset_rejects_bad_bodies(
    emu: Emulator, client: httpx.Client, body: dict[str, Any]
) -> None:
    assert_invalid(client.post(f"{U}:generateSpeechAsset", json=body))
    assert area(emu).speech_assets(DEMO_UNIVERSE_ID) == []


def test_speech_quota(emu: Emulator, client: httpx.Client) -> None:
    area(emu).set_speech_quota(DEMO_UNIVERSE_ID, 1)
    started = client.post(f"{U}:generateSpeechAsset", json={"text": "Hi"}).raise_for_status().json()
    assert started["done"] is False
    exhausted = client.post(f"{U}:generateSpeechAsset", json={"text": "Hi"})
    assert exhausted.status_code == 429 and exhausted.json()["code"] == "RESOURCE_EXHAUSTED"
    with pytest.raises(ValueError):
        area(emu).set_speech_quota(DEMO_UNIVERSE_ID, -1)


# -- reset ------------------------------------------------------------------------------------


def test_reset_forgets_everything_and_reseeds(emu: Emulator, client: httpx.Client) -> None:
    client.post(f"{U}:publishMessage", json={"topic": "t", "message": "m"}).raise_for_status()
    client.post("/cloud/v2/users/1/notifications", json=NOTIFICATION).raise_for_status()
    client.post(f"{U}:restartServers", json={}).raise_for_status()
    started = client.post(f"{U}:generateSpeechAsset", json={"text": "Hi"}).json()
    area(emu).add_subscription(DEMO_UNIVERSE_ID, "EXP-5", 5)
    emu.reset()
    messaging = area(emu)
    assert messaging.published(DEMO_UNIVERSE_ID) == [] and messaging.notifications() == []
    assert messaging.restarts(DEMO_UNIVERSE_ID) == [] and messaging.speech_assets(DEMO_UNIVERSE_ID) == []
    assert client.get(f"/assets/v1/{started['path']}").status_code == 404
    assert client.get(f"{U}/subscription-products/EXP-5/subscriptions/5").status_code == 404
    assert client.get(f"{SUBS}/287113233").status_code == 200


def test_unseeded_emulator_has_no_subscriptions() -> None:
    emu = Emulator(seed=False, clock=lambda: datetime(2024, 1, 1, tzinfo=timezone.utc))
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=AUTH) as client:
        assert client.get(f"{SUBS}/287113233").status_code == 404
