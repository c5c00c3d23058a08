"""Experience API area: developer products, game passes and badges."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["MonetizationMixin"]


class MonetizationMixin(ExperienceMixin):
    """`Experience` methods for developer products, game passes and badges."""
