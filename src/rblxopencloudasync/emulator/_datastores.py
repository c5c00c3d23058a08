"""The data store area: standard and ordered data stores, and snapshots.

Its data lives in a `DataStoreModel` (``_datastore_state.py``), which the area
owns; `DataStoreArea.add_entries` and `DataStoreArea.get_entry_value` set it up
and read it for tests without going through HTTP.
"""

from __future__ import annotations

import bisect
import copy
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from ._area import Area, Context, Request, Route, check_fields, parse_bool, parse_universe_id
from ._datastore_state import (
    DATA_STORE_RETENTION,
    DataStore,
    DataStoreModel,
    Entry,
    OrderedScope,
    Revision,
    Universe,
)
from ._errors import ApiError, invalid, not_found
from ._paging import encode_token, page_size, parse_id_prefix, parse_revision_filter, parse_value_filter, take
from ._time import UNIX_EPOCH, format_time, parse_time

_MAX_NAME = 50
_MAX_ORDERED_ID = 63
_MAX_VALUE_CHARS = 4_194_304
_MAX_ATTRIBUTES_CHARS = 300
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_LATEST_LEEWAY = timedelta(minutes=10)
_USER_PATH = re.compile(r"users/[0-9]+")
_UNIVERSE_ID = re.compile(r"[0-9]{1,19}")

# Fields a client may send back in a DataStoreEntry body: output-only fields
# are tolerated (a round-tripped entry), anything else is an SDK bug.
_ENTRY_FIELDS = frozenset(
    {
        "path",
        "id",
        "value",
        "etag",
        "revisionId",
        "revisionCreateTime",
        "createTime",
        "state",
        "users",
        "attributes",
    }
)
_INCREMENT_FIELDS = frozenset({"amount", "users", "attributes"})
_ORDERED_FIELDS = frozenset({"path", "id", "value"})
_LIST_PARAMS = frozenset({"maxPageSize", "pageToken", "filter", "showDeleted"})

# The demo universe's entries: (hours before "now", data store, scope, key,
# value, users, attributes), oldest first so that revision times come out in
# the same order as the history reads.
_DEMO_HISTORY: list[tuple[int, str, str, str, Any, list[str], dict[str, Any]]] = [
    (
        72,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 0, "level": 1},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (71, "Coins", "global", "user_287113233", 40, ["users/287113233"], {}),
    (70, "PlayerData", "global", "user_1", {"xp": 10, "level": 1}, ["users/1"], {}),
    (
        48,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 420, "level": 3},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (47, "PlayerData", "global", "user_156", {"xp": 9001, "level": 30}, ["users/156"], {"source": "demo"}),
    (46, "Settings", "config", "motd", "Welcome!", [], {}),
    (45, "Settings", "config", "maxPlayers", 20, [], {}),
    (30, "Coins", "global", "user_1", 50, ["users/1"], {}),
    (29, "Coins", "global", "user_156", 2500, ["users/156"], {}),
    (28, "PlayerData", "global", "user_2207291", {"xp": 250, "level": 2}, ["users/2207291"], {}),
    (27, "Coins", "global", "user_2207291", 0, ["users/2207291"], {}),
    (26, "PlayerData", "global", "user_1", {"xp": 50, "level": 1}, ["users/1"], {}),
    (
        24,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 1337, "level": 7},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (23, "Coins", "global", "user_287113233", 100, ["users/287113233"], {}),
    (22, "Settings", "config", "features", {"trading": True, "pvp": False}, [], {}),
    (2, "Settings", "config", "motd", "Welcome to the Open Cloud emulator!", [], {}),
]

_DEMO_LEADERBOARD: dict[str, int] = {
    "user_287113233": 1337,
    "user_1": 50,
    "user_156": 9001,
    "user_2207291": 250,
    "user_261": 777,
    "user_1000": 4200,
    "user_2000": 1500,
    "user_3000": 3100,
    "user_4000": 50,
    "user_5000": 6400,
}


