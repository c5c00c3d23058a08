"""Every public method, answered 200 with a body that is not what it needs.

Each call must end in a valid result or an ``rblxopencloud.BaseException``
subclass (usually `UnexpectedResponse`), never a ``KeyError``, ``TypeError``,
``JSONDecodeError`` or an invented value. Objects that come from an earlier
answer (a `Secret`, an `Operation`, an `EntryVersion`) are made against the
emulator first; only the call under test gets the bad body.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, collect, resolve

import rblxopencloudasync
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

DEMO_USER_ID, DEMO_GROUP_ID = 287113233, 42  # the owners in the emulator's demo data

BODIES: dict[str, tuple[bytes, str]] = {
    "object": (b"{}", "application/json"),
    "null": (b"null", "application/json"),
    "empty": (b"", "application/json"),
    "html": (b"<html><body>Bad gateway</body></html>", "text/html"),
    "truncated": (b'{"path": "univ', "application/json"),
    "array": (b"[]", "application/json"),
}

ICON = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PLACE_FILE = b"<roblox!" + b"\x00" * 64


class FuzzTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request with ``body`` (200), or forwards to the emulator while ``body`` is None."""

    def __init__(self, emulator: Emulator) -> None:
        self.inner = emulator.transport()
        self.body: tuple[bytes, str] | None = None
        self.fuzzed = 0

    def _answer(self, request: httpx.Request) -> httpx.Response:
        assert self.body is not None
        self.fuzzed += 1
        content, content_type = self.body
        return httpx.Response(200, content=content, headers={"content-type": content_type}, request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.body is None:
            return self.inner.handle_request(request)
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.body is None:
            return await self.inner.handle_async_request(request)
        await request.aread()
        return self._answer(request)


class Ctx:
    """One experience whose transport fuzzes, and a way to make objects against the emulator."""

    def __init__(self, oc: ModuleType, transport: FuzzTransport) -> None:
        self.oc = oc
        self.transport = transport
        self.exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=transport, max_retries=0)
        self.user = oc.User(DEMO_USER_ID, API_KEY, transport=transport, max_retries=0)
        self.group = oc.Group(DEMO_GROUP_ID, API_KEY, transport=transport, max_retries=0)

    @contextmanager
    def emulated(self) -> Iterator[None]:
        body, self.transport.body = self.transport.body, None
        try:
            yield
        finally:
            self.transport.body = body

    async def real(self, call: Callable[[], Any]) -> Any:
        """Run ``call()`` against the emulator and return its result (it must succeed)."""
        with self.emulated():
            try:
                return await resolve(call())
            except Exception as error:
                raise AssertionError(f"setting up against the emulator failed: {error!r}") from error

    def store(self) -> Any:
        return self.exp.get_datastore("PlayerData")

    def ordered(self) -> Any:
        return self.exp.get_ordered_datastore("Leaderboard")

    def place(self) -> Any:
        return self.exp.get_place(1818)


async def _secret(c: Ctx) -> Any:
    return await c.real(lambda: c.exp.create_secret("fuzz_secret", "s3cret"))


async def _version(c: Ctx) -> Any:
    return await c.real(lambda: c.store().set_entry("fuzz_key", {"a": 1}))


async def _flush(c: Ctx) -> Any:
    return await c.real(lambda: c.exp.flush_memory_store())


async def _speech(c: Ctx) -> Any:
    return await c.real(lambda: c.exp.generate_speech_asset("Hello"))


async def _secret_update(c: Ctx) -> Any:
    return (await _secret(c)).update("n3w")


async def _secret_delete(c: Ctx) -> Any:
    return (await _secret(c)).delete()


async def _version_value(c: Ctx) -> Any:
    return (await _version(c)).get_value()


async def _flush_wait(c: Ctx) -> Any:
    return (await _flush(c)).wait(timeout_seconds=0)


async def _flush_status(c: Ctx) -> Any:
    return (await _flush(c)).fetch_status()


async def _speech_wait(c: Ctx) -> Any:
    return (await _speech(c)).wait(timeout_seconds=0)


async def _speech_status(c: Ctx) -> Any:
    return (await _speech(c)).fetch_status()


def _webhook_call(call: Callable[[Any], Any]) -> Callable[[Ctx], Any]:
    """A `Webhook` method called on a webhook sharing the fuzzing transport: none sends a request."""

    async def run(c: Ctx) -> Any:
        webhook = c.oc.Webhook("whsec", API_KEY, transport=c.transport, max_retries=0)
        try:
            return await resolve(call(webhook))
        finally:
            await close(webhook)

    return run


