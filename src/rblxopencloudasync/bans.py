"""User restrictions (bans) and ban logs, for a whole experience or one place.

Every change goes through one ``PATCH`` of the user's ``gameJoinRestriction``,
replaced as a whole. Each call sends a fresh idempotency key (reused by its
retries), so a ban or unban is safe to retry after a timeout or a 5xx.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from ._client import BaseClient
from ._paginator import AsyncPaginator
from ._resource import ExperienceMixin
from ._shared.ban_models import ban_body, duration_from_wire, idempotency_params, logs_filter, unban_body
from ._shared.checks import check_int, check_limit
from ._shared.fields import (
    ResponseShapeError,
    as_object,
    opt_bool,
    opt_object,
    opt_path_id,
    opt_str,
    opt_time,
    req_path_id,
)
from ._shared.page_style import V2_TOKEN
from ._shared.paths import api_path
from ._shared.reprs import model_repr
from .creator import User

if TYPE_CHECKING:
    from .experience import Experience
    from .place import Place

__all__ = ["ExperienceBansMixin", "PlaceBansMixin", "UserRestriction"]

_MAX_PAGE_SIZE = 100
_BANS = "/cloud/v2/universes/{}/user-restrictions"
_PLACE_BANS = "/cloud/v2/universes/{}/places/{}/user-restrictions"


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
        # Cloud v2 answers leave out false booleans and empty strings, so those
        # read as False and "" here; the user is required (a restriction is about one).
        is_log = "gameJoinRestriction" not in data
        fields: dict[str, Any] = data if is_log else (opt_object(data, "gameJoinRestriction") or {})
        user_id = opt_path_id(data, "user")
        if user_id is None:
            if is_log or not data.get("path"):
                raise ResponseShapeError("the restriction names no user (no 'user' or 'path' field)")
            user_id = req_path_id(data, "path")
        duration = opt_str(fields, "duration")
        self.place = place
        self.user: User = User._with_client(user_id, client)
        self.active = opt_bool(fields, "active") is True
        self.display_reason: str = opt_str(fields, "displayReason") or ""
        self.private_reason: str = opt_str(fields, "privateReason") or ""
        self.inherited: bool | None = (
            opt_bool(fields, "inherited") is True if place is not None and not is_log else None
        )
        self.exclude_alt_accounts = opt_bool(fields, "excludeAltAccounts") is True
        self.duration_seconds: float | None = duration_from_wire(duration)
        if duration is not None and self.duration_seconds is None:
            raise ResponseShapeError(f"field 'duration' is not a duration: {duration[:40]!r}")
        self.start_timestamp: datetime | None = opt_time(fields, "startTime")
        moderator = opt_object(data, "moderator") if is_log else None
        self.issuer_user_id: int | None = opt_path_id(moderator, "robloxUser") if moderator else None
        self.created_at: datetime | None = opt_time(data, "createTime") if is_log else None

    def __repr__(self) -> str:
        place = self.place.id if self.place is not None else None
        return model_repr(self, user=self.user.id, place=place, active=self.active)


def _check_user(user_id: Any) -> int:
    return check_int(user_id, "user_id", minimum=1)


class ExperienceBansMixin(ExperienceMixin):
    """`Experience` methods for universe-wide user restrictions and ban logs.

    Reading needs the API key scope ``universe.user-restriction:read``; banning
    and unbanning need ``universe.user-restriction:write``.
    """

    def _bans_path(self, template: str = _BANS) -> str:
        return api_path(template, self.id)

    def _ban_path(self, user_id: int) -> str:
        return api_path(_BANS + "/{}", self.id, _check_user(user_id))

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
            return UserRestriction(item, client, self._ban_place(opt_path_id(item, "place")))

        return AsyncPaginator(
            client,
            self._bans_path(_BANS + ":listLogs"),
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
            path = api_path(_PLACE_BANS, self.id, place_id)
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
        path = self._ban_path(user_id)
        client = self._client
        result: UserRestriction = await client.request_json(
            "GET", path, parse=lambda data: UserRestriction(as_object(data), client)
        )
        return result

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
        path = self._ban_path(user_id)
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
        path = self._ban_path(user_id)
        return await _update(self._client, path, unban_body(), None)


async def _update(
    client: BaseClient, path: str, body: dict[str, Any], place: Place | None
) -> UserRestriction:
    # The idempotency key makes a repeat harmless, so retrying is safe.
    result: UserRestriction = await client.request_json(
        "PATCH",
        path,
        params=idempotency_params(),
        json=body,
        idempotent=True,
        parse=lambda data: UserRestriction(as_object(data), client, place),
    )
    return result


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
        return api_path(_PLACE_BANS, self.experience.id, self.id)

    def _ban_path(self, user_id: int) -> str:
        return api_path(_PLACE_BANS + "/{}", self.experience.id, self.id, _check_user(user_id))

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
        place = self._place
        result: UserRestriction = await client.request_json(
            "GET", self._ban_path(user_id), parse=lambda data: UserRestriction(as_object(data), client, place)
        )
        return result

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
        path = self._ban_path(user_id)
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
        path = self._ban_path(user_id)
        return await _update(self.experience._client, path, unban_body(), self._place)
