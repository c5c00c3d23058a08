"""The asset API's enums, models, argument checks and request bodies, shared by both twins.

Uploads: which asset types the Assets API takes, with which file formats
(Roblox's "supported asset types and limits" table), and the content type
each format is sent as.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import IO, Any, TypeVar

from .checks import check_bool, check_int
from .exceptions import HttpException, InvalidFile, ModeratedText
from .fields import (
    ResponseShapeError,
    as_object,
    opt_bool,
    opt_int,
    opt_list,
    opt_object,
    opt_str,
    opt_time,
    req_int,
    req_str,
)
from .handles import CreatorHandle
from .paths import api_path, path_id
from .reprs import model_repr

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_NAME",
    "MAX_PERMISSION_ASSETS",
    "QUOTA_TYPES",
    "STORE_ASSET_FIELDS",
    "UPLOAD_FORMATS",
    "AssetPermissionResult",
    "AssetQuota",
    "AssetType",
    "AssetVersion",
    "ModerationStatus",
    "Money",
    "ProductRestriction",
    "asset_operation_path",
    "check_asset_type",
    "enum_from_wire",
    "open_upload",
    "permission_body",
    "quota_filter",
    "store_product_fields",
    "store_product_id",
    "upload_error",
    "upload_request",
    "update_request",
    "version_creator_id",
]

MAX_NAME = 50
"""The longest asset display name Roblox accepts."""
MAX_DESCRIPTION = 1000
"""The longest asset description (the Asset schema's limit)."""


_E = TypeVar("_E", bound=Enum)


class AssetType(Enum):
    """The type of an asset. Unlisted types are `Unknown`."""

    Unknown = 0
    Decal = 1
    Audio = 2
    Model = 3
    Plugin = 4
    FontFamily = 5
    MeshPart = 6
    Video = 7
    Animation = 8
    Image = 9
    Place = 10
    ClassicTShirt = 100
    Hat = 101
    ClassicShirt = 102
    ClassicPants = 103
    ClassicHead = 104
    Face = 105
    Gear = 106
    Torso = 107
    RightArm = 108
    LeftArm = 109
    LeftLeg = 110
    RightLeg = 111
    Package = 112
    HairAccessory = 113
    FaceAccessory = 114
    NeckAccessory = 115
    ShoulderAccessory = 116
    FrontAccessory = 117
    BackAccessory = 118
    WaistAccessory = 119
    ClimbAnimation = 120
    DeathAnimation = 121
    FallAnimation = 122
    IdleAnimation = 123
    JumpAnimation = 124
    RunAnimation = 125
    SwimAnimation = 126
    WalkAnimation = 127
    PoseAnimation = 128
    EmoteAnimation = 129
    TShirtAccessory = 130
    ShirtAccessory = 131
    PantsAccessory = 132
    JacketAccessory = 133
    SweaterAccessory = 134
    ShortsAccessory = 135
    LeftShoeAccessory = 136
    RightShoeAccessory = 137
    DressSkirtAccessory = 138
    EyebrowAccessory = 140
    EyelashAccessory = 141
    MoodAnimation = 142
    DynamicHead = 143


class ModerationStatus(Enum):
    """An asset's moderation state."""

    Unknown = 0
    Reviewing = 1
    Rejected = 2
    Approved = 3


def enum_from_wire(kind: type[_E], value: object, prefix: str = "") -> _E:
    """The member of ``kind`` named by a wire string, or ``kind.Unknown``.

    Roblox spells one value several ways (``Model``, ``ASSET_TYPE_MODEL``,
    ``MODERATION_STATE_APPROVED``); case, underscores and ``prefix`` are ignored.
    """
    if not isinstance(value, str):
        return kind["Unknown"]
    wanted = value.upper()
    if prefix and wanted.startswith(prefix):
        wanted = wanted[len(prefix) :]
    wanted = wanted.replace("_", "")
    for member in kind:
        if member.name.upper() == wanted:
            return member
    return kind["Unknown"]


class ProductRestriction(Enum):
    """A restriction on a `CreatorStoreProduct`."""

    Unknown = 0
    Unspecified = 1
    ItemRestricted = 2
    SellerTemporarilyRestricted = 3
    SellerPermanentlyRestricted = 4
    SellerNoLongerActive = 5


_RESTRICTIONS = {
    "RESTRICTION_UNSPECIFIED": ProductRestriction.Unspecified,
    "SOLD_ITEM_RESTRICTED": ProductRestriction.ItemRestricted,
    "SELLER_TEMPORARILY_RESTRICTED": ProductRestriction.SellerTemporarilyRestricted,
    "SELLER_PERMANENTLY_RESTRICTED": ProductRestriction.SellerPermanentlyRestricted,
    "SELLER_NO_LONGER_ACTIVE": ProductRestriction.SellerNoLongerActive,
}


# -- uploads ----------------------------------------------------------------------

# Asset type -> {file extension: content type}; Roblox's table of what the Create
# Asset endpoint takes. Model is the only type whose content can be updated.
UPLOAD_FORMATS: dict[AssetType, dict[str, str]] = {
    AssetType.Audio: {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac"},
    AssetType.Decal: {
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".bmp": "image/bmp",
        ".tga": "image/tga",
    },
    AssetType.Image: {
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".bmp": "image/bmp",
        ".tga": "image/tga",
    },
    AssetType.Model: {
        ".fbx": "model/fbx",
        ".gltf": "model/gltf+json",
        ".glb": "model/gltf-binary",
        ".rbxm": "model/x-rbxm",
        ".rbxmx": "model/x-rbxm",
    },
    AssetType.Animation: {".rbxm": "model/x-rbxm", ".rbxmx": "model/x-rbxm"},
    AssetType.Video: {".mp4": "video/mp4", ".mov": "video/mov"},
}
"""The file formats each uploadable `AssetType` takes, by extension, with their content types."""

# Leading bytes of each format, for files without a telling name (bytes, BytesIO).
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, ".png"),
    (b"\xff\xd8\xff", 0, ".jpeg"),
    (b"BM", 0, ".bmp"),
    (b"ID3", 0, ".mp3"),
    (b"\xff\xfb", 0, ".mp3"),
    (b"\xff\xf3", 0, ".mp3"),
    (b"OggS", 0, ".ogg"),
    (b"fLaC", 0, ".flac"),
    (b"WAVE", 8, ".wav"),
    (b"Kaydara FBX Binary", 0, ".fbx"),
    (b"glTF", 0, ".glb"),
    (b"<roblox!", 0, ".rbxm"),
    (b"<roblox ", 0, ".rbxmx"),
    (b"ftypqt", 4, ".mov"),
    (b"ftyp", 4, ".mp4"),
)


