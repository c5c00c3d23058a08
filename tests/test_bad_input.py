"""Every parameter of every public method refuses bad input before any request, in both twins.

`METHODS` lists, for each public method, arguments that make a valid call and
the kind of each parameter; every kind names wrong values and the error each
must raise (wrong types: `TypeError`; out-of-range values: `ValueError`).
`test_table_covers_every_public_method` fails when a public method or
parameter is missing from the table.
"""

from __future__ import annotations

import inspect
import io
import math
from collections.abc import Callable
from typing import Any

import pytest
from tests.conftest import API_KEY, rejected_before_io

import rblxopencloudasync
from rblxopencloudasync.emulator import Emulator

NAN, INF = math.nan, math.inf
INT32_MAX = 2**31 - 1
DURATION_MAX = 315_576_000_000  # the longest protobuf Duration, in seconds

Cases = list[tuple[Any, type[Exception]]]


def ints(minimum: int | None = None, maximum: int | None = None) -> Cases:
    """Wrong values for an int parameter in ``[minimum, maximum]`` (int64 by default)."""
    cases: Cases = [
        (object(), TypeError),
        ("1", TypeError),
        (1.5, TypeError),
        (1.0, TypeError),
        (True, TypeError),
        (2**63, ValueError),
        (-(2**63) - 1, ValueError),
        (2**64, ValueError),
        (10**400, ValueError),
    ]
    if minimum is not None:
        cases.append((minimum - 1, ValueError))
    if maximum is not None:
        cases.append((maximum + 1, ValueError))
    return cases


def floats(minimum: float | None = None) -> Cases:
    """Wrong values for a finite number parameter."""
    cases: Cases = [
        (object(), TypeError),
        ("1.5", TypeError),
        (True, TypeError),
        (NAN, ValueError),
        (INF, ValueError),
        (-INF, ValueError),
        (2**1024, ValueError),
    ]
    if minimum is not None:
        cases.append((minimum - 0.5, ValueError))
    return cases


def texts(max_length: int | None = None, *, empty: bool = False) -> Cases:
    """Wrong values for a str parameter (``empty``: ``""`` is allowed)."""
    cases: Cases = [(object(), TypeError), (5, TypeError), (b"bytes", TypeError)]
    if not empty:
        cases.append(("", ValueError))
    if max_length is not None:
        cases.append(("x" * (max_length + 1), ValueError))
    return cases


