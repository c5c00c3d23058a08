"""Experience API area: memory stores (sorted maps and queues)."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["MemoryStoreMixin"]


class MemoryStoreMixin(ExperienceMixin):
    """`Experience` methods for memory stores (sorted maps and queues)."""
