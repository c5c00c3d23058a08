"""The groups area: groups with roles (and their permissions), memberships,
join requests and the shout, on cloud v2 (``/cloud/v2/groups/...``).

Memberships are addressed by the member's user ID or by their membership ID
(the unpadded base64url of the user ID, as Roblox hands them out); listing
``groups/-/memberships`` needs a ``user`` filter. Accepting a join request
makes the user a member with the group's lowest non-guest role. The demo data
is group 42 (owned by user 287113233) and group 43; tests add more with
`GroupArea.add_group`, `add_role`, `add_member` and `add_join_request`.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ._area import Area, Context, Request, Route, check_fields, empty_response, parse_id, required_str
from ._errors import ApiError, invalid, not_found
from ._paging import encode_token, page_size, take
from ._time import format_time

__all__ = ["GroupArea", "PERMISSIONS"]

PERMISSIONS = (
    "viewWallPosts",
    "createWallPosts",
    "deleteWallPosts",
    "viewGroupShout",
    "createGroupShout",
    "changeRank",
    "acceptRequests",
    "exileMembers",
    "manageRelationships",
    "viewAuditLog",
    "spendGroupFunds",
    "advertiseGroup",
    "createAvatarItems",
    "manageAvatarItems",
    "manageGroupUniverses",
    "viewUniverseAnalytics",
    "createApiKeys",
    "manageApiKeys",
)
"""The role permissions the emulator keeps (``GroupRole_RolePermissions`` fields)."""

DEMO_GROUP_ID = 42
DEMO_GROUP_OWNER = 287113233
_FILTER_EQ = re.compile(r"(user|role) == '([^']*)'")
_FILTER_IN = re.compile(r"user in \[([^\]]*)\]")
_USER_PATH = re.compile(r"users/([0-9]{1,19})")
_MAX_IN_USERS = 50


@dataclass(slots=True)
class _Role:
    id: int
    name: str
    rank: int
    description: str
    permissions: dict[str, bool]
    created: datetime


@dataclass(slots=True)
class _Membership:
    role_id: int
    created: datetime
    updated: datetime


@dataclass(slots=True)
class _Shout:
    content: str
    poster: int
    first_created: datetime
    updated: datetime


@dataclass(slots=True)
class _Group:
    id: int
    name: str
    description: str
    owner: int | None
    created: datetime
    updated: datetime
    public_entry: bool = False
    locked: bool = False
    verified: bool = False
    roles: dict[int, _Role] = field(default_factory=dict)
    members: dict[int, _Membership] = field(default_factory=dict)
    join_requests: dict[int, datetime] = field(default_factory=dict)
    shout: _Shout | None = None


def membership_id(user_id: int) -> str:
    """The membership ID Roblox gives a user's membership: unpadded base64url of the user ID."""
    return base64.urlsafe_b64encode(str(user_id).encode()).decode().rstrip("=")


