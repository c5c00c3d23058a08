"""Places within an experience: information, settings, publishing and the place's asset."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from ._resource import ExperienceResource
from ._shared import checks, deferred_names, fields, paths, place as shared, reprs
from .bans import PlaceBansMixin
from .creator import Asset
from .group import Group

if TYPE_CHECKING:
    from ._shared.place import MAX_PLACE_FILE_BYTES

__all__ = ["MAX_PLACE_FILE_BYTES", "Place"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "MAX_PLACE_FILE_BYTES")

# Place attribute -> Place field on the wire.
_PLACE_FIELDS = {
    "name": "displayName",
    "description": "description",
    "server_size": "serverSize",
}


class Place(PlaceBansMixin):
    """A place within an experience.

    Get one with `Experience.get_place` (no request) or from
    `Experience.root_place` after `Experience.fetch_info`. The information
    attributes are ``None`` until `fetch_info` or `update` fills them.

    Args:
        id: The place ID.
        experience: The `Experience` the place belongs to; requests use its
            API key and connection pool.

    Attributes:
        id: The place ID.
        experience: The `Experience` the place belongs to.
        name: The place's name.
        description: The place's description.
        created_at: When the place was created.
        updated_at: When the place was last updated.
        server_size: The maximum number of players in one server of the place.
        is_root_place: Whether this is the experience's root (start) place.
        is_universe_runtime_creation: Whether the place was created in game
            with ``AssetService:CreatePlaceAsync()``.
    """

    def __init__(self, id: int, experience: ExperienceResource) -> None:  # noqa: A002 - public name of the peer SDK
        self._client = experience._client
        self._setup(id)
        self.experience = experience
        self.name: str | None = None
        self.description: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self.server_size: int | None = None
        self.is_root_place: bool | None = None
        self.is_universe_runtime_creation: bool | None = None

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, experience=self.experience.id)

    @property
    def _path(self) -> str:
        return paths.api_path("/cloud/v2/universes/{}/places/{}", self.experience.id, self.id)

    async def fetch_info(self) -> Place:
        """Fetch the place's information and fill this object's attributes.

        Returns:
            This place, with its attributes filled.

        Raises:
            NotFound: The place does not exist in the experience.
            Forbidden: The API key has no access to the experience.
        """
        result: Place = await self._client.request_json("GET", self._path, parse=self._apply)
        return result

    async def update(
        self,
        name: str | None = None,
        description: str | None = None,
        server_size: int | None = None,
    ) -> Place:
        """Change the place's settings; only the arguments given are changed.

        Renaming the root place renames the experience, and its description
        is the experience's description. Requires the ``universe.place:write``
        scope.

        Args:
            name: The new name (not empty).
            description: The new description (at most 1000 characters; ``""`` clears it).
            server_size: The new maximum number of players per server (at least 1).

        Returns:
            This place, with its attributes filled from the response.

        Raises:
            ValueError: No argument was given, or one is out of range.
            TypeError: An argument has the wrong type.
            Conflict: The place is open in an active Team Create session.
            NotFound: The place does not exist in the experience.
        """
        body: dict[str, Any] = {}
        if name is not None:
            if not isinstance(name, str):
                raise TypeError(f"name must be a str, got {type(name).__name__}")
            if not name.strip():
                raise ValueError("name must not be empty")
            body["displayName"] = name
        if description is not None:
            if not isinstance(description, str):
                raise TypeError(f"description must be a str, got {type(description).__name__}")
            if len(description) > shared.MAX_DESCRIPTION:
                raise ValueError(
                    f"description must be at most {shared.MAX_DESCRIPTION} characters, got {len(description)}"
                )
            body["description"] = description
        if server_size is not None:
            body["serverSize"] = checks.check_int(
                server_size, "server_size", minimum=1, maximum=checks.INT32_MAX
            )
        if not body:
            raise ValueError("update() needs at least one of name, description or server_size")
        mask = ",".join(body)
        result: Place = await self._client.request_json(
            "PATCH",
            self._path,
            params={"updateMask": mask},
            json=body,
            idempotent=True,
            parse=lambda data: self._apply(data, updated=body),
        )
        return result

    async def upload_place_file(self, file: IO[bytes] | bytes, publish: bool = False) -> int:
        """Upload a place file as a new version of the place, optionally publishing it.

        The file is sent as is: a binary ``.rbxl`` file as
        ``application/octet-stream``, an XML ``.rbxlx`` file as
        ``application/xml`` (told apart by the file's content, else by its
        name). A seekable file is streamed from its current position without
        loading it into memory. Requires the ``universe-places:write`` scope.

        This request is never retried after a server error or timeout: a
        repeat could create a second version.

        Args:
            file: The place file opened in binary mode (``open(path, "rb")``),
                or its bytes. At most 10 MiB.
            publish: ``True`` to publish the new version (players get it in
                new servers); ``False`` only saves it.

        Returns:
            The new version number of the place.

        Raises:
            TypeError: ``file`` is not bytes or a binary file.
            ValueError: The file is empty or larger than 10 MiB.
            HttpException: The file was rejected (400).
            UnexpectedResponse: The answer lacks the version number; the
                upload may have landed (``may_have_landed`` is ``True``).
            Forbidden: Publishing is not allowed on the place.
            NotFound: The place or experience does not exist.
            Conflict: The place is not part of the experience.
        """
        checks.check_bool(publish, "publish")
        data, stream, content_type = shared.prepare_place_file(file)
        # The answer is JSON text, although the spec labels it text/plain.
        result: int = await self._client.request_json(
            "POST",
            paths.api_path("/universes/v1/{}/places/{}/versions", self.experience.id, self.id),
            params={"versionType": "Published" if publish else "Saved"},
            content=data,
            stream=stream,
            headers={"content-type": content_type},
            idempotent=False,
            parse=lambda body: fields.req_int(fields.as_object(body), "versionNumber"),
        )
        return result

    def get_asset(self) -> Asset:
        """A partial `Asset` for this place (no request is made).

        Only the ID and type are always set; the name and description come
        from this place if it was fetched, and the creator from the
        experience's owner if the experience was fetched (else ``None``).
        Moderation status and revision are not set. Use `fetch_asset` for a
        complete asset.

        Returns:
            The place's asset.
        """
        return Asset.from_wire(self._asset_data(), self._client)

    async def fetch_asset(self) -> Asset:
        """Fetch the complete `Asset` of this place.

        Fetches the experience's information first (`Experience.fetch_info`)
        when it has not been fetched yet. Requires the ``asset:read`` scope.

        Returns:
            The place's asset.

        Raises:
            NotFound: The asset does not exist.
            Forbidden: The API key cannot read the asset.
        """
        if self.experience.owner is None:
            await self.experience.fetch_info()
        client = self._client

        def parse(body: Any) -> Asset:
            data = fields.as_object(body)
            if not (fields.opt_object(data, "creationContext") or {}).get("creator"):
                data = {**data, "creationContext": self._asset_data()["creationContext"]}
            return Asset.from_wire(data, client)

        result: Asset = await client.request_json(
            "GET", paths.api_path("/assets/v1/assets/{}", self.id), parse=parse
        )
        return result

    # -- wire ------------------------------------------------------------------

    def _asset_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "assetId": self.id,
            "assetType": "Place",
        }
        if self.name is not None:
            data["displayName"] = self.name
        if self.description is not None:
            data["description"] = self.description
        owner = self.experience.owner
        if owner is not None:
            key = "groupId" if isinstance(owner, Group) else "userId"
            data["creationContext"] = {"creator": {key: owner.id}}
        else:
            data["creationContext"] = {}
        return data

    def _apply(self, body: Any, updated: Iterable[str] = ()) -> Place:
        """Fill the attributes from a Place resource.

        After a GET every attribute is set (absent = ``None``) and the body
        must name the place (``path``). After a PATCH, whose answer may hold
        only the updated fields, only the updated fields and the fields
        present are set. Every value is read before any attribute changes.
        """
        data = fields.as_object(body)
        full = not updated
        if full:
            fields.req_str(data, "path")
        present = set(data) | set(updated)
        values: dict[str, Any] = {}
        for attribute, field in _PLACE_FIELDS.items():
            if full or field in present:
                values[attribute] = (
                    fields.opt_int(data, field) if attribute == "server_size" else fields.opt_str(data, field)
                )
        if full or "createTime" in data:
            values["created_at"] = fields.opt_time(data, "createTime")
        if full or "updateTime" in data:
            values["updated_at"] = fields.opt_time(data, "updateTime")
        # Cloud v2 answers leave false booleans out.
        if full or "root" in data:
            values["is_root_place"] = fields.opt_bool(data, "root") is True
        if full or "universeRuntimeCreation" in data:
            values["is_universe_runtime_creation"] = fields.opt_bool(data, "universeRuntimeCreation") is True
        for attribute, value in values.items():
            setattr(self, attribute, value)
        return self
