"""Groups: the ``Group`` entry point, its members, roles, join requests and shout.

Everything is cloud v2 (``/cloud/v2/groups/{group_id}/...``). A membership is
addressed by the member's user ID, which Roblox accepts in place of a
membership ID. `GroupMember` and `GroupJoinRequest` are defined in ``user.py``
(they are users) and re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._client import ClientOptions
from ._resource import paginate
from ._shared import checks, deferred_names, fields, group as shared, paths
from ._shared.page_style import V2_TOKEN
from .creator import Creator
from .user import GroupJoinRequest, GroupMember, User

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._paginator import AsyncPaginator
    from ._shared.group import GroupRole, GroupRolePermissions, GroupShout

__all__ = [
    "Group",
    "GroupJoinRequest",
    "GroupMember",
    "GroupRole",
    "GroupRolePermissions",
    "GroupShout",
]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "GroupRole", "GroupRolePermissions", "GroupShout")


def _check_user(user_id: Any) -> int:
    return checks.check_int(user_id, "user_id", minimum=1)


class Group(Creator):
    """A Roblox group.

    Args:
        id: The group ID.
        api_key: An API key with access to the group's resources. It is never
            shown in a repr, log record or exception message.
        **options: The keyword options of `Experience`.

    Attributes:
        id: The group ID.
        name: The group's name (after `fetch_info`), else ``None``.
        description: The group's description (after `fetch_info`), else ``None``.
        created_at: When the group was created (after `fetch_info`), else ``None``.
        updated_at: When the group last changed (after `fetch_info`), else ``None``.
        owner: The owning `User` (after `fetch_info`; ``None`` for an abandoned group).
        member_count: How many members it has (after `fetch_info`), else ``None``.
        public_entry: Whether anyone may join without a request (after `fetch_info`), else ``None``.
        locked: Whether Roblox moderation locked the group (after `fetch_info`), else ``None``.
        verified: Whether the group has the verified badge (after `fetch_info`), else ``None``.
    """

    def __init__(self, id: int, api_key: str, **options: Unpack[ClientOptions]) -> None:  # noqa: A002
        super().__init__(id, api_key, "Group", **options)

    def _setup(self, id: int) -> None:  # noqa: A002
        super()._setup(id)
        self.name: str | None = None
        self.description: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self.owner: User | None = None
        self.member_count: int | None = None
        self.public_entry: bool | None = None
        self.locked: bool | None = None
        self.verified: bool | None = None
        # Role ID -> role, filled by list_roles and fetch_role.
        self._roles: dict[int, GroupRole] = {}

    async def fetch_info(self) -> Group:
        """Fetch the group's information into this object's attributes.

        Returns:
            This object, with its attributes filled in.

        Raises:
            NotFound: There is no group with this ID.
        """
        data = await self._client.request_json(
            "GET", paths.api_path("/cloud/v2/groups/{}", self.id), parse=fields.as_object
        )
        owner = fields.opt_path_id(data, "owner")
        self.name = fields.opt_str(data, "displayName")
        self.description = fields.opt_str(data, "description") or ""
        self.created_at = fields.opt_time(data, "createTime")
        self.updated_at = fields.opt_time(data, "updateTime")
        self.owner = User._bind(self._client, owner) if owner is not None else None
        # cloud v2 leaves out zeros and false values
        self.member_count = fields.opt_int(data, "memberCount") or 0
        self.public_entry = fields.opt_bool(data, "publicEntryAllowed") is True
        self.locked = fields.opt_bool(data, "locked") is True
        self.verified = fields.opt_bool(data, "verified") is True
        return self

    # -- members -------------------------------------------------------------------

    def _member(self, item: dict[str, Any]) -> GroupMember:
        return GroupMember._from_wire(self._client, item, self)

    async def fetch_member(self, user_id: int) -> GroupMember | None:
        """Fetch one user's membership of the group.

        Args:
            user_id: The user ID.

        Returns:
            The `GroupMember`, or ``None`` if the user is not a member.
        """
        params = {"maxPageSize": 1, "filter": shared.user_filter(user_id)}

        def first(body: Any) -> GroupMember | None:
            members = fields.opt_list(fields.as_object(body), "groupMemberships")
            return self._member(fields.as_object(members[0], "a membership")) if members else None

        member: GroupMember | None = await self._client.request_json(
            "GET", paths.api_path("/cloud/v2/groups/{}/memberships", self.id), params=params, parse=first
        )
        return member

    async def update_member(self, user_id: int, role_id: int | None = None) -> GroupMember:
        """Change a member's role.

        Setting a role is idempotent, so the request is retried after a
        server error or a lost answer.

        Args:
            user_id: The member's user ID (not the key owner's own).
            role_id: The ID of the new role; it must rank below the key
                owner's role and must not be the guest or owner role.

        Returns:
            The updated `GroupMember`.

        Raises:
            ValueError: ``role_id`` is ``None`` (nothing to update).
            NotFound: The user is not a member, or the group has no such role.
        """
        user_id = _check_user(user_id)
        if role_id is None:
            raise ValueError("nothing to update: pass role_id, the member's new role")
        body = {"role": shared.role_path(self.id, role_id)}
        member: GroupMember = await self._client.request_json(
            "PATCH",
            paths.api_path("/cloud/v2/groups/{}/memberships/{}", self.id, user_id),
            json=body,
            idempotent=True,
            parse=lambda data: self._member(fields.as_object(data)),
        )
        return member

    def list_members(
        self, limit: int | None = None, role_id: int | None = None
    ) -> AsyncPaginator[GroupMember]:
        """Iterate the group's members, optionally only those of one role.

        Args:
            limit: Stop after this many members (default: all).
            role_id: Only members whose highest role is this one.

        Returns:
            An iterator of `GroupMember` objects, fetched a page at a time.
        """
        limit = checks.check_limit(limit)
        return paginate(
            self._client,
            paths.api_path("/cloud/v2/groups/{}/memberships", self.id),
            style=V2_TOKEN(shared.MEMBERS_PAGE),
            items_field="groupMemberships",
            params={"filter": shared.member_filter(self.id, role_id)},
            parse=self._member,
            limit=limit,
        )

    # -- roles ---------------------------------------------------------------------

    def _cached_role(self, item: dict[str, Any]) -> GroupRole:
        role = shared.GroupRole.from_wire(item)
        self._roles[role.id] = role
        return role

    def list_roles(self, limit: int | None = None) -> AsyncPaginator[GroupRole]:
        """Iterate the group's roles, lowest rank first; each one read is cached
        for `fetch_role`.

        Args:
            limit: Stop after this many roles (default: all).

        Returns:
            An iterator of `GroupRole` objects, fetched a page at a time.
        """
        limit = checks.check_limit(limit)
        return paginate(
            self._client,
            paths.api_path("/cloud/v2/groups/{}/roles", self.id),
            style=V2_TOKEN(shared.ROLES_PAGE),
            items_field="groupRoles",
            parse=self._cached_role,
            limit=limit,
        )

    async def fetch_role(self, role_id: int, skip_cache: bool = False) -> GroupRole | None:
        """A role of the group, from this object's role cache.

        The cache holds every role `list_roles` has read. A role not in it
        (or any role, with ``skip_cache=True``) is looked up by reading all
        of the group's roles again, which refreshes the cache.

        Args:
            role_id: The role ID.
            skip_cache: Read the roles from Roblox even if this one is cached.

        Returns:
            The `GroupRole`, or ``None`` if the group has no role with this ID.
        """
        role_id = checks.check_int(role_id, "role_id", minimum=1)
        if not checks.check_bool(skip_cache, "skip_cache") and role_id in self._roles:
            return self._roles[role_id]
        roles: dict[int, GroupRole] = {}
        async for role in self.list_roles():
            roles[role.id] = role
        self._roles = roles
        return roles.get(role_id)

    # -- join requests ---------------------------------------------------------------

    def list_join_requests(
        self, limit: int | None = None, user_id: int | None = None
    ) -> AsyncPaginator[GroupJoinRequest]:
        """Iterate the pending requests to join the group.

        Needs the ``acceptRequests`` permission in the group.

        Args:
            limit: Stop after this many requests (default: all).
            user_id: Only this user's request.

        Returns:
            An iterator of `GroupJoinRequest` objects, fetched a page at a time.
        """
        limit = checks.check_limit(limit)
        client = self._client
        return paginate(
            client,
            paths.api_path("/cloud/v2/groups/{}/join-requests", self.id),
            style=V2_TOKEN(shared.JOIN_REQUESTS_PAGE),
            items_field="groupJoinRequests",
            params={"filter": shared.user_filter(user_id) if user_id is not None else None},
            parse=lambda item: GroupJoinRequest._from_wire(client, item, self),
            limit=limit,
        )

    async def accept_join_request(self, user_id: int) -> None:
        """Accept a user's request to join: the user becomes a member.

        Safe to retry: when an attempt's answer is lost and the retry finds
        the request already gone (the lost attempt accepted it), the call
        succeeds.

        Args:
            user_id: The ID of the user who asked to join.

        Raises:
            NotFound: The user has no pending request to join the group.
        """
        await self._answer_join_request(user_id, ":accept")

    async def decline_join_request(self, user_id: int) -> None:
        """Decline a user's request to join.

        Safe to retry, like `accept_join_request`.

        Args:
            user_id: The ID of the user who asked to join.

        Raises:
            NotFound: The user has no pending request to join the group.
        """
        await self._answer_join_request(user_id, ":decline")

    async def _answer_join_request(self, user_id: int, verb: str) -> None:
        # The join request's ID is the user's ID. Answering it twice has one
        # effect; a retry after an unknown outcome that finds it gone (404)
        # means the earlier attempt answered it (gone_ok).
        path = paths.api_path("/cloud/v2/groups/{}/join-requests/{}", self.id, _check_user(user_id)) + verb
        await self._client.request("POST", path, json={}, idempotent=True, gone_ok=True)

    # -- shout -------------------------------------------------------------------------

    async def fetch_shout(self) -> GroupShout:
        """Fetch the group's shout (needs permission to view it).

        Returns:
            The `GroupShout`.

        Raises:
            NotFound: There is no group with this ID.
            Forbidden: The key's owner may not view the group's shout.
        """
        client = self._client
        shout: GroupShout = await client.request_json(
            "GET",
            paths.api_path("/cloud/v2/groups/{}/shout", self.id),
            parse=lambda data: shared.GroupShout.from_wire(data, lambda user_id: User._bind(client, user_id)),
        )
        return shout
