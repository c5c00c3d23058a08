"""API key introspection: what a key may do, as pure data shared by both twins.

``POST /api-keys/v1/introspect`` (the request body is ``{"apiKey": ...}``, no
auth header) answers with the key's name, the user it acts as, whether it is
enabled or expired, when it expires, and its scopes: each scope is a name
(``universe-datastores.objects``) with operations (``read``, ``create``, ...)
and the resources they cover (``universeIds``, ``userIds``, ``groupIds``,
``universeDatastores``; ``"*"`` means every resource of that kind).

`ApiKeyInfo` reads that answer; `ApiKeyInfo.missing_scopes` and
`ApiKeyInfo.require` let a tool check at start-up that its key can do what it
needs, naming any scope that is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Union

from . import exceptions
from .fields import ResponseShapeError, as_object, opt_bool, opt_int, opt_list, opt_str, opt_time
from .reprs import model_repr

__all__ = ["ApiKeyInfo", "ApiKeyScope", "MissingScopes", "ScopeRequirement", "parse_requirement"]

ScopeRequirement = Union[str, Iterable[str], Mapping[str, Union[str, Iterable[str]]]]
"""The scopes a program needs: ``"universe-datastores.objects:read"``, an iterable of
such strings, or a mapping of scope name to operations
(``{"universe-datastores.objects": ["read", "create"]}``)."""

_ALL = "*"


def _ids(value: Any, what: str) -> tuple[tuple[int, ...], bool]:
    """The numeric ids of a resource list, and whether it holds ``"*"`` (every resource)."""
    if value is None:
        return (), False
    if not isinstance(value, list):
        raise ResponseShapeError(f"field {what!r} is not an array")
    ids: list[int] = []
    every = False
    for item in value:
        if item == _ALL:
            every = True
        elif isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        elif isinstance(item, str) and item.isascii() and item.isdigit():
            ids.append(int(item))
        else:
            raise ResponseShapeError(f"field {what!r} holds a value that is not an id: {str(item)[:40]!r}")
    return tuple(ids), every


@dataclass(frozen=True, slots=True, repr=False)
class ApiKeyScope:
    """One scope of an API key: a name, its operations and the resources they cover.

    A resource kind the scope does not list does not restrict it: a scope
    listing only ``universe_ids`` covers any user or group.

    Attributes:
        name: The scope's name, e.g. ``"universe-datastores.objects"``.
        operations: Its operations, e.g. ``("read", "create")``.
        universe_ids: The experiences (universes) it covers, if it lists them.
        user_ids: The users it covers, if it lists them.
        group_ids: The groups it covers, if it lists them.
        datastores: The ``(universe_id, data_store_name)`` pairs it covers, if it
            lists them (``"*"`` as the name: every data store of that universe).
        all_universes: Whether it covers every experience (``"*"``).
        all_users: Whether it covers every user (``"*"``).
        all_groups: Whether it covers every group (``"*"``).
    """

    name: str
    operations: tuple[str, ...]
    universe_ids: tuple[int, ...] = ()
    user_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    datastores: tuple[tuple[int, str], ...] = ()
    all_universes: bool = False
    all_users: bool = False
    all_groups: bool = False

    @classmethod
    def from_wire(cls, data: Any) -> ApiKeyScope:
        """Read one entry of the introspection answer's ``scopes``."""
        data = as_object(data, "a scope")
        operations = opt_list(data, "operations")
        if not all(isinstance(op, str) for op in operations):
            raise ResponseShapeError("field 'operations' holds a value that is not a string")
        universe_ids, all_universes = _ids(data.get("universeIds"), "universeIds")
        user_ids, all_users = _ids(data.get("userIds"), "userIds")
        group_ids, all_groups = _ids(data.get("groupIds"), "groupIds")
        datastores: list[tuple[int, str]] = []
        for item in opt_list(data, "universeDatastores"):
            entry = as_object(item, "a universeDatastores entry")
            raw_universe = entry.get("universeId")
            if raw_universe == _ALL:
                all_universes = True
                continue
            universe = opt_int(entry, "universeId")
            if universe is None:
                raise ResponseShapeError("a universeDatastores entry has no universeId")
            datastores.append((universe, opt_str(entry, "datastoreName") or _ALL))
        return cls(
            name=opt_str(data, "name") or "",
            operations=tuple(operations),
            universe_ids=universe_ids,
            user_ids=user_ids,
            group_ids=group_ids,
            datastores=tuple(datastores),
            all_universes=all_universes,
            all_users=all_users,
            all_groups=all_groups,
        )

    @property
    def scopes(self) -> tuple[str, ...]:
        """The full scope strings, ``"name:operation"`` for each operation."""
        return tuple(f"{self.name}:{op}" for op in self.operations)

    def covers(
        self,
        *,
        universe_id: int | None = None,
        user_id: int | None = None,
        group_id: int | None = None,
        datastore: str | None = None,
    ) -> bool:
        """Whether the scope's resources include the given ones (``None``: not asked)."""
        if universe_id is not None and not self.all_universes and (self.universe_ids or self.datastores):
            in_universes = universe_id in self.universe_ids
            in_stores = any(
                u == universe_id and (datastore is None or name in (_ALL, datastore))
                for u, name in self.datastores
            )
            if not (in_universes or in_stores):
                return False
        if user_id is not None and not self.all_users and self.user_ids and user_id not in self.user_ids:
            return False
        return group_id is None or self.all_groups or not self.group_ids or group_id in self.group_ids

    def __repr__(self) -> str:
        return model_repr(self, name=self.name, operations=self.operations)


