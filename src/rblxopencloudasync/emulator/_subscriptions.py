"""The subscription area: users' subscriptions to a universe's subscription products.

Subscriptions are bought in the Roblox apps, not through Open Cloud; tests add
them with `SubscriptionArea.add_subscription`, and the demo universe has two
(`DEMO_SUBSCRIPTION_PRODUCT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ._area import (
    DEMO_SUBSCRIPTION_PRODUCT,
    Area,
    Context,
    Request,
    Route,
    parse_id,
    parse_universe_id,
)
from ._errors import invalid, not_found
from ._time import as_utc, format_time

__all__ = ["DEMO_SUBSCRIPTION_PRODUCT", "StoredSubscription", "SubscriptionArea"]

_BILLING_PERIOD = timedelta(days=30)

SUBSCRIPTION_STATES = frozenset(
    {"SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_WILL_NOT_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING", "EXPIRED"}
)
PAYMENT_PROVIDERS = frozenset({"STRIPE", "APPLE", "GOOGLE", "ROBLOX_CREDIT", "ROBUX"})
PURCHASE_PLATFORMS = frozenset({"DESKTOP", "MOBILE"})
EXPIRATION_REASONS = frozenset(
    {"PRODUCT_INACTIVE", "PRODUCT_DELETED", "SUBSCRIBER_CANCELLED", "SUBSCRIBER_REFUNDED", "LAPSED"}
)
_VIEWS = frozenset({"VIEW_UNSPECIFIED", "BASIC", "FULL"})


@dataclass(slots=True)
class StoredSubscription:
    """A user's subscription to a subscription product (wire enum strings)."""

    state: str
    payment_provider: str
    purchase_platform: str
    create_time: datetime
    update_time: datetime
    last_billing_time: datetime
    next_renew_time: datetime | None
    expire_time: datetime | None
    expiration_reason: str | None


class SubscriptionArea(Area):
    """Subscriptions to subscription products, added by tests and read through Open Cloud."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._subscriptions: dict[tuple[int, str, int], StoredSubscription] = {}

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", [
                "cloud",
                "v2",
                "universes",
                u,
                "subscription-products",
                product,
                "subscriptions",
                sub,
            ]:
                return Route(lambda r: self.get_subscription(r, u, product, sub), frozenset({"view"}))
        return None

    def clear(self) -> None:
        self._subscriptions.clear()

    def seed(self, universe_id: int) -> None:
        now = self._context.now()
        self.add_subscription(
            universe_id,
            DEMO_SUBSCRIPTION_PRODUCT,
            287113233,
            created=now - timedelta(days=10),
        )
        self.add_subscription(
            universe_id,
            DEMO_SUBSCRIPTION_PRODUCT,
            156,
            state="EXPIRED",
            payment_provider="GOOGLE",
            purchase_platform="MOBILE",
            expiration_reason="LAPSED",
            created=now - timedelta(days=45),
        )

    # -- helpers for tests ---------------------------------------------------------

    def add_subscription(
        self,
        universe_id: int,
        product_id: str,
        user_id: int,
        *,
        state: str = "SUBSCRIBED_WILL_RENEW",
        payment_provider: str = "STRIPE",
        purchase_platform: str = "DESKTOP",
        expiration_reason: str | None = None,
        created: datetime | None = None,
    ) -> StoredSubscription:
        """Add (or replace) a user's subscription to a product, using the wire enum names.

        The user was last billed at ``created`` (default: now); a renewing
        subscription renews 30 days later, a non-renewing one expires then, and an
        ``EXPIRED`` one expired when that period ended (now, if it has not ended
        yet), for the reason ``SUBSCRIBER_CANCELLED`` unless another is given.
        """
        for value, allowed, what in (
            (state, SUBSCRIPTION_STATES, "state"),
            (payment_provider, PAYMENT_PROVIDERS, "payment_provider"),
            (purchase_platform, PURCHASE_PLATFORMS, "purchase_platform"),
        ):
            if value not in allowed:
                raise ValueError(f"{what} must be one of {sorted(allowed)}, got {value!r}")
        if expiration_reason is not None and expiration_reason not in EXPIRATION_REASONS:
            raise ValueError(f"expiration_reason must be one of {sorted(EXPIRATION_REASONS)}")
        if not isinstance(product_id, str) or not product_id or "/" in product_id:
            raise ValueError("product_id must be a non-empty str without '/'")
        if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id < 1:
            raise ValueError("user_id must be a positive int")
        with self._context.lock:
            now = self._context.now()
            billed = as_utc(created) if created is not None else now
            period_end = billed + _BILLING_PERIOD
            renew: datetime | None = None
            expire: datetime | None = None
            if state in ("SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING"):
                renew = period_end
            elif state == "SUBSCRIBED_WILL_NOT_RENEW":
                expire = period_end
            else:
                expire = max(billed, min(period_end, now))
                expiration_reason = expiration_reason or "SUBSCRIBER_CANCELLED"
            stored = StoredSubscription(
                state=state,
                payment_provider=payment_provider,
                purchase_platform=purchase_platform,
                create_time=billed,
                update_time=expire if state == "EXPIRED" and expire is not None else billed,
                last_billing_time=billed,
                next_renew_time=renew,
                expire_time=expire,
                expiration_reason=expiration_reason,
            )
            self._subscriptions[(universe_id, product_id, user_id)] = stored
            return stored

    # -- handlers ----------------------------------------------------------------

    def get_subscription(self, request: Request, u: str, product: str, sub: str) -> Any:
        """``GET /cloud/v2/universes/{u}/subscription-products/{p}/subscriptions/{userId}``."""
        universe_id = parse_universe_id(u)
        user_id = parse_id(sub, "subscription ID")
        view = request.params.get("view", "VIEW_UNSPECIFIED")
        if view not in _VIEWS:
            raise invalid(f"Invalid view '{view}' (expected BASIC or FULL).")
        found = self._subscriptions.get((universe_id, product, user_id))
        if found is None:
            raise not_found(f"Subscription '{sub}' of subscription product '{product}' not found.")
        return _subscription_json(u, product, user_id, found, full=view == "FULL")


def _subscription_json(u: str, product: str, user_id: int, sub: StoredSubscription, *, full: bool) -> Any:
    active = sub.state != "EXPIRED"
    will_renew = sub.state in ("SUBSCRIBED_WILL_RENEW", "SUBSCRIBED_RENEWAL_PAYMENT_PENDING")
    result: dict[str, Any] = {
        "path": f"universes/{u}/subscription-products/{product}/subscriptions/{user_id}",
        "active": active,
        "willRenew": will_renew,
    }
    if not full:
        return result
    result.update(
        {
            "createTime": format_time(sub.create_time),
            "updateTime": format_time(sub.update_time),
            "lastBillingTime": format_time(sub.last_billing_time),
            "state": sub.state,
            "purchasePlatform": sub.purchase_platform,
            "paymentProvider": sub.payment_provider,
            "user": f"users/{user_id}",
        }
    )
    if sub.next_renew_time is not None:
        result["nextRenewTime"] = format_time(sub.next_renew_time)
    if sub.expire_time is not None:
        result["expireTime"] = format_time(sub.expire_time)
    # Roblox sends expirationDetails on active subscriptions too, with an unspecified reason.
    result["expirationDetails"] = {"reason": sub.expiration_reason or "EXPIRATION_REASON_UNSPECIFIED"}
    return result
