"""OrderedDataStore against the emulator, in both twins."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import collect, resolve


async def _fill(ods: Any, values: dict[str, int]) -> None:
    for key, value in values.items():
        await resolve(ods.set_entry(key, value))


async def test_set_get_increment_remove(oc: Any, experience: Any) -> None:
    ods = experience.get_ordered_datastore("Scores")
    assert await resolve(ods.set_entry("alice", 10)) == 10
    assert await resolve(ods.get_entry("alice")) == 10
    assert await resolve(ods.increment_entry("alice", 5)) == 15
    assert await resolve(ods.increment_entry("bob", 3)) == 3  # created by increment
    assert await resolve(ods.remove_entry("alice")) is None
    with pytest.raises(oc.NotFound):
        await resolve(ods.get_entry("alice"))
    with pytest.raises(oc.NotFound):
        await resolve(ods.remove_entry("alice"))


async def test_exclusive_flags(oc: Any, experience: Any) -> None:
    ods = experience.get_ordered_datastore("Scores")
    await resolve(ods.set_entry("carol", 1, exclusive_create=True))
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(ods.set_entry("carol", 2, exclusive_create=True))
    assert caught.value.value == 1
    with pytest.raises(oc.PreconditionFailed):
        await resolve(ods.set_entry("dave", 2, exclusive_update=True))
    assert await resolve(ods.set_entry("carol", 7, exclusive_update=True)) == 7
    with pytest.raises(ValueError, match="mutually exclusive"):
        await resolve(ods.set_entry("x", 1, exclusive_create=True, exclusive_update=True))


async def test_sort_keys(oc: Any, experience: Any) -> None:
    ods = experience.get_ordered_datastore("Ranks")
    await _fill(ods, {f"p{i:03d}": i * 10 for i in range(250)})
    top = await collect(ods.sort_keys(limit=3))
    assert top == [
        oc.SortedEntry("p249", 2490, "global"),
        oc.SortedEntry("p248", 2480),
        oc.SortedEntry("p247", 2470),
    ]
    everything = await collect(ods.sort_keys(descending=False))
    assert len(everything) == 250  # three pages of 100
    assert [e.value for e in everything] == sorted(e.value for e in everything)
    window = await collect(ods.sort_keys(descending=False, min=100, max=130))
    assert [e.value for e in window] == [100, 110, 120, 130]
    with pytest.raises(ValueError, match="min"):
        ods.sort_keys(min=5, max=1)


async def test_seeded_leaderboard(experience: Any) -> None:
    entries = await collect(experience.get_ordered_datastore("Leaderboard").sort_keys())
    assert len(entries) >= 5
    assert [e.value for e in entries] == sorted((e.value for e in entries), reverse=True)


async def test_scope_none(experience: Any) -> None:
    ods = experience.get_ordered_datastore("Ranks2", scope=None)
    await resolve(ods.set_entry("season1/alice", 4))
    assert await resolve(ods.get_entry("season1/alice")) == 4
    scoped = experience.get_ordered_datastore("Ranks2", scope="season1")
    assert [e.key for e in await collect(scoped.sort_keys())] == ["alice"]
    with pytest.raises(ValueError, match="scope"):
        ods.sort_keys()