def check_asset_type(value: Any, *, upload: bool = False) -> AssetType:
    """An `AssetType` from a member or its name (``"Decal"``, ``"ASSET_TYPE_DECAL"``).

    With ``upload=True`` the type must be one the Assets API can upload.
    """
    if isinstance(value, AssetType):
        kind = value
    elif isinstance(value, str):
        kind = enum_from_wire(AssetType, value, "ASSET_TYPE_")
        if kind is AssetType.Unknown:
            raise ValueError(f"asset_type {value!r} is not an AssetType name")
    else:
        raise TypeError(f"asset_type must be an AssetType or its name, got {type(value).__name__}")
    if kind is AssetType.Unknown:
        raise ValueError("asset_type must not be AssetType.Unknown")
    if upload and kind not in UPLOAD_FORMATS:
        names = ", ".join(t.name for t in UPLOAD_FORMATS)
        raise ValueError(
            f"AssetType.{kind.name} cannot be uploaded with the Assets API (uploadable: {names})"
        )
    return kind


def open_upload(file: Any, asset_type: AssetType | None) -> tuple[IO[bytes], str, str]:
    """Check an upload before any I/O: ``(seekable_file, filename, content_type)``.

    ``file`` is a binary file (streamed from its current position when
    seekable, else read) or bytes. The format comes from the file's name when
    it has a known extension, else from its first bytes; it must be one
    ``asset_type`` takes (any uploadable format when ``asset_type`` is ``None``).
    """
    name = ""
    if isinstance(file, (bytes, bytearray, memoryview)):
        stream: IO[bytes] = io.BytesIO(bytes(file))
    elif isinstance(file, io.TextIOBase):
        raise TypeError("the asset file must be opened in binary mode ('rb')")
    elif hasattr(file, "read"):
        name = str(getattr(file, "name", "") or "")
        seekable = getattr(file, "seekable", None)
        if callable(seekable) and seekable():
            stream = file
        else:
            data = file.read()
            if not isinstance(data, bytes):
                raise TypeError("the asset file must be opened in binary mode ('rb')")
            stream = io.BytesIO(data)
    else:
        raise TypeError(f"file must be bytes or a binary file object, not {type(file).__name__}")
    start = stream.tell()
    head = stream.read(32)
    size = stream.seek(0, 2) - start
    stream.seek(start)
    if not isinstance(head, bytes):
        raise TypeError("the asset file must be opened in binary mode ('rb')")
    if size <= 0:
        raise ValueError("the asset file is empty")
    formats = UPLOAD_FORMATS[asset_type] if asset_type is not None else _ALL_FORMATS
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    extension = "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""
    if extension not in _ALL_FORMATS:
        extension = _sniff(head)
    what = f"AssetType.{asset_type.name}" if asset_type is not None else "an asset upload"
    if extension not in formats:
        found = f"a {extension} file" if extension else "a file of unknown format"
        raise ValueError(f"{what} takes {', '.join(sorted(formats))} files, not {found}")
    filename = base or f"upload{extension}"
    return stream, filename, formats[extension]


