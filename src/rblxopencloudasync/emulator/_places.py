"""Emulator area (being written for issue 4)."""

from __future__ import annotations

from ._area import Area, Route


class PlaceArea(Area):
    """Emulator area (being written for issue 4)."""

    def route(self, method: str, segments: list[str]) -> Route | None:
        return None
