"""Standard and ordered data stores (cloud v2 endpoints)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ._datastore_models import (
    AsyncVersionResult,
    DataStoreState,
    EntryInfo,
    EntryVersion,
    ListedEntry,
    SortedEntry,
)
from ._fields import (
    ResponseShapeError,
    as_object,
    opt_str,
    opt_time,
    req_float,
    req_str,
    req_value,
)
from ._pagination import AsyncPaginator
from ._paging import V2_TOKEN
from ._repr import model_repr
from ._wire import (
    JSONValue,
    api_path,
    check_bool,
    check_int,
    check_limit,
    check_name,
    dump_json,
    format_time,
    segment,
    unsegment,
    user_paths,
)
from .exceptions import HttpException, NotFound, PreconditionFailed

if TYPE_CHECKING:
    from .experience import Experience

__all__ = ["DataStore", "OrderedDataStore"]

_MAX_VALUE_CHARS = 4_194_304
_STORE = "/cloud/v2/universes/{}/data-stores/{}"
_ENTRIES = _STORE + "/scopes/{}/entries"
_ENTRY = _ENTRIES + "/{}"
_ORDERED_ENTRIES = "/cloud/v2/universes/{}/ordered-data-stores/{}/scopes/{}/entries"
_ORDERED_ENTRY = _ORDERED_ENTRIES + "/{}"
_MAX_ATTRIBUTES_CHARS = 300

_T = TypeVar("_T")


class DataStore:
    """A standard data store of an experience, optionally bound to one scope.

    Get one with ``Experience.get_datastore(name, scope)``. With ``scope=None``
    every key is written ``"scope/key"``.

    Attributes:
        name: The data store's name.
        scope: The scope, or ``None`` for ``scope/key`` keys.
        experience: The experience the data store belongs to.
        state: Active or scheduled for deletion (known after listing or ``delete``).
        created_at: When the data store was created (known after listing).
        expires_at: When a deleted data store will be purged.
    """

    def __init__(
        self,
        name: str,
        experience: Experience,
        created: datetime | None = None,
        scope: str | None = "global",
        state: DataStoreState = DataStoreState.Unknown,
        expire_time: datetime | None = None,
    ) -> None:
        self.name = check_name(name, "data store name")
        if scope is not None:
            _check_scope(scope)
        self.scope = scope
        self.experience = experience
        self.created_at = created
        self.state = state
        self.expires_at = expire_time

    @property
    def created(self) -> datetime | None:
        """Alias of `created_at`."""
        return self.created_at

    def __repr__(self) -> str:
        return model_repr(self, name=self.name, scope=self.scope)

    def _split(self, key: str) -> tuple[str, str]:
        return _split_key(self.scope, key)

    def _entry_path(self, scope: str, key: str, template: str = _ENTRY) -> str:
        return api_path(template, self.experience.id, self.name, scope, key)

    def _update_from(self, body: Any) -> None:
        data = as_object(body)
        state = DataStoreState.from_wire(opt_str(data, "state"))
        created = opt_time(data, "createTime")
        expires = opt_time(data, "expireTime")
        self.state = state
        self.created_at = created or self.created_at
        self.expires_at = expires

    async def _read(self, scope: str, key: str, path: str | None = None, *, parse: Callable[[Any], _T]) -> _T:
        if path is None:
            # Roblox reads "key@x" as revision x of "key", even with the "@" encoded:
            # "@latest" makes the last "@" the separator.
            path = self._entry_path(scope, key, _ENTRY + "@latest" if "@" in key else _ENTRY)
        result: _T = await self.experience._client.request_json("GET", path, parse=parse)
        return result

    async def get_entry(self, key: str) -> tuple[JSONValue, EntryInfo]:
        """Get an entry's current value and its `EntryInfo`.

        Raises:
            NotFound: The key does not exist (or is deleted).
        """
        scope, key = self._split(key)
        return await self._read(scope, key, parse=_entry)

    async def set_entry(
        self,
        key: str,
        value: JSONValue,
        users: list[int] | None = None,
        metadata: dict[str, Any] | None = None,
        exclusive_create: bool = False,
        previous_version: str | None = None,
    ) -> EntryVersion[AsyncVersionResult]:
        """Set an entry's value, users and metadata (omitted users/metadata are cleared).

        Args:
            key: The key (``scope/key`` when the data store's scope is ``None``).
            value: Any JSON-serialisable value.
            users: User IDs associated with the entry.
            metadata: Custom attributes of the entry.
            exclusive_create: Fail with `PreconditionFailed` if the key exists.
            previous_version: Only write if the current version ID is this one;
                otherwise raise `PreconditionFailed` carrying the current
                value and info.

        Returns:
            The new version.
        """
        scope, key = self._split(key)
        check_bool(exclusive_create, "exclusive_create")
        if exclusive_create and previous_version is not None:
            raise ValueError("exclusive_create and previous_version are mutually exclusive")
        if previous_version is not None:
            check_name(previous_version, "previous_version", max_length=200)
        body, size = _entry_body(value, users, metadata)
        client = self.experience._client

        def parse(entry: Any) -> EntryVersion[AsyncVersionResult]:
            return self._version(as_object(entry), scope, key, size)

        if exclusive_create:
            try:
                result: EntryVersion[AsyncVersionResult] = await client.request_json(
                    "POST",
                    api_path(_ENTRIES, self.experience.id, self.name, scope),
                    params={"id": key},
                    json=body,
                    idempotent=False,
                    parse=parse,
                )
                return result
            except HttpException as exc:
                if exc.status_code == 400:
                    await self._raise_if_exists(scope, key, exc)
                raise
        if previous_version is not None:
            return await self._guarded_update(scope, key, body, previous_version, parse)
        result = await client.request_json(
            "PATCH",
            self._entry_path(scope, key),
            params={"allowMissing": True},
            json=body,
            idempotent=True,
            parse=parse,
        )
        return result

    async def _raise_if_exists(self, scope: str, key: str, cause: HttpException) -> None:
        """Turn a rejected create into PreconditionFailed when the key does exist."""
        try:
            value, info = await self._read(scope, key, parse=_entry)
        except NotFound:
            return
        raise PreconditionFailed(value, info, cause.status_code, cause.body) from cause

    async def _guarded_update(
        self,
        scope: str,
        key: str,
        body: dict[str, Any],
        previous_version: str,
        parse: Callable[[Any], EntryVersion[AsyncVersionResult]],
    ) -> EntryVersion[AsyncVersionResult]:
        # The v2 API has no "match revision" parameter, only etags: read the
        # current revision, compare, then write with its etag so a concurrent
        # writer in between makes the server reject ours.
        try:
            value, info, etag = await self._read(scope, key, parse=_entry_with_etag)
        except NotFound as exc:
            raise PreconditionFailed(None, None, exc.status_code, exc.body) from exc
        if info.version != previous_version:
            raise PreconditionFailed(
                value, info, body=f"the current version is {info.version!r}, not {previous_version!r}"
            )
        try:
            result: EntryVersion[AsyncVersionResult] = await self.experience._client.request_json(
                "PATCH",
                self._entry_path(scope, key),
                params={"allowMissing": False},
                json={**body, "etag": etag},
                idempotent=False,
                parse=parse,
            )
            return result
        except HttpException as exc:
            if exc.status_code in (404, 409, 412):
                try:
                    value, info = await self._read(scope, key, parse=_entry)
                except NotFound:
                    raise PreconditionFailed(None, None, exc.status_code, exc.body) from exc
                raise PreconditionFailed(value, info, exc.status_code, exc.body) from exc
            raise

    def _version(
        self, entry: dict[str, Any], scope: str, key: str, length: int | None
    ) -> EntryVersion[AsyncVersionResult]:
        return EntryVersion(
            req_str(entry, "revisionId"),
            opt_str(entry, "state") == "DELETED",
            length,
            opt_time(entry, "revisionCreateTime"),
            opt_time(entry, "createTime"),
            self,
            key,
            scope,
        )

    async def increment_entry(
        self,
        key: str,
        delta: int | float,
        users: list[int] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[JSONValue, EntryInfo]:
        """Atomically add ``delta`` to an integer entry (created if missing).

        Never retried after an unknown outcome, so the increment is applied at
        most once.

        Returns:
            The new ``(value, info)``.
        """
        scope, key = self._split(key)
        body, _ = _entry_body(None, users, metadata)
        body.pop("value")
        body["amount"] = _integral(delta, "delta")
        result: tuple[JSONValue, EntryInfo] = await self.experience._client.request_json(
            "POST",
            self._entry_path(scope, key, _ENTRY + ":increment"),
            json=body,
            idempotent=False,
            parse=_entry,
        )
        return result

    async def remove_entry(self, key: str) -> None:
        """Delete an entry (older versions stay readable for 30 days).

        Raises:
            NotFound: The key does not exist.
        """
        scope, key = self._split(key)
        await self.experience._client.request("DELETE", self._entry_path(scope, key))

    def list_keys(
        self, prefix: str = "", limit: int | None = None, show_deleted: bool = False
    ) -> AsyncPaginator[ListedEntry]:
        """Iterate the keys (all scopes when the data store's scope is ``None``).

        Args:
            prefix: Only keys starting with this prefix.
            limit: Stop after this many keys.
            show_deleted: Include deleted keys.
        """
        if not isinstance(prefix, str):
            raise TypeError("prefix must be a str")
        check_bool(show_deleted, "show_deleted")
        scope = self.scope if self.scope is not None else "-"
        known_scope = self.scope

        def parse(item: dict[str, Any]) -> ListedEntry:
            return _listed_entry(item, self.experience.id, self.name, known_scope)

        return AsyncPaginator(
            self.experience._client,
            api_path(_ENTRIES, self.experience.id, self.name, scope),
            style=V2_TOKEN(256),
            items_field="dataStoreEntries",
            parse=parse,
            params={"filter": _starts_with(prefix), "showDeleted": show_deleted or None},
            limit=check_limit(limit),
        )

    def list_versions(
        self,
        key: str,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int | None = None,
        descending: bool = True,
    ) -> AsyncPaginator[EntryVersion[AsyncVersionResult]]:
        """Iterate an entry's versions, newest first unless ``descending=False``.

        Args:
            key: The key.
            after: Only versions written at or after this time.
            before: Only versions written at or before this time.
            limit: Stop after this many versions.
            descending: Newest first. The API only lists newest first, so
                ``False`` reads the whole (30-day) history and reverses it.
        """
        scope, key = self._split(key)
        clauses = []
        if after is not None:
            clauses.append(f"revision_create_time >= {format_time(after)}")
        if before is not None:
            clauses.append(f"revision_create_time <= {format_time(before)}")
        if after is not None and before is not None and after > before:
            raise ValueError("after must not be later than before")
        limit = check_limit(limit)
        check_bool(descending, "descending")

        def parse(item: dict[str, Any]) -> EntryVersion[AsyncVersionResult]:
            return self._version(item, scope, key, None)

        return AsyncPaginator(
            self.experience._client,
            self._entry_path(scope, key, _ENTRY + ":listRevisions"),
            style=V2_TOKEN(100),
            items_field="dataStoreEntries",
            parse=parse,
            params={"filter": " && ".join(clauses) or None},
            limit=limit,
            reverse=not descending,
        )

    async def get_version(self, key: str, version: str | datetime) -> tuple[JSONValue, EntryInfo]:
        """Get the value and info of an entry at a version ID, or as it was at a time.

        Args:
            key: The key.
            version: A version ID, or a datetime to read the version current then.
        """
        scope, key = self._split(key)
        ids = (self.experience.id, self.name, scope, key)
        if isinstance(version, datetime):
            path = api_path(_ENTRY + "@latest:" + format_time(version), *ids)
        else:
            path = api_path(_ENTRY + "@{}", *ids, check_name(version, "version", max_length=200))
        return await self._read(scope, key, path, parse=_entry)

    async def delete(self) -> None:
        """Schedule the data store for deletion (purged after 30 days unless undeleted)."""
        await self.experience._client.request_json(
            "DELETE", api_path(_STORE, self.experience.id, self.name), parse=self._update_from
        )

    async def undelete(self) -> None:
        """Cancel a scheduled deletion."""
        await self.experience._client.request_json(
            "POST",
            api_path(_STORE + ":undelete", self.experience.id, self.name),
            json={},
            idempotent=True,
            parse=self._update_from,
        )


class OrderedDataStore:
    """An ordered data store: integer values, sortable. Get one with
    ``Experience.get_ordered_datastore(name, scope)``.

    Attributes:
        name: The data store's name.
        scope: The scope, or ``None`` for ``scope/key`` keys.
        experience: The experience the data store belongs to.
    """

    def __init__(self, name: str, experience: Experience, scope: str | None = "global") -> None:
        self.name = check_name(name, "data store name")
        if scope is not None:
            check_name(scope, "scope")
        self.scope = scope
        self.experience = experience

    def __repr__(self) -> str:
        return model_repr(self, name=self.name, scope=self.scope)

    def _entries(self, scope: str) -> str:
        return api_path(_ORDERED_ENTRIES, self.experience.id, self.name, scope)

    def _entry(self, scope: str, key: str, template: str = _ORDERED_ENTRY) -> str:
        return api_path(template, self.experience.id, self.name, scope, key)

    def _split(self, key: str) -> tuple[str, str]:
        return _split_key(self.scope, key)

    def sort_keys(
        self,
        descending: bool = True,
        limit: int | None = None,
        min: int | None = None,  # noqa: A002 - public name of the peer SDK
        max: int | None = None,  # noqa: A002
    ) -> AsyncPaginator[SortedEntry]:
        """Iterate entries sorted by value.

        Args:
            descending: Largest first.
            limit: Stop after this many entries.
            min: Only values >= min.
            max: Only values <= max.
        """
        if self.scope is None:
            raise ValueError("sort_keys needs a scope: this data store has scope=None")
        check_bool(descending, "descending")
        clauses = []
        if min is not None:
            clauses.append(f"entry >= {check_int(min, 'min')}")
        if max is not None:
            clauses.append(f"entry <= {check_int(max, 'max')}")
        if min is not None and max is not None and min > max:
            raise ValueError("min must not be greater than max")
        scope = self.scope
        return AsyncPaginator(
            self.experience._client,
            self._entries(scope),
            style=V2_TOKEN(100),
            items_field="orderedDataStoreEntries",
            parse=lambda item: SortedEntry(_entry_id(item), _int_value(item), scope),
            params={
                "orderBy": "value desc" if descending else "value",
                "filter": " && ".join(clauses) or None,
            },
            limit=check_limit(limit),
        )

    async def get_entry(self, key: str) -> int:
        """Get an entry's value.

        Raises:
            NotFound: The key does not exist.
        """
        scope, key = self._split(key)
        return await self._get(scope, key)

    async def _get(self, scope: str, key: str) -> int:
        result: int = await self.experience._client.request_json(
            "GET", self._entry(scope, key), parse=_int_value
        )
        return result

    async def set_entry(
        self, key: str, value: int, exclusive_create: bool = False, exclusive_update: bool = False
    ) -> int:
        """Set an entry's value.

        Args:
            key: The key.
            value: The integer value.
            exclusive_create: Fail with `PreconditionFailed` if the key exists.
            exclusive_update: Fail with `PreconditionFailed` if the key does not exist.

        Returns:
            The stored value.
        """
        scope, key = self._split(key)
        value = check_int(value, "value")
        check_bool(exclusive_create, "exclusive_create")
        check_bool(exclusive_update, "exclusive_update")
        if exclusive_create and exclusive_update:
            raise ValueError("exclusive_create and exclusive_update are mutually exclusive")
        client = self.experience._client
        try:
            if exclusive_create:
                result: int = await client.request_json(
                    "POST",
                    self._entries(scope),
                    params={"id": key},
                    json={"value": value},
                    idempotent=False,
                    parse=_int_value,
                )
                return result
            result = await client.request_json(
                "PATCH",
                self._entry(scope, key),
                params={"allowMissing": not exclusive_update},
                json={"value": value},
                idempotent=not exclusive_update,
                parse=_int_value,
            )
            return result
        except HttpException as exc:
            if exclusive_create and exc.status_code == 400:
                try:
                    current = await self._get(scope, key)
                except NotFound:
                    raise exc from None
                raise PreconditionFailed(current, None, exc.status_code, exc.body) from exc
            if exclusive_update and exc.status_code == 404:
                raise PreconditionFailed(None, None, exc.status_code, exc.body) from exc
            raise

    async def increment_entry(self, key: str, delta: int) -> int:
        """Atomically add ``delta`` to an entry (created if missing); never sent twice.

        Returns:
            The new value.
        """
        scope, key = self._split(key)
        result: int = await self.experience._client.request_json(
            "POST",
            self._entry(scope, key, _ORDERED_ENTRY + ":increment"),
            json={"amount": check_int(delta, "delta")},
            idempotent=False,
            parse=_int_value,
        )
        return result

    async def remove_entry(self, key: str) -> None:
        """Delete an entry.

        Raises:
            NotFound: The key does not exist.
        """
        scope, key = self._split(key)
        await self.experience._client.request("DELETE", self._entry(scope, key))


def _split_key(default_scope: str | None, key: str) -> tuple[str, str]:
    """Return ``(scope, key)``: ``key`` is ``"scope/key"`` when there is no default scope."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}")
    if default_scope is None:
        scope, sep, key = key.partition("/")
        if not sep:
            raise ValueError("this data store has scope=None: keys must be 'scope/key'")
        _check_scope(scope)
    else:
        scope = default_scope
    return scope, check_name(key, "key")


def _check_scope(scope: str) -> str:
    check_name(scope, "scope")
    if scope == "-":
        raise ValueError("scope must not be '-': Roblox reads it as every scope")
    return scope


def _entry_body(
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


def _integral(delta: Any, what: str) -> int:
    if isinstance(delta, float) and delta.is_integer():
        return check_int(int(delta), what)
    if isinstance(delta, float):
        raise ValueError(f"{what} must be a whole number: the API only increments integers")
    return check_int(delta, what)


def _entry(body: Any) -> tuple[JSONValue, EntryInfo]:
    """``(value, info)`` of a ``DataStoreEntry`` answer."""
    data = as_object(body)
    return req_value(data, "value"), EntryInfo.from_entry(data)


def _entry_with_etag(body: Any) -> tuple[JSONValue, EntryInfo, str]:
    """``(value, info, etag)`` of a ``DataStoreEntry`` answer, for a guarded write."""
    value, info = _entry(body)
    return value, info, req_str(as_object(body), "etag")


def _int_value(entry: Any) -> int:
    """The value of an ``OrderedDataStoreEntry`` answer (a double the API rounds)."""
    return round(req_float(as_object(entry), "value"))


def _entry_id(item: dict[str, Any]) -> str:
    """An entry's key: its ``id``, else the last segment of its ``path``."""
    key = opt_str(item, "id")
    return key if key else unsegment(req_str(item, "path").rsplit("/", 1)[-1])


def _starts_with(prefix: str) -> str | None:
    if not prefix:
        return None
    escaped = prefix.replace("\\", "\\\\").replace('"', '\\"')
    return f'id.startsWith("{escaped}")'


def _listed_entry(item: dict[str, Any], universe_id: int, name: str, scope: str | None) -> ListedEntry:
    """A listed key; its scope is the store's, or (listing every scope) comes from its path."""
    key = _entry_id(item)
    if scope is not None:
        return ListedEntry(key, scope)
    # path: universes/{u}/data-stores/{ds}/scopes/{scope}/entries/{id}, where the
    # names may hold "/" (or be percent-encoded): cut the known parts off both ends.
    path = opt_str(item, "path") or ""
    head = f"universes/{universe_id}/data-stores/"
    for store, tail in ((name, key), (segment(name), segment(key))):
        prefix, suffix = f"{head}{store}/scopes/", f"/entries/{tail}"
        if path.startswith(prefix) and path.endswith(suffix) and len(path) > len(prefix) + len(suffix):
            found = path[len(prefix) : -len(suffix)]
            return ListedEntry(key, found if store == name else unsegment(found))
    raise ResponseShapeError("a listed entry has no 'path' naming its scope")
