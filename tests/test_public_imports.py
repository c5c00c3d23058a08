"""Every public import of the previous module layout keeps working.

The tables below are the compatibility promise. They were computed once from
commit c1590a2, the last commit of that layout, by importing both packages and listing
the ``__all__`` of every public module (no underscore in its path). A name
moving to another module must stay importable from the old one; a class that
was one object in both packages must stay so.
"""

from __future__ import annotations

import importlib

import pytest

SYNC_PACKAGE, ASYNC_PACKAGE = "rblxopencloud", "rblxopencloudasync"

# module -> its public names at c1590a2
PUBLIC_NAMES: dict[str, list[str]] = {
    "rblxopencloud": [
        "Asset",
        "AssetType",
        "Badge",
        "BaseException",
        "Conflict",
        "Creator",
        "CreatorConfig",
        "CreatorConfigDeploymentStrategy",
        "CreatorConfigEntry",
        "DataStore",
        "DataStoreState",
        "DeveloperProduct",
        "EntryInfo",
        "EntryVersion",
        "Experience",
        "ExperienceAgeRating",
        "ExperienceSocialLink",
        "Forbidden",
        "GamePass",
        "Group",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
        "ListedEntry",
        "MemoryStoreQueue",
        "ModeratedText",
        "ModerationStatus",
        "NetworkError",
        "NotFound",
        "Operation",
        "OperationTimeout",
        "OrderedDataStore",
        "OutcomeUnknown",
        "Paginator",
        "PaymentProvider",
        "Place",
        "Platform",
        "PreconditionFailed",
        "RateLimited",
        "RequestTimeout",
        "Secret",
        "ServerError",
        "SortedEntry",
        "SortedMap",
        "SortedMapEntry",
        "Subscription",
        "SubscriptionExpirationReason",
        "SubscriptionState",
        "UnexpectedResponse",
        "UnhandledEventType",
        "UnknownEventType",
        "User",
        "UserRestriction",
        "__version__",
    ],
    "rblxopencloud.bans": [
        "ExperienceBansMixin",
        "PlaceBansMixin",
        "UserRestriction",
    ],
    "rblxopencloud.configs": [
        "CreatorConfigMixin",
        "MAX_ACTIVE_CONFIGS",
        "REPOSITORY",
    ],
    "rblxopencloud.creator": [
        "Asset",
        "Creator",
        "Group",
        "User",
    ],
    "rblxopencloud.datastore": [
        "DataStore",
        "OrderedDataStore",
    ],
    "rblxopencloud.emulator": [
        "Area",
        "BanArea",
        "CreatorConfigArea",
        "DEMO_API_KEY",
        "DEMO_UNIVERSE_ID",
        "DataStoreArea",
        "Emulator",
        "Fault",
        "MemoryStoreArea",
        "MessagingArea",
        "MonetizationArea",
        "PlaceArea",
        "RecordedRequest",
        "SecretArea",
    ],
    "rblxopencloud.exceptions": [
        "BaseException",
        "Conflict",
        "Forbidden",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
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
        "exception_for_status",
        "parse_error_body",
    ],
    "rblxopencloud.experience": [
        "Experience",
    ],
    "rblxopencloud.memorystore": [
        "MemoryStoreMixin",
        "MemoryStoreQueue",
        "SortedMap",
    ],
    "rblxopencloud.messaging": [
        "MessagingMixin",
        "SUPPORTED_LANGUAGE_CODES",
    ],
    "rblxopencloud.monetization": [
        "Badge",
        "DeveloperProduct",
        "GamePass",
        "MonetizationMixin",
    ],
    "rblxopencloud.place": [
        "MAX_PLACE_FILE_BYTES",
        "Place",
    ],
    "rblxopencloud.secret": [
        "MAX_SECRETS",
        "MAX_SECRET_CHARS",
        "Secret",
        "SecretsMixin",
    ],
    "rblxopencloudasync": [
        "Asset",
        "AssetType",
        "AsyncPaginator",
        "Badge",
        "BaseException",
        "Conflict",
        "Creator",
        "CreatorConfig",
        "CreatorConfigDeploymentStrategy",
        "CreatorConfigEntry",
        "DataStore",
        "DataStoreState",
        "DeveloperProduct",
        "EntryInfo",
        "EntryVersion",
        "Experience",
        "ExperienceAgeRating",
        "ExperienceSocialLink",
        "Forbidden",
        "GamePass",
        "Group",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
        "ListedEntry",
        "MemoryStoreQueue",
        "ModeratedText",
        "ModerationStatus",
        "NetworkError",
        "NotFound",
        "Operation",
        "OperationTimeout",
        "OrderedDataStore",
        "OutcomeUnknown",
        "PaymentProvider",
        "Place",
        "Platform",
        "PreconditionFailed",
        "RateLimited",
        "RequestTimeout",
        "Secret",
        "ServerError",
        "SortedEntry",
        "SortedMap",
        "SortedMapEntry",
        "Subscription",
        "SubscriptionExpirationReason",
        "SubscriptionState",
        "UnexpectedResponse",
        "UnhandledEventType",
        "UnknownEventType",
        "User",
        "UserRestriction",
        "__version__",
    ],
    "rblxopencloudasync.bans": [
        "ExperienceBansMixin",
        "PlaceBansMixin",
        "UserRestriction",
    ],
    "rblxopencloudasync.configs": [
        "CreatorConfigMixin",
        "MAX_ACTIVE_CONFIGS",
        "REPOSITORY",
    ],
    "rblxopencloudasync.creator": [
        "Asset",
        "Creator",
        "Group",
        "User",
    ],
    "rblxopencloudasync.datastore": [
        "DataStore",
        "OrderedDataStore",
    ],
    "rblxopencloudasync.emulator": [
        "Area",
        "BanArea",
        "CreatorConfigArea",
        "DEMO_API_KEY",
        "DEMO_UNIVERSE_ID",
        "DataStoreArea",
        "Emulator",
        "Fault",
        "MemoryStoreArea",
        "MessagingArea",
        "MonetizationArea",
        "PlaceArea",
        "RecordedRequest",
        "SecretArea",
    ],
    "rblxopencloudasync.exceptions": [
        "BaseException",
        "Conflict",
        "Forbidden",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
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
        "exception_for_status",
        "parse_error_body",
    ],
    "rblxopencloudasync.experience": [
        "Experience",
    ],
    "rblxopencloudasync.memorystore": [
        "MemoryStoreMixin",
        "MemoryStoreQueue",
        "SortedMap",
    ],
    "rblxopencloudasync.messaging": [
        "MessagingMixin",
        "SUPPORTED_LANGUAGE_CODES",
    ],
    "rblxopencloudasync.monetization": [
        "Badge",
        "DeveloperProduct",
        "GamePass",
        "MonetizationMixin",
    ],
    "rblxopencloudasync.place": [
        "MAX_PLACE_FILE_BYTES",
        "Place",
    ],
    "rblxopencloudasync.secret": [
        "MAX_SECRETS",
        "MAX_SECRET_CHARS",
        "Secret",
        "SecretsMixin",
    ],
}

