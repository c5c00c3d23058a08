"""Messaging, notifications, server restarts, subscriptions, translation and speech, in both twins."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import API_KEY, close, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync._shared.subscription import (
    PaymentProvider,
    Platform,
    Subscription,
    SubscriptionExpirationReason,
    SubscriptionState,
)
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._messaging import DEMO_SUBSCRIPTION_PRODUCT, MessagingArea

U = DEMO_UNIVERSE_ID


def area(emulator: Emulator) -> MessagingArea:
    return emulator.area(MessagingArea)  # type: ignore[no-any-return]


def sent(emulator: Emulator, fragment: str) -> list[Any]:
    return [r for r in emulator.requests if fragment in r.path]


# -- publish_message ---------------------------------------------------------------


async def test_publish_message(experience: Any, emulator: Emulator) -> None:
    payload = json.dumps({"event": "update", "version": 3})
    assert await resolve(experience.publish_message("Updates", payload)) is None
    assert await resolve(experience.publish_message("Chat", "hi")) is None
    assert [(m.topic, m.message) for m in area(emulator).published(U)] == [
        ("Updates", payload),
        ("Chat", "hi"),
    ]
    assert [m.message for m in area(emulator).published(U, "Chat")] == ["hi"]
    request = sent(emulator, ":publishMessage")[0]
    assert request.method == "POST"
    assert request.path == f"/cloud/v2/universes/{U}:publishMessage"
    assert request.json == {"topic": "Updates", "message": payload}  # the string, verbatim


async def test_publish_message_limits_are_inclusive(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.publish_message("t" * 80, "m" * 1024))
    await resolve(experience.publish_message("t", ""))
    assert [len(m.message) for m in area(emulator).published(U)] == [1024, 0]


@pytest.mark.parametrize(
    ("topic", "data", "error"),
    [
        ("", "x", ValueError),
        ("t" * 81, "x", ValueError),
        (None, "x", TypeError),
        (5, "x", TypeError),
        ("t", {"a": 1}, TypeError),
        ("t", b"bytes", TypeError),
        ("t", None, TypeError),
        ("t", "m" * 1025, ValueError),
    ],
)
async def test_publish_message_validation(
    experience: Any, emulator: Emulator, topic: Any, data: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.publish_message(topic, data))
    assert not emulator.requests


async def test_publish_message_is_not_retried_after_server_error(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    emulator.inject(Fault(status=500, times=5, apply_then_fail=True, path=r":publishMessage$"))
    with pytest.raises(oc.ServerError) as caught:
        await resolve(experience.publish_message("t", "once"))
    assert caught.value.status_code == 500
    assert len(sent(emulator, ":publishMessage")) == 1
    assert [m.message for m in area(emulator).published(U)] == ["once"]


async def test_publish_message_retries_rate_limits(experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=429, retry_after=1, path=r":publishMessage$"))
    await resolve(experience.publish_message("t", "m"))
    assert len(sent(emulator, ":publishMessage")) == 2
    assert len(area(emulator).published(U)) == 1


@pytest.mark.parametrize(("status", "name"), [(403, "Forbidden"), (401, "Forbidden"), (400, "HttpException")])
async def test_publish_message_errors(
    oc: Any, experience: Any, emulator: Emulator, status: int, name: str
) -> None:
    emulator.inject(Fault(status=status, path=r":publishMessage$"))
    with pytest.raises(getattr(oc, name)) as caught:
        await resolve(experience.publish_message("t", "m"))
    assert caught.value.status_code == status
    assert not area(emulator).published(U)


# -- send_notification ---------------------------------------------------------------


async def test_send_notification(experience: Any, emulator: Emulator) -> None:
    result = await resolve(
        experience.send_notification(
            287113233,
            "5dd7024b-68e3-ac4d-8232-4217f86ca244",
            launch_data="egg=royal",
            analytics_category="Egg hatched",
            egg_name="royal egg",
            count=3,
            userid_friend=156,
        )
    )
    assert result is None
    (request,) = sent(emulator, "/notifications")
    assert request.path == "/cloud/v2/users/287113233/notifications"
    assert request.json == {
        "source": {"universe": f"universes/{U}"},
        "payload": {
            "type": "MOMENT",
            "messageId": "5dd7024b-68e3-ac4d-8232-4217f86ca244",
            "parameters": {
                "egg_name": {"stringValue": "royal egg"},
                "count": {"int64Value": 3},
                "userId-friend": {"int64Value": 156},
            },
            "joinExperience": {"launchData": "egg=royal"},
            "analyticsData": {"category": "Egg hatched"},
        },
    }
    (note,) = area(emulator).notifications(287113233)
    assert note.universe_id == U and note.message_id.startswith("5dd7")
    assert note.parameters == {"egg_name": "royal egg", "count": 3, "userId-friend": 156}
    assert note.launch_data == "egg=royal" and note.analytics_category == "Egg hatched"
    assert len(note.id) == 36


async def test_send_notification_minimal(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.send_notification(1, "msg"))
    (request,) = sent(emulator, "/notifications")
    assert request.json == {
        "source": {"universe": f"universes/{U}"},
        "payload": {"type": "MOMENT", "messageId": "msg"},
    }
    assert area(emulator).notifications(1)[0].parameters == {}


async def test_send_notification_launch_data_limit_is_in_bytes(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.send_notification(1, "msg", launch_data="é" * 100))  # 200 bytes
    with pytest.raises(ValueError, match="200 bytes"):
        await resolve(experience.send_notification(1, "msg", launch_data="é" * 100 + "x"))
    assert len(sent(emulator, "/notifications")) == 1


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((0, "msg"), {}, ValueError),
        (("1", "msg"), {}, TypeError),
        ((True, "msg"), {}, TypeError),
        ((1, ""), {}, ValueError),
        ((1, None), {}, TypeError),
        ((1, "msg"), {"launch_data": 5}, TypeError),
        ((1, "msg"), {"analytics_category": 5}, TypeError),
        ((1, "msg"), {"level": 1.5}, TypeError),
        ((1, "msg"), {"flag": True}, TypeError),
        ((1, "msg"), {"thing": None}, TypeError),
        ((1, "msg"), {"big": 2**63}, ValueError),
        ((1, "msg"), {"userid_friend": "156"}, TypeError),
        ((1, "msg"), {"userid_friend": True}, TypeError),
        ((1, "msg"), {"userid_friend": 0}, ValueError),
        ((1, "msg"), {"userid_friend": 2**63}, ValueError),
        ((1, "msg"), {"userid_": 156}, ValueError),
    ],
)
async def test_send_notification_validation(
    experience: Any, emulator: Emulator, args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.send_notification(*args, **kwargs))
    assert not emulator.requests


async def test_send_notification_errors_and_no_retry(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path="/notifications"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.send_notification(1, "msg"))
    emulator.inject(Fault(status=503, times=5, path="/notifications"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.send_notification(1, "msg"))
    assert len(sent(emulator, "/notifications")) == 2
    assert not area(emulator).notifications()


# -- restart_servers -------------------------------------------------------------------


async def test_restart_servers_defaults_restart_every_server(experience: Any, emulator: Emulator) -> None:
    assert await resolve(experience.restart_servers()) is None
    (request,) = sent(emulator, ":restartServers")
    assert request.path == f"/cloud/v2/universes/{U}:restartServers"
    assert request.json == {"closeAllVersions": True}
    (restart,) = area(emulator).restarts(U)
    assert restart.place_ids is None and restart.close_all_versions and restart.bleed_off_minutes is None


async def test_restart_servers_out_of_date_with_bleed_off(experience: Any, emulator: Emulator) -> None:
    place = experience.get_place(4444)
    await resolve(
        experience.restart_servers(
            place_ids=[1818, "2020", place], exclude_latest_version=True, bleed_servers_minutes=30
        )
    )
    (request,) = sent(emulator, ":restartServers")
    assert request.json == {
        "placeIds": [1818, 2020, 4444],
        "closeAllVersions": False,
        "bleedOffServers": True,
        "bleedOffDurationMinutes": 30,
    }
    (restart,) = area(emulator).restarts(U)
    assert restart.place_ids == (1818, 2020, 4444)
    assert restart.close_all_versions is False and restart.bleed_off_minutes == 30


@pytest.mark.parametrize("minutes", [1, 60])
async def test_restart_servers_bleed_bounds(experience: Any, emulator: Emulator, minutes: int) -> None:
    await resolve(experience.restart_servers(bleed_servers_minutes=minutes))
    assert area(emulator).restarts(U)[0].bleed_off_minutes == minutes


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"bleed_servers_minutes": 0}, ValueError),
        ({"bleed_servers_minutes": 61}, ValueError),
        ({"bleed_servers_minutes": "5"}, TypeError),
        ({"bleed_servers_minutes": 5.0}, TypeError),
        ({"bleed_servers_minutes": True}, TypeError),
        ({"place_ids": []}, ValueError),
        ({"place_ids": 123}, TypeError),
        ({"place_ids": "123"}, TypeError),
        ({"place_ids": [0]}, ValueError),
        ({"place_ids": ["abc"]}, ValueError),
        ({"place_ids": [1.5]}, TypeError),
        ({"place_ids": [None]}, TypeError),
        ({"exclude_latest_version": "yes"}, TypeError),
    ],
)
async def test_restart_servers_validation(
    experience: Any, emulator: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.restart_servers(**kwargs))
    assert not emulator.requests


async def test_restart_servers_rejects_place_of_other_experience(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    other = oc.Experience(U + 1, API_KEY, transport=emulator.transport())
    try:
        with pytest.raises(ValueError, match="another experience"):
            await resolve(experience.restart_servers(place_ids=[other.get_place(5)]))
    finally:
        await close(other)
    assert not emulator.requests


async def test_restart_servers_errors_and_no_retry(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path=":restartServers"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.restart_servers())
    emulator.inject(Fault(status=500, times=5, path=":restartServers"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.restart_servers())
    assert len(sent(emulator, ":restartServers")) == 2
    assert not area(emulator).restarts(U)


# -- fetch_subscription ------------------------------------------------------------------


async def test_fetch_subscription(oc: Any, experience: Any, emulator: Emulator) -> None:
    sub = await resolve(experience.fetch_subscription(DEMO_SUBSCRIPTION_PRODUCT, 287113233))
    assert isinstance(sub, oc.Subscription)
    assert sub.user_id == 287113233 and sub.product_id == DEMO_SUBSCRIPTION_PRODUCT
    assert sub.active and sub.will_renew
    assert sub.state is oc.SubscriptionState.Active
    assert sub.payment_provider is oc.PaymentProvider.Stripe
    assert sub.purchase_platform is oc.Platform.Desktop
    assert sub.expiration_reason is None
    assert sub.created_at.tzinfo is not None and sub.created_at <= sub.updated_at
    assert sub.last_billed_at == sub.created_at
    assert sub.period_end_at == sub.last_billed_at + timedelta(days=30)
    assert repr(sub) == (
        f"<rblxopencloud.Subscription product_id='{DEMO_SUBSCRIPTION_PRODUCT}' user_id=287113233 state=SubscriptionState.Active>"
    )
    (request,) = sent(emulator, "/subscriptions/")
    assert (
        request.path
        == f"/cloud/v2/universes/{U}/subscription-products/{DEMO_SUBSCRIPTION_PRODUCT}/subscriptions/287113233"
    )
    assert request.query == [("view", "FULL")]


async def test_fetch_expired_subscription(oc: Any, experience: Any) -> None:
    sub = await resolve(experience.fetch_subscription(DEMO_SUBSCRIPTION_PRODUCT, 156))
    assert not sub.active and not sub.will_renew
    assert sub.state is oc.SubscriptionState.Expired
    assert sub.expiration_reason is oc.SubscriptionExpirationReason.Lapsed
    assert sub.payment_provider is oc.PaymentProvider.Google
    assert sub.purchase_platform is oc.Platform.Mobile
    assert sub.period_end_at == sub.last_billed_at + timedelta(days=30)  # when it expired


async def test_fetch_added_subscription(oc: Any, experience: Any, emulator: Emulator) -> None:
    billed = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    area(emulator).add_subscription(
        U, "EXP-42", 7, state="SUBSCRIBED_WILL_NOT_RENEW", payment_provider="ROBUX", created=billed
    )
    sub = await resolve(experience.fetch_subscription("EXP-42", 7))
    assert sub.state is oc.SubscriptionState.PendingCancelation
    assert sub.active and not sub.will_renew
    assert sub.payment_provider is oc.PaymentProvider.Unknown  # Robux has no member
    assert sub.period_end_at == billed + timedelta(days=30)
    assert sub.created_at == billed


async def test_fetch_subscription_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.fetch_subscription(DEMO_SUBSCRIPTION_PRODUCT, 1))
    assert caught.value.status_code == 404 and caught.value.error_code == "NOT_FOUND"
    with pytest.raises(oc.NotFound):
        await resolve(experience.fetch_subscription("EXP-999", 287113233))


async def test_fetch_subscription_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path="/subscriptions/"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.fetch_subscription(DEMO_SUBSCRIPTION_PRODUCT, 287113233))


@pytest.mark.parametrize(
    ("product", "user", "error"),
    [
        ("", 1, ValueError),
        (None, 1, TypeError),
        (123, 1, TypeError),
        ("EXP-1", 0, ValueError),
        ("EXP-1", "1", TypeError),
    ],
)
async def test_fetch_subscription_validation(
    experience: Any, emulator: Emulator, product: Any, user: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.fetch_subscription(product, user))
    assert not emulator.requests


def _wire(**fields: Any) -> dict[str, Any]:
    base = {
        "path": "universes/1/subscription-products/EXP-9/subscriptions/55",
        "createTime": "2024-01-01T00:00:00Z",
        "updateTime": "2024-01-02T00:00:00Z",
    }
    return {**base, **fields}


@pytest.mark.parametrize(
    ("wire", "state"),
    [
        ("STATE_UNSPECIFIED", SubscriptionState.Unknown),
        ("SUBSCRIBED_WILL_RENEW", SubscriptionState.Active),
        ("SUBSCRIBED_WILL_NOT_RENEW", SubscriptionState.PendingCancelation),
        ("SUBSCRIBED_RENEWAL_PAYMENT_PENDING", SubscriptionState.PendingRenewal),
        ("EXPIRED", SubscriptionState.Expired),
        ("SOMETHING_NEW", SubscriptionState.Unknown),
    ],
)
def test_subscription_state_mapping(wire: str, state: SubscriptionState) -> None:
    assert Subscription.from_wire(_wire(state=wire)).state is state


@pytest.mark.parametrize(
    ("wire", "reason"),
    [
        ("EXPIRATION_REASON_UNSPECIFIED", None),
        ("SOMETHING_NEW", SubscriptionExpirationReason.Unknown),
        ("SUBSCRIBER_CANCELLED", SubscriptionExpirationReason.Cancelled),
        ("SUBSCRIBER_REFUNDED", SubscriptionExpirationReason.Refunded),
        ("LAPSED", SubscriptionExpirationReason.Lapsed),
        ("PRODUCT_INACTIVE", SubscriptionExpirationReason.ProductInactive),
        ("PRODUCT_DELETED", SubscriptionExpirationReason.ProductDeleted),
    ],
)
def test_subscription_reason_mapping(wire: str, reason: SubscriptionExpirationReason | None) -> None:
    assert Subscription.from_wire(_wire(expirationDetails={"reason": wire})).expiration_reason is reason


@pytest.mark.parametrize(
    ("wire", "provider"),
    [
        ("PAYMENT_PROVIDER_UNSPECIFIED", PaymentProvider.Unknown),
        ("STRIPE", PaymentProvider.Stripe),
        ("APPLE", PaymentProvider.Apple),
        ("GOOGLE", PaymentProvider.Google),
        ("ROBLOX_CREDIT", PaymentProvider.RobloxCredit),
        ("ROBUX", PaymentProvider.Unknown),
    ],
)
def test_subscription_provider_mapping(wire: str, provider: PaymentProvider) -> None:
    assert Subscription.from_wire(_wire(paymentProvider=wire)).payment_provider is provider


def test_subscription_model_defaults_and_period_end() -> None:
    sub = Subscription.from_wire(_wire())
    assert sub.user_id == 55 and sub.product_id == "EXP-9"
    assert sub.state is SubscriptionState.Unknown and sub.purchase_platform is Platform.Unknown
    assert sub.last_billed_at is None and sub.period_end_at is None and sub.expiration_reason is None
    assert sub.updated_at == datetime(2024, 1, 2, tzinfo=timezone.utc)
    both = {"nextRenewTime": "2024-02-01T00:00:00Z", "expireTime": "2024-03-01T00:00:00Z"}
    assert Subscription.from_wire(_wire(willRenew=True, **both)).period_end_at == datetime(
        2024, 2, 1, tzinfo=timezone.utc
    )
    assert Subscription.from_wire(_wire(willRenew=False, **both)).period_end_at == datetime(
        2024, 3, 1, tzinfo=timezone.utc
    )
    assert (
        Subscription.from_wire(_wire(purchasePlatform="MOBILE", user="users/77")).purchase_platform
        is Platform.Mobile
    )
    assert Subscription.from_wire(_wire(user="users/77")).user_id == 77


# -- translate_text ----------------------------------------------------------------------


async def test_translate_text(experience: Any, emulator: Emulator) -> None:
    source, translations = await resolve(experience.translate_text("Hello", ["fr-fr", "ja-jp", "fr-fr"]))
    assert source == "en-us"
    assert translations == {"fr-fr": "[fr-fr] Hello", "ja-jp": "[ja-jp] Hello"}
    (request,) = sent(emulator, ":translateText")
    assert request.json == {"text": "Hello", "targetLanguageCodes": ["fr-fr", "ja-jp"]}


async def test_translate_text_with_source(experience: Any, emulator: Emulator) -> None:
    source, translations = await resolve(
        experience.translate_text("Hallo", target_language_codes=["en-us"], source_language_code="de-de")
    )
    assert source == "de-de" and translations == {"en-us": "[en-us] Hallo"}
    assert sent(emulator, ":translateText")[0].json == {
        "text": "Hallo",
        "sourceLanguageCode": "de-de",
        "targetLanguageCodes": ["en-us"],
    }


async def test_translate_text_without_targets_detects_language(experience: Any, emulator: Emulator) -> None:
    assert await resolve(experience.translate_text("[ko-kr] annyeong")) == ("ko-kr", {})
    assert await resolve(experience.translate_text("hi", [])) == ("en-us", {})
    assert [r.json for r in sent(emulator, ":translateText")] == [
        {"text": "[ko-kr] annyeong"},
        {"text": "hi"},
    ]


async def test_translate_text_is_retried_after_server_error(experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=503, path=":translateText"))
    assert await resolve(experience.translate_text("Hi", ["es-es"])) == ("en-us", {"es-es": "[es-es] Hi"})
    assert len(sent(emulator, ":translateText")) == 2


async def test_translate_text_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path=":translateText"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.translate_text("Hi", ["es-es"]))


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("",), ValueError),
        ((None,), TypeError),
        (("hi", ["fr"]), ValueError),
        (("hi", ["FR-FR"]), ValueError),
        (("hi", ["nl-nl"]), ValueError),
        (("hi", [5]), TypeError),
        (("hi", "fr-fr"), TypeError),
        (("hi", ["fr-fr"], "english"), ValueError),
        (("hi", ["fr-fr"], 1), TypeError),
    ],
)
async def test_translate_text_validation(
    experience: Any, emulator: Emulator, args: tuple[Any, ...], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.translate_text(*args))
    assert not emulator.requests


# -- generate_speech_asset -----------------------------------------------------------------


async def test_generate_speech_asset(oc: Any, experience: Any, emulator: Emulator) -> None:
    operation = await resolve(
        experience.generate_speech_asset("Hello World!", voice_id="3", pitch=0.5, speed=1.25)
    )
    assert isinstance(operation, oc.Operation)
    assert operation.path.startswith("/assets/v1/operations/")
    asset = await resolve(operation.wait())
    assert isinstance(asset, oc.Asset)
    assert asset.id == 113523671173037 and asset.type is oc.AssetType.Audio
    assert repr(asset) == "<rblxopencloud.Asset id=113523671173037 type=AssetType.Audio>"
    (request,) = sent(emulator, ":generateSpeechAsset")
    assert request.json == {
        "text": "Hello World!",
        "speechStyle": {"voiceId": "3", "pitch": 0.5, "speed": 1.25},
    }
    polls = sent(emulator, "/assets/v1/operations/")
    assert polls and all(r.method == "GET" for r in polls)
    (speech,) = area(emulator).speech_assets(U)
    assert speech.asset_id == asset.id and speech.voice_id == "3" and speech.speed == 1.25


async def test_generate_speech_asset_defaults(experience: Any, emulator: Emulator) -> None:
    await resolve(experience.generate_speech_asset("Hi"))
    assert sent(emulator, ":generateSpeechAsset")[0].json == {
        "text": "Hi",
        "speechStyle": {"voiceId": "1", "pitch": 0.0, "speed": 1.0},
    }


async def test_generate_speech_asset_polls_until_done(oc: Any) -> None:
    emulator = Emulator(operation_polls=3)
    experience = oc.Experience(U, API_KEY, transport=ContractTransport(emulator.transport()))
    try:
        operation = await resolve(experience.generate_speech_asset("Hi"))
        assert await resolve(operation.fetch_status()) is None
        assert await resolve(operation.fetch_status()) is None
        asset = await resolve(operation.fetch_status())
        assert asset is not None and operation.is_done
        assert asset.type is oc.AssetType.Audio
        assert len(sent(emulator, "/assets/v1/operations/")) == 3
    finally:
        await close(experience)


async def test_generate_speech_asset_done_at_once(oc: Any) -> None:
    emulator = Emulator(operation_polls=0)
    experience = oc.Experience(U, API_KEY, transport=ContractTransport(emulator.transport()))
    try:
        operation = await resolve(experience.generate_speech_asset("Hi"))
        assert operation.is_done
        assert (await resolve(operation.wait())).id == 113523671173037
        assert not sent(emulator, "/assets/v1/operations/")
    finally:
        await close(experience)


async def test_generate_speech_asset_operation_error(oc: Any, experience: Any, emulator: Emulator) -> None:
    operation = await resolve(experience.generate_speech_asset("Hi"))
    failed = {"path": "operations/x", "done": True, "error": {"code": 400, "message": "Text was moderated."}}
    emulator.inject(Fault(status=200, body=failed, path="/assets/v1/operations/"))
    with pytest.raises(oc.HttpException) as caught:
        await resolve(operation.wait())
    assert "moderated" in str(caught.value.message)


async def test_generate_speech_asset_errors(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path=":generateSpeechAsset"))
    with pytest.raises(oc.Forbidden):
        await resolve(experience.generate_speech_asset("Hi"))
    emulator.inject(Fault(status=500, times=5, path=":generateSpeechAsset"))
    with pytest.raises(oc.ServerError):
        await resolve(experience.generate_speech_asset("Hi"))
    assert len(sent(emulator, ":generateSpeechAsset")) == 2  # never retried
    emulator.clear_faults()
    area(emulator).set_speech_quota(U, 0)
    with pytest.raises(oc.RateLimited) as caught:
        await resolve(experience.generate_speech_asset("Hi"))
    assert caught.value.error_code == "RESOURCE_EXHAUSTED"
    assert not area(emulator).speech_assets(U)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("",), {}, ValueError),
        (("   ",), {}, ValueError),
        ((None,), {}, TypeError),
        (("Hi",), {"voice_id": ""}, ValueError),
        (("Hi",), {"voice_id": 1}, TypeError),
        (("Hi",), {"pitch": "high"}, TypeError),
        (("Hi",), {"pitch": True}, TypeError),
        (("Hi",), {"pitch": float("nan")}, ValueError),
        (("Hi",), {"speed": float("inf")}, ValueError),
        (("Hi",), {"speed": 0}, ValueError),
        (("Hi",), {"speed": -1.0}, ValueError),
    ],
)
async def test_generate_speech_asset_validation(
    experience: Any, emulator: Emulator, args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await resolve(experience.generate_speech_asset(*args, **kwargs))
    assert not emulator.requests
