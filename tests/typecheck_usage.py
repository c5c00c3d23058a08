"""Not a test module: `nox -s typecheck` runs mypy --strict on this user-style code.

It checks that the public names are visible to type checkers through the lazy
package ``__init__`` and that return types flow to callers in both twins.
"""

from __future__ import annotations

from datetime import datetime

import rblxopencloud
import rblxopencloudasync
from rblxopencloud import EntryInfo, Experience, NotFound


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
    return len(keys) + top


async def async_usage(experience: rblxopencloudasync.Experience) -> int:
    store = experience.get_datastore("PlayerData")
    value, info = await store.get_entry("user_1")
    version = await store.set_entry("user_1", {"xp": 1})
    old_value, _ = await version.get_value()
    keys = [entry.key async for entry in store.list_keys(limit=5)]
    operation = await experience.flush_memory_store()
    done: bool = await operation.wait()
    del value, info, old_value
    return len(keys) + int(done)


assert rblxopencloud.NotFound is rblxopencloudasync.NotFound
