"""API keys: the emulator's key registry, its introspection, and the scope each operation needs.

Keys added with ``Emulator.add_api_key`` may be limited to some scopes and
resources; the `App` asks `ApiKeyArea.check` on every authenticated request,
and a key without a scope the operation lists gets ``403``. A key that is
not in the registry (the demo key, any key when the emulator was given no
``api_keys``) has full access, as before.

Which scopes an operation needs comes from ``_scopes.json``, written by
``tools/extract_contract.py`` from the ``x-roblox-scopes`` of Roblox's
OpenAPI spec: one row per operation, ``[method, path template, [scope, ...]]``.
An operation that lists several scopes is allowed with any one of them (the
spec does not say whether all are needed, and the emulator would rather not
refuse what Roblox allows); an operation that lists none is allowed to every key.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ._area import Area, Context, Request, Route, check_fields, required_str
from ._errors import ApiError
from ._time import as_utc, format_time

__all__ = ["ApiKeyArea", "EmulatedApiKey"]

DEMO_OWNER_ID = 287113233
"""The user every emulated key acts as unless told otherwise (the demo universe's owner)."""

_SCOPE_TABLE = Path(__file__).with_name("_scopes.json")
_VARIABLE = re.compile(r"\{([^{}/]+)\}")
# A variable spans one segment and stops at ':' (custom verbs), except inside the
# '@latest:<time>' revision suffix of data store entry ids.
_VARIABLE_PATTERN = "([^/:]+(?:@latest:[^/]+)?)"
_RESOURCE_VARIABLES = {
    "universe_id": "universe",
    "universeId": "universe",
    "gameId": "universe",
    "user_id": "user",
    "userId": "user",
    "group_id": "group",
    "groupId": "group",
    "data_store_id": "datastore",
}


@dataclass(frozen=True, slots=True)
class _ScopedOperation:
    method: str
    pattern: re.Pattern[str]
    variables: tuple[str, ...]
    specificity: tuple[int, ...]
    scopes: tuple[str, ...]


class _ScopeTable:
    """The scopes of each operation, loaded on first use (only limited keys need it)."""

    def __init__(self) -> None:
        self._by_shape: dict[tuple[str, int], list[_ScopedOperation]] | None = None

    def _load(self) -> dict[tuple[str, int], list[_ScopedOperation]]:
        by_shape: dict[tuple[str, int], list[_ScopedOperation]] = {}
        for method, template, scopes in _rows():
            parts: list[str] = []
            specificity: list[int] = []
            for segment in template.split("/"):
                pieces = _VARIABLE.split(segment)  # literal, name, literal, name, ...
                parts.append(
                    "".join(re.escape(p) if i % 2 == 0 else _VARIABLE_PATTERN for i, p in enumerate(pieces))
                )
                specificity.append(2 if len(pieces) == 1 else 1 if any(pieces[::2]) else 0)
            operation = _ScopedOperation(
                method,
                re.compile("/".join(parts)),
                tuple(_VARIABLE.findall(template)),
                tuple(specificity),
                tuple(scopes),
            )
            by_shape.setdefault((method, template.count("/")), []).append(operation)
        for candidates in by_shape.values():
            candidates.sort(key=lambda op: op.specificity, reverse=True)
        return by_shape

    def lookup(self, method: str, path: str) -> tuple[tuple[str, ...], dict[str, str]] | None:
        """The scopes ``method path`` needs and its resource ids, or ``None`` if it lists none."""
        if self._by_shape is None:
            self._by_shape = self._load()
        for operation in self._by_shape.get((method, path.count("/")), ()):
            match = operation.pattern.fullmatch(path)
            if match is not None:
                resources: dict[str, str] = {}
                for name, value in zip(operation.variables, match.groups(), strict=True):
                    kind = _RESOURCE_VARIABLES.get(name)
                    if kind is not None:
                        resources[kind] = unquote(value)
                return operation.scopes, resources
        return None


SCOPE_TABLE = _ScopeTable()


@dataclass(frozen=True, slots=True)
class EmulatedApiKey:
    """A key of the emulator's registry (`Emulator.add_api_key`).

    ``scopes`` maps a scope name to its operations; ``None`` is every scope.
    ``universe_ids``, ``user_ids`` and ``group_ids`` limit the resources every
    scope covers; ``None`` is every resource of that kind.
    """

    name: str
    owner_id: int
    scopes: Mapping[str, frozenset[str]] | None
    universe_ids: frozenset[int] | None
    user_ids: frozenset[int] | None
    group_ids: frozenset[int] | None
    enabled: bool
    expires_at: datetime | None

    def expired(self, now: datetime) -> bool:
        """Whether the key has expired at ``now``."""
        return self.expires_at is not None and now >= self.expires_at

    @property
    def limited(self) -> bool:
        """Whether the key lacks some scope or resource."""
        return self.scopes is not None or any(
            ids is not None for ids in (self.universe_ids, self.user_ids, self.group_ids)
        )

    def allows(self, scope: str, resources: Mapping[str, str]) -> bool:
        """Whether the key holds ``scope`` (``name:operation``) for ``resources``."""
        if self.scopes is not None:
            name, _, operation = scope.rpartition(":")
            if operation not in self.scopes.get(name, ()):
                return False
        for kind, ids in (
            ("universe", self.universe_ids),
            ("user", self.user_ids),
            ("group", self.group_ids),
        ):
            value = resources.get(kind)
            if ids is not None and value is not None and not (value.isdigit() and int(value) in ids):
                return False
        return True


def _ids(values: Iterable[int] | None, what: str) -> frozenset[int] | None:
    if values is None:
        return None
    ids = frozenset(values)
    if not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise ValueError(f"{what} must be positive ints")
    return ids


def _scope_map(
    scopes: Mapping[str, Iterable[str]] | Iterable[str] | None,
) -> dict[str, frozenset[str]] | None:
    if scopes is None:
        return None
    result: dict[str, set[str]] = {}
    if isinstance(scopes, Mapping):
        for name, operations in scopes.items():
            ops = [operations] if isinstance(operations, str) else list(operations)
            if not isinstance(name, str) or not name or ":" in name or not ops:
                raise ValueError(f"scope {name!r}: a name without ':' and at least one operation")
            result.setdefault(name, set()).update(ops)
    else:
        if isinstance(scopes, str):
            scopes = [scopes]
        for scope in scopes:
            name, colon, operation = scope.rpartition(":")
            if not colon or not name or not operation:
                raise ValueError(f"a scope is written 'name:operation', got {scope!r}")
            result.setdefault(name, set()).add(operation)
    return {name: frozenset(ops) for name, ops in result.items()}


class ApiKeyArea(Area):
    """The key registry and ``POST /api-keys/v1/introspect``.

    The registry outlives ``Emulator.reset()``: keys are configuration, like
    the emulator's ``api_keys``.
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._keys: dict[str, EmulatedApiKey] = {}
        self.accepted: frozenset[str] | None = None
        """Keys accepted outside the registry with full access (``None``: any key); set by the `App`."""

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "POST", ["api-keys", "v1", "introspect"]:
                # The key travels in the body; the request carries no credentials.
                return Route(self.introspect, needs_body=True, auth=False)
        return None

    # -- the registry ------------------------------------------------------------

    def add_key(
        self,
        key: str,
        *,
        name: str,
        scopes: Mapping[str, Iterable[str]] | Iterable[str] | None,
        universe_ids: Iterable[int] | None,
        user_ids: Iterable[int] | None,
        group_ids: Iterable[int] | None,
        owner_id: int,
        enabled: bool,
        expires_at: datetime | None,
    ) -> EmulatedApiKey:
        """Register (or replace) ``key``; see `Emulator.add_api_key`."""
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty str")
        entry = EmulatedApiKey(
            name=name,
            owner_id=owner_id,
            scopes=_scope_map(scopes),
            universe_ids=_ids(universe_ids, "universe_ids"),
            user_ids=_ids(user_ids, "user_ids"),
            group_ids=_ids(group_ids, "group_ids"),
            enabled=enabled,
            expires_at=None if expires_at is None else as_utc(expires_at),
        )
        with self._context.lock:
            self._keys[key] = entry
        return entry

    def remove_key(self, key: str) -> None:
        """Forget ``key`` (``KeyError`` if it was never added)."""
        with self._context.lock:
            del self._keys[key]

    def describe_credential(self, credential: str) -> int | None:
        """The owner of a registered key; any other accepted credential acts as `DEMO_OWNER_ID`."""
        key = self._keys.get(credential)
        if key is not None:
            return key.owner_id
        return DEMO_OWNER_ID if credential else None

    def check(self, credential: str, method: str, path: str) -> None:
        """Refuse ``credential`` for ``method path`` with 401 or 403, as Roblox's gateway does."""
        key = self._keys.get(credential)
        if key is None:
            if not credential or (self.accepted is not None and credential not in self.accepted):
                raise ApiError("UNAUTHENTICATED", "Invalid API Key", status=401, gateway=True)
            return
        if not key.enabled or key.expired(self._context.now()):
            raise ApiError("UNAUTHENTICATED", "Invalid API Key", status=401, gateway=True)
        if not key.limited:
            return
        needed = SCOPE_TABLE.lookup(method, path)
        if needed is None:
            return
        scopes, resources = needed
        if not any(key.allows(scope, resources) for scope in scopes):
            on = ", ".join(f"{kind} {value}" for kind, value in resources.items() if kind != "datastore")
            raise ApiError(
                "PERMISSION_DENIED",
                f"The API key '{key.name}' lacks {' or '.join(scopes)}" + (f" for {on}" if on else "") + ".",
                status=403,
                gateway=True,
            )

    # -- handlers ------------------------------------------------------------------

    def introspect(self, request: Request) -> Any:
        """``POST /api-keys/v1/introspect`` ``{"apiKey"}`` -> the key's name, owner, scopes and state."""
        check_fields(request.payload, frozenset({"apiKey"}))
        credential = required_str(request.payload, "apiKey")
        key = self._keys.get(credential)
        if key is None:
            if self.accepted is not None and credential not in self.accepted:
                raise ApiError("UNAUTHENTICATED", "Invalid API Key", status=401, gateway=True)
            return self._describe_full_access()
        answer: dict[str, Any] = {
            "name": key.name,
            "authorizedUserId": key.owner_id,
            "scopes": [
                self._scope(name, sorted(ops), key) for name, ops in sorted(self._grants(key).items())
            ],
            "enabled": key.enabled,
            "expired": key.expired(self._context.now()),
        }
        if key.expires_at is not None:
            answer["expirationTimeUtc"] = format_time(key.expires_at)
        return answer

    @staticmethod
    def _grants(key: EmulatedApiKey) -> Mapping[str, frozenset[str]]:
        return key.scopes if key.scopes is not None else _every_scope()

    @staticmethod
    def _scope(name: str, operations: list[str], key: EmulatedApiKey | None) -> dict[str, Any]:
        def ids(values: frozenset[int] | None) -> list[str]:
            return ["*"] if values is None else [str(i) for i in sorted(values)]

        return {
            "name": name,
            "operations": operations,
            "universeIds": ids(key.universe_ids if key else None),
            "userIds": ids(key.user_ids if key else None),
            "groupIds": ids(key.group_ids if key else None),
        }

    def _describe_full_access(self) -> dict[str, Any]:
        return {
            "name": "Emulator key",
            "authorizedUserId": DEMO_OWNER_ID,
            "scopes": [self._scope(name, sorted(ops), None) for name, ops in sorted(_every_scope().items())],
            "enabled": True,
            "expired": False,
        }


@functools.cache
def _rows() -> list[list[Any]]:
    """The rows of ``_scopes.json``: ``[method, path template, [scope, ...]]``."""
    rows: list[list[Any]] = json.loads(_SCOPE_TABLE.read_text(encoding="utf-8"))["operations"]
    return rows


@functools.cache
def _every_scope() -> Mapping[str, frozenset[str]]:
    """Every scope the scope table names, as name -> operations."""
    grants: dict[str, set[str]] = {}
    for _method, _template, scopes in _rows():
        for scope in scopes:
            name, _, operation = scope.rpartition(":")
            grants.setdefault(name, set()).add(operation)
    return {name: frozenset(ops) for name, ops in grants.items()}