BOOL: Cases = [(object(), TypeError), (1, TypeError), (0, TypeError), ("true", TypeError), (None, TypeError)]
OPTIONAL_BOOL: Cases = [case for case in BOOL if case[0] is not None]
LIMIT: Cases = ints(0)
DATETIME: Cases = [(object(), TypeError), ("2024-01-01T00:00:00Z", TypeError), (1_700_000_000, TypeError)]
JSON_VALUE: Cases = [({1, 2}, TypeError), (object(), TypeError), (NAN, ValueError), ([INF], ValueError)]
MEMORY_VALUE: Cases = [*JSON_VALUE, (None, TypeError), ("x" * 40_000, ValueError)]
USERS: Cases = [
    (5, TypeError),
    ("123", TypeError),
    ([True], TypeError),
    (["1"], TypeError),
    ([1.5], TypeError),
    ([0], ValueError),
    ([2**63], ValueError),
]
METADATA: Cases = [
    ([1], TypeError),
    ({1: "a"}, TypeError),
    ({"a": "b" * 300}, ValueError),
    ({"a": NAN}, ValueError),
]
DELTA: Cases = [
    (object(), TypeError),
    ("1", TypeError),
    (True, TypeError),
    (1.5, ValueError),
    (NAN, ValueError),
    (INF, ValueError),
    (1e300, ValueError),
    (2**63, ValueError),
    (-(2**63) - 1, ValueError),
]
SORT_KEY: Cases = [
    (object(), TypeError),
    (True, TypeError),
    (b"k", TypeError),
    (NAN, ValueError),
    (INF, ValueError),
    (2**1024, ValueError),
    ("x" * 129, ValueError),
]
BOUND_KEY: Cases = [(object(), TypeError), (True, TypeError), (1.5, TypeError), (b"k", TypeError)]
BOUND_SORT_KEY: Cases = [(object(), TypeError), (True, TypeError), (NAN, ValueError), (2**1024, ValueError)]
ICON: Cases = [
    (object(), TypeError),
    ("icon.png", TypeError),
    (b"", ValueError),
    (io.StringIO("x"), TypeError),
]
PLACE_FILE: Cases = [
    (object(), TypeError),
    ("place.rbxl", TypeError),
    (b"", ValueError),
    (io.StringIO("x"), TypeError),
]
SOCIAL_LINK: Cases = [(object(), TypeError), ("https://example.com", TypeError), (True, TypeError)]
PRICE_OR_FALSE: Cases = [case for case in ints(0) if case[0] is not True] + [(True, TypeError)]
PLACE_IDS: Cases = [
    (5, TypeError),
    ("1", TypeError),
    ([], ValueError),
    ([0], ValueError),
    ([2**63], ValueError),
    (["99999999999999999999"], ValueError),
    (["x"], ValueError),
    ([object()], TypeError),
    ([1.5], TypeError),
    ([True], TypeError),
]
LANGUAGE_CODES: Cases = [(5, TypeError), ("en-us", TypeError), ([5], TypeError), (["xx-xx"], ValueError)]
LANGUAGE_CODE: Cases = [(5, TypeError), (object(), TypeError), ("xx-xx", ValueError)]
MESSAGE_VARIABLE: Cases = [(object(), TypeError), (1.5, TypeError), (True, TypeError), (2**63, ValueError)]
SECRET_ID: Cases = [*texts(64), ("1abc", ValueError), ("a-b", ValueError)]
SECRET_CONTENT: Cases = [(object(), TypeError), (5, TypeError), ("", ValueError), ("x" * 1025, ValueError)]
DOMAIN: Cases = [(object(), TypeError), (5, TypeError), ("bad domain!", ValueError), ("a" * 300, ValueError)]
ENTRIES: Cases = [
    (object(), TypeError),
    ([("a", 1)], TypeError),
    ({1: 1}, TypeError),
    ({"": 1}, ValueError),
    ({"a": NAN}, ValueError),
    ({"a": 2**63}, ValueError),
    ({"a": object()}, TypeError),
    ({"a": {"b": NAN}}, ValueError),
]
STRATEGY: Cases = [(object(), TypeError), ("Immediate", TypeError), (0, TypeError)]
VERSION: Cases = [(object(), TypeError), (5, TypeError), ("", ValueError), ("v" * 201, ValueError)]

