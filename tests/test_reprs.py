"""Every public class has a repr in one style: ``<rblxopencloud.ClassName key=value ...>``, in both twins."""

from __future__ import annotations

import enum
import inspect
import json
import re
from datetime import datetime, timezone
from typing import Any

from tests.conftest import API_KEY, collect, resolve

from rblxopencloudasync._shared.reprs import model_repr
from rblxopencloudasync.emulator import Emulator, MonetizationArea
from rblxopencloudasync.emulator._messaging import DEMO_SUBSCRIPTION_PRODUCT


def public_classes(oc: Any) -> set[str]:
    """The public classes of ``oc`` that are neither enums nor exceptions (those keep Python's reprs)."""
    names = set()
    for name in oc.__all__:
        obj = getattr(oc, name)
        if inspect.isclass(obj) and not issubclass(obj, (enum.Enum, BaseException)):
            names.add(name)
    return names


async def instances(oc: Any, experience: Any, emulator: Emulator) -> dict[str, Any]:
    """One instance of every public class, made through the API where it takes a request."""
    config_entry = oc.CreatorConfigEntry("max_players", 12)
    badge_id = next(iter(emulator.area(MonetizationArea).badges))
    return {
        "Experience": experience,
        "DataStore": experience.get_datastore("PlayerData"),
        "OrderedDataStore": experience.get_ordered_datastore("Leaderboard"),
        "EntryInfo": oc.EntryInfo("v1", datetime(2024, 1, 2, tzinfo=timezone.utc), None, [1], {"a": 1}),
        "EntryVersion": oc.EntryVersion("v1", False, 3, None, None),
        "ListedEntry": oc.ListedEntry("user_1", "global"),
        "SortedEntry": oc.SortedEntry("user_1", 70),
        "Operation": await resolve(experience.flush_memory_store()),
        "Place": experience.get_place(1818),
        "Creator": oc.Creator(1, API_KEY, "User"),
        "User": oc.User(287113233, API_KEY),
        "Group": oc.Group(42, API_KEY),
        "Asset": experience.get_place(1818).get_asset(),
        "AssetVersion": oc.AssetVersion(2, 1818, None, oc.ModerationStatus.Approved, False),
        "CreatorStoreProduct": oc.CreatorStoreProduct(
            {"modelAssetId": "5", "userSeller": "users/287113233"}, experience._client
        ),
        "Money": oc.Money("USD", 4.99),
        "AssetQuota": oc.AssetQuota("RATE_LIMIT_UPLOAD", oc.AssetType.Audio, 3, 100, "MONTH", None),
        "AssetPermissionResult": oc.AssetPermissionResult([5], {6: "AssetNotFound"}),
        "ExperienceSocialLink": oc.ExperienceSocialLink("Discord", "https://discord.gg/x"),
        "SortedMap": experience.get_sorted_map("Scores"),
        "MemoryStoreQueue": experience.get_memory_store_queue("Jobs"),
        "SortedMapEntry": oc.SortedMapEntry.from_wire(
            {"id": "k", "value": 1, "numericSortKey": 3, "etag": "e1"}
        ),
        "Subscription": await resolve(experience.fetch_subscription(DEMO_SUBSCRIPTION_PRODUCT, 287113233)),
        "UserRestriction": await resolve(experience.fetch_user_restriction(287113233)),
        "Secret": (await collect(experience.list_secrets()))[0],
        "DeveloperProduct": (await collect(experience.list_developer_products()))[0],
        "GamePass": (await collect(experience.list_game_passes()))[0],
        "Badge": await resolve(experience.fetch_badge(badge_id)),
        "CreatorConfig": oc.CreatorConfig({"max_players": config_entry}, version_number=3),
        "CreatorConfigEntry": config_entry,
        "InventoryItem": oc.InventoryItem(1, None),
        **{type(item).__name__: item async for item in _inventory_kinds(oc)},
        "ApiKey": oc.ApiKey(API_KEY),
        "ApiKeyInfo": oc.ApiKeyInfo.from_wire({"name": "ci", "enabled": True}),
        "ApiKeyScope": oc.ApiKeyScope("universe-datastores.objects", ("read",)),
        PAGINATOR[oc.__name__]: experience.list_secrets(),
        **await user_and_group_instances(experience),
        **(await _oauth2_objects(oc, emulator)),
    }