class GroupArea(Area):
    """Groups, their roles, members, join requests and shout."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._groups: dict[int, _Group] = {}
        self._next_role_id = 1_000_000

    def route(self, method: str, segments: list[str]) -> Route | None:
        page = frozenset({"maxPageSize", "pageToken"})
        match method, segments:
            case "GET", ["cloud", "v2", "groups", g]:
                return Route(lambda r: self.get_group(r, g))
            case "GET", ["cloud", "v2", "groups", g, "memberships"]:
                return Route(lambda r: self.list_memberships(r, g), params=page | {"filter"})
            case "PATCH", ["cloud", "v2", "groups", g, "memberships", m]:
                return Route(lambda r: self.update_membership(r, g, m), needs_body=True)
            case "GET", ["cloud", "v2", "groups", g, "roles"]:
                return Route(lambda r: self.list_roles(r, g), params=page)
            case "GET", ["cloud", "v2", "groups", g, "roles", role]:
                return Route(lambda r: self.get_role(r, g, role))
            case "GET", ["cloud", "v2", "groups", g, "join-requests"]:
                return Route(lambda r: self.list_join_requests(r, g), params=page | {"filter"})
            case "POST", [
                "cloud",
                "v2",
                "groups",
                g,
                "join-requests",
                user,
                (":accept" | ":decline") as verb,
            ]:
                return Route(
                    lambda r: self.answer_join_request(r, g, user, verb == ":accept"), needs_body=True
                )
            case "GET", ["cloud", "v2", "groups", g, "shout"]:
                return Route(lambda r: self.get_shout(r, g))
        return None

    def clear(self) -> None:
        self._groups.clear()
        self._next_role_id = 1_000_000

    def seed(self, universe_id: int) -> None:
        if DEMO_GROUP_ID in self._groups:
            return
        created = datetime(2022, 3, 14, 9, 26, 53, tzinfo=timezone.utc)
        self._add_group(DEMO_GROUP_ID, "Demo Group", DEMO_GROUP_OWNER, created, description="The demo group.")
        group = self._groups[DEMO_GROUP_ID]
        group.verified = True
        officer = self._add_role(
            DEMO_GROUP_ID, "Officer", 100, created, permissions=["changeRank", "acceptRequests"]
        )
        member = min((role for role in group.roles.values() if role.rank > 0), key=lambda role: role.rank).id
        for user_id in (156, 1001, 1002, 1003):
            group.members[user_id] = _Membership(member, created, created)
        group.members[1001].role_id = officer
        for user_id in (1004, 1005):
            group.join_requests[user_id] = created
        group.shout = _Shout("Welcome to the demo group!", DEMO_GROUP_OWNER, created, created)
        self._add_group(43, "Demo Builders", 156, created, public_entry=True)
        self._groups[43].members[DEMO_GROUP_OWNER] = _Membership(
            min(role.id for role in self._groups[43].roles.values() if role.rank == 1), created, created
        )

    # -- helpers for tests -------------------------------------------------------

    def add_group(
        self,
        group_id: int,
        name: str,
        owner_id: int | None,
        *,
        description: str = "",
        public_entry: bool = False,
        locked: bool = False,
        verified: bool = False,
    ) -> None:
        """Add a group with a Guest (rank 0), Member (1) and Owner (255) role; the owner is a member."""
        with self._context.lock:
            self._add_group(
                group_id,
                name,
                owner_id,
                self._context.now(),
                description=description,
                public_entry=public_entry,
            )
            self._groups[group_id].locked = locked
            self._groups[group_id].verified = verified

    def add_role(
        self,
        group_id: int,
        name: str,
        rank: int,
        *,
        permissions: list[str] | None = None,
        description: str = "",
    ) -> int:
        """Add a role to a group; returns its ID. ``permissions`` names the granted ones."""
        with self._context.lock:
            return self._add_role(
                group_id, name, rank, self._context.now(), permissions=permissions, description=description
            )

    def add_member(self, group_id: int, user_id: int, role_id: int | None = None) -> None:
        """Make a user a member (default role: the lowest non-guest one)."""
        with self._context.lock:
            group = self._groups[group_id]
            role = role_id if role_id is not None else _entry_role(group)
            if role not in group.roles:
                raise ValueError(f"group {group_id} has no role {role}")
            now = self._context.now()
            group.members[user_id] = _Membership(role, now, now)

    def add_join_request(self, group_id: int, user_id: int) -> None:
        """Add a pending request of ``user_id`` to join the group."""
        with self._context.lock:
            self._groups[group_id].join_requests[user_id] = self._context.now()

    def set_shout(self, group_id: int, content: str, poster: int) -> None:
        """Post a shout (the first one's time is kept as the shout's creation time)."""
        with self._context.lock:
            group = self._groups[group_id]
            now = self._context.now()
            first = group.shout.first_created if group.shout is not None else now
            group.shout = _Shout(content, poster, first, now)

    def member_role(self, group_id: int, user_id: int) -> int | None:
        """A member's role ID, or ``None`` if the user is not a member."""
        with self._context.lock:
            found = self._groups[group_id].members.get(user_id)
            return found.role_id if found is not None else None

    def pending_join_requests(self, group_id: int) -> list[int]:
        """The user IDs with a pending request to join, in order."""
        with self._context.lock:
            return sorted(self._groups[group_id].join_requests)

    def role_ids(self, group_id: int) -> dict[str, int]:
        """A group's role IDs by role name."""
        with self._context.lock:
            return {role.name: role.id for role in self._groups[group_id].roles.values()}

    def _add_group(
        self,
        group_id: int,
        name: str,
        owner_id: int | None,
        created: datetime,
        *,
        description: str = "",
        public_entry: bool = False,
    ) -> None:
        self._groups[group_id] = _Group(group_id, name, description, owner_id, created, created, public_entry)
        self._add_role(group_id, "Guest", 0, created, permissions=["viewWallPosts", "viewGroupShout"])
        self._add_role(
            group_id, "Member", 1, created, permissions=["viewWallPosts", "createWallPosts", "viewGroupShout"]
        )
        owner_role = self._add_role(group_id, "Owner", 255, created, permissions=list(PERMISSIONS))
        if owner_id is not None:
            self._groups[group_id].members[owner_id] = _Membership(owner_role, created, created)

    def _add_role(
        self,
        group_id: int,
        name: str,
        rank: int,
        created: datetime,
        *,
        permissions: list[str] | None = None,
        description: str = "",
    ) -> int:
        granted = set(permissions or [])
        unknown = granted - set(PERMISSIONS)
        if unknown:
            raise ValueError(f"unknown permissions {sorted(unknown)}")
        if not 0 <= rank <= 255:
            raise ValueError("rank must be between 0 and 255")
        role_id = self._next_role_id
        self._next_role_id += 1
        permissions_json = {name: name in granted for name in PERMISSIONS}
        self._groups[group_id].roles[role_id] = _Role(
            role_id, name, rank, description, permissions_json, created
        )
        return role_id

    # -- handlers ----------------------------------------------------------------

    def _group(self, raw: str) -> _Group:
        group_id = parse_id(raw, "group ID")
        found = self._groups.get(group_id)
        if found is None:
            raise not_found(f"Group {group_id} not found.")
        return found

    def get_group(self, request: Request, g: str) -> Any:
        """``GET /cloud/v2/groups/{g}`` (cloud v2 leaves out empty and false fields)."""
        group = self._group(g)
        result: dict[str, Any] = {
            "path": f"groups/{group.id}",
            "createTime": format_time(group.created),
            "updateTime": format_time(group.updated),
            "id": str(group.id),
            "displayName": group.name,
            "memberCount": len(group.members),
        }
        if group.description:
            result["description"] = group.description
        if group.owner is not None:
            result["owner"] = f"users/{group.owner}"
        for name, value in (
            ("publicEntryAllowed", group.public_entry),
            ("locked", group.locked),
            ("verified", group.verified),
        ):
            if value:
                result[name] = True
        return result

    def list_memberships(self, request: Request, g: str) -> Any:
        """``GET /cloud/v2/groups/{g}/memberships`` (``g`` may be ``-`` with a user filter)."""
        users, role = _membership_filter(request.params.get("filter"), wildcard=g == "-")
        if g == "-":
            groups = sorted(self._groups.values(), key=lambda group: group.id)
        else:
            groups = [self._group(g)]
            if role is not None and (role[0] != groups[0].id or role[1] not in groups[0].roles):
                raise invalid(f"Invalid filter: group {groups[0].id} has no role {role[1]}.")
        rows = [
            (group, user_id, membership)
            for group in groups
            for user_id, membership in sorted(group.members.items())
            if (users is None or user_id in users) and (role is None or membership.role_id == role[1])
        ]
        return self._page(
            request, "groupMemberships", rows, lambda row: [row[0].id, row[1]], _membership_json
        )

    def update_membership(self, request: Request, g: str, m: str) -> Any:
        """``PATCH /cloud/v2/groups/{g}/memberships/{m}``: assign the member's role."""
        group = self._group(g)
        user_id = _membership_user(m)
        body = request.payload
        check_fields(body, frozenset({"path", "user", "role"}))
        if "user" in body and body["user"] != f"users/{user_id}":
            raise invalid("The field 'user' does not match the membership.")
        if "path" in body and body["path"] not in (f"groups/{group.id}/memberships/{m}",):
            raise invalid("The field 'path' does not match the membership.")
        role_path = required_str(body, "role")
        match = re.fullmatch(r"groups/([0-9]{1,19})/roles/([0-9]{1,19})", role_path)
        if match is None or int(match.group(1)) != group.id:
            raise invalid(f"Invalid role {role_path!r}.")
        role = group.roles.get(int(match.group(2)))
        if role is None:
            raise not_found(f"Role {match.group(2)} not found in group {group.id}.")
        if role.rank in (0, 255):
            raise invalid("The guest and owner roles cannot be assigned.")
        membership = group.members.get(user_id)
        if membership is None:
            raise not_found(f"User {user_id} is not a member of group {group.id}.")
        if membership.role_id != role.id:
            membership.role_id = role.id
            membership.updated = self._context.now()
        return _membership_json((group, user_id, membership))

    def list_roles(self, request: Request, g: str) -> Any:
        """``GET /cloud/v2/groups/{g}/roles``, lowest rank first."""
        group = self._group(g)
        rows = sorted(group.roles.values(), key=lambda role: (role.rank, role.id))
        return self._page(
            request,
            "groupRoles",
            rows,
            lambda role: [role.rank, role.id],
            lambda role: _role_json(group, role),
        )

    def get_role(self, request: Request, g: str, raw_role: str) -> Any:
        """``GET /cloud/v2/groups/{g}/roles/{role}``."""
        group = self._group(g)
        role = group.roles.get(parse_id(raw_role, "role ID"))
        if role is None:
            raise not_found(f"Role {raw_role} not found in group {group.id}.")
        return _role_json(group, role)

    def list_join_requests(self, request: Request, g: str) -> Any:
        """``GET /cloud/v2/groups/{g}/join-requests``, by user ID, optionally one user's."""
        group = self._group(g)
        users, role = _membership_filter(request.params.get("filter"), wildcard=False)
        if role is not None:
            raise invalid("Invalid filter: join requests are filtered by user only.")
        rows = [
            (group, user_id, created)
            for user_id, created in sorted(group.join_requests.items())
            if users is None or user_id in users
        ]
        return self._page(request, "groupJoinRequests", rows, lambda row: row[1], _join_request_json)

    def answer_join_request(self, request: Request, g: str, raw_user: str, accept: bool) -> Any:
        """``POST .../join-requests/{user}:accept`` or ``:decline`` (an empty body); answers 200 with no body."""
        group = self._group(g)
        check_fields(request.payload, frozenset())
        user_id = parse_id(raw_user, "join request ID")
        if user_id not in group.join_requests:
            raise not_found(f"No join request of user {user_id} in group {group.id}.")
        del group.join_requests[user_id]
        if accept:
            now = self._context.now()
            group.members[user_id] = _Membership(_entry_role(group), now, now)
        return empty_response(200)

    def get_shout(self, request: Request, g: str) -> Any:
        """``GET /cloud/v2/groups/{g}/shout`` (``content`` alone when there is none)."""
        group = self._group(g)
        result: dict[str, Any] = {"path": f"groups/{group.id}/shout"}
        shout = group.shout
        if shout is not None:
            result.update(
                content=shout.content,
                poster=f"users/{shout.poster}",
                createTime=format_time(shout.first_created),
                updateTime=format_time(shout.updated),
            )
        return result

    def _page(self, request: Request, items: str, rows: list[Any], key: Any, render: Any) -> dict[str, Any]:
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=_MAX_PAGE_SIZES[items])
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, (int, list)):
            raise invalid("Invalid page token.")
        remaining = (row for row in rows if cursor is None or key(row) > cursor)
        page, more = take(remaining, size)
        result: dict[str, Any] = {items: [render(row) for row in page]}
        if more:
            result["nextPageToken"] = encode_token(key(page[-1]), query_hash)
        return result


