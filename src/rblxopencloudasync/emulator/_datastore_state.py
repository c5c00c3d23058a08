"""The data store area's in-memory model: universes with their standard and ordered data stores.

Nothing here knows about HTTP. Callers hold the emulator's lock
(``Context.lock``) while they read or change the model.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ._time import as_utc, dotnet_ticks

DATA_STORE_RETENTION = timedelta(days=30)
_ONE_TICK = timedelta(microseconds=1)


@dataclass(slots=True)
class Revision:
    """One committed version of a data store entry."""

    revision_id: str
    create_time: datetime
    entry_create_time: datetime
    deleted: bool
    value: Any
    users: list[str]
    attributes: dict[str, Any]

    @property
    def etag(self) -> str:
        """A checksum identifying this revision, sent back for optimistic writes."""
        return hashlib.blake2b(self.revision_id.encode(), digest_size=8).hexdigest()


@dataclass(slots=True)
class Entry:
    """A data store key with its full revision history (oldest first)."""

    key: str
    revisions: list[Revision] = field(default_factory=list)

    @property
    def latest(self) -> Revision:
        """The current revision."""
        return self.revisions[-1]

    @property
    def deleted(self) -> bool:
        """Whether the entry is currently soft-deleted."""
        return self.revisions[-1].deleted

    def revision(self, revision_id: str) -> Revision | None:
        """The revision with this id, if any."""
        for revision in reversed(self.revisions):
            if revision.revision_id == revision_id:
                return revision
        return None

    def current_at(self, moment: datetime) -> Revision | None:
        """The revision that was current at ``moment``, if any."""
        index = bisect.bisect_right(self.revisions, moment, key=lambda rev: rev.create_time)
        return self.revisions[index - 1] if index else None


@dataclass(slots=True)
class Scope:
    """The entries of one data store scope, with their keys kept sorted."""

    entries: dict[str, Entry] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DataStore:
    """A standard data store; ``expire_time`` is set while it is deleted."""

    name: str
    create_time: datetime
    scopes: dict[str, Scope] = field(default_factory=dict)
    scope_names: list[str] = field(default_factory=list)
    expire_time: datetime | None = None

    @property
    def deleted(self) -> bool:
        """Whether the data store is scheduled for permanent deletion."""
        return self.expire_time is not None

    def scope(self, name: str) -> Scope:
        """The named scope, created empty when new."""
        scope = self.scopes.get(name)
        if scope is None:
            scope = self.scopes[name] = Scope()
            bisect.insort(self.scope_names, name)
        return scope


@dataclass(slots=True)
class OrderedScope:
    """One scope of an ordered data store.

    Both orders are kept as sorted lists so that listing a page is a bisect
    plus a slice, and ties sort by key in either direction.
    """

    values: dict[str, int] = field(default_factory=dict)
    ascending: list[tuple[int, str]] = field(default_factory=list)
    descending: list[tuple[int, str]] = field(default_factory=list)

    def set(self, key: str, value: int) -> None:
        """Insert or replace ``key``."""
        self.remove(key)
        self.values[key] = value
        bisect.insort(self.ascending, (value, key))
        bisect.insort(self.descending, (-value, key))

    def remove(self, key: str) -> bool:
        """Remove ``key``; ``False`` when it was not there."""
        old = self.values.pop(key, None)
        if old is None:
            return False
        del self.ascending[bisect.bisect_left(self.ascending, (old, key))]
        del self.descending[bisect.bisect_left(self.descending, (-old, key))]
        return True


@dataclass(slots=True)
class Universe:
    """The data stores of one universe (experience)."""

    universe_id: int
    data_stores: dict[str, DataStore] = field(default_factory=dict)
    store_names: list[str] = field(default_factory=list)
    ordered: dict[str, dict[str, OrderedScope]] = field(default_factory=dict)
    last_snapshot: datetime | None = None

    def ordered_scope(self, store: str, scope: str, *, create: bool) -> OrderedScope | None:
        """The ordered data store scope, optionally created when new."""
        scopes = self.ordered.get(store)
        if scopes is None:
            if not create:
                return None
            scopes = self.ordered[store] = {}
        found = scopes.get(scope)
        if found is None and create:
            found = scopes[scope] = OrderedScope()
        return found


class DataStoreModel:
    """The data stores of every universe, and the clock that dates their revisions.

    ``now`` returns the current time in UTC (the emulator's ``Context.now``).
    """

    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self.universes: dict[int, Universe] = {}
        self._last_revision_time = datetime.min.replace(tzinfo=timezone.utc)

    def clear(self) -> None:
        """Forget every universe."""
        self.universes.clear()
        self._last_revision_time = datetime.min.replace(tzinfo=timezone.utc)

    def universe(self, universe_id: int) -> Universe:
        """The universe with this id, created on first use."""
        found = self.universes.get(universe_id)
        if found is None:
            found = self.universes[universe_id] = Universe(universe_id)
        return found

    def data_store(self, universe: Universe, name: str, *, create: bool = False) -> DataStore | None:
        """The named data store, if it exists (or ``create`` is set).

        A deleted store whose expiry has passed is purged here, lazily.
        """
        store = universe.data_stores.get(name)
        if store is not None and store.expire_time is not None and self.now() >= store.expire_time:
            self.purge_data_store(universe, name)
            store = None
        if store is None and create:
            store = universe.data_stores[name] = DataStore(name, self.now())
            bisect.insort(universe.store_names, name)
        return store

    def purge_data_store(self, universe: Universe, name: str) -> None:
        """Remove a data store and its entries for good."""
        del universe.data_stores[name]
        del universe.store_names[bisect.bisect_left(universe.store_names, name)]

    def _revision_time(self, at: datetime | None) -> datetime:
        """The time for a new revision; ``at`` must be UTC-aware."""
        # Revision times must be strictly increasing, even when the clock is
        # frozen (tests) or two writes land in the same microsecond.
        moment = at if at is not None else self.now()
        if moment <= self._last_revision_time:
            moment = self._last_revision_time + _ONE_TICK
        self._last_revision_time = moment
        return moment

    def commit(
        self,
        store: DataStore,
        scope_name: str,
        key: str,
        *,
        value: Any,
        users: list[str],
        attributes: dict[str, Any],
        deleted: bool = False,
        at: datetime | None = None,
    ) -> Entry:
        """Append a revision to ``key`` (creating the entry when new)."""
        scope = store.scope(scope_name)
        entry = scope.entries.get(key)
        if entry is None:
            entry = scope.entries[key] = Entry(key)
            bisect.insort(scope.keys, key)
        self._append_revision(entry, value, users, attributes, deleted, as_utc(at) if at else None)
        return entry

    def commit_many(self, store: DataStore, scope_name: str, items: Iterable[tuple[str, Any]]) -> int:
        """Write many keys at once (one revision each); returns how many."""
        scope = store.scope(scope_name)
        entries = scope.entries
        # New keys all share one revision time and id: ids only need to be
        # unique per key, and this keeps a 100k-key load well under a second.
        moment = self._revision_time(None)
        ticks = dotnet_ticks(moment)
        first_id = f"{ticks:016X}.{1:010d}.{ticks:016X}.01"
        new_keys: list[str] = []
        count = 0
        for key, value in items:
            entry = entries.get(key)
            if entry is None:
                entries[key] = Entry(key, [Revision(first_id, moment, moment, False, value, [], {})])
                new_keys.append(key)
            else:
                self._append_revision(entry, value, [], {}, False, None)
            count += 1
        if new_keys:
            # One sort of the merged list beats one insort per key for bulk loads.
            scope.keys.extend(new_keys)
            scope.keys.sort()
        return count

    def _append_revision(
        self,
        entry: Entry,
        value: Any,
        users: list[str],
        attributes: dict[str, Any],
        deleted: bool,
        at: datetime | None,
    ) -> None:
        moment = self._revision_time(at)
        ticks = dotnet_ticks(moment)
        revisions = entry.revisions
        if not revisions:
            created, first_ticks = moment, ticks
        else:
            previous = revisions[-1]
            created = moment if previous.deleted and not deleted else previous.entry_create_time
            first_ticks = dotnet_ticks(revisions[0].create_time)
        # Shaped like Roblox's ids: <first-write ticks>.<counter>.<this-write ticks>.01
        revision_id = f"{first_ticks:016X}.{len(revisions) + 1:010d}.{ticks:016X}.01"
        revisions.append(Revision(revision_id, moment, created, deleted, value, users, attributes))