_ALL_FORMATS: dict[str, str] = {
    ext: kind for formats in UPLOAD_FORMATS.values() for ext, kind in formats.items()
}


def _sniff(head: bytes) -> str:
    for magic, offset, extension in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return extension
    return ""


def _check_text(value: Any, what: str, max_length: int, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if not empty and not value.strip():
        raise ValueError(f"{what} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{what} must be at most {max_length} characters, got {len(value)}")
    return value


def upload_request(
    asset_type: AssetType, name: Any, description: Any, creator_key: str, creator_id: int, price: Any
) -> str:
    """The ``request`` field (JSON text) of a Create Asset body."""
    body = {
        "assetType": asset_type.name,
        "displayName": _check_text(name, "name", MAX_NAME),
        "description": _check_text(description, "description", MAX_DESCRIPTION, empty=True),
        "creationContext": {
            "creator": {creator_key: creator_id},
            "expectedPrice": check_int(price, "expected_robux_price", minimum=0),
        },
    }
    return json.dumps(body, separators=(",", ":"))


def update_request(asset_id: int, name: Any, description: Any, price: Any) -> tuple[str, str]:
    """The ``request`` field (JSON text) of an Update Asset body and its ``updateMask``."""
    body: dict[str, Any] = {"assetId": asset_id}
    mask = []
    if name is not None:
        body["displayName"] = _check_text(name, "name", MAX_NAME)
        mask.append("displayName")
    if description is not None:
        body["description"] = _check_text(description, "description", MAX_DESCRIPTION, empty=True)
        mask.append("description")
    body["creationContext"] = {"expectedPrice": check_int(price, "expected_robux_price", minimum=0)}
    return json.dumps(body, separators=(",", ":")), ",".join(mask)


# Words of Roblox's messages about a file it could not take ('"InvalidImage"', ...).
_FILE_WORDS = (
    "invalidimage",
    "invalidaudio",
    "invalidvideo",
    "invalidmodel",
    "invalidasset",
    "file",
    "format",
    "content type",
    "content-type",
    "too large",
    "corrupt",
)


def upload_error(detail: dict[str, Any] | list[Any] | str, status: int | None = None) -> HttpException:
    """The SDK exception for a rejected upload, from its error body (the answer
    or the failed operation's ``error``): `ModeratedText` for a moderated name
    or description, `InvalidFile` for a file Roblox could not take, else
    `HttpException`."""
    message = ""
    if isinstance(detail, dict):
        message = str(detail.get("message") or "")
        code = detail.get("code")
        if status is None and isinstance(code, int) and not isinstance(code, bool) and 100 <= code < 600:
            status = code
    elif isinstance(detail, str):
        message = detail
    lowered = message.lower()
    if "moderated" in lowered:
        return ModeratedText(status, detail)
    if status in (413, 415) or (status in (None, 400, 422) and any(word in lowered for word in _FILE_WORDS)):
        return InvalidFile(status, detail)
    return HttpException(status, detail)


def asset_operation_path(started: Any) -> str | None:
    """The ``/assets/v1/operations/{id}`` path an answer names, or ``None`` when
    the answer is not an operation (a metadata-only update answers with the asset)."""
    data = as_object(started)
    operation_id = path_id(opt_str(data, "path"), "operations")
    if operation_id is None:
        if "done" in data or "operationId" in data:
            raise ResponseShapeError("the answer's 'path' names no operation")
        return None
    return api_path("/assets/v1/operations/{}", operation_id)


# -- versions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AssetVersion:
    """One version of an asset.

    Attributes:
        version_number: The version number (1 for the first upload).
        asset_id: The asset's ID.
        creator: The `User` or `Group` that made the version (the `Creator`
            the call was made on when the answer does not say).
        moderation_status: The version's `ModerationStatus`.
        published: Whether the version is published (only places have
            unpublished versions).
    """

    version_number: int
    asset_id: int
    creator: CreatorHandle | None
    moderation_status: ModerationStatus
    published: bool

    @classmethod
    def from_wire(cls, data: Any, creator: CreatorHandle | None) -> AssetVersion:
        """Read an AssetVersion resource (``path`` = ``assets/{id}/versions/{n}``)."""
        data = as_object(data)
        path = req_str(data, "path")
        parts = path.split("/")
        if len(parts) != 4 or parts[0] != "assets" or parts[2] != "versions":
            raise ResponseShapeError(f"field 'path' is not an asset version path: {path[:60]!r}")
        numbers = [int(p) for p in (parts[1], parts[3]) if p.isascii() and p.isdigit()]
        if len(numbers) != 2 or min(numbers) < 1:
            raise ResponseShapeError(f"field 'path' is not an asset version path: {path[:60]!r}")
        moderation = opt_object(data, "moderationResult") or {}
        return cls(
            version_number=numbers[1],
            asset_id=numbers[0],
            creator=creator,
            moderation_status=enum_from_wire(
                ModerationStatus, opt_str(moderation, "moderationState"), "MODERATION_STATE_"
            ),
            published=opt_bool(data, "published") is True,
        )

    def __repr__(self) -> str:
        return model_repr(self, asset_id=self.asset_id, version_number=self.version_number)


def version_creator_id(data: Any) -> tuple[str, int] | None:
    """``("userId" | "groupId", id)`` of a version's ``creationContext.creator``, if it names one."""
    owner = opt_object(opt_object(as_object(data), "creationContext") or {}, "creator") or {}
    for key in ("groupId", "userId"):
        found = opt_int(owner, key)
        if found:
            return key, found
    return None


# -- creator store ----------------------------------------------------------------


class Money:
    """An amount of money, such as the price of a `CreatorStoreProduct`.

    Compares with another `Money` of the same currency, or with a number.

    Args:
        currency: The ISO 4217 currency code (``"USD"``); virtual currencies start with ``X-``.
        quantity: The amount, e.g. ``4.99``.

    Attributes:
        currency: The currency code.
        quantity: The amount.
    """

    __slots__ = ("currency", "quantity")

    def __init__(self, currency: str, quantity: float) -> None:
        if not isinstance(currency, str) or not currency:
            raise TypeError("currency must be a non-empty str")
        if isinstance(quantity, bool) or not isinstance(quantity, (int, float, Decimal)):
            raise TypeError(f"quantity must be a number, got {type(quantity).__name__}")
        self.currency = currency
        self.quantity: float = float(quantity)

    @classmethod
    def from_wire(cls, data: Any) -> Money:
        """Read a Money object (``{currencyCode, quantity: {significand, exponent}}``)."""
        data = as_object(data, "a price")
        quantity = opt_object(data, "quantity") or {}
        significand = opt_int(quantity, "significand") or 0
        exponent = opt_int(quantity, "exponent") or 0
        if not -30 <= exponent <= 30:
            raise ResponseShapeError(f"price exponent {exponent} is out of range")
        value = Decimal(significand).scaleb(exponent)
        return cls(opt_str(data, "currencyCode") or "USD", float(value))

    def to_scientific_notation(self) -> dict[str, int]:
        """The quantity as Roblox's Decimal: ``{"significand": ..., "exponent": ...}``."""
        value = Decimal(repr(self.quantity)).normalize()
        sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):
            raise ValueError(f"{self.quantity} has no decimal form")
        significand = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
        return {"significand": significand, "exponent": exponent if significand else 0}

    def _other(self, value: object) -> float | None:
        if isinstance(value, Money):
            if value.currency != self.currency:
                raise ValueError(f"cannot compare {self.currency} with {value.currency}")
            return value.quantity
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        return None

    def __eq__(self, value: object) -> bool:
        if isinstance(value, Money):
            return value.currency == self.currency and value.quantity == self.quantity
        other = self._other(value)
        return NotImplemented if other is None else self.quantity == other

    def __hash__(self) -> int:
        return hash((self.currency, self.quantity))

    def __lt__(self, value: object) -> bool:
        other = self._other(value)
        return NotImplemented if other is None else self.quantity < other

    def __le__(self, value: object) -> bool:
        other = self._other(value)
        return NotImplemented if other is None else self.quantity <= other

    def __gt__(self, value: object) -> bool:
        other = self._other(value)
        return NotImplemented if other is None else self.quantity > other

    def __ge__(self, value: object) -> bool:
        other = self._other(value)
        return NotImplemented if other is None else self.quantity >= other

    def __repr__(self) -> str:
        return model_repr(self, currency=self.currency, quantity=self.quantity)


