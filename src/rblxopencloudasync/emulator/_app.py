"""Routing and request handlers: the part both front-ends (httpx transport, ASGI) share.

``App.handle`` takes a request already split into method, raw path, query,
headers and body, and returns a ``Response``. It never sleeps and never
raises; faults and recording are the caller's business.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from ._errors import ApiError, invalid, not_found
from ._paging import (
    decode_token,
    encode_token,
    fingerprint,
    page_size,
    parse_id_prefix,
    parse_revision_filter,
    parse_value_filter,
    take,
)
from ._state import (
    DATA_STORE_RETENTION,
    DataStore,
    Entry,
    FlushOperation,
    OrderedScope,
    Revision,
    State,
    Universe,
)
from ._time import UNIX_EPOCH, format_time, parse_time

JSON_CONTENT_TYPE = "application/json"
RATE_LIMIT = 1_000_000  # the nominal per-minute limit of cloud v2 storage operations
_RATE_WINDOW = 60.0
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
_EMPTY_RESPONSE = {"@type": "type.googleapis.com/google.protobuf.Empty"}


@dataclass(frozen=True, slots=True)
class Response:
    """A complete HTTP answer: status, headers and body bytes."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def json_response(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """A JSON response with the content type set."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(status, [("content-type", JSON_CONTENT_TYPE), *headers], body)


@dataclass(slots=True)
class _Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    params: dict[str, str]
    payload: Any


@dataclass(frozen=True, slots=True)
class _Route:
    call: Callable[[_Request], Any]
    params: frozenset[str] = frozenset()
    needs_body: bool = False


@dataclass(slots=True)
class _RateWindow:
    """Static-limit, decrementing-remaining rate-limit headers (never enforced)."""

    started: float = field(default_factory=time.monotonic)
    used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def headers(self) -> list[tuple[str, str]]:
        with self.lock:
            now = time.monotonic()
            if now - self.started >= _RATE_WINDOW:
                self.started, self.used = now, 0
            self.used += 1
            remaining = max(RATE_LIMIT - self.used, 0)
            reset = max(math.ceil(self.started + _RATE_WINDOW - now), 0)
        return [
            ("x-ratelimit-limit", str(RATE_LIMIT)),
            ("x-ratelimit-remaining", str(remaining)),
            ("x-ratelimit-reset", str(reset)),
        ]