class DataStoreArea(Area):
    """Cloud v2 data stores, ordered data stores and snapshots."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._state = DataStoreModel(context.now)

    def clear(self) -> None:
        """Forget every data store of every universe."""
        self._state.clear()

    def seed(self, universe_id: int) -> None:
        """A few data stores, including entries with history, and an ordered leaderboard."""
        now = self._context.now()
        universe = self._state.universe(universe_id)
        for hours, store_name, scope, key, value, users, attributes in _DEMO_HISTORY:
            store = self._state.data_store(universe, store_name, create=True)
            assert store is not None
            store.create_time = min(store.create_time, now - timedelta(days=7))
            moment = now - timedelta(hours=hours)
            self._state.commit(
                store,
                scope,
                key,
                value=copy.deepcopy(value),
                users=list(users),
                attributes=dict(attributes),
                at=moment,
            )
        leaderboard = universe.ordered_scope("Leaderboard", "global", create=True)
        assert leaderboard is not None
        for key, score in _DEMO_LEADERBOARD.items():
            leaderboard.set(key, score)

    # -- helpers for tests -----------------------------------------------------

    def add_entries(
        self,
        universe_id: int,
        data_store: str,
        items: Iterable[tuple[str, Any]],
        scope: str = "global",
    ) -> int:
        """Write many standard data store entries at once; returns how many.

        Each key gets one new revision; the data store is created when new.
        Values must be JSON-serialisable (they are stored as copies).
        """
        copies = ((key, _json_copy(value)) for key, value in items)
        with self._context.lock:
            universe = self._state.universe(universe_id)
            store = self._state.data_store(universe, data_store, create=True)
            assert store is not None
            if store.deleted:
                raise ValueError(f"data store {data_store!r} is deleted")
            return self._state.commit_many(store, scope, copies)

    def get_entry_value(self, universe_id: int, data_store: str, key: str, scope: str = "global") -> Any:
        """A copy of an entry's current value; ``KeyError`` if missing or deleted."""
        with self._context.lock:
            universe = self._state.universe(universe_id)
            store = self._state.data_store(universe, data_store)
            found = store.scopes.get(scope) if store is not None else None
            entry = found.entries.get(key) if found is not None else None
            if entry is None or entry.deleted:
                raise KeyError(key)
            return _json_copy(entry.latest.value)

    # -- routing -----------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match segments:
            case ["cloud", "v2", "universes", universe, *rest]:
                return self._universe_route(method, universe, rest)
        return None

    def _universe_route(self, method: str, universe: str, rest: list[str]) -> Route | None:
        # Canonical form for the paths we echo back; handlers reject non-numeric ids.
        u = str(int(universe)) if _UNIVERSE_ID.fullmatch(universe) else universe
        match method, rest:
            case "GET", ["data-stores"]:
                return Route(lambda r: self.list_data_stores(r, u), _LIST_PARAMS)
            case "POST", ["data-stores", ":snapshot"]:
                return Route(lambda r: self.snapshot(r, u), needs_body=True)
            case "POST", ["data-stores", name, ":undelete"]:
                return Route(lambda r: self.undelete_data_store(r, u, name), needs_body=True)
            case "DELETE", ["data-stores", name]:
                return Route(lambda r: self.delete_data_store(r, u, name))
            case _, ["data-stores", name, "entries", *tail]:
                return self._entry_route(method, u, name, "global", tail)
            case _, ["data-stores", name, "scopes", scope, "entries", *tail]:
                return self._entry_route(method, u, name, scope, tail)
            case _, ["ordered-data-stores", name, "scopes", scope, "entries", *tail]:
                return self._ordered_route(method, u, name, scope, tail)
        return None

    def _entry_route(self, method: str, u: str, ds: str, scope: str, tail: list[str]) -> Route | None:
        match method, tail:
            case "GET", []:
                return Route(lambda r: self.list_entries(r, u, ds, scope), _LIST_PARAMS)
            case "POST", []:
                return Route(lambda r: self.create_entry(r, u, ds, scope), frozenset({"id"}), True)
            case "GET", [key, ":listRevisions"]:
                params = frozenset({"maxPageSize", "pageToken", "filter"})
                return Route(lambda r: self.list_revisions(r, u, ds, scope, key), params)
            case "GET", [entry]:
                return Route(lambda r: self.get_entry(r, u, ds, scope, entry))
            case "PATCH", [entry]:
                return Route(
                    lambda r: self.update_entry(r, u, ds, scope, entry), frozenset({"allowMissing"}), True
                )
            case "DELETE", [entry]:
                return Route(lambda r: self.delete_entry(r, u, ds, scope, entry))
            case "POST", [key, ":increment"]:
                return Route(lambda r: self.increment_entry(r, u, ds, scope, key), needs_body=True)
        return None

    def _ordered_route(self, method: str, u: str, ods: str, scope: str, tail: list[str]) -> Route | None:
        match method, tail:
            case "GET", []:
                params = frozenset({"maxPageSize", "pageToken", "orderBy", "filter"})
                return Route(lambda r: self.list_ordered(r, u, ods, scope), params)
            case "POST", []:
                return Route(lambda r: self.create_ordered(r, u, ods, scope), frozenset({"id"}), True)
            case "GET", [entry]:
                return Route(lambda r: self.get_ordered(r, u, ods, scope, entry))
            case "PATCH", [entry]:
                return Route(
                    lambda r: self.update_ordered(r, u, ods, scope, entry), frozenset({"allowMissing"}), True
                )
            case "DELETE", [entry]:
                return Route(lambda r: self.delete_ordered(r, u, ods, scope, entry))
            case "POST", [key, ":increment"]:
                return Route(lambda r: self.increment_ordered(r, u, ods, scope, key), needs_body=True)
        return None

    # -- shared lookups ----------------------------------------------------

    def universe(self, raw: str) -> Universe:
        """The universe with this id from a path, or a 400 for a malformed id."""
        return self._state.universe(parse_universe_id(raw))

    def _readable_store(self, universe: Universe, name: str) -> DataStore | None:
        store = self._state.data_store(universe, name)
        if store is not None and store.deleted:
            raise not_found(f"The data store '{name}' is deleted.")
        return store

    def _writable_store(self, universe: Universe, name: str, scope: str) -> DataStore:
        _check_name("data store name", name)
        _check_name("scope", scope)
        store = self._state.data_store(universe, name, create=True)
        assert store is not None
        if store.deleted:
            raise not_found(f"The data store '{name}' is deleted.")
        return store

    def _find_entry(self, universe: Universe, ds: str, scope: str, key: str) -> Entry | None:
        _check_not_wildcard(scope)
        store = self._readable_store(universe, ds)
        if store is None:
            return None
        found = store.scopes.get(scope)
        return found.entries.get(key) if found is not None else None

    # -- data stores ---------------------------------------------------------

    def list_data_stores(self, request: Request, u: str) -> Any:
        """``GET /cloud/v2/universes/{u}/data-stores``."""
        universe = self.universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        prefix = parse_id_prefix(request.params.get("filter"))
        show_deleted = parse_bool(request.params, "showDeleted")
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, str):
            raise invalid("Invalid page token.")
        now = self._context.now()

        def candidates() -> Iterator[DataStore]:
            names = universe.store_names
            index = (
                bisect.bisect_right(names, cursor)
                if cursor is not None
                else bisect.bisect_left(names, prefix)
            )
            while index < len(names) and names[index].startswith(prefix):
                store = universe.data_stores[names[index]]
                index += 1
                if store.expire_time is not None and (not show_deleted or now >= store.expire_time):
                    continue
                yield store

        stores, more = take(candidates(), size)
        result: dict[str, Any] = {"dataStores": [_data_store_json(u, store) for store in stores]}
        if more:
            result["nextPageToken"] = encode_token(stores[-1].name, query_hash)
        return result

    def delete_data_store(self, request: Request, u: str, name: str) -> Any:
        """``DELETE /cloud/v2/universes/{u}/data-stores/{ds}``."""
        store = self._state.data_store(self.universe(u), name)
        if store is None:
            raise not_found(f"Data store '{name}' not found.")
        if store.expire_time is None:
            store.expire_time = self._context.now() + DATA_STORE_RETENTION
        return _data_store_json(u, store)

    def undelete_data_store(self, request: Request, u: str, name: str) -> Any:
        """``POST /cloud/v2/universes/{u}/data-stores/{ds}:undelete``."""
        check_fields(request.payload, frozenset())
        store = self._state.data_store(self.universe(u), name)
        if store is None:
            raise not_found(f"Data store '{name}' not found.")
        store.expire_time = None
        return _data_store_json(u, store)

    def snapshot(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}/data-stores:snapshot``; one per UTC day."""
        check_fields(request.payload, frozenset())
        universe = self.universe(u)
        now = self._context.now()
        last = universe.last_snapshot
        taken = last is None or last.date() != now.date()
        if taken:
            universe.last_snapshot = last = now
        assert last is not None
        return {"newSnapshotTaken": taken, "latestSnapshotTime": format_time(last)}

    # -- standard entries ------------------------------------------------------

    def list_entries(self, request: Request, u: str, ds: str, scope: str) -> Any:
        """``GET .../data-stores/{ds}[/scopes/{scope}]/entries``; scope ``-`` lists all scopes."""
        universe = self.universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=256)
        prefix = parse_id_prefix(request.params.get("filter"))
        show_deleted = parse_bool(request.params, "showDeleted")
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not _is_pair(cursor, str, str):
            raise invalid("Invalid page token.")
        store = self._readable_store(universe, ds)
        if store is None:
            return {"dataStoreEntries": []}
        scope_names = store.scope_names if scope == "-" else [scope] if scope in store.scopes else []

        def candidates() -> Iterator[tuple[str, str]]:
            for scope_name in scope_names:
                if cursor is not None and scope_name < cursor[0]:
                    continue
                found = store.scopes[scope_name]
                keys = found.keys
                if cursor is not None and scope_name == cursor[0]:
                    index = bisect.bisect_right(keys, cursor[1])
                else:
                    index = bisect.bisect_left(keys, prefix)
                while index < len(keys) and keys[index].startswith(prefix):
                    key = keys[index]
                    index += 1
                    if show_deleted or not found.entries[key].deleted:
                        yield scope_name, key

        rows, more = take(candidates(), size)
        result: dict[str, Any] = {
            "dataStoreEntries": [{"path": _entry_path(u, ds, s, key), "id": key} for s, key in rows]
        }
        if more:
            result["nextPageToken"] = encode_token(list(rows[-1]), query_hash)
        return result

    def create_entry(self, request: Request, u: str, ds: str, scope: str) -> Any:
        """``POST .../entries?id=<key>``; 400 if an active entry already exists."""
        _check_not_wildcard(scope)
        key = request.params.get("id", "")
        if not 1 <= len(key) <= _MAX_NAME:
            raise invalid("The entry id must be 1-50 characters long.")
        value, users, attributes = _entry_body(request.payload, _ENTRY_FIELDS)
        universe = self.universe(u)
        existing = self._find_entry(universe, ds, scope, key)
        if existing is not None and not existing.deleted:
            raise invalid("Entry already exists.")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(store, scope, key, value=value, users=users, attributes=attributes)
        return _entry_json(u, ds, scope, key, entry.latest)

    def get_entry(self, request: Request, u: str, ds: str, scope: str, raw_id: str) -> Any:
        """``GET .../entries/{entry}[@<revision>|@latest|@latest:<time>]``."""
        # The part after the LAST "@" selects a revision; "@latest" escapes ids containing "@".
        key, selector = raw_id.rsplit("@", 1) if "@" in raw_id else (raw_id, "latest")
        universe = self.universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        if entry is None:
            raise not_found(f"Entry '{key}' not found.")
        revision: Revision | None
        if selector == "latest":
            revision = entry.latest
        elif selector.startswith("latest:"):
            revision = entry.current_at(self._as_of(selector.removeprefix("latest:")))
        else:
            revision = entry.revision(selector)
            if revision is None:
                raise not_found(f"Revision '{selector}' of entry '{key}' not found.")
        if revision is None or revision.deleted:
            raise not_found(f"Entry '{key}' not found.")
        return _entry_json(u, ds, scope, key, revision)

    def _as_of(self, text: str) -> datetime:
        moment = parse_time(text)
        if moment is None:
            raise invalid(f"Invalid timestamp '{text}': expected RFC 3339.")
        if moment <= UNIX_EPOCH:
            raise invalid("The timestamp must be after the Unix epoch.")
        if moment > self._context.now() + _LATEST_LEEWAY:
            raise invalid("The timestamp must not be more than ten minutes in the future.")
        return moment

    def update_entry(self, request: Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``PATCH .../entries/{entry}?allowMissing=``: full replace, optional etag check."""
        allow_missing = parse_bool(request.params, "allowMissing")
        value, users, attributes = _entry_body(request.payload, _ENTRY_FIELDS)
        etag = request.payload.get("etag")
        if etag is not None and not isinstance(etag, str):
            raise invalid("etag must be a string.")
        universe = self.universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        exists = entry is not None and not entry.deleted
        if not exists and not allow_missing:
            raise not_found(f"Entry '{key}' not found.")
        if etag and (not exists or entry is None or entry.latest.etag != etag):
            raise ApiError("ABORTED", "The etag does not match.")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(store, scope, key, value=value, users=users, attributes=attributes)
        return _entry_json(u, ds, scope, key, entry.latest)

    def delete_entry(self, request: Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``DELETE .../entries/{entry}``: soft delete, recorded as a revision."""
        universe = self.universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        if entry is None or entry.deleted:
            raise not_found(f"Entry '{key}' not found.")
        store = self._writable_store(universe, ds, scope)
        self._state.commit(store, scope, key, value=None, users=[], attributes={}, deleted=True)
        return {}

    def increment_entry(self, request: Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``POST .../entries/{entry}:increment``; creates the entry when missing."""
        check_fields(request.payload, _INCREMENT_FIELDS)
        amount = _int64(_integer(request.payload.get("amount"), "amount"))
        users = _users(request.payload.get("users"))
        attributes = _attributes(request.payload.get("attributes"))
        universe = self.universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        current = 0
        if entry is not None and not entry.deleted:
            current = _integer(entry.latest.value, "The current value of the entry")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(
            store, scope, key, value=_int64(current + amount), users=users, attributes=attributes
        )
        return _entry_json(u, ds, scope, key, entry.latest)

    def list_revisions(self, request: Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``GET .../entries/{entry}:listRevisions``, newest first."""
        universe = self.universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        lower, upper = parse_revision_filter(request.params.get("filter"))
        query_hash, cursor = self.page_cursor(request)
        entry = self._find_entry(universe, ds, scope, key)
        if entry is None:
            raise not_found(f"Entry '{key}' not found.")
        revisions = entry.revisions
        if cursor is not None and not (type(cursor) is int and 0 < cursor <= len(revisions)):
            raise invalid("Invalid page token.")

        def candidates() -> Iterator[int]:
            # Revisions are stored oldest first and the cursor is the index of
            # the last one returned, so older pages stay stable under new writes.
            start = cursor - 1 if cursor is not None else len(revisions) - 1
            for index in range(start, -1, -1):
                created = revisions[index].create_time
                if lower is not None and created < lower:
                    return
                if upper is None or created <= upper:
                    yield index

        indexes, more = take(candidates(), size)
        entry_path = _entry_path(u, ds, scope, key)
        result: dict[str, Any] = {
            "dataStoreEntries": [_revision_json(entry_path, key, revisions[i]) for i in indexes]
        }
        if more:
            result["nextPageToken"] = encode_token(indexes[-1], query_hash)
        return result

    # -- ordered data stores ---------------------------------------------------

    def list_ordered(self, request: Request, u: str, ods: str, scope: str) -> Any:
        """``GET .../ordered-data-stores/{ods}/scopes/{scope}/entries``."""
        universe = self.universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        order_by = request.params.get("orderBy", "value")
        if order_by not in ("value", "value desc"):
            raise invalid(f"Invalid orderBy '{order_by}': expected 'value' or 'value desc'.")
        lower, upper = parse_value_filter(request.params.get("filter"))
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not _is_pair(cursor, int, str):
            raise invalid("Invalid page token.")
        found = universe.ordered_scope(ods, scope, create=False)
        if found is None:
            return {"orderedDataStoreEntries": []}
        rows, more = take(_ordered_candidates(found, order_by == "value desc", lower, upper, cursor), size)
        result: dict[str, Any] = {
            "orderedDataStoreEntries": [_ordered_json(u, ods, scope, key, value) for value, key in rows]
        }
        if more:
            result["nextPageToken"] = encode_token(list(rows[-1]), query_hash)
        return result

    def create_ordered(self, request: Request, u: str, ods: str, scope: str) -> Any:
        """``POST .../ordered-data-stores/.../entries?id=<key>``."""
        key = request.params.get("id", "")
        if not 1 <= len(key) <= _MAX_ORDERED_ID:
            raise invalid("The entry id must be 1-63 characters long.")
        value = _ordered_value(request.payload)
        found = self._ordered_for_write(u, ods, scope)
        if key in found.values:
            raise invalid("Entry already exists.")
        found.set(key, value)
        return _ordered_json(u, ods, scope, key, value)

    def get_ordered(self, request: Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``GET .../ordered-data-stores/.../entries/{entry}``."""
        found = self.universe(u).ordered_scope(ods, scope, create=False)
        if found is None or key not in found.values:
            raise not_found(f"Entry '{key}' not found.")
        return _ordered_json(u, ods, scope, key, found.values[key])

    def update_ordered(self, request: Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``PATCH .../ordered-data-stores/.../entries/{entry}?allowMissing=``."""
        allow_missing = parse_bool(request.params, "allowMissing")
        value = _ordered_value(request.payload)
        existing = self.universe(u).ordered_scope(ods, scope, create=False)
        if not allow_missing and (existing is None or key not in existing.values):
            raise not_found(f"Entry '{key}' not found.")
        self._ordered_for_write(u, ods, scope).set(key, value)
        return _ordered_json(u, ods, scope, key, value)

    def delete_ordered(self, request: Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``DELETE .../ordered-data-stores/.../entries/{entry}``."""
        found = self.universe(u).ordered_scope(ods, scope, create=False)
        if found is None or not found.remove(key):
            raise not_found(f"Entry '{key}' not found.")
        return {}

    def increment_ordered(self, request: Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``POST .../ordered-data-stores/.../entries/{entry}:increment``; creates when missing."""
        check_fields(request.payload, frozenset({"amount"}))
        amount = _integer(request.payload.get("amount"), "amount")
        found = self._ordered_for_write(u, ods, scope)
        value = _int64(found.values.get(key, 0) + amount)
        found.set(key, value)
        return _ordered_json(u, ods, scope, key, value)

    def _ordered_for_write(self, u: str, ods: str, scope: str) -> OrderedScope:
        _check_name("ordered data store name", ods)
        _check_name("scope", scope)
        found = self.universe(u).ordered_scope(ods, scope, create=True)
        assert found is not None
        return found


# -- helpers -------------------------------------------------------------------


def _json_copy(value: Any) -> Any:
    """A deep copy of a JSON value, so callers can't change stored data afterwards.

    Unserialisable values fail here rather than in a later response.
    """
    kind = type(value)
    # Exact-type checks first: this runs once per value in bulk loads.
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        copied: dict[str, Any] = {}
        for name, item in value.items():
            if type(name) is not str:
                raise TypeError(f"JSON object keys must be strings, not {type(name).__name__}")
            copied[name] = _json_copy(item)
        return copied
    if kind is list or isinstance(value, (list, tuple)):
        return [_json_copy(item) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("NaN and infinite floats are not valid JSON")
        return float(value)
    if isinstance(value, (str, int)):
        return value
    raise TypeError(f"{kind.__name__} is not JSON-serialisable")


def _is_pair(value: Any, first: type, second: type) -> bool:
    return (
        isinstance(value, list) and len(value) == 2 and type(value[0]) is first and type(value[1]) is second
    )


def _check_name(what: str, name: str) -> None:
    if not 1 <= len(name) <= _MAX_NAME:
        raise invalid(f"The {what} must be 1-50 characters long.")


def _check_not_wildcard(scope: str) -> None:
    if scope == "-":
        raise invalid("The wildcard scope '-' is only supported when listing entries.")


def _integer(value: Any, what: str) -> int:
    """``value`` as an int; JSON numbers like ``5.0`` count, booleans do not."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise invalid(f"{what} must be an integer.")


def _int64(value: int) -> int:
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise invalid("The value is out of the 64-bit integer range.")
    return value


def _users(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(u, str) and _USER_PATH.fullmatch(u) for u in value):
        raise invalid("users must be a list of user paths like 'users/123'.")
    return list(value)


def _attributes(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid("attributes must be a JSON object.")
    for name, item in value.items():
        if len(name) > 50 or len(json.dumps(item)) > 250:
            raise invalid("Attribute keys are limited to 50 characters and values to 250.")
    if len(json.dumps(value, separators=(",", ":"))) > _MAX_ATTRIBUTES_CHARS:
        raise invalid("Attributes are limited to 300 characters in total.")
    return dict(value)


def _entry_body(payload: Mapping[str, Any], allowed: frozenset[str]) -> tuple[Any, list[str], dict[str, Any]]:
    check_fields(payload, allowed)
    value = payload.get("value")
    if value is None:
        raise invalid("The entry value is required.")
    if len(json.dumps(value, separators=(",", ":"))) > _MAX_VALUE_CHARS:
        raise invalid("The entry value is larger than 4,194,304 characters.")
    return value, _users(payload.get("users")), _attributes(payload.get("attributes"))


def _ordered_value(payload: Mapping[str, Any]) -> int:
    check_fields(payload, _ORDERED_FIELDS)
    if "value" not in payload:
        raise invalid("The entry value is required.")
    return _int64(_integer(payload["value"], "value"))


def _ordered_candidates(
    found: OrderedScope,
    descending: bool,
    lower: int | None,
    upper: int | None,
    cursor: list[Any] | None,
) -> Iterator[tuple[int, str]]:
    """Ordered entries as (value, key) from the cursor on, within the bounds."""
    if descending:
        # The descending list holds (-value, key), so ties still sort by key.
        rows = found.descending
        start = bisect.bisect_left(rows, (-upper, "")) if upper is not None else 0
        if cursor is not None:
            start = max(start, bisect.bisect_right(rows, (-cursor[0], cursor[1])))
        for index in range(start, len(rows)):
            negated, key = rows[index]
            if lower is not None and -negated < lower:
                return
            yield -negated, key
    else:
        rows = found.ascending
        start = bisect.bisect_left(rows, (lower, "")) if lower is not None else 0
        if cursor is not None:
            start = max(start, bisect.bisect_right(rows, (cursor[0], cursor[1])))
        for index in range(start, len(rows)):
            value, key = rows[index]
            if upper is not None and value > upper:
                return
            yield value, key


def _data_store_json(u: str, store: DataStore) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": f"universes/{u}/data-stores/{store.name}",
        "id": store.name,
        "createTime": format_time(store.create_time),
        "state": "DELETED" if store.deleted else "ACTIVE",
    }
    if store.expire_time is not None:
        result["expireTime"] = format_time(store.expire_time)
    return result


def _entry_path(u: str, ds: str, scope: str, key: str) -> str:
    return f"universes/{u}/data-stores/{ds}/scopes/{scope}/entries/{key}"


def _entry_json(u: str, ds: str, scope: str, key: str, revision: Revision) -> dict[str, Any]:
    return {
        "path": _entry_path(u, ds, scope, key),
        "id": key,
        "value": revision.value,
        "etag": revision.etag,
        "revisionId": revision.revision_id,
        "revisionCreateTime": format_time(revision.create_time),
        "createTime": format_time(revision.entry_create_time),
        "state": "DELETED" if revision.deleted else "ACTIVE",
        "users": list(revision.users),
        "attributes": dict(revision.attributes),
    }


def _revision_json(entry_path: str, key: str, revision: Revision) -> dict[str, Any]:
    return {
        "path": f"{entry_path}@{revision.revision_id}",
        "id": f"{key}@{revision.revision_id}",
        "createTime": format_time(revision.entry_create_time),
        "revisionCreateTime": format_time(revision.create_time),
        "revisionId": revision.revision_id,
        "etag": revision.etag,
        "state": "DELETED" if revision.deleted else "ACTIVE",
    }


def _ordered_json(u: str, ods: str, scope: str, key: str, value: int) -> dict[str, Any]:
    return {
        "path": f"universes/{u}/ordered-data-stores/{ods}/scopes/{scope}/entries/{key}",
        "value": value,
        "id": key,
    }