# (object, method, arguments of a valid call, {parameter: wrong values})
METHODS: list[tuple[str, str, dict[str, Any], dict[str, Cases]]] = [
    ("Experience", "__init__", {"id": 1, "api_key": API_KEY}, {"id": ints(1)}),
    # -- data stores
    ("Experience", "get_datastore", {"name": "d"}, {"name": texts(50), "scope": texts(50)}),
    ("Experience", "get_data_store", {"name": "d"}, {"name": texts(50), "scope": texts(50)}),
    ("Experience", "get_ordered_datastore", {"name": "o"}, {"name": texts(50), "scope": texts(50)}),
    ("Experience", "get_ordered_data_store", {"name": "o"}, {"name": texts(50), "scope": texts(50)}),
    (
        "Experience",
        "list_datastores",
        {},
        {"prefix": texts(empty=True), "limit": LIMIT, "scope": texts(50), "show_deleted": BOOL},
    ),
    ("DataStore", "get_entry", {"key": "k"}, {"key": texts(50)}),
    (
        "DataStore",
        "set_entry",
        {"key": "k", "value": 1},
        {
            "key": texts(50),
            "value": [*JSON_VALUE, ("x" * 4194305, ValueError)],
            "users": USERS,
            "metadata": METADATA,
            "exclusive_create": BOOL,
            "previous_version": VERSION,
        },
    ),
    (
        "DataStore",
        "increment_entry",
        {"key": "k", "delta": 1},
        {"key": texts(50), "delta": DELTA, "users": USERS, "metadata": METADATA},
    ),
    ("DataStore", "remove_entry", {"key": "k"}, {"key": texts(50)}),
    (
        "DataStore",
        "list_keys",
        {},
        {"prefix": texts(empty=True), "limit": LIMIT, "show_deleted": BOOL},
    ),
    (
        "DataStore",
        "list_versions",
        {"key": "k"},
        {"key": texts(50), "after": DATETIME, "before": DATETIME, "limit": LIMIT, "descending": BOOL},
    ),
    ("DataStore", "get_version", {"key": "k", "version": "v1"}, {"key": texts(50), "version": VERSION}),
    ("DataStore", "delete", {}, {}),
    ("DataStore", "undelete", {}, {}),
    (
        "OrderedDataStore",
        "sort_keys",
        {},
        {"descending": BOOL, "limit": LIMIT, "min": ints(), "max": ints()},
    ),
    ("OrderedDataStore", "get_entry", {"key": "k"}, {"key": texts(50)}),
    (
        "OrderedDataStore",
        "set_entry",
        {"key": "k", "value": 1},
        {"key": texts(50), "value": ints(), "exclusive_create": BOOL, "exclusive_update": BOOL},
    ),
    ("OrderedDataStore", "increment_entry", {"key": "k", "delta": 1}, {"key": texts(50), "delta": ints()}),
    ("OrderedDataStore", "remove_entry", {"key": "k"}, {"key": texts(50)}),
    ("Experience", "snapshot_datastores", {}, {}),
    # -- memory stores
    ("Experience", "flush_memory_store", {}, {}),
    ("Experience", "get_sorted_map", {"name": "m"}, {"name": texts()}),
    ("Experience", "get_memory_store_queue", {"name": "q"}, {"name": texts()}),
    (
        "SortedMap",
        "list_keys",
        {},
        {
            "descending": BOOL,
            "limit": LIMIT,
            "lower_bound_key": BOUND_KEY,
            "upper_bound_key": BOUND_KEY,
            "lower_bound_sort_key": BOUND_SORT_KEY,
            "upper_bound_sort_key": BOUND_SORT_KEY,
        },
    ),
    ("SortedMap", "get_key", {"key": "k"}, {"key": texts(128)}),
    (
        "SortedMap",
        "set_key",
        {"key": "k", "value": 1, "expiration_seconds": 30},
        {
            "key": texts(128),
            "value": MEMORY_VALUE,
            "expiration_seconds": ints(1, 3_888_000),
            "sort_key": SORT_KEY,
            "exclusive_create": BOOL,
            "exclusive_update": BOOL,
        },
    ),
    ("SortedMap", "remove_key", {"key": "k"}, {"key": texts(128), "etag": texts(1024)}),
    (
        "MemoryStoreQueue",
        "add_item",
        {"value": 1},
        {"value": MEMORY_VALUE, "expiration_seconds": ints(1, 3_888_000), "priority": floats()},
    ),
    (
        "MemoryStoreQueue",
        "read_items",
        {},
        {"count": ints(1, 200), "all_or_nothing": BOOL, "invisibility_seconds": ints(1, DURATION_MAX)},
    ),
    ("MemoryStoreQueue", "remove_items", {"read_id": "r"}, {"read_id": texts(1024)}),
    # -- experience and places
    ("Experience", "fetch_info", {}, {}),
    (
        "Experience",
        "update",
        {"voice_chat_enabled": True},
        {
            "voice_chat_enabled": OPTIONAL_BOOL,
            "private_server_price": [*ints(0, INT32_MAX)[:4], (True, ValueError), *ints(0, INT32_MAX)[5:]],
            "desktop_enabled": OPTIONAL_BOOL,
            "mobile_enabled": OPTIONAL_BOOL,
            "tablet_enabled": OPTIONAL_BOOL,
            "console_enabled": OPTIONAL_BOOL,
            "vr_enabled": OPTIONAL_BOOL,
            "facebook_social_link": SOCIAL_LINK,
            "twitter_social_link": SOCIAL_LINK,
            "youtube_social_link": SOCIAL_LINK,
            "twitch_social_link": SOCIAL_LINK,
            "discord_social_link": SOCIAL_LINK,
            "group_social_link": SOCIAL_LINK,
            "guilded_social_link": SOCIAL_LINK,
        },
    ),
    ("Experience", "get_place", {"place_id": 1}, {"place_id": ints(1)}),
    ("Place", "fetch_info", {}, {}),
    (
        "Place",
        "update",
        {"name": "n"},
        {"name": texts(), "description": texts(1000, empty=True), "server_size": ints(1, INT32_MAX)},
    ),
    ("Place", "upload_place_file", {"file": b"<roblox!x"}, {"file": PLACE_FILE, "publish": BOOL}),
    ("Place", "get_asset", {}, {}),
    ("Place", "fetch_asset", {}, {}),
    # -- messaging, notifications, servers, subscriptions, translation, speech
    (
        "Experience",
        "publish_message",
        {"topic": "t", "data": "d"},
        {"topic": texts(80), "data": texts(1024, empty=True)},
    ),
    (
        "Experience",
        "send_notification",
        {"user_id": 1, "message_id": "m"},
        {
            "user_id": ints(1),
            "message_id": texts(),
            "launch_data": [*texts(200, empty=True), ("é" * 101, ValueError)],
            "analytics_category": texts(empty=True),
            "message_variables": MESSAGE_VARIABLE,
        },
    ),
    (
        "Experience",
        "restart_servers",
        {},
        {"place_ids": PLACE_IDS, "exclude_latest_version": BOOL, "bleed_servers_minutes": ints(1, 60)},
    ),
    (
        "Experience",
        "fetch_subscription",
        {"product_id": "EXP-1", "user_id": 1},
        {"product_id": texts(), "user_id": ints(1)},
    ),
    (
        "Experience",
        "translate_text",
        {"text": "hi"},
        {"text": texts(), "target_language_codes": LANGUAGE_CODES, "source_language_code": LANGUAGE_CODE},
    ),
    (
        "Experience",
        "generate_speech_asset",
        {"text": "hi"},
        {
            "text": [*texts(), ("   ", ValueError)],
            "voice_id": texts(),
            "pitch": floats(),
            "speed": floats(0.5),
        },
    ),
    # -- bans
    (
        "Experience",
        "list_ban_logs",
        {},
        {"user_id": ints(1), "place_id": ints(1), "limit": LIMIT},
    ),
    ("Experience", "list_user_restrictions", {}, {"place_id": ints(1), "limit": LIMIT}),
    ("Experience", "fetch_user_restriction", {"user_id": 1}, {"user_id": ints(1)}),
    ("Experience", "unban_user", {"user_id": 1}, {"user_id": ints(1)}),
    ("Place", "list_user_restrictions", {}, {"limit": LIMIT}),
    ("Place", "fetch_user_restriction", {"user_id": 1}, {"user_id": ints(1)}),
    ("Place", "unban_user", {"user_id": 1}, {"user_id": ints(1)}),
    *[
        (
            owner,
            "ban_user",
            {"user_id": 1, "duration_seconds": 60},
            {
                "user_id": ints(1),
                "duration_seconds": ints(1, DURATION_MAX),
                "display_reason": texts(400, empty=True),
                "private_reason": texts(1000, empty=True),
                "exclude_alt_accounts": BOOL,
            },
        )
        for owner in ("Experience", "Place")
    ],
    # -- secrets
    ("Experience", "list_secrets", {}, {"limit": LIMIT}),
    ("Experience", "fetch_secrets_public_key", {}, {}),
    *[
        (
            "Experience",
            method,
            {"id": "s", "secret": "content"},
            {"id": SECRET_ID, "secret": SECRET_CONTENT, "key_id": texts(), "domain": DOMAIN},
        )
        for method in ("create_secret", "update_secret")
    ],
    ("Experience", "delete_secret", {"id": "s"}, {"id": SECRET_ID}),
    (
        "Secret",
        "update",
        {"secret": "content"},
        {"secret": SECRET_CONTENT, "key_id": texts(), "domain": DOMAIN},
    ),
    ("Secret", "delete", {}, {}),
    # -- developer products, game passes, badges
    ("Experience", "list_developer_products", {}, {"limit": LIMIT}),
    ("Experience", "fetch_developer_product", {"product_id": 1}, {"product_id": ints(1)}),
    ("Experience", "list_game_passes", {}, {"limit": LIMIT}),
    ("Experience", "fetch_game_pass", {"pass_id": 1}, {"pass_id": ints(1)}),
    *[
        (
            "Experience",
            method,
            {"name": "n", "price_in_robux": 5},
            {
                "name": texts(),
                "description": texts(empty=True),
                "price_in_robux": ints(0),
                "regional_pricing_enabled": BOOL,
                "icon_file": ICON,
            },
        )
        for method in ("create_developer_product", "create_game_pass")
    ],
    (
        "Experience",
        "update_developer_product",
        {"product_id": 1, "name": "n"},
        {
            "product_id": ints(1),
            "name": texts(),
            "description": texts(empty=True),
            "price_in_robux": PRICE_OR_FALSE,
            "regional_pricing_enabled": OPTIONAL_BOOL,
            "store_page_enabled": OPTIONAL_BOOL,
            "icon_file": ICON,
        },
    ),
    (
        "Experience",
        "update_game_pass",
        {"pass_id": 1, "name": "n"},
        {
            "pass_id": ints(1),
            "name": texts(),
            "description": texts(empty=True),
            "price_in_robux": PRICE_OR_FALSE,
            "regional_pricing_enabled": BOOL,
            "icon_file": ICON,
        },
    ),
    ("Experience", "fetch_badge", {"badge_id": 1}, {"badge_id": ints(1)}),
    (
        "Experience",
        "create_badge",
        {"name": "n", "icon_file": b"\x89PNG\r\n\x1a\n"},
        {
            "name": texts(),
            "icon_file": ICON,
            "description": texts(empty=True),
            "enabled": BOOL,
            "expected_robux_price": ints(0),
            "use_group_funds": BOOL,
        },
    ),
    (
        "Experience",
        "update_badge",
        {"badge_id": 1, "name": "n"},
        {
            "badge_id": ints(1),
            "name": texts(),
            "description": texts(empty=True),
            "enabled": OPTIONAL_BOOL,
            "icon_file": ICON,
        },
    ),
    # -- creator configs
    ("Experience", "fetch_published_config", {}, {}),
    ("Experience", "fetch_draft_config", {}, {}),
    (
        "Experience",
        "update_draft_config",
        {"entries": {"a": 1}},
        {"entries": ENTRIES, "draft_hash": texts(), "overwrite": BOOL},
    ),
    (
        "Experience",
        "publish_draft_config",
        {},
        {"deployment_strategy": STRATEGY, "message": texts(empty=True), "draft_hash": texts()},
    ),
    ("Experience", "delete_draft_config", {}, {"draft_hash": texts()}),
    # -- long-running operations
    (
        "Operation",
        "wait",
        {},
        {
            "timeout_seconds": floats(0),
            "interval_seconds": floats(0),
            "interval_exponent": [*floats(1), (0.99, ValueError)],
        },
    ),
    ("Operation", "fetch_status", {}, {}),
    ("EntryVersion", "get_value", {}, {}),
]