class App:
    """Routes requests to handlers that read and change a ``State``."""

    def __init__(self, state: State, *, api_keys: frozenset[str] | None, operation_polls: int) -> None:
        self._state = state
        self._api_keys = api_keys
        self._operation_polls = operation_polls
        self._rate = _RateWindow()

    def rate_limit_headers(self) -> list[tuple[str, str]]:
        """The ``x-ratelimit-*`` headers for the next response."""
        return self._rate.headers()

    def handle(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Response:
        """Answer one request.

        ``path`` is the raw (percent-encoded) URL path without the query
        string; ``query`` holds the decoded query parameters in order.
        """
        try:
            status, payload = 200, self._dispatch(method.upper(), path, list(query), headers, body)
        except ApiError as error:
            status, payload = error.status, error.body()
        except Exception as error:  # a bug in the emulator must still produce an answer
            status, payload = 500, {"code": "INTERNAL", "message": f"Emulator error: {error!r}"}
        return json_response(status, payload, self.rate_limit_headers())

    # -- request plumbing -------------------------------------------------

    def _dispatch(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Any:
        lowered = {name.lower(): value for name, value in headers.items()}
        self._authenticate(lowered)
        route = self._route(method, path)
        if route is None:
            raise ApiError("NOT_FOUND", "NotFound", status=404, gateway=True)
        params: dict[str, str] = {}
        for name, value in query:
            if name not in route.params:
                raise invalid(f"Unknown query parameter '{name}'")
            if name in params:
                raise invalid(f"Query parameter '{name}' was given more than once.")
            params[name] = value
        payload = self._parse_body(method, lowered, body, route.needs_body)
        with self._state.lock:
            return route.call(_Request(method, path, query, params, payload))

    def _authenticate(self, headers: Mapping[str, str]) -> None:
        credential = headers.get("x-api-key", "").strip()
        if not credential:
            scheme, _, token = headers.get("authorization", "").partition(" ")
            if scheme.lower() == "bearer":
                credential = token.strip()
        if not credential or (self._api_keys is not None and credential not in self._api_keys):
            raise ApiError("UNAUTHENTICATED", "Invalid API Key", status=401, gateway=True)

    @staticmethod
    def _parse_body(method: str, headers: Mapping[str, str], body: bytes, needs_body: bool) -> Any:
        if not body:
            if needs_body:
                raise invalid("A JSON request body is required.")
            return None
        if method in ("GET", "DELETE"):
            raise invalid(f"{method} requests must not have a body.")
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != JSON_CONTENT_TYPE:
            raise invalid("Content-Type must be application/json.")
        try:
            payload = json.loads(body, parse_constant=_reject_constant)
        except ValueError:
            raise invalid("The request body is not valid JSON.") from None
        if not isinstance(payload, dict):
            raise invalid("The request body must be a JSON object.")
        return payload

    def _route(self, method: str, path: str) -> _Route | None:
        if not path.startswith("/"):
            return None
        segments = [unquote(segment) for segment in path[1:].split("/")]
        match segments:
            case ["cloud", "v2", "universes", universe, *rest]:
                return self._universe_route(method, universe, rest)
        return None

    def _universe_route(self, method: str, universe: str, rest: list[str]) -> _Route | None:
        # Canonical form for the paths we echo back; handlers reject non-numeric ids.
        u = str(int(universe)) if _UNIVERSE_ID.fullmatch(universe) else universe
        match method, rest:
            case "GET", ["data-stores"]:
                return _Route(lambda r: self.list_data_stores(r, u), _LIST_PARAMS)
            case "POST", ["data-stores:snapshot"]:
                return _Route(lambda r: self.snapshot(r, u), needs_body=True)
            case "POST", ["data-stores", name] if name.endswith(":undelete"):
                store = name.removesuffix(":undelete")
                return _Route(lambda r: self.undelete_data_store(r, u, store), needs_body=True)
            case "DELETE", ["data-stores", name]:
                return _Route(lambda r: self.delete_data_store(r, u, name))
            case _, ["data-stores", name, "entries", *tail]:
                return self._entry_route(method, u, name, "global", tail)
            case _, ["data-stores", name, "scopes", scope, "entries", *tail]:
                return self._entry_route(method, u, name, scope, tail)
            case _, ["ordered-data-stores", name, "scopes", scope, "entries", *tail]:
                return self._ordered_route(method, u, name, scope, tail)
            case "POST", ["memory-store:flush"]:
                return _Route(lambda r: self.flush_memory_store(r, u), frozenset({"scope"}))
            case "GET", ["memory-store", "operations", operation]:
                return _Route(lambda r: self.get_flush_operation(r, u, operation), frozenset({"scope"}))
        return None

    def _entry_route(self, method: str, u: str, ds: str, scope: str, tail: list[str]) -> _Route | None:
        match method, tail:
            case "GET", []:
                return _Route(lambda r: self.list_entries(r, u, ds, scope), _LIST_PARAMS)
            case "POST", []:
                return _Route(lambda r: self.create_entry(r, u, ds, scope), frozenset({"id"}), True)
            case "GET", [entry] if entry.endswith(":listRevisions"):
                key = entry.removesuffix(":listRevisions")
                params = frozenset({"maxPageSize", "pageToken", "filter"})
                return _Route(lambda r: self.list_revisions(r, u, ds, scope, key), params)
            case "GET", [entry]:
                return _Route(lambda r: self.get_entry(r, u, ds, scope, entry))
            case "PATCH", [entry]:
                return _Route(
                    lambda r: self.update_entry(r, u, ds, scope, entry), frozenset({"allowMissing"}), True
                )
            case "DELETE", [entry]:
                return _Route(lambda r: self.delete_entry(r, u, ds, scope, entry))
            case "POST", [entry] if entry.endswith(":increment"):
                key = entry.removesuffix(":increment")
                return _Route(lambda r: self.increment_entry(r, u, ds, scope, key), needs_body=True)
        return None

    def _ordered_route(self, method: str, u: str, ods: str, scope: str, tail: list[str]) -> _Route | None:
        match method, tail:
            case "GET", []:
                params = frozenset({"maxPageSize", "pageToken", "orderBy", "filter"})
                return _Route(lambda r: self.list_ordered(r, u, ods, scope), params)
            case "POST", []:
                return _Route(lambda r: self.create_ordered(r, u, ods, scope), frozenset({"id"}), True)
            case "GET", [entry]:
                return _Route(lambda r: self.get_ordered(r, u, ods, scope, entry))
            case "PATCH", [entry]:
                return _Route(
                    lambda r: self.update_ordered(r, u, ods, scope, entry), frozenset({"allowMissing"}), True
                )
            case "DELETE", [entry]:
                return _Route(lambda r: self.delete_ordered(r, u, ods, scope, entry))
            case "POST", [entry] if entry.endswith(":increment"):
                key = entry.removesuffix(":increment")
                return _Route(lambda r: self.increment_ordered(r, u, ods, scope, key), needs_body=True)
        return None

    # -- shared lookups ----------------------------------------------------

    def _universe(self, raw: str) -> Universe:
        if not _UNIVERSE_ID.fullmatch(raw) or int(raw) == 0:
            raise invalid(f"Invalid universe ID '{raw}'.")
        return self._state.universe(int(raw))

    def _page_cursor(self, request: _Request) -> tuple[str, Any]:
        """The fingerprint of a list request and the decoded cursor (``None`` on page 1)."""
        query_hash = fingerprint(request.path, request.query)
        token = request.params.get("pageToken")
        return query_hash, (decode_token(token, query_hash) if token else None)

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

    def list_data_stores(self, request: _Request, u: str) -> Any:
        """``GET /cloud/v2/universes/{u}/data-stores``."""
        universe = self._universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        prefix = parse_id_prefix(request.params.get("filter"))
        show_deleted = _parse_bool(request.params, "showDeleted")
        query_hash, cursor = self._page_cursor(request)
        if cursor is not None and not isinstance(cursor, str):
            raise invalid("Invalid page token.")
        now = self._state.now()

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

    def delete_data_store(self, request: _Request, u: str, name: str) -> Any:
        """``DELETE /cloud/v2/universes/{u}/data-stores/{ds}``."""
        store = self._state.data_store(self._universe(u), name)
        if store is None:
            raise not_found(f"Data store '{name}' not found.")
        if store.expire_time is None:
            store.expire_time = self._state.now() + DATA_STORE_RETENTION
        return _data_store_json(u, store)

    def undelete_data_store(self, request: _Request, u: str, name: str) -> Any:
        """``POST /cloud/v2/universes/{u}/data-stores/{ds}:undelete``."""
        _check_fields(request.payload, frozenset())
        store = self._state.data_store(self._universe(u), name)
        if store is None:
            raise not_found(f"Data store '{name}' not found.")
        store.expire_time = None
        return _data_store_json(u, store)

    def snapshot(self, request: _Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}/data-stores:snapshot``; one per UTC day."""
        _check_fields(request.payload, frozenset())
        universe = self._universe(u)
        now = self._state.now()
        last = universe.last_snapshot
        taken = last is None or last.date() != now.date()
        if taken:
            universe.last_snapshot = last = now
        assert last is not None
        return {"newSnapshotTaken": taken, "latestSnapshotTime": format_time(last)}

    # -- standard entries ------------------------------------------------------

    def list_entries(self, request: _Request, u: str, ds: str, scope: str) -> Any:
        """``GET .../data-stores/{ds}[/scopes/{scope}]/entries``; scope ``-`` lists all scopes."""
        universe = self._universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=256)
        prefix = parse_id_prefix(request.params.get("filter"))
        show_deleted = _parse_bool(request.params, "showDeleted")
        query_hash, cursor = self._page_cursor(request)
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

    def create_entry(self, request: _Request, u: str, ds: str, scope: str) -> Any:
        """``POST .../entries?id=<key>``; 400 if an active entry already exists."""
        _check_not_wildcard(scope)
        key = request.params.get("id", "")
        if not 1 <= len(key) <= _MAX_NAME:
            raise invalid("The entry id must be 1-50 characters long.")
        value, users, attributes = _entry_body(request.payload, _ENTRY_FIELDS)
        universe = self._universe(u)
        existing = self._find_entry(universe, ds, scope, key)
        if existing is not None and not existing.deleted:
            raise invalid("Entry already exists.")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(store, scope, key, value=value, users=users, attributes=attributes)
        return _entry_json(u, ds, scope, key, entry.latest)

    def get_entry(self, request: _Request, u: str, ds: str, scope: str, raw_id: str) -> Any:
        """``GET .../entries/{entry}[@<revision>|@latest|@latest:<time>]``."""
        # The part after the LAST "@" selects a revision; "@latest" escapes ids containing "@".
        key, selector = raw_id.rsplit("@", 1) if "@" in raw_id else (raw_id, "latest")
        universe = self._universe(u)
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
        if moment > self._state.now() + _LATEST_LEEWAY:
            raise invalid("The timestamp must not be more than ten minutes in the future.")
        return moment

    def update_entry(self, request: _Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``PATCH .../entries/{entry}?allowMissing=``: full replace, optional etag check."""
        allow_missing = _parse_bool(request.params, "allowMissing")
        value, users, attributes = _entry_body(request.payload, _ENTRY_FIELDS)
        etag = request.payload.get("etag")
        if etag is not None and not isinstance(etag, str):
            raise invalid("etag must be a string.")
        universe = self._universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        exists = entry is not None and not entry.deleted
        if not exists and not allow_missing:
            raise not_found(f"Entry '{key}' not found.")
        if etag and (not exists or entry is None or entry.latest.etag != etag):
            raise ApiError("ABORTED", "The etag does not match.")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(store, scope, key, value=value, users=users, attributes=attributes)
        return _entry_json(u, ds, scope, key, entry.latest)

    def delete_entry(self, request: _Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``DELETE .../entries/{entry}``: soft delete, recorded as a revision."""
        universe = self._universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        if entry is None or entry.deleted:
            raise not_found(f"Entry '{key}' not found.")
        store = self._writable_store(universe, ds, scope)
        self._state.commit(store, scope, key, value=None, users=[], attributes={}, deleted=True)
        return {}

    def increment_entry(self, request: _Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``POST .../entries/{entry}:increment``; creates the entry when missing."""
        _check_fields(request.payload, _INCREMENT_FIELDS)
        amount = _integer(request.payload.get("amount"), "amount")
        users = _users(request.payload.get("users"))
        attributes = _attributes(request.payload.get("attributes"))
        universe = self._universe(u)
        entry = self._find_entry(universe, ds, scope, key)
        current = 0
        if entry is not None and not entry.deleted:
            current = _integer(entry.latest.value, "The current value of the entry")
        store = self._writable_store(universe, ds, scope)
        entry = self._state.commit(
            store, scope, key, value=current + amount, users=users, attributes=attributes
        )
        return _entry_json(u, ds, scope, key, entry.latest)

    def list_revisions(self, request: _Request, u: str, ds: str, scope: str, key: str) -> Any:
        """``GET .../entries/{entry}:listRevisions``, newest first."""
        universe = self._universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        lower, upper = parse_revision_filter(request.params.get("filter"))
        query_hash, cursor = self._page_cursor(request)
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

    def list_ordered(self, request: _Request, u: str, ods: str, scope: str) -> Any:
        """``GET .../ordered-data-stores/{ods}/scopes/{scope}/entries``."""
        universe = self._universe(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        order_by = request.params.get("orderBy", "value")
        if order_by not in ("value", "value desc"):
            raise invalid(f"Invalid orderBy '{order_by}': expected 'value' or 'value desc'.")
        lower, upper = parse_value_filter(request.params.get("filter"))
        query_hash, cursor = self._page_cursor(request)
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

    def create_ordered(self, request: _Request, u: str, ods: str, scope: str) -> Any:
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

    def get_ordered(self, request: _Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``GET .../ordered-data-stores/.../entries/{entry}``."""
        found = self._universe(u).ordered_scope(ods, scope, create=False)
        if found is None or key not in found.values:
            raise not_found(f"Entry '{key}' not found.")
        return _ordered_json(u, ods, scope, key, found.values[key])

    def update_ordered(self, request: _Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``PATCH .../ordered-data-stores/.../entries/{entry}?allowMissing=``."""
        allow_missing = _parse_bool(request.params, "allowMissing")
        value = _ordered_value(request.payload)
        existing = self._universe(u).ordered_scope(ods, scope, create=False)
        if not allow_missing and (existing is None or key not in existing.values):
            raise not_found(f"Entry '{key}' not found.")
        self._ordered_for_write(u, ods, scope).set(key, value)
        return _ordered_json(u, ods, scope, key, value)

    def delete_ordered(self, request: _Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``DELETE .../ordered-data-stores/.../entries/{entry}``."""
        found = self._universe(u).ordered_scope(ods, scope, create=False)
        if found is None or not found.remove(key):
            raise not_found(f"Entry '{key}' not found.")
        return {}

    def increment_ordered(self, request: _Request, u: str, ods: str, scope: str, key: str) -> Any:
        """``POST .../ordered-data-stores/.../entries/{entry}:increment``; creates when missing."""
        _check_fields(request.payload, frozenset({"amount"}))
        amount = _integer(request.payload.get("amount"), "amount")
        found = self._ordered_for_write(u, ods, scope)
        value = _int64(found.values.get(key, 0) + amount)
        found.set(key, value)
        return _ordered_json(u, ods, scope, key, value)

    def _ordered_for_write(self, u: str, ods: str, scope: str) -> OrderedScope:
        _check_name("ordered data store name", ods)
        _check_name("scope", scope)
        found = self._universe(u).ordered_scope(ods, scope, create=True)
        assert found is not None
        return found

    # -- memory store flush ------------------------------------------------------

    def flush_memory_store(self, request: _Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}/memory-store:flush`` -> an Operation."""
        universe = self._universe(u)
        scope = _flush_scope(request.params)
        operation_id = uuid.uuid4().hex
        operation = universe.operations[operation_id] = FlushOperation(operation_id, scope)
        return _operation_json(u, operation.operation_id, done=self._operation_polls <= 0)

    def get_flush_operation(self, request: _Request, u: str, operation_id: str) -> Any:
        """``GET /cloud/v2/universes/{u}/memory-store/operations/{op}``."""
        universe = self._universe(u)
        operation = universe.operations.get(operation_id)
        scope = request.params.get("scope")
        if scope is not None:
            _flush_scope(request.params)
        if operation is None or (scope is not None and scope != operation.scope):
            raise not_found(f"Operation '{operation_id}' not found.")
        operation.polls += 1
        return _operation_json(u, operation_id, done=operation.polls >= self._operation_polls)


# -- helpers -------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_bool(params: Mapping[str, str], name: str) -> bool:
    raw = params.get(name)
    if raw is None:
        return False
    if raw not in ("true", "false"):
        raise invalid(f"Invalid value for {name}: {raw!r} (expected true or false).")
    return raw == "true"


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


def _check_fields(payload: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for name in payload:
        if name not in allowed:
            raise invalid(f"Unknown field '{name}' in the request body.")


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
    _check_fields(payload, allowed)
    value = payload.get("value")
    if value is None:
        raise invalid("The entry value is required.")
    if len(json.dumps(value, separators=(",", ":"))) > _MAX_VALUE_CHARS:
        raise invalid("The entry value is larger than 4,194,304 characters.")
    return value, _users(payload.get("users")), _attributes(payload.get("attributes"))


def _ordered_value(payload: Mapping[str, Any]) -> int:
    _check_fields(payload, _ORDERED_FIELDS)
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


def _flush_scope(params: Mapping[str, str]) -> str:
    scope = params.get("scope", "LIVE")
    if scope not in ("LIVE", "TEST"):
        raise invalid(f"Invalid scope '{scope}': expected LIVE or TEST.")
    return scope


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


def _operation_json(u: str, operation_id: str, *, done: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": f"cloud/v2/universes/{u}/memory-store/operations/{operation_id}",
        "done": done,
    }
    if done:
        result["response"] = dict(_EMPTY_RESPONSE)
    return result