def on_test(notification: Any) -> None:
    pass


_SAMPLE = (
    b'{"NotificationId":"n1","EventType":"SampleNotification",'
    b'"EventTime":"2024-05-01T12:00:00Z","EventPayload":{"UserId":1}}'
)
# Webhooks receive rather than send: no method sends a request.
_WEBHOOK_CALLS: dict[str, Callable[[Ctx], Any]] = {
    "Webhook.aclose": _webhook_call(close),
    "Webhook.with_options": _webhook_call(lambda w: w.with_options(max_retries=0)),
    "Webhook.event": _webhook_call(lambda w: w.event(on_test)),
    "Webhook.process_notification": _webhook_call(
        lambda w: w.process_notification(_SAMPLE, validate_signature=False)
    ),
    "Webhook.verify_signature": _webhook_call(lambda w: w.verify_signature(_SAMPLE, "t=1,v1=AAAA")),
    "Webhook.asgi_app": _webhook_call(lambda w: w.asgi_app()),
    "Webhook.wsgi_app": _webhook_call(lambda w: w.wsgi_app()),
    "Webhook.fastapi_router": _webhook_call(lambda w: w.fastapi_router()),
    "Webhook.flask_view": _webhook_call(lambda w: w.flask_view()),
}


Call = Callable[[Ctx], Any]