# CreatorStoreProduct field naming each product type's asset ID.
STORE_ASSET_FIELDS: dict[AssetType, str] = {
    AssetType.Model: "modelAssetId",
    AssetType.Plugin: "pluginAssetId",
    AssetType.Audio: "audioAssetId",
    AssetType.Decal: "decalAssetId",
    AssetType.MeshPart: "meshPartAssetId",
    AssetType.Video: "videoAssetId",
    AssetType.FontFamily: "fontFamilyAssetId",
}


def store_product_id(asset_type: Any, product_id: Any) -> str:
    """The creator-store-product ID of an asset: ``CreatorMarketplaceAsset-{Type}-{id}``."""
    kind = check_asset_type(asset_type)
    if kind not in STORE_ASSET_FIELDS:
        names = ", ".join(t.name for t in STORE_ASSET_FIELDS)
        raise ValueError(f"AssetType.{kind.name} is not sold on the Creator Store (types: {names})")
    return f"CreatorMarketplaceAsset-{kind.name}-{check_int(product_id, 'product_id', minimum=1)}"


def store_product_fields(data: Any) -> dict[str, Any]:
    """The attributes of a CreatorStoreProduct resource (all but the creator handle),
    and ``seller``: ``("userId" | "groupId", id)`` or ``None``."""
    data = as_object(data)
    asset_id: int | None = None
    asset_type = AssetType.Unknown
    for kind, field in STORE_ASSET_FIELDS.items():
        found = opt_int(data, field)
        if found:
            asset_id, asset_type = found, kind
            break
    if asset_id is None:
        raise ResponseShapeError("the product names no asset ID")
    seller: tuple[str, int] | None = None
    for key, field in (("userId", "userSeller"), ("groupId", "groupSeller")):
        raw = opt_str(data, field)
        if raw:
            seller = key, _trailing_id(raw, field)
    restrictions = [
        _RESTRICTIONS.get(item, ProductRestriction.Unknown)
        if isinstance(item, str)
        else ProductRestriction.Unknown
        for item in opt_list(data, "restrictions")
    ]
    base, purchase = opt_object(data, "basePrice"), opt_object(data, "purchasePrice")
    return {
        "asset_id": asset_id,
        "asset_type": asset_type,
        "purchasable": opt_bool(data, "purchasable") is True,
        "published": opt_bool(data, "published") is True,
        "restrictions": restrictions,
        "base_price": Money.from_wire(base) if base is not None else None,
        "purchase_price": Money.from_wire(purchase) if purchase is not None else None,
        "seller": seller,
    }


