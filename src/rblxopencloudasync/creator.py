"""Creators (users and groups) and the assets they own.

`Creator` is the base of `User` (``user.py``) and `Group` (``group.py``) and
holds the asset API (``assets/v1``): uploads, updates, versions, archiving,
Creator Store products and permission grants. `UserAssetsMixin` adds what only
a user has (asset quotas).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from ._operation import Operation
from ._resource import EntryPoint, ExperienceResource, Resource, open_client, paginate, public_class
from ._shared import checks, creator as shared, deferred_names, fields, paths, reprs
from ._shared.exceptions import HttpException
from ._shared.multipart import Progress, encode_multipart, stream_multipart
from ._shared.page_style import V2_TOKEN

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._client import BaseClient, ClientOptions
    from ._paginator import AsyncPaginator
    from ._shared.creator import (
        AssetPermissionResult,
        AssetQuota,
        AssetType,
        AssetVersion,
        ModerationStatus,
        Money,
        ProductRestriction,
    )

__all__ = [  # noqa: F822 - see below
    "Asset",
    "AssetPermissionResult",
    "AssetQuota",
    "AssetType",
    "AssetVersion",
    "Creator",
    "CreatorStoreProduct",
    "Group",
    "ModerationStatus",
    "Money",
    "ProductRestriction",
    "User",
    "UserAssetsMixin",
]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead); `User` and `Group`, defined
# in user.py and group.py (which import this module), stay importable from here.
if not TYPE_CHECKING:
    _shared_name = deferred_names(
        globals(),
        shared,
        "AssetPermissionResult",
        "AssetQuota",
        "AssetType",
        "AssetVersion",
        "ModerationStatus",
        "Money",
        "ProductRestriction",
    )

    def __getattr__(name: str) -> Any:
        if name in ("User", "Group"):
            return public_class(name)
        return _shared_name(name)


_VERSIONS_PAGE = 50  # maxPageSize of asset versions: 1-50
_QUOTAS_PAGE = 100  # maxPageSize of asset quotas: 1-100
_UPLOAD_ERROR_STATUSES = (400, 413, 415, 422)

AssetFile = IO[bytes] | bytes
"""An asset file: a file opened in ``rb`` mode (streamed from its position), or its bytes."""


class Creator(Resource, EntryPoint):
    """A user or group that can own assets.

    `User` and `Group` take the same keyword options as `Experience`
    (``base_url``, ``timeout``, ``max_retries``, ``http_client``, ``transport``,
    ``http_backend``, ``max_response_bytes``, ``allow_insecure_http``).

    Attributes:
        id: The user or group ID.
    """

    _kind = "User"

    def __init__(
        self,
        id: int,  # noqa: A002 - the peer SDK's names
        api_key: str,
        type: str,  # noqa: A002
        **options: Unpack[ClientOptions],
    ) -> None:
        if type not in ("User", "Group"):
            raise ValueError(f"type must be 'User' or 'Group', got {type!r}")
        self._setup(id)
        self._kind = type
        self._client = open_client(api_key=api_key, **options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Creator) and type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id)

    @property
    def _owner_field(self) -> str:
        """``"groupId"`` or ``"userId"``: how an asset's creation context names this creator."""
        if isinstance(self, public_class("Group")):
            return "groupId"
        if isinstance(self, public_class("User")):
            return "userId"
        return "groupId" if self._kind == "Group" else "userId"

    def _owned(self, handle: Creator | None) -> Creator | None:
        """This creator when ``handle`` names it (so an asset's creator is this object)."""
        if handle is not None and handle.id == self.id and handle._owner_field == self._owner_field:
            return self
        return handle

    # -- assets ------------------------------------------------------------------

    async def fetch_asset(self, asset_id: int) -> Asset:
        """Fetch an asset.

        Requires the ``asset:read`` scope.

        Args:
            asset_id: The asset ID.

        Returns:
            The `Asset`; its ``creator`` is this object when the asset is this creator's.

        Raises:
            NotFound: The asset does not exist.
            Forbidden: The API key cannot read the asset.
        """
        asset = await fetch_asset(self._client, asset_id)
        asset.creator = self._owned(asset.creator)
        return asset

    async def upload_asset(
        self,
        file: AssetFile,
        asset_type: AssetType | str,
        name: str,
        description: str,
        expected_robux_price: int = 0,
        *,
        progress: Progress | None = None,
    ) -> Operation[Asset]:
        """Upload a file as a new asset owned by this creator.

        The file is streamed (never read whole into memory) as
        ``multipart/form-data`` with its ``Content-Length``. Its format comes
        from its name (``.png``, ``.mp3``, ``.fbx``, ...) or else its first
        bytes, and must be one the asset type takes:

        | Asset type | Formats |
        | --- | --- |
        | Decal, Image | ``.png``, ``.jpeg``/``.jpg``, ``.bmp``, ``.tga`` |
        | Audio | ``.mp3``, ``.ogg``, ``.wav``, ``.flac`` |
        | Model | ``.fbx``, ``.gltf``, ``.glb``, ``.rbxm``, ``.rbxmx`` |
        | Animation | ``.rbxm``, ``.rbxmx`` |
        | Video | ``.mp4``, ``.mov`` |

        Requires the ``asset:read`` and ``asset:write`` scopes (a group's
        assets need a group-owned API key). The upload is never sent again
        after a server error or a lost answer, since a repeat could create a
        second asset; a 429 is retried (Roblox did nothing).

        Args:
            file: The file opened in binary mode (``open(path, "rb")``), or its bytes.
            asset_type: The `AssetType` (or its name, ``"Decal"``).
            name: The asset's name (at most 50 characters).
            description: The asset's description (at most 1000 characters).
            expected_robux_price: The most Robux the upload may cost; the
                upload fails if Roblox charges more.
            progress: Called with ``(bytes_sent, total)`` as the body is sent
                (a resent attempt starts again from 0).

        Returns:
            An `Operation`; ``wait()`` returns the new `Asset` once Roblox has
            processed it (its ``moderation_status`` may still be ``Reviewing``).

        Raises:
            TypeError: An argument has the wrong type (or the file is in text mode).
            ValueError: The asset type cannot be uploaded, the file's format
                does not fit it, the file is empty, or a text is too long.
            InvalidFile: Roblox rejected the file.
            ModeratedText: Roblox's moderation rejected the name or description.
        """
        kind = shared.check_asset_type(asset_type, upload=True)
        request = shared.upload_request(
            kind, name, description, self._owner_field, self.id, expected_robux_price
        )
        _check_progress(progress)
        stream, filename, content_type = shared.open_upload(file, kind)
        body, body_type = stream_multipart(
            {"request": request},
            "fileContent",
            stream,
            filename=filename,
            content_type=content_type,
            progress=progress,
        )
        return await self._asset_operation(
            "POST", "/assets/v1/assets", None, body=body, body_type=body_type, idempotent=False
        )

    async def update_asset(
        self,
        asset_id: int,
        file: AssetFile | None = None,
        name: str | None = None,
        description: str | None = None,
        expected_robux_price: int = 0,
        *,
        progress: Progress | None = None,
    ) -> Operation[Asset]:
        """Change an asset's name or description, or upload a new version of its content.

        Roblox can only update the content of **Model** assets (``.fbx``,
        ``.gltf``, ``.glb``, ``.rbxm``, ``.rbxmx``). A new file is streamed
        like in `upload_asset` and never sent again after a server error or
        a lost answer (a repeat could make a second version); a change of name
        or description alone is retried, since repeating it changes nothing.
        Requires the ``asset:read`` and ``asset:write`` scopes.

        Args:
            asset_id: The asset ID.
            file: A new version of the content, opened in binary mode, or its bytes.
            name: A new name (at most 50 characters).
            description: A new description (at most 1000 characters; ``""`` clears it).
            expected_robux_price: The most Robux the update may cost.
            progress: Called with ``(bytes_sent, total)`` while a file is sent.

        Returns:
            An `Operation` resolving to the updated `Asset`.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Nothing to update, or an argument is out of range.
            NotFound: The asset does not exist.
            InvalidFile: Roblox rejected the file.
            ModeratedText: Roblox's moderation rejected the name or description.
        """
        asset_id = checks.check_int(asset_id, "asset_id", minimum=1)
        request, mask = shared.update_request(asset_id, name, description, expected_robux_price)
        _check_progress(progress)
        if file is None and not mask:
            raise ValueError("update_asset() needs a file, a name or a description")
        path = paths.api_path("/assets/v1/assets/{}", asset_id)
        params = {"updateMask": mask} if mask else None
        if file is None:
            content, body_type = encode_multipart({"request": request})
            return await self._asset_operation(
                "PATCH", path, params, content=content, body_type=body_type, idempotent=True
            )
        stream, filename, content_type = shared.open_upload(file, None)
        body, body_type = stream_multipart(
            {"request": request},
            "fileContent",
            stream,
            filename=filename,
            content_type=content_type,
            progress=progress,
        )
        return await self._asset_operation(
            "PATCH", path, params, body=body, body_type=body_type, idempotent=False
        )

    def list_asset_versions(self, asset_id: int, limit: int | None = None) -> AsyncPaginator[AssetVersion]:
        """Iterate the versions of an asset, newest first.

        Requires the ``asset:read`` scope.

        Args:
            asset_id: The asset ID.
            limit: Stop after this many versions (default: all).

        Returns:
            An iterator of `AssetVersion` objects, fetched a page at a time.
        """
        return _list_versions(self._client, checks.check_int(asset_id, "asset_id", minimum=1), limit, self)

    async def fetch_asset_version(self, asset_id: int, version_number: int) -> AssetVersion:
        """Fetch one version of an asset.

        Requires the ``asset:read`` scope.

        Args:
            asset_id: The asset ID.
            version_number: The version number (1 is the first upload).

        Returns:
            The `AssetVersion`.

        Raises:
            NotFound: The asset or the version does not exist.
        """
        return await _fetch_version(self._client, asset_id, version_number, self)

    async def rollback_asset(self, asset_id: int, version_number: int) -> AssetVersion:
        """Make an earlier version of an asset its current version.

        Roblox makes a new version with the earlier version's content. Never
        sent again after a server error or a lost answer (a repeat would add
        another version). Requires the ``asset:read`` and ``asset:write`` scopes.

        Args:
            asset_id: The asset ID.
            version_number: The version to return to.

        Returns:
            The new `AssetVersion`.

        Raises:
            NotFound: The asset or the version does not exist.
        """
        return await _rollback(self._client, asset_id, version_number, self)

    async def archive_asset(self, asset_id: int) -> Asset:
        """Archive an asset: it disappears from the website and from experiences until restored.

        Retried after a server error (archiving twice changes nothing).
        Requires the ``asset:read`` and ``asset:write`` scopes.

        Args:
            asset_id: The asset ID.

        Returns:
            The archived `Asset`.

        Raises:
            NotFound: The asset does not exist.
        """
        return await _archive(self._client, asset_id, True, self._parse_asset)

    async def restore_asset(self, asset_id: int) -> Asset:
        """Restore an archived asset.

        Retried after a server error (restoring twice changes nothing).
        Requires the ``asset:read`` and ``asset:write`` scopes.

        Args:
            asset_id: The asset ID.

        Returns:
            The restored `Asset`.

        Raises:
            NotFound: The asset does not exist.
        """
        return await _archive(self._client, asset_id, False, self._parse_asset)

    async def fetch_creator_store_product(
        self, asset_type: AssetType | str, product_id: int
    ) -> CreatorStoreProduct:
        """Fetch an asset's Creator Store product (its distribution and price).

        Requires the ``creator-store-product:read`` scope.

        Args:
            asset_type: The asset's `AssetType` (Model, Plugin, Audio, Decal,
                MeshPart, Video or FontFamily), or its name.
            product_id: The asset ID.

        Returns:
            The `CreatorStoreProduct`.

        Raises:
            ValueError: The asset type is not sold on the Creator Store.
            NotFound: The asset is not on the Creator Store.
        """
        product = await fetch_creator_store_product(self._client, asset_type, product_id)
        owned = self._owned(product.creator)
        if owned is not None:
            product.creator = owned
        return product

    async def grant_asset_permission(
        self, experience: ExperienceResource | int, asset_ids: Iterable[int], grant_dependencies: bool = False
    ) -> AssetPermissionResult:
        """Let an experience use assets of this creator (e.g. audio or images
        in an experience owned by someone else).

        One request grants the experience the **Use** permission on up to 100
        assets; Roblox reports per asset whether it worked. Retried after a
        server error (granting twice changes nothing). Requires the
        ``asset-permissions:write`` scope.

        Args:
            experience: The `Experience`, or its ID (the universe ID).
            asset_ids: The asset IDs.
            grant_dependencies: Also grant the use of the assets' dependencies
                (done by Roblox after the answer).

        Returns:
            An `AssetPermissionResult`: the asset IDs granted, and those not
            granted with Roblox's reason.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: No asset, more than 100, or an ID is not positive.
            Forbidden: The API key may not grant permissions on these assets.
        """
        return await grant_asset_permission(self._client, experience, asset_ids, grant_dependencies)

    def _parse_asset(self, body: Any) -> Asset:
        asset = Asset.from_wire(body, self._client)
        asset.creator = self._owned(asset.creator)
        return asset

    async def _asset_operation(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        *,
        body_type: str,
        idempotent: bool,
        body: Any = None,
        content: bytes | None = None,
    ) -> Operation[Asset]:
        """Send an asset create or update and return its operation, with upload errors mapped."""
        client = self._client
        parse = self._parse_asset

        def started(reply: Any) -> Operation[Asset]:
            data = fields.as_object(reply)
            operation_path = shared.asset_operation_path(data)
            if operation_path is None:  # a metadata-only update answers with the asset itself
                done = {"done": True, "response": data}
                return Operation(client, path, parse, initial=done, error=shared.upload_error)
            return Operation(client, operation_path, parse, initial=data, error=shared.upload_error)

        try:
            result: Operation[Asset] = await client.request_json(
                method,
                path,
                params=params,
                content=content,
                stream=body,
                headers={"content-type": body_type},
                idempotent=idempotent,
                parse=started,
            )
        except HttpException as error:
            if type(error) is not HttpException or error.status_code not in _UPLOAD_ERROR_STATUSES:
                raise
            mapped = shared.upload_error(error.body or {}, error.status_code)
            if type(mapped) is HttpException:
                raise
            raise mapped from error
        return result


