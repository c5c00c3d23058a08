"""Creators (users and groups) and the assets they own.

Only what the experience and place APIs return is here so far: the `User`
and `Group` handles and the `Asset` model. Their own API calls (uploads,
inventory, groups) come with those areas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from ._asset_models import AssetType, ModerationStatus, enum_from_wire
from ._client import BaseClient
from ._repr import model_repr
from ._wire import check_int, parse_time_opt

__all__ = ["Asset", "Creator", "Group", "User"]

C = TypeVar("C", bound="Creator")


class Creator:
    """A user or group that can own assets.

    Attributes:
        id: The user or group ID.
    """

    def __init__(self, id: int, api_key: str, type: str) -> None:  # noqa: A002 - peer SDK names
        self.id = check_int(id, f"{type.lower()} id", minimum=1)
        self._client = BaseClient(api_key=api_key)

    @classmethod
    def _with_client(cls: type[C], id: int, client: BaseClient) -> C:  # noqa: A002
        """A handle sharing another object's options and connection pool (no request)."""
        creator = object.__new__(cls)
        creator.id = check_int(id, "id", minimum=1)
        creator._client = client
        return creator

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Creator) and type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))

    def __repr__(self) -> str:
        return model_repr(self, id=self.id)


class User(Creator):
    """A Roblox user.

    Args:
        id: The user ID.
        api_key: An API key (or OAuth2 access token holder's key) for the user's resources.
    """

    def __init__(self, id: int, api_key: str) -> None:  # noqa: A002
        super().__init__(id, api_key, "User")


class Group(Creator):
    """A Roblox group.

    Args:
        id: The group ID.
        api_key: An API key with access to the group's resources.
    """

    def __init__(self, id: int, api_key: str) -> None:  # noqa: A002
        super().__init__(id, api_key, "Group")


class Asset:
    """An asset on Roblox (``assets/v1`` shape).

    Attributes:
        id: The asset ID.
        name: The display name (``None`` when not known, as on a partial asset
            from `Place.get_asset`).
        description: The description (``None`` when not known).
        is_archived: Whether the asset is archived.
        type: The `AssetType` (`AssetType.Unknown` for types this SDK does not list).
        moderation_status: The `ModerationStatus`.
        icon_asset_id: The icon's asset ID, if any.
        revision_id: The current version number, if known.
        revision_time: When the current version was made, if known.
        creator: The owning `User` or `Group` (``None`` when the response did not say).
    """

    def __init__(self, data: dict[str, Any], creator: Creator | None) -> None:
        self.id = int(data.get("assetId") or str(data.get("path", "0")).rsplit("/", 1)[-1] or 0)
        self.name: str | None = data.get("displayName")
        self.description: str | None = data.get("description")
        self.is_archived = data.get("state") == "Archived"
        self.type = enum_from_wire(AssetType, data.get("assetType"), "ASSET_TYPE_")
        moderation = data.get("moderationResult") or {}
        self.moderation_status = enum_from_wire(
            ModerationStatus, moderation.get("moderationState"), "MODERATION_STATE_"
        )
        icon = data.get("icon")
        self.icon_asset_id: int | None = int(icon.rsplit("/", 1)[-1]) if icon else None
        revision = data.get("revisionId")
        self.revision_id: int | None = int(revision) if revision else None
        self.revision_time: datetime | None = parse_time_opt(data.get("revisionCreateTime"))
        self.creator = creator

    @classmethod
    def _from_wire(cls, data: dict[str, Any], client: BaseClient) -> Asset:
        """An `Asset` whose creator handle shares ``client``."""
        owner = (data.get("creationContext") or {}).get("creator") or {}
        creator: Creator | None = None
        if owner.get("groupId"):
            creator = Group._with_client(int(owner["groupId"]), client)
        elif owner.get("userId"):
            creator = User._with_client(int(owner["userId"]), client)
        return cls(data, creator)

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, type=self.type)  # the seed's format
