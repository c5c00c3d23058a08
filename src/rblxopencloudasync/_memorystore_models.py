"""Memory store models: pure data, the same objects in both twins."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ._wire import JSONValue, parse_time_opt

__all__ = ["SortedMapEntry"]


class SortedMapEntry:
    """An item of a memory store sorted map, as returned by ``get_key``, ``set_key`` and ``list_keys``.

    Args:
        data: A ``MemoryStoreSortedMapItem`` body of the cloud v2 API.

    Attributes:
        key: The item's key.
        sort_key: The item's numeric or string sort key, or ``None`` when it has none.
        value: The item's value (any JSON value).
        etag: A server-generated tag of this version of the item; pass it to
            ``SortedMap.remove_key`` to remove the item only if it is unchanged.
        expires_at: When the item expires (``None`` only if the API omitted it).
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.key: str = str(data.get("id") or _last_segment(data.get("path")))
        self.sort_key: int | float | str | None = _sort_key(data)
        self.value: JSONValue = data.get("value")
        self.etag: str = str(data.get("etag") or "")
        self.expires_at: datetime | None = parse_time_opt(data.get("expireTime"))

    def __repr__(self) -> str:
        return f"<rblxopencloud.SortedMapEntry key={self.key!r} sort_key={self.sort_key!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SortedMapEntry):
            return NotImplemented
        return (self.key, self.sort_key, self.value, self.etag, self.expires_at) == (
            other.key,
            other.sort_key,
            other.value,
            other.etag,
            other.expires_at,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value


def _sort_key(data: Mapping[str, Any]) -> int | float | str | None:
    # Test for presence, not truthiness: 0 and "" are real sort keys.
    numeric = data.get("numericSortKey")
    if isinstance(numeric, (int, float)) and not isinstance(numeric, bool):
        return numeric
    text = data.get("stringSortKey")
    if isinstance(text, str):
        return text
    return None


def _last_segment(path: Any) -> str:
    return str(path).rsplit("/", 1)[-1] if isinstance(path, str) else ""
