"""Data store models and enums: pure data, the same objects in both twins."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from .checks import check_int, check_name
from .fields import (
    ResponseShapeError,
    as_object,
    numeric_path_id,
    opt_bool,
    opt_list,
    opt_object,
    opt_str,
    opt_time,
    req_float,
    req_str,
    req_time,
    req_value,
)
from .jsonbody import JSONValue, dump_json
from .paths import segment, unsegment, user_paths
from .reprs import model_repr

__all__ = [
    "AsyncVersionResult",
    "check_scope",
    "entry_body",
    "entry_id",
    "entry_value_and_info",
    "entry_value_info_and_etag",
    "ordered_value",
    "split_key",
    "snapshot_result",
    "starts_with_filter",
    "whole_amount",
    "DataStoreState",
    "EntryInfo",
    "EntryVersion",
    "ListedEntry",
    "SortedEntry",
    "VersionResult",
]

# Documented limits of an entry: its value's JSON and its attributes' JSON.
_MAX_VALUE_CHARS = 4_194_304
_MAX_ATTRIBUTES_CHARS = 300


class DataStoreState(Enum):
    """Whether a data store is usable or scheduled for deletion."""

    Unknown = 0
    Active = 1
    Deleted = 2

    @classmethod
    def from_wire(cls, value: Any) -> DataStoreState:
        """Map the API's ``state`` string (``ACTIVE``/``DELETED``) to the enum."""
        return {"ACTIVE": cls.Active, "DELETED": cls.Deleted}.get(str(value), cls.Unknown)


@dataclass(frozen=True, slots=True, repr=False)
class EntryInfo:
    """Metadata of a data store entry's current (or requested) version.

    Attributes:
        version: The revision (version) ID.
        created: When the key was first created.
        updated: When this version was written.
        users: User IDs associated with the entry (for GDPR requests).
        metadata: The entry's custom attributes.
    """

    version: str
    created: datetime | None
    updated: datetime | None
    users: list[int] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    # Compared by value; not hashable, as it holds a list and a dict.
    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_wire(cls, data: Any) -> EntryInfo:
        """Read a cloud v2 ``DataStoreEntry`` body (`ResponseShapeError` when it
        lacks the revision or holds a malformed field)."""
        data = as_object(data)
        return cls(
            version=req_str(data, "revisionId"),
            created=opt_time(data, "createTime"),
            updated=opt_time(data, "revisionCreateTime"),
            # Empty lists and maps are left out of cloud v2 answers.
            users=[numeric_path_id(user, "an entry's user") for user in opt_list(data, "users")],
            metadata=dict(opt_object(data, "attributes") or {}),
        )

    def __repr__(self) -> str:
        return model_repr(
            self,
            version=self.version,
            created=self.created,
            updated=self.updated,
            users=self.users,
            metadata=self.metadata,
        )


VersionResult = tuple[JSONValue, EntryInfo]
"""What ``get_version`` returns in the sync twin: ``(value, info)``."""
AsyncVersionResult = Coroutine[Any, Any, VersionResult]
"""What ``get_version`` returns in the async core: a coroutine of ``(value, info)``."""

R = TypeVar("R", covariant=True)


class _VersionSource(Protocol[R]):
    scope: str | None

    def get_version(self, key: str, version: str | datetime) -> R: ...


# Not slotted: a slotted frozen dataclass breaks ``EntryVersion[T](...)`` before
# Python 3.13 (typing sets ``__orig_class__`` on the new instance).
@dataclass(frozen=True, eq=False, repr=False)
class EntryVersion(Generic[R]):
    """One version (revision) of a data store entry.

    Attributes:
        version: The revision ID.
        deleted: Whether the entry was deleted in this version.
        content_length: Size of the stored value in bytes, when known (listed
            revisions don't carry it; ``set_entry`` results do).
        created: When this version was written.
        key_created: When the key was first created.
        key: The entry's key.
        scope: The entry's scope.
    """

    version: str
    deleted: bool
    content_length: int | None
    created: datetime | None
    key_created: datetime | None
    datastore: _VersionSource[R] | None = None
    key: str | None = None
    scope: str | None = None

    @classmethod
    def from_wire(
        cls,
        data: Any,
        datastore: _VersionSource[R],
        key: str,
        scope: str,
        content_length: int | None = None,
    ) -> EntryVersion[R]:
        """Read a cloud v2 ``DataStoreEntry`` body (a revision) of ``key`` in ``scope``
        of ``datastore``; ``content_length`` is the size of the value just written, if any."""
        data = as_object(data)
        return cls(
            version=req_str(data, "revisionId"),
            deleted=opt_str(data, "state") == "DELETED",
            content_length=content_length,
            created=opt_time(data, "revisionCreateTime"),
            key_created=opt_time(data, "createTime"),
            datastore=datastore,
            key=key,
            scope=scope,
        )

    def __repr__(self) -> str:
        return model_repr(self, version=self.version, deleted=self.deleted)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EntryVersion):
            return NotImplemented
        return (self.version, self.key, self.scope) == (other.version, other.key, other.scope)

    def __hash__(self) -> int:
        return hash((self.version, self.key, self.scope))

    def get_value(self) -> R:
        """Fetch this version's ``(value, info)`` (awaitable in ``rblxopencloudasync``)."""
        if self.datastore is None or self.key is None:
            raise ValueError("this EntryVersion is not attached to a data store")
        key = self.key if self.datastore.scope is not None else f"{self.scope}/{self.key}"
        return self.datastore.get_version(key, self.version)


