"""Experience API area: restarting the experience's game servers."""

from __future__ import annotations

from typing import Any

from ._resource import ExperienceResource, PlaceResource
from ._shared.checks import check_bool, check_int
from ._shared.paths import api_path

__all__ = ["ServersMixin"]

_MIN_BLEED_MINUTES, _MAX_BLEED_MINUTES = 1, 60


class ServersMixin(ExperienceResource):
    """`Experience` methods for its live game servers."""

    async def restart_servers(
        self,
        place_ids: list[int | str | PlaceResource] | None = None,
        exclude_latest_version: bool = False,
        bleed_servers_minutes: int | None = None,
    ) -> None:
        """Shut down the experience's game servers, like "Restart Servers" on the Creator Dashboard.

        Requires ``universe:write``. Never retried after a server error or timeout.

        Example:
            Restart every out-of-date server, giving players 30 minutes to leave:

            ```python
            experience.restart_servers(exclude_latest_version=True, bleed_servers_minutes=30)
            ```

        Args:
            place_ids: Only restart servers of these places (IDs or `Place` objects);
                ``None`` restarts servers of every place.
            exclude_latest_version: Keep servers that already run the latest
                published version. The default restarts every server.
            bleed_servers_minutes: Shut servers down gracefully over this many minutes
                (1 to 60): matchmaking to them stops and players get time to leave.
                ``None`` shuts them down at once.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``place_ids`` is empty or has an ID below 1, a `Place` of
                another experience, or ``bleed_servers_minutes`` is out of range.
            Forbidden: The API key lacks ``universe:write``.
        """
        body: dict[str, Any] = {}
        if place_ids is not None:
            body["placeIds"] = self._place_ids(place_ids)
        body["closeAllVersions"] = not check_bool(exclude_latest_version, "exclude_latest_version")
        if bleed_servers_minutes is not None:
            minutes = check_int(
                bleed_servers_minutes,
                "bleed_servers_minutes",
                minimum=_MIN_BLEED_MINUTES,
                maximum=_MAX_BLEED_MINUTES,
            )
            body["bleedOffServers"] = True
            body["bleedOffDurationMinutes"] = minutes
        await self._client.request(
            "POST", api_path("/cloud/v2/universes/{}:restartServers", self.id), json=body, idempotent=False
        )

    def _place_ids(self, place_ids: Any) -> list[int]:
        if isinstance(place_ids, (str, bytes)) or not isinstance(place_ids, (list, tuple)):
            raise TypeError("place_ids must be a list of place IDs or Place objects")
        if not place_ids:
            raise ValueError("place_ids must not be empty (use None for every place)")
        result: list[int] = []
        for place in place_ids:
            if isinstance(place, PlaceResource):
                if place.experience.id != self.id:
                    raise ValueError(f"place {place.id} belongs to another experience")
                place_id = place.id
            elif isinstance(place, str):
                if not place.isascii() or not place.isdigit():
                    raise ValueError(f"place ID {place!r} is not a number")
                place_id = int(place)
            else:
                place_id = place
            result.append(check_int(place_id, "place ID", minimum=1))
        return result