_MAX_PAGE_SIZES = {"groupMemberships": 100, "groupRoles": 20, "groupJoinRequests": 20}


def _entry_role(group: _Group) -> int:
    """The lowest non-guest role, given to new members."""
    candidates = [role for role in group.roles.values() if 0 < role.rank < 255]
    if not candidates:
        raise ApiError("FAILED_PRECONDITION", f"Group {group.id} has no role for new members.", status=400)
    return min(candidates, key=lambda role: (role.rank, role.id)).id


def _membership_user(raw: str) -> int:
    """The user ID of a membership segment: the user ID itself or the membership ID."""
    if raw.isascii() and raw.isdigit():
        return parse_id(raw, "membership ID")
    try:
        decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid(f"Invalid membership ID {raw!r}.") from None
    if not decoded.isdigit() or membership_id(int(decoded)) != raw:
        raise invalid(f"Invalid membership ID {raw!r}.")
    return parse_id(decoded, "membership ID")


def _membership_filter(text: str | None, *, wildcard: bool) -> tuple[set[int] | None, tuple[int, int] | None]:
    """The users and the ``(group, role)`` a memberships filter names (``None``: any)."""
    if not text:
        if wildcard:
            raise invalid("Listing memberships of every group (groups/-) needs a user filter.")
        return None, None
    match = _FILTER_EQ.fullmatch(text)
    if match is not None and match.group(1) == "user":
        user = _USER_PATH.fullmatch(match.group(2))
        if user is None:
            raise invalid(f"Invalid filter {text!r}.")
        return {int(user.group(1))}, None
    if match is not None:
        role = re.fullmatch(r"groups/([0-9]{1,19})/roles/([0-9]{1,19})", match.group(2))
        if role is None or wildcard:
            raise invalid(f"Invalid filter {text!r}.")
        return None, (int(role.group(1)), int(role.group(2)))
    listed = _FILTER_IN.fullmatch(text)
    if listed is None or not wildcard:
        raise invalid(f"Invalid filter {text!r}.")
    users: set[int] = set()
    for item in listed.group(1).split(","):
        user = re.fullmatch(r"\s*'users/([0-9]{1,19})'\s*", item)
        if user is None:
            raise invalid(f"Invalid filter {text!r}.")
        users.add(int(user.group(1)))
    if len(users) > _MAX_IN_USERS:
        raise invalid(f"Invalid filter: at most {_MAX_IN_USERS} users.")
    return users, None


