"""Subscription model and enums: pure data, the same objects in both twins.

The wire enums of the cloud v2 ``Subscription`` resource are mapped to the
SDK's enums as follows (wire values not listed map to ``Unknown``):

| wire value | SDK member |
|---|---|
| ``SUBSCRIBED_WILL_RENEW`` | `SubscriptionState.Active` |
| ``SUBSCRIBED_WILL_NOT_RENEW`` | `SubscriptionState.PendingCancelation` |
| ``SUBSCRIBED_RENEWAL_PAYMENT_PENDING`` | `SubscriptionState.PendingRenewal` |
| ``EXPIRED`` | `SubscriptionState.Expired` |
| ``SUBSCRIBER_CANCELLED`` | `SubscriptionExpirationReason.Cancelled` |
| ``SUBSCRIBER_REFUNDED`` | `SubscriptionExpirationReason.Refunded` |
| ``LAPSED`` | `SubscriptionExpirationReason.Lapsed` |
| ``PRODUCT_INACTIVE`` | `SubscriptionExpirationReason.ProductInactive` |
| ``PRODUCT_DELETED`` | `SubscriptionExpirationReason.ProductDeleted` |
| ``EXPIRATION_REASON_UNSPECIFIED`` | ``None`` (what active subscriptions carry) |
| ``ROBLOX_CREDIT`` / ``STRIPE`` / ``GOOGLE`` / ``APPLE`` | the `PaymentProvider` member of that name |
| ``ROBUX`` | `PaymentProvider.Unknown` (the public enum has no Robux member) |
| ``DESKTOP`` / ``MOBILE`` | `Platform.Desktop` / `Platform.Mobile` |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .fields import (
    ResponseShapeError,
    as_object,
    opt_bool,
    opt_object,
    opt_path_id,
    opt_str,
    opt_time,
    req_path_id,
    req_str,
    req_time,
)
from .reprs import model_repr

__all__ = [
    "PaymentProvider",
    "Platform",
    "Subscription",
    "SubscriptionExpirationReason",
    "SubscriptionState",
]


class SubscriptionState(Enum):
    """The current state of a `Subscription`.

    Attributes:
        Unknown: The state is unknown or unspecified.
        Active: The subscription is active and set to renew.
        PendingCancelation: The subscription is active but will not renew.
        PendingRenewal: The subscription is in its grace period, pending payment confirmation.
        Expired: The subscription has expired.
    """

    Unknown = 0
    Active = 1
    PendingCancelation = 2
    PendingRenewal = 3
    Expired = 4


class SubscriptionExpirationReason(Enum):
    """Why a `Subscription` expired.

    Attributes:
        Unknown: The reason is unknown or unspecified.
        Cancelled: The subscriber cancelled the subscription.
        Refunded: The subscriber asked for a refund.
        Lapsed: Payment was not received when the subscription was due to renew.
        ProductInactive: The subscription product was set to inactive.
        ProductDeleted: The subscription product was deleted.
    """

    Unknown = 0
    Cancelled = 1
    Refunded = 2
    Lapsed = 3
    ProductInactive = 4
    ProductDeleted = 5


class PaymentProvider(Enum):
    """A payment provider, currently used by `Subscription`.

    Attributes:
        Unknown: The provider is unknown or unspecified (also Robux, which this enum does not list).
        RobloxCredit: Roblox credit.
        Stripe: Stripe.
        Google: Google Play.
        Apple: The Apple App Store.
    """

    Unknown = 0
    RobloxCredit = 1
    Stripe = 2
    Google = 3
    Apple = 4


class Platform(Enum):
    """A platform, currently used by `Subscription`.

    Attributes:
        Unknown: The platform is unknown or unspecified.
        Desktop: The Roblox website.
        Mobile: The Roblox mobile app.
    """

    Unknown = 0
    Desktop = 1
    Mobile = 2


_STATES = {
    "SUBSCRIBED_WILL_RENEW": SubscriptionState.Active,
    "SUBSCRIBED_WILL_NOT_RENEW": SubscriptionState.PendingCancelation,
    "SUBSCRIBED_RENEWAL_PAYMENT_PENDING": SubscriptionState.PendingRenewal,
    "EXPIRED": SubscriptionState.Expired,
}
_REASONS = {
    "SUBSCRIBER_CANCELLED": SubscriptionExpirationReason.Cancelled,
    "SUBSCRIBER_REFUNDED": SubscriptionExpirationReason.Refunded,
    "LAPSED": SubscriptionExpirationReason.Lapsed,
    "PRODUCT_INACTIVE": SubscriptionExpirationReason.ProductInactive,
    "PRODUCT_DELETED": SubscriptionExpirationReason.ProductDeleted,
}
_PROVIDERS = {
    "ROBLOX_CREDIT": PaymentProvider.RobloxCredit,
    "STRIPE": PaymentProvider.Stripe,
    "GOOGLE": PaymentProvider.Google,
    "APPLE": PaymentProvider.Apple,
}
_PLATFORMS = {"DESKTOP": Platform.Desktop, "MOBILE": Platform.Mobile}


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Subscription:
    """A user's subscription to a subscription product of an experience.

    Attributes:
        user_id: The subscriber's user ID, which is also the subscription's ID.
        product_id: The ID of the subscription product.
        active: Whether the subscription is currently active (not expired).
        will_renew: Whether the subscription will renew after `period_end_at`.
        state: The subscription's current `SubscriptionState`.
        created_at: When the subscription was created (when the user subscribed).
        updated_at: When the subscription was last updated (``None`` if Roblox did not say).
        last_billed_at: When the user last paid for the subscription (``None`` if Roblox did not say).
        period_end_at: When the current billing period ends: the renewal time while the subscription
            will renew, otherwise the time it expires or expired (``None`` if Roblox sent neither).
        payment_provider: The `PaymentProvider` the user pays with.
        purchase_platform: The `Platform` the subscription was bought on.
        expiration_reason: Why the subscription expired (``None`` when it has not expired,
            or when Roblox gives no reason).
    """

    user_id: int
    product_id: str
    active: bool
    will_renew: bool
    state: SubscriptionState
    created_at: datetime
    updated_at: datetime | None
    last_billed_at: datetime | None
    period_end_at: datetime | None
    payment_provider: PaymentProvider
    purchase_platform: Platform
    expiration_reason: SubscriptionExpirationReason | None

    @classmethod
    def from_wire(cls, data: Any) -> Subscription:
        """Read a cloud v2 ``Subscription`` resource (the ``FULL`` view)."""
        data = as_object(data)
        path = req_str(data, "path")
        parts = path.split("/")
        # universes/{u}/subscription-products/{product}/subscriptions/{user}
        if len(parts) != 6 or parts[2] != "subscription-products" or not parts[3]:
            raise ResponseShapeError(f"field 'path' is not a subscription path: {path[:80]!r}")
        # Cloud v2 answers leave false booleans out.
        will_renew = opt_bool(data, "willRenew") is True
        renew = opt_time(data, "nextRenewTime")
        expire = opt_time(data, "expireTime")
        details = opt_object(data, "expirationDetails")
        reason = opt_str(details, "reason") if details is not None else None
        return cls(
            user_id=opt_path_id(data, "user") or req_path_id(data, "path"),
            product_id=parts[3],
            active=opt_bool(data, "active") is True,
            will_renew=will_renew,
            state=_STATES.get(opt_str(data, "state") or "", SubscriptionState.Unknown),
            created_at=req_time(data, "createTime"),
            updated_at=opt_time(data, "updateTime"),
            last_billed_at=opt_time(data, "lastBillingTime"),
            period_end_at=(renew or expire) if will_renew else (expire or renew),
            payment_provider=_PROVIDERS.get(opt_str(data, "paymentProvider") or "", PaymentProvider.Unknown),
            purchase_platform=_PLATFORMS.get(opt_str(data, "purchasePlatform") or "", Platform.Unknown),
            # Active subscriptions carry the reason EXPIRATION_REASON_UNSPECIFIED.
            expiration_reason=(
                None
                if reason in (None, "EXPIRATION_REASON_UNSPECIFIED")
                else _REASONS.get(reason, SubscriptionExpirationReason.Unknown)
            ),
        )

    def __repr__(self) -> str:
        return model_repr(self, product_id=self.product_id, user_id=self.user_id, state=self.state)
