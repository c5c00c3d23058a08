"""The memory store area: sorted maps and queues, with expiry, etags and invisibility windows.

Time is the emulator clock (``Context.now()``): items expire, and read queue
items become visible again, when a test advances it. A LIVE
``memory-store:flush`` empties every sorted map and queue of the universe; it
answers with a long-running operation that reports ``done`` after
``operation_polls`` polls.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._area import (
    Area,
    Context,
    Request,
    Route,
    check_fields,
    is_finite_number,
    parse_bool,
    parse_duration,
    parse_universe_id,
)
from ._errors import ApiError, invalid, not_found
from ._paging import encode_token, page_size, take
from ._time import format_time, later

_MAX_KEY = 128
_MAX_CREATE_ID = 127
_MAX_SORT_KEY = 128
_MAX_VALUE_BYTES = 32 * 1024
_MAX_TTL = 3_888_000.0  # 45 days, the memory store maximum lifetime
_MAX_READ = 200
_DEFAULT_WINDOW = 30.0
_UNIVERSE_ID = re.compile(r"[0-9]{1,19}")

# Output-only fields (path, id, etag, expireTime) are tolerated in bodies so a
# client can send back what it read; anything else is an SDK bug.
_ITEM_FIELDS = frozenset(
    {"path", "id", "value", "etag", "ttl", "expireTime", "stringSortKey", "numericSortKey"}
)
_QUEUE_FIELDS = frozenset({"path", "id", "data", "priority", "ttl", "expireTime"})
_LIST_PARAMS = frozenset({"maxPageSize", "pageToken", "orderBy", "filter"})
_READ_PARAMS = frozenset({"count", "allOrNothing", "invisibilityWindow"})
_EMPTY_RESPONSE = {"@type": "type.googleapis.com/google.protobuf.Empty"}

# Position of an item in map order: (rank, sort value, key). Rank 0 = numeric
# sort key, 1 = string sort key, 2 = none; the rank keeps numbers and strings
# from ever being compared with each other.
Position = tuple[int, Any, str]


@dataclass(slots=True)
class MapItem:
    """One item of a sorted map."""

    key: str
    value: Any
    sort_key: int | float | str | None
    expire_time: datetime
    etag: str

    @property
    def position(self) -> Position:
        """Where the item sorts."""
        return (*_sort_rank(self.sort_key), self.key)


@dataclass(slots=True)
class SortedMapData:
    """The items of one sorted map, with their positions kept sorted."""

    items: dict[str, MapItem] = field(default_factory=dict)
    order: list[Position] = field(default_factory=list)

    def live(self, key: str, now: datetime) -> MapItem | None:
        """The item with this key unless it is missing or expired (expired items are dropped)."""
        item = self.items.get(key)
        if item is not None and item.expire_time <= now:
            self.remove(key)
            return None
        return item

    def purge(self, now: datetime) -> None:
        """Drop every expired item."""
        for key in [key for key, item in self.items.items() if item.expire_time <= now]:
            self.remove(key)

    def put(self, item: MapItem) -> None:
        """Insert or replace an item."""
        self.remove(item.key)
        self.items[item.key] = item
        bisect.insort(self.order, item.position)

    def remove(self, key: str) -> bool:
        """Drop an item; whether it was there."""
        item = self.items.pop(key, None)
        if item is None:
            return False
        position = item.position
        del self.order[bisect.bisect_left(self.order, position)]
        return True


@dataclass(slots=True)
class QueueItem:
    """One item of a queue."""

    item_id: str
    data: Any
    priority: float | int
    seq: int
    expire_time: datetime
    invisible_until: datetime | None = None
    read_id: str | None = None

    @property
    def order(self) -> tuple[float, int]:
        """Delivery order: highest priority first, then first in, first out."""
        return (-self.priority, self.seq)


@dataclass(slots=True)
class QueueRead:
    """The items one read hid, until its invisibility window ends."""

    item_ids: list[str]
    until: datetime
    discarded: bool = False


@dataclass(slots=True)
class QueueData:
    """The items of one queue in delivery order, and its open reads."""

    items: list[QueueItem] = field(default_factory=list)
    reads: dict[str, QueueRead] = field(default_factory=dict)

    def purge(self, now: datetime) -> None:
        """Drop expired items and reads whose window has ended."""
        if any(item.expire_time <= now for item in self.items):
            self.items = [item for item in self.items if item.expire_time > now]
        for read_id in [rid for rid, read in self.reads.items() if read.until <= now]:
            del self.reads[read_id]


@dataclass(slots=True)
class FlushOperation:
    """A memory store flush that completes after a number of polls."""

    operation_id: str
    scope: str
    polls: int = 0


class MemoryStoreArea(Area):
    """Cloud v2 memory store sorted maps and queues, and the flush of them all."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._maps: dict[int, dict[str, SortedMapData]] = {}
        self._queues: dict[int, dict[str, QueueData]] = {}
        self._operations: dict[int, dict[str, FlushOperation]] = {}
        self._counter = 0

    def clear(self) -> None:
        self._maps.clear()
        self._queues.clear()
        self._operations.clear()
        self._counter = 0

    def seed(self, universe_id: int) -> None:
        now = self._context.now()
        expires = now + timedelta(seconds=_MAX_TTL)
        board = self._maps.setdefault(universe_id, {}).setdefault("Leaderboard", SortedMapData())
        for key, value, sort_key in (
            ("user_1", {"name": "Roblox", "wins": 12}, 12),
            ("user_156", {"name": "builderman", "wins": 30}, 30),
            ("user_261", {"name": "shedletsky", "wins": 7}, 7),
        ):
            board.put(MapItem(key, value, sort_key, expires, self._etag(key)))
        queue = self._queues.setdefault(universe_id, {}).setdefault("Matchmaking", QueueData())
        for user_id, priority in ((1, 0), (156, 5), (261, 0)):
            self._enqueue(queue, {"userId": user_id}, priority, expires)

    # -- routing ----------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match segments:
            case ["cloud", "v2", "universes", universe, "memory-store", *rest]:
                # Canonical form for the paths we echo back; handlers reject non-numeric ids.
                u = str(int(universe)) if _UNIVERSE_ID.fullmatch(universe) else universe
                return self._universe_route(method, u, rest)
        return None

    def _universe_route(self, method: str, u: str, rest: list[str]) -> Route | None:
        match method, rest:
            case _, ["sorted-maps", name, *tail]:
                return self._map_route(method, u, name, tail)
            case _, ["queues", name, *tail]:
                return self._queue_route(method, u, name, tail)
            case "POST", [":flush"]:
                return Route(lambda r: self.flush_memory_store(r, u), frozenset({"scope"}))
            case "GET", ["operations", operation]:
                return Route(lambda r: self.get_flush_operation(r, u, operation), frozenset({"scope"}))
        return None

    def _map_route(self, method: str, u: str, name: str, tail: list[str]) -> Route | None:
        match method, tail:
            case "GET", ["items"]:
                return Route(lambda r: self.list_items(r, u, name), _LIST_PARAMS)
            case "POST", ["items"]:
                return Route(lambda r: self.create_item(r, u, name), frozenset({"id"}), True)
            case "GET", ["items", key]:
                return Route(lambda r: self.get_item(r, u, name, key))
            case "PATCH", ["items", key]:
                return Route(lambda r: self.update_item(r, u, name, key), frozenset({"allowMissing"}), True)
            case "DELETE", ["items", key]:
                return Route(lambda r: self.delete_item(r, u, name, key))
        return None

    def _queue_route(self, method: str, u: str, name: str, tail: list[str]) -> Route | None:
        match method, tail:
            case "POST", ["items"]:
                return Route(lambda r: self.add_queue_item(r, u, name), needs_body=True)
            case "GET", ["items", ":read"]:
                return Route(lambda r: self.read_queue_items(r, u, name), _READ_PARAMS)
            case "POST", ["items", ":discard"]:
                return Route(lambda r: self.discard_queue_items(r, u, name), needs_body=True)
        return None

    # -- shared lookups ---------------------------------------------------------

    def _map(self, u: str, name: str, *, create: bool) -> SortedMapData | None:
        _check_structure_name("sorted map", name)
        maps = self._maps.setdefault(parse_universe_id(u), {})
        found = maps.get(name)
        if found is None and create:
            found = maps[name] = SortedMapData()
        return found

    def _queue(self, u: str, name: str) -> QueueData:
        _check_structure_name("queue", name)
        queues = self._queues.setdefault(parse_universe_id(u), {})
        found = queues.get(name)
        if found is None:
            found = queues[name] = QueueData()
        found.purge(self._context.now())
        return found

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def _etag(self, key: str) -> str:
        return hashlib.blake2b(f"{key}\0{self._next()}".encode(), digest_size=8).hexdigest()

    # -- sorted maps --------------------------------------------------------------

    def list_items(self, request: Request, u: str, name: str) -> Any:
        """``GET .../memory-store/sorted-maps/{map}/items``."""
        size = page_size(request.params.get("maxPageSize"), default=1, maximum=100)
        order_by = request.params.get("orderBy", "id")
        if order_by not in ("id", "id desc"):
            raise invalid(f"Invalid orderBy '{order_by}': only 'id' and 'id desc' are supported.")
        descending = order_by == "id desc"
        clauses = _parse_map_filter(request.params.get("filter"))
        query_hash, cursor = self.page_cursor(request)
        after: Position | None = None
        if cursor is not None:
            after = _position_from_cursor(cursor)
        found = self._map(u, name, create=False)
        if found is None:
            return {"items": []}
        now = self._context.now()
        found.purge(now)

        def candidates() -> Iterator[MapItem]:
            order = found.order
            if descending:
                start = bisect.bisect_left(order, after) - 1 if after is not None else len(order) - 1
                indexes: Iterator[int] = iter(range(start, -1, -1))
            else:
                start = bisect.bisect_right(order, after) if after is not None else 0
                indexes = iter(range(start, len(order)))
            for index in indexes:
                item = found.items[order[index][2]]
                if item.expire_time > now and all(_matches(clause, item) for clause in clauses):
                    yield item

        items, more = take(candidates(), size)
        result: dict[str, Any] = {"items": [_item_json(u, name, item) for item in items]}
        if more:
            result["nextPageToken"] = encode_token(list(items[-1].position), query_hash)
        return result

    def create_item(self, request: Request, u: str, name: str) -> Any:
        """``POST .../sorted-maps/{map}/items?id=<key>``: 409 ALREADY_EXISTS if the key is live."""
        key = request.params.get("id", "")
        if not 1 <= len(key) <= _MAX_CREATE_ID:
            raise invalid(f"The item id must be 1-{_MAX_CREATE_ID} characters long.")
        value, sort_key, ttl, _ = _item_body(request.payload)
        found = self._map(u, name, create=True)
        assert found is not None
        now = self._context.now()
        if found.live(key, now) is not None:
            raise ApiError("ALREADY_EXISTS", f"Item '{key}' already exists.", status=409)
        item = MapItem(key, value, sort_key, now + timedelta(seconds=ttl), self._etag(key))
        found.put(item)
        return _item_json(u, name, item)

    def get_item(self, request: Request, u: str, name: str, key: str) -> Any:
        """``GET .../sorted-maps/{map}/items/{key}``."""
        found = self._map(u, name, create=False)
        item = found.live(key, self._context.now()) if found is not None else None
        if item is None:
            raise not_found(f"Item '{key}' not found.")
        return _item_json(u, name, item)

    def update_item(self, request: Request, u: str, name: str, key: str) -> Any:
        """``PATCH .../sorted-maps/{map}/items/{key}?allowMissing=``: replaces value, sort key and TTL."""
        allow_missing = parse_bool(request.params, "allowMissing")
        _check_key(key)
        value, sort_key, ttl, etag = _item_body(request.payload)
        found = self._map(u, name, create=True)
        assert found is not None
        now = self._context.now()
        current = found.live(key, now)
        if current is None and not allow_missing:
            raise not_found(f"Item '{key}' not found.")
        if etag is not None and (current is None or current.etag != etag):
            raise ApiError("ABORTED", "The etag does not match the item's current etag.")
        item = MapItem(key, value, sort_key, now + timedelta(seconds=ttl), self._etag(key))
        found.put(item)
        return _item_json(u, name, item)

    def delete_item(self, request: Request, u: str, name: str, key: str) -> Any:
        """``DELETE .../sorted-maps/{map}/items/{key}``: 404 if missing or expired."""
        found = self._map(u, name, create=False)
        if found is None or found.live(key, self._context.now()) is None:
            raise not_found(f"Item '{key}' not found.")
        found.remove(key)
        return {}

    # -- queues -------------------------------------------------------------------

    def _enqueue(self, queue: QueueData, data: Any, priority: float | int, expires: datetime) -> QueueItem:
        item = QueueItem(uuid.uuid4().hex, data, priority, self._next(), expires)
        bisect.insort(queue.items, item, key=lambda entry: entry.order)
        return item

    def add_queue_item(self, request: Request, u: str, name: str) -> Any:
        """``POST .../memory-store/queues/{queue}/items``."""
        payload = request.payload
        check_fields(payload, _QUEUE_FIELDS)
        _check_output_fields(payload)
        if "data" not in payload or payload["data"] is None:
            raise invalid("The queue item data is required.")
        data = payload["data"]
        _check_size(data, "data")
        priority = payload.get("priority", 0)
        if not is_finite_number(priority):
            raise invalid("priority must be a finite number.")
        ttl = _ttl(payload.get("ttl"))
        queue = self._queue(u, name)
        item = self._enqueue(queue, data, priority, self._context.now() + timedelta(seconds=ttl))
        return _queue_item_json(u, name, item)

    def read_queue_items(self, request: Request, u: str, name: str) -> Any:
        """``GET .../queues/{queue}/items:read``: hides the items read for the invisibility window."""
        count = _read_count(request.params.get("count"))
        all_or_nothing = parse_bool(request.params, "allOrNothing")
        window = _DEFAULT_WINDOW
        raw_window = request.params.get("invisibilityWindow")
        if raw_window is not None:
            window = parse_duration(raw_window, "invisibilityWindow")
            if window <= 0:
                raise invalid("invisibilityWindow must be greater than 0s.")
        queue = self._queue(u, name)
        now = self._context.now()
        visible = [
            item for item in queue.items if item.invisible_until is None or item.invisible_until <= now
        ]
        chosen = visible[:count]
        if all_or_nothing and len(chosen) < count:
            raise not_found(f"Fewer than {count} items are available in the queue.")
        if not chosen:
            return {"items": []}
        read_id = uuid.uuid4().hex
        until = later(now, window)
        for item in chosen:
            item.invisible_until = until
            item.read_id = read_id
        queue.reads[read_id] = QueueRead([item.item_id for item in chosen], until)
        return {"readId": read_id, "items": [_queue_item_json(u, name, item) for item in chosen]}

    def discard_queue_items(self, request: Request, u: str, name: str) -> Any:
        """``POST .../queues/{queue}/items:discard``: removes the items of a read still in its window.

        Discarding the same read again within its window is a no-op; an
        unknown read, or one whose window has ended, is a 404.
        """
        check_fields(request.payload, frozenset({"readId"}))
        read_id = request.payload.get("readId")
        if not isinstance(read_id, str) or not read_id:
            raise invalid("readId is required.")
        queue = self._queue(u, name)
        read = queue.reads.get(read_id)
        if read is None:
            raise not_found(f"Read '{read_id}' not found or its invisibility window has ended.")
        if not read.discarded:
            read.discarded = True
            held = set(read.item_ids)
            queue.items = [
                item for item in queue.items if not (item.item_id in held and item.read_id == read_id)
            ]
        return {}

    # -- flush ----------------------------------------------------------------------

    def flush(self, universe_id: int) -> None:
        """Empty every sorted map and queue of a universe (a LIVE ``memory-store:flush``)."""
        self._maps.pop(universe_id, None)
        self._queues.pop(universe_id, None)

    def flush_memory_store(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}/memory-store:flush`` -> an Operation."""
        universe_id = parse_universe_id(u)
        scope = _flush_scope(request.params)
        operation_id = uuid.uuid4().hex
        operations = self._operations.setdefault(universe_id, {})
        operations[operation_id] = FlushOperation(operation_id, scope)
        if scope == "LIVE":  # TEST flushes Studio's test data, which the emulator does not keep
            self.flush(universe_id)
        return _operation_json(u, operation_id, done=self._operation_polls <= 0)

    def get_flush_operation(self, request: Request, u: str, operation_id: str) -> Any:
        """``GET /cloud/v2/universes/{u}/memory-store/operations/{op}``."""
        operation = self._operations.get(parse_universe_id(u), {}).get(operation_id)
        scope = request.params.get("scope")
        if scope is not None:
            _flush_scope(request.params)
        if operation is None or (scope is not None and scope != operation.scope):
            raise not_found(f"Operation '{operation_id}' not found.")
        operation.polls += 1
        return _operation_json(u, operation_id, done=operation.polls >= self._operation_polls)


# -- body and parameter checks ------------------------------------------------------


def _check_structure_name(what: str, name: str) -> None:
    if not name:
        raise invalid(f"The {what} name must not be empty.")


def _check_key(key: str) -> None:
    if not 1 <= len(key) <= _MAX_KEY:
        raise invalid(f"The item id must be 1-{_MAX_KEY} characters long.")


def _check_size(value: Any, what: str) -> None:
    size = len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
    if size > _MAX_VALUE_BYTES:
        raise invalid(f"The {what} is {size} bytes; the limit is {_MAX_VALUE_BYTES} (32 KB).")


def _check_output_fields(payload: Mapping[str, Any]) -> None:
    for name in ("path", "id", "etag", "expireTime"):
        if name in payload and not isinstance(payload[name], str):
            raise invalid(f"{name} must be a string.")


def _ttl(raw: Any) -> float:
    if raw is None:
        return _MAX_TTL
    seconds = parse_duration(raw, "ttl")
    if not 0 < seconds <= _MAX_TTL:
        raise invalid(f"ttl must be greater than 0s and at most {int(_MAX_TTL)}s (45 days).")
    return seconds


def _item_body(payload: Mapping[str, Any]) -> tuple[Any, int | float | str | None, float, str | None]:
    """Validate a sorted map item body: ``(value, sort_key, ttl_seconds, etag)``."""
    check_fields(payload, _ITEM_FIELDS)
    _check_output_fields(payload)
    if "value" not in payload or payload["value"] is None:
        raise invalid("The item value is required.")
    value = payload["value"]
    _check_size(value, "value")
    if "stringSortKey" in payload and "numericSortKey" in payload:
        raise invalid("Only one of stringSortKey and numericSortKey may be set.")
    sort_key: int | float | str | None = None
    if "stringSortKey" in payload:
        text = payload["stringSortKey"]
        if not isinstance(text, str) or len(text) > _MAX_SORT_KEY:
            raise invalid(f"stringSortKey must be a string of at most {_MAX_SORT_KEY} characters.")
        sort_key = text
    elif "numericSortKey" in payload:
        number = payload["numericSortKey"]
        if not is_finite_number(number):
            raise invalid("numericSortKey must be a finite number.")
        sort_key = number
    etag = payload.get("etag")
    return value, sort_key, _ttl(payload.get("ttl")), etag


def _flush_scope(params: Mapping[str, str]) -> str:
    scope = params.get("scope", "LIVE")
    if scope not in ("LIVE", "TEST"):
        raise invalid(f"Invalid scope '{scope}': expected LIVE or TEST.")
    return scope


def _read_count(raw: str | None) -> int:
    # 0 means unset; larger values are coerced to 200.
    return page_size(raw, default=1, maximum=_MAX_READ, name="count")


# -- ordering and filters ---------------------------------------------------------------


def _sort_rank(sort_key: int | float | str | None) -> tuple[int, Any]:
    if sort_key is None:
        return 2, ""
    if isinstance(sort_key, str):
        return 1, sort_key
    return 0, sort_key


def _position_from_cursor(cursor: Any) -> Position:
    if isinstance(cursor, list) and len(cursor) == 3 and isinstance(cursor[2], str):
        rank, value, key = cursor
        if rank == 0 and isinstance(value, (int, float)) and not isinstance(value, bool):
            return 0, value, key
        if rank == 1 and isinstance(value, str):
            return 1, value, key
        if rank == 2 and value == "":
            return 2, "", key
    raise invalid("Invalid page token.")


# One clause of a sorted map filter (field, operator, literal) and the "&&" joining two.
_CLAUSE = re.compile(
    r'\s*(id|sortKey)\s*(<|>)\s*("(?:[^"\\]|\\.)*"|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*'
)
_AND = re.compile(r"&&")


@dataclass(frozen=True, slots=True)
class _Clause:
    field: str
    greater: bool
    bound: int | float | str


def _parse_map_filter(text: str | None) -> list[_Clause]:
    """Parse ``id > "a" && sortKey < 5`` (only ``<``, ``>`` and ``&&`` on ``id`` and ``sortKey``)."""
    if not text:
        return []
    clauses: list[_Clause] = []
    position = 0
    while True:
        match = _CLAUSE.match(text, position)
        if match is None:
            raise invalid(f'Invalid filter {text!r}: expected clauses like id > "key" joined by &&.')
        name, operator, literal = match.groups()
        bound: int | float | str
        if literal.startswith('"'):
            bound = re.sub(r"\\(.)", r"\1", literal[1:-1])
        elif name == "id":
            raise invalid(f"Invalid filter {text!r}: id must be compared with a string.")
        else:
            try:
                bound = float(literal) if any(c in literal for c in ".eE") else int(literal)
            except ValueError:  # more digits than Python converts
                raise invalid(f"Invalid filter {text[:100]!r}: the number is out of range.") from None
        clauses.append(_Clause(name, operator == ">", bound))
        position = match.end()
        if position == len(text):
            return clauses
        joiner = _AND.match(text, position)
        if joiner is None:
            raise invalid(f"Invalid filter {text!r}: only && may join clauses.")
        position = joiner.end()


def _matches(clause: _Clause, item: MapItem) -> bool:
    if clause.field == "id":
        assert isinstance(clause.bound, str)
        return item.key > clause.bound if clause.greater else item.key < clause.bound
    mine = _sort_rank(item.sort_key)
    bound = _sort_rank(clause.bound)
    return mine > bound if clause.greater else mine < bound


# -- JSON shapes --------------------------------------------------------------------------


def _item_json(u: str, name: str, item: MapItem) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": f"cloud/v2/universes/{u}/memory-store/sorted-maps/{name}/items/{item.key}",
        "id": item.key,
        "value": item.value,
        "etag": item.etag,
        "expireTime": format_time(item.expire_time),
    }
    if isinstance(item.sort_key, str):
        result["stringSortKey"] = item.sort_key
    elif item.sort_key is not None:
        result["numericSortKey"] = item.sort_key
    return result


def _queue_item_json(u: str, name: str, item: QueueItem) -> dict[str, Any]:
    return {
        "path": f"cloud/v2/universes/{u}/memory-store/queues/{name}/items/{item.item_id}",
        "id": item.item_id,
        "data": item.data,
        "priority": item.priority,
        "expireTime": format_time(item.expire_time),
    }


def _operation_json(u: str, operation_id: str, *, done: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": f"cloud/v2/universes/{u}/memory-store/operations/{operation_id}",
        "done": done,
    }
    if done:
        result["response"] = dict(_EMPTY_RESPONSE)
    return result
