"""Every caller-supplied name, key or scope reaches exactly the resource it names.

A path segment of ``.`` or ``..``, or one holding ``/``, ``@``, ``:`` or ``%``,
must neither be collapsed by the HTTP library nor read by the server as another
resource, a revision or a custom method. The named regressions run in-process
for both twins; the property tests run over real loopback HTTP with the httpx
backend of both twins and the aiohttp backend of the async twin.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import re
from collections.abc import Awaitable, Callable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from tests.conftest import API_KEY, close, collect, rejected_before_io, resolve

import rblxopencloud
import rblxopencloudasync
from rblxopencloudasync._shared.paths import api_path, segment
from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, MessagingArea
from rblxopencloudasync.emulator._app import split_path

U = str(DEMO_UNIVERSE_ID)
NAMES = st.text(min_size=1, max_size=40)
TRICKY = [
    ".",
    "..",
    "../x",
    "a/b",
    "%2E",
    "%",
    "@",
    "x@1",
    "a:b",
    " ",
    "a:increment",
    "k:listRevisions",
    "ü/日本",
]
PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_values = itertools.count(1_000)


def with_tricky_examples(test: Callable[..., None], *, skip: str = "") -> Callable[..., None]:
    for text in TRICKY:
        if not (skip and skip in text):
            test = example(text)(test)
    return test


# -- the encoder -------------------------------------------------------------------


@given(NAMES)
def test_a_segment_decodes_to_its_input_and_stays_one_segment(text: str) -> None:
    encoded = segment(text)
    assert unquote(encoded) == text
    assert "/" not in encoded
    assert encoded not in (".", "..")
    assert re.fullmatch(r"(?:[A-Za-z0-9_.~-]|%[0-9A-F]{2})+", encoded)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [(".", "%2E"), ("..", "%2E%2E"), ("...", "..."), ("a/b", "a%2Fb"), ("x@1", "x%401"), ("a:b", "a%3Ab")],
)
def test_segment_examples(value: str, encoded: str) -> None:
    assert segment(value) == encoded


def test_api_path_fills_each_slot_with_one_segment() -> None:
    path = api_path(
        "/cloud/v2/universes/{}/data-stores/{}/scopes/{}/entries/{}@{}", 7, "..", "a/b", "x@1", "r:1"
    )
    assert path == "/cloud/v2/universes/7/data-stores/%2E%2E/scopes/a%2Fb/entries/x%401@r%3A1"
    assert split_path(path)[4:] == ["data-stores", "..", "scopes", "a/b", "entries", "x@1@r:1"]


def test_api_path_refuses_what_cannot_name_one_resource() -> None:
    with pytest.raises(ValueError, match="empty"):
        api_path("/a/{}", "")
    with pytest.raises(ValueError, match="slots"):
        api_path("/a/{}/{}", 1)
    with pytest.raises(TypeError):
        api_path("/a/{}", True)
    with pytest.raises(TypeError):
        api_path("/a/{}", 1.5)  # type: ignore[arg-type]


def test_the_emulator_splits_a_custom_verb_off_the_raw_path_only() -> None:
    assert split_path("/e/k:increment") == ["e", "k", ":increment"]
    assert split_path("/e/k%3Aincrement") == ["e", "k:increment"]
    assert split_path("/e/k%40x@latest:2024-01-01T00:00:00Z") == ["e", "k@x@latest:2024-01-01T00:00:00Z"]


# -- the named regressions (in-process, both twins) -----------------------------------


async def test_a_dot_dot_key_in_a_scopeless_store_stays_in_its_scope(
    experience: Any, emulator: Emulator
) -> None:
    emulator.add_entries(DEMO_UNIVERSE_ID, "Coins", [("user_1", 5)])
    await resolve(experience.get_datastore("Coins", scope=None).set_entry("../user_1", 999))
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 5
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1", scope="..") == 999


async def test_a_dot_dot_scope_does_not_delete_from_global(
    oc: ModuleType, experience: Any, emulator: Emulator
) -> None:
    emulator.add_entries(DEMO_UNIVERSE_ID, "Coins", [("user_1", 5)])
    with pytest.raises(oc.NotFound):
        await resolve(experience.get_datastore("Coins", scope="..").remove_entry("user_1"))
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "user_1") == 5


async def test_a_dot_dot_key_is_a_key_not_the_store(
    oc: ModuleType, experience: Any, emulator: Emulator
) -> None:
    store = experience.get_datastore("Coins")
    emulator.add_entries(DEMO_UNIVERSE_ID, "Coins", [("user_1", 5)])
    with pytest.raises(oc.NotFound):
        await resolve(store.get_entry(".."))
    await resolve(store.set_entry("..", 7))
    value, _ = await resolve(store.get_entry(".."))
    assert value == 7
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Coins", "..") == 7
    assert emulator.requests[-1].path.endswith("/scopes/global/entries/%2E%2E")


async def test_a_dot_dot_sorted_map_is_its_own_map(
    oc: ModuleType, experience: Any, emulator: Emulator
) -> None:
    await resolve(experience.get_sorted_map("Other").set_key("k", "other", 60))
    dots = experience.get_sorted_map("..")
    with pytest.raises(oc.NotFound):
        await resolve(dots.get_key("k"))
    await resolve(dots.set_key("k", "dots", 60))
    assert (await resolve(experience.get_sorted_map("Other").get_key("k"))).value == "other"
    assert [(e.key, e.value) for e in await collect(dots.list_keys())] == [("k", "dots")]
    assert split_path(emulator.requests[-1].path)[6] == ".."


async def test_a_key_that_looks_like_a_custom_method_is_a_key(experience: Any, emulator: Emulator) -> None:
    store = experience.get_datastore("Verbs")
    await resolve(store.set_entry("a", 1))
    await resolve(store.set_entry("a:increment", 10))
    await resolve(store.increment_entry("a:increment", 5))
    await resolve(store.set_entry("k", 1))
    await resolve(store.set_entry("k:listRevisions", 3))
    value, _ = await resolve(store.get_entry("k:listRevisions"))
    assert value == 3
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Verbs", "a") == 1
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Verbs", "a:increment") == 15
    value, _ = await resolve(store.get_entry("a:increment"))
    assert value == 15


async def test_a_key_with_an_at_sign_is_not_a_revision(experience: Any, emulator: Emulator) -> None:
    store = experience.get_datastore("Revisions")
    version = await resolve(store.set_entry("x", 1))
    await resolve(store.set_entry(f"x@{version.version}", 2))
    value, _ = await resolve(store.get_entry(f"x@{version.version}"))
    assert value == 2  # not revision version.version of "x", whose value is 1
    assert emulator.get_entry_value(DEMO_UNIVERSE_ID, "Revisions", f"x@{version.version}") == 2


async def test_a_data_store_named_like_a_custom_method_is_undeleted_by_name(
    experience: Any, emulator: Emulator
) -> None:
    await resolve(experience.get_datastore("s:undelete").set_entry("k", 1))
    await resolve(experience.get_datastore("s").set_entry("k", 1))
    store = experience.get_datastore("s:undelete")
    await resolve(store.delete())
    await resolve(store.undelete())
    assert emulator.requests[-1].path.endswith("/data-stores/s%3Aundelete:undelete")


async def test_the_wildcard_scope_is_refused_before_io(oc: ModuleType, emulator: Emulator) -> None:
    exp = oc.Experience(DEMO_UNIVERSE_ID, API_KEY, transport=emulator.transport())
    with pytest.raises(ValueError, match="scope"):
        exp.get_datastore("Coins", scope="-")
    scopeless = exp.get_datastore("Coins", scope=None)
    await rejected_before_io(lambda: scopeless.get_entry("-/user_1"), ValueError, emulator, "scope '-'")
    await close(exp)


# -- property tests over real loopback HTTP ------------------------------------------

Scenario = Callable[[Any, str], Awaitable[None]]


@pytest.fixture
def on_every_client(live_server: tuple[str, Emulator]) -> Iterator[Callable[[Scenario], None]]:
    """Run ``scenario(experience, client)`` with each backend over loopback HTTP.

    The experiences and their event loop live as long as the test, so the
    connection pools are reused from one example to the next.
    """
    url = live_server[0]
    clients: dict[str, Any] = {
        "httpx (sync)": rblxopencloud.Experience(DEMO_UNIVERSE_ID, API_KEY, base_url=url),
        "httpx (async)": rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="httpx"
        ),
        "aiohttp": rblxopencloudasync.Experience(
            DEMO_UNIVERSE_ID, API_KEY, base_url=url, http_backend="aiohttp"
        ),
    }
    loop = asyncio.new_event_loop()

    async def each(scenario: Scenario) -> None:
        for name, exp in clients.items():
            await scenario(exp, name)

    async def close_all() -> None:
        for exp in clients.values():
            await close(exp)

    yield lambda scenario: loop.run_until_complete(each(scenario))
    loop.run_until_complete(close_all())
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def received(emulator: Emulator, index: int = -1) -> list[str]:
    """The decoded path segments of a request as the emulator routed it."""
    return split_path(emulator.requests[index].path)


@PROPERTY
@given(NAMES)
@with_tricky_examples
def test_data_store_name_scope_and_key_reach_exactly_that_entry(
    live_server: tuple[str, Emulator], on_every_client: Callable[[Scenario], None], text: str
) -> None:
    emulator = live_server[1]
    scope = text if text != "-" else "the-scope"  # "-" means every scope

    async def scenario(exp: Any, client: str) -> None:
        value = next(_values)
        store = exp.get_datastore(text, scope=scope)
        await resolve(store.set_entry(text, value))
        entry = ["cloud", "v2", "universes", U, "data-stores", text, "scopes", scope, "entries", text]
        assert received(emulator) == entry, client
        assert emulator.get_entry_value(DEMO_UNIVERSE_ID, text, text, scope) == value, client
        assert (await resolve(store.get_entry(text)))[0] == value, client
        assert (await resolve(store.increment_entry(text, 1)))[0] == value + 1, client
        assert received(emulator) == [*entry, ":increment"], client
        versions = await collect(store.list_versions(text))
        assert received(emulator) == [*entry, ":listRevisions"], client
        assert (await resolve(store.get_version(text, versions[0].version)))[0] == value + 1, client
        listed = await collect(exp.get_datastore(text, scope=None).list_keys())
        assert (text, scope) in [(item.key, item.scope) for item in listed], client
        await resolve(store.remove_entry(text))
        assert received(emulator) == entry, client
        with pytest.raises(KeyError):
            emulator.get_entry_value(DEMO_UNIVERSE_ID, text, text, scope)

    on_every_client(scenario)


@PROPERTY
@given(NAMES)
@with_tricky_examples
def test_ordered_data_store_name_scope_and_key_reach_exactly_that_entry(
    live_server: tuple[str, Emulator], on_every_client: Callable[[Scenario], None], text: str
) -> None:
    emulator = live_server[1]

    async def scenario(exp: Any, client: str) -> None:
        value = next(_values)
        store = exp.get_ordered_datastore(text, scope=text)
        await resolve(store.set_entry(text, value))
        entry = ["cloud", "v2", "universes", U, "ordered-data-stores", text, "scopes", text, "entries", text]
        assert received(emulator) == entry, client
        assert [(e.key, e.value) for e in await collect(store.sort_keys())] == [(text, value)], client
        assert await resolve(store.increment_entry(text, 1)) == value + 1, client
        assert received(emulator) == [*entry, ":increment"], client
        assert await resolve(store.get_entry(text)) == value + 1, client
        await resolve(store.remove_entry(text))
        assert await collect(store.sort_keys()) == [], client

    on_every_client(scenario)


@PROPERTY
@given(NAMES)
@with_tricky_examples
def test_sorted_map_name_and_key_reach_exactly_that_item(
    live_server: tuple[str, Emulator], on_every_client: Callable[[Scenario], None], text: str
) -> None:
    emulator = live_server[1]

    async def scenario(exp: Any, client: str) -> None:
        value = next(_values)
        sorted_map = exp.get_sorted_map(text)
        await resolve(sorted_map.set_key(text, value, 60))
        items = ["cloud", "v2", "universes", U, "memory-store", "sorted-maps", text, "items"]
        assert received(emulator) == [*items, text], client
        assert [(e.key, e.value) for e in await collect(sorted_map.list_keys())] == [(text, value)], client
        assert received(emulator) == items, client
        assert (await resolve(sorted_map.get_key(text))).value == value, client
        await resolve(sorted_map.remove_key(text))
        assert await collect(sorted_map.list_keys()) == [], client

    on_every_client(scenario)


@PROPERTY
@given(NAMES)
@with_tricky_examples
def test_queue_name_reaches_exactly_that_queue(
    live_server: tuple[str, Emulator], on_every_client: Callable[[Scenario], None], text: str
) -> None:
    emulator = live_server[1]

    async def scenario(exp: Any, client: str) -> None:
        value = next(_values)
        queue = exp.get_memory_store_queue(text)
        await resolve(queue.add_item(value, 60))
        items = ["cloud", "v2", "universes", U, "memory-store", "queues", text, "items"]
        assert received(emulator) == items, client
        values, read_id = await resolve(queue.read_items(count=200))
        assert received(emulator) == [*items, ":read"], client
        assert values == [value], client
        await resolve(queue.remove_items(read_id))
        assert received(emulator) == [*items, ":discard"], client

    on_every_client(scenario)


# The emulator's add_subscription helper takes no "/" in a product id.
@PROPERTY
@given(NAMES.filter(lambda text: "/" not in text))
@functools.partial(with_tricky_examples, skip="/")
def test_subscription_product_id_reaches_exactly_that_product(
    live_server: tuple[str, Emulator], on_every_client: Callable[[Scenario], None], text: str
) -> None:
    emulator = live_server[1]

    async def scenario(exp: Any, client: str) -> None:
        user_id = next(_values)
        emulator.area(MessagingArea).add_subscription(DEMO_UNIVERSE_ID, text, user_id)
        subscription = await resolve(exp.fetch_subscription(text, user_id))
        path = ["cloud", "v2", "universes", U, "subscription-products", text, "subscriptions", str(user_id)]
        assert received(emulator) == path, client
        assert subscription.user_id == user_id, client

    on_every_client(scenario)
