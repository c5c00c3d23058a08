"""Experience API area: memory stores (sorted maps and queues), cloud v2 endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource, paginate, public_class
from ._shared import (
    checks,
    deferred_names,
    exceptions,
    fields,
    memorystore as shared,
    page_style,
    paths,
    reprs,
)

if TYPE_CHECKING:
    from ._operation import Operation
    from ._paginator import AsyncPaginator
    from ._shared.jsonbody import JSONValue
    from ._shared.memorystore import SortedMapEntry

__all__ = ["MemoryStoreMixin", "MemoryStoreQueue", "SortedMap", "SortedMapEntry"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "SortedMapEntry")


class MemoryStoreMixin(ExperienceResource):
    """`Experience` methods for memory stores (sorted maps and queues)."""

    def get_sorted_map(self, name: str) -> SortedMap:
        """Create a `SortedMap` handle with the provided name (no request is made).

        Args:
            name: The memory store sorted map name.

        Returns:
            The sorted map with the provided name.
        """
        return SortedMap(name, self)

    def get_memory_store_queue(self, name: str) -> MemoryStoreQueue:
        """Create a `MemoryStoreQueue` handle with the provided name (no request is made).

        Args:
            name: The memory store queue name.

        Returns:
            The memory store queue with the provided name.
        """
        return MemoryStoreQueue(name, self)

    async def flush_memory_store(self) -> Operation[bool]:
        """Start flushing all memory store data (sorted maps and queues).

        Returns:
            An `Operation` that resolves to ``True`` once the flush is done.
        """
        client = self._client
        universe_id = self.id

        def started(body: Any) -> Operation[bool]:
            data = fields.as_object(body)
            operation_id = paths.path_id(fields.req_str(data, "path"), "operations")
            if operation_id is None:
                raise fields.ResponseShapeError("the answer's 'path' names no operation")
            path = paths.api_path(
                "/cloud/v2/universes/{}/memory-store/operations/{}", universe_id, operation_id
            )
            operation: Operation[bool] = public_class("Operation")(client, path, lambda _: True, initial=data)
            return operation

        result: Operation[bool] = await client.request_json(
            "POST",
            paths.api_path("/cloud/v2/universes/{}/memory-store:flush", self.id),
            idempotent=False,
            parse=started,
        )
        return result


class SortedMap:
    """A memory store sorted map of an experience.

    Get one with ``Experience.get_sorted_map(name)``. Items are kept in order
    of their sort key (numeric sort keys first, then string sort keys, then
    items without one), ties broken by key. Every item expires: its lifetime is
    given on each write.

    Attributes:
        name: The sorted map's name.
        experience: The experience the sorted map belongs to.
    """

    def __init__(self, name: str, experience: ExperienceResource) -> None:
        self.name = shared.check_structure_name(name, "sorted map name")
        self.experience = experience
        self._items = paths.api_path(
            "/cloud/v2/universes/{}/memory-store/sorted-maps/{}/items", experience.id, self.name
        )

    def __repr__(self) -> str:
        return reprs.model_repr(self, name=self.name)

    def _item(self, key: str) -> str:
        return paths.api_path(
            "/cloud/v2/universes/{}/memory-store/sorted-maps/{}/items/{}", self.experience.id, self.name, key
        )

    async def _read(self, key: str) -> SortedMapEntry:
        return await self.experience._client.request_json(
            "GET", self._item(key), parse=shared.SortedMapEntry.from_wire
        )

    def list_keys(
        self,
        descending: bool = False,
        limit: int | None = None,
        lower_bound_key: str | int | None = None,
        upper_bound_key: str | int | None = None,
        lower_bound_sort_key: str | int | float | None = None,
        upper_bound_sort_key: str | int | float | None = None,
    ) -> AsyncPaginator[SortedMapEntry]:
        """Iterate the items of the sorted map in sort order.

        All bounds are exclusive and may be combined; each one is a separate
        condition (an item must satisfy all of them).

        Args:
            descending: Iterate from the last item to the first.
            limit: Stop after this many items (``None``: all of them).
            lower_bound_key: Only items whose key is greater than this.
            upper_bound_key: Only items whose key is less than this.
            lower_bound_sort_key: Only items whose sort key comes after this one
                (numbers come before strings; items without a sort key come last).
            upper_bound_sort_key: Only items whose sort key comes before this one.

        Returns:
            A lazy iterator of `SortedMapEntry` (``for`` / ``async for``).

        Raises:
            TypeError: A bound has the wrong type.
            ValueError: A lower bound is above its upper bound, or a number is not finite.
        """
        checks.check_bool(descending, "descending")
        clauses: list[str] = []
        low_key = shared.bound_key(lower_bound_key, "lower_bound_key")
        high_key = shared.bound_key(upper_bound_key, "upper_bound_key")
        if low_key is not None and high_key is not None and low_key > high_key:
            raise ValueError("lower_bound_key must not be greater than upper_bound_key")
        low_sort = shared.bound_sort_key(lower_bound_sort_key, "lower_bound_sort_key")
        high_sort = shared.bound_sort_key(upper_bound_sort_key, "upper_bound_sort_key")
        if (
            low_sort is not None
            and high_sort is not None
            and shared.sort_rank(low_sort) > shared.sort_rank(high_sort)
        ):
            raise ValueError("lower_bound_sort_key must not come after upper_bound_sort_key")
        if low_key is not None:
            clauses.append(f"id > {shared.cel_literal(low_key)}")
        if high_key is not None:
            clauses.append(f"id < {shared.cel_literal(high_key)}")
        if low_sort is not None:
            clauses.append(f"sortKey > {shared.cel_literal(low_sort)}")
        if high_sort is not None:
            clauses.append(f"sortKey < {shared.cel_literal(high_sort)}")
        return paginate(
            self.experience._client,
            self._items,
            style=page_style.V2_TOKEN(shared.MAX_PAGE),
            items_field="items",
            parse=shared.SortedMapEntry.from_wire,
            params={
                "orderBy": "id desc" if descending else None,
                "filter": " && ".join(clauses) or None,
            },
            limit=checks.check_limit(limit),
        )

    async def get_key(self, key: str) -> SortedMapEntry:
        """Get an item of the sorted map.

        Args:
            key: The item's key.

        Returns:
            The item.

        Raises:
            NotFound: The key does not exist (or has expired).
        """
        return await self._read(shared.check_key(key))

    async def set_key(
        self,
        key: str,
        value: JSONValue,
        expiration_seconds: int,
        sort_key: int | float | str | None = None,
        exclusive_create: bool = False,
        exclusive_update: bool = False,
    ) -> SortedMapEntry:
        """Create or replace an item of the sorted map.

        The value, sort key and lifetime are all replaced: setting an item
        without ``sort_key`` removes the sort key it had.

        Args:
            key: The item's key (1-128 characters; 1-127 with ``exclusive_create``).
            value: Any JSON value except ``None``, at most 32 KB once serialised.
            expiration_seconds: How long the item lives, 1 to 3,888,000 seconds (45 days).
            sort_key: An optional number or string (at most 128 characters) to sort by.
            exclusive_create: Only create: fail if the key already exists.
            exclusive_update: Only update: fail if the key does not exist.

        Returns:
            The item as stored, with its new etag and expiry time.

        Raises:
            PreconditionFailed: ``exclusive_create`` and the key exists (its
                current value is in ``value`` when it could be read), or
                ``exclusive_update`` and the key does not exist.
            ValueError: Both exclusive flags, or an argument out of range.
            TypeError: An argument has the wrong type.
        """
        checks.check_bool(exclusive_create, "exclusive_create")
        checks.check_bool(exclusive_update, "exclusive_update")
        key = shared.check_key(key, shared.MAX_CREATE_KEY if exclusive_create else shared.MAX_KEY)
        if exclusive_create and exclusive_update:
            raise ValueError("exclusive_create and exclusive_update are mutually exclusive")
        body: dict[str, Any] = {
            "value": shared.check_value(value),
            "ttl": shared.check_ttl(expiration_seconds),
        }
        sort = shared.check_sort_key(sort_key)
        if isinstance(sort, str):
            body["stringSortKey"] = sort
        elif sort is not None:
            body["numericSortKey"] = sort
        client = self.experience._client

        def parse(entry: Any) -> SortedMapEntry:
            return shared.SortedMapEntry.from_wire({"id": key, **fields.as_object(entry)})

        if exclusive_create:
            try:
                # Not retried: a repeat of a create that did land would fail as "exists".
                result: SortedMapEntry = await client.request_json(
                    "POST", self._items, params={"id": key}, json=body, idempotent=False, parse=parse
                )
                return result
            except exceptions.HttpException as exc:
                if exc.status_code in (400, 409):
                    await self._raise_if_exists(key, exc)
                raise
        else:
            try:
                # Writing the same value twice leaves the same item: safe to retry.
                result = await client.request_json(
                    "PATCH",
                    self._item(key),
                    params={"allowMissing": not exclusive_update},
                    json=body,
                    idempotent=True,
                    parse=parse,
                )
                return result
            except exceptions.NotFound as exc:
                if exclusive_update:
                    raise exceptions.PreconditionFailed(None, None, exc.status_code, exc.body) from exc
                raise

    async def _raise_if_exists(self, key: str, cause: exceptions.HttpException) -> None:
        """Turn a rejected create into `PreconditionFailed` when the key exists."""
        try:
            current = await self._read(key)
        except exceptions.NotFound:
            if cause.status_code == 409:  # the service said it exists; it expired since
                raise exceptions.PreconditionFailed(None, None, cause.status_code, cause.body) from cause
            return
        raise exceptions.PreconditionFailed(current.value, None, cause.status_code, cause.body) from cause

    async def remove_key(self, key: str, etag: str | None = None) -> None:
        """Remove an item from the sorted map.

        Args:
            key: The item's key.
            etag: Only remove the item if its current etag is this one (from
                `SortedMapEntry.etag`). The delete call of the API takes no
                etag, so the SDK reads the item first and compares: this guards
                against stale removals but is not atomic (a write landing
                between the read and the delete is removed too).

        Raises:
            NotFound: The key does not exist (or has expired).
            PreconditionFailed: ``etag`` was given and the item has another one
                (its current value is in ``value``).
        """
        key = shared.check_key(key)
        if etag is not None:
            etag = checks.check_name(etag, "etag", max_length=1024)
            current = await self._read(key)
            if current.etag != etag:
                raise exceptions.PreconditionFailed(
                    current.value, None, body=f"the item's etag is {current.etag!r}, not {etag!r}"
                )
        await self.experience._client.request("DELETE", self._item(key))


class MemoryStoreQueue:
    """A memory store queue of an experience.

    Get one with ``Experience.get_memory_store_queue(name)``. Items leave in
    priority order (highest first; equal priorities first in, first out).
    Reading an item hides it for an invisibility window rather than removing
    it: remove read items with `remove_items` once processed, or they become
    readable again when the window ends.

    Attributes:
        name: The queue's name.
        experience: The experience the queue belongs to.
    """

    def __init__(self, name: str, experience: ExperienceResource) -> None:
        self.name = shared.check_structure_name(name, "queue name")
        self.experience = experience
        self._items = paths.api_path(
            "/cloud/v2/universes/{}/memory-store/queues/{}/items", experience.id, self.name
        )

    def __repr__(self) -> str:
        return reprs.model_repr(self, name=self.name)

    async def add_item(self, value: JSONValue, expiration_seconds: int = 30, priority: float = 0) -> None:
        """Add an item to the queue.

        Never retried after a server error or timeout (a repeat could enqueue
        the item twice): on `ServerError` or `RequestTimeout` the item may or
        may not have been added.

        Args:
            value: Any JSON value except ``None``, at most 32 KB once serialised.
            expiration_seconds: How long the item stays in the queue, 1 to
                3,888,000 seconds (45 days).
            priority: Items with a higher priority are read first.

        Raises:
            ValueError: An argument out of range.
            TypeError: An argument has the wrong type.
        """
        body = {
            "data": shared.check_value(value),
            "priority": checks.check_finite(priority, "priority"),
            "ttl": shared.check_ttl(expiration_seconds),
        }
        await self.experience._client.request_json("POST", self._items, json=body, idempotent=False)

    async def read_items(
        self, count: int = 1, all_or_nothing: bool = False, invisibility_seconds: int = 30
    ) -> tuple[list[JSONValue], str | None]:
        """Read items from the front of the queue, hiding them for a while.

        The items stay in the queue, invisible to other reads for
        ``invisibility_seconds``; pass the returned read ID to `remove_items`
        once they are processed. A read that fails with a server error or a
        timeout is retried: if the lost attempt did read items, those stay
        hidden until their window ends and are then readable again (nothing is
        lost, they are only delayed).

        Args:
            count: How many items to read, 1 to 200.
            all_or_nothing: Read nothing unless ``count`` items are available.
            invisibility_seconds: How long read items stay hidden, 1 to
                315,576,000,000 seconds (the longest protobuf Duration).

        Returns:
            ``(values, read_id)``; ``([], None)`` when nothing was read
            (including when ``all_or_nothing`` found fewer than ``count`` items).

        Raises:
            ValueError: An argument out of range.
            TypeError: An argument has the wrong type.
        """
        count = checks.check_int(count, "count", minimum=1, maximum=shared.MAX_READ_COUNT)
        checks.check_bool(all_or_nothing, "all_or_nothing")
        window = checks.check_int(
            invisibility_seconds, "invisibility_seconds", minimum=1, maximum=shared.MAX_INVISIBILITY_SECONDS
        )
        params = {
            "count": count,
            "allOrNothing": all_or_nothing,
            "invisibilityWindow": f"{window}s",
        }
        try:
            result: tuple[list[JSONValue], str | None] = await self.experience._client.request_json(
                "GET", self._items + ":read", params=params, idempotent=True, parse=shared.queue_read_result
            )
            return result
        except exceptions.NotFound:
            # The API answers 404 when all_or_nothing cannot be satisfied.
            if all_or_nothing:
                return [], None
            raise

    async def remove_items(self, read_id: str) -> None:
        """Permanently remove the items of an earlier read from the queue.

        Args:
            read_id: The read ID returned by `read_items`.

        Raises:
            NotFound: The read ID is unknown, or its invisibility window has
                ended (its items may have been read again by someone else).
        """
        read_id = checks.check_name(read_id, "read_id", max_length=1024)
        # The same read ID always names the same items: repeating is harmless.
        await self.experience._client.request(
            "POST", self._items + ":discard", json={"readId": read_id}, idempotent=True
        )
