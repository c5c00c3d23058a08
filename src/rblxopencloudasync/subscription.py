"""Experience API area: subscriptions to the experience's subscription products."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._resource import ExperienceResource
from ._shared import checks, paths, subscription as shared

if TYPE_CHECKING:
    from ._shared.subscription import Subscription

__all__ = ["SubscriptionMixin"]


class SubscriptionMixin(ExperienceResource):
    """`Experience` methods for reading users' subscriptions."""

    async def fetch_subscription(self, product_id: str, user_id: int) -> Subscription:
        """Fetch a user's subscription to one of the experience's subscription products.

        An API key needs ``universe:write`` to read any user's subscription (the
        ``universe.subscription-product.subscription:read`` scope of an OAuth2 app
        only reads the authorizing user's own).

        Args:
            product_id: The subscription product's ID (shown as ``EXP-...`` on the
                Creator Dashboard).
            user_id: The subscriber's user ID, which is also the subscription's ID.

        Returns:
            The `Subscription`.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``product_id`` is empty or ``user_id`` is below 1.
            NotFound: The user never subscribed to the product, or the product doesn't exist.
            Forbidden: The API key lacks the scope.
        """
        checks.check_name(product_id, "product_id", max_length=None)
        checks.check_int(user_id, "user_id", minimum=1)
        result: Subscription = await self._client.request_json(
            "GET",
            paths.api_path(
                "/cloud/v2/universes/{}/subscription-products/{}/subscriptions/{}",
                self.id,
                product_id,
                user_id,
            ),
            params={"view": "FULL"},
            parse=shared.Subscription.from_wire,
        )
        return result
