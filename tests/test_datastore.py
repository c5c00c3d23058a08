"""DataStore against the emulator, in both twins."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import collect, resolve

from rblxopencloudasync.emulator import Emulator


async def test_get_seeded_entry(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("PlayerData")
    value, info = await resolve(ds.get_entry("user_287113233"))
    assert value == {"xp": 1337, "level": 7}
    assert isinstance(info, oc.EntryInfo)
    assert info.users == [287113233]
    assert info.metadata == {"source": "demo"}
    assert isinstance(info.created, datetime) and info.created.tzinfo is not None
    assert info.version


async def test_set_get_round_trip(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Inventory")
    version = await resolve(
        ds.set_entry("user_1", {"sword": 1, "名前": "é"}, users=[1, 2], metadata={"kind": "test"})
    )
    assert isinstance(version, oc.EntryVersion)
    assert version.deleted is False
    assert version.content_length == len('{"sword":1,"名前":"é"}'.encode())
    value, info = await resolve(ds.get_entry("user_1"))
    assert value == {"sword": 1, "名前": "é"}
    assert info.version == version.version
    assert info.users == [1, 2]
    assert info.metadata == {"kind": "test"}


async def test_set_clears_users_and_metadata_when_omitted(experience: Any) -> None:
    ds = experience.get_datastore("Inventory")
    await resolve(ds.set_entry("k", 1, users=[5], metadata={"a": "b"}))
    await resolve(ds.set_entry("k", 2))
    _, info = await resolve(ds.get_entry("k"))
    assert info.users == [] and info.metadata == {}


async def test_get_missing_raises_not_found(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("PlayerData")
    with pytest.raises(oc.NotFound) as caught:
        await resolve(ds.get_entry("nobody"))
    assert caught.value.status_code == 404
    assert caught.value.error_code == "NOT_FOUND"


async def test_keys_with_reserved_characters(experience: Any) -> None:
    ds = experience.get_datastore("Odd Name/?")
    for key in ("a@b", "x/y", "sp ace", "q?#%"):
        await resolve(ds.set_entry(key, key))
        value, _ = await resolve(ds.get_entry(key))
        assert value == key


async def test_increment(experience: Any, emulator: Emulator) -> None:
    ds = experience.get_datastore("Coins")
    value, info = await resolve(ds.increment_entry("fresh", 5, users=[9]))
    assert value == 5 and info.users == [9]
    value, _ = await resolve(ds.increment_entry("fresh", -2))
    assert value == 3
    value, _ = await resolve(ds.increment_entry("fresh", 2.0))
    assert value == 5


async def test_remove_entry(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Inventory")
    await resolve(ds.set_entry("gone", 1))
    assert await resolve(ds.remove_entry("gone")) is None
    with pytest.raises(oc.NotFound):
        await resolve(ds.get_entry("gone"))
    with pytest.raises(oc.NotFound):
        await resolve(ds.remove_entry("never-existed"))


async def test_exclusive_create(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Inventory")
    await resolve(ds.set_entry("unique", {"v": 1}, exclusive_create=True))
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(ds.set_entry("unique", {"v": 2}, exclusive_create=True))
    assert isinstance(caught.value, oc.Conflict)
    assert caught.value.value == {"v": 1}
    assert isinstance(caught.value.info, oc.EntryInfo)
    value, _ = await resolve(ds.get_entry("unique"))
    assert value == {"v": 1}


async def test_previous_version(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Inventory")
    first = await resolve(ds.set_entry("guarded", 1))
    second = await resolve(ds.set_entry("guarded", 2, previous_version=first.version))
    assert second.version != first.version
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(ds.set_entry("guarded", 3, previous_version=first.version))
    assert caught.value.value == 2
    assert caught.value.info.version == second.version
    assert second.version in str(caught.value)
    with pytest.raises(oc.PreconditionFailed) as missing:
        await resolve(ds.set_entry("no-such-key", 3, previous_version=first.version))
    assert missing.value.value is None and missing.value.info is None


async def test_list_keys_pages_prefix_and_limit(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.add_entries(experience.id, "Big", ((f"k{i:04d}", i) for i in range(600)))
    emulator.add_entries(experience.id, "Big", [("other", 0)])
    ds = experience.get_datastore("Big")
    keys = await collect(ds.list_keys())
    assert len(keys) == 601
    assert keys[0] == oc.ListedEntry("k0000", "global")
    pages = [r for r in emulator.requests if r.path.endswith("/entries") and r.method == "GET"]
    assert len(pages) == 3  # 256 per page
    assert [k.key for k in await collect(ds.list_keys(prefix="k059"))] == [f"k059{i}" for i in range(10)]
    assert len(await collect(ds.list_keys(limit=5))) == 5
    assert await collect(ds.list_keys(limit=0)) == []


async def test_list_keys_nothing_sent_before_iteration(experience: Any, emulator: Emulator) -> None:
    before = len(emulator.requests)
    experience.get_datastore("Big").list_keys()
    assert len(emulator.requests) == before


async def test_list_keys_show_deleted(experience: Any) -> None:
    ds = experience.get_datastore("Trash")
    await resolve(ds.set_entry("a", 1))
    await resolve(ds.set_entry("b", 1))
    await resolve(ds.remove_entry("a"))
    assert [k.key for k in await collect(ds.list_keys())] == ["b"]
    assert [k.key for k in await collect(ds.list_keys(show_deleted=True))] == ["a", "b"]


async def test_scope_none_uses_scope_slash_key(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Scoped", scope=None)
    await resolve(ds.set_entry("pets/user_1", "dog"))
    await resolve(ds.set_entry("cars/user_1", "van"))
    value, _ = await resolve(ds.get_entry("pets/user_1"))
    assert value == "dog"
    scoped = experience.get_datastore("Scoped", scope="cars")
    assert (await resolve(scoped.get_entry("user_1")))[0] == "van"
    listed = await collect(ds.list_keys())
    assert {(k.scope, k.key) for k in listed} == {("pets", "user_1"), ("cars", "user_1")}
    with pytest.raises(ValueError, match="scope/key"):
        await resolve(ds.get_entry("no-scope"))


async def test_versions(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("History")
    written = [await resolve(ds.set_entry("k", i)) for i in range(5)]
    versions = await collect(ds.list_versions("k"))
    assert [v.version for v in versions] == [w.version for w in reversed(written)]
    assert all(isinstance(v, oc.EntryVersion) for v in versions)
    oldest_first = await collect(ds.list_versions("k", descending=False, limit=2))
    assert [v.version for v in oldest_first] == [written[0].version, written[1].version]
    newest_two = await collect(ds.list_versions("k", limit=2))
    assert [v.version for v in newest_two] == [written[4].version, written[3].version]
    value, info = await resolve(versions[-1].get_value())
    assert value == 0 and info.version == written[0].version
    value, _ = await resolve(ds.get_version("k", written[2].version))
    assert value == 2


async def test_versions_time_window_and_as_of(experience: Any) -> None:
    ds = experience.get_datastore("History")
    first = await resolve(ds.set_entry("t", "a"))
    second = await resolve(ds.set_entry("t", "b"))
    window = await collect(ds.list_versions("t", after=second.created, before=second.created))
    assert [v.version for v in window] == [second.version]
    assert [v.version for v in await collect(ds.list_versions("t", before=first.created))] == [first.version]
    value, _ = await resolve(ds.get_version("t", first.created))
    assert value == "a"
    value, _ = await resolve(ds.get_version("t", datetime.now(timezone.utc) + timedelta(minutes=1)))
    assert value == "b"


async def test_versions_of_scope_none_store(experience: Any) -> None:
    ds = experience.get_datastore("Scoped2", scope=None)
    await resolve(ds.set_entry("s/k", 1))
    (version,) = await collect(ds.list_versions("s/k"))
    assert (version.scope, version.key) == ("s", "k")
    assert (await resolve(version.get_value()))[0] == 1


async def test_list_datastores(oc: Any, experience: Any) -> None:
    for i in range(120):
        await resolve(experience.get_datastore(f"zz{i:03d}").set_entry("k", i))
    stores = await collect(experience.list_datastores(prefix="zz"))
    assert len(stores) == 120
    assert isinstance(stores[0], oc.DataStore)
    assert stores[0].name == "zz000" and stores[0].scope == "global"
    assert stores[0].state is oc.DataStoreState.Active
    assert stores[0].created_at is not None
    assert len(await collect(experience.list_datastores(prefix="zz", limit=7))) == 7
    scoped = await collect(experience.list_datastores(prefix="zz000", scope=None))
    assert scoped[0].scope is None


async def test_delete_and_undelete_datastore(oc: Any, experience: Any) -> None:
    ds = experience.get_datastore("Doomed")
    await resolve(ds.set_entry("k", 1))
    await resolve(ds.delete())
    assert ds.state is oc.DataStoreState.Deleted
    assert ds.expires_at is not None
    names = [d.name for d in await collect(experience.list_datastores(prefix="Doomed"))]
    assert names == []
    deleted = await collect(experience.list_datastores(prefix="Doomed", show_deleted=True))
    assert deleted[0].state is oc.DataStoreState.Deleted
    await resolve(ds.undelete())
    assert ds.state is oc.DataStoreState.Active
    assert (await resolve(ds.get_entry("k")))[0] == 1


async def test_snapshot(experience: Any) -> None:
    taken, when = await resolve(experience.snapshot_datastores())
    assert taken is True and when.tzinfo is not None
    again, when2 = await resolve(experience.snapshot_datastores())
    assert again is False and when2 == when


async def test_guide_spellings_are_aliases(oc: Any, experience: Any) -> None:
    # The rblx-open-cloud guide writes get_data_store / get_ordered_data_store.
    store = experience.get_data_store("PlayerData", scope="global")
    assert isinstance(store, oc.DataStore) and store.name == "PlayerData"
    value, _ = await resolve(store.get_entry("user_287113233"))
    assert value == {"xp": 1337, "level": 7}
    ordered = experience.get_ordered_data_store("Leaderboard")
    assert isinstance(ordered, oc.OrderedDataStore) and ordered.scope == "global"
