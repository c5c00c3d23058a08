"""Not a test module: `nox -s typecheck` runs mypy --strict on this user-style code.

It checks that the public names are visible to type checkers through the lazy
package ``__init__`` and that return types flow to callers in both twins.
"""

from __future__ import annotations

from datetime import datetime

import rblxopencloud
import rblxopencloudasync
from rblxopencloud import (
    ApiKey,
    ApiKeyInfo,
    EntryInfo,
    Experience,
    ExperienceAgeRating,
    MissingScopes,
    NotFound,
    Secret,
    SortedMapEntry,
    Subscription,
    SubscriptionState,
    UserRestriction,
)


def sync_usage(experience: Experience) -> int:
    store = experience.get_datastore("PlayerData")
    value, info = store.get_entry("user_1")
    assert isinstance(info, EntryInfo)
    version = store.set_entry("user_1", {"xp": 1})
    when: datetime | None = version.created
    old_value, _ = version.get_value()
    keys: list[str] = [entry.key for entry in store.list_keys(limit=5)]
    top: int = next(iter(experience.get_ordered_datastore("Top").sort_keys())).value
    try:
        experience.get_ordered_datastore("Top").get_entry("k")
    except NotFound as error:
        code: str | int | None = error.error_code
        del code
    del value, when, old_value
    return len(keys) + top + issue_4_usage(experience)


def issue_4_usage(experience: Experience) -> int:
    info = experience.fetch_info()
    rating: ExperienceAgeRating | None = info.age_rating
    place = experience.get_place(1818)
    version: int = place.upload_place_file(b"<roblox!")
    entry: SortedMapEntry = experience.get_sorted_map("m").set_key("k", 1, expiration_seconds=60)
    items, read_id = experience.get_memory_store_queue("q").read_items()
    restriction: UserRestriction = experience.ban_user(1, None)
    logs: list[UserRestriction] = list(experience.list_ban_logs(limit=5))
    secret: Secret = experience.create_secret("token", "value")
    subscription: Subscription = experience.fetch_subscription("EXP-1", 1)
    state: SubscriptionState = subscription.state
    source, translations = experience.translate_text("hi", ["fr-fr"])
    product_names = [product.name for product in experience.list_developer_products()]
    del rating, entry, items, read_id, restriction, secret, state, source
    return version + len(logs) + len(translations) + len(product_names) + inventory_usage()


def inventory_usage() -> int:
    user = rblxopencloud.User(287113233, "key")
    hats = rblxopencloud.InventoryAssetType.Hat
    asset_ids: list[int] = [
        item.id
        for item in user.list_inventory(assets=[hats])
        if isinstance(item, rblxopencloud.InventoryAsset)
    ]
    added: list[datetime | None] = [item.added_at for item in user.list_inventory(limit=5, badges=[1])]
    states: list[rblxopencloud.InventoryItemState | None] = [
        item.collectable_state
        for item in user.list_inventory(only_collectibles=True)
        if isinstance(item, rblxopencloud.InventoryAsset)
    ]
    return len(asset_ids) + len(added) + len(states)


def oauth2_usage() -> int:
    app = rblxopencloud.OAuth2App(1, "secret", "https://example.com/redirect", max_retries=1)
    verifier: str = app.generate_code_verifier()
    uri: str = app.generate_uri(["openid", "profile"], state="s", code_verifier=verifier)
    access: rblxopencloud.AccessToken = app.exchange_code("code", code_verifier=verifier)
    expires: datetime = access.expires_at
    user: rblxopencloud.User | None = access.user
    resources = access.fetch_resources()
    resources.experiences[0].publish_message("topic", "data")
    accounts: list[rblxopencloud.User | rblxopencloud.Group] = resources.accounts
    info: rblxopencloud.AccessTokenInfo = app.refresh_token(access.refresh_token).fetch_token_info()
    me: rblxopencloud.User = app.from_access_token_string(access.token).fetch_userinfo()
    access.revoke_refresh_token()
    try:
        app.exchange_code("code")
    except rblxopencloud.InvalidIdToken as error:
        reason: str = str(error)
        del reason
    del expires, user, accounts, me
    return len(uri) + int(info.active)


