"""Not a test module: `nox -s typecheck` runs mypy --strict on this user-style code.

It checks that the public names are visible to type checkers through the lazy
package ``__init__`` and that return types flow to callers in both twins.
"""

from __future__ import annotations

from datetime import datetime

import rblxopencloud
import rblxopencloudasync
from rblxopencloud import (
    EntryInfo,
    Experience,
    ExperienceAgeRating,
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
    return version + len(logs) + len(translations) + len(product_names)


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
    del asset, config, entries
    del value, info, old_value
    return len(keys) + int(done)


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


assert rblxopencloud.NotFound is rblxopencloudasync.NotFound
