"""Experience API area: developer products, game passes and badges.

Developer products (``developer-products/v2``) and game passes
(``game-passes/v1``) are created and updated with ``multipart/form-data``
bodies and read through their ``/creator`` endpoints. Badges are created and
updated through the ``legacy-badges`` and ``legacy-publish`` proxies, and read
from the classic ``badges.roblox.com`` host, which is sent no credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

from ._resource import ExperienceResource, paginate
from ._shared import checks, deferred_names, fields, monetization as shared, multipart, paths

if TYPE_CHECKING:
    from ._paginator import AsyncPaginator
    from ._shared.monetization import Badge, Catalog, DeveloperProduct, GamePass
    from ._shared.multipart import FilePart

__all__ = ["Badge", "DeveloperProduct", "GamePass", "MonetizationMixin"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "Badge", "DeveloperProduct", "GamePass")


_T = TypeVar("_T")
_M = TypeVar("_M")

IconFile = IO[bytes] | bytes
"""An icon: a file opened in ``rb`` mode, or the image bytes."""


class MonetizationMixin(ExperienceResource):
    """`Experience` methods for developer products, game passes and badges."""

    # -- developer products ----------------------------------------------------

    def list_developer_products(self, limit: int | None = None) -> AsyncPaginator[DeveloperProduct]:
        """Iterate the experience's developer products.

        Requires the ``developer-product:read`` scope.

        Args:
            limit: Stop after this many developer products (default: all).

        Returns:
            An iterator of `DeveloperProduct` objects, fetched a page at a time.
        """
        return self._list_items(shared.PRODUCTS, limit)

    async def fetch_developer_product(self, product_id: int) -> DeveloperProduct:
        """Fetch one developer product of the experience.

        Requires the ``developer-product:read`` scope.

        Args:
            product_id: The developer product ID.

        Returns:
            The `DeveloperProduct`.

        Raises:
            NotFound: The experience has no developer product with this ID.
        """
        return await self._fetch_item(shared.PRODUCTS, product_id)

    async def create_developer_product(
        self,
        name: str,
        description: str | None = None,
        price_in_robux: int | None = None,
        regional_pricing_enabled: bool = False,
        icon_file: IconFile | None = None,
    ) -> DeveloperProduct:
        """Create a developer product in the experience.

        Requires the ``developer-product:write`` scope. The request is not
        retried after a server error, since that could create it twice.

        Args:
            name: The name; it must be unique within the experience.
            description: An optional description.
            price_in_robux: The price in Robux; ``None`` creates it off sale.
            regional_pricing_enabled: Enable regional pricing (needs a price).
            icon_file: An optional icon, as a file opened in ``rb`` mode or bytes.

        Returns:
            The created `DeveloperProduct`.

        Raises:
            HttpException: Roblox refused it (400), e.g. ``DuplicateProductName``
                or an invalid price.
        """
        form = shared.create_fields(name, description, price_in_robux, regional_pricing_enabled, icon_file)
        return await self._create_item(shared.PRODUCTS, form)

    async def update_developer_product(
        self,
        product_id: int,
        name: str | None = None,
        description: str | None = None,
        price_in_robux: int | Literal[False] | None = None,
        regional_pricing_enabled: bool | None = None,
        store_page_enabled: bool | None = None,
        icon_file: IconFile | None = None,
    ) -> None:
        """Update a developer product; arguments left as ``None`` are not changed.

        Requires the ``developer-product:write`` scope.

        Args:
            product_id: The developer product ID.
            name: A new name; it must be unique within the experience.
            description: A new description; ``""`` clears it.
            price_in_robux: A new price in Robux (which puts it on sale), or
                ``False`` to take it off sale.
            regional_pricing_enabled: Enable or disable regional pricing (needs a price).
            store_page_enabled: Whether it can be bought on the external store page.
            icon_file: A new icon, as a file opened in ``rb`` mode or bytes.

        Raises:
            ValueError: Nothing to update.
            NotFound: The experience has no developer product with this ID.
            Conflict: Another developer product of the experience has this name.
        """
        form = shared.update_fields(name, description, price_in_robux, regional_pricing_enabled, icon_file)
        form["storePageEnabled"] = shared.check_bool_opt(store_page_enabled, "store_page_enabled")
        await self._update_item(shared.PRODUCTS, product_id, form)

    # -- game passes -----------------------------------------------------------

    def list_game_passes(self, limit: int | None = None) -> AsyncPaginator[GamePass]:
        """Iterate the experience's game passes.

        Requires the ``game-pass:read`` scope.

        Args:
            limit: Stop after this many game passes (default: all).

        Returns:
            An iterator of `GamePass` objects, fetched a page at a time.
        """
        return self._list_items(shared.PASSES, limit)

    async def fetch_game_pass(self, pass_id: int) -> GamePass:
        """Fetch one game pass of the experience.

        Requires the ``game-pass:read`` scope.

        Args:
            pass_id: The game pass ID.

        Returns:
            The `GamePass`.

        Raises:
            NotFound: The experience has no game pass with this ID.
        """
        return await self._fetch_item(shared.PASSES, pass_id)

    async def create_game_pass(
        self,
        name: str,
        description: str | None = None,
        price_in_robux: int | None = None,
        regional_pricing_enabled: bool = False,
        icon_file: IconFile | None = None,
    ) -> GamePass:
        """Create a game pass in the experience.

        Requires the ``game-pass:write`` scope. The request is not retried
        after a server error, since that could create it twice.

        Args:
            name: The name.
            description: An optional description.
            price_in_robux: The price in Robux; ``None`` creates it off sale.
            regional_pricing_enabled: Enable regional pricing (needs a price).
            icon_file: An optional icon, as a file opened in ``rb`` mode or bytes.

        Returns:
            The created `GamePass`.
        """
        form = shared.create_fields(name, description, price_in_robux, regional_pricing_enabled, icon_file)
        return await self._create_item(shared.PASSES, form)

    async def update_game_pass(
        self,
        pass_id: int,
        name: str | None = None,
        description: str | None = None,
        price_in_robux: int | Literal[False] | None = None,
        regional_pricing_enabled: bool = False,
        icon_file: IconFile | None = None,
    ) -> None:
        """Update a game pass; arguments left as ``None`` are not changed.

        Requires the ``game-pass:write`` scope.

        ``regional_pricing_enabled`` defaults to ``False`` (as in the
        rblx-open-cloud API), so it is only sent when it says something: with
        a new price (the price and its regional pricing are set together), or
        when it is ``True``.

        Args:
            pass_id: The game pass ID.
            name: A new name.
            description: A new description; ``""`` clears it.
            price_in_robux: A new price in Robux (which puts it on sale), or
                ``False`` to take it off sale.
            regional_pricing_enabled: Enable regional pricing (needs a price).
            icon_file: A new icon, as a file opened in ``rb`` mode or bytes.

        Raises:
            ValueError: Nothing to update.
            NotFound: The experience has no game pass with this ID.
        """
        regional = checks.check_bool(regional_pricing_enabled, "regional_pricing_enabled")
        sends_price = price_in_robux is not None and price_in_robux is not False
        form = shared.update_fields(
            name, description, price_in_robux, regional if regional or sends_price else None, icon_file
        )
        await self._update_item(shared.PASSES, pass_id, form)

    # -- badges ----------------------------------------------------------------

    async def fetch_badge(self, badge_id: int) -> Badge:
        """Fetch a badge, which need not belong to this experience.

        Uses the classic ``badges.roblox.com`` API, which needs no
        authorization: the API key is not sent to it. The badge's
        ``experience`` is this object when the badge belongs to it; its
        ``name`` and ``root_place`` are filled in.

        Args:
            badge_id: The badge ID.

        Returns:
            The `Badge`.

        Raises:
            NotFound: There is no badge with this ID.
        """
        badge_id = checks.check_int(badge_id, "badge_id", minimum=1)
        url = self._client.web_url("badges") + paths.api_path("/v1/badges/{}", badge_id)

        def parse(body: Any) -> Badge:
            data = fields.as_object(body)
            universe = fields.opt_object(data, "awardingUniverse")
            universe_id = fields.opt_int(universe, "id") if universe is not None else None
            if universe is None or not universe_id:
                return shared.Badge.from_wire(data, None)
            name, root_place_id = fields.opt_str(universe, "name"), fields.opt_int(universe, "rootPlaceId")
            experience = self if universe_id == self.id else self._other_experience(universe_id)
            badge = shared.Badge.from_wire(data, experience)
            experience._describe(name, root_place_id)
            return badge

        result: Badge = await self._client.request_json("GET", url, auth=False, parse=parse)
        return result

    async def create_badge(
        self,
        name: str,
        icon_file: IconFile,
        description: str | None = None,
        enabled: bool = True,
        expected_robux_price: int = 0,
        use_group_funds: bool = False,
    ) -> Badge:
        """Create a badge in the experience, paying its price if it has one.

        Requires the ``legacy-universe.badge:manage-and-spend-robux`` scope.
        This is a legacy API that Roblox may change without notice. The
        request is not retried after a server error, since that could create
        (and pay for) the badge twice.

        Args:
            name: The badge name.
            icon_file: The icon, as a file opened in ``rb`` mode or bytes.
            description: An optional description.
            enabled: Whether the badge can be awarded and shows on the experience's page.
            expected_robux_price: The Robux you expect the badge to cost; the
                call fails when the actual price is higher.
            use_group_funds: Pay with the owning group's funds instead of the user's.

        Returns:
            The created `Badge`; the experience's ``name`` and ``root_place`` are filled in.

        Raises:
            HttpException: Roblox refused it (400), e.g. the price is higher
                than ``expected_robux_price``.
            Forbidden: Missing permission, or not enough funds.
        """
        form: dict[str, str | int | bool | FilePart | None] = {
            "name": shared.check_product_name(name),
            "description": shared.check_text_opt(description, "description"),
            "paymentSourceType": shared.PAY_WITH_GROUP_FUNDS
            if checks.check_bool(use_group_funds, "use_group_funds")
            else shared.PAY_WITH_USER_FUNDS,
            "expectedCost": checks.check_int(expected_robux_price, "expected_robux_price", minimum=0),
            "isActive": checks.check_bool(enabled, "enabled"),
            "files": shared.icon_part(icon_file),
        }
        content, content_type = multipart.encode_multipart(form)
        experience = self

        def parse(body: Any) -> Badge:
            badge = shared.Badge.from_wire(body, experience)
            awarder = fields.opt_object(body, "awarder")
            if awarder is not None:
                experience._describe(fields.opt_str(awarder, "name"), fields.opt_int(awarder, "id"))
            return badge

        result: Badge = await self._client.request_json(
            "POST",
            paths.api_path("/legacy-badges/v1/universes/{}/badges", self.id),
            content=content,
            headers={"content-type": content_type},
            idempotent=False,
            parse=parse,
        )
        return result

    async def update_badge(
        self,
        badge_id: int,
        name: str | None = None,
        description: str | None = None,
        enabled: bool | None = None,
        icon_file: IconFile | None = None,
    ) -> None:
        """Update a badge; arguments left as ``None`` are not changed.

        Requires the ``legacy-universe.badge:write`` scope for ``name``,
        ``description`` and ``enabled``, and ``legacy-badge:manage`` for
        ``icon_file``. These are legacy APIs that Roblox may change without notice.

        The icon goes to a separate endpoint, after the other fields: if its
        upload fails, the other changes have already been made. Update the
        icon in its own call to handle the two failures apart.

        Args:
            badge_id: The badge ID.
            name: A new name.
            description: A new description; ``""`` clears it.
            enabled: Whether the badge can be awarded and shows on the experience's page.
            icon_file: A new icon, as a file opened in ``rb`` mode or bytes.

        Raises:
            ValueError: Nothing to update.
            NotFound: There is no badge with this ID.
            Forbidden: Missing permission to manage the badge.
        """
        badge_id = checks.check_int(badge_id, "badge_id", minimum=1)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = shared.check_product_name(name)
        if description is not None:
            changes["description"] = shared.check_text_opt(description, "description")
        if enabled is not None:
            changes["enabled"] = checks.check_bool(enabled, "enabled")
        icon = shared.icon_part(icon_file) if icon_file is not None else None
        if not changes and icon is None:
            raise ValueError("update_badge needs at least one of name, description, enabled, icon_file")
        if changes:
            await self._client.request(
                "PATCH",
                paths.api_path("/legacy-badges/v1/badges/{}", badge_id),
                json=changes,
                idempotent=True,
            )
        if icon is not None:
            content, content_type = multipart.encode_multipart({"Files": icon})
            await self._client.request(
                "POST",
                paths.api_path("/legacy-publish/v1/badges/{}/icon", badge_id),
                content=content,
                headers={"content-type": content_type},
                idempotent=False,
            )

    # -- helpers ---------------------------------------------------------------

    def _list_items(self, catalog: Catalog[_M], limit: int | None) -> AsyncPaginator[_M]:
        return paginate(
            self._client,
            paths.api_path(catalog.path + "/creator", self.id),
            style=shared.PRODUCT_PAGES,
            items_field=catalog.items_field,
            parse=lambda item: catalog.model(item, self),
            limit=checks.check_limit(limit),
        )

    async def _fetch_item(self, catalog: Catalog[_M], item_id: int) -> _M:
        item_id = checks.check_int(item_id, catalog.id_name, minimum=1)
        result: _M = await self._client.request_json(
            "GET",
            paths.api_path(catalog.path + "/{}/creator", self.id, item_id),
            parse=lambda body: catalog.model(body, self),
        )
        return result

    async def _create_item(
        self, catalog: Catalog[_M], form: dict[str, str | int | bool | FilePart | None]
    ) -> _M:
        path = paths.api_path(catalog.path, self.id)
        # Not idempotent: a repeat after a lost answer could create a second one.
        return await self._send_form(
            "POST", path, form, idempotent=False, parse=lambda body: catalog.model(body, self)
        )

    async def _update_item(
        self, catalog: Catalog[Any], item_id: int, form: dict[str, str | int | bool | FilePart | None]
    ) -> None:
        item_id = checks.check_int(item_id, catalog.id_name, minimum=1)
        await self._send_form(
            "PATCH", paths.api_path(catalog.path + "/{}", self.id, item_id), form, parse=_ignored
        )

    async def _send_form(
        self,
        method: str,
        path: str,
        form: dict[str, str | int | bool | FilePart | None],
        *,
        idempotent: bool | None = None,
        parse: Callable[[Any], _T],
    ) -> _T:
        """Send a multipart form and read the answer with ``parse``."""
        if all(value is None for value in form.values()):
            raise ValueError("nothing to update: every argument is None")
        content, content_type = multipart.encode_multipart(form)
        if idempotent is None:
            # A PATCH of absolute values can be repeated safely, unless it
            # uploads an icon (each upload makes a new image asset).
            idempotent = not any(isinstance(value, multipart.FilePart) for value in form.values())
        result: _T = await self._client.request_json(
            method,
            path,
            content=content,
            headers={"content-type": content_type},
            idempotent=idempotent,
            parse=parse,
        )
        return result

    def _other_experience(self, universe_id: int) -> ExperienceResource:
        """An `Experience` for another universe, sharing this one's credentials, options and pool."""
        return type(self)._bind(self._client, universe_id)


def _ignored(body: object) -> None:
    """An update's answer, which the SDK does not read (any JSON, or none, will do)."""
