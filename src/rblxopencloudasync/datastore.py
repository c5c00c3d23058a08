"""Standard and ordered data stores (cloud v2 endpoints)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._datastore_models import (
    AsyncVersionResult,
    DataStoreState,
    EntryInfo,
    EntryVersion,
    ListedEntry,
    SortedEntry,
)
from ._pagination import AsyncPaginator
from ._paging import V2_TOKEN
from ._repr import model_repr
from ._wire import (
    JSONValue,
    check_int,
    check_limit,
    check_name,
    dump_json,
    format_time,
    parse_time_opt,
    segment,
    unsegment,
    user_paths,
)
from .exceptions import HttpException, NotFound, PreconditionFailed

if TYPE_CHECKING:
    from .experience import Experience

__all__ = ["DataStore", "OrderedDataStore"]

_MAX_VALUE_CHARS = 4_194_304
_MAX_ATTRIBUTES_CHARS = 300


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
            check_name(scope, "scope")
        self.scope = scope
        self.experience = experience
        self.created_at = created
        self.state = state
        self.expires_at = expire_time
        self._path = f"/cloud/v2/universes/{experience.id}/data-stores/{segment(self.name)}"

    @property
    def created(self) -> datetime | None:
        """Alias of `created_at`."""
        return self.created_at

    def __repr__(self) -> str:
        return model_repr(self, name=self.name, scope=self.scope)

    def _split(self, key: str) -> tuple[str, str]:
        return _split_key(self.scope, key)

    def _entry_path(self, scope: str, key: str) -> str:
        return f"{self._path}/scopes/{segment(scope)}/entries/{segment(key)}"

    def _update_from(self, body: Any) -> None:
        if isinstance(body, dict):
            self.state = DataStoreState.from_wire(body.get("state"))
            self.created_at = parse_time_opt(body.get("createTime")) or self.created_at
            self.expires_at = parse_time_opt(body.get("expireTime"))

    async def _read(self, scope: str, key: str, suffix: str = "") -> dict[str, Any]:
        # A key containing '@' would be read as key@revision: '@latest' disambiguates.
        if not suffix and "@" in key:
            suffix = "@latest"
        body: dict[str, Any] = await self.experience._client.request_json(
            "GET", self._entry_path(scope, key) + suffix
        )
        return body

    async def get_entry(self, key: str) -> tuple[JSONValue, EntryInfo]:
        """Get an entry's current value and its `EntryInfo`.

        Raises:
            NotFound: The key does not exist (or is deleted).
        """
        scope, key = self._split(key)
        entry = await self._read(scope, key)
        return entry.get("value"), EntryInfo.from_entry(entry)

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
        if exclusive_create and previous_version is not None:
            raise ValueError("exclusive_create and previous_version are mutually exclusive")
        if previous_version is not None:
            check_name(previous_version, "previous_version", max_length=200)
        body, size = _entry_body(value, users, metadata)
        client = self.experience._client
        if exclusive_create:
            try:
                entry = await client.request_json(
                    "POST",
                    f"{self._path}/scopes/{segment(scope)}/entries",
                    params={"id": key},
                    json=body,
                    idempotent=False,
                )
            except HttpException as exc:
                if exc.status_code == 400:
                    await self._raise_if_exists(scope, key, exc)
                raise
        elif previous_version is not None:
            entry = await self._guarded_update(scope, key, body, previous_version)
        else:
            entry = await client.request_json(
                "PATCH",
                self._entry_path(scope, key),
                params={"allowMissing": True},
                json=body,
                idempotent=True,
            )
        return self._version(entry, scope, key, size)

    async def _raise_if_exists(self, scope: str, key: str, cause: HttpException) -> None:
        """Turn a rejected create into PreconditionFailed when the key does exist."""
        try:
            current = await self._read(scope, key)
        except NotFound:
            return
        raise PreconditionFailed(
            current.get("value"), EntryInfo.from_entry(current), cause.status_code, cause.body
        ) from cause

    async def _guarded_update(
        self, scope: str, key: str, body: dict[str, Any], previous_version: str
    ) -> dict[str, Any]:
        # The v2 API has no "match revision" parameter, only etags: read the
        # current revision, compare, then write with its etag so a concurrent
        # writer in between makes the server reject ours.
        try:
            current = await self._read(scope, key)
        except NotFound as exc:
            raise PreconditionFailed(None, None, exc.status_code, exc.body) from exc
        if current.get("revisionId") != previous_version:
            raise PreconditionFailed(
                current.get("value"),
                EntryInfo.from_entry(current),
                body=f"the current version is {current.get('revisionId')!r}, not {previous_version!r}",
            )
        try:
            entry: dict[str, Any] = await self.experience._client.request_json(
                "PATCH",
                self._entry_path(scope, key),
                params={"allowMissing": False},
                json={**body, "etag": current.get("etag")},
                idempotent=False,
            )
        except HttpException as exc:
            if exc.status_code in (404, 409, 412):
                try:
                    latest = await self._read(scope, key)
                except NotFound:
                    raise PreconditionFailed(None, None, exc.status_code, exc.body) from exc
                raise PreconditionFailed(
                    latest.get("value"), EntryInfo.from_entry(latest), exc.status_code, exc.body
                ) from exc
            raise
        return entry

    def _version(
        self, entry: dict[str, Any], scope: str, key: str, length: int | None
    ) -> EntryVersion[AsyncVersionResult]:
        return EntryVersion(
            str(entry.get("revisionId", "")),
            entry.get("state") == "DELETED",
            length,
            parse_time_opt(entry.get("revisionCreateTime")),
            parse_time_opt(entry.get("createTime")),
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
        entry = await self.experience._client.request_json(
            "POST", self._entry_path(scope, key) + ":increment", json=body, idempotent=False
        )
        return entry.get("value"), EntryInfo.from_entry(entry)

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
        scope = self.scope if self.scope is not None else "-"
        return AsyncPaginator(
            self.experience._client,
            f"{self._path}/scopes/{segment(scope)}/entries",
            style=V2_TOKEN(256),
            items_field="dataStoreEntries",
            parse=_listed_entry,
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

        def parse(item: dict[str, Any]) -> EntryVersion[AsyncVersionResult]:
            return self._version(item, scope, key, None)

        return AsyncPaginator(
            self.experience._client,
            self._entry_path(scope, key) + ":listRevisions",
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
        if isinstance(version, datetime):
            suffix = f"@latest:{format_time(version)}"
        else:
            suffix = "@" + segment(check_name(version, "version", max_length=200))
        entry = await self._read(scope, key, suffix)
        return entry.get("value"), EntryInfo.from_entry(entry)

    async def delete(self) -> None:
        """Schedule the data store for deletion (purged after 30 days unless undeleted)."""
        body = await self.experience._client.request_json("DELETE", self._path)
        self._update_from(body)

    async def undelete(self) -> None:
        """Cancel a scheduled deletion."""
        body = await self.experience._client.request_json(
            "POST", self._path + ":undelete", json={}, idempotent=True
        )
        self._update_from(body)


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
        return (
            f"/cloud/v2/universes/{self.experience.id}/ordered-data-stores/"
            f"{segment(self.name)}/scopes/{segment(scope)}/entries"
        )

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
            parse=lambda item: SortedEntry(str(item.get("id")), _int_value(item), scope),
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
        entry = await self.experience._client.request_json("GET", f"{self._entries(scope)}/{segment(key)}")
        return _int_value(entry)

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
        if exclusive_create and exclusive_update:
            raise ValueError("exclusive_create and exclusive_update are mutually exclusive")
        client = self.experience._client
        try:
            if exclusive_create:
                entry = await client.request_json(
                    "POST",
                    self._entries(scope),
                    params={"id": key},
                    json={"value": value},
                    idempotent=False,
                )
            else:
                entry = await client.request_json(
                    "PATCH",
                    f"{self._entries(scope)}/{segment(key)}",
                    params={"allowMissing": not exclusive_update},
                    json={"value": value},
                    idempotent=not exclusive_update,
                )
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
        return _int_value(entry)

    async def increment_entry(self, key: str, delta: int) -> int:
        """Atomically add ``delta`` to an entry (created if missing); never sent twice.

        Returns:
            The new value.
        """
        scope, key = self._split(key)
        entry = await self.experience._client.request_json(
            "POST",
            f"{self._entries(scope)}/{segment(key)}:increment",
            json={"amount": check_int(delta, "delta")},
            idempotent=False,
        )
        return _int_value(entry)

    async def remove_entry(self, key: str) -> None:
        """Delete an entry.

        Raises:
            NotFound: The key does not exist.
        """
        scope, key = self._split(key)
        await self.experience._client.request("DELETE", f"{self._entries(scope)}/{segment(key)}")


def _split_key(default_scope: str | None, key: str) -> tuple[str, str]:
    """Return ``(scope, key)``: ``key`` is ``"scope/key"`` when there is no default scope."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}")
    if default_scope is None:
        scope, sep, key = key.partition("/")
        if not sep:
            raise ValueError("this data store has scope=None: keys must be 'scope/key'")
        check_name(scope, "scope")
    else:
        scope = default_scope
    return scope, check_name(key, "key")


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
        return int(delta)
    if isinstance(delta, float):
        raise ValueError(f"{what} must be a whole number: the API only increments integers")
    return check_int(delta, what)


def _int_value(entry: Any) -> int:
    return round(float(entry.get("value", 0))) if isinstance(entry, dict) else 0


def _starts_with(prefix: str) -> str | None:
    if not prefix:
        return None
    escaped = prefix.replace("\\", "\\\\").replace('"', '\\"')
    return f'id.startsWith("{escaped}")'


def _listed_entry(item: dict[str, Any]) -> ListedEntry:
    # path: universes/{u}/data-stores/{ds}/scopes/{scope}/entries/{id}
    parts = str(item.get("path", "")).split("/")
    scope = unsegment(parts[parts.index("scopes") + 1]) if "scopes" in parts else "global"
    return ListedEntry(str(item.get("id", unsegment(parts[-1]))), scope)
