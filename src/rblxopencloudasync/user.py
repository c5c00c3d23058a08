"""Users: the ``User`` entry point, its profile, headshots, group memberships
and followed experiences.

`GroupMember` and `GroupJoinRequest` are users too (as in rblx-open-cloud), so
they live here, where `User.list_groups` can hand them out; ``group.py``
re-exports them. Their ``group`` is a `Group` at run time, made through the
package's export table (``group.py`` imports this module, not the reverse).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

from ._client import BaseClient, ClientOptions
from ._operation import Operation
from ._resource import paginate, public_class
from ._shared import (
    checks,
    deferred_names,
    fields,
    group as group_shared,
    inventory as inventory_shared,
    paths,
    reprs,
    user as shared,
)
from ._shared.page_style import V2_TOKEN
from .creator import Creator, UserAssetsMixin
from .inventory import InventoryMixin

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._paginator import AsyncPaginator
    from ._shared.group import GroupRole
    from ._shared.handles import ExperienceHandle
    from ._shared.inventory import (
        InventoryAsset,
        InventoryAssetType,
        InventoryBadge,
        InventoryGamePass,
        InventoryItem,
        InventoryItemState,
        InventoryPrivateServer,
    )
    from ._shared.user import UserExperienceFollowing, UserSocialLinks, UserVisibility

_INVENTORY_NAMES = (
    "InventoryAsset",
    "InventoryAssetType",
    "InventoryBadge",
    "InventoryGamePass",
    "InventoryItem",
    "InventoryItemState",
    "InventoryPrivateServer",
)
__all__ = [
    "GroupJoinRequest",
    "GroupMember",
    "InventoryAsset",
    "InventoryAssetType",
    "InventoryBadge",
    "InventoryGamePass",
    "InventoryItem",
    "InventoryItemState",
    "InventoryPrivateServer",
    "User",
    "UserExperienceFollowing",
    "UserSocialLinks",
    "UserVisibility",
]
# The names of __all__ that a shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead); the inventory models are
# the user module's in rblx-open-cloud (rblxopencloud.user.InventoryAsset).
if not TYPE_CHECKING:
    _user_name = deferred_names(
        globals(), shared, "UserExperienceFollowing", "UserSocialLinks", "UserVisibility"
    )
    _inventory_name = deferred_names(globals(), inventory_shared, *_INVENTORY_NAMES)

    def __getattr__(name: str) -> Any:
        return _inventory_name(name) if name in _INVENTORY_NAMES else _user_name(name)


HeadshotSize = Literal[48, 50, 60, 75, 100, 110, 150, 180, 352, 420, 720]
"""The sizes `User.generate_headshot` accepts (pixels)."""


class User(InventoryMixin, UserAssetsMixin):
    """A Roblox user.

    Args:
        id: The user ID.
        api_key: An API key with access to the user's resources. It is never
            shown in a repr, log record or exception message.
        **options: The keyword options of `Experience`.

    Attributes:
        id: The user ID.
        username: The user's unique name (after `fetch_info`), else ``None``.
        display_name: The user's display name (after `fetch_info`), else ``None``.
        profile_uri: The URI of the user's profile page.
        headshot_uri: ``None``: `generate_headshot` makes a headshot's URI.
        created_at: When the account was created (after `fetch_info`), else ``None``.
        about: The user's "about" text (after `fetch_info`), else ``None``.
        locale: The user's IETF language code, e.g. ``en-us`` (after `fetch_info`), else ``None``.
        premium: Whether the user has Roblox Premium (after `fetch_info`), else ``None``.
        id_verified: Whether the user verified their identity (after `fetch_info`
            with the ``user.advanced:read`` scope), else ``None``.
        social_links: The user's `UserSocialLinks` (after `fetch_info` with the
            ``user.social:read`` scope), else ``None``.
    """

    def __init__(self, id: int, api_key: str, **options: Unpack[ClientOptions]) -> None:  # noqa: A002
        super().__init__(id, api_key, "User", **options)

    def _setup(self, id: int) -> None:  # noqa: A002
        super()._setup(id)
        self.username: str | None = None
        self.display_name: str | None = None
        self.profile_uri: str = shared.profile_uri(self.id)
        self.headshot_uri: str | None = None
        self.created_at: datetime | None = None
        self.about: str | None = None
        self.locale: str | None = None
        self.premium: bool | None = None
        self.id_verified: bool | None = None
        self.social_links: UserSocialLinks | None = None

    @property
    def name(self) -> str | None:
        """The user's unique name: the same as `username`."""
        return self.username

    async def fetch_info(self) -> User:
        """Fetch the user's profile into this object's attributes.

        Needs the ``user.advanced:read`` scope for `id_verified` and
        ``user.social:read`` for `social_links`; without them those stay ``None``.

        Returns:
            This object, with its attributes filled in.

        Raises:
            NotFound: There is no user with this ID.
        """
        profile = await self._client.request_json(
            "GET", paths.api_path("/cloud/v2/users/{}", self.id), parse=shared.UserProfile.from_wire
        )
        self.username = profile.username
        self.display_name = profile.display_name
        self.created_at = profile.created_at
        self.about = profile.about
        self.locale = profile.locale
        self.premium = profile.premium
        self.id_verified = profile.id_verified
        self.social_links = profile.social_links
        return self

    async def generate_headshot(
        self,
        size: HeadshotSize = 420,
        format: Literal["png", "jpeg"] = "png",  # noqa: A002 - the peer SDK's name
        is_circular: bool = False,
    ) -> Operation[str]:
        """Start rendering the user's avatar headshot.

        Roblox often answers with a finished operation, in which case
        `Operation.wait` returns at once without another request; otherwise
        it polls ``/cloud/v2/users/{id}/operations/{operation}``.

        Args:
            size: The width and height in pixels: 48, 50, 60, 75, 100, 110,
                150, 180, 352, 420 or 720.
            format: ``"png"`` or ``"jpeg"``.
            is_circular: Cut the headshot out as a circle.

        Returns:
            An `Operation` that resolves to the image's URI.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``size`` or ``format`` is not one Roblox renders.
            NotFound: There is no user with this ID.
        """
        params = shared.headshot_params(size, format, is_circular)
        client = self._client
        user_id = self.id

        def started(body: Any) -> Operation[str]:
            data = fields.as_object(body)
            operation_id = paths.path_id(fields.req_str(data, "path"), "operations")
            if operation_id is None:
                raise fields.ResponseShapeError("the answer's 'path' names no operation")
            path = paths.api_path("/cloud/v2/users/{}/operations/{}", user_id, operation_id)
            return Operation(client, path, shared.image_uri, initial=data)

        operation: Operation[str] = await client.request_json(
            "GET",
            paths.api_path("/cloud/v2/users/{}:generateThumbnail", self.id),
            params=params,
            parse=started,
        )
        return operation

    def list_groups(self, limit: int | None = None) -> AsyncPaginator[GroupMember]:
        """Iterate the user's group memberships, one `GroupMember` per group.

        Each membership's `GroupMember.group` is the `Group` it belongs to.

        Args:
            limit: Stop after this many memberships (default: all).

        Returns:
            An iterator of `GroupMember` objects, fetched a page at a time.
        """
        limit = checks.check_limit(limit)
        client = self._client
        return paginate(
            client,
            "/cloud/v2/groups/-/memberships",
            style=V2_TOKEN(group_shared.MEMBERS_PAGE),
            items_field="groupMemberships",
            params={"filter": group_shared.user_filter(self.id)},
            parse=lambda item: GroupMember._from_wire(client, item, None),
            limit=limit,
        )

    # -- followed experiences (the legacy followings API) -----------------------------

    async def fetch_experience_followings(self) -> list[UserExperienceFollowing]:
        """Fetch the experiences the user follows.

        Needs the ``legacy-universe.following:read`` scope. Only the user the
        credentials act for (an API key's owner, an OAuth2 token's user) can
        read their followings; Roblox refuses anyone else's with 403. The
        legacy followings API may change without notice.

        Returns:
            One `UserExperienceFollowing` per followed experience, with
            `followed_at` set and `can_follow`, `following_count` and
            `following_limit` ``None``, in the order Roblox lists them.

        Raises:
            Forbidden: The key lacks the scope, or the user is not the
                key's owner.
        """
        client = self._client
        followings: list[UserExperienceFollowing] = await client.request_json(
            "GET",
            paths.api_path("/legacy-followings/v2/users/{}/universes", self.id),
            parse=lambda body: shared.UserExperienceFollowing.list_from_wire(
                body, lambda universe_id: _experience(client, universe_id)
            ),
        )
        return followings

    async def fetch_experience_following_status(self, experience_id: int) -> UserExperienceFollowing:
        """Fetch whether the user follows an experience, and how many more they may follow.

        Needs the ``legacy-universe.following:read`` scope, and the user must
        be the one the credentials act for (see `fetch_experience_followings`).

        Args:
            experience_id: The experience's (universe's) ID, not a place ID.

        Returns:
            The status, with `followed_at` ``None``.

        Raises:
            TypeError: ``experience_id`` is not an int.
            ValueError: ``experience_id`` is not positive.
            Forbidden: The key lacks the scope, or the user is not the
                key's owner.
        """
        experience = _experience(self._client, shared.check_experience_id(experience_id))
        status: UserExperienceFollowing = await self._client.request_json(
            "GET",
            paths.api_path("/legacy-followings/v1/users/{}/universes/{}/status", self.id, experience.id),
            parse=lambda body: shared.UserExperienceFollowing.status_from_wire(body, experience),
        )
        return status

    async def follow_experience(self, experience_id: int) -> None:
        """Follow an experience (its updates reach the user).

        Needs the ``legacy-universe.following:write`` scope, and the user must
        be the one the credentials act for. Following an experience the user
        already follows changes nothing, so the request is retried after a
        lost answer or a 5xx like a read.

        Args:
            experience_id: The experience's (universe's) ID, not a place ID.

        Raises:
            TypeError: ``experience_id`` is not an int.
            ValueError: ``experience_id`` is not positive.
            HttpException: 400: the user already follows as many experiences
                as Roblox allows (see `fetch_experience_following_status`).
            Forbidden: The key lacks the scope, or the user is not the
                key's owner.
        """
        path = paths.api_path(
            "/legacy-followings/v1/users/{}/universes/{}", self.id, shared.check_experience_id(experience_id)
        )
        await self._client.request("POST", path, idempotent=True)

    async def unfollow_experience(self, experience_id: int) -> None:
        """Stop following an experience; one the user does not follow is left as it is.

        Needs the ``legacy-universe.following:write`` scope, and the user must
        be the one the credentials act for. Safe to retry, like `follow_experience`.

        Args:
            experience_id: The experience's (universe's) ID, not a place ID.

        Raises:
            TypeError: ``experience_id`` is not an int.
            ValueError: ``experience_id`` is not positive.
            Forbidden: The key lacks the scope, or the user is not the
                key's owner.
        """
        path = paths.api_path(
            "/legacy-followings/v1/users/{}/universes/{}", self.id, shared.check_experience_id(experience_id)
        )
        # Unfollowing twice has one effect and answers 200 both times, so a 404
        # is never the trace of an earlier attempt (gone_ok=False).
        await self._client.request("DELETE", path, idempotent=True, gone_ok=False)


