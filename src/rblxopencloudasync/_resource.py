"""The base of the per-area mixins that make up `Experience`.

Each API area (memory stores, bans, secrets, ...) lives in its own module as a
mixin; ``experience.py`` combines them. A mixin reaches the experience's id and
transport through the attributes declared here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ._client import BaseClient

if TYPE_CHECKING:
    from .experience import Experience

__all__ = ["ExperienceMixin"]


class ExperienceMixin:
    """What an area module needs of the experience it is mixed into."""

    id: int
    _client: BaseClient

    @property
    def _experience(self) -> Experience:
        """This object typed as the `Experience` it is part of (for models that keep it)."""
        return cast("Experience", self)
