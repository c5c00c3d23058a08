"""Every public method, answered 200 with a body that is not what it needs.

Each call must end in a valid result or an ``rblxopencloud.BaseException``
subclass (usually `UnexpectedResponse`), never a ``KeyError``, ``TypeError``,
``JSONDecodeError`` or an invented value. Objects that come from an earlier
answer (a `Secret`, an `Operation`, an `EntryVersion`) are made against the
emulator first; only the call under test gets the bad body.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import httpx
import pytest
from tests.conftest import API_KEY, close, collect, resolve

import rblxopencloudasync
from rblxopencloudasync._shared.deprecation import is_deprecated_alias
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
        self.key = oc.ApiKey(API_KEY, transport=transport, max_retries=0)

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


async def _headshot(c: Ctx) -> Any:
    return await c.real(lambda: c.user.generate_headshot())


async def _member(c: Ctx) -> Any:
    return await c.real(lambda: c.group.fetch_member(156))


async def _join_request(c: Ctx) -> Any:
    return (await c.real(lambda: collect(c.group.list_join_requests())))[0]


async def _member_fetch_role(c: Ctx) -> Any:
    return (await _member(c)).fetch_role()


async def _member_update(c: Ctx) -> Any:
    roles = await c.real(lambda: collect(c.group.list_roles()))
    officer = next(role.id for role in roles if role.name == "Officer")
    return (await _member(c)).update(role_id=officer)


async def _join_request_accept(c: Ctx) -> Any:
    return (await _join_request(c)).accept()


async def _join_request_decline(c: Ctx) -> Any:
    return (await _join_request(c)).decline()


async def _headshot_wait(c: Ctx) -> Any:
    return (await _headshot(c)).wait(timeout_seconds=0)


DEMO_MODEL_ID, DEMO_AUDIO_ID = 17000000002, 17000000003  # the emulator's demo assets


def _asset(c: Ctx) -> Any:
    return c.oc.Asset({"assetId": str(DEMO_MODEL_ID), "assetType": "Model"}, c.user, c.exp._client)


async def _store_product(c: Ctx) -> Any:
    return await c.real(lambda: c.user.fetch_creator_store_product(c.oc.AssetType.Model, DEMO_MODEL_ID))


async def _store_product_asset(c: Ctx) -> Any:
    return (await _store_product(c)).fetch_asset()


async def _misspelt_store_product(c: Ctx) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return await resolve(_asset(c).fetch_creator_store_prodcut())


async def _upload(c: Ctx) -> Any:
    return await c.real(lambda: c.user.upload_asset(ICON, c.oc.AssetType.Decal, "Logo", ""))


async def _upload_wait(c: Ctx) -> Any:
    return (await _upload(c)).wait(timeout_seconds=0)

def _app(c: Ctx) -> Any:
    from rblxopencloudasync.emulator import DEMO_OAUTH2_CLIENT_ID, DEMO_OAUTH2_CLIENT_SECRET

    return c.oc.OAuth2App(
        DEMO_OAUTH2_CLIENT_ID,
        DEMO_OAUTH2_CLIENT_SECRET,
        "https://example.com/redirect",
        transport=c.transport,
        max_retries=0,
    )


async def _access(c: Ctx) -> Any:
    """A signed-in user's tokens, made against the emulator."""
    from tests.test_oauth2 import sign_in

    with c.emulated():
        return await sign_in(_app(c), c.transport)


async def _code(c: Ctx) -> str:
    from tests.test_oauth2 import visit

    with c.emulated():
        return visit(c.transport, _app(c).generate_uri(["openid", "profile"]))["code"]


async def _exchange(c: Ctx) -> Any:
    return _app(c).exchange_code(await _code(c))


