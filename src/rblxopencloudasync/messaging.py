"""Experience API area: messaging, notifications, servers, subscriptions, translation and speech."""

from __future__ import annotations

from ._mixin import ExperienceMixin

__all__ = ["MessagingMixin"]


class MessagingMixin(ExperienceMixin):
    """`Experience` methods for messaging, notifications, servers, subscriptions, translation and speech."""
