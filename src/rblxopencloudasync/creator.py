"""Creators (users and groups) and the assets they own.

`Creator` is the base of `User` (``user.py``) and `Group` (``group.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._resource import EntryPoint, Resource, open_client, public_class
from ._shared import creator as shared, deferred_names
from ._shared.fields import as_object, opt_int, opt_object, opt_path_id, opt_str, opt_time, req_path_id
from ._shared.reprs import model_repr

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._client import BaseClient, ClientOptions
    from ._shared.creator import AssetType, ModerationStatus

__all__ = ["Asset", "AssetType", "Creator", "Group", "ModerationStatus", "User"]  # noqa: F822 - see below
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead); `User` and `Group`, defined
# in user.py and group.py (which import this module), stay importable from here.
if not TYPE_CHECKING:
    _shared_name = deferred_names(globals(), shared, "AssetType", "ModerationStatus")

    def __getattr__(name: str) -> Any:
        if name in ("User", "Group"):
            return public_class(name)
        return _shared_name(name)


class Creator(Resource, EntryPoint):
    """A user or group that can own assets.

    `User` and `Group` take the same keyword options as `Experience`
    (``base_url``, ``timeout``, ``max_retries``, ``http_client``, ``transport``,
    ``http_backend``, ``max_response_bytes``, ``allow_insecure_http``).

    Attributes:
        id: The user or group ID.
    """

    def __init__(
        self,
        id: int,  # noqa: A002 - the peer SDK's names
        api_key: str,
        type: str,  # noqa: A002
        **options: Unpack[ClientOptions],
    ) -> None:
        self._setup(id)
        self._client = open_client(api_key=api_key, **options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Creator) and type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))

    def __repr__(self) -> str:
        return model_repr(self, id=self.id)


class Asset(Resource):
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

    def __init__(self, data: dict[str, Any], creator: Creator | None, client: BaseClient) -> None:
        data = as_object(data)
        self._client = client
        asset_id = opt_int(data, "assetId")
        self.id: int = asset_id if asset_id is not None else req_path_id(data, "path")
        self.name: str | None = opt_str(data, "displayName")
        self.description: str | None = opt_str(data, "description")
        self.is_archived = opt_str(data, "state") == "Archived"
        self.type = shared.enum_from_wire(shared.AssetType, opt_str(data, "assetType"), "ASSET_TYPE_")
        moderation = opt_object(data, "moderationResult") or {}
        self.moderation_status = shared.enum_from_wire(
            shared.ModerationStatus, opt_str(moderation, "moderationState"), "MODERATION_STATE_"
        )
        self.icon_asset_id: int | None = opt_path_id(data, "icon")
        self.revision_id: int | None = opt_int(data, "revisionId") or None
        self.revision_time: datetime | None = opt_time(data, "revisionCreateTime")
        self.creator = creator

    @classmethod
    def from_wire(cls, data: Any, client: BaseClient) -> Asset:
        """An `Asset` whose creator handle shares ``client``."""
        data = as_object(data)
        context = opt_object(data, "creationContext") or {}
        owner = opt_object(context, "creator") or {}
        creator: Creator | None = None
        if group_id := opt_int(owner, "groupId"):
            creator = public_class("Group")._bind(client, group_id)
        elif user_id := opt_int(owner, "userId"):
            creator = public_class("User")._bind(client, user_id)
        return cls(data, creator, client)

    def __repr__(self) -> str:
        return model_repr(self, id=self.id, type=self.type)  # the seed's format