async def async_oauth2_usage() -> int:
    app = rblxopencloudasync.OAuth2App(1, "secret", "https://example.com/redirect")
    access = await app.exchange_code("code")
    resources = await access.fetch_resources()
    await resources.experiences[0].publish_message("topic", "data")
    info: rblxopencloudasync.AccessTokenInfo = await access.fetch_token_info()
    await app.aclose()
    return len(access.scope) + int(info.active)


def webhook_usage() -> tuple[str, int]:
    webhook = rblxopencloud.Webhook(secret="whsec", api_key="key", replay_window_seconds=300)

    @webhook.event
    def on_test(notification: rblxopencloud.TestNotification) -> None:
        when: datetime = notification.timestamp
        user_id: int = notification.user.id
        del when, user_id

    @webhook.event
    def on_right_to_erasure_request(notification: rblxopencloud.RightToErasureRequestNotification) -> None:
        ids: list[int] = [experience.id for experience in notification.experiences]
        del ids

    secret: bytes | None = webhook.secret
    ok: bool = webhook.verify_signature(b"{}", "t=1,v1=AAAA")
    view = webhook.flask_view()
    router = webhook.fastapi_router("/hook")
    del secret, ok, view, router, on_test, on_right_to_erasure_request
    return webhook.process_notification(b"{}", "t=1,v1=AAAA")


async def async_webhook_usage() -> tuple[str, int]:
    webhook = rblxopencloudasync.Webhook(secret=b"whsec")

    @webhook.event
    async def on_test(notification: rblxopencloudasync.TestNotification) -> None:
        notification_id: str = notification.notification_id
        del notification_id

    app = webhook.asgi_app()
    del app, on_test
    text, status = await webhook.process_notification(b"{}", b"t=1", validate_signature=True)
    return text, status


async def async_usage(experience: rblxopencloudasync.Experience) -> int:
    store = experience.get_datastore("PlayerData")
    value, info = await store.get_entry("user_1")
    version = await store.set_entry("user_1", {"xp": 1})
    old_value, _ = await version.get_value()
    keys = [entry.key async for entry in store.list_keys(limit=5)]
    operation = await experience.flush_memory_store()
    done: bool = await operation.wait()
    speech = await experience.generate_speech_asset("Hello")
    asset: rblxopencloudasync.Asset = await speech.wait()
    config: rblxopencloudasync.CreatorConfig = await experience.fetch_published_config()
    entries = [entry async for entry in experience.list_user_restrictions(limit=3)]
    owned = [item async for item in rblxopencloudasync.User(1, "key").list_inventory(game_passes=[12527])]
    pass_ids: list[int] = [
        item.id for item in owned if isinstance(item, rblxopencloudasync.InventoryGamePass)
    ]
    del pass_ids
    del asset, config, entries
    del value, info, old_value
    return len(keys) + int(done) + await async_groups_usage(rblxopencloudasync.Group(42, "key"))


def groups_usage(user: rblxopencloud.User, group: rblxopencloud.Group) -> int:
    user.fetch_info()
    name: str | None = user.name
    links: rblxopencloud.UserSocialLinks | None = user.social_links
    visibility: rblxopencloud.UserVisibility | None = links.visibility if links else None
    headshot: str = user.generate_headshot(size=48, format="jpeg", is_circular=True).wait()
    memberships: list[rblxopencloud.GroupMember] = list(user.list_groups(limit=3))
    followings: list[rblxopencloud.UserExperienceFollowing] = user.fetch_experience_followings()
    followed: list[datetime | None] = [following.followed_at for following in followings]
    status: rblxopencloud.UserExperienceFollowing = user.fetch_experience_following_status(13058)
    limit: int | None = status.following_limit
    can_follow: bool | None = status.can_follow
    if status.can_follow and not status.is_following:
        user.follow_experience(status.experience.id)
    user.unfollow_experience(13058)
    owner: rblxopencloud.User | None = group.fetch_info().owner
    member: rblxopencloud.GroupMember | None = group.fetch_member(156)
    role: rblxopencloud.GroupRole | None = group.fetch_role(1, skip_cache=True)
    permissions: rblxopencloud.GroupRolePermissions | None = role.permissions if role else None
    updated: rblxopencloud.GroupMember = group.update_member(156, 2).update(role_id=3)
    members: list[rblxopencloud.GroupMember] = list(group.list_members(limit=5, role_id=2))
    roles: list[rblxopencloud.GroupRole] = list(group.list_roles(limit=2))
    requests: list[rblxopencloud.GroupJoinRequest] = list(group.list_join_requests(user_id=1))
    requests[0].accept()
    group.decline_join_request(1)
    joined: datetime = members[0].joined_at
    shout: rblxopencloud.GroupShout = group.fetch_shout()
    del name, visibility, headshot, owner, member, permissions, updated, roles, joined
    del followed, limit, can_follow
    return len(memberships) + len(shout.content)


