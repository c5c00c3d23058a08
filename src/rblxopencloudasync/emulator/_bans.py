"""The user restriction (ban) area: universe and place restrictions, ban logs, idempotency keys.

Behaviour chosen where Roblox's documentation is silent (see docs/bans.md):

* Every user has a restriction: one never banned reads as ``active: false``
  (200, not 404), as the spec describes ``active`` as false by default.
* A universe-wide ban shows on every place as an inherited restriction
  (``inherited: true``) unless the place has an active ban of its own.
* A timed ban reads as inactive once its duration has passed (no log entry
  is written for that).
* Every applied update appends a log entry, newest first in ``:listLogs``.
  The moderator is ``robloxUser: users/{moderator_user_id}`` (156 by default,
  the spec's example), or ``gameServerScript`` when that attribute is None.
* An idempotency key is remembered per universe for 24 hours (emulator clock)
  from its first use: a repeat with the same request gets the first answer and
  changes nothing; the same key with a different request is a 409 ABORTED.
  ``idempotencyKey.firstSent`` is only checked for syntax, so tests with a
  frozen or shifted clock keep working.
* The per-user limit of 2 updates a minute is not enforced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from ._area import Area, Context, Request, Route, check_fields, parse_duration, parse_universe_id
from ._errors import ApiError, invalid
from ._paging import encode_token, page_size, take
from ._time import format_time, parse_time

MAX_PRIVATE_REASON = 1000
MAX_DISPLAY_REASON = 400
MAX_DURATION_SECONDS = 315_576_000_000
IDEMPOTENCY_LIFETIME = timedelta(hours=24)
DEFAULT_MODERATOR_USER_ID = 156

_ID = re.compile(r"[0-9]{1,19}")
_MASKS = frozenset({"gameJoinRestriction", "game_join_restriction"})
_BODY_FIELDS = frozenset({"path", "updateTime", "user", "gameJoinRestriction"})
# Output-only fields (startTime, inherited) are tolerated in a round-tripped body and ignored.
_RESTRICTION_FIELDS = frozenset(
    {"active", "duration", "privateReason", "displayReason", "excludeAltAccounts", "startTime", "inherited"}
)
_PATCH_PARAMS = frozenset({"updateMask", "idempotencyKey.key", "idempotencyKey.firstSent"})
_LIST_PARAMS = frozenset({"maxPageSize", "pageToken"})
_LOG_PARAMS = frozenset({"maxPageSize", "pageToken", "filter"})
_FILTER_CLAUSE = re.compile(r"\s*(user|place)\s*==\s*(['\"])(users|places)/([0-9]{1,19})\2\s*")


@dataclass(slots=True)
class Restriction:
    """A user's game-join restriction at one level (universe or place), as last set."""

    active: bool = False
    start_time: datetime | None = None
    duration: int | None = None
    private_reason: str = ""
    display_reason: str = ""
    exclude_alt_accounts: bool = False
    update_time: datetime | None = None
    ever_active: bool = False

    def in_force(self, now: datetime) -> bool:
        """Active and not yet run out."""
        if not self.active:
            return False
        if self.duration is None or self.start_time is None:
            return True
        # Compared as seconds: start + 10,000 years would overflow datetime.
        return (now - self.start_time).total_seconds() < self.duration


@dataclass(slots=True)
class LogEntry:
    """One applied update, as ``:listLogs`` reports it."""

    sequence: int
    user_id: int
    place_id: int | None
    moderator_user_id: int | None
    create_time: datetime
    restriction: Restriction


@dataclass(slots=True)
class _Remembered:
    fingerprint: str
    expires: datetime
    response: dict[str, Any]


@dataclass(slots=True)
class UniverseBans:
    """The ban data of one universe."""

    universe: dict[int, Restriction] = field(default_factory=dict)
    places: dict[int, dict[int, Restriction]] = field(default_factory=dict)
    logs: list[LogEntry] = field(default_factory=list)
    keys: dict[str, _Remembered] = field(default_factory=dict)


