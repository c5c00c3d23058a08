"""ApiKey: the objects it hands out, introspection, scope checks, and the emulator's key registry."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve
from tests.contract.checker import ContractTransport

from rblxopencloudasync._shared.apikey import ApiKeyInfo, ApiKeyScope, MissingScopes, parse_requirement
from rblxopencloudasync._shared.fields import ResponseShapeError
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault
from rblxopencloudasync.emulator._apikeys import SCOPE_TABLE

U = DEMO_UNIVERSE_ID
OTHER_UNIVERSE = 999_001
SECRET = "LIMITED-KEY-never-print-7c1e"
READ = "universe-datastores.objects:read"
UPDATE = "universe-datastores.objects:update"


def api_key(oc: Any, emulator: Emulator, key: str = API_KEY) -> tuple[Any, ContractTransport]:
    transport = ContractTransport(emulator.transport())
    return oc.ApiKey(key, transport=transport), transport


def limited(emulator: Emulator, **options: Any) -> None:
    emulator.add_api_key(
        SECRET,
        name="ci-reader",
        scopes=options.pop("scopes", {"universe-datastores.objects": ["read"]}),
        universe_ids=options.pop("universe_ids", [U]),
        **options,
    )


# -- the objects an ApiKey hands out ------------------------------------------------------


async def test_handles_share_the_key_pool_and_send_nothing(oc: Any, emulator: Emulator) -> None:
    key, transport = api_key(oc, emulator)
    experience = await resolve(key.get_experience(U))
    group = await resolve(key.get_group(42))
    user = await resolve(key.get_user(287113233))
    assert isinstance(experience, oc.Experience) and experience.id == U and experience.name is None
    assert isinstance(group, oc.Group) and group.id == 42
    assert isinstance(user, oc.User) and user.id == 287113233
    assert experience._client is key._client is group._client is user._client
    assert len(emulator.requests) == 0
    # objects made from them share it too
    store = experience.get_datastore("PlayerData")
    value, _ = await resolve(store.get_entry("user_287113233"))
    assert value == {"xp": 1337, "level": 7}
    assert store.experience._client is key._client
    assert transport.failures == []
    await close(key)


async def test_get_experience_fetch_info(oc: Any, emulator: Emulator) -> None:
    key, transport = api_key(oc, emulator)
    experience = await resolve(key.get_experience(U, fetch_info=True))
    assert experience.name is not None and experience.root_place is not None
    assert isinstance(experience.owner, oc.User) and experience.owner.id == 287113233
    assert experience.owner._client is key._client
    assert [r.path for r in emulator.requests] == [f"/cloud/v2/universes/{U}"]
    with pytest.raises(oc.NotFound):
        await resolve(key.get_experience(123_456_789, fetch_info=True))
    assert transport.failures == []
    await close(key)


async def test_get_group_and_user_fetch_info(oc: Any, emulator: Emulator) -> None:
    key, transport = api_key(oc, emulator)
    group = await resolve(key.get_group(42, fetch_info=True))
    user = await resolve(key.get_user(287113233, fetch_info=True))
    assert group.name is not None and isinstance(group.owner, oc.User)
    assert user.username is not None and user.created_at is not None
    assert group._client is user._client is key._client
    assert [r.path for r in emulator.requests] == ["/cloud/v2/groups/42", "/cloud/v2/users/287113233"]
    with pytest.raises(oc.NotFound):
        await resolve(key.get_group(987_654_321, fetch_info=True))
    with pytest.raises(oc.NotFound):
        await resolve(key.get_user(987_654_321, fetch_info=True))
    assert transport.failures == []
    await close(key)


async def test_fetch_asset_and_store_product(oc: Any, emulator: Emulator) -> None:
    key, transport = api_key(oc, emulator)
    asset = await resolve(key.fetch_asset(17000000002))  # an emulator demo model of user 287113233
    assert asset.id == 17000000002 and asset.type == oc.AssetType.Model
    assert isinstance(asset.creator, oc.User) and asset.creator.id == 287113233
    assert asset.creator._client is key._client
    product = await resolve(key.fetch_creator_store_product(oc.AssetType.Model, 17000000002))
    assert product.asset_id == 17000000002 and isinstance(product.creator, (oc.User, oc.Group))
    assert (await resolve(product.fetch_asset())).id == 17000000002
    with pytest.raises(oc.NotFound):
        await resolve(key.fetch_asset(17999999999))
    await rejected_before_io(lambda: key.fetch_asset(0), ValueError, _fresh(emulator), "asset id 0")
    assert transport.failures == []
    await close(key)


def _fresh(emulator: Emulator) -> Emulator:
    emulator.requests.clear()
    return emulator


async def test_seed_single_key_snippet(oc: Any, emulator: Emulator) -> None:
    # rblx-open-cloud's guide, "API Key Authentication (Single Key)", ids and transport adapted
    experience_id, group_id = U, 42
    api_key = oc.ApiKey("api-key", transport=emulator.transport())

    experience = await resolve(api_key.get_experience(experience_id))
    group = await resolve(api_key.get_group(group_id))
    assert (experience.id, group.id) == (experience_id, group_id)
    await close(api_key)


async def test_with_options_and_context_manager(oc: Any, emulator: Emulator) -> None:
    key, _ = api_key(oc, emulator)
    quick = key.with_options(max_retries=0)
    assert quick._client.policy.max_retries == 0 and key._client.policy.max_retries == 2
    emulator.inject(Fault(status=503, times=1))
    with pytest.raises(oc.ServerError):
        await resolve(quick.introspect())
    if hasattr(key, "__aenter__"):
        async with key as entered:
            assert entered is key
            await entered.introspect()
    else:
        with key as entered:
            assert entered is key
            entered.introspect()
    assert key._client._client is None  # the pool is closed; the key stays usable
    assert (await resolve(key.introspect())).usable
    await close(key)


async def test_bad_input_before_io(oc: Any, emulator: Emulator) -> None:
    key, _ = api_key(oc, emulator)
    await rejected_before_io(lambda: key.get_experience("13058"), TypeError, emulator, "str id")
    await rejected_before_io(lambda: key.get_experience(0), ValueError, emulator, "zero id")
    await rejected_before_io(lambda: key.get_group(True), TypeError, emulator, "bool id")
    await rejected_before_io(lambda: key.get_user(-5), ValueError, emulator, "negative id")
    await rejected_before_io(lambda: key.get_experience(U, fetch_info="yes"), TypeError, emulator, "flag")
    await rejected_before_io(lambda: key.get_user(1, fetch_info=1), TypeError, emulator, "int flag")
    with pytest.raises(ValueError):
        oc.ApiKey("")
    with pytest.raises(TypeError):
        oc.ApiKey(12345)
    with pytest.raises(ValueError, match="not shown"):
        oc.ApiKey("key-with-newline\n")
    with pytest.raises(TypeError):
        oc.ApiKey(API_KEY, bogus_option=1)
    await close(key)


# -- introspection ----------------------------------------------------------------------


async def test_introspect_full_access_key(oc: Any, emulator: Emulator) -> None:
    key, transport = api_key(oc, emulator)
    info = await resolve(key.introspect())
    assert isinstance(info, oc.ApiKeyInfo) and info is not None
    assert info.name == "Emulator key" and info.authorized_user_id == 287113233
    assert info.enabled is True and info.expired is False and info.expires_at is None and info.usable
    assert {READ, UPDATE, "universe-messaging-service:publish", "asset:write"} <= info.scope_names
    assert all(isinstance(scope, oc.ApiKeyScope) and scope.all_universes for scope in info.scopes)
    assert info.missing_scopes([READ, UPDATE], universe_id=12345) == []
    info.require({"universe-datastores.objects": ["read", "update"]}, universe_id=U, user_id=1, group_id=2)
    (request,) = emulator.requests
    assert (request.method, request.path) == ("POST", "/api-keys/v1/introspect")
    assert "x-api-key" not in request.headers and "authorization" not in request.headers
    assert request.json == {"apiKey": "***"}  # recorded redacted
    assert transport.failures == []
    await close(key)


async def test_introspect_limited_key(oc: Any, emulator: Emulator) -> None:
    expires = datetime(2031, 5, 1, 12, 0, tzinfo=timezone.utc)
    limited(emulator, group_ids=[42], expires_at=expires, owner_id=156)
    key, transport = api_key(oc, emulator, SECRET)
    info = await resolve(key.introspect())
    assert repr(info) == "<rblxopencloud.ApiKeyInfo name='ci-reader' enabled=True expired=False>"
    assert info.authorized_user_id == 156 and info.expires_at == expires
    (scope,) = info.scopes
    assert scope.name == "universe-datastores.objects" and scope.operations == ("read",)
    assert scope.universe_ids == (U,) and scope.group_ids == (42,) and scope.all_users
    assert scope.scopes == (READ,)
    assert repr(scope) == "<rblxopencloud.ApiKeyScope name='universe-datastores.objects' operations=('read',)>"
    assert info.has_scope(READ, universe_id=U) and not info.has_scope(READ, universe_id=OTHER_UNIVERSE)
    assert not info.has_scope(READ, group_id=7) and info.has_scope(READ, user_id=99)
    assert info.missing_scopes({"universe-datastores.objects": ["read", "update"]}, universe_id=U) == [UPDATE]
    assert info.missing_scopes(READ, universe_id=OTHER_UNIVERSE) == [READ]
    with pytest.raises(oc.MissingScopes) as caught:
        info.require([READ, UPDATE, "universe-messaging-service:publish"], universe_id=U)
    error = caught.value
    assert isinstance(error, oc.BaseException)
    assert error.missing == (UPDATE, "universe-messaging-service:publish") and error.reason == "missing scopes"
    assert str(error) == (
        "API key 'ci-reader' lacks universe-datastores.objects:update, "
        "universe-messaging-service:publish (for universe 13058)"
    )
    assert transport.failures == []
    await close(key)


async def test_disabled_and_expired_keys(oc: Any, emulator: Emulator) -> None:
    limited(emulator, enabled=False)
    key, _ = api_key(oc, emulator, SECRET)
    info = await resolve(key.introspect())
    assert info.enabled is False and not info.usable
    assert info.missing_scopes(READ) == [READ]
    with pytest.raises(oc.MissingScopes, match="API key 'ci-reader' is disabled: it cannot use"):
        info.require(READ)
    experience = await resolve(key.get_experience(U))
    with pytest.raises(oc.Forbidden) as caught:  # 401 from the gateway
        await resolve(experience.get_datastore("PlayerData").get_entry("user_287113233"))
    assert caught.value.status_code == 401

    past = datetime.now(timezone.utc) - timedelta(days=1)
    emulator.add_api_key("expired-key", name="old", expires_at=past)
    old, _ = api_key(oc, emulator, "expired-key")
    info = await resolve(old.introspect())
    assert info.expired is True and info.expires_at is not None and not info.usable
    with pytest.raises(oc.MissingScopes, match="is expired"):
        info.require(READ)
    await close(key)
    await close(old)


async def test_unknown_key_is_refused(oc: Any) -> None:
    emulator = Emulator(api_keys=["the-only-key"])
    key, _ = api_key(oc, emulator, "not-a-known-key")
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(key.introspect())
    assert caught.value.status_code == 401
    assert "not-a-known-key" not in str(caught.value) + repr(caught.value)
    # a registered key is accepted even when the emulator names its keys
    limited(emulator)
    reader, _ = api_key(oc, emulator, SECRET)
    assert (await resolve(reader.introspect())).name == "ci-reader"
    await close(key)
    await close(reader)


async def test_introspect_is_resent_after_a_5xx(oc: Any, emulator: Emulator) -> None:
    key, _ = api_key(oc, emulator)
    emulator.inject(Fault(status=503, times=1, path="introspect"))
    assert (await resolve(key.introspect())).usable
    assert [r.path for r in emulator.requests] == ["/api-keys/v1/introspect"] * 2
    await close(key)


# -- the emulator refuses what a limited key may not do -----------------------------------


async def test_limited_key_gets_forbidden_on_the_rest(oc: Any, emulator: Emulator) -> None:
    limited(emulator)
    key, transport = api_key(oc, emulator, SECRET)
    experience = await resolve(key.get_experience(U))
    store = experience.get_datastore("PlayerData")
    value, _ = await resolve(store.get_entry("user_287113233"))
    assert value == {"xp": 1337, "level": 7}
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(store.set_entry("user_287113233", {"xp": 0}))
    assert caught.value.status_code == 403
    assert "lacks universe-datastores.objects:update for universe 13058" in str(caught.value)
    with pytest.raises(oc.Forbidden):  # listing needs objects:list
        await collect(store.list_keys())
    with pytest.raises(oc.Forbidden):
        await resolve(experience.publish_message("topic", "hello"))
    # an operation that lists no scope is open to every key
    assert (await resolve(experience.fetch_info())).name is not None
    # another universe is outside the key's resources
    other = await resolve(key.get_experience(OTHER_UNIVERSE))
    with pytest.raises(oc.Forbidden, match="for universe 999001"):
        await resolve(other.get_datastore("PlayerData").get_entry("k"))
    assert emulator.get_entry_value(U, "PlayerData", "user_287113233") == {"xp": 1337, "level": 7}
    assert transport.failures == []
    await close(key)


async def test_operation_with_several_scopes_needs_one(oc: Any, emulator: Emulator) -> None:
    # increment lists objects:create and objects:update
    emulator.add_api_key(SECRET, scopes=["universe-datastores.objects:update"])
    experience = oc.Experience(U, SECRET, transport=emulator.transport())
    value, _ = await resolve(experience.get_datastore("Counters").increment_entry("visits", 2))
    assert value == 2
    await close(experience)


def test_scope_table_of_the_emulator() -> None:
    entry = f"/cloud/v2/universes/{U}/data-stores/PlayerData/scopes/global/entries/user_1"
    assert SCOPE_TABLE.lookup("GET", entry) == (
        (READ,),
        {"universe": str(U), "datastore": "PlayerData"},
    )
    assert SCOPE_TABLE.lookup("POST", entry + ":increment") == (
        ("universe-datastores.objects:create", UPDATE),
        {"universe": str(U), "datastore": "PlayerData"},
    )
    assert SCOPE_TABLE.lookup("GET", f"/cloud/v2/universes/{U}") is None  # lists no scope
    assert SCOPE_TABLE.lookup("GET", "/no/such/api") is None


def test_emulator_add_api_key_checks_its_arguments() -> None:
    emulator = Emulator()
    with pytest.raises(ValueError):
        emulator.add_api_key("")
    with pytest.raises(ValueError, match="name:operation"):
        emulator.add_api_key("k", scopes=["no-operation"])
    with pytest.raises(ValueError):
        emulator.add_api_key("k", scopes={"a:b": ["read"]})
    with pytest.raises(ValueError):
        emulator.add_api_key("k", universe_ids=[0])
    registered = emulator.add_api_key("k", scopes="asset:read")
    assert registered.scopes == {"asset": frozenset({"read"})} and registered.limited


# -- the key is never shown ---------------------------------------------------------------


async def test_key_is_never_shown(oc: Any, emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    limited(emulator)
    key, _ = api_key(oc, emulator, SECRET)
    emulator.inject(Fault(status=503, times=1, path="introspect"))
    info = await resolve(key.introspect())
    texts = [repr(key), str(key), repr(info), repr(info.scopes), repr(key._client)]
    with pytest.raises(oc.MissingScopes) as missing:
        info.require(UPDATE)
    experience = await resolve(key.get_experience(U))
    with pytest.raises(oc.Forbidden) as forbidden:
        await resolve(experience.get_datastore("PlayerData").remove_entry("user_287113233"))
    for error in (missing.value, forbidden.value):
        texts += [str(error), repr(error), repr(vars(error))]
    texts += [record.getMessage() for record in caplog.records]
    texts += [repr(request) for request in emulator.requests]
    assert repr(key) == "<rblxopencloud.ApiKey base_url='https://apis.roblox.com'>"
    for text in texts:
        assert SECRET not in text
    await close(key)


# -- the model, straight from wire data --------------------------------------------------------


def test_info_from_wire_reads_ids_and_wildcards() -> None:
    info = ApiKeyInfo.from_wire(
        {
            "name": "deploy",
            "authorizedUserId": "156",
            "enabled": True,
            "expired": False,
            "expirationTimeUtc": "2030-01-02T03:04:05Z",
            "scopes": [
                {"name": "universe-places", "operations": ["write"], "universeIds": ["*"]},
                {
                    "name": "universe-datastores.objects",
                    "operations": ["read"],
                    "universeDatastores": [{"universeId": "7", "datastoreName": "Coins"}],
                },
                {"name": "group", "operations": ["read"], "groupIds": [42, "43"]},
            ],
        }
    )
    assert info.authorized_user_id == 156 and info.expires_at == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    places, stores, groups = info.scopes
    assert places.all_universes and places.universe_ids == ()
    assert stores.datastores == ((7, "Coins"),)
    assert groups.group_ids == (42, 43)
    assert info.has_scope("universe-places:write", universe_id=1)
    assert info.has_scope(READ, universe_id=7, datastore="Coins")
    assert not info.has_scope(READ, universe_id=7, datastore="Gems")
    assert not info.has_scope(READ, universe_id=8)
    assert info.has_scope("group:read", group_id=43) and not info.has_scope("group:read", group_id=44)
    assert info.scope_names == {"universe-places:write", READ, "group:read"}
    bare = ApiKeyInfo.from_wire({})
    assert bare.name == "" and bare.scopes == () and not bare.usable


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"scopes": {}},
        {"scopes": [{"name": "x", "operations": [1]}]},
        {"scopes": [{"name": "x", "operations": ["read"], "universeIds": ["abc"]}]},
        {"scopes": [{"name": "x", "operations": ["read"], "universeIds": "*"}]},
        {"scopes": [{"name": "x", "universeDatastores": [{"datastoreName": "a"}]}]},
        {"expirationTimeUtc": "tomorrow"},
        {"enabled": "yes"},
    ],
)
def test_info_from_wire_rejects_bad_shapes(body: Any) -> None:
    with pytest.raises(ResponseShapeError):
        ApiKeyInfo.from_wire(body)


async def test_bad_introspection_answer_is_unexpected_response(oc: Any, emulator: Emulator) -> None:
    key, _ = api_key(oc, emulator)
    emulator.inject(Fault(status=200, body={"scopes": "all"}, path="introspect"))
    with pytest.raises(oc.UnexpectedResponse):
        await resolve(key.introspect())
    await close(key)


def test_scope_requirements() -> None:
    assert parse_requirement(READ) == [READ]
    assert parse_requirement([READ, READ, UPDATE]) == [READ, UPDATE]
    assert parse_requirement({"universe-datastores.objects": "read", "asset": ["read", "write"]}) == [
        READ,
        "asset:read",
        "asset:write",
    ]
    for bad, error in [
        (5, TypeError),
        ([5], TypeError),
        ("read", ValueError),
        (":read", ValueError),
        ("asset:", ValueError),
        ([], ValueError),
        ({"asset": []}, ValueError),
        ({"asset:x": ["read"]}, ValueError),
        ({"asset": [1]}, TypeError),
    ]:
        with pytest.raises(error):
            parse_requirement(bad)
    info = ApiKeyInfo("k", None, (ApiKeyScope("asset", ("read",)),), True, False, None)
    with pytest.raises(TypeError):
        info.missing_scopes(None)  # type: ignore[arg-type]
    assert MissingScopes("k", ("a:b",), "missing scopes").missing == ("a:b",)
