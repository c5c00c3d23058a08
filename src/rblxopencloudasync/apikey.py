"""The ``ApiKey`` entry point: one API key for experiences, groups and users, and its introspection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import creator
from ._resource import EntryPoint, open_client
from ._shared import apikey as shared, checks, deferred_names, reprs
from ._shared.options import check_credential
from .experience import Experience
from .group import Group
from .user import User

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._client import ClientOptions
    from ._shared.apikey import ApiKeyInfo, ApiKeyScope, MissingScopes
    from ._shared.creator import AssetType
    from .creator import Asset, CreatorStoreProduct

__all__ = ["ApiKey", "ApiKeyInfo", "ApiKeyScope", "MissingScopes"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "ApiKeyInfo", "ApiKeyScope", "MissingScopes")

_INTROSPECT = "/api-keys/v1/introspect"


class ApiKey(EntryPoint):
    """An API key, handing out the experiences, groups and users it reaches.

    Every object it hands out shares its connection pool and options; closing
    the `ApiKey` (``aclose()`` or ``async with``) closes them all.

    Args:
        api_key: The API key. It is never shown in a repr, log record or
            exception message.
        **options: The keyword options of `Experience` (``base_url``,
            ``timeout``, ``max_retries``, ``http_client``, ``transport``,
            ``http_backend``, ``max_response_bytes``, ``allow_insecure_http``).
    """

    def __init__(self, api_key: str, **options: Unpack[ClientOptions]) -> None:
        # Kept only to send in the body of `introspect`; the client holds it for headers.
        self._api_key = check_credential(api_key, "api_key")
        self._client = open_client(api_key=api_key, **options)

    def __repr__(self) -> str:
        return reprs.model_repr(self, base_url=self._client.base_url)  # never the key

    async def get_experience(self, id: int, fetch_info: bool = False) -> Experience:  # noqa: A002 - the peer SDK's name
        """An `Experience` on this key's connection pool.

        Args:
            id: The experience/universe ID.
            fetch_info: Also fetch the experience's information (`Experience.fetch_info`).

        Raises:
            NotFound: ``fetch_info`` was set and the experience does not exist.
        """
        fetch = checks.check_bool(fetch_info, "fetch_info")
        experience = Experience._bind(self._client, id)
        if fetch:
            await experience.fetch_info()
        return experience

    async def get_group(self, id: int, fetch_info: bool = False) -> Group:  # noqa: A002
        """A `Group` on this key's connection pool.

        Args:
            id: The group ID.
            fetch_info: Also fetch the group's information (`Group.fetch_info`).

        Raises:
            NotFound: ``fetch_info`` was set and the group does not exist.
        """
        fetch = checks.check_bool(fetch_info, "fetch_info")
        group = Group._bind(self._client, id)
        if fetch:
            await group.fetch_info()
        return group

    async def get_user(self, id: int, fetch_info: bool = False) -> User:  # noqa: A002
        """A `User` on this key's connection pool.

        Args:
            id: The user ID.
            fetch_info: Also fetch the user's information (`User.fetch_info`).

        Raises:
            NotFound: ``fetch_info`` was set and the user does not exist.
        """
        fetch = checks.check_bool(fetch_info, "fetch_info")
        user = User._bind(self._client, id)
        if fetch:
            await user.fetch_info()
        return user

    async def fetch_asset(self, asset_id: int) -> Asset:
        """Fetch an asset this key can read (its ``creator`` is the owning `User` or `Group`).

        Requires the ``asset:read`` scope.

        Raises:
            NotFound: The asset does not exist.
            Forbidden: The API key cannot read the asset.
        """
        return await creator.fetch_asset(self._client, asset_id)

    async def fetch_creator_store_product(
        self, asset_type: AssetType | str, product_id: int
    ) -> CreatorStoreProduct:
        """Fetch an asset's Creator Store product (its distribution and price).

        Requires the ``creator-store-product:read`` scope.

        Args:
            asset_type: The asset's `AssetType` (Model, Plugin, Audio, Decal,
                MeshPart, Video or FontFamily), or its name.
            product_id: The asset ID.

        Raises:
            NotFound: There is no such product.
        """
        return await creator.fetch_creator_store_product(self._client, asset_type, product_id)

    async def introspect(self) -> ApiKeyInfo:
        """What this key is and may do: its name, owner, scopes and state.

        The key is sent in the request body to ``/api-keys/v1/introspect``,
        with no credentials header. Roblox also checks the caller's IP
        address against the key's allowlist. Use the answer to check at
        start-up that the key can do what the program needs
        (`ApiKeyInfo.require`, `ApiKeyInfo.missing_scopes`).

        Returns:
            An `ApiKeyInfo`.

        Raises:
            HttpException: Roblox refused the key (unknown, or not allowed from this address).
        """
        info: ApiKeyInfo = await self._client.request_json(
            "POST",
            _INTROSPECT,
            json={"apiKey": self._api_key},
            auth=False,
            idempotent=True,  # a read: resending it changes nothing
            parse=shared.ApiKeyInfo.from_wire,
        )
        return info