def _trailing_id(text: str, what: str) -> int:
    tail = text.rsplit("/", 1)[-1]
    if not (tail.isascii() and tail.isdigit()) or int(tail) < 1:
        raise ResponseShapeError(f"field {what!r} does not end in a numeric id: {text[:60]!r}")
    return int(tail)


# -- quotas -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AssetQuota:
    """A limit on an asset action of a user, such as audio uploads per month.

    Attributes:
        quota_type: What is limited: ``"RATE_LIMIT_UPLOAD"`` or
            ``"RATE_LIMIT_CREATOR_STORE_DISTRIBUTE"``, as Roblox names it.
        asset_type: The `AssetType` the quota is for (`AssetType.Unknown`
            for types this SDK does not list, e.g. meshes).
        usage: How much of the quota is used in the current period.
        capacity: The quota for one period.
        period: The period, ``"MONTH"`` or ``"DAY"``.
        usage_reset_time: When the usage goes back to 0, if Roblox said.
    """

    quota_type: str
    asset_type: AssetType
    usage: int
    capacity: int
    period: str
    usage_reset_time: datetime | None

    @property
    def remaining(self) -> int:
        """How many more actions the quota allows in this period."""
        return max(self.capacity - self.usage, 0)

    @classmethod
    def from_wire(cls, data: Any) -> AssetQuota:
        """Read an AssetQuota resource."""
        data = as_object(data)
        return cls(
            quota_type=opt_str(data, "quotaType") or "QUOTA_TYPE_UNSPECIFIED",
            asset_type=enum_from_wire(
                AssetType,
                _QUOTA_ASSET_TYPES.get(opt_str(data, "assetType") or "", opt_str(data, "assetType")),
                "ASSET_TYPE_",
            ),
            usage=opt_int(data, "usage") or 0,
            capacity=req_int(data, "capacity"),
            period=opt_str(data, "period") or "PERIOD_UNSPECIFIED",
            usage_reset_time=opt_time(data, "usageResetTime"),
        )

    def __repr__(self) -> str:
        return model_repr(
            self,
            quota_type=self.quota_type,
            asset_type=self.asset_type,
            usage=self.usage,
            capacity=self.capacity,
        )


