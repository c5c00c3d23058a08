"""User API area: the items in a user's inventory (``cloud/v2/users/{id}/inventory-items``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._resource import paginate
from ._shared import checks, deferred_names, inventory as shared, paths
from .creator import Creator

if TYPE_CHECKING:
    from ._paginator import AsyncPaginator
    from ._shared.inventory import (
        InventoryAsset,
        InventoryAssetType,
        InventoryBadge,
        InventoryGamePass,
        InventoryItem,
        InventoryItemState,
        InventoryPrivateServer,
    )

__all__ = [
    "InventoryAsset",
    "InventoryAssetType",
    "InventoryBadge",
    "InventoryGamePass",
    "InventoryItem",
    "InventoryItemState",
    "InventoryMixin",
    "InventoryPrivateServer",
]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(
        globals(),
        shared,
        "InventoryAsset",
        "InventoryAssetType",
        "InventoryBadge",
        "InventoryGamePass",
        "InventoryItem",
        "InventoryItemState",
        "InventoryPrivateServer",
    )


class InventoryMixin(Creator):
    """`User` methods for the user's inventory."""

    def list_inventory(
        self,
        limit: int | None = None,
        only_collectibles: bool = False,
        assets: list[InventoryAssetType] | list[int] | bool | None = None,
        badges: list[int] | bool = False,
        game_passes: list[int] | bool = False,
        private_servers: list[int] | bool = False,
    ) -> AsyncPaginator[InventoryAsset | InventoryBadge | InventoryGamePass | InventoryPrivateServer]:
        """Iterate the items in the user's inventory.

        With no filter every item is listed. Otherwise each argument selects a
        kind of item: ``True`` selects every item of that kind, a list selects
        those IDs (for ``assets``, either asset IDs or `InventoryAssetType`
        members). ``only_collectibles=True`` lists collectible assets only
        (of the types in ``assets``, if given). Roblox filters either by kind
        or by ID in one request, so ``True``, asset types and
        ``only_collectibles`` cannot be combined with lists of IDs.

        Anyone can list an inventory whose owner shows it to everyone.
        Otherwise it takes an API key of the user with the ``Inventory: Read``
        permission, or an OAuth2 token with the ``user.inventory-item:read`` scope.

        Args:
            limit: Stop after this many items (default: all).
            only_collectibles: List only collectible assets.
            assets: ``True`` for every asset, or the asset IDs or asset types to list.
            badges: ``True`` for every badge, or the badge IDs to list.
            game_passes: ``True`` for every game pass, or the game pass IDs to list.
            private_servers: ``True`` for every private server, or the private server IDs to list.

        Returns:
            An iterator of `InventoryAsset`, `InventoryBadge`, `InventoryGamePass`
            and `InventoryPrivateServer` objects, fetched a page at a time.

        Raises:
            TypeError: An argument of the wrong type (checked before any request).
            ValueError: A filter Roblox would refuse, such as an ID below 1, an
                empty list, or kinds and IDs mixed (checked before any request).
            Forbidden: The inventory is private to this API key or token.
            NotFound: There is no user with this ID.
        """
        filter_text = shared.inventory_filter(only_collectibles, assets, badges, game_passes, private_servers)
        return paginate(
            self._client,
            paths.api_path("/cloud/v2/users/{}/inventory-items", self.id),
            style=shared.INVENTORY_PAGES,
            items_field="inventoryItems",
            parse=shared.item_from_wire,
            params={"filter": filter_text},
            limit=checks.check_limit(limit),
        )
