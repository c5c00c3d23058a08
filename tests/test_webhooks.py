"""Webhooks, in both twins: signature and replay-window checks before any handler,
once-only processing of duplicate deliveries, sync and async handlers, typed
notifications, the framework helpers (through each framework's own test
client), the emulator's sender, and the secret's hygiene."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import pickle
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, resolve, serve_asgi

import rblxopencloudasync
from rblxopencloudasync._shared.webhook import DeliveryMemory
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, WebhookDelivery

SECRET = "whsec-0123456789-do-not-leak"
USER_ID = 287113233
EVENT_TIME = "2024-05-01T12:00:00.1234567Z"


def envelope(
    event: str = "SampleNotification", notification_id: str = "n-1", payload: Any = None, **extra: Any
) -> bytes:
    if payload is None:
        payload = {"UserId": USER_ID}
        if event == "RightToErasureRequest":
            payload["GameIds"] = [DEMO_UNIVERSE_ID, 1818]
    data = {
        "NotificationId": notification_id,
        "EventType": event,
        "EventTime": EVENT_TIME,
        "EventPayload": payload,
        **extra,
    }
    return json.dumps(data).encode()


def signed(body: bytes, secret: str = SECRET, at: float | None = None) -> str:
    """The header Roblox sends for ``body`` (written here from the documented scheme)."""
    timestamp = str(int(time.time() if at is None else at))
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).digest()
    return f"t={timestamp},v1={base64.b64encode(digest).decode()}"


class Recorder:
    """Handlers that record what they receive."""

    def __init__(self, webhook: Any) -> None:
        self.seen: list[Any] = []
        self.errors: list[tuple[Any, BaseException]] = []
        webhook.event(self.on_test)
        webhook.event(self.on_right_to_erasure_request)

    def on_test(self, notification: Any) -> None:
        self.seen.append(notification)

    def on_right_to_erasure_request(self, notification: Any) -> None:
        self.seen.append(notification)


async def process(webhook: Any, body: Any, header: Any, **kwargs: Any) -> tuple[str, int]:
    result: tuple[str, int] = await resolve(webhook.process_notification(body, header, **kwargs))
    return result


# -- a good delivery ------------------------------------------------------------


async def test_a_signed_sample_notification_reaches_on_test_typed(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body = envelope()
    assert await process(webhook, body, signed(body)) == ("", 204)
    (notification,) = recorder.seen
    assert isinstance(notification, oc.TestNotification) and isinstance(notification, oc.Notification)
    assert notification.notification_id == "n-1"
    assert notification.timestamp == datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
    assert notification.webhook is webhook
    assert notification.event_type == "SampleNotification"
    assert notification.raw_event == {"UserId": USER_ID}
    assert isinstance(notification.user, oc.User) and notification.user.id == USER_ID
    assert webhook.secret == SECRET.encode()
    await close(webhook)


async def test_a_right_to_erasure_request_is_typed(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET.encode())
    recorder = Recorder(webhook)
    body = envelope("RightToErasureRequest")
    assert await process(webhook, body, signed(body)) == ("", 204)
    (notification,) = recorder.seen
    assert isinstance(notification, oc.RightToErasureRequestNotification)
    assert notification.user_id == USER_ID
    assert all(isinstance(experience, oc.Experience) for experience in notification.experiences)
    assert [experience.id for experience in notification.experiences] == [DEMO_UNIVERSE_ID, 1818]
    await close(webhook)


async def test_handles_share_the_webhooks_credentials_and_options(oc: Any, emulator: Emulator) -> None:
    emulator.add_entries(
        DEMO_UNIVERSE_ID, "PlayerData", [(str(USER_ID), {"coins": 5}), ("156", {"coins": 1})]
    )
    webhook = oc.Webhook(SECRET, API_KEY, transport=emulator.transport())
    found: list[Any] = []

    # the erasure recipe: delete what each experience keeps about the user
    if oc is rblxopencloudasync:

        @webhook.event
        async def on_right_to_erasure_request(notification: Any) -> None:
            for experience in notification.experiences:
                await experience.get_datastore("PlayerData").remove_entry(str(notification.user_id))

        @webhook.event
        async def on_test(notification: Any) -> None:
            found.extend(await collect(notification.user.list_inventory()))

    else:

        @webhook.event
        def on_right_to_erasure_request(notification: Any) -> None:
            for experience in notification.experiences:
                experience.get_datastore("PlayerData").remove_entry(str(notification.user_id))

        @webhook.event
        def on_test(notification: Any) -> None:
            found.extend(notification.user.list_inventory())

    body = envelope("RightToErasureRequest", payload={"UserId": USER_ID, "GameIds": [DEMO_UNIVERSE_ID]})
    assert await process(webhook, body, signed(body)) == ("", 204)
    with pytest.raises(KeyError):
        emulator.get_entry_value(DEMO_UNIVERSE_ID, "PlayerData", str(USER_ID))
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "PlayerData", "156") == {"coins": 1}
    body = envelope(notification_id="n-2")
    assert await process(webhook, body, signed(body)) == ("", 204)
    assert found, "the user's inventory was listed with the webhook's key"
    assert all(request.headers.get("x-api-key") == "***" for request in emulator.requests)
    await close(webhook)


async def test_without_an_api_key_the_handles_carry_no_credentials(oc: Any, emulator: Emulator) -> None:
    webhook = oc.Webhook(SECRET, transport=emulator.transport())
    failures: list[BaseException] = []

    @webhook.event
    def on_test(notification: Any) -> None:
        assert notification.user.id == USER_ID  # always known

    body = envelope()
    assert await process(webhook, body, signed(body)) == ("", 204)
    client = webhook._client  # the handles' client sends no key: Roblox refuses their calls
    assert "x-api-key" not in client._auth and "authorization" not in client._auth
    experience = oc.Experience._bind(webhook._client, DEMO_UNIVERSE_ID)
    try:
        await resolve(experience.get_datastore("PlayerData").get_entry("k"))
    except oc.Forbidden as error:
        failures.append(error)
    assert failures
    await close(webhook)


# -- refused before any handler -----------------------------------------------------


def _bad_headers() -> dict[str, Any]:
    body = envelope()
    good = signed(body)
    timestamp, signature = good.split(",")
    return {
        "missing": (body, None),
        "empty": (body, ""),
        "garbage": (body, "not a signature"),
        "no timestamp": (body, signature),
        "no v1": (body, timestamp),
        "timestamp not a number": (body, f"t=soon,{signature}"),
        "negative timestamp": (body, f"t=-5,{signature}"),
        "two timestamps": (body, f"{timestamp},{timestamp},{signature}"),
        "v1 not base64": (body, f"{timestamp},v1=%%%"),
        "v1 truncated": (body, f"{timestamp},v1={signature[3:20]}"),
        "not ascii": (body, "t=1,v1=é".encode()),
        "wrong secret": (body, signed(body, secret="another-secret")),
        "stale": (body, signed(body, at=time.time() - 601)),
        "future beyond skew": (body, signed(body, at=time.time() + 601)),
        "tampered body": (envelope(payload={"UserId": 1}), good),
        "signature of another timestamp": (body, f"t={int(time.time()) - 1},{signature}"),
    }


@pytest.mark.parametrize("variant", list(_bad_headers()))
async def test_bad_signatures_are_refused_before_any_handler(
    oc: Any, variant: str, caplog: pytest.LogCaptureFixture
) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body, header = _bad_headers()[variant]
    with caplog.at_level(logging.INFO, logger="rblxopencloud"):
        text, status = await process(webhook, body, header)
    assert status == 401 and text.startswith("Invalid signature"), (text, status)
    assert recorder.seen == []
    assert len(webhook._memory) == 0  # a refused delivery is not remembered
    assert "refused" in caplog.text and SECRET not in caplog.text and SECRET not in text
    await close(webhook)


async def test_the_replay_window_is_configurable_both_ways(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET, replay_window_seconds=30)
    recorder = Recorder(webhook)
    for number, (offset, status) in enumerate([(-20, 204), (20, 204), (-40, 401), (40, 401)]):
        body = envelope(notification_id=f"n-{number}")
        assert (await process(webhook, body, signed(body, at=time.time() + offset)))[1] == status, offset
    assert len(recorder.seen) == 2
    assert oc.Webhook().replay_window_seconds == 600
    for bad, error in [(0, ValueError), (-1, ValueError), (float("inf"), ValueError), ("600", TypeError)]:
        with pytest.raises(error):
            oc.Webhook(secret=SECRET, replay_window_seconds=bad)
    await close(webhook)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "not JSON"),
        (b"[]", "not a JSON object"),
        (envelope(notification_id=""), "NotificationId"),
        (json.dumps({"EventType": "SampleNotification"}).encode(), "NotificationId"),
        (envelope(payload={}), "UserId"),
        (envelope(payload={"UserId": "287113233"}), "UserId"),
        (envelope("RightToErasureRequest", payload={"UserId": 1, "GameIds": ["x"]}), "GameIds"),
        (envelope(EventTime="yesterday"), "EventTime"),
        (envelope(EventPayload=None), "EventPayload"),
    ],
)
async def test_an_authentic_body_that_is_no_notification_is_400(oc: Any, body: bytes, reason: str) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    text, status = await process(webhook, body, signed(body))
    assert status == 400 and reason in text, text
    assert recorder.seen == []
    await close(webhook)


async def test_arguments_of_the_wrong_type_raise(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    body = envelope()
    with pytest.raises(TypeError):
        await process(webhook, {"NotificationId": "n"}, signed(body))
    with pytest.raises(TypeError):
        await process(webhook, body, 12345)
    with pytest.raises(TypeError):
        await process(webhook, body, signed(body), validate_signature="no")
    with pytest.raises(TypeError):
        oc.Webhook(secret=123)
    with pytest.raises(ValueError):
        oc.Webhook(secret="")
    await close(webhook)


async def test_str_body_and_bytes_header_are_accepted(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body = envelope()
    assert await process(webhook, body.decode(), signed(body).encode()) == ("", 204)
    assert len(recorder.seen) == 1
    await close(webhook)


async def test_without_a_secret_only_the_timestamp_is_checked(oc: Any) -> None:
    webhook = oc.Webhook()
    recorder = Recorder(webhook)
    body = envelope()
    assert await process(webhook, body, f"t={int(time.time())}") == ("", 204)
    assert (await process(webhook, envelope(notification_id="n-2"), None))[1] == 401
    stale = f"t={int(time.time()) - 601}"
    assert (await process(webhook, envelope(notification_id="n-3"), stale))[1] == 401
    assert len(recorder.seen) == 1
    await close(webhook)


async def test_validate_signature_false_skips_the_checks_but_not_the_dedupe(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body = envelope()
    assert await process(webhook, body, None, validate_signature=False) == ("", 204)
    assert await process(webhook, body, "garbage", validate_signature=False) == ("", 204)
    assert len(recorder.seen) == 1
    await close(webhook)


async def test_verify_signature(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    body = envelope()
    assert webhook.verify_signature(body, signed(body)) is True
    assert webhook.verify_signature(body, signed(body, secret="nope")) is False
    assert webhook.verify_signature(body, signed(body, at=time.time() - 3600)) is False
    assert webhook.verify_signature(body, None) is False
    await close(webhook)


# -- duplicate delivery ----------------------------------------------------------------


async def test_a_duplicate_delivery_succeeds_without_running_handlers_again(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body = envelope()
    header = signed(body)
    assert await process(webhook, body, header) == ("", 204)
    assert await process(webhook, body, header) == ("", 204)  # Roblox's second delivery
    assert await process(webhook, body, signed(body, at=time.time() - 5)) == ("", 204)  # a re-signed one
    assert len(recorder.seen) == 1
    other = envelope(notification_id="n-2")
    assert await process(webhook, other, signed(other)) == ("", 204)
    assert len(recorder.seen) == 2
    clone = webhook.with_options(max_retries=0)  # a copy shares the handlers and the memory
    assert await process(clone, body, header) == ("", 204)
    assert len(recorder.seen) == 2
    await close(webhook)


async def test_a_failed_notification_is_processed_again_on_redelivery(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    calls: list[Any] = []

    @webhook.event
    def on_test(notification: Any) -> None:
        calls.append(notification)
        if len(calls) == 1:
            raise RuntimeError("the database is down")

    body = envelope()
    header = signed(body)
    with pytest.raises(RuntimeError, match="database"):
        await process(webhook, body, header)
    assert await process(webhook, body, header) == ("", 204)
    assert await process(webhook, body, header) == ("", 204)
    assert len(calls) == 2
    await close(webhook)


def test_a_notification_in_progress_is_answered_409_sync() -> None:
    import rblxopencloud

    webhook = rblxopencloud.Webhook(secret=SECRET)
    entered, release = threading.Event(), threading.Event()
    calls: list[Any] = []

    @webhook.event
    def on_test(notification: Any) -> None:
        calls.append(notification)
        entered.set()
        assert release.wait(10)

    body = envelope()
    header = signed(body)
    answers: list[tuple[str, int]] = []
    worker = threading.Thread(target=lambda: answers.append(webhook.process_notification(body, header)))
    worker.start()
    assert entered.wait(10)
    assert webhook.process_notification(body, header) == ("Notification is being processed", 409)
    release.set()
    worker.join(10)
    assert answers == [("", 204)]
    assert webhook.process_notification(body, header) == ("", 204)
    assert len(calls) == 1
    webhook.close()


async def test_a_notification_in_progress_is_answered_409_async() -> None:
    webhook = rblxopencloudasync.Webhook(secret=SECRET)
    entered, release = asyncio.Event(), asyncio.Event()

    @webhook.event
    async def on_test(notification: Any) -> None:
        entered.set()
        await release.wait()

    body = envelope()
    header = signed(body)
    first = asyncio.create_task(webhook.process_notification(body, header))
    await entered.wait()
    assert await webhook.process_notification(body, header) == ("Notification is being processed", 409)
    release.set()
    assert await first == ("", 204)
    await webhook.aclose()


def test_the_memory_forgets_when_the_window_ends_and_stays_bounded() -> None:
    memory = DeliveryMemory(max_entries=3)
    assert memory.claim("a", until=100, now=0) == "new"
    assert memory.claim("a", until=100, now=1) == "busy"
    memory.finish("a", succeeded=True)
    assert memory.claim("a", until=100, now=2) == "duplicate"
    assert memory.claim("a", until=200, now=101) == "new"  # past its time: a replay is stale anyway
    memory.finish("a", succeeded=False)
    assert memory.claim("a", until=200, now=102) == "new"
    for name in "bcde":
        memory.claim(name, until=300, now=103)
    assert len(memory) == 3  # the one due first went
    assert memory.claim("a", until=400, now=104) == "new"


def test_the_memory_is_thread_safe() -> None:
    memory = DeliveryMemory()
    claims: list[str] = []

    def claim_all() -> None:
        for number in range(500):
            claims.append(memory.claim(f"id-{number}", until=1e12, now=0))

    threads = [threading.Thread(target=claim_all) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert claims.count("new") == 500 and len(memory) == 500


# -- handlers ---------------------------------------------------------------------------


async def test_the_async_core_awaits_async_handlers_and_calls_sync_ones() -> None:
    webhook = rblxopencloudasync.Webhook(secret=SECRET)
    seen: list[str] = []

    @webhook.event
    async def on_test(notification: Any) -> None:
        await asyncio.sleep(0)
        seen.append("async")

    @webhook.event
    def on_right_to_erasure_request(notification: Any) -> None:
        seen.append("sync")

    for number, event in enumerate(["SampleNotification", "RightToErasureRequest"]):
        body = envelope(event, notification_id=f"n-{number}")
        assert await webhook.process_notification(body, signed(body)) == ("", 204)
    assert seen == ["async", "sync"]
    await webhook.aclose()


def test_the_sync_twin_refuses_async_handlers() -> None:
    import rblxopencloud

    webhook = rblxopencloud.Webhook(secret=SECRET)

    async def on_test(notification: Any) -> None:
        pass

    class Handler:
        __name__ = "on_test"

        async def __call__(self, notification: Any) -> None:
            pass

    for handler in (on_test, Handler()):
        with pytest.raises(TypeError, match=r"rblxopencloudasync\.Webhook"):
            webhook.event(handler)
    assert repr(webhook).endswith("handlers=[]>")

    def sneaky(notification: Any) -> Any:
        return on_test(notification)

    sneaky.__name__ = "on_test"
    webhook.event(sneaky)
    body = envelope()
    with pytest.raises(TypeError, match="awaitable"):
        webhook.process_notification(body, signed(body))
    webhook.close()


async def test_handler_names_are_checked(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)

    def on_subscription(notification: Any) -> None:
        pass

    with pytest.raises(ValueError, match="on_test"):
        webhook.event(on_subscription)
    with pytest.raises(TypeError):
        webhook.event("on_test")
    await close(webhook)


async def test_unknown_and_unhandled_event_types_raise(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)

    @webhook.event
    def on_test(notification: Any) -> None:
        pass

    unknown = envelope("SubscriptionPurchased", payload={"OrderId": "x"})
    with pytest.raises(oc.UnknownEventType, match="SubscriptionPurchased"):
        await process(webhook, unknown, signed(unknown))
    unhandled = envelope("RightToErasureRequest", notification_id="n-2")
    with pytest.raises(oc.UnhandledEventType, match="on_right_to_erasure_request"):
        await process(webhook, unhandled, signed(unhandled))
    assert issubclass(oc.UnknownEventType, oc.BaseException)
    assert len(webhook._memory) == 0  # both can be processed once a handler exists
    await close(webhook)


async def test_on_error_receives_what_went_wrong(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    errors: list[tuple[Any, BaseException]] = []

    @webhook.event
    def on_error(notification: Any, error: BaseException) -> None:
        errors.append((notification, error))

    @webhook.event
    def on_test(notification: Any) -> None:
        raise ValueError("boom")

    unknown = envelope("SubscriptionPurchased", payload={"OrderId": "x"})
    erasure = envelope("RightToErasureRequest", notification_id="n-2")
    sample = envelope(notification_id="n-3")
    for body in (unknown, erasure, sample):
        assert await process(webhook, body, signed(body)) == ("", 204)
    kinds = [(type(notification).__name__, type(error).__name__) for notification, error in errors]
    assert kinds == [
        ("Notification", "UnknownEventType"),
        ("RightToErasureRequestNotification", "UnhandledEventType"),
        ("TestNotification", "ValueError"),
    ]
    assert errors[0][0].raw_event == {"OrderId": "x"} and errors[0][0].event_type == "SubscriptionPurchased"
    await close(webhook)


# -- framework helpers ------------------------------------------------------------------


# Starlette >= 1.x asks for its httpx fork in its TestClient and warns when it runs on httpx.
STARLETTE_ON_HTTPX = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def _headers(body: bytes, **kwargs: Any) -> dict[str, str]:
    return {"Roblox-Signature": signed(body, **kwargs), "Content-Type": "application/json"}


@STARLETTE_ON_HTTPX
def test_fastapi_router_with_fastapis_test_client(oc: Any) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    app = FastAPI()
    app.include_router(webhook.fastapi_router())
    body = envelope()
    with TestClient(app) as client:
        first = client.post("/roblox-webhook", content=body, headers=_headers(body))
        again = client.post("/roblox-webhook", content=body, headers=_headers(body))
        forged = client.post("/roblox-webhook", content=body, headers=_headers(body, secret="x"))
        unsigned = client.post("/roblox-webhook", content=body)
        malformed = client.post("/roblox-webhook", content=b"{", headers=_headers(b"{"))
        wrong_method = client.get("/roblox-webhook")
        elsewhere = client.post("/other", content=body, headers=_headers(body))
    assert (first.status_code, first.content) == (204, b"")
    assert again.status_code == 204
    assert forged.status_code == 401 and forged.text.startswith("Invalid signature")
    assert unsigned.status_code == 401
    assert malformed.status_code == 400
    assert wrong_method.status_code == 405
    assert elsewhere.status_code == 404
    assert len(recorder.seen) == 1
    with pytest.raises(ValueError):
        webhook.fastapi_router("no-slash")
    webhook_close(webhook)


@STARLETTE_ON_HTTPX
def test_asgi_app_with_starlettes_test_client(oc: Any) -> None:
    from starlette.testclient import TestClient

    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    body = envelope()
    with TestClient(webhook.asgi_app()) as client:  # runs the lifespan too
        assert client.post("/", content=body, headers=_headers(body)).status_code == 204
        too_large = b"x" * (1024 * 1024 + 1)
        assert client.post("/", content=too_large, headers=_headers(too_large)).status_code == 413
        assert client.put("/", content=body).headers["allow"] == "POST"
    assert len(recorder.seen) == 1
    webhook_close(webhook)


def test_flask_view_with_flasks_test_client(oc: Any) -> None:
    from flask import Flask

    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    app = Flask(__name__)
    app.add_url_rule("/roblox-webhook", view_func=webhook.flask_view(), methods=["POST"])
    client = app.test_client()
    body = envelope()
    first = client.post("/roblox-webhook", data=body, headers=_headers(body))
    again = client.post("/roblox-webhook", data=body, headers=_headers(body))
    stale = client.post("/roblox-webhook", data=body, headers=_headers(body, at=time.time() - 3600))
    unsigned = client.post("/roblox-webhook", data=body)
    malformed = client.post("/roblox-webhook", data=b"[]", headers=_headers(b"[]"))
    too_large = b"x" * (1024 * 1024 + 1)
    large = client.post("/roblox-webhook", data=too_large, headers=_headers(too_large))
    assert (first.status_code, first.data) == (204, b"")
    assert again.status_code == 204
    assert stale.status_code == 401 and b"replay window" in stale.data
    assert unsigned.status_code == 401
    assert malformed.status_code == 400
    assert large.status_code == 413
    assert client.get("/roblox-webhook").status_code == 405
    assert len(recorder.seen) == 1
    webhook_close(webhook)


def test_wsgi_app_with_werkzeugs_test_client(oc: Any) -> None:
    from werkzeug.test import Client

    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    client = Client(webhook.wsgi_app())
    body = envelope()
    assert client.post("/anything", data=body, headers=_headers(body)).status_code == 204
    assert client.post("/anything", data=body, headers=_headers(body, secret="x")).status_code == 401
    response = client.get("/anything")
    assert response.status_code == 405 and response.headers["Allow"] == "POST"
    assert len(recorder.seen) == 1
    webhook_close(webhook)


@pytest.mark.parametrize(
    ("module", "extra", "helper"),
    [("fastapi", "fastapi", "fastapi_router"), ("flask", "flask", "flask_view")],
)
def test_a_missing_framework_names_its_extra(
    oc: Any, monkeypatch: pytest.MonkeyPatch, module: str, extra: str, helper: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    webhook = oc.Webhook(secret=SECRET)
    with pytest.raises(ImportError, match=rf"rblx-open-cloud\[{extra}\]"):
        getattr(webhook, helper)()
    webhook_close(webhook)


def webhook_close(webhook: Any) -> None:
    if hasattr(webhook, "close"):
        webhook.close()
    else:
        asyncio.run(webhook.aclose())


# -- the emulator's sender ------------------------------------------------------------------


def _flask_app(webhook: Any) -> Any:
    from flask import Flask

    app = Flask(__name__)
    app.add_url_rule("/roblox-webhook", view_func=webhook.flask_view(), methods=["POST"])
    return app


def _fastapi_app(webhook: Any) -> Any:
    from fastapi import FastAPI

    app = FastAPI()
    app.include_router(webhook.fastapi_router())
    return app


@pytest.mark.parametrize("framework", ["flask", "fastapi"])
async def test_the_emulator_delivers_like_roblox(oc: Any, framework: str) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    app = (_flask_app if framework == "flask" else _fastapi_app)(webhook)
    emulator = Emulator()
    send = lambda *args, **kwargs: emulator.send_webhook(app, *args, path="/roblox-webhook", **kwargs)  # noqa: E731

    twice = send(secret=SECRET, times=2)
    assert [d.status for d in twice] == [204, 204] and twice[0].delivered
    assert twice[0].notification_id == twice[1].notification_id and twice[0].signature == twice[1].signature
    assert len(recorder.seen) == 1 and recorder.seen[0].user.id == USER_ID

    (erasure,) = send("RightToErasureRequest", secret=SECRET, notification_id="gdpr-1")
    assert erasure.status == 204 and erasure.notification_id == "gdpr-1"
    assert [e.id for e in recorder.seen[-1].experiences] == [DEMO_UNIVERSE_ID]

    assert send(secret=SECRET, late_seconds=601)[0].status == 401
    assert send(secret=SECRET, late_seconds=-601)[0].status == 401
    assert send(secret=SECRET, late_seconds=30)[0].status == 204
    (forged,) = send(secret=SECRET, bad_signature=True)
    assert (forged.status, forged.delivered) == (401, False) and "does not match" in forged.text
    (unsigned,) = send()  # Roblox's header without a secret: t= only
    assert unsigned.status == 401 and "no v1" in unsigned.text
    assert len(recorder.seen) == 3
    await close(webhook)


async def test_the_emulator_signs_what_roblox_documents() -> None:
    emulator = Emulator()
    got: list[tuple[bytes, str]] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        got.append(
            (environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])), environ["HTTP_ROBLOX_SIGNATURE"])
        )
        start_response("200 OK", [])
        return [b"ok"]

    (delivery,) = emulator.send_webhook(app, secret=SECRET)
    assert isinstance(delivery, WebhookDelivery) and (delivery.status, delivery.text) == (200, "ok")
    body, header = got[0]
    assert (body, header) == (delivery.body, delivery.signature)
    timestamp = header.split(",")[0].removeprefix("t=")
    assert abs(int(timestamp) - time.time()) < 5
    assert header == signed(body, at=int(timestamp))
    data = json.loads(body)
    assert set(data) == {"NotificationId", "EventType", "EventTime", "EventPayload"}
    assert data["EventType"] == "SampleNotification" and data["EventPayload"] == {"UserId": USER_ID}
    assert len(data["EventTime"].split(".")[1]) == 8  # seven digits and Z
    (plain,) = emulator.send_webhook(app)
    assert plain.signature.startswith("t=") and "v1=" not in plain.signature


async def test_the_emulator_delivers_over_http_and_from_async_code(oc: Any) -> None:
    webhook = oc.Webhook(secret=SECRET)
    recorder = Recorder(webhook)
    emulator = Emulator()
    with serve_asgi(webhook.asgi_app()) as url:
        sent = emulator.send_webhook(url + "/hook", secret=SECRET, times=2)
        assert [d.status for d in sent] == [204, 204]
        sent = await emulator.asend_webhook(url + "/hook", secret=SECRET, bad_signature=True)
        assert sent[0].status == 401
    assert (await emulator.asend_webhook(_flask_app(webhook), secret=SECRET, path="/roblox-webhook"))[
        0
    ].status == 204
    assert (await emulator.asend_webhook(webhook.asgi_app(), secret=SECRET, times=2))[1].status == 204
    assert emulator.send_webhook(webhook.asgi_app(), secret=SECRET)[0].status == 204  # on a running loop
    assert len(recorder.seen) == 4
    await close(webhook)


def test_the_emulator_sender_checks_its_arguments() -> None:
    emulator = Emulator()
    app = rblxopencloudasync.Webhook(secret=SECRET).asgi_app()
    with pytest.raises(ValueError, match="secret"):
        emulator.send_webhook(app, bad_signature=True)
    with pytest.raises(ValueError, match="times"):
        emulator.send_webhook(app, secret=SECRET, times=0)
    with pytest.raises(ValueError, match="payload"):
        emulator.send_webhook(app, "SubscriptionPurchased")
    with pytest.raises(TypeError):
        emulator.send_webhook(42)
    with pytest.raises(ValueError):
        emulator.send_webhook("ftp://example.com")
    with pytest.raises(ValueError):
        emulator.send_webhook(app, path="no-slash")
    with pytest.raises(TypeError):
        emulator.send_webhook(app, secret=1234)


# -- the secret's hygiene -----------------------------------------------------------------------


async def test_the_secret_never_shows(oc: Any, caplog: pytest.LogCaptureFixture) -> None:
    webhook = oc.Webhook(secret=SECRET, api_key=API_KEY)
    recorder = Recorder(webhook)
    body = envelope()
    with caplog.at_level(logging.DEBUG):
        await process(webhook, body, signed(body))
        await process(webhook, body, signed(body, secret="other"))
        await process(webhook, b"junk", signed(b"junk"))
        try:
            await process(
                webhook,
                envelope("Other", notification_id="n-2"),
                signed(envelope("Other", notification_id="n-2")),
            )
        except oc.UnknownEventType as error:
            assert SECRET not in str(error) and SECRET not in repr(error)
    shown = [repr(webhook), str(webhook), repr(recorder.seen[0]), repr(webhook._secret), str(webhook._secret)]
    shown += [repr(webhook.asgi_app()), repr(webhook.wsgi_app()), caplog.text]
    for text in shown:
        assert SECRET not in text and API_KEY not in text, text
    assert "<secret>" in repr(webhook._secret)
    assert vars(webhook).get("secret") is None  # only the redacting wrapper is stored
    with pytest.raises(TypeError):
        pickle.dumps(webhook._secret)
    await close(webhook)


# -- the seeds' usage ---------------------------------------------------------------------------------


def test_seed_flask_route_runs() -> None:
    """The documented rblx-open-cloud pattern: a Flask route handing the raw body and
    the ``Roblox-Signature`` header to ``process_notification``, handlers named by event."""
    from flask import Flask, request

    import rblxopencloud

    webhook = rblxopencloud.Webhook(secret=SECRET)
    received: list[Any] = []

    @webhook.event
    def on_test(notification: rblxopencloud.TestNotification) -> None:
        received.append(notification.user.id)

    @webhook.event
    def on_right_to_erasure_request(notification: rblxopencloud.RightToErasureRequestNotification) -> None:
        received.append([experience.id for experience in notification.experiences])

    app = Flask(__name__)

    @app.route("/webhook-roblox", methods=["POST"])
    def webhook_roblox() -> Any:
        return webhook.process_notification(
            body=request.data, secret_header=request.headers["Roblox-Signature"]
        )

    emulator = Emulator()
    assert emulator.send_webhook(app, secret=SECRET, path="/webhook-roblox")[0].status == 204
    assert (
        emulator.send_webhook(app, "RightToErasureRequest", secret=SECRET, path="/webhook-roblox")[0].status
        == 204
    )
    assert received == [USER_ID, [DEMO_UNIVERSE_ID]]
    # the seed's reference entry (`::: rblxopencloud.Webhook`) names this check
    body = envelope()
    assert webhook.verify_signature(request_body=body, signature_header=signed(body))
    webhook.close()