async def _exchange_certs(c: Ctx) -> Any:
    """Only the signing keys' answer is bad: the token answer is real."""
    app, code = _app(c), await _code(c)
    transport, body = c.transport, c.transport.body
    answers = iter([None, body])

    def forward_first(request: httpx.Request) -> httpx.Response:
        transport.body = next(answers)
        return original(request)

    original, transport.handle_request = transport.handle_request, forward_first  # type: ignore[method-assign]
    original_async = transport.handle_async_request

    async def forward_first_async(request: httpx.Request) -> httpx.Response:
        transport.body = next(answers)
        return await original_async(request)

    transport.handle_async_request = forward_first_async  # type: ignore[method-assign]
    return app.exchange_code(code)


async def _token_call(c: Ctx, name: str, partial: bool = False) -> Any:
    access = await _access(c)
    token = access.app.from_access_token_string(str(access.token)) if partial else access
    return getattr(token, name)()


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
    # creators: the asset API
    "User.fetch_asset": lambda c: c.user.fetch_asset(DEMO_MODEL_ID),
    "User.upload_asset": lambda c: c.user.upload_asset(ICON, c.oc.AssetType.Decal, "Logo", ""),
    "User.update_asset": lambda c: c.user.update_asset(DEMO_MODEL_ID, name="Chest"),
    "User.update_asset[file]": lambda c: c.user.update_asset(DEMO_MODEL_ID, PLACE_FILE),
    "User.list_asset_versions": lambda c: c.user.list_asset_versions(DEMO_MODEL_ID),
    "User.fetch_asset_version": lambda c: c.user.fetch_asset_version(DEMO_MODEL_ID, 1),
    "User.rollback_asset": lambda c: c.user.rollback_asset(DEMO_MODEL_ID, 1),
    "User.archive_asset": lambda c: c.user.archive_asset(DEMO_MODEL_ID),
    "User.restore_asset": lambda c: c.user.restore_asset(DEMO_MODEL_ID),
    "User.fetch_creator_store_product": lambda c: c.user.fetch_creator_store_product("Model", DEMO_MODEL_ID),
    "User.grant_asset_permission": lambda c: c.user.grant_asset_permission(c.exp, [DEMO_MODEL_ID]),
    "User.list_asset_quotas": lambda c: c.user.list_asset_quotas(),
    "Group.fetch_asset": lambda c: c.group.fetch_asset(DEMO_AUDIO_ID),
    "Group.upload_asset": lambda c: c.group.upload_asset(ICON, "Decal", "Banner", ""),
    "Group.update_asset": lambda c: c.group.update_asset(DEMO_AUDIO_ID, description="Music"),
    "Group.list_asset_versions": lambda c: c.group.list_asset_versions(DEMO_AUDIO_ID),
    "Group.fetch_asset_version": lambda c: c.group.fetch_asset_version(DEMO_AUDIO_ID, 1),
    "Group.rollback_asset": lambda c: c.group.rollback_asset(DEMO_AUDIO_ID, 1),
    "Group.archive_asset": lambda c: c.group.archive_asset(DEMO_AUDIO_ID),
    "Group.restore_asset": lambda c: c.group.restore_asset(DEMO_AUDIO_ID),
    "Group.fetch_creator_store_product": lambda c: c.group.fetch_creator_store_product(
        "Audio", DEMO_AUDIO_ID
    ),
    "Group.grant_asset_permission": lambda c: c.group.grant_asset_permission(13058, [DEMO_AUDIO_ID]),
    "Asset.fetch_version": lambda c: _asset(c).fetch_version(2),
    "Asset.list_versions": lambda c: _asset(c).list_versions(),
    "Asset.rollback": lambda c: _asset(c).rollback(1),
    "Asset.archive": lambda c: _asset(c).archive(),
    "Asset.restore": lambda c: _asset(c).restore(),
    "Asset.fetch_creator_store_product": lambda c: _asset(c).fetch_creator_store_product(),
    "Asset.fetch_creator_store_prodcut": _misspelt_store_product,
    "Asset.grant_permission": lambda c: _asset(c).grant_permission(c.exp),
    "CreatorStoreProduct.fetch_asset": _store_product_asset,
    **_WEBHOOK_CALLS,
    # User: inventory
    "User.list_inventory": lambda c: c.user.list_inventory(),
    "User.list_inventory[filter]": lambda c: c.user.list_inventory(assets=True, badges=True),
    "ApiKey.aclose": lambda c: close(c.key),
    "ApiKey.with_options": lambda c: c.key.with_options(max_retries=0),
    "ApiKey.get_experience": lambda c: c.key.get_experience(DEMO_UNIVERSE_ID),
    "ApiKey.get_experience[fetch_info]": lambda c: c.key.get_experience(DEMO_UNIVERSE_ID, fetch_info=True),
    "ApiKey.get_group": lambda c: c.key.get_group(DEMO_GROUP_ID),
    "ApiKey.get_user": lambda c: c.key.get_user(DEMO_USER_ID),
    "ApiKey.introspect": lambda c: c.key.introspect(),
    "ApiKey.fetch_asset": lambda c: c.key.fetch_asset(DEMO_MODEL_ID),
    "ApiKey.fetch_creator_store_product": lambda c: c.key.fetch_creator_store_product("Model", DEMO_MODEL_ID),
    # users
    "User.fetch_info": lambda c: c.user.fetch_info(),
    "User.generate_headshot": lambda c: c.user.generate_headshot(),
    "User.list_groups": lambda c: c.user.list_groups(),
    "User.fetch_experience_followings": lambda c: c.user.fetch_experience_followings(),
    "User.fetch_experience_following_status": lambda c: c.user.fetch_experience_following_status(
        DEMO_UNIVERSE_ID
    ),
    "User.follow_experience": lambda c: c.user.follow_experience(DEMO_UNIVERSE_ID),
    "User.unfollow_experience": lambda c: c.user.unfollow_experience(DEMO_UNIVERSE_ID),
    # groups
    "Group.fetch_info": lambda c: c.group.fetch_info(),
    "Group.fetch_member": lambda c: c.group.fetch_member(156),
    "Group.update_member": lambda c: c.group.update_member(156, 5),
    "Group.fetch_role": lambda c: c.group.fetch_role(5),
    "Group.list_members": lambda c: c.group.list_members(),
    "Group.list_members[role]": lambda c: c.group.list_members(role_id=5),
    "Group.list_roles": lambda c: c.group.list_roles(),
    "Group.list_join_requests": lambda c: c.group.list_join_requests(),
    "Group.accept_join_request": lambda c: c.group.accept_join_request(1004),
    "Group.decline_join_request": lambda c: c.group.decline_join_request(1004),
    "Group.fetch_shout": lambda c: c.group.fetch_shout(),
    "GroupMember.fetch_role": _member_fetch_role,
    "GroupMember.update": _member_update,
    "GroupJoinRequest.accept": _join_request_accept,
    "GroupJoinRequest.decline": _join_request_decline,
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
    # OAuth2 apps and tokens
    "OAuth2App.aclose": lambda c: close(_app(c)),
    "OAuth2App.with_options": lambda c: _app(c).with_options(max_retries=0),
    "OAuth2App.generate_code_verifier": lambda c: _app(c).generate_code_verifier(),
    "OAuth2App.generate_uri": lambda c: _app(c).generate_uri(["openid", "profile"]),
    "OAuth2App.from_access_token_string": lambda c: _app(c).from_access_token_string("token"),
    "OAuth2App.exchange_code": _exchange,
    "OAuth2App.exchange_code[certs]": _exchange_certs,
    "OAuth2App.refresh_token": lambda c: _app(c).refresh_token("refresh-token"),
    "OAuth2App.revoke_token": lambda c: _app(c).revoke_token("refresh-token"),
    "PartialAccessToken.fetch_userinfo": lambda c: _token_call(c, "fetch_userinfo", partial=True),
    "PartialAccessToken.fetch_resources": lambda c: _token_call(c, "fetch_resources", partial=True),
    "PartialAccessToken.fetch_token_info": lambda c: _token_call(c, "fetch_token_info", partial=True),
    "PartialAccessToken.revoke": lambda c: _token_call(c, "revoke", partial=True),
    "AccessToken.fetch_userinfo": lambda c: _token_call(c, "fetch_userinfo"),
    "AccessToken.fetch_resources": lambda c: _token_call(c, "fetch_resources"),
    "AccessToken.fetch_token_info": lambda c: _token_call(c, "fetch_token_info"),
    "AccessToken.revoke": lambda c: _token_call(c, "revoke"),
    "AccessToken.revoke_refresh_token": lambda c: _token_call(c, "revoke_refresh_token"),
    # objects from earlier answers
    "Secret.update": _secret_update,
    "Secret.delete": _secret_delete,
    "Operation.wait": _flush_wait,
    "Operation.wait[asset]": _speech_wait,
    "Operation.fetch_status": _flush_status,
    "Operation.fetch_status[asset]": _speech_status,
    "Operation.wait[headshot]": _headshot_wait,
    "Operation.wait[upload]": _upload_wait,
}

