"""Places within an experience."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bans import PlaceBansMixin

if TYPE_CHECKING:
    from .experience import Experience

__all__ = ["Place"]


class Place(PlaceBansMixin):
    """A place within an experience.

    Attributes:
        id: The place ID.
        experience: The `Experience` the place belongs to.
    """

    def __init__(self, id: int, experience: Experience) -> None:  # noqa: A002
        self.id = id
        self.experience = experience