class BanArea(Area):
    """Cloud v2 user restrictions and user restriction logs.

    Attributes:
        moderator_user_id: The user recorded as the moderator of every update
            (the API key's owner); ``None`` records a game server script instead.
    """

    moderator_user_id: int | None = DEFAULT_MODERATOR_USER_ID

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._universes: dict[int, UniverseBans] = {}

    # -- routing -------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match segments:
            case ["cloud", "v2", "universes", universe, *rest]:
                return self._universe_route(method, universe, rest)
        return None

    def _universe_route(self, method: str, u: str, rest: list[str]) -> Route | None:
        match method, rest:
            case "GET", ["user-restrictions", ":listLogs"]:
                return Route(lambda r: self.list_logs(r, u), _LOG_PARAMS)
            case "GET", ["user-restrictions"]:
                return Route(lambda r: self.list_restrictions(r, u, None), _LIST_PARAMS)
            case "GET", ["user-restrictions", user]:
                return Route(lambda r: self.get_restriction(r, u, None, user))
            case "PATCH", ["user-restrictions", user]:
                return Route(lambda r: self.update_restriction(r, u, None, user), _PATCH_PARAMS, True)
            case "GET", ["places", place, "user-restrictions"]:
                return Route(lambda r: self.list_restrictions(r, u, place), _LIST_PARAMS)
            case "GET", ["places", place, "user-restrictions", user]:
                return Route(lambda r: self.get_restriction(r, u, place, user))
            case "PATCH", ["places", place, "user-restrictions", user]:
                return Route(lambda r: self.update_restriction(r, u, place, user), _PATCH_PARAMS, True)
        return None

    # -- state -----------------------------------------------------------------

    def clear(self) -> None:
        self._universes.clear()

    def seed(self, universe_id: int) -> None:
        """A permanent ban by a game server script and an expired-then-lifted ban in the logs."""
        now = self._context.now()
        bans = self._bans(universe_id)
        moderator = self.moderator_user_id
        # Oldest first: the log is kept in the order changes happened.
        spam = Restriction(True, None, 86_400, "Spam in chat, third warning.", "Spamming.", True)
        self._apply(bans, None, 3000, spam, now - timedelta(days=5), moderator=moderator)
        self._apply(bans, None, 3000, Restriction(), now - timedelta(days=4), moderator=moderator)
        exploit = Restriction(True, None, None, "Speed hacks seen in server logs.", "Exploiting.", False)
        self._apply(bans, None, 4000, exploit, now - timedelta(days=2), moderator=None)

    def bans(self, universe_id: int) -> UniverseBans:
        """The ban data of a universe (for tests that inspect or preload it)."""
        return self._bans(universe_id)

    def _bans(self, universe_id: int) -> UniverseBans:
        found = self._universes.get(universe_id)
        if found is None:
            found = self._universes[universe_id] = UniverseBans()
        return found

    def _apply(
        self,
        bans: UniverseBans,
        place_id: int | None,
        user_id: int,
        new: Restriction,
        now: datetime,
        *,
        moderator: int | None,
    ) -> Restriction:
        table = bans.universe if place_id is None else bans.places.setdefault(place_id, {})
        previous = table.get(user_id)
        stored = replace(
            new,
            start_time=now if new.active else None,
            update_time=now,
            ever_active=new.active or (previous is not None and previous.ever_active),
        )
        table[user_id] = stored
        sequence = bans.logs[-1].sequence + 1 if bans.logs else 1
        bans.logs.append(LogEntry(sequence, user_id, place_id, moderator, now, stored))
        return stored

    # -- handlers --------------------------------------------------------------

    def get_restriction(self, request: Request, u: str, place: str | None, user: str) -> Any:
        """``GET .../user-restrictions/{user}`` at universe or place level."""
        universe_id = parse_universe_id(u)
        place_id = _parse_id(place, "place") if place is not None else None
        user_id = _parse_id(user, "user")
        return self._view(self._bans(universe_id), universe_id, place_id, user_id)

    def list_restrictions(self, request: Request, u: str, place: str | None) -> Any:
        """``GET .../user-restrictions``: everyone ever banned, in user ID order."""
        universe_id = parse_universe_id(u)
        place_id = _parse_id(place, "place") if place is not None else None
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, int):
            raise invalid("Invalid page token.")
        bans = self._bans(universe_id)
        users = {user for user, found in bans.universe.items() if found.ever_active}
        if place_id is not None:
            users.update(user for user, found in bans.places.get(place_id, {}).items() if found.ever_active)
        ordered = (user for user in sorted(users) if cursor is None or user > cursor)
        page, more = take(ordered, size)
        result: dict[str, Any] = {
            "userRestrictions": [self._view(bans, universe_id, place_id, user) for user in page]
        }
        if more:
            result["nextPageToken"] = encode_token(page[-1], query_hash)
        return result

    def list_logs(self, request: Request, u: str) -> Any:
        """``GET .../user-restrictions:listLogs``, newest first, optionally filtered."""
        universe_id = parse_universe_id(u)
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        user_id, place_id = _parse_log_filter(request.params.get("filter"))
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, int):
            raise invalid("Invalid page token.")
        logs = self._bans(universe_id).logs
        matching = (
            entry
            for entry in reversed(logs)
            if (cursor is None or entry.sequence < cursor)
            and (user_id is None or entry.user_id == user_id)
            and (place_id is None or entry.place_id == place_id)
        )
        page, more = take(matching, size)
        result: dict[str, Any] = {"logs": [_log_json(entry) for entry in page]}
        if more:
            result["nextPageToken"] = encode_token(page[-1].sequence, query_hash)
        return result

    def update_restriction(self, request: Request, u: str, place: str | None, user: str) -> Any:
        """``PATCH .../user-restrictions/{user}``: replace the whole game-join restriction."""
        universe_id = parse_universe_id(u)
        place_id = _parse_id(place, "place") if place is not None else None
        user_id = _parse_id(user, "user")
        mask = request.params.get("updateMask")
        if mask is not None and mask not in _MASKS:
            raise invalid(f"Invalid updateMask {mask!r}: gameJoinRestriction must be updated as a whole.")
        key = request.params.get("idempotencyKey.key")
        first_sent = request.params.get("idempotencyKey.firstSent")
        if first_sent is not None:
            if key is None:
                raise invalid("idempotencyKey.firstSent needs idempotencyKey.key.")
            if parse_time(first_sent) is None:
                raise invalid(f"Invalid idempotencyKey.firstSent {first_sent!r}.")
        if key is not None and not key:
            raise invalid("idempotencyKey.key must not be empty.")
        new = _parse_restriction(request.payload)
        bans = self._bans(universe_id)
        now = self._context.now()
        fingerprint = json.dumps([request.path, mask or "", request.payload], sort_keys=True)
        if key is not None:
            remembered = bans.keys.get(key)
            if remembered is not None and now >= remembered.expires:
                del bans.keys[key]
                remembered = None
            if remembered is not None:
                if remembered.fingerprint != fingerprint:
                    raise ApiError("ABORTED", "The idempotency key was already used for another request.")
                return remembered.response
        self._apply(bans, place_id, user_id, new, now, moderator=self.moderator_user_id)
        response = self._view(bans, universe_id, place_id, user_id)
        if key is not None:
            bans.keys[key] = _Remembered(fingerprint, now + IDEMPOTENCY_LIFETIME, response)
        return response

    # -- rendering -------------------------------------------------------------

    def _view(
        self, bans: UniverseBans, universe_id: int, place_id: int | None, user_id: int
    ) -> dict[str, Any]:
        now = self._context.now()
        if place_id is None:
            path = f"universes/{universe_id}/user-restrictions/{user_id}"
            own = bans.universe.get(user_id)
            return _restriction_json(path, user_id, own or Restriction(), now, inherited=None)
        path = f"universes/{universe_id}/places/{place_id}/user-restrictions/{user_id}"
        own = bans.places.get(place_id, {}).get(user_id)
        parent = bans.universe.get(user_id)
        if (own is None or not own.in_force(now)) and parent is not None and parent.in_force(now):
            return _restriction_json(path, user_id, parent, now, inherited=True)
        return _restriction_json(path, user_id, own or Restriction(), now, inherited=False)


