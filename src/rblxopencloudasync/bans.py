"""User restrictions (bans) and ban logs, for a whole experience or one place.

Every change goes through one ``PATCH`` of the user's ``gameJoinRestriction``,
replaced as a whole. Each call sends a fresh idempotency key (reused by its
retries), so a ban or unban is safe to retry after a timeout or a 5xx.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from ._ban_models import (
    ban_body,
    duration_from_wire,
    idempotency_params,
    logs_filter,
    unban_body,
)
from ._client import BaseClient
from ._mixin import ExperienceMixin
from ._pagination import AsyncPaginator
from ._paging import V2_TOKEN
from ._repr import model_repr
from ._wire import check_int, check_limit, id_from_path, parse_time_opt
from .creator import User

if TYPE_CHECKING:
    from .experience import Experience
    from .place import Place

__all__ = ["ExperienceBansMixin", "PlaceBansMixin", "UserRestriction"]

_MAX_PAGE_SIZE = 100


class UserRestriction:
    """A user restriction (ban) within an experience or one of its places, or a ban log entry.

    Attributes:
        place: The `Place` this restriction belongs to; ``None`` if it is universe-wide.
        user: The `User` this restriction is about.
        active: Whether the restriction is currently in force.
        display_reason: The reason shown to the user.
        private_reason: The reason never shown to the user (for your moderators' notes).
        inherited: For place restrictions, whether it comes from a universe-wide ban;
            ``None`` for universe-wide restrictions and log entries.
        exclude_alt_accounts: Whether the user's detected alternate accounts are left unbanned.
        duration_seconds: How long the restriction lasts, in whole seconds; ``None`` if it is
            permanent or not active.
        start_timestamp: When the restriction started; ``None`` if not active.
        issuer_user_id: Only for `Experience.list_ban_logs`: the user who made the change;
            ``None`` if a game server script made it (and for non-log restrictions).
        created_at: Only for `Experience.list_ban_logs`: when the change was logged.
    """

    def __init__(self, data: dict[str, Any], client: BaseClient, place: Place | None = None) -> None:
        # Two wire shapes: a UserRestriction nests the fields in gameJoinRestriction,
        # a UserRestrictionLog has them at the top level next to moderator/createTime.
        is_log = "gameJoinRestriction" not in data
        fields: dict[str, Any] = data if is_log else (data.get("gameJoinRestriction") or {})
        user_id = id_from_path(data.get("user")) or id_from_path(data.get("path"))
        self.place = place
        self.user: User = User._with_client(user_id, client) if user_id else _unknown_user(client)
        self.active = bool(fields.get("active", False))
        self.display_reason: str = fields.get("displayReason") or ""
        self.private_reason: str = fields.get("privateReason") or ""
        self.inherited: bool | None = (
            bool(fields.get("inherited", False)) if place is not None and not is_log else None
        )
        self.exclude_alt_accounts = bool(fields.get("excludeAltAccounts", False))
        self.duration_seconds: float | None = duration_from_wire(fields.get("duration"))
        self.start_timestamp: datetime | None = parse_time_opt(fields.get("startTime"))
        moderator = data.get("moderator") if is_log else None
        robloxian = moderator.get("robloxUser") if isinstance(moderator, dict) else None
        self.issuer_user_id: int | None = id_from_path(robloxian)
        self.created_at: datetime | None = parse_time_opt(data.get("createTime")) if is_log else None

    def __repr__(self) -> str:
        place = self.place.id if self.place is not None else None
        return model_repr(self, user=self.user.id, place=place, active=self.active)


def _unknown_user(client: BaseClient) -> User:
    # A response without a user would be a Roblox bug; keep the model usable anyway.
    user = object.__new__(User)
    user.id = 0
    user._client = client
    return user


def _check_user(user_id: Any) -> int:
    return check_int(user_id, "user_id", minimum=1)


class ExperienceBansMixin(ExperienceMixin):
    """`Experience` methods for universe-wide user restrictions and ban logs.

    Reading needs the API key scope ``universe.user-restriction:read``; banning
    and unbanning need ``universe.user-restriction:write``.
    """

    def _bans_path(self) -> str:
        return f"/cloud/v2/universes/{self.id}/user-restrictions"

    def _ban_place(self, place_id: int | None) -> Place | None:
        return self._experience.get_place(place_id) if place_id else None

    def list_ban_logs(
        self, user_id: int | None = None, place_id: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[UserRestriction]:
        """Iterate the log of bans and unbans in the experience, newest first.

        Both universe-wide and place changes are logged; universe-wide entries
        have ``place`` set to ``None``.

        Args:
            user_id: Only changes for this user.
            place_id: Only changes made to this place's restrictions.
            limit: Stop after this many entries (``None`` = all).

        Returns:
            An iterator of `UserRestriction` log entries (with `issuer_user_id`).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An ID is below 1 or ``limit`` is negative.
        """
        client = self._client

        def parse(item: dict[str, Any]) -> UserRestriction:
            return UserRestriction(item, client, self._ban_place(id_from_path(item.get("place"))))

        return AsyncPaginator(
            client,
            f"{self._bans_path()}:listLogs",
            style=V2_TOKEN(_MAX_PAGE_SIZE),
            items_field="logs",
            parse=parse,
            params={"filter": logs_filter(user_id, place_id)},
            limit=check_limit(limit),
        )

    def list_user_restrictions(
        self, place_id: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[UserRestriction]:
        """Iterate the current restriction of every user ever banned in the experience.

        Unlike `list_ban_logs`, this gives only the latest state per user.

        Args:
            place_id: List the restrictions of this place instead of the universe-wide ones
                (users banned universe-wide show up there as inherited).
            limit: Stop after this many (``None`` = all).

        Returns:
            An iterator of `UserRestriction`.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``place_id`` is below 1 or ``limit`` is negative.
        """
        if place_id is None:
            path = self._bans_path()
            place = None
        else:
            check_int(place_id, "place_id", minimum=1)
            path = f"/cloud/v2/universes/{self.id}/places/{place_id}/user-restrictions"
            place = self._ban_place(place_id)
        client = self._client
        return AsyncPaginator(
            client,
            path,
            style=V2_TOKEN(_MAX_PAGE_SIZE),
            items_field="userRestrictions",
            parse=lambda item: UserRestriction(item, client, place),
            limit=check_limit(limit),
        )

    async def fetch_user_restriction(self, user_id: int) -> UserRestriction:
        """Fetch a user's universe-wide restriction (whether they are banned, and why).

        A user who was never banned gets an inactive restriction.

        Args:
            user_id: The user ID.

        Returns:
            The user's current `UserRestriction`.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:read`` for this experience.
        """
        path = f"{self._bans_path()}/{_check_user(user_id)}"
        return UserRestriction(await self._client.request_json("GET", path), self._client)

    async def ban_user(
        self,
        user_id: int,
        duration_seconds: int | None,
        display_reason: str = "",
        private_reason: str = "",
        exclude_alt_accounts: bool = False,
    ) -> UserRestriction:
        """Ban a user from the whole experience (replacing any current universe-wide ban).

        Args:
            user_id: The user to ban.
            duration_seconds: How long the ban lasts, 1 to 315,576,000,000 whole seconds;
                ``None`` bans permanently.
            display_reason: The reason shown to the user (at most 400 characters).
            private_reason: The reason never shown to the user (at most 1,000 characters).
            exclude_alt_accounts: ``True`` to leave the user's detected alternate accounts unbanned.

        Returns:
            The user's updated `UserRestriction`.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range or too long.
            Forbidden: The key lacks ``universe.user-restriction:write`` for this experience.
            RateLimited: Too many updates (at most 2 per minute for the same user).
        """
        path = f"{self._bans_path()}/{_check_user(user_id)}"
        body = ban_body(duration_seconds, display_reason, private_reason, exclude_alt_accounts)
        return await _update(self._client, path, body, None)

    async def unban_user(self, user_id: int) -> UserRestriction:
        """Lift a user's universe-wide ban (place bans stay).

        Args:
            user_id: The user to unban.

        Returns:
            The user's updated (inactive) `UserRestriction`.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:write`` for this experience.
        """
        path = f"{self._bans_path()}/{_check_user(user_id)}"
        return await _update(self._client, path, unban_body(), None)


async def _update(
    client: BaseClient, path: str, body: dict[str, Any], place: Place | None
) -> UserRestriction:
    # The idempotency key makes a repeat harmless, so retrying is safe.
    data = await client.request_json("PATCH", path, params=idempotency_params(), json=body, idempotent=True)
    return UserRestriction(data, client, place)


class PlaceBansMixin:
    """`Place` methods for the restrictions (bans) of one place.

    A universe-wide ban applies to every place: such users show up here with
    ``inherited=True``. Scopes: ``universe.user-restriction:read`` / ``:write``.
    """

    id: int
    experience: Experience

    @property
    def _place(self) -> Place:
        return cast("Place", self)

    def _bans_path(self) -> str:
        return f"/cloud/v2/universes/{self.experience.id}/places/{self.id}/user-restrictions"

    def list_user_restrictions(self, limit: int | None = None) -> AsyncPaginator[UserRestriction]:
        """Iterate the current restriction of every user ever banned from this place.

        Args:
            limit: Stop after this many (``None`` = all).

        Returns:
            An iterator of `UserRestriction`.

        Raises:
            TypeError: ``limit`` is not an int.
            ValueError: ``limit`` is negative.
        """
        client = self.experience._client
        place = self._place
        return AsyncPaginator(
            client,
            self._bans_path(),
            style=V2_TOKEN(_MAX_PAGE_SIZE),
            items_field="userRestrictions",
            parse=lambda item: UserRestriction(item, client, place),
            limit=check_limit(limit),
        )

    async def fetch_user_restriction(self, user_id: int) -> UserRestriction:
        """Fetch a user's restriction in this place, including one inherited from a universe ban.

        Args:
            user_id: The user ID.

        Returns:
            The user's current `UserRestriction` for this place.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:read`` for this experience.
        """
        client = self.experience._client
        data = await client.request_json("GET", f"{self._bans_path()}/{_check_user(user_id)}")
        return UserRestriction(data, client, self._place)

    async def ban_user(
        self,
        user_id: int,
        duration_seconds: int | None,
        display_reason: str = "",
        private_reason: str = "",
        exclude_alt_accounts: bool = False,
    ) -> UserRestriction:
        """Ban a user from this place only.

        Args:
            user_id: The user to ban.
            duration_seconds: How long the ban lasts, 1 to 315,576,000,000 whole seconds;
                ``None`` bans permanently.
            display_reason: The reason shown to the user (at most 400 characters).
            private_reason: The reason never shown to the user (at most 1,000 characters).
            exclude_alt_accounts: ``True`` to leave the user's detected alternate accounts unbanned.

        Returns:
            The user's updated `UserRestriction` for this place.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range or too long.
            Forbidden: The key lacks ``universe.user-restriction:write`` for this experience.
            RateLimited: Too many updates (at most 2 per minute for the same user).
        """
        path = f"{self._bans_path()}/{_check_user(user_id)}"
        body = ban_body(duration_seconds, display_reason, private_reason, exclude_alt_accounts)
        return await _update(self.experience._client, path, body, self._place)

    async def unban_user(self, user_id: int) -> UserRestriction:
        """Lift a user's ban from this place (a universe-wide ban still applies).

        Args:
            user_id: The user to unban.

        Returns:
            The user's updated `UserRestriction` for this place.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:write`` for this experience.
        """
        path = f"{self._bans_path()}/{_check_user(user_id)}"
        return await _update(self.experience._client, path, unban_body(), self._place)