class UserAssetsMixin(Creator):
    """What only a `User` has of the asset API: asset quotas."""

    def list_asset_quotas(
        self,
        limit: int | None = None,
        asset_type: AssetType | str | None = None,
        quota_type: str | None = None,
    ) -> AsyncPaginator[AssetQuota]:
        """Iterate the user's asset quotas, such as how many audio files they
        may still upload this month.

        Requires the ``asset:read`` scope.

        Example:
            ```python
            async for quota in user.list_asset_quotas(asset_type=AssetType.Audio):
                print(quota.usage, "of", quota.capacity, "per", quota.period)
            ```

        Args:
            limit: Stop after this many quotas (default: all).
            asset_type: Only quotas for this `AssetType` (or its name).
            quota_type: Only quotas of this kind: ``"RATE_LIMIT_UPLOAD"`` or
                ``"RATE_LIMIT_CREATOR_STORE_DISTRIBUTE"``.

        Returns:
            An iterator of `AssetQuota` objects, fetched a page at a time.

        Raises:
            ValueError: An unknown quota type, or an asset type without quotas.
        """
        return paginate(
            self._client,
            paths.api_path("/cloud/v2/users/{}/asset-quotas", self.id),
            style=V2_TOKEN(_QUOTAS_PAGE),
            items_field="assetQuotas",
            parse=shared.AssetQuota.from_wire,
            params={"filter": shared.quota_filter(asset_type, quota_type)},
            limit=checks.check_limit(limit),
        )


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
        self._client = client
        self.creator = creator
        self._apply(fields.as_object(data))

    def _apply(self, data: dict[str, Any]) -> None:
        asset_id = fields.opt_int(data, "assetId")
        self.id: int = asset_id if asset_id is not None else fields.req_path_id(data, "path")
        self.name: str | None = fields.opt_str(data, "displayName")
        self.description: str | None = fields.opt_str(data, "description")
        self.is_archived = fields.opt_str(data, "state") == "Archived"
        self.type = shared.enum_from_wire(shared.AssetType, fields.opt_str(data, "assetType"), "ASSET_TYPE_")
        moderation = fields.opt_object(data, "moderationResult") or {}
        self.moderation_status = shared.enum_from_wire(
            shared.ModerationStatus, fields.opt_str(moderation, "moderationState"), "MODERATION_STATE_"
        )
        self.icon_asset_id: int | None = fields.opt_path_id(data, "icon")
        self.revision_id: int | None = fields.opt_int(data, "revisionId") or None
        self.revision_time: datetime | None = fields.opt_time(data, "revisionCreateTime")

    def _refresh(self, body: Any) -> Asset:
        """Take in an answer describing this asset; every field is read before any attribute changes."""
        fresh = Asset(fields.as_object(body), self.creator, self._client)
        vars(self).update(vars(fresh))
        return self

    @classmethod
    def from_wire(cls, data: Any, client: BaseClient) -> Asset:
        """An `Asset` whose creator handle shares ``client``."""
        data = fields.as_object(data)
        return cls(data, _creator_from_wire(data, client), client)

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, type=self.type)  # the seed's format

    async def fetch_version(self, version_number: int) -> AssetVersion:
        """Fetch one version of this asset (`Creator.fetch_asset_version`)."""
        return await _fetch_version(self._client, self.id, version_number, self.creator)

    def list_versions(self, limit: int | None = None) -> AsyncPaginator[AssetVersion]:
        """Iterate this asset's versions, newest first (`Creator.list_asset_versions`)."""
        return _list_versions(self._client, self.id, limit, self.creator)

    async def rollback(self, version_number: int) -> AssetVersion:
        """Make an earlier version this asset's current version (`Creator.rollback_asset`)."""
        return await _rollback(self._client, self.id, version_number, self.creator)

    async def archive(self) -> Asset:
        """Archive this asset (`Creator.archive_asset`) and refresh this object from the answer.

        Returns:
            This asset.
        """
        return await _archive(self._client, self.id, True, self._refresh)

    async def restore(self) -> Asset:
        """Restore this archived asset (`Creator.restore_asset`) and refresh this object.

        Returns:
            This asset.
        """
        return await _archive(self._client, self.id, False, self._refresh)

    async def fetch_creator_store_product(self) -> CreatorStoreProduct:
        """Fetch this asset's Creator Store product (`Creator.fetch_creator_store_product`).

        Raises:
            ValueError: The asset's type is not sold on the Creator Store (or not known).
            NotFound: The asset is not on the Creator Store.
        """
        product = await fetch_creator_store_product(self._client, self.type, self.id)
        if self.creator is not None and product.creator is not None and product.creator.id == self.creator.id:
            product.creator = self.creator
        return product

    async def fetch_creator_store_prodcut(self) -> CreatorStoreProduct:
        """Deprecated misspelling of `fetch_creator_store_product`, kept from rblx-open-cloud 2.x."""
        warnings.warn(
            "Asset.fetch_creator_store_prodcut() is deprecated; use fetch_creator_store_product()",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self.fetch_creator_store_product()

    async def grant_permission(
        self, experience: ExperienceResource | int, grant_dependencies: bool = False
    ) -> AssetPermissionResult:
        """Let an experience use this asset (`Creator.grant_asset_permission` for one asset)."""
        return await grant_asset_permission(self._client, experience, [self.id], grant_dependencies)


class CreatorStoreProduct:
    """An asset as a product on the Creator Store: its distribution and price.

    Attributes:
        asset_id: The asset's ID.
        asset_type: The asset's `AssetType`.
        purchasable: Whether it can be acquired now (published and unrestricted).
        published: Whether the seller distributes it on the Creator Store.
        restrictions: The `ProductRestriction`s in force.
        base_price: The price the seller set (`Money`), if any.
        purchase_price: The price a buyer pays, after local adjustments, if any.
        creator: The `User` or `Group` selling it (``None`` when Roblox did not say).
    """

    def __init__(self, data: dict[str, Any], client: BaseClient) -> None:
        product = shared.store_product_fields(data)
        self._client = client
        self.asset_id: int = product["asset_id"]
        self.asset_type: AssetType = product["asset_type"]
        self.purchasable: bool = product["purchasable"]
        self.published: bool = product["published"]
        self.restrictions: list[ProductRestriction] = product["restrictions"]
        self.base_price: Money | None = product["base_price"]
        self.purchase_price: Money | None = product["purchase_price"]
        self.creator: Creator | None = _bind_creator(product["seller"], client)

    def __repr__(self) -> str:
        return reprs.model_repr(self, asset_id=self.asset_id, asset_type=self.asset_type)

    async def fetch_asset(self) -> Asset:
        """Fetch the product's `Asset`.

        Raises:
            NotFound: The asset does not exist.
        """
        asset = await fetch_asset(self._client, self.asset_id)
        if self.creator is not None and asset.creator is not None and asset.creator.id == self.creator.id:
            asset.creator = self.creator
        return asset


# -- the calls, for every handle that holds a client ---------------------------------
# `Creator`, `Asset` and `CreatorStoreProduct` share these; so can other entry
# points (an `ApiKey` has no creator of its own).


async def fetch_asset(client: BaseClient, asset_id: int) -> Asset:
    """``GET /assets/v1/assets/{id}`` as an `Asset` on ``client`` (see `Creator.fetch_asset`)."""
    path = paths.api_path("/assets/v1/assets/{}", checks.check_int(asset_id, "asset_id", minimum=1))
    result: Asset = await client.request_json("GET", path, parse=lambda body: Asset.from_wire(body, client))
    return result


async def fetch_creator_store_product(
    client: BaseClient, asset_type: Any, product_id: int
) -> CreatorStoreProduct:
    """A Creator Store product on ``client`` (see `Creator.fetch_creator_store_product`)."""
    path = paths.api_path(
        "/cloud/v2/creator-store-products/{}", shared.store_product_id(asset_type, product_id)
    )
    result: CreatorStoreProduct = await client.request_json(
        "GET", path, parse=lambda body: CreatorStoreProduct(fields.as_object(body), client)
    )
    return result


async def grant_asset_permission(
    client: BaseClient, experience: Any, asset_ids: Any, grant_dependencies: Any
) -> AssetPermissionResult:
    """Grant an experience the use of assets (see `Creator.grant_asset_permission`)."""
    experience_id = experience.id if isinstance(experience, Resource) else experience
    body = shared.permission_body(experience_id, asset_ids, grant_dependencies)
    result: AssetPermissionResult = await client.request_json(
        "PATCH",
        "/asset-permissions-api/v1/assets/permissions",
        json=body,
        idempotent=True,
        parse=shared.AssetPermissionResult.from_wire,
    )
    return result


def _list_versions(
    client: BaseClient, asset_id: int, limit: int | None, creator: Creator | None
) -> AsyncPaginator[AssetVersion]:
    return paginate(
        client,
        paths.api_path("/assets/v1/assets/{}/versions", asset_id),
        style=V2_TOKEN(_VERSIONS_PAGE),
        items_field="assetVersions",
        parse=lambda data: _version(data, creator, client),
        limit=checks.check_limit(limit),
        bare_array=True,
    )


async def _fetch_version(
    client: BaseClient, asset_id: int, version_number: int, creator: Creator | None
) -> AssetVersion:
    path = paths.api_path(
        "/assets/v1/assets/{}/versions/{}",
        checks.check_int(asset_id, "asset_id", minimum=1),
        checks.check_int(version_number, "version_number", minimum=1),
    )
    result: AssetVersion = await client.request_json(
        "GET", path, parse=lambda body: _version(body, creator, client)
    )
    return result


async def _rollback(
    client: BaseClient, asset_id: int, version_number: int, creator: Creator | None
) -> AssetVersion:
    asset_id = checks.check_int(asset_id, "asset_id", minimum=1)
    version_number = checks.check_int(version_number, "version_number", minimum=1)
    content, body_type = encode_multipart({"assetVersion": f"assets/{asset_id}/versions/{version_number}"})
    result: AssetVersion = await client.request_json(
        "POST",
        paths.api_path("/assets/v1/assets/{}/versions:rollback", asset_id),
        content=content,
        headers={"content-type": body_type},
        idempotent=False,
        parse=lambda body: _version(body, creator, client),
    )
    return result


async def _archive(client: BaseClient, asset_id: int, archive: bool, parse: Callable[[Any], Asset]) -> Asset:
    template = "/assets/v1/assets/{}:archive" if archive else "/assets/v1/assets/{}:restore"
    path = paths.api_path(template, checks.check_int(asset_id, "asset_id", minimum=1))
    result: Asset = await client.request_json("POST", path, idempotent=True, parse=parse)
    return result


def _version(data: Any, creator: Creator | None, client: BaseClient) -> AssetVersion:
    named = shared.version_creator_id(data)
    if named is not None and (creator is None or (creator._owner_field, creator.id) != named):
        creator = _bind_creator(named, client)
    return shared.AssetVersion.from_wire(data, creator)


def _creator_from_wire(data: dict[str, Any], client: BaseClient) -> Creator | None:
    owner = fields.opt_object(fields.opt_object(data, "creationContext") or {}, "creator") or {}
    if group_id := fields.opt_int(owner, "groupId"):
        return _bind_creator(("groupId", group_id), client)
    if user_id := fields.opt_int(owner, "userId"):
        return _bind_creator(("userId", user_id), client)
    return None


def _bind_creator(named: tuple[str, int] | None, client: BaseClient) -> Creator | None:
    """A `User` or `Group` handle on ``client`` for ``("userId" | "groupId", id)``."""
    if named is None:
        return None
    handle: Creator = public_class("Group" if named[0] == "groupId" else "User")._bind(client, named[1])
    return handle


def _check_progress(progress: Any) -> None:
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a callable (bytes_sent, total), got {type(progress).__name__}")
