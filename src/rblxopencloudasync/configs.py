"""Experience API area: creator configs."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["CreatorConfigMixin"]


class CreatorConfigMixin(ExperienceMixin):
    """`Experience` methods for creator configs."""
