"""The universe and place area: experience settings, place settings, place publishing, place assets.

Serves ``GET|PATCH /cloud/v2/universes/{u}``, ``GET|PATCH
/cloud/v2/universes/{u}/places/{p}``, ``POST
/universes/v1/{u}/places/{p}/versions`` and ``GET /assets/v1/assets/{id}``
for the assets of known places. Universes and places exist only when seeded
or added with `PlaceArea.add_universe` / `PlaceArea.add_place`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._area import Area, Context, Request, Response, Route, check_fields
from ._errors import ApiError, invalid, not_found
from ._time import format_time

__all__ = ["PlaceArea", "PlaceVersion"]

_ID = re.compile(r"[0-9]{1,19}")
_INT32_MAX = 2**31 - 1
MAX_PLACE_FILE_BYTES = 10_485_760  # x-roblox-size-limit of the publish operation
_MAX_DESCRIPTION = 1000  # the Asset schema's description limit (a place is an asset)
_BINARY_TYPE = "application/octet-stream"
_XML_TYPE = "application/xml"

_FLAGS = (
    "voiceChatEnabled",
    "desktopEnabled",
    "mobileEnabled",
    "tabletEnabled",
    "consoleEnabled",
    "vrEnabled",
)
_SOCIAL_LINKS = (
    "facebookSocialLink",
    "twitterSocialLink",
    "youtubeSocialLink",
    "twitchSocialLink",
    "discordSocialLink",
    "robloxGroupSocialLink",
    "guildedSocialLink",
)
_UNIVERSE_UPDATABLE = frozenset({*_FLAGS, *_SOCIAL_LINKS, "privateServerPriceRobux"})
_PLACE_UPDATABLE = frozenset({"displayName", "description", "serverSize"})
_ASSET_READ_MASK = frozenset(
    {
        "assetType",
        "assetId",
        "creationContext",
        "description",
        "displayName",
        "path",
        "revisionId",
        "revisionCreateTime",
        "moderationResult",
        "icon",
        "previews",
        "state",
        "socialLink",
    }
)


@dataclass(frozen=True, slots=True)
class PlaceVersion:
    """One uploaded version of a place file."""

    version_number: int
    published: bool
    content_type: str
    size: int
    create_time: datetime


@dataclass(slots=True)
class _Place:
    place_id: int
    universe_id: int
    display_name: str
    description: str
    server_size: int
    create_time: datetime
    update_time: datetime
    root: bool = False
    runtime_creation: bool = False
    # Every place starts with version 1 (the one it was created with).
    version: int = 1
    version_time: datetime | None = None
    versions: list[PlaceVersion] = field(default_factory=list)


@dataclass(slots=True)
class _Universe:
    universe_id: int
    owner: str
    root_place_id: int
    create_time: datetime
    update_time: datetime
    visibility: str = "PUBLIC"
    age_rating: str = "AGE_RATING_UNSPECIFIED"
    private_server_price: int | None = None
    flags: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(_FLAGS, True))
    social_links: dict[str, dict[str, str]] = field(default_factory=dict)


class PlaceArea(Area):
    """Universes, places, place publishing and the assets of places."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._universes: dict[int, _Universe] = {}
        self._places: dict[int, _Place] = {}

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", ["cloud", "v2", "universes", u]:
                return Route(lambda r: self.get_universe(r, u))
            case "PATCH", ["cloud", "v2", "universes", u]:
                return Route(lambda r: self.update_universe(r, u), frozenset({"updateMask"}), True)
            case "GET", ["cloud", "v2", "universes", u, "places", p]:
                return Route(lambda r: self.get_place(r, u, p))
            case "PATCH", ["cloud", "v2", "universes", u, "places", p]:
                return Route(lambda r: self.update_place(r, u, p), frozenset({"updateMask"}), True)
            case "POST", ["universes", "v1", u, "places", p, "versions"]:
                return Route(lambda r: self.publish(r, u, p), frozenset({"versionType"}), True, "raw")
            case "GET", ["assets", "v1", "assets", asset]:
                return Route(lambda r: self.get_asset(r, asset), frozenset({"readMask"}))
        return None

    def clear(self) -> None:
        self._universes.clear()
        self._places.clear()

    def describe_universe(self, universe_id: int) -> tuple[str, int] | None:
        """A known universe's name (its root place's) and root place ID, for other areas."""
        universe = self._universes.get(universe_id)
        if universe is None:
            return None
        return self._places[universe.root_place_id].display_name, universe.root_place_id

    def seed(self, universe_id: int) -> None:
        now = self._context.now()
        self.add_universe(
            universe_id,
            root_place_id=1818,
            name="Open Cloud Demo",
            description="The demo experience of the Open Cloud emulator.",
            owner="users/287113233",
            created=now - timedelta(days=30),
        )
        universe = self._universes[universe_id]
        universe.age_rating = "AGE_RATING_ALL"
        universe.private_server_price = 100
        universe.flags["consoleEnabled"] = False
        universe.flags["vrEnabled"] = False
        universe.social_links["discordSocialLink"] = {
            "title": "Demo Discord",
            "uri": "https://discord.gg/roblox",
        }
        self.add_place(
            universe_id,
            1819,
            name="Training Grounds",
            description="A second place of the demo experience.",
            server_size=10,
            created=now - timedelta(days=20),
        )

    # -- helpers for tests ------------------------------------------------------

    def add_universe(
        self,
        universe_id: int,
        *,
        root_place_id: int,
        name: str = "Untitled Experience",
        description: str = "",
        owner: str = "users/1",
        created: datetime | None = None,
    ) -> None:
        """Create a universe with its root place (``owner`` is ``users/{id}`` or ``groups/{id}``)."""
        if not re.fullmatch(r"(users|groups)/[0-9]+", owner):
            raise ValueError("owner must be 'users/<id>' or 'groups/<id>'")
        with self._context.lock:
            if universe_id in self._universes:
                raise ValueError(f"universe {universe_id} already exists")
            moment = created or self._context.now()
            self._universes[universe_id] = _Universe(universe_id, owner, root_place_id, moment, moment)
            self.add_place(universe_id, root_place_id, name=name, description=description, created=moment)
            self._places[root_place_id].root = True

    def add_place(
        self,
        universe_id: int,
        place_id: int,
        *,
        name: str,
        description: str = "",
        server_size: int = 50,
        created: datetime | None = None,
    ) -> None:
        """Add a place to an existing universe."""
        with self._context.lock:
            if universe_id not in self._universes:
                raise ValueError(f"universe {universe_id} does not exist; add_universe() first")
            if place_id in self._places:
                raise ValueError(f"place {place_id} already exists")
            moment = created or self._context.now()
            self._places[place_id] = _Place(
                place_id, universe_id, name, description, server_size, moment, moment
            )

    def place_versions(self, place_id: int) -> list[PlaceVersion]:
        """The versions uploaded to a place through the publish API, oldest first."""
        with self._context.lock:
            place = self._places.get(place_id)
            if place is None:
                raise KeyError(place_id)
            return list(place.versions)

    # -- universes --------------------------------------------------------------

    def _universe(self, raw: str) -> _Universe:
        universe = self._universes.get(_parse_id(raw, "universe"))
        if universe is None:
            raise not_found("Universe not found.")
        return universe

    def get_universe(self, request: Request, u: str) -> Any:
        """``GET /cloud/v2/universes/{u}``."""
        return self._universe_json(self._universe(u))

    def update_universe(self, request: Request, u: str) -> Any:
        """``PATCH /cloud/v2/universes/{u}?updateMask=``: only the masked fields change."""
        universe = self._universe(u)
        payload: dict[str, Any] = request.payload
        mask = _update_mask(request, payload, _UNIVERSE_UPDATABLE, f"universes/{universe.universe_id}")
        changes: dict[str, Any] = {}
        for name in mask:
            value = payload.get(name)
            if name in _FLAGS:
                if not isinstance(value, bool):
                    raise invalid(f"{name} must be a boolean.")
            elif name == "privateServerPriceRobux":
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _INT32_MAX
                ):
                    raise invalid("privateServerPriceRobux must be a non-negative int32, or null to disable.")
            elif value is not None:
                value = _social_link(name, value)
            changes[name] = value
        for name, value in changes.items():
            if name in _FLAGS:
                universe.flags[name] = value
            elif name == "privateServerPriceRobux":
                universe.private_server_price = value
            elif value is None:
                universe.social_links.pop(name, None)
            else:
                universe.social_links[name] = value
        universe.update_time = self._context.now()
        return self._universe_json(universe)

    def _universe_json(self, universe: _Universe) -> dict[str, Any]:
        root = self._places[universe.root_place_id]
        u = universe.universe_id
        result: dict[str, Any] = {
            "path": f"universes/{u}",
            "createTime": format_time(universe.create_time),
            "updateTime": format_time(max(universe.update_time, root.update_time)),
            "displayName": root.display_name,
            "description": root.description,
            "user" if universe.owner.startswith("users/") else "group": universe.owner,
            "visibility": universe.visibility,
        }
        for name in _SOCIAL_LINKS:
            link = universe.social_links.get(name)
            if link is not None:
                result[name] = dict(link)
        result["voiceChatEnabled"] = universe.flags["voiceChatEnabled"]
        result["ageRating"] = universe.age_rating
        if universe.private_server_price is not None:
            result["privateServerPriceRobux"] = universe.private_server_price
        for name in _FLAGS[1:]:
            result[name] = universe.flags[name]
        result["rootPlace"] = f"universes/{u}/places/{universe.root_place_id}"
        return result

    # -- places -----------------------------------------------------------------

    def _place(self, u: str, p: str) -> _Place:
        universe = self._universe(u)
        place = self._places.get(_parse_id(p, "place"))
        if place is None or place.universe_id != universe.universe_id:
            raise not_found("Place not found.")
        return place

    def get_place(self, request: Request, u: str, p: str) -> Any:
        """``GET /cloud/v2/universes/{u}/places/{p}``."""
        return _place_json(self._place(u, p))

    def update_place(self, request: Request, u: str, p: str) -> Any:
        """``PATCH /cloud/v2/universes/{u}/places/{p}?updateMask=``."""
        place = self._place(u, p)
        payload: dict[str, Any] = request.payload
        path = f"universes/{place.universe_id}/places/{place.place_id}"
        mask = _update_mask(request, payload, _PLACE_UPDATABLE, path)
        changes: dict[str, Any] = {}
        for name in mask:
            value = payload.get(name)
            if name == "displayName":
                if not isinstance(value, str) or not value.strip():
                    raise invalid("displayName must be a non-empty string.")
            elif name == "description":
                value = "" if value is None else value
                if not isinstance(value, str) or len(value) > _MAX_DESCRIPTION:
                    raise invalid(f"description must be a string of at most {_MAX_DESCRIPTION} characters.")
            elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _INT32_MAX:
                raise invalid("serverSize must be a positive int32.")
            changes[name] = value
        place.display_name = changes.get("displayName", place.display_name)
        place.description = changes.get("description", place.description)
        place.server_size = changes.get("serverSize", place.server_size)
        place.update_time = self._context.now()
        return _place_json(place)

    def publish(self, request: Request, u: str, p: str) -> Any:
        """``POST /universes/v1/{u}/places/{p}/versions?versionType=Saved|Published`` with a raw file."""
        universe = self._universe(u)
        place = self._places.get(_parse_id(p, "place"))
        if place is None:
            raise not_found("Place not found.")
        if place.universe_id != universe.universe_id:
            raise ApiError("ABORTED", "The place is not part of the universe.")
        version_type = request.params.get("versionType", "Saved")
        if version_type not in ("Saved", "Published"):
            raise invalid("versionType must be 'Saved' or 'Published'.")
        body: bytes = request.payload
        if len(body) > MAX_PLACE_FILE_BYTES:
            raise ApiError("INVALID_ARGUMENT", "The place file is larger than 10 MiB.", status=413)
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in (_BINARY_TYPE, _XML_TYPE):
            raise invalid(
                "Content-Type must be application/octet-stream (.rbxl) or application/xml (.rbxlx)."
            )
        if _file_kind(body) != media_type:
            raise invalid("Invalid file content.")
        now = self._context.now()
        place.version += 1
        place.version_time = place.update_time = now
        published = version_type == "Published"
        place.versions.append(PlaceVersion(place.version, published, media_type, len(body), now))
        return Response(
            200,
            [("content-type", "text/plain; charset=utf-8")],
            f'{{"versionNumber":{place.version}}}'.encode(),
        )

    # -- assets -------------------------------------------------------------------

    def get_asset(self, request: Request, raw: str) -> Any:
        """``GET /assets/v1/assets/{id}``, for the assets of known places."""
        mask = request.params.get("readMask")
        if mask is not None:
            for name in mask.split(","):
                if name.strip() not in _ASSET_READ_MASK:
                    raise invalid(f"Invalid read mask field '{name.strip()}'.")
        place = self._places.get(_parse_id(raw, "asset"))
        if place is None:
            raise not_found("Asset not found.")
        owner = self._universes[place.universe_id].owner
        kind, _, number = owner.partition("/")
        creator = {"groupId" if kind == "groups" else "userId": int(number)}
        return {
            "path": f"assets/{place.place_id}",
            "assetId": place.place_id,
            "assetType": "ASSET_TYPE_PLACE",
            "displayName": place.display_name,
            "description": place.description,
            "creationContext": {"creator": creator},
            "moderationResult": {"moderationState": "MODERATION_STATE_APPROVED"},
            "state": "Active",
            "revisionId": str(place.version),
            "revisionCreateTime": format_time(place.version_time or place.create_time),
        }


