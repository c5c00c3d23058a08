"""The server area: restarts of a universe's game servers (``universes:restartServers``).

A restart shuts down live game servers on Roblox; the emulator records it
instead, so tests can check what was asked: `ServerArea.restarts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ._area import Area, Context, Request, Route, check_fields, parse_int64, parse_universe_id
from ._errors import invalid

__all__ = ["ServerArea", "ServerRestart"]


@dataclass(frozen=True, slots=True)
class ServerRestart:
    """A ``:restartServers`` request (``place_ids`` is ``None`` for every place)."""

    place_ids: tuple[int, ...] | None
    close_all_versions: bool
    bleed_off_minutes: int | None
    time: datetime


class ServerArea(Area):
    """Game server restarts, recorded for tests."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._restarts: dict[int, list[ServerRestart]] = {}

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["cloud", "v2", "universes", u, ":restartServers"]:
                return Route(lambda r: self.restart_servers(r, u), needs_body=True)
        return None

    def clear(self) -> None:
        self._restarts.clear()

    # -- helpers for tests ---------------------------------------------------------

    def restarts(self, universe_id: int) -> list[ServerRestart]:
        """The server restarts requested for a universe, oldest first."""
        with self._context.lock:
            return list(self._restarts.get(universe_id, ()))

    # -- handlers ----------------------------------------------------------------

    def restart_servers(self, request: Request, u: str) -> Any:
        """``POST /cloud/v2/universes/{u}:restartServers`` -> ``{}``."""
        universe_id = parse_universe_id(u)
        body = request.payload
        check_fields(
            body, frozenset({"placeIds", "closeAllVersions", "bleedOffServers", "bleedOffDurationMinutes"})
        )
        place_ids: tuple[int, ...] | None = None
        raw_places = body.get("placeIds")
        if raw_places is not None:
            if not isinstance(raw_places, list):
                raise invalid("placeIds must be a list of place IDs.")
            place_ids = tuple(parse_int64(item, "placeIds", minimum=1) for item in raw_places) or None
        close_all = _optional_bool(body, "closeAllVersions")
        bleed = _optional_bool(body, "bleedOffServers")
        minutes = body.get("bleedOffDurationMinutes")
        if minutes is not None:
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
                raise invalid("bleedOffDurationMinutes must be an integer from 1 to 60.")
            if not bleed:
                raise invalid("bleedOffDurationMinutes needs bleedOffServers to be true.")
        elif bleed:
            raise invalid("bleedOffServers needs bleedOffDurationMinutes (1 to 60).")
        restart = ServerRestart(place_ids, close_all, minutes if bleed else None, self._context.now())
        self._restarts.setdefault(universe_id, []).append(restart)
        return {}


def _optional_bool(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise invalid(f"The field '{name}' must be a boolean.")
    return value
