"""Standard and ordered data stores (cloud v2 endpoints)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource, paginate
from ._shared import (
    checks,
    datastore as shared,
    deferred_names,
    exceptions,
    fields,
    page_style,
    paths,
    reprs,
    times,
)
from ._shared.deprecation import deprecated_alias

if TYPE_CHECKING:
    from ._paginator import AsyncPaginator
    from ._shared.datastore import (
        AsyncVersionResult,
        DataStoreState,
        EntryInfo,
        EntryVersion,
        ListedEntry,
        SortedEntry,
    )
    from ._shared.jsonbody import JSONValue

__all__ = [
    "DataStore",
    "DataStoreMixin",
    "DataStoreState",
    "EntryInfo",
    "EntryVersion",
    "ListedEntry",
    "OrderedDataStore",
    "SortedEntry",
]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(
        globals(), shared, "DataStoreState", "EntryInfo", "EntryVersion", "ListedEntry", "SortedEntry"
    )


_STORE = "/cloud/v2/universes/{}/data-stores/{}"
_ENTRIES = _STORE + "/scopes/{}/entries"
_ENTRY = _ENTRIES + "/{}"
_ORDERED_ENTRIES = "/cloud/v2/universes/{}/ordered-data-stores/{}/scopes/{}/entries"
_ORDERED_ENTRY = _ORDERED_ENTRIES + "/{}"


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
        experience: ExperienceResource,
        created: datetime | None = None,
        scope: str | None = "global",
        state: DataStoreState | None = None,
        expire_time: datetime | None = None,
    ) -> None:
        self.name = checks.check_name(name, "data store name")
        if scope is not None:
            shared.check_scope(scope)
        self.scope = scope
        self.experience = experience
        self.created_at = created
        # None stands for Unknown: a default naming the enum would load the
        # shared module when this module is imported.
        self.state = shared.DataStoreState.Unknown if state is None else state
        self.expires_at = expire_time

    @property
    def created(self) -> datetime | None:
        """Alias of `created_at`."""
        return self.created_at

    def __repr__(self) -> str:
        return reprs.model_repr(self, name=self.name, scope=self.scope)

    def _split(self, key: str) -> tuple[str, str]:
        return shared.split_key(self.scope, key)

    def _entry_path(self, scope: str, key: str, template: str = _ENTRY) -> str:
        return paths.api_path(template, self.experience.id, self.name, scope, key)

    def _update_from(self, body: Any) -> None:
        data = fields.as_object(body)
        state = shared.DataStoreState.from_wire(fields.opt_str(data, "state"))
        created = fields.opt_time(data, "createTime")
        expires = fields.opt_time(data, "expireTime")
        self.state = state
        self.created_at = created or self.created_at
        self.expires_at = expires

    def _read_path(self, scope: str, key: str) -> str:
        """The path that reads an entry's current revision (callers await
        ``request_json`` on it themselves: no coroutine of ours in between)."""
        # Roblox reads "key@x" as revision x of "key", even with the "@" encoded:
        # "@latest" makes the last "@" the separator.
        return self._entry_path(scope, key, _ENTRY + "@latest" if "@" in key else _ENTRY)

    async def get_entry(self, key: str) -> tuple[JSONValue, EntryInfo]:
        """Get an entry's current value and its `EntryInfo`.

        Raises:
            NotFound: The key does not exist (or is deleted).
        """
        scope, key = self._split(key)
        result: tuple[JSONValue, EntryInfo] = await self.experience._client.request_json(
            "GET", self._read_path(scope, key), parse=shared.entry_value_and_info
        )
        return result

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
        checks.check_bool(exclusive_create, "exclusive_create")
        if exclusive_create and previous_version is not None:
            raise ValueError("exclusive_create and previous_version are mutually exclusive")
        if previous_version is not None:
            checks.check_name(previous_version, "previous_version", max_length=200)
        body, size = shared.entry_body(value, users, metadata)
        client = self.experience._client

        def parse(entry: Any) -> EntryVersion[AsyncVersionResult]:
            return shared.EntryVersion.from_wire(entry, self, key, scope, content_length=size)

        if exclusive_create:
            try:
                result: EntryVersion[AsyncVersionResult] = await client.request_json(
                    "POST",
                    paths.api_path(_ENTRIES, self.experience.id, self.name, scope),
                    params={"id": key},
                    json=body,
                    idempotent=False,
                    parse=parse,
                )
                return result
            except exceptions.HttpException as exc:
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

    async def _raise_if_exists(self, scope: str, key: str, cause: exceptions.HttpException) -> None:
        """Turn a rejected create into PreconditionFailed when the key does exist."""
        try:
            value, info = await self.experience._client.request_json(
                "GET", self._read_path(scope, key), parse=shared.entry_value_and_info
            )
        except exceptions.NotFound:
            return
        raise exceptions.PreconditionFailed(value, info, cause.status_code, cause.body) from cause

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
            value, info, etag = await self.experience._client.request_json(
                "GET", self._read_path(scope, key), parse=shared.entry_value_info_and_etag
            )
        except exceptions.NotFound as exc:
            raise exceptions.PreconditionFailed(None, None, exc.status_code, exc.body) from exc
        if info.version != previous_version:
            raise exceptions.PreconditionFailed(
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
        except exceptions.HttpException as exc:
            if exc.status_code in (404, 409, 412):
                try:
                    value, info = await self.experience._client.request_json(
                        "GET", self._read_path(scope, key), parse=shared.entry_value_and_info
                    )
                except exceptions.NotFound:
                    raise exceptions.PreconditionFailed(None, None, exc.status_code, exc.body) from exc
                raise exceptions.PreconditionFailed(value, info, exc.status_code, exc.body) from exc
            raise

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
        body, _ = shared.entry_body(None, users, metadata)
        body.pop("value")
        body["amount"] = shared.whole_amount(delta, "delta")
        result: tuple[JSONValue, EntryInfo] = await self.experience._client.request_json(
            "POST",
            self._entry_path(scope, key, _ENTRY + ":increment"),
            json=body,
            idempotent=False,
            parse=shared.entry_value_and_info,
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
        checks.check_bool(show_deleted, "show_deleted")
        scope = self.scope if self.scope is not None else "-"
        known_scope = self.scope

        def parse(item: dict[str, Any]) -> ListedEntry:
            return shared.ListedEntry.from_wire(item, self.experience.id, self.name, known_scope)

        return paginate(
            self.experience._client,
            paths.api_path(_ENTRIES, self.experience.id, self.name, scope),
            style=page_style.V2_TOKEN(256),
            items_field="dataStoreEntries",
            parse=parse,
            params={"filter": shared.starts_with_filter(prefix), "showDeleted": show_deleted or None},
            limit=checks.check_limit(limit),
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
            clauses.append(f"revision_create_time >= {times.format_time(after)}")
        if before is not None:
            clauses.append(f"revision_create_time <= {times.format_time(before)}")
        if after is not None and before is not None and after > before:
            raise ValueError("after must not be later than before")
        limit = checks.check_limit(limit)
        checks.check_bool(descending, "descending")

        def parse(item: dict[str, Any]) -> EntryVersion[AsyncVersionResult]:
            return shared.EntryVersion.from_wire(item, self, key, scope)

        return paginate(
            self.experience._client,
            self._entry_path(scope, key, _ENTRY + ":listRevisions"),
            style=page_style.V2_TOKEN(100),
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
            path = paths.api_path(_ENTRY + "@latest:" + times.format_time(version), *ids)
        else:
            path = paths.api_path(_ENTRY + "@{}", *ids, checks.check_name(version, "version", max_length=200))
        result: tuple[JSONValue, EntryInfo] = await self.experience._client.request_json(
            "GET", path, parse=shared.entry_value_and_info
        )
        return result

    async def delete(self) -> None:
        """Schedule the data store for deletion (purged after 30 days unless undeleted)."""
        await self.experience._client.request_json(
            "DELETE", paths.api_path(_STORE, self.experience.id, self.name), parse=self._update_from
        )

    async def undelete(self) -> None:
        """Cancel a scheduled deletion."""
        await self.experience._client.request_json(
            "POST",
            paths.api_path(_STORE + ":undelete", self.experience.id, self.name),
            json={},
            idempotent=True,
            parse=self._update_from,
        )

    # The rblx-open-cloud 1.x names (its README still uses them): each warns
    # (DeprecationWarning) and calls the method it names.
    get = deprecated_alias(get_entry)
    set = deprecated_alias(set_entry)
    increment = deprecated_alias(increment_entry)
    remove = deprecated_alias(remove_entry)


class OrderedDataStore:
    """An ordered data store: integer values, sortable. Get one with
    ``Experience.get_ordered_datastore(name, scope)``.

    Attributes:
        name: The data store's name.
        scope: The scope, or ``None`` for ``scope/key`` keys.
        experience: The experience the data store belongs to.
    """

    def __init__(self, name: str, experience: ExperienceResource, scope: str | None = "global") -> None:
        self.name = checks.check_name(name, "data store name")
        if scope is not None:
            checks.check_name(scope, "scope")
        self.scope = scope
        self.experience = experience

    def __repr__(self) -> str:
        return reprs.model_repr(self, name=self.name, scope=self.scope)

    def _entries(self, scope: str) -> str:
        return paths.api_path(_ORDERED_ENTRIES, self.experience.id, self.name, scope)

    def _entry(self, scope: str, key: str, template: str = _ORDERED_ENTRY) -> str:
        return paths.api_path(template, self.experience.id, self.name, scope, key)

    def _split(self, key: str) -> tuple[str, str]:
        return shared.split_key(self.scope, key)

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
        checks.check_bool(descending, "descending")
        clauses = []
        if min is not None:
            clauses.append(f"entry >= {checks.check_int(min, 'min')}")
        if max is not None:
            clauses.append(f"entry <= {checks.check_int(max, 'max')}")
        if min is not None and max is not None and min > max:
            raise ValueError("min must not be greater than max")
        scope = self.scope
        return paginate(
            self.experience._client,
            self._entries(scope),
            style=page_style.V2_TOKEN(100),
            items_field="orderedDataStoreEntries",
            parse=lambda item: shared.SortedEntry.from_wire(item, scope),
            params={
                "orderBy": "value desc" if descending else "value",
                "filter": " && ".join(clauses) or None,
            },
            limit=checks.check_limit(limit),
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
            "GET", self._entry(scope, key), parse=shared.ordered_value
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
        value = checks.check_int(value, "value")
        checks.check_bool(exclusive_create, "exclusive_create")
        checks.check_bool(exclusive_update, "exclusive_update")
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
                    parse=shared.ordered_value,
                )
                return result
            result = await client.request_json(
                "PATCH",
                self._entry(scope, key),
                params={"allowMissing": not exclusive_update},
                json={"value": value},
                idempotent=not exclusive_update,
                parse=shared.ordered_value,
            )
            return result
        except exceptions.HttpException as exc:
            if exclusive_create and exc.status_code == 400:
                try:
                    current = await self._get(scope, key)
                except exceptions.NotFound:
                    raise exc from None
                raise exceptions.PreconditionFailed(current, None, exc.status_code, exc.body) from exc
            if exclusive_update and exc.status_code == 404:
                raise exceptions.PreconditionFailed(None, None, exc.status_code, exc.body) from exc
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
            json={"amount": checks.check_int(delta, "delta")},
            idempotent=False,
            parse=shared.ordered_value,
        )
        return result

    async def remove_entry(self, key: str) -> None:
        """Delete an entry.

        Raises:
            NotFound: The key does not exist.
        """
        scope, key = self._split(key)
        await self.experience._client.request("DELETE", self._entry(scope, key))


class DataStoreMixin(ExperienceResource):
    """`Experience` methods for its standard and ordered data stores."""

    def get_datastore(self, name: str, scope: str | None = "global") -> DataStore:
        """A `DataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return DataStore(name, self, scope=scope)

    def get_ordered_datastore(self, name: str, scope: str | None = "global") -> OrderedDataStore:
        """An `OrderedDataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return OrderedDataStore(name, self, scope=scope)

    def get_data_store(self, name: str, scope: str | None = "global") -> DataStore:
        """Alias of `get_datastore`, the spelling the rblx-open-cloud guide uses."""
        return self.get_datastore(name, scope)

    def get_ordered_data_store(self, name: str, scope: str | None = "global") -> OrderedDataStore:
        """Alias of `get_ordered_datastore`, the spelling the rblx-open-cloud guide uses."""
        return self.get_ordered_datastore(name, scope)

    def list_datastores(
        self,
        prefix: str | None = None,
        limit: int | None = None,
        scope: str | None = "global",
        show_deleted: bool = False,
    ) -> AsyncPaginator[DataStore]:
        """Iterate the experience's data stores.

        Args:
            prefix: Only data stores whose name starts with this.
            limit: Stop after this many.
            scope: The scope given to the returned `DataStore` objects.
            show_deleted: Include data stores scheduled for deletion.
        """
        if prefix is not None and not isinstance(prefix, str):
            raise TypeError("prefix must be a str")
        if scope is not None:
            checks.check_name(scope, "scope")
        checks.check_bool(show_deleted, "show_deleted")

        def parse(item: dict[str, Any]) -> DataStore:
            return DataStore(
                fields.req_str(item, "id"),
                self,
                created=fields.opt_time(item, "createTime"),
                scope=scope,
                state=shared.DataStoreState.from_wire(fields.opt_str(item, "state")),
                expire_time=fields.opt_time(item, "expireTime"),
            )

        return paginate(
            self._client,
            paths.api_path("/cloud/v2/universes/{}/data-stores", self.id),
            style=page_style.V2_TOKEN(100),
            items_field="dataStores",
            parse=parse,
            params={"filter": shared.starts_with_filter(prefix or ""), "showDeleted": show_deleted or None},
            limit=checks.check_limit(limit),
        )

    async def snapshot_datastores(self) -> tuple[bool, datetime]:
        """Snapshot all data stores: current values stay available as versions for 30 days.

        At most one new snapshot per UTC day; later calls return the existing one.

        Returns:
            ``(new_snapshot_taken, latest_snapshot_time)``.
        """
        result: tuple[bool, datetime] = await self._client.request_json(
            "POST",
            paths.api_path("/cloud/v2/universes/{}/data-stores:snapshot", self.id),
            json={},
            idempotent=True,
            parse=shared.snapshot_result,
        )
        return result

    # The rblx-open-cloud 1.x name: warns (DeprecationWarning) and calls list_datastores.
    list_data_store = deprecated_alias(list_datastores)