def _membership_json(row: tuple[_Group, int, _Membership]) -> dict[str, Any]:
    group, user_id, membership = row
    role = f"groups/{group.id}/roles/{membership.role_id}"
    return {
        "path": f"groups/{group.id}/memberships/{membership_id(user_id)}",
        "createTime": format_time(membership.created),
        "updateTime": format_time(membership.updated),
        "user": f"users/{user_id}",
        "role": role,
        "roles": [role],
    }


def _role_json(group: _Group, role: _Role) -> dict[str, Any]:
    result: dict[str, Any] = {
        "path": f"groups/{group.id}/roles/{role.id}",
        "createTime": format_time(role.created),
        "updateTime": format_time(role.created),
        "id": str(role.id),
        "displayName": role.name,
        "rank": role.rank,
        "permissions": dict(role.permissions),
    }
    if role.description:
        result["description"] = role.description
    if role.rank > 0:  # not returned for the guest role
        result["memberCount"] = sum(1 for member in group.members.values() if member.role_id == role.id)
    return result


def _join_request_json(row: tuple[_Group, int, datetime]) -> dict[str, Any]:
    group, user_id, created = row
    return {
        "path": f"groups/{group.id}/join-requests/{user_id}",
        "createTime": format_time(created),
        "user": f"users/{user_id}",
    }
