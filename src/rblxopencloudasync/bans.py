"""User restrictions (bans) and ban logs, for a whole experience or one place.

Every change goes through one ``PATCH`` of the user's ``gameJoinRestriction``,
replaced as a whole. Each call sends a fresh idempotency key (reused by its
retries), so a ban or unban is safe to retry after a timeout or a 5xx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource, PlaceResource, Resource, paginate, public_class
from ._shared import bans as shared, checks, deferred_names, fields, page_style, paths

if TYPE_CHECKING:
    from ._paginator import AsyncPaginator
    from ._shared.bans import UserRestriction

__all__ = ["BansMixin", "ExperienceBansMixin", "PlaceBansMixin", "UserRestriction"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "UserRestriction")

_MAX_PAGE_SIZE = 100
_BANS = "/cloud/v2/universes/{}/user-restrictions"
_PLACE_BANS = "/cloud/v2/universes/{}/places/{}/user-restrictions"


def _check_user(user_id: Any) -> int:
    return checks.check_int(user_id, "user_id", minimum=1)


class BansMixin(Resource):
    """Reading and changing the restrictions (bans) of an experience or one of its places.

    A universe-wide ban applies to every place: such users show up in a
    place's restrictions with ``inherited=True``. Reading needs the API key
    scope ``universe.user-restriction:read``; banning and unbanning need
    ``universe.user-restriction:write``.
    """

    def _ban_path(self, user_id: int) -> str:
        """The path of ``user_id``'s restriction here."""
        raise NotImplementedError

    def _restriction_place(self) -> PlaceResource | None:
        """The place restrictions here belong to (``None``: universe-wide)."""
        return None

    def _restriction(self, data: Any) -> UserRestriction:
        client = self._client
        return shared.UserRestriction.from_wire(
            fields.as_object(data),
            lambda user_id: public_class("User")._bind(client, user_id),
            self._restriction_place(),
        )

    def _restrictions(
        self, path: str, place: PlaceResource | None, limit: int | None
    ) -> AsyncPaginator[UserRestriction]:
        client = self._client
        return paginate(
            client,
            path,
            style=page_style.V2_TOKEN(_MAX_PAGE_SIZE),
            items_field="userRestrictions",
            parse=lambda item: shared.UserRestriction.from_wire(
                item, lambda user_id: public_class("User")._bind(client, user_id), place
            ),
            limit=checks.check_limit(limit),
        )

    async def fetch_user_restriction(self, user_id: int) -> UserRestriction:
        """Fetch a user's restriction here (whether they are banned, and why).

        A user who was never banned gets an inactive restriction; in a place,
        a universe-wide ban shows up as an inherited one.

        Args:
            user_id: The user ID.

        Returns:
            The user's current `UserRestriction`.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:read`` for this experience.
        """
        result: UserRestriction = await self._client.request_json(
            "GET", self._ban_path(user_id), parse=self._restriction
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
        """Ban a user from the whole experience, or from this place only (replacing any current ban here).

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
        body = shared.ban_body(duration_seconds, display_reason, private_reason, exclude_alt_accounts)
        return await self._write_restriction(path, body)

    async def unban_user(self, user_id: int) -> UserRestriction:
        """Lift a user's ban here (in a place, a universe-wide ban still applies;
        for the experience, place bans stay).

        Args:
            user_id: The user to unban.

        Returns:
            The user's updated (inactive) `UserRestriction`.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1.
            Forbidden: The key lacks ``universe.user-restriction:write`` for this experience.
        """
        return await self._write_restriction(self._ban_path(user_id), shared.unban_body())

    async def _write_restriction(self, path: str, body: dict[str, Any]) -> UserRestriction:
        # The idempotency key makes a repeat harmless, so retrying is safe.
        result: UserRestriction = await self._client.request_json(
            "PATCH",
            path,
            params=shared.idempotency_params(),
            json=body,
            idempotent=True,
            parse=self._restriction,
        )
        return result


class ExperienceBansMixin(BansMixin, ExperienceResource):
    """`Experience` methods for universe-wide user restrictions and ban logs.

    Reading needs the API key scope ``universe.user-restriction:read``; banning
    and unbanning need ``universe.user-restriction:write``.
    """

    def _ban_path(self, user_id: int) -> str:
        return paths.api_path(_BANS + "/{}", self.id, _check_user(user_id))

    def _ban_place(self, place_id: int | None) -> PlaceResource | None:
        return self.get_place(place_id) if place_id else None

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
            place = self._ban_place(fields.opt_path_id(item, "place"))
            return shared.UserRestriction.from_wire(
                item, lambda user_id: public_class("User")._bind(client, user_id), place
            )

        return paginate(
            client,
            paths.api_path(_BANS + ":listLogs", self.id),
            style=page_style.V2_TOKEN(_MAX_PAGE_SIZE),
            items_field="logs",
            parse=parse,
            params={"filter": shared.logs_filter(user_id, place_id)},
            limit=checks.check_limit(limit),
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
            return self._restrictions(paths.api_path(_BANS, self.id), None, limit)
        checks.check_int(place_id, "place_id", minimum=1)
        return self._restrictions(
            paths.api_path(_PLACE_BANS, self.id, place_id), self._ban_place(place_id), limit
        )


class PlaceBansMixin(BansMixin, PlaceResource):
    """`Place` methods for the restrictions (bans) of one place."""

    def _ban_path(self, user_id: int) -> str:
        return paths.api_path(_PLACE_BANS + "/{}", self.experience.id, self.id, _check_user(user_id))

    def _restriction_place(self) -> PlaceResource:
        return self

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
        return self._restrictions(paths.api_path(_PLACE_BANS, self.experience.id, self.id), self, limit)