# Quota asset types whose names differ from the AssetType members.
_QUOTA_ASSET_TYPES = {
    "TSHIRT": "ClassicTShirt",
    "SHIRT": "ClassicShirt",
    "PANTS": "ClassicPants",
    "HEAD": "ClassicHead",
    "MESH_PART": "MeshPart",
}
_QUOTA_WIRE_TYPES = {
    member: name
    for name, member in {
        "AUDIO": AssetType.Audio,
        "DECAL": AssetType.Decal,
        "IMAGE": AssetType.Image,
        "MODEL": AssetType.Model,
        "VIDEO": AssetType.Video,
        "ANIMATION": AssetType.Animation,
        "PLUGIN": AssetType.Plugin,
        "MESH_PART": AssetType.MeshPart,
        "FONT_FAMILY": AssetType.FontFamily,
        "PLACE": AssetType.Place,
    }.items()
}
QUOTA_TYPES = ("RATE_LIMIT_UPLOAD", "RATE_LIMIT_CREATOR_STORE_DISTRIBUTE")


def quota_filter(asset_type: Any, quota_type: Any) -> str | None:
    """The ``filter`` of an asset-quotas listing (``None`` for every quota)."""
    clauses = []
    if quota_type is not None:
        if quota_type not in QUOTA_TYPES:
            raise ValueError(f"quota_type must be one of {', '.join(QUOTA_TYPES)}, got {quota_type!r}")
        clauses.append(f"quotaType == {''.join(p.title() for p in quota_type.split('_'))}")
    if asset_type is not None:
        kind = check_asset_type(asset_type)
        wire = _QUOTA_WIRE_TYPES.get(kind)
        if wire is None:
            raise ValueError(f"there are no asset quotas for AssetType.{kind.name}")
        clauses.append(f"assetType == {''.join(p.title() for p in wire.split('_'))}")
    return " && ".join(clauses) or None


