"""Group models shared by both twins: roles and their permissions, the shout,
and the small wire values of memberships and join requests.

The groups API is cloud v2 (``/cloud/v2/groups/{group_id}`` and its
``memberships``, ``roles``, ``join-requests`` and ``shout``). Resources name
each other by path: a membership's ``user`` is ``users/156``, its ``role`` is
``groups/7/roles/99513316``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .checks import check_int
from .fields import (
    ResponseShapeError,
    as_object,
    opt_bool,
    opt_int,
    opt_object,
    opt_path_id,
    opt_str,
    opt_time,
    req_int,
    req_str,
)
from .handles import UserHandle
from .reprs import model_repr

__all__ = [
    "GroupRole",
    "GroupRolePermissions",
    "GroupShout",
    "MEMBERS_PAGE",
    "ROLES_PAGE",
    "JOIN_REQUESTS_PAGE",
    "group_of",
    "member_filter",
    "role_path",
    "user_filter",
]

MEMBERS_PAGE = 100
"""Largest page of ``memberships`` (the default is 10)."""

ROLES_PAGE = 20
"""Largest page of ``roles`` (the default is 10)."""

JOIN_REQUESTS_PAGE = 20
"""Largest page of ``join-requests`` (the default is 10)."""

# attribute -> GroupRole_RolePermissions field
_PERMISSIONS: dict[str, str] = {
    "view_wall_posts": "viewWallPosts",
    "create_wall_posts": "createWallPosts",
    "delete_wall_posts": "deleteWallPosts",
    "view_group_shout": "viewGroupShout",
    "create_group_shout": "createGroupShout",
    "change_member_ranks": "changeRank",
    "accept_join_requests": "acceptRequests",
    "exile_members": "exileMembers",
    "manage_relationships": "manageRelationships",
    "view_audit_log": "viewAuditLog",
    "spend_group_funds": "spendGroupFunds",
    "advertise_group": "advertiseGroup",
    "create_avatar_items": "createAvatarItems",
    "manage_avatar_items": "manageAvatarItems",
    "manage_experiences": "manageGroupUniverses",
    "view_experience_analytics": "viewUniverseAnalytics",
    "create_api_keys": "createApiKeys",
    "manage_api_keys": "manageApiKeys",
}


@dataclass(frozen=True, slots=True, repr=False)
class GroupRolePermissions:
    """What the members of a role may do in the group (``False`` where the
    answer leaves a permission out, as cloud v2 does for false values).

    Attributes:
        view_wall_posts: View the group wall.
        create_wall_posts: Post on the group wall.
        delete_wall_posts: Delete group wall posts.
        view_group_shout: View the group shout.
        create_group_shout: Post the group shout.
        change_member_ranks: Manage the ranks of lower-ranked members.
        accept_join_requests: Accept join requests.
        exile_members: Kick lower-ranked members.
        manage_relationships: Manage allies and enemies.
        view_audit_log: View the audit log.
        spend_group_funds: Spend group funds.
        advertise_group: Advertise the group.
        create_avatar_items: Create avatar items.
        manage_avatar_items: Configure avatar items.
        manage_experiences: Create and edit group experiences.
        view_experience_analytics: View group experience analytics.
        create_api_keys: Create group API keys.
        manage_api_keys: Administer all group API keys.
    """

    view_wall_posts: bool
    create_wall_posts: bool
    delete_wall_posts: bool
    view_group_shout: bool
    create_group_shout: bool
    change_member_ranks: bool
    accept_join_requests: bool
    exile_members: bool
    manage_relationships: bool
    view_audit_log: bool
    spend_group_funds: bool
    advertise_group: bool
    create_avatar_items: bool
    manage_avatar_items: bool
    manage_experiences: bool
    view_experience_analytics: bool
    create_api_keys: bool
    manage_api_keys: bool

    @classmethod
    def from_wire(cls, data: Any) -> GroupRolePermissions:
        """Read a ``GroupRole_RolePermissions`` object."""
        data = as_object(data, "the role's permissions")
        return cls(**{name: opt_bool(data, field) is True for name, field in _PERMISSIONS.items()})

    def __repr__(self) -> str:
        granted = [name for name in _PERMISSIONS if getattr(self, name)]
        return model_repr(self, granted=granted)


@dataclass(frozen=True, slots=True, repr=False)
class GroupRole:
    """A role (rank) of a group.

    Attributes:
        id: The role ID (distinct from its rank).
        name: The role's name.
        rank: Its rank in the group, 0 (guest) to 255 (owner).
        description: Its description (only shown to the group's owner), else ``None``.
        member_count: How many members hold it (``None`` for the guest role).
        permissions: Its `GroupRolePermissions`, when the key may see them
            (the owner sees every role's, a member their own role's, anyone
            the guest role's), else ``None``.
    """

    id: int
    name: str
    rank: int
    description: str | None
    member_count: int | None
    permissions: GroupRolePermissions | None

    @classmethod
    def from_wire(cls, data: Any) -> GroupRole:
        """Read a ``GroupRole`` resource."""
        data = as_object(data, "a role")
        permissions = opt_object(data, "permissions")
        return cls(
            id=req_int(data, "id"),
            name=req_str(data, "displayName"),
            rank=opt_int(data, "rank") or 0,  # cloud v2 leaves out zero values (the guest rank)
            description=opt_str(data, "description"),
            member_count=opt_int(data, "memberCount"),
            permissions=GroupRolePermissions.from_wire(permissions) if permissions is not None else None,
        )

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, name=self.name, rank=self.rank)


@dataclass(frozen=True, slots=True, repr=False)
class GroupShout:
    """A group's shout (its status message).

    Attributes:
        content: The shout's text (``""`` when the group has none).
        user: The `User` who posted it, or ``None`` when the group has no shout.
        created_at: When this shout was posted (the last update of the shout).
        first_created_at: When the group's first shout was posted.
    """

    content: str
    user: UserHandle | None
    created_at: datetime | None
    first_created_at: datetime | None

    @classmethod
    def from_wire(cls, data: Any, user: Callable[[int], UserHandle]) -> GroupShout:
        """Read a ``GroupShout``; ``user`` makes the handle of the poster."""
        data = as_object(data)
        req_str(data, "path")  # a shout answer always names its resource
        poster = opt_path_id(data, "poster")
        return cls(
            content=opt_str(data, "content") or "",
            user=user(poster) if poster is not None else None,
            created_at=opt_time(data, "updateTime"),
            first_created_at=opt_time(data, "createTime"),
        )

    def __repr__(self) -> str:
        return model_repr(self, content=self.content)


def role_path(group_id: int, role_id: Any) -> str:
    """The resource path of a role, validating ``role_id``."""
    return f"groups/{group_id}/roles/{check_int(role_id, 'role_id', minimum=1)}"


def user_filter(user_id: Any) -> str:
    """The ``user == 'users/{id}'`` filter of memberships and join requests."""
    return f"user == 'users/{check_int(user_id, 'user_id', minimum=1)}'"


def member_filter(group_id: int, role_id: Any) -> str | None:
    """The memberships filter of ``list_members`` (``None``: every member)."""
    if role_id is None:
        return None
    return f"role == '{role_path(group_id, role_id)}'"


def group_of(data: dict[str, Any]) -> int:
    """The group ID of a membership or join request, read from its ``path``
    (``groups/7/memberships/...``) or, failing that, its ``role``."""
    for key in ("path", "role"):
        parts = str(data.get(key) or "").split("/")
        if len(parts) >= 2 and parts[0] == "groups" and parts[1].isascii() and parts[1].isdigit():
            group_id = int(parts[1])
            if group_id >= 1:
                return group_id
    raise ResponseShapeError("the membership names no group (no 'path' or 'role' under groups/{id})")
