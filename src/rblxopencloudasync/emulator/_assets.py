"""The asset area: ``assets/v1`` assets with versions, Creator Store products,
asset quotas and asset permissions.

* ``POST /assets/v1/assets`` parses the ``multipart/form-data`` body (a JSON
  ``request`` part and a ``fileContent`` part), checks the asset type, the
  file's content type against Roblox's table of formats, its size, its first
  bytes (images and Roblox model files) and the texts, then answers with an
  operation. The operation reports ``done`` on the emulator's
  ``operation_polls``-th poll of ``GET /assets/v1/operations/{id}`` (at once
  when that is 0; `AssetArea.set_moderation_polls` overrides it), and only
  then does the new version's moderation finish (``Approved``, or what
  `AssetArea.set_moderation_outcome` says).
* ``PATCH`` updates the name/description, or adds a version (Models only);
  ``:archive``/``:restore``, ``versions``, ``versions/{n}`` and
  ``versions:rollback`` work on the same state.
* ``GET /cloud/v2/creator-store-products/CreatorMarketplaceAsset-{Type}-{id}``,
  ``GET /cloud/v2/users/{id}/asset-quotas`` (uploads count against them) and
  ``PATCH /asset-permissions-api/v1/assets/permissions`` (experience grants).

Assets v1 errors use that API's ``{"code": <status>, "message"}`` shape, and
the permissions API its ``{"error": {"code", "message"}}`` shape. ``GET
/assets/v1/assets/{id}`` and ``GET /assets/v1/operations/{id}`` are only
routed here for this area's own assets and operations (place assets and
speech operations belong to other areas).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._area import Area, Context, Part, Request, Route, check_fields, parse_id, parse_int64
from ._errors import ApiError, invalid, not_found
from ._paging import encode_token, page_size, take
from ._time import format_time

__all__ = ["AssetArea", "AssetRecord", "VersionRecord"]

DEMO_USER_ID = 287113233
DEMO_GROUP_ID = 42
_FIRST_ASSET_ID = 17_000_000_001
MAX_NAME = 50
MAX_DESCRIPTION = 1000
DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024
"""The largest file Create/Update Asset take (Roblox's "up to 20 MB"), except videos."""
VIDEO_UPLOAD_LIMIT = 3_750_000_000

# Asset type -> content types Create Asset takes (Roblox's "supported asset types and limits").
UPLOAD_TYPES: dict[str, frozenset[str]] = {
    "Audio": frozenset({"audio/mpeg", "audio/ogg", "audio/wav", "audio/flac"}),
    "Decal": frozenset({"image/png", "image/jpeg", "image/bmp", "image/tga"}),
    "Image": frozenset({"image/png", "image/jpeg", "image/bmp", "image/tga"}),
    "Model": frozenset({"model/fbx", "model/gltf+json", "model/gltf-binary", "model/x-rbxm"}),
    "Animation": frozenset({"model/x-rbxm"}),
    "Video": frozenset({"video/mp4", "video/mov"}),
}
# Leading bytes each image format must start with.
_IMAGE_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/bmp": (b"BM",),
}
_STORE_TYPES = {
    "Model": "modelAssetId",
    "Plugin": "pluginAssetId",
    "Audio": "audioAssetId",
    "Decal": "decalAssetId",
    "MeshPart": "meshPartAssetId",
    "Video": "videoAssetId",
    "FontFamily": "fontFamilyAssetId",
}
# Asset types whose Use an experience (a universe) can be granted.
_GRANTABLE = frozenset({"Animation", "Audio", "Decal", "Image", "Mesh", "MeshPart", "Model", "Video"})
_PERMISSION_BATCH = 100
_MODERATION_STATES = ("Reviewing", "Approved", "Rejected")
_QUOTA_FIELDS = ("quotaType", "assetType")
_QUOTA_DEFAULTS: tuple[tuple[str, str, int, str], ...] = (
    ("RATE_LIMIT_UPLOAD", "AUDIO", 100, "MONTH"),
    ("RATE_LIMIT_UPLOAD", "VIDEO", 20, "DAY"),
    ("RATE_LIMIT_UPLOAD", "DECAL", 300, "DAY"),
    ("RATE_LIMIT_UPLOAD", "IMAGE", 300, "DAY"),
    ("RATE_LIMIT_UPLOAD", "MODEL", 300, "DAY"),
    ("RATE_LIMIT_UPLOAD", "ANIMATION", 300, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "AUDIO", 50, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "DECAL", 50, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "MODEL", 50, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "PLUGIN", 20, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "MESH_PART", 50, "DAY"),
    ("RATE_LIMIT_CREATOR_STORE_DISTRIBUTE", "VIDEO", 20, "DAY"),
)
_QUOTA_ASSET_TYPES = {
    "Audio": "AUDIO",
    "Video": "VIDEO",
    "Decal": "DECAL",
    "Image": "IMAGE",
    "Model": "MODEL",
    "Animation": "ANIMATION",
}
_CAMEL_PART = re.compile(r"[A-Z][a-z0-9]*")


