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
    return len(keys) + int(done)


assert rblxopencloud.NotFound is rblxopencloudasync.NotFound