# "Class.method" (async twin names), optionally "[variant]": how to call it with valid arguments.
CALLS: dict[str, Call] = {
    # Experience: information, handles and options
    "Experience.aclose": lambda c: close(c.exp),
    "Experience.with_options": lambda c: c.exp.with_options(max_retries=0),
    "Experience.fetch_info": lambda c: c.exp.fetch_info(),
    # User and Group: options
    "User.aclose": lambda c: close(c.user),
    "User.with_options": lambda c: c.user.with_options(max_retries=0),
    "Group.aclose": lambda c: close(c.group),
    "Group.with_options": lambda c: c.group.with_options(max_retries=0),
    **_WEBHOOK_CALLS,
    # User: inventory
    "User.list_inventory": lambda c: c.user.list_inventory(),
    "User.list_inventory[filter]": lambda c: c.user.list_inventory(assets=True, badges=True),
    "Experience.update": lambda c: c.exp.update(voice_chat_enabled=True),
    "Experience.get_place": lambda c: c.exp.get_place(1818),
    "Experience.get_datastore": lambda c: c.exp.get_datastore("PlayerData"),
    "Experience.get_data_store": lambda c: c.exp.get_data_store("PlayerData"),
    "Experience.get_ordered_datastore": lambda c: c.exp.get_ordered_datastore("Leaderboard"),
    "Experience.get_ordered_data_store": lambda c: c.exp.get_ordered_data_store("Leaderboard"),
    "Experience.get_sorted_map": lambda c: c.exp.get_sorted_map("map"),
    "Experience.get_memory_store_queue": lambda c: c.exp.get_memory_store_queue("queue"),
    "Experience.list_datastores": lambda c: c.exp.list_datastores(),
    "Experience.snapshot_datastores": lambda c: c.exp.snapshot_datastores(),
    "Experience.flush_memory_store": lambda c: c.exp.flush_memory_store(),
    # messaging, notifications, servers, subscriptions, translation, speech
    "Experience.publish_message": lambda c: c.exp.publish_message("topic", "hello"),
    "Experience.send_notification": lambda c: c.exp.send_notification(156, "message-id"),
    "Experience.restart_servers": lambda c: c.exp.restart_servers(),
    "Experience.fetch_subscription": lambda c: c.exp.fetch_subscription("EXP-1", 156),
    "Experience.translate_text": lambda c: c.exp.translate_text("Hello", ["fr-fr"]),
    "Experience.translate_text[detect]": lambda c: c.exp.translate_text("Hello"),
    "Experience.generate_speech_asset": lambda c: c.exp.generate_speech_asset("Hello"),
    # bans
    "Experience.list_ban_logs": lambda c: c.exp.list_ban_logs(),
    "Experience.list_user_restrictions": lambda c: c.exp.list_user_restrictions(),
    "Experience.list_user_restrictions[place]": lambda c: c.exp.list_user_restrictions(place_id=1818),
    "Experience.fetch_user_restriction": lambda c: c.exp.fetch_user_restriction(156),
    "Experience.ban_user": lambda c: c.exp.ban_user(156, 3600, "bye"),
    "Experience.unban_user": lambda c: c.exp.unban_user(156),
    # secrets
    "Experience.list_secrets": lambda c: c.exp.list_secrets(),
    "Experience.fetch_secrets_public_key": lambda c: c.exp.fetch_secrets_public_key(),
    "Experience.create_secret": lambda c: c.exp.create_secret("fuzz_secret", "s3cret"),
    "Experience.update_secret": lambda c: c.exp.update_secret("fuzz_secret", "s3cret"),
    "Experience.delete_secret": lambda c: c.exp.delete_secret("fuzz_secret"),
    # developer products, game passes, badges
    "Experience.list_developer_products": lambda c: c.exp.list_developer_products(),
    "Experience.fetch_developer_product": lambda c: c.exp.fetch_developer_product(1),
    "Experience.create_developer_product": lambda c: c.exp.create_developer_product("Gems", price_in_robux=5),
    "Experience.update_developer_product": lambda c: c.exp.update_developer_product(1, name="Gems"),
    "Experience.list_game_passes": lambda c: c.exp.list_game_passes(),
    "Experience.fetch_game_pass": lambda c: c.exp.fetch_game_pass(1),
    "Experience.create_game_pass": lambda c: c.exp.create_game_pass("VIP", price_in_robux=5),
    "Experience.update_game_pass": lambda c: c.exp.update_game_pass(1, name="VIP"),
    "Experience.fetch_badge": lambda c: c.exp.fetch_badge(1),
    "Experience.create_badge": lambda c: c.exp.create_badge("Winner", ICON),
    "Experience.update_badge": lambda c: c.exp.update_badge(1, name="Winner"),
    "Experience.update_badge[icon]": lambda c: c.exp.update_badge(1, icon_file=ICON),
    # creator configs
    "Experience.fetch_published_config": lambda c: c.exp.fetch_published_config(),
    "Experience.fetch_draft_config": lambda c: c.exp.fetch_draft_config(),
    "Experience.update_draft_config": lambda c: c.exp.update_draft_config({"a": 1}),
    "Experience.update_draft_config[overwrite]": lambda c: c.exp.update_draft_config(
        {"a": 1}, overwrite=True
    ),
    "Experience.publish_draft_config": lambda c: c.exp.publish_draft_config(),
    "Experience.delete_draft_config": lambda c: c.exp.delete_draft_config(),
    # data stores
    "DataStore.get_entry": lambda c: c.store().get_entry("user_1"),
    "DataStore.set_entry": lambda c: c.store().set_entry("user_1", {"xp": 1}),
    "DataStore.set_entry[exclusive_create]": lambda c: c.store().set_entry("new", 1, exclusive_create=True),
    "DataStore.set_entry[previous_version]": lambda c: c.store().set_entry(
        "user_1", 1, previous_version="v1"
    ),
    "DataStore.increment_entry": lambda c: c.store().increment_entry("coins", 5),
    "DataStore.remove_entry": lambda c: c.store().remove_entry("user_1"),
    "DataStore.list_keys": lambda c: c.store().list_keys(),
    "DataStore.list_keys[all scopes]": lambda c: c.exp.get_datastore("PlayerData", scope=None).list_keys(),
    "DataStore.list_versions": lambda c: c.store().list_versions("user_1"),
    "DataStore.list_versions[ascending]": lambda c: c.store().list_versions("user_1", descending=False),
    "DataStore.get_version": lambda c: c.store().get_version("user_1", "v1"),
    "DataStore.delete": lambda c: c.store().delete(),
    "DataStore.undelete": lambda c: c.store().undelete(),
    "EntryVersion.get_value": _version_value,
    "OrderedDataStore.get_entry": lambda c: c.ordered().get_entry("user_1"),
    "OrderedDataStore.set_entry": lambda c: c.ordered().set_entry("user_1", 5),
    "OrderedDataStore.set_entry[exclusive_create]": lambda c: c.ordered().set_entry(
        "n", 5, exclusive_create=True
    ),
    "OrderedDataStore.set_entry[exclusive_update]": lambda c: c.ordered().set_entry(
        "n", 5, exclusive_update=True
    ),
    "OrderedDataStore.increment_entry": lambda c: c.ordered().increment_entry("user_1", 5),
    "OrderedDataStore.remove_entry": lambda c: c.ordered().remove_entry("user_1"),
    "OrderedDataStore.sort_keys": lambda c: c.ordered().sort_keys(),
    # memory stores
    "SortedMap.get_key": lambda c: c.exp.get_sorted_map("map").get_key("k"),
    "SortedMap.set_key": lambda c: c.exp.get_sorted_map("map").set_key("k", 1, 60, sort_key=3),
    "SortedMap.set_key[exclusive_create]": lambda c: c.exp.get_sorted_map("map").set_key(
        "k", 1, 60, exclusive_create=True
    ),
    "SortedMap.remove_key": lambda c: c.exp.get_sorted_map("map").remove_key("k"),
    "SortedMap.remove_key[etag]": lambda c: c.exp.get_sorted_map("map").remove_key("k", etag="e"),
    "SortedMap.list_keys": lambda c: c.exp.get_sorted_map("map").list_keys(),
    "MemoryStoreQueue.add_item": lambda c: c.exp.get_memory_store_queue("queue").add_item({"job": 1}),
    "MemoryStoreQueue.read_items": lambda c: c.exp.get_memory_store_queue("queue").read_items(5),
    "MemoryStoreQueue.remove_items": lambda c: c.exp.get_memory_store_queue("queue").remove_items("read-1"),
    # places
    "Place.fetch_info": lambda c: c.place().fetch_info(),
    "Place.update": lambda c: c.place().update(name="Lobby"),
    "Place.upload_place_file": lambda c: c.place().upload_place_file(PLACE_FILE, publish=True),
    "Place.get_asset": lambda c: c.place().get_asset(),
    "Place.fetch_asset": lambda c: c.place().fetch_asset(),
    "Place.list_user_restrictions": lambda c: c.place().list_user_restrictions(),
    "Place.fetch_user_restriction": lambda c: c.place().fetch_user_restriction(156),
    "Place.ban_user": lambda c: c.place().ban_user(156, None),
    "Place.unban_user": lambda c: c.place().unban_user(156),
    # objects from earlier answers
    "Secret.update": _secret_update,
    "Secret.delete": _secret_delete,
    "Operation.wait": _flush_wait,
    "Operation.wait[asset]": _speech_wait,
    "Operation.fetch_status": _flush_status,
    "Operation.fetch_status[asset]": _speech_status,
}

