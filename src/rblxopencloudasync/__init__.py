"""Roblox Open Cloud SDK.

``rblxopencloudasync`` is the async API (``await``, ``async for``);
``rblxopencloud`` is its generated sync twin with the same names.

Names are imported lazily on first access, so ``import rblxopencloud`` stays
cheap and loads only the API areas a program touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._shared.version import __version__ as __version__

if TYPE_CHECKING:  # "X as X": explicit re-exports for type checkers
    from ._operation import Operation as Operation
    from ._paginator import AsyncPaginator as AsyncPaginator
    from ._shared.apikey import (
        ApiKeyInfo as ApiKeyInfo,
        ApiKeyScope as ApiKeyScope,
        MissingScopes as MissingScopes,
    )
    from ._shared.configs import (
        CreatorConfig as CreatorConfig,
        CreatorConfigDeploymentStrategy as CreatorConfigDeploymentStrategy,
        CreatorConfigEntry as CreatorConfigEntry,
    )
    from ._shared.creator import (
        AssetPermissionResult as AssetPermissionResult,
        AssetQuota as AssetQuota,
        AssetType as AssetType,
        AssetVersion as AssetVersion,
        ModerationStatus as ModerationStatus,
        Money as Money,
        ProductRestriction as ProductRestriction,
    )
    from ._shared.datastore import (
        DataStoreState as DataStoreState,
        EntryInfo as EntryInfo,
        EntryVersion as EntryVersion,
        ListedEntry as ListedEntry,
        SortedEntry as SortedEntry,
    )
    from ._shared.exceptions import (
        BaseException as BaseException,
        Conflict as Conflict,
        Forbidden as Forbidden,
        HttpException as HttpException,
        InvalidCode as InvalidCode,
        InvalidFile as InvalidFile,
        InvalidIdToken as InvalidIdToken,
        ModeratedText as ModeratedText,
        NetworkError as NetworkError,
        NotFound as NotFound,
        OperationTimeout as OperationTimeout,
        OutcomeUnknown as OutcomeUnknown,
        PreconditionFailed as PreconditionFailed,
        RateLimited as RateLimited,
        RequestTimeout as RequestTimeout,
        ServerError as ServerError,
        UnexpectedResponse as UnexpectedResponse,
        UnhandledEventType as UnhandledEventType,
        UnknownEventType as UnknownEventType,
    )
    from ._shared.experience import (
        ExperienceAgeRating as ExperienceAgeRating,
        ExperienceSocialLink as ExperienceSocialLink,
    )
    from ._shared.group import (
        GroupRole as GroupRole,
        GroupRolePermissions as GroupRolePermissions,
        GroupShout as GroupShout,
    )
    from ._shared.inventory import (
        InventoryAsset as InventoryAsset,
        InventoryAssetType as InventoryAssetType,
        InventoryBadge as InventoryBadge,
        InventoryGamePass as InventoryGamePass,
        InventoryItem as InventoryItem,
        InventoryItemState as InventoryItemState,
        InventoryPrivateServer as InventoryPrivateServer,
    )
    from ._shared.memorystore import SortedMapEntry as SortedMapEntry
    from ._shared.oauth2 import AccessTokenInfo as AccessTokenInfo, Resources as Resources
    from ._shared.subscription import (
        PaymentProvider as PaymentProvider,
        Platform as Platform,
        Subscription as Subscription,
        SubscriptionExpirationReason as SubscriptionExpirationReason,
        SubscriptionState as SubscriptionState,
    )
    from ._shared.user import (
        UserExperienceFollowing as UserExperienceFollowing,
        UserSocialLinks as UserSocialLinks,
        UserVisibility as UserVisibility,
    )
    from ._shared.webhook import (
        Notification as Notification,
        RightToErasureRequestNotification as RightToErasureRequestNotification,
        TestNotification as TestNotification,
    )
    from .apikey import ApiKey as ApiKey
    from .bans import UserRestriction as UserRestriction
    from .creator import Asset as Asset, Creator as Creator, CreatorStoreProduct as CreatorStoreProduct
    from .datastore import DataStore as DataStore, OrderedDataStore as OrderedDataStore
    from .experience import Experience as Experience
    from .group import Group as Group
    from .memorystore import MemoryStoreQueue as MemoryStoreQueue, SortedMap as SortedMap
    from .monetization import Badge as Badge, DeveloperProduct as DeveloperProduct, GamePass as GamePass
    from .oauth2 import (
        AccessToken as AccessToken,
        OAuth2App as OAuth2App,
        PartialAccessToken as PartialAccessToken,
    )
    from .place import Place as Place
    from .secret import Secret as Secret
    from .user import GroupJoinRequest as GroupJoinRequest, GroupMember as GroupMember, User as User
    from .webhook import Webhook as Webhook

# public name -> module (relative to this package) that defines it
_LAZY: dict[str, str] = {
    "Experience": ".experience",
    "DataStore": ".datastore",
    "OrderedDataStore": ".datastore",
    "DataStoreState": "._shared.datastore",
    "EntryInfo": "._shared.datastore",
    "EntryVersion": "._shared.datastore",
    "ListedEntry": "._shared.datastore",
    "SortedEntry": "._shared.datastore",
    "Operation": "._operation",
    # the experience and place areas
    "Place": ".place",
    "Creator": ".creator",
    "User": ".user",
    "Group": ".group",
    "GroupMember": ".user",
    "GroupJoinRequest": ".user",
    "GroupRole": "._shared.group",
    "GroupRolePermissions": "._shared.group",
    "GroupShout": "._shared.group",
    "UserExperienceFollowing": "._shared.user",
    "UserSocialLinks": "._shared.user",
    "UserVisibility": "._shared.user",
    "Asset": ".creator",
    "AssetType": "._shared.creator",
    "ModerationStatus": "._shared.creator",
    "AssetVersion": "._shared.creator",
    "CreatorStoreProduct": ".creator",
    "Money": "._shared.creator",
    "ProductRestriction": "._shared.creator",
    "AssetQuota": "._shared.creator",
    "AssetPermissionResult": "._shared.creator",
    "ExperienceAgeRating": "._shared.experience",
    "ExperienceSocialLink": "._shared.experience",
    "SortedMap": ".memorystore",
    "MemoryStoreQueue": ".memorystore",
    "SortedMapEntry": "._shared.memorystore",
    "Subscription": "._shared.subscription",
    "SubscriptionState": "._shared.subscription",
    "SubscriptionExpirationReason": "._shared.subscription",
    "PaymentProvider": "._shared.subscription",
    "Platform": "._shared.subscription",
    "UserRestriction": ".bans",
    "Secret": ".secret",
    "DeveloperProduct": ".monetization",
    "GamePass": ".monetization",
    "Badge": ".monetization",
    "CreatorConfig": "._shared.configs",
    "CreatorConfigEntry": "._shared.configs",
    "CreatorConfigDeploymentStrategy": "._shared.configs",
    "AsyncPaginator": "._paginator",
    "ApiKey": ".apikey",
    "ApiKeyInfo": "._shared.apikey",
    "ApiKeyScope": "._shared.apikey",
    "MissingScopes": "._shared.apikey",
    # OAuth2 apps
    "OAuth2App": ".oauth2",
    "PartialAccessToken": ".oauth2",
    "AccessToken": ".oauth2",
    "AccessTokenInfo": "._shared.oauth2",
    "Resources": "._shared.oauth2",
    "Webhook": ".webhook",
    "Notification": "._shared.webhook",
    "TestNotification": "._shared.webhook",
    "RightToErasureRequestNotification": "._shared.webhook",
    **dict.fromkeys(
        [
            "InventoryItem",
            "InventoryAsset",
            "InventoryBadge",
            "InventoryGamePass",
            "InventoryPrivateServer",
            "InventoryAssetType",
            "InventoryItemState",
        ],
        "._shared.inventory",
    ),
    **dict.fromkeys(
        [
            "BaseException",
            "Conflict",
            "Forbidden",
            "HttpException",
            "InvalidCode",
            "InvalidFile",
            "InvalidIdToken",
            "ModeratedText",
            "NetworkError",
            "NotFound",
            "OperationTimeout",
            "OutcomeUnknown",
            "PreconditionFailed",
            "RateLimited",
            "RequestTimeout",
            "ServerError",
            "UnexpectedResponse",
            "UnhandledEventType",
            "UnknownEventType",
        ],
        "._shared.exceptions",
    ),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