class AssetsError(ApiError):
    """An error in the assets v1 shape ``{"code": <status>, "message"}``."""

    def body(self) -> dict[str, Any]:
        return {"code": self.status, "message": self.message}


class PermissionError_(ApiError):  # noqa: N801 - not the builtin
    """An error in the asset-permissions shape ``{"error": {"code", "message"}}``."""

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


def _as_assets(error: ApiError) -> ApiError:
    if isinstance(error, AssetsError):
        return error
    return AssetsError(error.code, error.message, status=error.status)


def _as_permissions(error: ApiError) -> ApiError:
    if isinstance(error, PermissionError_):
        return error
    return PermissionError_("InvalidRequest", error.message, status=error.status)


def _assets_error(status: int, message: str) -> AssetsError:
    return AssetsError(str(status), message, status=status)


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One version of an emulated asset."""

    number: int
    size: int
    content_type: str
    sha256: str
    moderation: str
    created: datetime
    published: bool = False


@dataclass(frozen=True, slots=True)
class AssetRecord:
    """A snapshot of an emulated asset, for tests."""

    asset_id: int
    asset_type: str
    name: str
    description: str
    creator: tuple[str, int]
    archived: bool
    versions: tuple[VersionRecord, ...]
    granted_universes: frozenset[int]


@dataclass(slots=True)
class _Asset:
    asset_id: int
    asset_type: str
    name: str
    description: str
    creator: tuple[str, int]  # ("userId" | "groupId", id)
    versions: list[VersionRecord] = field(default_factory=list)
    archived: bool = False
    granted: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Operation:
    asset_id: int
    version: int | None  # the version whose moderation finishes with the operation
    polls_needed: int
    polls: int = 0
    error: dict[str, Any] | None = None


@dataclass(slots=True)
class _Product:
    asset_id: int
    asset_type: str
    seller: tuple[str, int]
    published: bool
    base_price: tuple[int, int]  # (significand, exponent), USD
    restrictions: tuple[str, ...] = ()


@dataclass(slots=True)
class _Quota:
    quota_type: str
    asset_type: str
    capacity: int
    period: str
    usage: int = 0


class AssetArea(Area):
    """Assets with versions and moderation, Creator Store products, quotas and permissions."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._assets: dict[int, _Asset] = {}
        self._operations: dict[str, _Operation] = {}
        self._products: dict[int, _Product] = {}
        self._quotas: dict[int, list[_Quota]] = {}
        self._next_id = _FIRST_ASSET_ID
        self._moderation_polls: int | None = None
        self._outcome = "Approved"
        self._price = 0
        self._limits: dict[str, int] = {}
        self._blocked_words = {"badword"}

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["assets", "v1", "assets"]:
                return Route(self.create_asset, needs_body=True, body="multipart", error=_as_assets)
            case "GET", ["assets", "v1", "assets", raw] if self._known(raw):
                return Route(lambda r: self.get_asset(r, raw), frozenset({"readMask"}), error=_as_assets)
            case "PATCH", ["assets", "v1", "assets", raw]:
                return Route(
                    lambda r: self.update_asset(r, raw),
                    frozenset({"updateMask"}),
                    needs_body=True,
                    body="multipart",
                    error=_as_assets,
                )
            case "POST", ["assets", "v1", "assets", raw, ":archive" | ":restore" as verb]:
                return Route(lambda r: self.set_archived(r, raw, verb == ":archive"), error=_as_assets)
            case "GET", ["assets", "v1", "assets", raw, "versions"]:
                return Route(
                    lambda r: self.list_versions(r, raw),
                    frozenset({"maxPageSize", "pageToken"}),
                    error=_as_assets,
                )
            case "GET", ["assets", "v1", "assets", raw, "versions", number]:
                return Route(lambda r: self.get_version(r, raw, number), error=_as_assets)
            case "POST", ["assets", "v1", "assets", raw, "versions", ":rollback"]:
                return Route(
                    lambda r: self.rollback(r, raw), needs_body=True, body="multipart", error=_as_assets
                )
            case "GET", ["assets", "v1", "operations", operation] if operation in self._operations:
                return Route(lambda r: self.get_operation(r, operation), error=_as_assets)
            case "GET", ["cloud", "v2", "creator-store-products", product]:
                return Route(lambda r: self.get_store_product(r, product))
            case "GET", ["cloud", "v2", "users", raw, "asset-quotas"]:
                return Route(
                    lambda r: self.list_quotas(r, raw), frozenset({"maxPageSize", "pageToken", "filter"})
                )
            case "PATCH", ["asset-permissions-api", "v1", "assets", "permissions"]:
                return Route(self.grant_permissions, needs_body=True, error=_as_permissions)
        return None

    def _known(self, raw: str) -> bool:
        return raw.isascii() and raw.isdigit() and len(raw) <= 19 and int(raw) in self._assets

    def clear(self) -> None:
        self._assets.clear()
        self._operations.clear()
        self._products.clear()
        self._quotas.clear()
        self._next_id = _FIRST_ASSET_ID
        self._moderation_polls = None
        self._outcome = "Approved"
        self._price = 0
        self._limits.clear()

    def seed(self, universe_id: int) -> None:
        """Demo assets of the demo user and group 42, a Creator Store listing or two, and quotas."""
        now = self._context.now()
        user, group = ("userId", DEMO_USER_ID), ("groupId", DEMO_GROUP_ID)
        logo = self.add_asset(
            "Decal", "Logo", user, description="The studio logo.", created=now - timedelta(days=30)
        )
        chest = self.add_asset(
            "Model",
            "Treasure Chest",
            user,
            description="A chest with a lid.",
            versions=12,
            created=now - timedelta(days=20),
        )
        theme = self.add_asset(
            "Audio", "Main Theme", group, description="Lobby music.", created=now - timedelta(days=10)
        )
        self.add_asset("Decal", "Group Banner", group, created=now - timedelta(days=5))
        self.add_store_product(chest, published=True, price=(0, 0))
        self.add_store_product(theme, published=True, price=(4_990_000_000, -9))
        self.add_store_product(logo, published=False, price=(0, 0), restrictions=("SOLD_ITEM_RESTRICTED",))
        self._user_quotas(DEMO_USER_ID)[0].usage = 3

    # -- helpers for tests -------------------------------------------------------

    def add_asset(
        self,
        asset_type: str,
        name: str,
        creator: tuple[str, int],
        *,
        description: str = "",
        versions: int = 1,
        created: datetime | None = None,
        moderation: str = "Approved",
    ) -> int:
        """Add an asset with ``versions`` approved versions; returns its ID.

        ``creator`` is ``("userId", id)`` or ``("groupId", id)``.
        """
        if creator[0] not in ("userId", "groupId"):
            raise ValueError("creator must be ('userId', id) or ('groupId', id)")
        if versions < 1:
            raise ValueError("an asset has at least one version")
        with self._context.lock:
            start = created or self._context.now()
            asset = _Asset(self._new_id(), asset_type, name, description, creator)
            content_type = next(
                iter(sorted(UPLOAD_TYPES.get(asset_type, frozenset({"application/octet-stream"}))))
            )
            for number in range(1, versions + 1):
                digest = hashlib.sha256(f"{asset.asset_id}/{number}".encode()).hexdigest()
                asset.versions.append(
                    VersionRecord(
                        number, 1024, content_type, digest, moderation, start + timedelta(hours=number)
                    )
                )
            self._assets[asset.asset_id] = asset
            return asset.asset_id

    def asset(self, asset_id: int) -> AssetRecord:
        """A snapshot of an asset (``KeyError`` if there is none)."""
        with self._context.lock:
            found = self._assets[asset_id]
            return AssetRecord(
                found.asset_id,
                found.asset_type,
                found.name,
                found.description,
                found.creator,
                found.archived,
                tuple(found.versions),
                frozenset(found.granted),
            )

    def asset_ids(self) -> list[int]:
        """Every asset's ID, oldest first."""
        with self._context.lock:
            return list(self._assets)

    def add_store_product(
        self,
        asset_id: int,
        *,
        published: bool = True,
        price: tuple[int, int] = (0, 0),
        restrictions: tuple[str, ...] = (),
    ) -> None:
        """Put an asset on the Creator Store, priced ``significand * 10**exponent`` USD."""
        with self._context.lock:
            asset = self._assets[asset_id]
            if asset.asset_type not in _STORE_TYPES:
                raise ValueError(f"{asset.asset_type} assets are not sold on the Creator Store")
            self._products[asset_id] = _Product(
                asset_id, asset.asset_type, asset.creator, published, price, tuple(restrictions)
            )

    def set_moderation_polls(self, polls: int | None) -> None:
        """Polls until an upload's operation is done (``None``: the emulator's ``operation_polls``)."""
        if polls is not None and (isinstance(polls, bool) or not isinstance(polls, int) or polls < 0):
            raise ValueError("polls must be None or a non-negative int")
        with self._context.lock:
            self._moderation_polls = polls

    def set_moderation_outcome(self, state: str) -> None:
        """How moderation of later uploads ends: ``"Approved"`` (default), ``"Rejected"`` or ``"Reviewing"``."""
        if state not in _MODERATION_STATES:
            raise ValueError(f"state must be one of {_MODERATION_STATES}")
        with self._context.lock:
            self._outcome = state

    def set_upload_price(self, robux: int) -> None:
        """What later uploads cost; an upload whose ``expectedPrice`` is lower fails in its operation."""
        with self._context.lock:
            self._price = robux

    def set_upload_limit(self, asset_type: str, max_bytes: int) -> None:
        """The largest file an ``asset_type`` upload takes (default 20 MiB; videos 3.75 GB)."""
        with self._context.lock:
            self._limits[asset_type] = max_bytes

    def quota_usage(self, user_id: int, quota_type: str, asset_type: str) -> int:
        """The usage of one quota of a user (``asset_type`` in the quota API's spelling, ``"AUDIO"``)."""
        with self._context.lock:
            for quota in self._user_quotas(user_id):
                if (quota.quota_type, quota.asset_type) == (quota_type, asset_type):
                    return quota.usage
        raise KeyError((quota_type, asset_type))

    # -- internals ---------------------------------------------------------------

    def _new_id(self) -> int:
        asset_id = self._next_id
        self._next_id += 1
        return asset_id

    def _asset(self, raw: str) -> _Asset:
        asset_id = parse_id(raw, "asset ID")
        found = self._assets.get(asset_id)
        if found is None:
            raise _assets_error(404, "Asset not found.")
        return found

    def _user_quotas(self, user_id: int) -> list[_Quota]:
        found = self._quotas.get(user_id)
        if found is None:
            found = self._quotas[user_id] = [_Quota(*row) for row in _QUOTA_DEFAULTS]
        return found

    def _asset_json(self, asset: _Asset, *, short: bool = False) -> dict[str, Any]:
        """An Asset resource: short enum names (``Decal``) as in operation answers,
        else the prefixed ones (``ASSET_TYPE_DECAL``) and string IDs."""
        latest = asset.versions[-1]
        if short:
            kind, moderation = asset.asset_type, latest.moderation
            creator: dict[str, Any] = {asset.creator[0]: str(asset.creator[1])}
        else:
            kind = "ASSET_TYPE_" + _snake(asset.asset_type)
            moderation = "MODERATION_STATE_" + latest.moderation.upper()
            creator = {asset.creator[0]: asset.creator[1]}
        return {
            "path": f"assets/{asset.asset_id}",
            "assetId": str(asset.asset_id) if short else asset.asset_id,
            "assetType": kind,
            "displayName": asset.name,
            "description": asset.description,
            "creationContext": {"creator": creator},
            "moderationResult": {"moderationState": moderation},
            "state": "Archived" if asset.archived else "Active",
            "revisionId": str(latest.number),
            "revisionCreateTime": format_time(latest.created),
        }

    def _version_json(self, asset: _Asset, version: VersionRecord) -> dict[str, Any]:
        return {
            "path": f"assets/{asset.asset_id}/versions/{version.number}",
            "creationContext": {"creator": {asset.creator[0]: asset.creator[1]}},
            "moderationResult": {"moderationState": "MODERATION_STATE_" + version.moderation.upper()},
            "published": version.published,
        }

    def _start_operation(
        self, asset: _Asset, version: int | None, error: dict[str, Any] | None = None
    ) -> Any:
        polls = self._operation_polls if self._moderation_polls is None else self._moderation_polls
        operation_id = str(uuid.uuid4())
        operation = self._operations[operation_id] = _Operation(asset.asset_id, version, polls, error=error)
        if polls <= 0:
            self._finish(operation)
        return self._operation_json(operation_id, operation)

    def _finish(self, operation: _Operation) -> None:
        asset = self._assets.get(operation.asset_id)
        if asset is None or operation.version is None or operation.error is not None:
            return
        for index, version in enumerate(asset.versions):
            if version.number == operation.version and version.moderation == "Reviewing":
                asset.versions[index] = VersionRecord(
                    version.number,
                    version.size,
                    version.content_type,
                    version.sha256,
                    self._outcome,
                    version.created,
                    version.published,
                )

    def _operation_json(self, operation_id: str, operation: _Operation) -> dict[str, Any]:
        done = operation.polls >= operation.polls_needed
        result: dict[str, Any] = {"path": f"operations/{operation_id}", "done": done}
        if done:
            if operation.error is not None:
                result["error"] = operation.error
            else:
                result["response"] = self._asset_json(self._assets[operation.asset_id], short=True)
        return result

    def _read_request(self, parts: dict[str, Part], allowed: frozenset[str]) -> dict[str, Any]:
        for name in parts:
            if name not in ("request", "fileContent"):
                raise invalid(f"Unknown form field '{name}'.")
        part = parts.get("request")
        if part is None:
            raise invalid("The form field 'request' is required.")
        try:
            request = json.loads(part.data)
        except ValueError:
            raise invalid("The form field 'request' is not valid JSON.") from None
        if not isinstance(request, dict):
            raise invalid("The form field 'request' must be a JSON object.")
        check_fields(request, allowed)
        return request

    def _check_texts(self, request: dict[str, Any], *, create: bool) -> None:
        name = request.get("displayName")
        if create or name is not None:
            if not isinstance(name, str) or not name.strip():
                raise invalid("displayName is required.")
            if len(name) > MAX_NAME:
                raise invalid(f"displayName must be at most {MAX_NAME} characters.")
        description = request.get("description")
        if create and description is None:
            raise invalid("description is required.")
        if description is not None and (
            not isinstance(description, str) or len(description) > MAX_DESCRIPTION
        ):
            raise invalid(f"description must be a string of at most {MAX_DESCRIPTION} characters.")
        for field_name, label in (("displayName", "AssetName"), ("description", "AssetDescription")):
            text = request.get(field_name)
            if isinstance(text, str) and any(word in text.lower() for word in self._blocked_words):
                raise _assets_error(400, f"{label} is moderated.")

    def _check_file(self, asset_type: str, part: Part | None) -> str:
        """The file part's content type, once its type, size and first bytes are checked."""
        if part is None:
            raise invalid("The form field 'fileContent' is required.")
        content_type = (part.content_type or "").split(";", 1)[0].strip().lower()
        allowed = UPLOAD_TYPES[asset_type]
        if content_type not in allowed:
            raise _assets_error(
                400,
                f"Unsupported content type '{content_type}' for {asset_type}; expected one of {sorted(allowed)}.",
            )
        if not part.data:
            raise _assets_error(400, "The file is empty.")
        limit = self._limits.get(
            asset_type, VIDEO_UPLOAD_LIMIT if asset_type == "Video" else DEFAULT_UPLOAD_LIMIT
        )
        if len(part.data) > limit:
            raise _assets_error(400, f"The file is too large: {len(part.data)} bytes, the limit is {limit}.")
        magic = _IMAGE_MAGIC.get(content_type)
        if magic is not None and not part.data.startswith(magic):
            raise _assets_error(400, '"InvalidImage"')
        if content_type == "model/x-rbxm" and not part.data.startswith(b"<roblox"):
            raise _assets_error(400, "The file is not a Roblox model file (invalid format).")
        return content_type

    def _add_version(self, asset: _Asset, part: Part, content_type: str) -> VersionRecord:
        number = asset.versions[-1].number + 1 if asset.versions else 1
        version = VersionRecord(
            number,
            len(part.data),
            content_type,
            hashlib.sha256(part.data).hexdigest(),
            "Reviewing",
            self._context.now(),
        )
        asset.versions.append(version)
        return version

    def _price_error(self, request: dict[str, Any]) -> dict[str, Any] | None:
        context = request.get("creationContext") or {}
        expected = parse_int64(context.get("expectedPrice", 0), "creationContext.expectedPrice", minimum=0)
        if self._price > expected:
            return {
                "code": 400,
                "message": f"The upload costs {self._price} Robux, more than the expected {expected}.",
            }
        return None

    # -- handlers ----------------------------------------------------------------

    def create_asset(self, request: Request) -> Any:
        """``POST /assets/v1/assets`` (multipart ``request`` + ``fileContent``) -> an operation."""
        parts: dict[str, Part] = request.payload
        body = self._read_request(
            parts, frozenset({"assetType", "displayName", "description", "creationContext"})
        )
        asset_type = body.get("assetType")
        if not isinstance(asset_type, str) or asset_type not in UPLOAD_TYPES:
            raise invalid(f"Unsupported asset type {asset_type!r}; expected one of {sorted(UPLOAD_TYPES)}.")
        context = body.get("creationContext")
        if not isinstance(context, dict):
            raise invalid("creationContext is required.")
        check_fields(context, frozenset({"creator", "expectedPrice", "assetPrivacy"}))
        creator = context.get("creator")
        if (
            not isinstance(creator, dict)
            or len(creator) != 1
            or next(iter(creator)) not in ("userId", "groupId")
        ):
            raise invalid("creationContext.creator must name exactly one of userId or groupId.")
        key = next(iter(creator))
        owner = (key, parse_int64(creator[key], f"creationContext.creator.{key}", minimum=1))
        self._check_texts(body, create=True)
        content_type = self._check_file(asset_type, parts.get("fileContent"))
        error = self._price_error(body)
        asset = _Asset(self._new_id(), asset_type, body["displayName"], body["description"], owner)
        version = self._add_version(asset, parts["fileContent"], content_type)
        self._assets[asset.asset_id] = asset
        if owner[0] == "userId" and asset_type in _QUOTA_ASSET_TYPES:
            for quota in self._user_quotas(owner[1]):
                if (quota.quota_type, quota.asset_type) == (
                    "RATE_LIMIT_UPLOAD",
                    _QUOTA_ASSET_TYPES[asset_type],
                ):
                    quota.usage += 1
        return self._start_operation(asset, version.number, error)

    def update_asset(self, request: Request, raw: str) -> Any:
        """``PATCH /assets/v1/assets/{id}``: texts by ``updateMask``, and/or a new version (Models)."""
        asset = self._asset(raw)
        parts: dict[str, Part] = request.payload
        body = self._read_request(
            parts, frozenset({"assetId", "displayName", "description", "creationContext"})
        )
        if "assetId" in body and parse_int64(body["assetId"], "assetId") != asset.asset_id:
            raise invalid("assetId does not match the asset in the path.")
        mask = [name.strip() for name in request.params.get("updateMask", "").split(",") if name.strip()]
        for name in mask:
            if name not in ("displayName", "description"):
                raise invalid(f"Invalid update mask field '{name}'.")
            if name not in body:
                raise invalid(f"The update mask names '{name}', which the request lacks.")
        self._check_texts({name: body[name] for name in mask}, create=False)
        file = parts.get("fileContent")
        if file is None and not mask:
            raise invalid("Nothing to update.")
        version: int | None = None
        error: dict[str, Any] | None = None
        content_type = ""
        if file is not None:
            if asset.asset_type != "Model":
                raise invalid(f"The content of {asset.asset_type} assets cannot be updated.")
            content_type = self._check_file(asset.asset_type, file)
            error = self._price_error(body)
        for name in mask:
            setattr(asset, "name" if name == "displayName" else "description", body[name])
        if file is not None and error is None:
            version = self._add_version(asset, file, content_type).number
        return self._start_operation(asset, version, error)

    def get_asset(self, request: Request, raw: str) -> Any:
        """``GET /assets/v1/assets/{id}``."""
        mask = request.params.get("readMask")
        if mask is not None:
            allowed = {
                "assetType",
                "creationContext",
                "description",
                "displayName",
                "icon",
                "moderationResult",
                "path",
                "previews",
                "revisionCreateTime",
                "revisionId",
                "state",
                "socialLink",
            }
            for name in mask.split(","):
                if name.strip() not in allowed:
                    raise invalid(f"Invalid read mask field '{name.strip()}'.")
        return self._asset_json(self._asset(raw))

    def set_archived(self, request: Request, raw: str, archived: bool) -> Any:
        """``POST /assets/v1/assets/{id}:archive`` / ``:restore`` (repeating one changes nothing)."""
        asset = self._asset(raw)
        asset.archived = archived
        return self._asset_json(asset)

    def list_versions(self, request: Request, raw: str) -> Any:
        """``GET /assets/v1/assets/{id}/versions``, newest first (``maxPageSize`` 1-50, default 8)."""
        asset = self._asset(raw)
        size = page_size(request.params.get("maxPageSize"), default=8, maximum=50)
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, int):
            raise invalid("Invalid page token.")
        ordered = (v for v in reversed(asset.versions) if cursor is None or v.number < cursor)
        page, more = take(ordered, size)
        result: dict[str, Any] = {"assetVersions": [self._version_json(asset, v) for v in page]}
        if more:
            result["nextPageToken"] = encode_token(page[-1].number, query_hash)
        return result

    def get_version(self, request: Request, raw: str, number: str) -> Any:
        """``GET /assets/v1/assets/{id}/versions/{n}``."""
        asset = self._asset(raw)
        wanted = parse_id(number, "version number")
        for version in asset.versions:
            if version.number == wanted:
                return self._version_json(asset, version)
        raise _assets_error(404, "Asset version not found.")

    def rollback(self, request: Request, raw: str) -> Any:
        """``POST /assets/v1/assets/{id}/versions:rollback`` (multipart ``assetVersion``): a new version."""
        asset = self._asset(raw)
        parts: dict[str, Part] = request.payload
        for name in parts:
            if name != "assetVersion":
                raise invalid(f"Unknown form field '{name}'.")
        part = parts.get("assetVersion")
        if part is None:
            raise invalid("The form field 'assetVersion' is required.")
        match = re.fullmatch(r"assets/([0-9]+)/versions/([0-9]+)", part.text)
        if match is None or int(match.group(1)) != asset.asset_id:
            raise invalid("assetVersion must be assets/{assetId}/versions/{versionNumber} of this asset.")
        wanted = int(match.group(2))
        for version in asset.versions:
            if version.number == wanted:
                new = VersionRecord(
                    asset.versions[-1].number + 1,
                    version.size,
                    version.content_type,
                    version.sha256,
                    version.moderation,
                    self._context.now(),
                )
                asset.versions.append(new)
                return self._version_json(asset, new)
        raise _assets_error(404, "Asset version not found.")

    def get_operation(self, request: Request, operation_id: str) -> Any:
        """``GET /assets/v1/operations/{id}``; moderation finishes on the poll that finds it done."""
        operation = self._operations[operation_id]
        was_done = operation.polls >= operation.polls_needed
        operation.polls += 1
        if not was_done and operation.polls >= operation.polls_needed:
            self._finish(operation)
        return self._operation_json(operation_id, operation)

    def get_store_product(self, request: Request, product: str) -> Any:
        """``GET /cloud/v2/creator-store-products/CreatorMarketplaceAsset-{Type}-{id}``."""
        match = re.fullmatch(r"CreatorMarketplaceAsset-([A-Za-z]+)-([0-9]{1,19})", product)
        if match is None:
            raise invalid(f"Invalid creator store product ID '{product}'.")
        found = self._products.get(int(match.group(2)))
        if found is None or found.asset_type != match.group(1):
            raise not_found("Creator store product not found.")
        seller_field = "userSeller" if found.seller[0] == "userId" else "groupSeller"
        seller_path = ("users/" if found.seller[0] == "userId" else "groups/") + str(found.seller[1])
        significand, exponent = found.base_price
        price = {"currencyCode": "USD", "quantity": {"significand": significand, "exponent": exponent}}
        purchasable = found.published and not found.restrictions
        result: dict[str, Any] = {
            "path": f"creator-store-products/{product}",
            _STORE_TYPES[found.asset_type]: str(found.asset_id),
            seller_field: seller_path,
            "published": found.published,
            "purchasable": purchasable,
            "basePrice": price,
            "purchasePrice": price,
        }
        if found.restrictions:
            result["restrictions"] = list(found.restrictions)
        return result

    def list_quotas(self, request: Request, raw: str) -> Any:
        """``GET /cloud/v2/users/{id}/asset-quotas`` (``maxPageSize`` default 10, max 100; CEL ``filter``)."""
        user_id = parse_id(raw, "user ID")
        wanted = _parse_quota_filter(request.params.get("filter"))
        size = page_size(request.params.get("maxPageSize"), default=10, maximum=100)
        query_hash, cursor = self.page_cursor(request)
        if cursor is not None and not isinstance(cursor, int):
            raise invalid("Invalid page token.")
        rows = [
            (index, quota)
            for index, quota in enumerate(self._user_quotas(user_id))
            if all(getattr(quota, _attr(name)) == value for name, value in wanted.items())
        ]
        page, more = take((row for row in rows if cursor is None or row[0] > cursor), size)
        reset = self._context.now().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        result: dict[str, Any] = {
            "assetQuotas": [
                {
                    "path": f"users/{user_id}/asset-quotas/{index}",
                    "quotaType": quota.quota_type,
                    "assetType": quota.asset_type,
                    "usage": quota.usage,
                    "capacity": quota.capacity,
                    "period": quota.period,
                    "usageResetTime": format_time(reset),
                }
                for index, quota in page
            ]
        }
        if more:
            result["nextPageToken"] = encode_token(page[-1][0], query_hash)
        return result

    def grant_permissions(self, request: Request) -> Any:
        """``PATCH /asset-permissions-api/v1/assets/permissions``: grant a universe the use of assets."""
        body = request.payload
        check_fields(
            body,
            frozenset(
                {"subjectType", "subjectId", "action", "requests", "assetIds", "enableDeepAccessCheck"}
            ),
        )
        if body.get("subjectType") != "Universe" or body.get("action") != "Use":
            raise PermissionError_(
                "InvalidRequest", "The emulator grants only Use to a Universe.", status=400
            )
        universe = parse_int64(body.get("subjectId"), "subjectId", minimum=1)
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise PermissionError_("InvalidRequest", "requests must be a non-empty array.", status=400)
        if len(requests) > _PERMISSION_BATCH:
            raise PermissionError_(
                "BatchSizeLimitExceeded", f"At most {_PERMISSION_BATCH} assets.", status=400
            )
        granted: list[int] = []
        errors: list[dict[str, Any]] = []
        for item in requests:
            if not isinstance(item, dict):
                raise PermissionError_("InvalidRequest", "Each request must be an object.", status=400)
            check_fields(item, frozenset({"assetId", "grantToDependencies", "parentVersionNumber"}))
            asset_id = parse_int64(item.get("assetId"), "assetId", minimum=1)
            asset = self._assets.get(asset_id)
            if asset is None:
                errors.append({"assetId": asset_id, "code": "AssetNotFound"})
            elif asset.asset_type not in _GRANTABLE:
                errors.append({"assetId": asset_id, "code": "AssetTypeNotEnabled"})
            else:
                asset.granted.add(universe)
                granted.append(asset_id)
        return {"successAssetIds": granted, "errors": errors}


def _snake(name: str) -> str:
    """``MeshPart`` -> ``MESH_PART``."""
    return "_".join(part.upper() for part in _CAMEL_PART.findall(name))


def _attr(name: str) -> str:
    return "quota_type" if name == "quotaType" else "asset_type"


def _parse_quota_filter(text: str | None) -> dict[str, str]:
    """``quotaType == RateLimitUpload && assetType == Audio`` as wire values by field."""
    if not text:
        return {}
    wanted: dict[str, str] = {}
    for clause in text.split("&&"):
        match = re.fullmatch(r"\s*(\w+)\s*==\s*([A-Za-z]+)\s*", clause)
        if match is None or match.group(1) not in _QUOTA_FIELDS or match.group(1) in wanted:
            raise invalid(f"Invalid filter: {text!r}.")
        wanted[match.group(1)] = _snake(match.group(2))
    return wanted
