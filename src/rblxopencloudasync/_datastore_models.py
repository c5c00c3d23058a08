"""Data store models and enums: pure data, the same objects in both twins."""

from __future__ import annotations

from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from ._fields import numeric_path_id, opt_list, opt_object, opt_time, req_str
from ._repr import model_repr
from ._wire import JSONValue

__all__ = [
    "AsyncVersionResult",
    "DataStoreState",
    "EntryInfo",
    "EntryVersion",
    "ListedEntry",
    "SortedEntry",
    "VersionResult",
]


class DataStoreState(Enum):
    """Whether a data store is usable or scheduled for deletion."""

    Unknown = 0
    Active = 1
    Deleted = 2

    @classmethod
    def from_wire(cls, value: Any) -> DataStoreState:
        """Map the API's ``state`` string (``ACTIVE``/``DELETED``) to the enum."""
        return {"ACTIVE": cls.Active, "DELETED": cls.Deleted}.get(str(value), cls.Unknown)


@dataclass(eq=True, repr=False)
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

    def __repr__(self) -> str:
        return model_repr(
            self,
            version=self.version,
            created=self.created,
            updated=self.updated,
            users=self.users,
            metadata=self.metadata,
        )

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> EntryInfo:
        """Build from a cloud v2 ``DataStoreEntry`` body (`ResponseShapeError`
        when it lacks the revision or holds a malformed field)."""
        return cls(
            version=req_str(entry, "revisionId"),
            created=opt_time(entry, "createTime"),
            updated=opt_time(entry, "revisionCreateTime"),
            # Empty lists and maps are left out of cloud v2 answers.
            users=[numeric_path_id(user, "an entry's user") for user in opt_list(entry, "users")],
            metadata=dict(opt_object(entry, "attributes") or {}),
        )


VersionResult = tuple[JSONValue, EntryInfo]
"""What ``get_version`` returns in the sync twin: ``(value, info)``."""
AsyncVersionResult = Coroutine[Any, Any, VersionResult]
"""What ``get_version`` returns in the async core: a coroutine of ``(value, info)``."""

R = TypeVar("R", covariant=True)


class _VersionSource(Protocol[R]):
    scope: str | None

    def get_version(self, key: str, version: str | datetime) -> R: ...


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

    def __init__(
        self,
        version: str,
        deleted: bool,
        content_length: int | None,
        created: datetime | None,
        key_created: datetime | None,
        datastore: _VersionSource[R] | None = None,
        key: str | None = None,
        scope: str | None = None,
    ) -> None:
        self.version = version
        self.deleted = deleted
        self.content_length = content_length
        self.created = created
        self.key_created = key_created
        self.datastore = datastore
        self.key = key
        self.scope = scope

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


@dataclass(frozen=True, repr=False)
class ListedEntry:
    """A key found by ``DataStore.list_keys``.

    Attributes:
        key: The entry's key.
        scope: The entry's scope.
    """

    key: str
    scope: str

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, scope=self.scope)


@dataclass(frozen=True, repr=False)
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

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, value=self.value, scope=self.scope)
