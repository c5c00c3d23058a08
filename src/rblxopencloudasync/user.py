"""Users: the ``User`` entry point and what the API tells about a user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .creator import UserAssetsMixin
from .inventory import InventoryMixin

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._client import ClientOptions

__all__ = ["User"]


class User(InventoryMixin, UserAssetsMixin):
    """A Roblox user.

    Args:
        id: The user ID.
        api_key: An API key with access to the user's resources. It is never
            shown in a repr, log record or exception message.
        **options: The keyword options of `Experience`.
    """

    def __init__(self, id: int, api_key: str, **options: Unpack[ClientOptions]) -> None:  # noqa: A002
        super().__init__(id, api_key, "User", **options)
