"""Experience API area: the secrets store."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["SecretsMixin"]


class SecretsMixin(ExperienceMixin):
    """`Experience` methods for the secrets store."""