async def user_and_group_instances(experience: Any) -> dict[str, Any]:
    """The users and groups models, reached from the demo experience's owner."""
    owner = await resolve((await resolve(experience.fetch_info())).owner.fetch_info())
    member = (await collect(owner.list_groups()))[0]
    role = (await collect(member.group.list_roles()))[-1]
    return {
        "UserSocialLinks": owner.social_links,
        "GroupMember": member,
        "GroupJoinRequest": (await collect(member.group.list_join_requests()))[0],
        "GroupRole": role,
        "GroupRolePermissions": role.permissions,
        "GroupShout": await resolve(member.group.fetch_shout()),
        "UserExperienceFollowing": (await resolve(owner.fetch_experience_followings()))[0],
    }


async def _oauth2_objects(oc: Any, emulator: Emulator) -> dict[str, Any]:
    """An app, a signed-in user's tokens, their info and resources."""
    from tests.test_oauth2 import make_app, sign_in

    app = make_app(oc, emulator.transport())
    access = await sign_in(app, emulator.transport())
    return {
        "OAuth2App": app,
        "PartialAccessToken": app.from_access_token_string(str(access.token)),
        "AccessToken": access,
        "AccessTokenInfo": await resolve(access.fetch_token_info()),
        "Resources": await resolve(access.fetch_resources()),
        **await _webhook_and_notifications(oc),
    }


async def _webhook_and_notifications(oc: Any) -> dict[str, Any]:
    """A `Webhook` and one notification of each kind it hands its handlers."""
    webhook = oc.Webhook(secret="whsec", api_key=API_KEY)
    made: dict[str, Any] = {"Webhook": webhook}

    def on_error(notification: Any, error: Exception) -> None:  # no handler else: each kind ends here
        made[type(notification).__name__] = notification

    webhook.event(on_error)
    for number, event in enumerate(["SampleNotification", "RightToErasureRequest", "SomethingNew"]):
        payload = {"UserId": 287113233, "GameIds": [13058]}
        body = json.dumps(
            {
                "NotificationId": f"n{number}",
                "EventType": event,
                "EventTime": "2024-05-01T12:00:00Z",
                "EventPayload": payload,
            }
        ).encode()
        await resolve(webhook.process_notification(body, validate_signature=False))
    return made


async def _inventory_kinds(oc: Any) -> Any:
    """One listed item of each kind (asset, badge, game pass, private server) of the demo inventory."""
    user = oc.User(287113233, API_KEY, transport=Emulator().transport())
    try:
        seen: set[type] = set()
        for item in await collect(user.list_inventory()):
            if type(item) not in seen:
                seen.add(type(item))
                yield item
    finally:
        await resolve(user.aclose() if hasattr(user, "aclose") else user.close())


PAGINATOR = {"rblxopencloud": "Paginator", "rblxopencloudasync": "AsyncPaginator"}
REPR = r"<rblxopencloud\.{name}( [a-z_]+=\S.*?)+>"


def wrong_reprs(oc: Any, made: dict[str, Any]) -> dict[str, str]:
    wrong = {}
    for name, obj in made.items():
        assert isinstance(obj, getattr(oc, name)), name
        text = repr(obj)
        if not re.fullmatch(REPR.format(name=name), text) or API_KEY in text:
            wrong[name] = text
    return wrong


async def test_every_public_class_has_the_repr_style(oc: Any, experience: Any, emulator: Emulator) -> None:
    made = await instances(oc, experience, emulator)
    assert set(made) == public_classes(oc)  # a new public class needs an instance here
    del made[PAGINATOR[oc.__name__]]  # see below
    assert not wrong_reprs(oc, made)


async def test_paginator_repr_style(oc: Any, experience: Any) -> None:
    assert not wrong_reprs(oc, {PAGINATOR[oc.__name__]: experience.list_secrets()})


def test_model_repr_formats_values() -> None:
    class Thing:
        pass

    class Colour(enum.Enum):
        Red = 1

    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert (
        model_repr(Thing(), id=5, name="a b", colour=Colour.Red, at=when, gone=None)
        == "<rblxopencloud.Thing id=5 name='a b' colour=Colour.Red at=2024-01-02T03:04:05+00:00 gone=None>"
    )