# -- permissions ------------------------------------------------------------------

MAX_PERMISSION_ASSETS = 100
"""The most assets one permission grant names (a larger batch is split)."""


def permission_body(experience_id: Any, asset_ids: Any, grant_dependencies: Any) -> dict[str, Any]:
    """The body granting experience ``experience_id`` the use of ``asset_ids``."""
    universe = check_int(experience_id, "experience id", minimum=1)
    if isinstance(asset_ids, (str, bytes)) or not hasattr(asset_ids, "__iter__"):
        raise TypeError("asset_ids must be a list of asset IDs")
    ids = [check_int(a, "asset id", minimum=1) for a in asset_ids]
    if not ids:
        raise ValueError("asset_ids must name at least one asset")
    if len(ids) > MAX_PERMISSION_ASSETS:
        raise ValueError(f"at most {MAX_PERMISSION_ASSETS} assets per grant, got {len(ids)}")
    deps = check_bool(grant_dependencies, "grant_dependencies")
    return {
        "subjectType": "Universe",
        "subjectId": str(universe),
        "action": "Use",
        "requests": [{"assetId": a, "grantToDependencies": deps} for a in ids],
    }


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class AssetPermissionResult:
    """What a permission grant did, asset by asset.

    Attributes:
        granted_asset_ids: The assets the permission was granted on.
        failed_asset_ids: The assets it was not granted on, each with Roblox's
            reason (``"CannotManageAsset"``, ``"AssetNotFound"``, ...).
    """

    granted_asset_ids: list[int]
    failed_asset_ids: dict[int, str]

    @classmethod
    def from_wire(cls, data: Any) -> AssetPermissionResult:
        """Read a BatchGrantPermissionsResponse."""
        data = as_object(data)
        granted = []
        for item in opt_list(data, "successAssetIds"):
            granted.append(req_int({"id": item}, "id"))
        failed: dict[int, str] = {}
        for item in opt_list(data, "errors"):
            error = as_object(item, "a permission error")
            failed[req_int(error, "assetId")] = opt_str(error, "code") or "UnknownError"
        return cls(granted, failed)

    def __repr__(self) -> str:
        return model_repr(
            self, granted_asset_ids=self.granted_asset_ids, failed_asset_ids=self.failed_asset_ids
        )