def _parse_id(raw: str, what: str) -> int:
    if not _ID.fullmatch(raw) or not 0 < int(raw) < 2**63:
        raise invalid(f"Invalid {what} ID '{raw}'.")
    return int(raw)


def _update_mask(request: Request, payload: dict[str, Any], allowed: frozenset[str], path: str) -> list[str]:
    """The fields a PATCH changes: its ``updateMask`` (or, without one, the body's fields).

    Every field in the body must be named in the mask (``path`` may be echoed);
    a masked field absent from the body is cleared.
    """
    check_fields(payload, allowed | {"path"})
    if payload.get("path", path) != path:
        raise invalid("The path in the body does not match the URL.")
    raw = request.params.get("updateMask")
    if raw is None:
        mask = [name for name in payload if name != "path"]
    else:
        mask = [name.strip() for name in raw.split(",") if name.strip()]
        for name in mask:
            if name not in allowed:
                raise invalid(f"Invalid update mask field '{name}'.")
        for name in payload:
            if name != "path" and name not in mask:
                raise invalid(f"Field '{name}' is set but not named in updateMask.")
    if not mask:
        raise invalid("Nothing to update: the update mask is empty.")
    return mask


def _social_link(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise invalid(f"{name} must be an object with 'title' and 'uri'.")
    check_fields(value, frozenset({"title", "uri"}))
    title, uri = value.get("title", ""), value.get("uri")
    if not isinstance(title, str) or not isinstance(uri, str) or not uri:
        raise invalid(f"{name} needs a string 'uri' (and optionally a string 'title').")
    return {"title": title, "uri": uri}


def _place_json(place: _Place) -> dict[str, Any]:
    return {
        "path": f"universes/{place.universe_id}/places/{place.place_id}",
        "createTime": format_time(place.create_time),
        "updateTime": format_time(place.update_time),
        "displayName": place.display_name,
        "description": place.description,
        "serverSize": place.server_size,
        "root": place.root,
        "universeRuntimeCreation": place.runtime_creation,
    }


def _file_kind(body: bytes) -> str | None:
    """``application/octet-stream`` for a binary place file, ``application/xml`` for an XML one."""
    if body.startswith(b"<roblox!"):
        return _BINARY_TYPE
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip() if b"?>" in head else b""
    if head.startswith(b"<roblox") and head[7:8] in (b" ", b">", b"\t", b"\r", b"\n"):
        return _XML_TYPE
    return None