# Methods that send nothing (handles, options, closing).
NO_REQUEST = {
    "Experience.aclose",
    "Experience.with_options",
    "User.aclose",
    "User.with_options",
    "Group.aclose",
    "Group.with_options",
    *_WEBHOOK_CALLS,
    "Experience.get_place",
    "Experience.get_datastore",
    "Experience.get_data_store",
    "Experience.get_ordered_datastore",
    "Experience.get_ordered_data_store",
    "Experience.get_sorted_map",
    "Experience.get_memory_store_queue",
    "Place.get_asset",
}

# Every class reachable from Experience; the models without I/O have no public methods.
CLASSES = [
    "Experience",
    "DataStore",
    "OrderedDataStore",
    "EntryVersion",
    "SortedMap",
    "MemoryStoreQueue",
    "Place",
    "Secret",
    "Operation",
    "DeveloperProduct",
    "GamePass",
    "Badge",
    "UserRestriction",
    "Subscription",
    "Asset",
    "User",
    "Group",
    "Webhook",
]


def _public_methods() -> set[str]:
    names = set()
    for class_name in CLASSES:
        cls = getattr(rblxopencloudasync, class_name)
        for name in dir(cls):
            if not name.startswith("_") and callable(inspect.getattr_static(cls, name)):
                names.add(f"{class_name}.{name}")
    return names


def test_the_table_covers_every_public_method() -> None:
    listed = {name.split("[")[0] for name in CALLS}
    assert listed == _public_methods()


async def _finish(value: Any) -> Any:
    """Await (async twin) and drain listings, so every page is requested."""
    value = await resolve(await resolve(value))
    if hasattr(value, "__aiter__") or isinstance(value, Iterator):
        return await collect(value)
    return value


@pytest.mark.parametrize("body", list(BODIES))
@pytest.mark.parametrize("name", list(CALLS))
async def test_bad_answers_end_in_a_result_or_an_sdk_error(oc: Any, name: str, body: str) -> None:
    transport = FuzzTransport(Emulator(operation_polls=5))
    c = Ctx(oc, transport)
    transport.body = BODIES[body]
    try:
        await _finish(CALLS[name](c))
    except oc.BaseException:
        pass
    finally:
        transport.body = None
        await close(c.exp)
    assert (transport.fuzzed > 0) is (name not in NO_REQUEST), f"{transport.fuzzed} bad answers sent"
