"""Bad input raises TypeError/ValueError before any request, in both twins."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from tests.conftest import API_KEY, rejected_before_io

from rblxopencloudasync.emulator import Emulator

BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception]]] = [
    ("empty key", lambda e: e.get_datastore("d").get_entry(""), ValueError),
    ("long key", lambda e: e.get_datastore("d").get_entry("k" * 51), ValueError),
    ("key not str", lambda e: e.get_datastore("d").get_entry(5), TypeError),
    ("value not JSON", lambda e: e.get_datastore("d").set_entry("k", {1, 2}), TypeError),
    ("NaN value", lambda e: e.get_datastore("d").set_entry("k", math.nan), ValueError),
    ("huge value", lambda e: e.get_datastore("d").set_entry("k", "x" * 4_194_304), ValueError),
    ("bool user id", lambda e: e.get_datastore("d").set_entry("k", 1, users=[True]), TypeError),
    ("negative user id", lambda e: e.get_datastore("d").set_entry("k", 1, users=[-1]), ValueError),
    ("users not list", lambda e: e.get_datastore("d").set_entry("k", 1, users=5), TypeError),
    ("metadata not dict", lambda e: e.get_datastore("d").set_entry("k", 1, metadata=[1]), TypeError),
    (
        "metadata too big",
        lambda e: e.get_datastore("d").set_entry("k", 1, metadata={"a": "b" * 300}),
        ValueError,
    ),
    (
        "create and version",
        lambda e: e.get_datastore("d").set_entry("k", 1, exclusive_create=True, previous_version="v"),
        ValueError,
    ),
    ("fractional increment", lambda e: e.get_datastore("d").increment_entry("k", 1.5), ValueError),
    ("str increment", lambda e: e.get_datastore("d").increment_entry("k", "1"), TypeError),
    ("negative limit", lambda e: e.get_datastore("d").list_keys(limit=-1), ValueError),
    ("prefix not str", lambda e: e.get_datastore("d").list_keys(prefix=3), TypeError),
    (
        "after > before",
        lambda e: e.get_datastore("d").list_versions("k", after=_later(), before=_earlier()),
        ValueError,
    ),
    ("empty version", lambda e: e.get_datastore("d").get_version("k", ""), ValueError),
    ("empty store name", lambda e: e.get_datastore(""), ValueError),
    ("long scope", lambda e: e.get_datastore("d", scope="s" * 51), ValueError),
    ("ordered float value", lambda e: e.get_ordered_datastore("o").set_entry("k", 1.5), TypeError),
    ("ordered str delta", lambda e: e.get_ordered_datastore("o").increment_entry("k", "2"), TypeError),
    ("ordered negative limit", lambda e: e.get_ordered_datastore("o").sort_keys(limit=-3), ValueError),
    ("list_datastores limit", lambda e: e.list_datastores(limit=-1), ValueError),
]


def _later() -> Any:
    from datetime import datetime, timezone

    return datetime(2030, 1, 2, tzinfo=timezone.utc)


def _earlier() -> Any:
    from datetime import datetime, timezone

    return datetime(2030, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("name", "call", "error"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_fails_before_io(
    experience: Any, emulator: Emulator, name: str, call: Callable[[Any], Any], error: type[Exception]
) -> None:
    await rejected_before_io(lambda: call(experience), error, emulator, name)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((0, API_KEY), {}, ValueError),
        (("1", API_KEY), {}, TypeError),
        ((1, ""), {}, TypeError),
        ((1, None), {}, TypeError),
        ((1, API_KEY), {"max_retries": -1}, ValueError),
        ((1, API_KEY), {"base_url": "ftp://x"}, ValueError),
        ((1, API_KEY), {"http_backend": "curl"}, ValueError),
    ],
)
def test_bad_constructor_arguments(
    oc: Any, args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        oc.Experience(*args, **kwargs)