# Public methods that take no argument of their own, or whose options belong to the client.
NOT_IN_TABLE = {
    ("Experience", "aclose"),  # no arguments (close() in the sync twin)
    ("Experience", "with_options"),  # timeout/max_retries are the client's option checks (test_options.py)
    ("EntryVersion", "from_wire"),  # reads a response body, not arguments (test_unexpected_responses.py)
}

CLASSES = {
    "Experience": rblxopencloudasync.Experience,
    "DataStore": rblxopencloudasync.DataStore,
    "OrderedDataStore": rblxopencloudasync.OrderedDataStore,
    "SortedMap": rblxopencloudasync.SortedMap,
    "MemoryStoreQueue": rblxopencloudasync.MemoryStoreQueue,
    "Place": rblxopencloudasync.Place,
    "Secret": rblxopencloudasync.Secret,
    "Operation": rblxopencloudasync.Operation,
    "EntryVersion": rblxopencloudasync.EntryVersion,
}


def _target(oc: Any, experience: Any, owner: str) -> Any:
    """The object whose method is called: built without any request."""
    if owner == "Experience":
        return experience
    if owner == "DataStore":
        return experience.get_datastore("d")
    if owner == "OrderedDataStore":
        return experience.get_ordered_datastore("o")
    if owner == "SortedMap":
        return experience.get_sorted_map("m")
    if owner == "MemoryStoreQueue":
        return experience.get_memory_store_queue("q")
    if owner == "Place":
        return experience.get_place(1)
    if owner == "Secret":
        return oc.Secret({"id": "s"}, experience)
    if owner == "Operation":
        return oc.Operation(experience._client, "/operations/1", lambda response: response)
    raise AssertionError(owner)


