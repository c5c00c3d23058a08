"""Argument checks and request body of the server restart API (``universes:restartServers``)."""

from __future__ import annotations

from typing import Any

from .checks import check_bool, check_int
from .handles import PlaceHandle

__all__ = ["restart_body"]

_MIN_BLEED_MINUTES, _MAX_BLEED_MINUTES = 1, 60


def restart_body(
    experience_id: int,
    place_ids: Any,
    exclude_latest_version: Any,
    bleed_servers_minutes: Any,
    *,
    place_class: type[PlaceHandle],
) -> dict[str, Any]:
    """The ``:restartServers`` body, once every argument is checked.

    ``place_class`` is the calling package's `Place` base: an object of it in
    ``place_ids`` stands for its ID and must be a place of ``experience_id``.
    """
    body: dict[str, Any] = {}
    if place_ids is not None:
        body["placeIds"] = _place_ids(experience_id, place_ids, place_class)
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
    return body


def _place_ids(experience_id: int, place_ids: Any, place_class: type[PlaceHandle]) -> list[int]:
    if isinstance(place_ids, (str, bytes)) or not isinstance(place_ids, (list, tuple)):
        raise TypeError("place_ids must be a list of place IDs or Place objects")
    if not place_ids:
        raise ValueError("place_ids must not be empty (use None for every place)")
    result: list[int] = []
    for place in place_ids:
        if isinstance(place, place_class):
            if place.experience.id != experience_id:
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
