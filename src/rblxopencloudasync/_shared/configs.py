"""Creator config (experience config) models and enums: pure data, the same objects in both twins."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True, repr=False)
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

    # Compared by value; not hashable, as the value may be a dict.
    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_wire(cls, key: str, data: Any) -> CreatorConfigEntry:
        """Read the ``ConfigValueFull`` or ``ConfigDraftEntry`` body of ``key``."""
        if not isinstance(data, dict):
            # Tolerate a bare value (the values-only shape) rather than fail.
            return cls(key=key, value=data)
        return cls(
            key=key,
            # Any JSON value; null (or absent) in a draft stages the key's deletion.
            value=data.get("value"),
            description=opt_str(data, "description"),
            updated_at=opt_time(data, "lastModifiedTime"),
            accessed_at=opt_time(data, "lastAccessedTime"),
        )

    def __repr__(self) -> str:
        return model_repr(self, key=self.key, value=self.value)


# Not slotted: slots would drop the `__dict__` method, a public name of the peer SDK.
@dataclass(frozen=True, eq=False, repr=False)
class CreatorConfig(Mapping[str, Any]):
    """Represents the creator configuration for an experience on Roblox.

    It is a read-only mapping of each key to its value, so ``config["key"]``,
    ``config.get("key", "default")``, ``"key" in config``, ``len(config)``,
    ``config.items()`` and ``dict(config)`` all work, and it compares equal to
    a dict of the same keys and values. ``json.dumps(dict(config))`` gives its
    JSON. The metadata of each key is in `full_config`. To change the
    configuration on Roblox, pass new values to ``update_draft_config``.

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

    full_config: dict[str, CreatorConfigEntry] = field(default_factory=dict)
    version_number: int | None = None
    draft_hash: str | None = None

    def __post_init__(self) -> None:
        # A copy, so later changes to the caller's dict do not show through.
        object.__setattr__(self, "full_config", dict(self.full_config or {}))

    @classmethod
    def from_wire(cls, data: Any) -> CreatorConfig:
        """Read a ``ConfigRepositoryFull`` body (``GET …/full``, the published
        configuration: its version is in ``metadata``) or a ``ConfigRepositoryDraft``
        body (``GET …/draft``: it carries the ``draftHash``)."""
        data = as_object(data)
        metadata = opt_object(data, "metadata")
        raw = opt_object(data, "entries") or {}
        return cls(
            {key: CreatorConfigEntry.from_wire(key, entry) for key, entry in raw.items()},
            version_number=opt_int(metadata, "configVersion") if metadata is not None else None,
            draft_hash=opt_str(data, "draftHash"),
        )

    def __getitem__(self, key: str) -> Any:
        return self.full_config[key].value

    def __iter__(self) -> Iterator[str]:
        return iter(self.full_config)

    def __len__(self) -> int:
        return len(self.full_config)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CreatorConfig):
            return (
                dict(self) == dict(other)
                and self.version_number == other.version_number
                and self.draft_hash == other.draft_hash
            )
        # Any other mapping (a plain dict) is compared by keys and values only.
        return super().__eq__(other)

    def __repr__(self) -> str:
        return model_repr(
            self, keys=len(self), version_number=self.version_number, draft_hash=self.draft_hash
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Explicit: copy and pickle would otherwise read the `__dict__` method as the state.
        return (type(self), (self.full_config, self.version_number, self.draft_hash))

    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]  # the peer SDK's public name
        """A key-value dictionary of the configuration keys and their current values."""
        return dict(self)


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