def parse_requirement(required: ScopeRequirement) -> list[str]:
    """The ``"name:operation"`` strings of a `ScopeRequirement`, checked, in order, once each."""
    scopes: list[str] = []
    if isinstance(required, str):
        items: Iterable[str] = [required]
    elif isinstance(required, Mapping):
        items = []
        for name, operations in required.items():
            if not isinstance(name, str) or not name or ":" in name:
                raise ValueError(f"a scope name must be a non-empty str without ':', got {name!r}")
            if isinstance(operations, str):
                operations = [operations]
            ops = list(operations)
            if not ops:
                raise ValueError(f"scope {name!r} needs at least one operation, e.g. ['read']")
            items.extend(f"{name}:{op}" if isinstance(op, str) else op for op in ops)
    elif isinstance(required, Iterable):
        items = required
    else:
        raise TypeError(
            "required scopes must be a str, an iterable of str or a mapping of name to operations, "
            f"got {type(required).__name__}"
        )
    for scope in items:
        if not isinstance(scope, str):
            raise TypeError(
                f"a scope must be a str such as 'universe-datastores.objects:read', got {scope!r}"
            )
        name, colon, operation = scope.rpartition(":")
        if not colon or not name or not operation:
            raise ValueError(f"a scope is written 'name:operation' (e.g. 'universe:write'), got {scope!r}")
        if scope not in scopes:
            scopes.append(scope)
    if not scopes:
        raise ValueError("no scope was given")
    return scopes


class MissingScopes(exceptions.BaseException):
    """An API key cannot do what the program needs (`ApiKeyInfo.require`).

    The message names the key (by its name, never its value) and each missing
    scope; a disabled or expired key misses every scope asked for.

    Attributes:
        key_name: The key's name.
        missing: The missing ``"name:operation"`` scopes.
        reason: ``"disabled"``, ``"expired"`` or ``"missing scopes"``.
    """

    def __init__(self, key_name: str, missing: tuple[str, ...], reason: str, resources: str = "") -> None:
        self.key_name = key_name
        self.missing = missing
        self.reason = reason
        if reason == "missing scopes":
            text = f"API key {key_name!r} lacks {', '.join(missing)}{resources}"
        else:
            text = f"API key {key_name!r} is {reason}: it cannot use {', '.join(missing)}"
        super().__init__(text)


