"""Groups: the ``Group`` entry point, its members, roles, join requests and shout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .creator import Creator

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._client import ClientOptions

__all__ = ["Group"]


class Group(Creator):
    """A Roblox group.

    Args:
        id: The group ID.
        api_key: An API key with access to the group's resources. It is never
            shown in a repr, log record or exception message.
        **options: The keyword options of `Experience`.
    """

    def __init__(self, id: int, api_key: str, **options: Unpack[ClientOptions]) -> None:  # noqa: A002
        super().__init__(id, api_key, "Group", **options)
