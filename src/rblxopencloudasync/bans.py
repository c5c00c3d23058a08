"""Experience API area: user restrictions (bans) and ban logs."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["ExperienceBansMixin", "PlaceBansMixin"]


class ExperienceBansMixin(ExperienceMixin):
    """`Experience` methods for universe-wide user restrictions and ban logs."""


class PlaceBansMixin:
    """`Place` methods for place-level user restrictions."""