async def async_groups_usage(group: rblxopencloudasync.Group) -> int:
    member = await group.fetch_member(156)
    role = await member.fetch_role() if member else None
    requests = [request async for request in group.list_join_requests(limit=2)]
    await group.accept_join_request(requests[0].id)
    image: str = await (await rblxopencloudasync.User(1, "key").generate_headshot()).wait()
    following: rblxopencloudasync.UserExperienceFollowing = await rblxopencloudasync.User(
        1, "key"
    ).fetch_experience_following_status(13058)
    await rblxopencloudasync.User(1, "key").follow_experience(following.experience.id)
    return len(image) + (role.rank if role else 0) + int(following.is_following)


def asset_usage(user: rblxopencloud.User, group: rblxopencloud.Group) -> int:
    with open("logo.png", "rb") as file:
        operation = user.upload_asset(
            file, rblxopencloud.AssetType.Decal, "Logo", "", progress=lambda sent, total: None
        )
    asset: rblxopencloud.Asset = operation.wait()
    versions: list[rblxopencloud.AssetVersion] = list(asset.list_versions(limit=3))
    product: rblxopencloud.CreatorStoreProduct = group.fetch_creator_store_product("Audio", 1)
    price: rblxopencloud.Money | None = product.base_price
    quotas: list[rblxopencloud.AssetQuota] = list(user.list_asset_quotas(asset_type="Audio"))
    granted: list[int] = user.grant_asset_permission(13058, [asset.id]).granted_asset_ids
    archived: bool = group.archive_asset(asset.id).is_archived
    del price, archived
    return len(versions) + len(quotas) + len(granted)


async def async_asset_usage(user: rblxopencloudasync.User) -> int:
    operation = await user.upload_asset(b"\x89PNG\r\n\x1a\n", "Decal", "Logo", "")
    asset: rblxopencloudasync.Asset = await operation.wait()
    version: rblxopencloudasync.AssetVersion = await asset.rollback(1)
    numbers = [v.version_number async for v in user.list_asset_versions(asset.id)]
    return version.version_number + len(numbers)


def apikey_usage(key: ApiKey) -> int:
    experience: Experience = key.get_experience(1, fetch_info=True)
    group: rblxopencloud.Group = key.get_group(2)
    user: rblxopencloud.User = key.get_user(3)
    info: ApiKeyInfo = key.introspect()
    missing: list[str] = info.missing_scopes({"universe-datastores.objects": ["read"]}, universe_id=1)
    try:
        info.require(["universe:write"], universe_id=experience.id)
    except MissingScopes as error:
        missing += error.missing
    # a deprecated 1.x alias keeps the types of the method it calls
    value, entry_info = experience.get_datastore("d").get("k")
    updated: datetime | None = entry_info.updated
    del value, updated
    return len(missing) + group.id + user.id


async def async_apikey_usage(key: rblxopencloudasync.ApiKey) -> bool:
    experience: rblxopencloudasync.Experience = await key.get_experience(1)
    info: rblxopencloudasync.ApiKeyInfo = await key.introspect()
    value, entry_info = await experience.get_datastore("d").get("k")
    del value, entry_info
    return info.usable and info.has_scope("universe:write", universe_id=experience.id)


assert rblxopencloud.NotFound is rblxopencloudasync.NotFound