@dataclass(frozen=True, slots=True, repr=False)
class ApiKeyInfo:
    """What an API key is and may do, from ``ApiKey.introspect()``.

    Attributes:
        name: The key's name on the Creator Dashboard.
        authorized_user_id: The ID of the user the key acts as (``authorizedUserId``),
            if Roblox said.
        scopes: The key's scopes (`ApiKeyScope`).
        enabled: Whether the key is enabled.
        expired: Whether the key has expired.
        expires_at: When the key expires, if it has an expiry time.
    """

    name: str
    authorized_user_id: int | None
    scopes: tuple[ApiKeyScope, ...]
    enabled: bool
    expired: bool
    expires_at: datetime | None

    @classmethod
    def from_wire(cls, data: Any) -> ApiKeyInfo:
        """Read the introspection answer."""
        data = as_object(data)
        return cls(
            name=opt_str(data, "name") or "",
            authorized_user_id=opt_int(data, "authorizedUserId"),
            scopes=tuple(ApiKeyScope.from_wire(item) for item in opt_list(data, "scopes")),
            enabled=opt_bool(data, "enabled") is True,
            expired=opt_bool(data, "expired") is True,
            expires_at=opt_time(data, "expirationTimeUtc"),
        )

    @property
    def usable(self) -> bool:
        """Whether the key can be used at all: enabled and not expired."""
        return self.enabled and not self.expired

    @property
    def scope_names(self) -> frozenset[str]:
        """Every ``"name:operation"`` scope the key holds, whatever resources they cover."""
        return frozenset(scope for entry in self.scopes for scope in entry.scopes)

    def has_scope(
        self,
        scope: str,
        *,
        universe_id: int | None = None,
        user_id: int | None = None,
        group_id: int | None = None,
        datastore: str | None = None,
    ) -> bool:
        """Whether the key holds ``scope`` (``"name:operation"``) for the given resources.

        Only the scopes are looked at; see `usable` for the key's state.
        """
        name, _, operation = parse_requirement(scope)[0].rpartition(":")
        return any(
            entry.name == name
            and operation in entry.operations
            and entry.covers(universe_id=universe_id, user_id=user_id, group_id=group_id, datastore=datastore)
            for entry in self.scopes
        )

    def missing_scopes(
        self,
        required: ScopeRequirement,
        *,
        universe_id: int | None = None,
        user_id: int | None = None,
        group_id: int | None = None,
        datastore: str | None = None,
    ) -> list[str]:
        """The scopes of ``required`` the key cannot use for the given resources; empty when it can.

        Example: ``info.missing_scopes({"universe-datastores.objects": ["read", "create"]},
        universe_id=13058)``. A disabled or expired key misses every scope.

        Raises:
            TypeError, ValueError: ``required`` is not a scope requirement.
        """
        needed = parse_requirement(required)
        if not self.usable:
            return needed
        return [
            scope
            for scope in needed
            if not self.has_scope(
                scope, universe_id=universe_id, user_id=user_id, group_id=group_id, datastore=datastore
            )
        ]

    def require(
        self,
        required: ScopeRequirement,
        *,
        universe_id: int | None = None,
        user_id: int | None = None,
        group_id: int | None = None,
        datastore: str | None = None,
    ) -> None:
        """Raise `MissingScopes` naming each scope of ``required`` the key cannot use.

        For a tool's start-up check:
        ``(await api_key.introspect()).require(["universe-datastores.objects:read"], universe_id=u)``.
        """
        missing = self.missing_scopes(
            required, universe_id=universe_id, user_id=user_id, group_id=group_id, datastore=datastore
        )
        if not missing:
            return
        reason = "disabled" if not self.enabled else "expired" if self.expired else "missing scopes"
        asked = [
            f"{what} {value}"
            for what, value in (
                ("universe", universe_id),
                ("user", user_id),
                ("group", group_id),
                ("data store", datastore),
            )
            if value is not None
        ]
        resources = f" (for {', '.join(asked)})" if asked else ""
        raise MissingScopes(self.name, tuple(missing), reason, resources)

    def __repr__(self) -> str:
        return model_repr(self, name=self.name, enabled=self.enabled, expired=self.expired)