def _restriction_json(
    path: str, user_id: int, found: Restriction, now: datetime, *, inherited: bool | None
) -> dict[str, Any]:
    in_force = found.in_force(now)
    restriction: dict[str, Any] = {"active": in_force}
    if in_force and found.start_time is not None:
        restriction["startTime"] = format_time(found.start_time)
        if found.duration is not None:
            restriction["duration"] = f"{found.duration}s"
    restriction["privateReason"] = found.private_reason
    restriction["displayReason"] = found.display_reason
    restriction["excludeAltAccounts"] = found.exclude_alt_accounts
    if inherited is not None:
        restriction["inherited"] = inherited
    result: dict[str, Any] = {"path": path}
    if found.update_time is not None:
        result["updateTime"] = format_time(found.update_time)
    result["user"] = f"users/{user_id}"
    result["gameJoinRestriction"] = restriction
    return result


def _log_json(entry: LogEntry) -> dict[str, Any]:
    found = entry.restriction
    result: dict[str, Any] = {"user": f"users/{entry.user_id}"}
    if entry.place_id is not None:  # empty (omitted) for universe-level changes
        result["place"] = f"places/{entry.place_id}"
    if entry.moderator_user_id is None:
        result["moderator"] = {"gameServerScript": {}}
    else:
        result["moderator"] = {"robloxUser": f"users/{entry.moderator_user_id}"}
    result["createTime"] = format_time(entry.create_time)
    result["active"] = found.active
    if found.active and found.start_time is not None:
        result["startTime"] = format_time(found.start_time)
        if found.duration is not None:
            result["duration"] = f"{found.duration}s"
    result["privateReason"] = found.private_reason
    result["displayReason"] = found.display_reason
    result["restrictionType"] = {"gameJoinRestriction": {}}
    result["excludeAltAccounts"] = found.exclude_alt_accounts
    return result