# Methods that send nothing (handles, options, closing).
NO_REQUEST = {
    "Experience.aclose",
    "Experience.with_options",
    "User.aclose",
    "User.with_options",
    "Group.aclose",
    "Group.with_options",
    "ApiKey.aclose",
    "ApiKey.with_options",
    "ApiKey.get_experience",
    "ApiKey.get_group",
    "ApiKey.get_user",
    *_WEBHOOK_CALLS,
    "Experience.get_place",
    "Experience.get_datastore",
    "Experience.get_data_store",
    "Experience.get_ordered_datastore",
    "Experience.get_ordered_data_store",
    "Experience.get_sorted_map",
    "Experience.get_memory_store_queue",
    "Place.get_asset",
    "OAuth2App.aclose",
    "OAuth2App.with_options",
    "OAuth2App.generate_code_verifier",
    "OAuth2App.generate_uri",
    "OAuth2App.from_access_token_string",
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
    "CreatorStoreProduct",
    "User",
    "Group",
    "ApiKey",
    "OAuth2App",
    "PartialAccessToken",
    "AccessToken",
    "Webhook",
]

# Subclasses of a class above: only the methods they add (the base's are listed under it).
SUBCLASSES = ["GroupMember", "GroupJoinRequest"]


def _public_methods() -> set[str]:
    names = set()
    for class_name in CLASSES:
        cls = getattr(rblxopencloudasync, class_name)
        for name in dir(cls):
            value = inspect.getattr_static(cls, name)
            # a deprecated 1.x alias calls a listed method (see the test below)
            if not name.startswith("_") and callable(value) and not is_deprecated_alias(value):
                names.add(f"{class_name}.{name}")
    for class_name in SUBCLASSES:
        cls = getattr(rblxopencloudasync, class_name)
        for name, value in vars(cls).items():
            if not name.startswith("_") and callable(value):
                names.add(f"{class_name}.{name}")
    return names


def _deprecated_aliases() -> dict[str, str]:
    aliases = {}
    for class_name in CLASSES:
        cls = getattr(rblxopencloudasync, class_name)
        for name in dir(cls):
            value = inspect.getattr_static(cls, name)
            if is_deprecated_alias(value):
                aliases[f"{class_name}.{name}"] = f"{class_name}.{value.target.__name__}"
    return aliases


def test_deprecated_aliases_call_listed_methods() -> None:
    aliases = _deprecated_aliases()
    assert aliases == {
        "DataStore.get": "DataStore.get_entry",
        "DataStore.set": "DataStore.set_entry",
        "DataStore.increment": "DataStore.increment_entry",
        "DataStore.remove": "DataStore.remove_entry",
        "Experience.list_data_store": "Experience.list_datastores",
    }
    assert set(aliases.values()) <= {name.split("[")[0] for name in CALLS}


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
        await close(c.key)
    assert (transport.fuzzed > 0) is (name not in NO_REQUEST), f"{transport.fuzzed} bad answers sent"
