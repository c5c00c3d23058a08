"""Creator config (experience config) models and enums: pure data, the same objects in both twins."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from .checks import check_int
from .fields import as_object, opt_int, opt_object, opt_str, opt_time, req_int, req_str
from .jsonbody import dump_json
from .reprs import model_repr

__all__ = [
    "MAX_ACTIVE_CONFIGS",
    "CreatorConfig",
    "CreatorConfigDeploymentStrategy",
    "CreatorConfigEntry",
    "config_version_result",
]

MAX_ACTIVE_CONFIGS = 1000
"""An experience can have at most this many active configs (Roblox's configs guide)."""


class CreatorConfigDeploymentStrategy(Enum):
    """Enum representing the deployment strategy to use when publishing a `CreatorConfig`.

    Attributes:
        Immediate: Deploy the new configuration to game servers immediately.
        GradualRollout: Deploy the new configuration to game servers over a 15 minute period.
    """

    Immediate = 0
    GradualRollout = 1

    @property
    def _wire(self) -> str:
        """The API's ``deploymentStrategy`` string for this strategy."""
        return self.name


@dataclass(eq=True, repr=False)
class CreatorConfigEntry:
    """Represents a single entry in an experience's configuration.

    Attributes:
        key: The key of this configuration entry.
        value: The value of this configuration entry (``None`` in a draft means
            the key is staged to be deleted).
        description: The description of this configuration entry, if provided.
            The description cannot be updated with Open Cloud, only on the
            Creator Dashboard.
        updated_at: The time this configuration entry was last updated.
        accessed_at: The time this configuration entry was last accessed by a game server.
    """

    key: str
    value: Any
    description: str | None = None
    updated_at: datetime | None = None
    accessed_at: datetime | None = None

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, value=self.value)

    @classmethod
    def _from_wire(cls, key: str, data: Any) -> CreatorConfigEntry:
        """Build from a ``ConfigValueFull`` or ``ConfigDraftEntry`` body."""
        if not isinstance(data, dict):
            # Tolerate a bare value (the values-only shape) rather than fail.
            return cls(key=key, value=data)
        return cls(
            key=key,
            value=data.get("value"),
            description=opt_str(data, "description"),
            updated_at=opt_time(data, "lastModifiedTime"),
            accessed_at=opt_time(data, "lastAccessedTime"),
        )


class CreatorConfig(dict[str, Any]):
    """Represents the creator configuration for an experience on Roblox.

    It is a `dict` of each key to its value, so ``config["key"]``,
    ``config.get("key", "default")``, ``json.dumps(config)`` and
    ``dict(config)`` all work; the metadata of each key is in `full_config`.
    Like any dict it can be changed locally: that changes nothing on Roblox
    until it is passed to ``update_draft_config``.

    Example:
        ```python
        config = experience.fetch_published_config()
        for key, entry in config.full_config.items():
            print(f"{key} = {entry.value!r} (last accessed {entry.accessed_at})")
        ```

    Attributes:
        version_number: The version number of this configuration (``None`` for a draft).
        full_config: A key-metadata dictionary with each config value.
        draft_hash: The hash of the draft configuration, not included if the config is published.
    """

    version_number: int | None
    full_config: dict[str, CreatorConfigEntry]
    draft_hash: str | None

    def __init__(
        self,
        entries: dict[str, CreatorConfigEntry] | None = None,
        version_number: int | None = None,
        draft_hash: str | None = None,
    ) -> None:
        full = dict(entries or {})
        super().__init__((key, entry.value) for key, entry in full.items())
        self.version_number = version_number
        self.full_config = full
        self.draft_hash = draft_hash

    def __repr__(self) -> str:
        return model_repr(
            self, keys=len(self), version_number=self.version_number, draft_hash=self.draft_hash
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CreatorConfig):
            return (
                dict.__eq__(self, other) is True
                and self.version_number == other.version_number
                and self.draft_hash == other.draft_hash
            )
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # mutable, like dict

    def __reduce__(self) -> tuple[Any, ...]:
        # Explicit, so copy/pickle keep the metadata even though `__dict__` is a method here.
        return (_rebuild, (self.full_config, self.version_number, self.draft_hash, dict(self)))

    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]  # the peer SDK's public name
        """A key-value dictionary of the configuration keys and their current values."""
        return dict(self)

    @classmethod
    def _from_full(cls, body: Any) -> CreatorConfig:
        """Build from a ``ConfigRepositoryFull`` body (``GET …/full``)."""
        data = as_object(body)
        metadata = opt_object(data, "metadata")
        return cls(
            _entries(data),
            version_number=opt_int(metadata, "configVersion") if metadata is not None else None,
        )

    @classmethod
    def _from_draft(cls, body: Any) -> CreatorConfig:
        """Build from a ``ConfigRepositoryDraft`` body (``GET …/draft``)."""
        data = as_object(body)
        return cls(_entries(data), draft_hash=opt_str(data, "draftHash"))


def _entries(body: dict[str, Any]) -> dict[str, CreatorConfigEntry]:
    raw = opt_object(body, "entries") or {}
    return {key: CreatorConfigEntry._from_wire(key, data) for key, data in raw.items()}


def _rebuild(
    full: dict[str, CreatorConfigEntry], version: int | None, draft_hash: str | None, values: dict[str, Any]
) -> CreatorConfig:
    config = CreatorConfig(full, version_number=version, draft_hash=draft_hash)
    # Keep local edits made to the dict part.
    config.clear()
    config.update(values)
    return config


def check_hash(draft_hash: Any) -> str | None:
    if draft_hash is None:
        return None
    if not isinstance(draft_hash, str):
        raise TypeError(f"draft_hash must be a str, got {type(draft_hash).__name__}")
    if not draft_hash:
        raise ValueError("draft_hash must not be empty (pass None to skip the check)")
    return draft_hash


def check_entries(entries: Any) -> dict[str, Any]:
    """Validate ``entries`` and return a plain dict copy to send."""
    if not isinstance(entries, Mapping):
        raise TypeError(f"entries must be a dict of config keys to values, got {type(entries).__name__}")
    result: dict[str, Any] = {}
    active = 0
    for key, value in entries.items():
        if not isinstance(key, str):
            raise TypeError(f"config keys must be str, got {type(key).__name__}")
        if not key:
            raise ValueError("config keys must not be empty")
        if value is None:
            result[key] = None
            continue
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"the value of config {key!r} must be a finite number, got {value!r}")
        if not isinstance(value, (str, int, float, bool, Mapping)):
            raise TypeError(
                f"the value of config {key!r} must be a str, number, bool, dict or None, "
                f"got {type(value).__name__}"
            )
        if isinstance(value, int) and not isinstance(value, bool):
            check_int(value, f"the value of config {key!r}")
        if isinstance(value, Mapping):
            value = dict(value)
            # Fail here, with the key named, rather than when the body is encoded.
            dump_json(value, f"the value of config {key!r}")
        result[key] = value
        active += 1
    if active > MAX_ACTIVE_CONFIGS:
        raise ValueError(f"an experience can have at most {MAX_ACTIVE_CONFIGS} configs, got {active}")
    return result


def read_draft_hash(body: Any) -> str:
    """The ``draftHash`` of a draft write's answer."""
    return req_str(as_object(body), "draftHash")


def config_version_result(body: Any) -> int:
    """The ``configVersion`` of a publish answer."""
    return req_int(as_object(body), "configVersion")
