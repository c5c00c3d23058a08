"""Quickstart: data stores, memory stores, places, bans, secrets, messaging and
products, in sync and async, on the embedded emulator.

No Roblox account needed: the emulator runs in-process as an httpx transport.
Against Roblox, drop ``transport=`` and pass your universe ID and API key.
"""

from __future__ import annotations

import asyncio

import rblxopencloud
import rblxopencloudasync
from rblxopencloud.emulator import DEMO_UNIVERSE_ID, Emulator

emulator = Emulator()  # seeded with a demo universe


def sync_demo() -> None:
    with rblxopencloud.Experience(DEMO_UNIVERSE_ID, "demo-key", transport=emulator.transport()) as experience:
        store = experience.get_datastore("PlayerData")
        version = store.set_entry("user_1", {"xp": 10, "level": 1}, users=[1])
        value, info = store.get_entry("user_1")
        print(f"[sync]  set -> version {version.version}; get -> {value} (users {info.users})")
        coins, _ = experience.get_datastore("Coins").increment_entry("user_1", 25)
        print(f"[sync]  increment -> {coins}")
        keys = [entry.key for entry in store.list_keys(limit=5)]
        print(f"[sync]  list_keys -> {keys}")
        top = [(e.key, e.value) for e in experience.get_ordered_datastore("Leaderboard").sort_keys(limit=3)]
        print(f"[sync]  leaderboard top 3 -> {top}")

        experience.fetch_info()
        print(f"[sync]  experience -> {experience.name!r}, root place {experience.root_place.id}")
        version = experience.root_place.upload_place_file(b"<roblox!" + bytes(64))
        print(f"[sync]  upload_place_file -> version {version}")

        lobby = experience.get_sorted_map("Lobby")
        lobby.set_key("party_1", {"size": 3}, expiration_seconds=300, sort_key=3)
        print(f"[sync]  sorted map -> {[(e.key, e.value) for e in lobby.list_keys()]}")

        restriction = experience.ban_user(287113233, 3600, display_reason="Exploiting")
        print(f"[sync]  ban_user -> active={restriction.active}, {restriction.duration_seconds} s")
        experience.unban_user(287113233)

        secret = experience.create_secret("discord_token", "s3cr3t-value", domain="*.discord.com")
        print(f"[sync]  create_secret -> {secret!r} (sealed client-side, never printed)")


async def async_demo() -> None:
    async with rblxopencloudasync.Experience(
        DEMO_UNIVERSE_ID, "demo-key", transport=emulator.transport()
    ) as experience:
        store = experience.get_datastore("PlayerData")
        await store.set_entry("user_2", {"xp": 99, "level": 4}, users=[2])
        values = await asyncio.gather(*(store.get_entry(f"user_{i}") for i in (1, 2)))
        print(f"[async] get x2 concurrently -> {[value for value, _ in values]}")
        coins, _ = await experience.get_datastore("Coins").increment_entry("user_1", 5)
        print(f"[async] increment -> {coins}")
        keys = [entry.key async for entry in store.list_keys(limit=5)]
        print(f"[async] list_keys -> {keys}")
        try:
            await store.get_entry("nobody")
        except rblxopencloudasync.NotFound as error:
            print(f"[async] missing key -> NotFound({error})")

        queue = experience.get_memory_store_queue("Matchmaking")
        await queue.add_item({"userId": 2}, expiration_seconds=60)
        items, read_id = await queue.read_items(count=10, invisibility_seconds=30)
        print(f"[async] queue read -> {items}")
        if read_id is not None:
            await queue.remove_items(read_id)

        await experience.publish_message("announcements", "Double XP starts now!")
        print("[async] publish_message -> sent")
        products = [p.name async for p in experience.list_developer_products(limit=3)]
        print(f"[async] developer products -> {products}")
        operation = await experience.flush_memory_store()
        print(f"[async] flush_memory_store -> {await operation.wait()}")


if __name__ == "__main__":
    sync_demo()
    asyncio.run(async_demo())
