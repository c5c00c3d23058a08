"""The ``Experience`` entry point: an experience (universe) and its resources."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx

from ._resource import EntryPoint, ExperienceResource, open_client, public_class
from ._shared import checks, deferred_names, experience as shared, fields, paths, reprs
from ._shared.options import DEFAULT_MAX_RESPONSE_BYTES, HttpBackend
from .bans import ExperienceBansMixin
from .configs import CreatorConfigMixin
from .datastore import DataStoreMixin
from .memorystore import MemoryStoreMixin
from .messaging import MessagingMixin
from .monetization import MonetizationMixin
from .notification import NotificationMixin
from .secret import SecretsMixin
from .servers import ServersMixin
from .speech import SpeechMixin
from .subscription import SubscriptionMixin
from .translation import TranslationMixin

if TYPE_CHECKING:
    from ._shared.experience import ExperienceAgeRating, ExperienceSocialLink
    from .group import Group
    from .place import Place
    from .user import User

__all__ = ["Experience", "ExperienceAgeRating", "ExperienceSocialLink"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "ExperienceAgeRating", "ExperienceSocialLink")


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
    DataStoreMixin,
    MemoryStoreMixin,
    MessagingMixin,
    NotificationMixin,
    ServersMixin,
    SubscriptionMixin,
    TranslationMixin,
    SpeechMixin,
    ExperienceBansMixin,
    SecretsMixin,
    MonetizationMixin,
    CreatorConfigMixin,
    ExperienceResource,
    EntryPoint,
):
    """An experience (universe) on Roblox, reached with an API key.

    Its methods cover every API area of an experience: data stores, memory
    stores, messaging, notifications, servers, subscriptions, translation,
    speech assets, bans, secrets, monetization and creator configs.

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
        http_backend: ``"auto"`` (default): in ``rblxopencloudasync`` aiohttp
            under asyncio (much faster with many concurrent requests) and httpx
            under trio or with your own ``http_client``/``transport``; httpx in
            ``rblxopencloud``. ``"httpx"`` or ``"aiohttp"`` (async and asyncio
            only) force one; see the async guide.
        max_response_bytes: A successful answer larger than this (default
            32 MiB) is refused while it streams in, with `UnexpectedResponse`.
        allow_insecure_http: Allow a plain ``http://`` ``base_url`` to a host
            other than this machine (the API key would travel unencrypted).

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
        http_backend: HttpBackend = "auto",
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure_http: bool = False,
    ) -> None:
        self._setup(id)
        if not isinstance(api_key, str) or not api_key:
            raise TypeError("api_key must be a non-empty str")
        self._client = open_client(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            transport=transport,
            http_backend=http_backend,
            max_response_bytes=max_response_bytes,
            allow_insecure_http=allow_insecure_http,
        )

    def _setup(self, id: int) -> None:  # noqa: A002 - public name of the peer SDK
        super()._setup(id)
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
        return reprs.model_repr(self, id=self.id)

    # -- experience information ----------------------------------------------

    async def fetch_info(self) -> Experience:
        """Fetch the experience's information and fill this object's attributes.

        Returns:
            This experience, with its attributes filled.

        Raises:
            NotFound: The experience does not exist.
            Forbidden: The API key has no access to the experience.
        """
        result: Experience = await self._client.request_json(
            "GET", paths.api_path("/cloud/v2/universes/{}", self.id), parse=self._apply_universe
        )
        return result

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
                body[_FLAG_FIELDS[argument]] = checks.check_bool(value, argument)
        if private_server_price is not None:
            if private_server_price is True:
                raise ValueError("private_server_price must be a price in Robux, or False to disable")
            if private_server_price is False:
                # Disabling is "unset the field": it is named in the mask and sent as null.
                body["privateServerPriceRobux"] = None
            else:
                body["privateServerPriceRobux"] = checks.check_int(
                    private_server_price, "private_server_price", minimum=0, maximum=checks.INT32_MAX
                )
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
                body[shared.SOCIAL_LINK_FIELDS[argument]] = None
            elif isinstance(link, shared.ExperienceSocialLink):
                body[shared.SOCIAL_LINK_FIELDS[argument]] = link.to_wire()
            else:
                raise TypeError(f"{argument} must be an ExperienceSocialLink or False, got {link!r}")
        if not body:
            raise ValueError("update() needs at least one setting to change")
        result: Experience = await self._client.request_json(
            "PATCH",
            paths.api_path("/cloud/v2/universes/{}", self.id),
            params={"updateMask": ",".join(body)},
            json=body,
            idempotent=True,
            parse=lambda data: self._apply_universe(data, updated=body),
        )
        return result

    def get_place(self, place_id: int) -> Place:
        """A `Place` handle for a place of this experience (no request is made).

        Args:
            place_id: The place ID.
        """
        place: Place = public_class("Place")(checks.check_int(place_id, "place_id", minimum=1), self)
        return place

    def _apply_universe(self, body: Any, updated: Mapping[str, Any] | None = None) -> Experience:
        """Fill the information attributes from a Universe resource.

        After a GET (``updated`` is None) every attribute is set, absent
        fields giving ``None``; the body must name the universe (``path``).
        A PATCH answer may hold only the updated fields, so then only updated
        or present fields are set. Every value is read before any attribute
        changes, so a malformed body leaves the object as it was.
        """
        data = fields.as_object(body)
        if updated is None:
            fields.req_str(data, "path")

        def has(field: str) -> bool:
            return updated is None or field in data or field in updated

        values: dict[str, Any] = {}
        if has("displayName"):
            values["name"] = fields.opt_str(data, "displayName")
        if has("description"):
            values["description"] = fields.opt_str(data, "description")
        if has("createTime"):
            values["created_at"] = fields.opt_time(data, "createTime")
        if has("updateTime"):
            values["updated_at"] = fields.opt_time(data, "updateTime")
        if has("user") or has("group"):
            values["owner"] = self._owner(data)
        if has("visibility"):
            values["public"] = {"PUBLIC": True, "PRIVATE": False}.get(
                fields.opt_str(data, "visibility") or ""
            )
        if has("ageRating"):
            values["age_rating"] = shared.ExperienceAgeRating.from_wire(fields.opt_str(data, "ageRating"))
        if has("privateServerPriceRobux"):
            values["private_server_price"] = fields.opt_int(data, "privateServerPriceRobux")
        for attribute, field in _FLAG_FIELDS.items():
            if has(field):
                values[attribute] = fields.opt_bool(data, field)
        for attribute, field in shared.SOCIAL_LINK_FIELDS.items():
            if has(field):
                values[attribute] = shared.ExperienceSocialLink.from_wire(fields.opt_object(data, field))
        if has("rootPlace"):
            values["root_place"] = self._root_place(fields.opt_path_id(data, "rootPlace"))
        for attribute, value in values.items():
            setattr(self, attribute, value)
        if self.root_place is not None and "root_place" in values:
            self.root_place.is_root_place = True
        return self

    def _owner(self, data: dict[str, Any]) -> User | Group | None:
        if group_id := fields.opt_path_id(data, "group"):
            group: Group = public_class("Group")._bind(self._client, group_id)
            return group
        if user_id := fields.opt_path_id(data, "user"):
            user: User = public_class("User")._bind(self._client, user_id)
            return user
        return None

    def _describe(self, name: str | None, root_place_id: int | None) -> None:
        if name is not None:
            self.name = name
        if root_place_id is not None and root_place_id > 0:
            place = self._root_place(root_place_id)
            if place is not None:
                self.root_place = place
                place.is_root_place = True

    def _root_place(self, place_id: int | None) -> Place | None:
        if place_id is None:
            return None
        place = self.root_place
        if place is None or place.id != place_id:
            place = public_class("Place")(place_id, self)
        return place