@dataclass(frozen=True, slots=True, repr=False)
class ListedEntry:
    """A key found by ``DataStore.list_keys``.

    Attributes:
        key: The entry's key.
        scope: The entry's scope.
    """

    key: str
    scope: str

    @classmethod
    def from_wire(cls, data: Any, universe_id: int, name: str, scope: str | None) -> ListedEntry:
        """Read a listed ``DataStoreEntry`` of data store ``name``; its scope is ``scope``,
        or (listing every scope, ``scope=None``) comes from its path."""
        data = as_object(data)
        key = entry_id(data)
        if scope is not None:
            return cls(key, scope)
        # path: universes/{u}/data-stores/{ds}/scopes/{scope}/entries/{id}, where the
        # names may hold "/" (or be percent-encoded): cut the known parts off both ends.
        path = opt_str(data, "path") or ""
        head = f"universes/{universe_id}/data-stores/"
        for store, tail in ((name, key), (segment(name), segment(key))):
            prefix, suffix = f"{head}{store}/scopes/", f"/entries/{tail}"
            if path.startswith(prefix) and path.endswith(suffix) and len(path) > len(prefix) + len(suffix):
                found = path[len(prefix) : -len(suffix)]
                return cls(key, found if store == name else unsegment(found))
        raise ResponseShapeError("a listed entry has no 'path' naming its scope")

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, scope=self.scope)


@dataclass(frozen=True, slots=True, repr=False)
class SortedEntry:
    """An entry of an ordered data store, as listed by ``sort_keys``.

    Attributes:
        key: The entry's key.
        value: The entry's integer value.
        scope: The entry's scope.
    """

    key: str
    value: int
    scope: str = "global"

    @classmethod
    def from_wire(cls, data: Any, scope: str) -> SortedEntry:
        """Read a listed ``OrderedDataStoreEntry`` of ``scope``."""
        data = as_object(data)
        return cls(entry_id(data), ordered_value(data), scope)

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, value=self.value, scope=self.scope)


# -- argument checks and wire helpers of the data store calls ----------------------------


def split_key(default_scope: str | None, key: str) -> tuple[str, str]:
    """Return ``(scope, key)``: ``key`` is ``"scope/key"`` when there is no default scope."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}")
    if default_scope is None:
        scope, sep, key = key.partition("/")
        if not sep:
            raise ValueError("this data store has scope=None: keys must be 'scope/key'")
        check_scope(scope)
    else:
        scope = default_scope
    return scope, check_name(key, "key")


def check_scope(scope: str) -> str:
    check_name(scope, "scope")
    if scope == "-":
        raise ValueError("scope must not be '-': Roblox reads it as every scope")
    return scope


def entry_body(
    value: JSONValue, users: list[int] | None, metadata: dict[str, Any] | None
) -> tuple[dict[str, Any], int]:
    """The v2 entry body, validated, and the value's size in bytes."""
    text = dump_json(value)
    if len(text) > _MAX_VALUE_CHARS:
        raise ValueError(f"value is {len(text)} characters; the limit is {_MAX_VALUE_CHARS}")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise TypeError("metadata must be a dict")
    for name in metadata:
        if not isinstance(name, str):
            raise TypeError("metadata keys must be str")
    if len(dump_json(metadata, "metadata")) > _MAX_ATTRIBUTES_CHARS:
        raise ValueError(f"metadata must serialise to at most {_MAX_ATTRIBUTES_CHARS} characters")
    return {"value": value, "users": user_paths(users), "attributes": metadata}, len(text.encode())


def whole_amount(delta: Any, what: str) -> int:
    if isinstance(delta, float) and delta.is_integer():
        return check_int(int(delta), what)
    if isinstance(delta, float):
        raise ValueError(f"{what} must be a whole number: the API only increments integers")
    return check_int(delta, what)


def entry_value_and_info(body: Any) -> tuple[JSONValue, EntryInfo]:
    """``(value, info)`` of a ``DataStoreEntry`` answer."""
    data = as_object(body)
    return req_value(data, "value"), EntryInfo.from_wire(data)


def entry_value_info_and_etag(body: Any) -> tuple[JSONValue, EntryInfo, str]:
    """``(value, info, etag)`` of a ``DataStoreEntry`` answer, for a guarded write."""
    value, info = entry_value_and_info(body)
    return value, info, req_str(as_object(body), "etag")


def ordered_value(entry: Any) -> int:
    """The value of an ``OrderedDataStoreEntry`` answer (a double the API rounds)."""
    return round(req_float(as_object(entry), "value"))


def entry_id(item: dict[str, Any]) -> str:
    """An entry's key: its ``id``, else the last segment of its ``path``."""
    key = opt_str(item, "id")
    return key if key else unsegment(req_str(item, "path").rsplit("/", 1)[-1])


def starts_with_filter(prefix: str) -> str | None:
    if not prefix:
        return None
    escaped = prefix.replace("\\", "\\\\").replace('"', '\\"')
    return f'id.startsWith("{escaped}")'


def snapshot_result(body: Any) -> tuple[bool, datetime]:
    """Read the answer of a data store snapshot: ``(new_snapshot_taken, latest_snapshot_time)``."""
    data = as_object(body)
    latest = req_time(data, "latestSnapshotTime")
    # A false boolean is left out of cloud v2 answers.
    return opt_bool(data, "newSnapshotTaken") is True, latest