# sync module -> classes that were the same object as in the async module of the same path
SHARED_CLASSES: dict[str, list[str]] = {
    "rblxopencloud": [
        "AssetType",
        "BaseException",
        "Conflict",
        "CreatorConfig",
        "CreatorConfigDeploymentStrategy",
        "CreatorConfigEntry",
        "DataStoreState",
        "EntryInfo",
        "EntryVersion",
        "ExperienceAgeRating",
        "ExperienceSocialLink",
        "Forbidden",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
        "ListedEntry",
        "ModeratedText",
        "ModerationStatus",
        "NetworkError",
        "NotFound",
        "OperationTimeout",
        "OutcomeUnknown",
        "PaymentProvider",
        "Platform",
        "PreconditionFailed",
        "RateLimited",
        "RequestTimeout",
        "ServerError",
        "SortedEntry",
        "SortedMapEntry",
        "Subscription",
        "SubscriptionExpirationReason",
        "SubscriptionState",
        "UnexpectedResponse",
        "UnhandledEventType",
        "UnknownEventType",
    ],
    "rblxopencloud.emulator": [
        "Area",
        "BanArea",
        "CreatorConfigArea",
        "DataStoreArea",
        "Emulator",
        "Fault",
        "MemoryStoreArea",
        "MessagingArea",
        "MonetizationArea",
        "PlaceArea",
        "RecordedRequest",
        "SecretArea",
    ],
    "rblxopencloud.exceptions": [
        "BaseException",
        "Conflict",
        "Forbidden",
        "HttpException",
        "InvalidCode",
        "InvalidFile",
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
}


@pytest.mark.parametrize(
    ("module", "name"), [(module, name) for module, names in PUBLIC_NAMES.items() for name in names]
)
def test_public_import_still_works(module: str, name: str) -> None:
    imported = importlib.import_module(module)
    assert hasattr(imported, name), f"from {module} import {name} fails"
    offered = getattr(imported, "__all__", None)
    if offered is not None:  # from module import * still brings it
        assert name in offered, f"{name} left {module}.__all__"


@pytest.mark.parametrize(
    ("module", "name"), [(module, name) for module, names in SHARED_CLASSES.items() for name in names]
)
def test_shared_class_is_still_shared(module: str, name: str) -> None:
    sync = getattr(importlib.import_module(module), name)
    async_ = getattr(importlib.import_module(ASYNC_PACKAGE + module[len(SYNC_PACKAGE) :]), name)
    assert sync is async_, f"{module}.{name} is no longer the async package's class"


# Module paths rblx-open-cloud 2.x documents for its classes (its reference names
# e.g. rblxopencloud.datastore.EntryInfo as get_entry's return type), which
# programs moving over import from; those the package has, in both packages.
SEED_PATHS = [
    ("rblxopencloud.creator", "Asset"),
    ("rblxopencloud.creator", "AssetType"),
    ("rblxopencloud.datastore", "DataStore"),
    ("rblxopencloud.datastore", "EntryInfo"),
    ("rblxopencloud.datastore", "EntryVersion"),
    ("rblxopencloud.datastore", "ListedEntry"),
    ("rblxopencloud.datastore", "OrderedDataStore"),
    ("rblxopencloud.datastore", "SortedEntry"),
    ("rblxopencloud.experience", "Experience"),
    ("rblxopencloud.experience", "ExperienceSocialLink"),
    ("rblxopencloud.memorystore", "MemoryStoreQueue"),
    ("rblxopencloud.memorystore", "SortedMap"),
    ("rblxopencloud.memorystore", "SortedMapEntry"),
    ("rblxopencloud.place", "Place"),
    ("rblxopencloud.webhook", "Webhook"),
    ("rblxopencloud.webhook", "Notification"),
    ("rblxopencloud.webhook", "TestNotification"),
    ("rblxopencloud.webhook", "RightToErasureRequestNotification"),
]


@pytest.mark.parametrize("package", [SYNC_PACKAGE, ASYNC_PACKAGE])
@pytest.mark.parametrize(("module", "name"), SEED_PATHS)
def test_seed_module_path_works(package: str, module: str, name: str) -> None:
    imported = importlib.import_module(package + module[len(SYNC_PACKAGE) :])
    assert getattr(imported, name) is getattr(importlib.import_module(package), name)
