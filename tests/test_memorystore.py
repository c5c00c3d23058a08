"""Memory store sorted maps and queues against the emulator, in both twins."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from tests.conftest import collect, rejected_before_io, resolve
from tests.emulator._support import FakeClock

from rblxopencloudasync.emulator import Emulator, Fault

START = datetime(2024, 12, 2, 6, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def emulator(clock: FakeClock) -> Emulator:
    # Overrides the conftest emulator: memory stores need a clock the tests move.
    return Emulator(clock=clock)


def _methods(emulator: Emulator) -> list[str]:
    return [request.method for request in emulator.requests]


# -- handles ---------------------------------------------------------------------


async def test_handles_make_no_request(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    queue = experience.get_memory_store_queue("Matchmaking")
    assert isinstance(sorted_map, oc.SortedMap)
    assert isinstance(queue, oc.MemoryStoreQueue)
    assert (sorted_map.name, sorted_map.experience) == ("Auctions", experience)
    assert (queue.name, queue.experience) == ("Matchmaking", experience)
    assert "Auctions" in repr(sorted_map) and "Matchmaking" in repr(queue)
    assert len(emulator.requests) == 0


# -- sorted maps -------------------------------------------------------------------


async def test_set_and_get_key(oc: Any, experience: Any) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    entry = await resolve(sorted_map.set_key("sword", {"bid": 50}, 60, sort_key=50))
    assert isinstance(entry, oc.SortedMapEntry)
    assert (entry.key, entry.value, entry.sort_key) == ("sword", {"bid": 50}, 50)
    assert entry.expires_at == START + timedelta(seconds=60)
    assert entry.etag
    fetched = await resolve(sorted_map.get_key("sword"))
    assert fetched == entry
    assert "sword" in repr(fetched)


async def test_set_key_replaces_value_sort_key_and_etag(experience: Any, clock: FakeClock) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    first = await resolve(sorted_map.set_key("shield", "old", 60, sort_key="b"))
    assert first.sort_key == "b"
    clock.advance(seconds=10)
    second = await resolve(sorted_map.set_key("shield", [1, 2], 120))
    assert (second.value, second.sort_key) == ([1, 2], None)  # the sort key is replaced too
    assert second.etag != first.etag
    assert second.expires_at == START + timedelta(seconds=130)
    zero = await resolve(sorted_map.set_key("bow", 1.5, 60, sort_key=0))
    assert zero.sort_key == 0  # a falsy sort key is still a sort key


async def test_key_expires_by_emulator_clock(oc: Any, experience: Any, clock: FakeClock) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    await resolve(sorted_map.set_key("potion", 1, 30))
    clock.advance(seconds=29)
    assert (await resolve(sorted_map.get_key("potion"))).value == 1
    clock.advance(seconds=1)
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.get_key("potion"))
    assert await collect(sorted_map.list_keys()) == []


async def test_get_missing_key_is_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as caught:
        await resolve(experience.get_sorted_map("Auctions").get_key("nothing"))
    assert caught.value.status_code == 404
    assert caught.value.error_code == "NOT_FOUND"


async def test_exclusive_create(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    created = await resolve(sorted_map.set_key("helm", "v1", 60, exclusive_create=True))
    assert created.value == "v1"
    assert emulator.requests[-1].method == "POST"
    assert emulator.requests[-1].query == [("id", "helm")]
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(sorted_map.set_key("helm", "v2", 60, exclusive_create=True))
    assert isinstance(caught.value, oc.Conflict)
    assert caught.value.status_code == 409
    assert caught.value.value == "v1"  # the current value, read after the refusal
    assert (await resolve(sorted_map.get_key("helm"))).value == "v1"


async def test_exclusive_update(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(sorted_map.set_key("ring", 1, 60, exclusive_update=True))
    assert caught.value.status_code == 404
    assert emulator.requests[-1].query == [("allowMissing", "false")]
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.get_key("ring"))
    await resolve(sorted_map.set_key("ring", 1, 60))
    assert emulator.requests[-1].query == [("allowMissing", "true")]
    updated = await resolve(sorted_map.set_key("ring", 2, 60, exclusive_update=True))
    assert updated.value == 2


async def test_set_key_wire_body(experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    await resolve(sorted_map.set_key("a", {"x": 1}, 90, sort_key=2.5))
    assert emulator.requests[-1].json == {"value": {"x": 1}, "ttl": "90s", "numericSortKey": 2.5}
    await resolve(sorted_map.set_key("b", True, 3_888_000, sort_key="s"))
    assert emulator.requests[-1].json == {"value": True, "ttl": "3888000s", "stringSortKey": "s"}


async def test_remove_key(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    await resolve(sorted_map.set_key("gem", 5, 60))
    assert await resolve(sorted_map.remove_key("gem")) is None
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.get_key("gem"))
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.remove_key("gem"))


async def test_remove_key_with_etag(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    old = await resolve(sorted_map.set_key("gem", 5, 60))
    new = await resolve(sorted_map.set_key("gem", 6, 60))
    emulator.requests.clear()
    with pytest.raises(oc.PreconditionFailed) as caught:
        await resolve(sorted_map.remove_key("gem", etag=old.etag))
    assert caught.value.value == 6
    assert _methods(emulator) == ["GET"]  # compared, nothing deleted
    assert (await resolve(sorted_map.get_key("gem"))).value == 6
    await resolve(sorted_map.remove_key("gem", etag=new.etag))
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.get_key("gem"))
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.remove_key("gem", etag=new.etag))


async def _fill_mixed(sorted_map: Any) -> None:
    for key, sort_key in [
        ("n3", 3),
        ("n1b", 1),
        ("n1a", 1),
        ("neg", -2.5),
        ("s-b", "b"),
        ("s-a", "a"),
        ("none-2", None),
        ("none-1", None),
    ]:
        await resolve(sorted_map.set_key(key, key.upper(), 600, sort_key=sort_key))


MIXED_ORDER = ["neg", "n1a", "n1b", "n3", "s-a", "s-b", "none-1", "none-2"]


async def test_list_keys_order(oc: Any, experience: Any) -> None:
    sorted_map = experience.get_sorted_map("Mixed")
    await _fill_mixed(sorted_map)
    entries = await collect(sorted_map.list_keys())
    assert [e.key for e in entries] == MIXED_ORDER
    assert all(isinstance(e, oc.SortedMapEntry) for e in entries)
    assert entries[0].value == "NEG" and entries[0].sort_key == -2.5
    descending = await collect(sorted_map.list_keys(descending=True))
    assert [e.key for e in descending] == list(reversed(MIXED_ORDER))
    assert [e.key for e in await collect(sorted_map.list_keys(limit=3))] == MIXED_ORDER[:3]
    assert [e.key for e in await collect(sorted_map.list_keys(descending=True, limit=2))] == [
        "none-2",
        "none-1",
    ]


async def test_list_keys_bounds(experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Mixed")
    await _fill_mixed(sorted_map)

    async def keys(**bounds: Any) -> list[str]:
        return [e.key for e in await collect(sorted_map.list_keys(**bounds))]

    assert await keys(lower_bound_sort_key=1) == ["n3", "s-a", "s-b", "none-1", "none-2"]
    assert await keys(upper_bound_sort_key="b") == ["neg", "n1a", "n1b", "n3", "s-a"]
    assert await keys(lower_bound_sort_key=-3, upper_bound_sort_key=3) == ["neg", "n1a", "n1b"]
    assert await keys(lower_bound_key="s", descending=True) == ["s-b", "s-a"]
    assert emulator.requests[-1].query == [
        ("orderBy", "id desc"),
        ("filter", 'id > "s"'),
        ("maxPageSize", "100"),
    ]
    assert await keys(lower_bound_key=5, upper_bound_sort_key=2) == ["neg", "n1a", "n1b"]
    assert ("filter", 'id > "5" && sortKey < 2') in emulator.requests[-1].query


async def test_list_keys_bounds_in_map_order(experience: Any) -> None:
    sorted_map = experience.get_sorted_map("Mixed")
    await _fill_mixed(sorted_map)
    entries = await collect(sorted_map.list_keys(lower_bound_key="n1a", upper_bound_key="s-a"))
    # Key bounds filter by key; the result keeps map order (by sort key, then key).
    assert [e.key for e in entries] == ["neg", "n1b", "n3", "none-1", "none-2"]


async def test_list_keys_filter_quotes_strings(experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Quotes")
    await resolve(sorted_map.set_key('say "hi"', 1, 60, sort_key='a"b\\c'))
    await resolve(sorted_map.set_key("plain", 2, 60, sort_key="z"))
    entries = await collect(sorted_map.list_keys(upper_bound_sort_key='a"b\\d'))
    assert [e.key for e in entries] == ['say "hi"']
    assert ("filter", 'sortKey < "a\\"b\\\\d"') in emulator.requests[-1].query


async def test_list_keys_pages(experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Big")
    for index in range(230):
        await resolve(sorted_map.set_key(f"k{index:03d}", index, 600, sort_key=-index))
    emulator.requests.clear()
    entries = await collect(sorted_map.list_keys())
    assert [e.value for e in entries] == list(range(229, -1, -1))
    pages = [r for r in emulator.requests if r.method == "GET"]
    assert len(pages) == 3  # 100 + 100 + 30
    assert ("maxPageSize", "100") in pages[0].query
    assert any(name == "pageToken" for name, _ in pages[1].query)
    emulator.requests.clear()
    some = await collect(sorted_map.list_keys(descending=True, limit=150))
    assert [e.value for e in some] == list(range(150))
    assert [dict(r.query)["maxPageSize"] for r in emulator.requests] == ["100", "50"]


async def test_list_empty_map(experience: Any) -> None:
    assert await collect(experience.get_sorted_map("Nothing").list_keys()) == []


async def test_seeded_leaderboard(experience: Any) -> None:
    entries = await collect(experience.get_sorted_map("Leaderboard").list_keys(descending=True))
    assert [e.key for e in entries][:1] == ["user_156"]
    assert [e.sort_key for e in entries] == sorted((e.sort_key for e in entries), reverse=True)


# -- queues -------------------------------------------------------------------------


async def test_queue_priority_order(experience: Any, emulator: Emulator) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    assert await resolve(queue.add_item("low-1")) is None
    assert emulator.requests[-1].json == {"data": "low-1", "priority": 0, "ttl": "30s"}
    await resolve(queue.add_item({"job": "high"}, expiration_seconds=120, priority=10.5))
    await resolve(queue.add_item("low-2"))
    await resolve(queue.add_item(["mid"], priority=3))
    values, read_id = await resolve(queue.read_items(count=10))
    assert values == [{"job": "high"}, ["mid"], "low-1", "low-2"]
    assert isinstance(read_id, str) and read_id
    assert emulator.requests[-1].query == [
        ("count", "10"),
        ("allOrNothing", "false"),
        ("invisibilityWindow", "30s"),
    ]


async def test_queue_invisibility_window(experience: Any, clock: FakeClock) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    for name in ("a", "b", "c"):
        await resolve(queue.add_item(name, expiration_seconds=600))
    first, first_id = await resolve(queue.read_items(count=2, invisibility_seconds=10))
    assert first == ["a", "b"]
    second, second_id = await resolve(queue.read_items(count=2))
    assert second == ["c"]  # a and b are hidden
    assert second_id != first_id
    assert await resolve(queue.read_items()) == ([], None)
    clock.advance(seconds=10)
    again, _ = await resolve(queue.read_items(count=5, invisibility_seconds=5))
    assert again == ["a", "b"]  # not removed in time: readable again


async def test_queue_remove_items(oc: Any, experience: Any, clock: FakeClock, emulator: Emulator) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    for name in ("a", "b", "c"):
        await resolve(queue.add_item(name, expiration_seconds=600))
    values, read_id = await resolve(queue.read_items(count=2))
    assert values == ["a", "b"]
    assert await resolve(queue.remove_items(read_id)) is None
    assert emulator.requests[-1].json == {"readId": read_id}
    await resolve(queue.remove_items(read_id))  # repeating within the window is harmless
    clock.advance(seconds=31)
    assert (await resolve(queue.read_items(count=5)))[0] == ["c"]  # a and b are gone for good
    with pytest.raises(oc.NotFound):
        await resolve(queue.remove_items(read_id))  # window over: the read is gone
    with pytest.raises(oc.NotFound):
        await resolve(queue.remove_items("no-such-read"))


async def test_queue_all_or_nothing(experience: Any) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    await resolve(queue.add_item("only"))
    assert await resolve(queue.read_items(count=2, all_or_nothing=True)) == ([], None)
    values, read_id = await resolve(queue.read_items(count=1, all_or_nothing=True))
    assert values == ["only"] and read_id


async def test_queue_item_expires(experience: Any, clock: FakeClock) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    await resolve(queue.add_item("short", expiration_seconds=5))
    await resolve(queue.add_item("long", expiration_seconds=500))
    clock.advance(seconds=5)
    assert (await resolve(queue.read_items(count=10)))[0] == ["long"]


async def test_seeded_queue(experience: Any) -> None:
    values, read_id = await resolve(experience.get_memory_store_queue("Matchmaking").read_items(count=10))
    assert values[0] == {"userId": 156}  # the highest priority
    assert len(values) == 3 and read_id


async def test_flush_clears_memory_stores(oc: Any, experience: Any) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    queue = experience.get_memory_store_queue("Jobs")
    await resolve(sorted_map.set_key("k", 1, 600))
    await resolve(queue.add_item("x", expiration_seconds=600))
    await resolve(experience.flush_memory_store())
    with pytest.raises(oc.NotFound):
        await resolve(sorted_map.get_key("k"))
    assert await resolve(queue.read_items()) == ([], None)
    await resolve(sorted_map.set_key("k", 2, 600))  # usable again after the flush
    assert (await resolve(sorted_map.get_key("k"))).value == 2


# -- errors and retries ---------------------------------------------------------------


async def test_forbidden(oc: Any, experience: Any, emulator: Emulator) -> None:
    emulator.inject(Fault(status=403, path="/memory-store/"))
    with pytest.raises(oc.Forbidden) as caught:
        await resolve(experience.get_sorted_map("Auctions").get_key("k"))
    assert caught.value.status_code == 403


async def test_reads_and_writes_that_are_safe_to_repeat_are_retried(
    experience: Any, emulator: Emulator
) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    queue = experience.get_memory_store_queue("Jobs")
    emulator.inject(Fault(status=503, method="PATCH", path="/sorted-maps/"))
    assert (await resolve(sorted_map.set_key("k", 1, 60))).value == 1
    emulator.inject(Fault(status=500, method="GET", path=r"/items/k$"))
    assert (await resolve(sorted_map.get_key("k"))).value == 1
    await resolve(queue.add_item("x"))
    emulator.inject(Fault(status=503, method="GET", path=r"items:read$"))
    values, read_id = await resolve(queue.read_items())
    assert values == ["x"]
    emulator.inject(Fault(status=503, method="POST", path=r"items:discard$"))
    await resolve(queue.remove_items(read_id))
    assert _methods(emulator).count("PATCH") == 2


async def test_non_idempotent_writes_are_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    sorted_map = experience.get_sorted_map("Auctions")
    queue = experience.get_memory_store_queue("Jobs")
    emulator.inject(Fault(status=500, method="POST", path=r"/queues/Jobs/items$", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(queue.add_item("once"))
    assert _methods(emulator) == ["POST"]  # not sent twice
    assert (await resolve(queue.read_items(count=5)))[0] == ["once"]
    emulator.inject(Fault(status=500, method="POST", path=r"/sorted-maps/Auctions/items$"))
    with pytest.raises(oc.ServerError):
        await resolve(sorted_map.set_key("new", 1, 60, exclusive_create=True))
    assert _methods(emulator) == ["POST", "GET", "POST"]


async def test_read_not_found_without_all_or_nothing_raises(
    oc: Any, experience: Any, emulator: Emulator
) -> None:
    emulator.inject(Fault(status=404, path=r"items:read$"))
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_memory_store_queue("Jobs").read_items())


async def test_rate_limited_is_retried(experience: Any, emulator: Emulator, sleeps: list[float]) -> None:
    queue = experience.get_memory_store_queue("Jobs")
    emulator.inject(Fault(status=429, method="POST", retry_after=2, path=r"/queues/"))
    await resolve(queue.add_item("x"))
    assert sleeps == [2]
    assert _methods(emulator) == ["POST", "POST"]


# -- validation before I/O ---------------------------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception]]] = [
    ("map name not str", lambda e: e.get_sorted_map(5), TypeError),
    ("empty map name", lambda e: e.get_sorted_map(""), ValueError),
    ("empty queue name", lambda e: e.get_memory_store_queue(""), ValueError),
    ("empty key", lambda e: e.get_sorted_map("m").get_key(""), ValueError),
    ("key not str", lambda e: e.get_sorted_map("m").get_key(3), TypeError),
    ("long key", lambda e: e.get_sorted_map("m").set_key("k" * 129, 1, 60), ValueError),
    (
        "long create key",
        lambda e: e.get_sorted_map("m").set_key("k" * 128, 1, 60, exclusive_create=True),
        ValueError,
    ),
    (
        "both flags",
        lambda e: e.get_sorted_map("m").set_key("k", 1, 60, exclusive_create=True, exclusive_update=True),
        ValueError,
    ),
    ("None value", lambda e: e.get_sorted_map("m").set_key("k", None, 60), TypeError),
    ("value not JSON", lambda e: e.get_sorted_map("m").set_key("k", {1, 2}, 60), TypeError),
    ("NaN value", lambda e: e.get_sorted_map("m").set_key("k", math.nan, 60), ValueError),
    ("value over 32 KB", lambda e: e.get_sorted_map("m").set_key("k", "x" * 32_767, 60), ValueError),
    ("zero expiration", lambda e: e.get_sorted_map("m").set_key("k", 1, 0), ValueError),
    ("expiration over 45 days", lambda e: e.get_sorted_map("m").set_key("k", 1, 3_888_001), ValueError),
    ("float expiration", lambda e: e.get_sorted_map("m").set_key("k", 1, 1.5), TypeError),
    ("bool sort key", lambda e: e.get_sorted_map("m").set_key("k", 1, 60, sort_key=True), TypeError),
    ("list sort key", lambda e: e.get_sorted_map("m").set_key("k", 1, 60, sort_key=[1]), TypeError),
    ("inf sort key", lambda e: e.get_sorted_map("m").set_key("k", 1, 60, sort_key=math.inf), ValueError),
    ("long sort key", lambda e: e.get_sorted_map("m").set_key("k", 1, 60, sort_key="s" * 129), ValueError),
    ("long remove key", lambda e: e.get_sorted_map("m").remove_key("k" * 129), ValueError),
    ("empty etag", lambda e: e.get_sorted_map("m").remove_key("k", etag=""), ValueError),
    ("negative limit", lambda e: e.get_sorted_map("m").list_keys(limit=-1), ValueError),
    ("float key bound", lambda e: e.get_sorted_map("m").list_keys(lower_bound_key=1.5), TypeError),
    ("bool sort bound", lambda e: e.get_sorted_map("m").list_keys(upper_bound_sort_key=False), TypeError),
    ("nan sort bound", lambda e: e.get_sorted_map("m").list_keys(upper_bound_sort_key=math.nan), ValueError),
    (
        "key bounds crossed",
        lambda e: e.get_sorted_map("m").list_keys(lower_bound_key="b", upper_bound_key="a"),
        ValueError,
    ),
    (
        "sort bounds crossed",
        lambda e: e.get_sorted_map("m").list_keys(lower_bound_sort_key="a", upper_bound_sort_key=5),
        ValueError,
    ),
    ("queue None value", lambda e: e.get_memory_store_queue("q").add_item(None), TypeError),
    ("queue value over 32 KB", lambda e: e.get_memory_store_queue("q").add_item(["x" * 33_000]), ValueError),
    (
        "queue zero expiration",
        lambda e: e.get_memory_store_queue("q").add_item(1, expiration_seconds=0),
        ValueError,
    ),
    (
        "queue long expiration",
        lambda e: e.get_memory_store_queue("q").add_item(1, expiration_seconds=3_888_001),
        ValueError,
    ),
    ("queue str priority", lambda e: e.get_memory_store_queue("q").add_item(1, priority="1"), TypeError),
    (
        "queue nan priority",
        lambda e: e.get_memory_store_queue("q").add_item(1, priority=math.nan),
        ValueError,
    ),
    ("zero count", lambda e: e.get_memory_store_queue("q").read_items(count=0), ValueError),
    ("count over 200", lambda e: e.get_memory_store_queue("q").read_items(count=201), ValueError),
    ("bool count", lambda e: e.get_memory_store_queue("q").read_items(count=True), TypeError),
    ("zero window", lambda e: e.get_memory_store_queue("q").read_items(invisibility_seconds=0), ValueError),
    ("float window", lambda e: e.get_memory_store_queue("q").read_items(invisibility_seconds=1.5), TypeError),
    ("empty read id", lambda e: e.get_memory_store_queue("q").remove_items(""), ValueError),
    ("read id not str", lambda e: e.get_memory_store_queue("q").remove_items(None), TypeError),
]


@pytest.mark.parametrize(("name", "call", "error"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_fails_before_io(
    experience: Any, emulator: Emulator, name: str, call: Callable[[Any], Any], error: type[Exception]
) -> None:
    await rejected_before_io(lambda: call(experience), error, emulator, name)


async def test_value_size_limit_is_bytes(experience: Any) -> None:
    sorted_map = experience.get_sorted_map("m")
    # 32,768 bytes once serialised (two quote characters included) is accepted.
    entry = await resolve(sorted_map.set_key("k", "x" * 32_766, 60))
    assert len(entry.value) == 32_766
    with pytest.raises(ValueError, match="bytes"):
        await resolve(sorted_map.set_key("k", "é" * 16_384, 60))


def test_sorted_map_entry_from_wire(oc: Any) -> None:
    entry = oc.SortedMapEntry.from_wire(
        {
            "path": "cloud/v2/universes/1/memory-store/sorted-maps/m/items/k",
            "value": {"a": 1},
            "etag": "e1",
            "expireTime": "2024-12-02T06:00:30Z",
            "numericSortKey": 0,
        }
    )
    assert (entry.key, entry.value, entry.etag, entry.sort_key) == ("k", {"a": 1}, "e1", 0)
    assert entry.expires_at == START + timedelta(seconds=30)
    bare = oc.SortedMapEntry.from_wire({"id": "x", "stringSortKey": "", "value": 2, "etag": "e2"})
    assert (bare.sort_key, bare.expires_at, bare.value) == ("", None, 2)
    assert bare != entry and bare != "x"