def _bad_calls() -> list[Any]:
    calls = []
    for owner, method, valid, parameters in METHODS:
        for parameter, cases in parameters.items():
            for index, (value, error) in enumerate(cases):
                name = "var" if parameter == "message_variables" else parameter
                call_id = f"{owner}.{method}-{parameter}-{index}-{type(value).__name__}"
                calls.append(pytest.param(owner, method, {**valid, name: value}, error, id=call_id))
    return calls


BAD_CALLS = _bad_calls()


@pytest.mark.parametrize(("owner", "method", "kwargs", "error"), BAD_CALLS)
async def test_bad_argument_is_refused_before_io(
    oc: Any,
    experience: Any,
    emulator: Emulator,
    owner: str,
    method: str,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    if method == "__init__":
        call: Callable[[], Any] = lambda: oc.Experience(**kwargs)  # noqa: E731
    else:
        target = _target(oc, experience, owner)
        call = lambda: getattr(target, method)(**kwargs)  # noqa: E731
    await rejected_before_io(call, error, emulator, f"{owner}.{method}({kwargs!r:.80})")


def test_table_covers_every_public_method() -> None:
    """Every public method and each of its parameters has a row (and wrong values) in METHODS."""
    table = {(owner, method): parameters for owner, method, _, parameters in METHODS}
    assert len(table) == len(METHODS), "a method is listed twice"
    missing = []
    for owner, cls in CLASSES.items():
        names = ["__init__"] if owner == "Experience" else []
        names += [name for name, _ in inspect.getmembers(cls, callable) if not name.startswith("_")]
        for name in names:
            if (owner, name) in NOT_IN_TABLE:
                continue
            if (owner, name) not in table:
                missing.append(f"{owner}.{name}")
                continue
            parameters = inspect.signature(getattr(cls, name)).parameters
            for parameter in parameters:
                if parameter == "self" or (name == "__init__" and parameter != "id"):
                    continue
                if not table[(owner, name)].get(parameter):
                    missing.append(f"{owner}.{name}({parameter})")
    assert not missing, f"not in the bad-input table: {missing}"
    assert len(BAD_CALLS) > 900


# -- the cases reported from use, spelled out ------------------------------------


async def test_non_bool_show_deleted_is_not_sent(experience: Any, emulator: Emulator) -> None:
    for listing in (experience.list_datastores, experience.get_datastore("d").list_keys):
        await rejected_before_io(
            lambda listing=listing: listing(show_deleted=object()), TypeError, emulator, "show_deleted"
        )


async def test_ints_beyond_int64_are_not_sent(experience: Any, emulator: Emulator) -> None:
    queue = experience.get_memory_store_queue("q")
    for value in (2**63, 2**64):
        await rejected_before_io(
            lambda value=value: queue.read_items(invisibility_seconds=value),
            ValueError,
            emulator,
            "invisibility_seconds",
        )
        await rejected_before_io(
            lambda value=value: experience.get_ordered_datastore("o").set_entry("k", value),
            ValueError,
            emulator,
            "value",
        )


async def test_list_datastores_scope_is_checked_before_the_request(
    experience: Any, emulator: Emulator
) -> None:
    await rejected_before_io(lambda: experience.list_datastores(scope=5), TypeError, emulator, "scope")
    await rejected_before_io(
        lambda: experience.list_datastores(scope="s" * 51), ValueError, emulator, "scope"
    )


@pytest.mark.parametrize("argument", ["timeout_seconds", "interval_seconds", "interval_exponent"])
@pytest.mark.parametrize(
    ("value", "error"), [(NAN, ValueError), (INF, ValueError), (-1, ValueError), ("1", TypeError)]
)
async def test_operation_wait_refuses_bad_numbers(
    oc: Any, experience: Any, emulator: Emulator, argument: str, value: Any, error: type[Exception]
) -> None:
    operation = oc.Operation(experience._client, "/operations/1", lambda response: response)
    await rejected_before_io(lambda: operation.wait(**{argument: value}), error, emulator, argument)


async def test_operation_wait_without_timeout_still_waits_forever(oc: Any, experience: Any) -> None:
    operation = oc.Operation(
        experience._client,
        "/operations/1",
        lambda response: response["v"],
        initial={"done": True, "response": {"v": 7}},
    )
    result = operation.wait(timeout_seconds=None)
    assert (await result if inspect.isawaitable(result) else result) == 7