def _parse_id(raw: str, what: str) -> int:
    if not _ID.fullmatch(raw) or not 0 < int(raw) < 2**63:
        raise invalid(f"Invalid {what} ID '{raw}'.")
    return int(raw)


def _parse_restriction(payload: Any) -> Restriction:
    check_fields(payload, _BODY_FIELDS)
    body = payload.get("gameJoinRestriction")
    if not isinstance(body, dict):
        raise invalid("gameJoinRestriction is required and must be an object.")
    check_fields(body, _RESTRICTION_FIELDS)
    active = body.get("active", False)
    if not isinstance(active, bool):
        raise invalid("gameJoinRestriction.active must be a boolean.")
    exclude = body.get("excludeAltAccounts", False)
    if not isinstance(exclude, bool):
        raise invalid("gameJoinRestriction.excludeAltAccounts must be a boolean.")
    private = _reason(body, "privateReason", MAX_PRIVATE_REASON)
    display = _reason(body, "displayReason", MAX_DISPLAY_REASON)
    duration: int | None = None
    if "duration" in body:
        seconds = parse_duration(body["duration"], "gameJoinRestriction.duration")
        if seconds != int(seconds):
            raise invalid("gameJoinRestriction.duration must be whole seconds.")
        if not 1 <= seconds <= MAX_DURATION_SECONDS:
            raise invalid(f"gameJoinRestriction.duration must be between 1s and {MAX_DURATION_SECONDS}s.")
        duration = int(seconds)
    return Restriction(active, None, duration, private, display, exclude)


def _reason(body: dict[str, Any], name: str, limit: int) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise invalid(f"gameJoinRestriction.{name} must be a string.")
    if len(value) > limit:
        raise invalid(f"gameJoinRestriction.{name} must be at most {limit} characters.")
    return value


def _parse_log_filter(text: str | None) -> tuple[int | None, int | None]:
    """``user == 'users/1' && place == 'places/2'`` (either clause optional, each at most once)."""
    user_id: int | None = None
    place_id: int | None = None
    if not text:
        return user_id, place_id
    for clause in text.split("&&"):
        match = _FILTER_CLAUSE.fullmatch(clause)
        if match is None or match.group(3) != match.group(1) + "s":
            raise invalid(f"Invalid filter {text!r}: use user == 'users/ID' and/or place == 'places/ID'.")
        value = int(match.group(4))
        if match.group(1) == "user":
            if user_id is not None:
                raise invalid(f"Invalid filter {text!r}: user given twice.")
            user_id = value
        else:
            if place_id is not None:
                raise invalid(f"Invalid filter {text!r}: place given twice.")
            place_id = value
    return user_id, place_id
