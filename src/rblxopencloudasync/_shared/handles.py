"""What the shared models know of the handles they point at.

A model is shared by both packages, so it cannot name either package's
`Experience`, `Place` or `User` class: it holds whichever handle the API area
gives it, typed here by what every such handle offers.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["CreatorHandle", "ExperienceHandle", "PlaceHandle", "UserHandle"]


class ExperienceHandle(Protocol):
    """An `Experience` of either package."""

    id: int


class PlaceHandle(Protocol):
    """A `Place` of either package."""

    id: int

    @property
    def experience(self) -> ExperienceHandle: ...


class UserHandle(Protocol):
    """A `User` of either package."""

    id: int


class CreatorHandle(Protocol):
    """A `User` or `Group` (a `Creator`) of either package."""

    id: int
