"""Experience API area: restarting the experience's game servers."""

from __future__ import annotations

from ._resource import ExperienceResource, PlaceResource
from ._shared import paths, servers as shared

__all__ = ["ServersMixin"]


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
        body = shared.restart_body(
            self.id, place_ids, exclude_latest_version, bleed_servers_minutes, place_class=PlaceResource
        )
        await self._client.request(
            "POST",
            paths.api_path("/cloud/v2/universes/{}:restartServers", self.id),
            json=body,
            idempotent=False,
        )
