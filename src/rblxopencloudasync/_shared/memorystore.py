"""Memory store models and argument checks: pure code, the same objects in both twins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .checks import check_finite, check_int, check_name
from .fields import as_object, opt_list, opt_str, opt_time, req_float, req_str, req_value
from .jsonbody import JSONValue, dump_json
from .paths import unsegment
from .reprs import model_repr

__all__ = ["MAX_INVISIBILITY_SECONDS", "SortedMapEntry", "queue_read_result"]


@dataclass(frozen=True, slots=True, repr=False)
class SortedMapEntry:
    """An item of a memory store sorted map, as returned by ``get_key``, ``set_key`` and ``list_keys``.

    Attributes:
        key: The item's key.
        sort_key: The item's numeric or string sort key, or ``None`` when it has none.
        value: The item's value (any JSON value).
        etag: A server-generated tag of this version of the item; pass it to
            ``SortedMap.remove_key`` to remove the item only if it is unchanged.
        expires_at: When the item expires (``None`` only if the API omitted it).
    """

    key: str
    sort_key: int | float | str | None
    value: JSONValue
    etag: str
    expires_at: datetime | None

    # Compared by value; not hashable, as the value may be a list or a dict.
    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_wire(cls, data: Any) -> SortedMapEntry:
        """Read a cloud v2 ``MemoryStoreSortedMapItem`` body (`ResponseShapeError`
        when it lacks the key, value or etag)."""
        item = as_object(data)
        key = opt_str(item, "id")
        return cls(
            key=key if key else _last_segment(req_str(item, "path")),
            sort_key=_sort_key(item),
            value=req_value(item, "value"),
            etag=req_str(item, "etag"),
            expires_at=opt_time(item, "expireTime"),
        )

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, sort_key=self.sort_key)


def _sort_key(data: dict[str, Any]) -> int | float | str | None:
    # Test for presence, not truthiness: 0 and "" are real sort keys.
    numeric = data.get("numericSortKey")
    if numeric is not None:
        number = req_float(data, "numericSortKey")
        return int(number) if isinstance(numeric, int) else number
    return opt_str(data, "stringSortKey")


def _last_segment(path: str) -> str:
    return unsegment(path.rsplit("/", 1)[-1])


# Limits from the memory store documentation and the OpenAPI spec.
MAX_KEY = 128  # sorted map key size limit
MAX_CREATE_KEY = 127  # the create call's ``id`` is documented as 1-127 characters
_MAX_SORT_KEY = 128
_MAX_VALUE_BYTES = 32 * 1024
_MAX_EXPIRATION = 3_888_000  # 45 days
MAX_READ_COUNT = 200
# The spec gives no upper bound for a queue read's invisibility window; a
# protobuf Duration holds at most 315,576,000,000 seconds (10,000 years).
MAX_INVISIBILITY_SECONDS = 315_576_000_000
MAX_PAGE = 100


def check_structure_name(name: Any, what: str) -> str:
    return check_name(name, what, max_length=None)


def check_key(key: Any, max_length: int = MAX_KEY) -> str:
    return check_name(key, "key", max_length=max_length)


def check_value(value: Any) -> Any:
    if value is None:
        raise TypeError("value must not be None: memory stores cannot store null")
    text = dump_json(value)
    size = len(text.encode())
    if size > _MAX_VALUE_BYTES:
        raise ValueError(f"value is {size} bytes once serialised; the limit is {_MAX_VALUE_BYTES}")
    return value


def check_ttl(expiration_seconds: Any) -> str:
    seconds = check_int(expiration_seconds, "expiration_seconds", minimum=1, maximum=_MAX_EXPIRATION)
    return f"{seconds}s"


def check_sort_key(sort_key: Any) -> int | float | str | None:
    if sort_key is None:
        return None
    if isinstance(sort_key, str):
        if len(sort_key) > _MAX_SORT_KEY:
            raise ValueError(f"sort_key must be at most {_MAX_SORT_KEY} characters, got {len(sort_key)}")
        return sort_key
    if isinstance(sort_key, bool) or not isinstance(sort_key, (int, float)):
        raise TypeError(f"sort_key must be an int, float or str, got {type(sort_key).__name__}")
    return check_finite(sort_key, "sort_key")


def bound_key(bound: Any, what: str) -> str | None:
    if bound is None:
        return None
    if isinstance(bound, bool) or not isinstance(bound, (str, int)):
        raise TypeError(f"{what} must be a str or int, got {type(bound).__name__}")
    return str(bound)


def bound_sort_key(bound: Any, what: str) -> int | float | str | None:
    if bound is None:
        return None
    if isinstance(bound, str):
        return bound
    if isinstance(bound, bool) or not isinstance(bound, (int, float)):
        raise TypeError(f"{what} must be a str, int or float, got {type(bound).__name__}")
    return check_finite(bound, what)


def sort_rank(sort_key: int | float | str) -> tuple[int, float, str]:
    """Position of a sort key in map order: numbers first, then strings."""
    if isinstance(sort_key, str):
        return 1, 0.0, sort_key
    return 0, float(sort_key), ""


def cel_literal(value: int | float | str) -> str:
    """A CEL literal: a double-quoted string or a number."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value) if isinstance(value, float) else str(value)


def queue_read_result(body: Any) -> tuple[list[JSONValue], str | None]:
    """``(values, read_id)`` of a queue read; read items need the read ID to be removed."""
    data = as_object(body)
    # An empty list is left out of cloud v2 answers.
    values = [req_value(as_object(item, "a queue item"), "data") for item in opt_list(data, "items")]
    if not values:
        return [], None
    return values, req_str(data, "readId")
