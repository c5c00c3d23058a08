"""The ``Experience`` entry point: an experience (universe) and its resources."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any

import httpx

from ._client import BaseClient, HttpBackend
from ._datastore_models import DataStoreState
from ._experience_models import SOCIAL_LINK_FIELDS, ExperienceAgeRating, ExperienceSocialLink
from ._operation import Operation
from ._pagination import AsyncPaginator
from ._paging import V2_TOKEN
from ._repr import model_repr
from ._wire import check_int, check_limit, id_from_path, parse_time, parse_time_opt
from .bans import ExperienceBansMixin
from .configs import CreatorConfigMixin
from .creator import Group, User
from .datastore import DataStore, OrderedDataStore, _starts_with
from .memorystore import MemoryStoreMixin
from .messaging import MessagingMixin
from .monetization import MonetizationMixin
from .place import Place
from .secret import SecretsMixin

__all__ = ["Experience"]

_INT32_MAX = 2**31 - 1
# update() parameter -> Universe field, for the plain boolean settings.
_FLAG_FIELDS = {
    "voice_chat_enabled": "voiceChatEnabled",
    "desktop_enabled": "desktopEnabled",
    "mobile_enabled": "mobileEnabled",
    "tablet_enabled": "tabletEnabled",
    "console_enabled": "consoleEnabled",
    "vr_enabled": "vrEnabled",
}


class Experience(
    MemoryStoreMixin,
    MessagingMixin,
    ExperienceBansMixin,
    SecretsMixin,
    MonetizationMixin,
    CreatorConfigMixin,
):
    """An experience (universe) on Roblox, reached with an API key.

    The methods of each API area are defined in that area's module (memory
    stores in ``memorystore.py``, bans in ``bans.py``, ...) and combined here.

    Args:
        id: The experience/universe ID (not a place ID).
        api_key: An API key with access to the experience. It is never shown
            in a repr, log record or exception message.
        base_url: API root; default ``https://apis.roblox.com`` or the
            ``RBLX_OPEN_CLOUD_BASE_URL`` environment variable.
        timeout: Seconds (or an ``httpx.Timeout``) per request; default 30 s
            (10 s to connect).
        max_retries: Retries of a failed request when safe (default 2); see
            the retries guide.
        http_client: Your own ``httpx`` client to send requests with (you close it).
        transport: An ``httpx`` transport for the client this object builds,
            e.g. the emulator's ``Emulator().transport()`` or a respx mock.
        http_backend: ``"httpx"`` (default) or ``"aiohttp"`` (async only; needs
            the ``aiohttp`` extra) for faster concurrent requests.

    The information attributes below are ``None`` until `fetch_info` or
    `update` fills them.

    Attributes:
        id: The experience/universe ID.
        owner: The `User` or `Group` that owns the experience.
        name: The experience's name (its root place's name).
        description: The experience's description (its root place's description).
        created_at: When the experience was created.
        updated_at: When the experience was last updated.
        root_place: The experience's root (start) `Place`.
        public: Whether the experience is public.
        voice_chat_enabled: Whether voice chat is enabled.
        age_rating: The experience's `ExperienceAgeRating`.
        private_server_price: The price of private servers in Robux; ``None``
            when private servers are disabled.
        desktop_enabled: Whether the experience can be played on desktop.
        mobile_enabled: Whether the experience can be played on phones.
        tablet_enabled: Whether the experience can be played on tablets.
        console_enabled: Whether the experience can be played on consoles.
        vr_enabled: Whether the experience can be played on VR headsets.
        facebook_social_link: The Facebook `ExperienceSocialLink`, if there is one.
        twitter_social_link: The Twitter `ExperienceSocialLink`, if there is one.
        youtube_social_link: The YouTube `ExperienceSocialLink`, if there is one.
        twitch_social_link: The Twitch `ExperienceSocialLink`, if there is one.
        discord_social_link: The Discord `ExperienceSocialLink`, if there is one.
        group_social_link: The Roblox group `ExperienceSocialLink`, if there is one.
        guilded_social_link: The Guilded `ExperienceSocialLink`, if there is one.
    """

    def __init__(
        self,
        id: int,  # noqa: A002 - public name of the peer SDK
        api_key: str,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: HttpBackend = "httpx",
    ) -> None:
        self.id = check_int(id, "experience id", minimum=1)
        if not isinstance(api_key, str) or not api_key:
            raise TypeError("api_key must be a non-empty str")
        self._client = BaseClient(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            transport=transport,
            http_backend=http_backend,
        )
        self.owner: User | Group | None = None
        self.name: str | None = None
        self.description: str | None = None
        self.created_at: datetime | None = None
        self.updated_at: datetime | None = None
        self.root_place: Place | None = None
        self.public: bool | None = None
        self.voice_chat_enabled: bool | None = None
        self.age_rating: ExperienceAgeRating | None = None
        self.private_server_price: int | None = None
        self.desktop_enabled: bool | None = None
        self.mobile_enabled: bool | None = None
        self.tablet_enabled: bool | None = None
        self.console_enabled: bool | None = None
        self.vr_enabled: bool | None = None
        self.facebook_social_link: ExperienceSocialLink | None = None
        self.twitter_social_link: ExperienceSocialLink | None = None
        self.youtube_social_link: ExperienceSocialLink | None = None
        self.twitch_social_link: ExperienceSocialLink | None = None
        self.discord_social_link: ExperienceSocialLink | None = None
        self.group_social_link: ExperienceSocialLink | None = None
        self.guilded_social_link: ExperienceSocialLink | None = None

    def __repr__(self) -> str:
        return model_repr(self, id=self.id)

    async def __aenter__(self) -> Experience:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled HTTP connections. The object stays usable: a later
        call opens a new pool."""
        await self._client.aclose()

    def with_options(
        self, *, timeout: float | httpx.Timeout | None = None, max_retries: int | None = None
    ) -> Experience:
        """A copy of this object with other options, sharing its connection pool.

        Example: ``experience.with_options(max_retries=0).get_datastore("x")``.
        """
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._client = self._client.copy(timeout=timeout, max_retries=max_retries)
        return clone

    # -- experience information ----------------------------------------------

    async def fetch_info(self) -> Experience:
        """Fetch the experience's information and fill this object's attributes.

        Returns:
            This experience, with its attributes filled.

        Raises:
            NotFound: The experience does not exist.
            Forbidden: The API key has no access to the experience.
        """
        data = await self._client.request_json("GET", f"/cloud/v2/universes/{self.id}")
        self._apply_universe(data)
        return self

    async def update(
        self,
        voice_chat_enabled: bool | None = None,
        private_server_price: int | bool | None = None,
        desktop_enabled: bool | None = None,
        mobile_enabled: bool | None = None,
        tablet_enabled: bool | None = None,
        console_enabled: bool | None = None,
        vr_enabled: bool | None = None,
        facebook_social_link: ExperienceSocialLink | bool | None = None,
        twitter_social_link: ExperienceSocialLink | bool | None = None,
        youtube_social_link: ExperienceSocialLink | bool | None = None,
        twitch_social_link: ExperienceSocialLink | bool | None = None,
        discord_social_link: ExperienceSocialLink | bool | None = None,
        group_social_link: ExperienceSocialLink | bool | None = None,
        guilded_social_link: ExperienceSocialLink | bool | None = None,
    ) -> Experience:
        """Change the experience's settings; only the arguments given are changed.

        To change the experience's name or description, update its root
        place (`Place.update`). Requires the ``universe:write`` scope.

        Args:
            voice_chat_enabled: Whether voice chat is enabled (running servers are not affected).
            private_server_price: The price of private servers in Robux, or
                ``False`` to disable private servers. Changing the price
                cancels all private server subscriptions.
            desktop_enabled: Whether the experience can be played on desktop.
            mobile_enabled: Whether the experience can be played on phones.
            tablet_enabled: Whether the experience can be played on tablets.
            console_enabled: Whether the experience can be played on consoles.
            vr_enabled: Whether the experience can be played on VR headsets.
            facebook_social_link: The Facebook link, or ``False`` to remove it.
            twitter_social_link: The Twitter link, or ``False`` to remove it.
            youtube_social_link: The YouTube link, or ``False`` to remove it.
            twitch_social_link: The Twitch link, or ``False`` to remove it.
            discord_social_link: The Discord link, or ``False`` to remove it.
            group_social_link: The Roblox group link, or ``False`` to remove it.
            guilded_social_link: The Guilded link, or ``False`` to remove it.

        Returns:
            This experience, with its attributes filled from the response.

        Raises:
            ValueError: No argument was given, or a price is out of range.
            TypeError: An argument has the wrong type.
            NotFound: The experience does not exist.
            Forbidden: The API key cannot change the experience.
        """
        body: dict[str, Any] = {}
        flags = {
            "voice_chat_enabled": voice_chat_enabled,
            "desktop_enabled": desktop_enabled,
            "mobile_enabled": mobile_enabled,
            "tablet_enabled": tablet_enabled,
            "console_enabled": console_enabled,
            "vr_enabled": vr_enabled,
        }
        for argument, value in flags.items():
            if value is not None:
                if not isinstance(value, bool):
                    raise TypeError(f"{argument} must be a bool, got {type(value).__name__}")
                body[_FLAG_FIELDS[argument]] = value
        if private_server_price is not None:
            if private_server_price is True:
                raise ValueError("private_server_price must be a price in Robux, or False to disable")
            if private_server_price is False:
                # Disabling is "unset the field": it is named in the mask and sent as null.
                body["privateServerPriceRobux"] = None
            else:
                price = check_int(private_server_price, "private_server_price", minimum=0)
                if price > _INT32_MAX:
                    raise ValueError(f"private_server_price must be at most {_INT32_MAX}, got {price}")
                body["privateServerPriceRobux"] = price
        links = {
            "facebook_social_link": facebook_social_link,
            "twitter_social_link": twitter_social_link,
            "youtube_social_link": youtube_social_link,
            "twitch_social_link": twitch_social_link,
            "discord_social_link": discord_social_link,
            "group_social_link": group_social_link,
            "guilded_social_link": guilded_social_link,
        }
        for argument, link in links.items():
            if link is None:
                continue
            if link is False:
                body[SOCIAL_LINK_FIELDS[argument]] = None
            elif isinstance(link, ExperienceSocialLink):
                body[SOCIAL_LINK_FIELDS[argument]] = link._to_wire()
            else:
                raise TypeError(f"{argument} must be an ExperienceSocialLink or False, got {link!r}")
        if not body:
            raise ValueError("update() needs at least one setting to change")
        data = await self._client.request_json(
            "PATCH",
            f"/cloud/v2/universes/{self.id}",
            params={"updateMask": ",".join(body)},
            json=body,
            idempotent=True,
        )
        self._apply_universe(data, updated=body)
        return self

    def get_place(self, place_id: int) -> Place:
        """A `Place` handle for a place of this experience (no request is made).

        Args:
            place_id: The place ID.
        """
        return Place(check_int(place_id, "place_id", minimum=1), self)

    def _apply_universe(self, data: dict[str, Any], updated: Mapping[str, Any] | None = None) -> None:
        """Fill the information attributes from a Universe resource.

        After a GET (``updated`` is None) every attribute is set, absent
        fields giving ``None``. A PATCH answer may hold only the updated
        fields, so then only updated or present fields are set.
        """

        def has(field: str) -> bool:
            return updated is None or field in data or field in updated

        if has("displayName"):
            self.name = data.get("displayName")
        if has("description"):
            self.description = data.get("description")
        if has("createTime"):
            self.created_at = parse_time_opt(data.get("createTime"))
        if has("updateTime"):
            self.updated_at = parse_time_opt(data.get("updateTime"))
        if has("user") or has("group"):
            self.owner = self._owner(data)
        if has("visibility"):
            visibility = data.get("visibility")
            self.public = {"PUBLIC": True, "PRIVATE": False}.get(str(visibility))
        if has("ageRating"):
            self.age_rating = ExperienceAgeRating._from_wire(data.get("ageRating"))
        if has("privateServerPriceRobux"):
            price = data.get("privateServerPriceRobux")
            self.private_server_price = int(price) if price is not None else None
        for attribute, field in _FLAG_FIELDS.items():
            if has(field):
                value = data.get(field)
                setattr(self, attribute, bool(value) if value is not None else None)
        for attribute, field in SOCIAL_LINK_FIELDS.items():
            if has(field):
                setattr(self, attribute, ExperienceSocialLink._from_wire(data.get(field)))
        if has("rootPlace"):
            self.root_place = self._root_place(data.get("rootPlace"))

    def _owner(self, data: Mapping[str, Any]) -> User | Group | None:
        if group_id := id_from_path(data.get("group")):
            return Group._with_client(group_id, self._client)
        if user_id := id_from_path(data.get("user")):
            return User._with_client(user_id, self._client)
        return None

    def _root_place(self, path: Any) -> Place | None:
        place_id = id_from_path(path)
        if not place_id:
            return None
        place = self.root_place
        if place is None or place.id != place_id:
            place = Place(place_id, self)
        place.is_root_place = True
        return place

    # -- data stores -----------------------------------------------------------

    def get_datastore(self, name: str, scope: str | None = "global") -> DataStore:
        """A `DataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return DataStore(name, self, scope=scope)

    def get_ordered_datastore(self, name: str, scope: str | None = "global") -> OrderedDataStore:
        """An `OrderedDataStore` handle (no request is made).

        Args:
            name: The data store name.
            scope: The scope; ``None`` to address keys as ``scope/key``.
        """
        return OrderedDataStore(name, self, scope=scope)

    def get_data_store(self, name: str, scope: str | None = "global") -> DataStore:
        """Alias of `get_datastore`, the spelling the rblx-open-cloud guide uses."""
        return self.get_datastore(name, scope)

    def get_ordered_data_store(self, name: str, scope: str | None = "global") -> OrderedDataStore:
        """Alias of `get_ordered_datastore`, the spelling the rblx-open-cloud guide uses."""
        return self.get_ordered_datastore(name, scope)

    def list_datastores(
        self,
        prefix: str | None = None,
        limit: int | None = None,
        scope: str | None = "global",
        show_deleted: bool = False,
    ) -> AsyncPaginator[DataStore]:
        """Iterate the experience's data stores.

        Args:
            prefix: Only data stores whose name starts with this.
            limit: Stop after this many.
            scope: The scope given to the returned `DataStore` objects.
            show_deleted: Include data stores scheduled for deletion.
        """
        if prefix is not None and not isinstance(prefix, str):
            raise TypeError("prefix must be a str")

        def parse(item: dict[str, Any]) -> DataStore:
            return DataStore(
                str(item.get("id")),
                self,
                created=parse_time_opt(item.get("createTime")),
                scope=scope,
                state=DataStoreState.from_wire(item.get("state")),
                expire_time=parse_time_opt(item.get("expireTime")),
            )

        return AsyncPaginator(
            self._client,
            f"/cloud/v2/universes/{self.id}/data-stores",
            style=V2_TOKEN(100),
            items_field="dataStores",
            parse=parse,
            params={"filter": _starts_with(prefix or ""), "showDeleted": show_deleted or None},
            limit=check_limit(limit),
        )

    async def snapshot_datastores(self) -> tuple[bool, datetime]:
        """Snapshot all data stores: current values stay available as versions for 30 days.

        At most one new snapshot per UTC day; later calls return the existing one.

        Returns:
            ``(new_snapshot_taken, latest_snapshot_time)``.
        """
        body = await self._client.request_json(
            "POST", f"/cloud/v2/universes/{self.id}/data-stores:snapshot", json={}, idempotent=True
        )
        return bool(body.get("newSnapshotTaken")), parse_time(body["latestSnapshotTime"])

    async def flush_memory_store(self) -> Operation[bool]:
        """Start flushing all memory store data (sorted maps and queues).

        Returns:
            An `Operation` that resolves to ``True`` once the flush is done.
        """
        body = await self._client.request_json(
            "POST", f"/cloud/v2/universes/{self.id}/memory-store:flush", idempotent=False
        )
        # This API's operation path already starts with cloud/v2.
        return Operation(self._client, "/" + str(body["path"]).lstrip("/"), lambda _: True, initial=body)