def _experience(client: BaseClient, universe_id: int) -> ExperienceHandle:
    """An `Experience` handle sharing ``client`` (``experience.py`` builds on this module's areas)."""
    handle: ExperienceHandle = public_class("Experience")._bind(client, universe_id)
    return handle


class _GroupAPI(Protocol):
    """What a member or join request asks of its `Group` (defined in ``group.py``)."""

    async def fetch_role(self, role_id: int, skip_cache: bool = False) -> GroupRole | None: ...

    async def update_member(self, user_id: int, role_id: int | None = None) -> GroupMember: ...

    async def accept_join_request(self, user_id: int) -> None: ...

    async def decline_join_request(self, user_id: int) -> None: ...


def _group_handle(client: BaseClient, group: Creator | None, data: dict[str, Any]) -> Creator:
    """``group``, or a `Group` handle for the group the resource's path names."""
    if group is not None:
        return group
    handle: Creator = public_class("Group")._bind(client, group_shared.group_of(data))
    return handle


class GroupMember(User):
    """A user's membership of a group; it is a `User`, so every `User` method works on it.

    Attributes:
        id: The member's user ID.
        role_id: The ID of the member's highest-ranked role.
        group: The `Group` of this membership.
        joined_at: When the user joined the group.
        updated_at: When the membership last changed (a new role, for example).
    """

    role_id: int
    group: Creator
    joined_at: datetime
    updated_at: datetime

    @classmethod
    def _from_wire(cls, client: BaseClient, data: Any, group: Creator | None) -> GroupMember:
        """A member from a ``GroupMembership`` resource; ``group`` is the `Group`
        it was listed from (``None``: made from the membership's path)."""
        data = fields.as_object(data, "a membership")
        member = cls._bind(client, fields.req_path_id(data, "user"))
        member._update(data)
        member.group = _group_handle(client, group, data)
        return member

    def _update(self, data: dict[str, Any]) -> None:
        self.role_id = fields.req_path_id(data, "role")
        self.joined_at = fields.req_time(data, "createTime")
        self.updated_at = fields.opt_time(data, "updateTime") or self.joined_at

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, group=self.group)

    async def fetch_role(self, skip_cache: bool = False) -> GroupRole | None:
        """The `GroupRole` of the member's `role_id`, from the group's role cache
        (see `Group.fetch_role`).

        Args:
            skip_cache: Read the group's roles again even if they are cached.

        Returns:
            The role, or ``None`` if the group has no role with this ID any more.
        """
        checks.check_bool(skip_cache, "skip_cache")
        return await cast(_GroupAPI, self.group).fetch_role(self.role_id, skip_cache=skip_cache)

    async def update(self, role_id: int | None = None) -> GroupMember:
        """Change the member's role, and update `role_id` and `updated_at`.

        Args:
            role_id: The ID of the new role; it must rank below the key
                owner's role and must not be the guest or owner role.

        Returns:
            This object.

        Raises:
            ValueError: ``role_id`` is ``None`` (nothing to update).
        """
        updated = await cast(_GroupAPI, self.group).update_member(self.id, role_id)
        self.role_id = updated.role_id
        self.updated_at = updated.updated_at
        return self


class GroupJoinRequest(User):
    """A user's request to join a group; it is a `User`, so every `User` method works on it.

    Attributes:
        id: The requesting user's ID.
        group: The `Group` the user asks to join.
        requested_at: When the user asked to join.
    """

    group: Creator
    requested_at: datetime

    @classmethod
    def _from_wire(cls, client: BaseClient, data: Any, group: Creator | None) -> GroupJoinRequest:
        """A join request from a ``GroupJoinRequest`` resource."""
        data = fields.as_object(data, "a join request")
        request = cls._bind(client, fields.req_path_id(data, "user"))
        request.requested_at = fields.req_time(data, "createTime")
        request.group = _group_handle(client, group, data)
        return request

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, group=self.group)

    async def accept(self) -> None:
        """Accept the request: the user joins the group (`Group.accept_join_request`)."""
        await cast(_GroupAPI, self.group).accept_join_request(self.id)

    async def decline(self) -> None:
        """Decline the request (`Group.decline_join_request`)."""
        await cast(_GroupAPI, self.group).decline_join_request(self.id)
