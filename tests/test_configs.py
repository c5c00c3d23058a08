"""Creator configs on `Experience`: published config, drafts, publish and delete, in both twins."""

from __future__ import annotations

import copy
import json
import math
import pickle
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pytest
from tests.conftest import API_KEY, close, rejected_before_io, resolve

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator, Fault

REPO = f"/creator-configs-public-api/v1/configs/universes/{DEMO_UNIVERSE_ID}/repositories/InExperienceConfig"
SEEDED = {"spawn_point": "monster_cave", "xp_multiplier": 1.5, "starting_coins": 6700}


def sent(emulator: Emulator, method: str) -> list[Any]:
    """The recorded requests with this method to the configs repository."""
    return [r for r in emulator.requests if r.method == method and r.path.startswith(REPO)]


# -- fetch_published_config ------------------------------------------------------


async def test_fetch_published_config(oc: Any, experience: Any) -> None:
    config = await resolve(experience.fetch_published_config())
    assert isinstance(config, oc.CreatorConfig)
    assert isinstance(config, Mapping)
    assert config == SEEDED
    assert dict(config) == SEEDED
    assert config["spawn_point"] == "monster_cave"
    assert config.get("missing", "default") == "default"
    assert json.loads(json.dumps(dict(config))) == SEEDED
    assert config.__dict__() == SEEDED
    assert config.version_number == 2
    assert config.draft_hash is None
    entry = config.full_config["xp_multiplier"]
    assert isinstance(entry, oc.CreatorConfigEntry)
    assert entry.key == "xp_multiplier"
    assert entry.value == 1.5
    assert entry.description == "Multiplier applied to all experience points gained."
    assert isinstance(entry.updated_at, datetime)
    assert entry.updated_at.tzinfo is not None
    assert isinstance(entry.accessed_at, datetime)
    assert set(config.full_config) == set(SEEDED)
    assert "version_number=2" in repr(config)


async def test_published_config_copies_keep_metadata(experience: Any) -> None:
    config = await resolve(experience.fetch_published_config())
    with pytest.raises(TypeError):
        config["local_only"] = True
    for clone in (copy.copy(config), copy.deepcopy(config), pickle.loads(pickle.dumps(config))):
        assert clone == config
        assert clone.version_number == 2
        assert dict(clone) == SEEDED
        assert set(clone.full_config) == set(SEEDED)


async def test_fetch_published_config_never_published_is_not_found(oc: Any, contract: Any) -> None:
    other = oc.Experience(DEMO_UNIVERSE_ID + 1, API_KEY, transport=contract)
    try:
        with pytest.raises(oc.NotFound):
            await resolve(other.fetch_published_config())
    finally:
        await close(other)


# -- drafts ------------------------------------------------------------------------


async def test_fetch_draft_config_without_draft_is_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound) as info:
        await resolve(experience.fetch_draft_config())
    assert info.value.status_code == 404


async def test_update_draft_merges_and_returns_hash(oc: Any, experience: Any, emulator: Emulator) -> None:
    draft_hash = await resolve(
        experience.update_draft_config({"spawn_point": "vast_plains", "xp_multiplier": 2.0})
    )
    assert isinstance(draft_hash, str) and draft_hash
    (patch,) = sent(emulator, "PATCH")
    assert patch.path == f"{REPO}/draft"
    assert patch.json == {"entries": {"spawn_point": "vast_plains", "xp_multiplier": 2.0}}

    draft = await resolve(experience.fetch_draft_config())
    assert isinstance(draft, oc.CreatorConfig)
    # Only changed keys: starting_coins stays as published.
    assert draft == {"spawn_point": "vast_plains", "xp_multiplier": 2.0}
    assert draft.draft_hash == draft_hash
    assert draft.version_number is None
    assert draft.full_config["spawn_point"].description == "Where new players spawn."
    assert draft.full_config["spawn_point"].updated_at is None


async def test_update_draft_overwrite_stages_deletions(experience: Any, emulator: Emulator) -> None:
    await resolve(
        experience.update_draft_config({"spawn_point": "vast_plains", "xp_multiplier": 2.0}, overwrite=True)
    )
    (put,) = sent(emulator, "PUT")
    assert put.path == f"{REPO}/draft:overwrite"
    draft = await resolve(experience.fetch_draft_config())
    assert draft == {"spawn_point": "vast_plains", "xp_multiplier": 2.0, "starting_coins": None}


async def test_update_draft_none_stages_delete_and_published_value_discards(experience: Any) -> None:
    await resolve(experience.update_draft_config({"starting_coins": None, "new_key": {"a": [1, 2]}}))
    assert await resolve(experience.fetch_draft_config()) == {
        "starting_coins": None,
        "new_key": {"a": [1, 2]},
    }
    # Setting a key back to its published value discards its change.
    await resolve(experience.update_draft_config({"starting_coins": 6700}))
    assert await resolve(experience.fetch_draft_config()) == {"new_key": {"a": [1, 2]}}


async def test_draft_hash_concurrency(oc: Any, experience: Any, emulator: Emulator) -> None:
    first = await resolve(experience.update_draft_config({"xp_multiplier": 3.0}))
    second = await resolve(experience.update_draft_config({"xp_multiplier": 4.0}, draft_hash=first))
    assert second != first
    assert sent(emulator, "PATCH")[-1].json == {"entries": {"xp_multiplier": 4.0}, "draftHash": first}

    with pytest.raises(oc.Conflict) as info:
        await resolve(experience.update_draft_config({"xp_multiplier": 5.0}, draft_hash=first))
    assert info.value.status_code == 409
    with pytest.raises(oc.Conflict):
        await resolve(experience.update_draft_config({"a": 1}, draft_hash=first, overwrite=True))
    with pytest.raises(oc.Conflict):
        await resolve(experience.publish_draft_config(draft_hash=first))
    with pytest.raises(oc.Conflict):
        await resolve(experience.delete_draft_config(draft_hash=first))
    # Nothing changed by the rejected calls.
    draft = await resolve(experience.fetch_draft_config())
    assert draft == {"xp_multiplier": 4.0}
    assert draft.draft_hash == second


# -- publish -----------------------------------------------------------------------


async def test_publish_draft_config(oc: Any, experience: Any, emulator: Emulator) -> None:
    draft_hash = await resolve(experience.update_draft_config({"xp_multiplier": 2.0, "starting_coins": None}))
    version = await resolve(
        experience.publish_draft_config(
            oc.CreatorConfigDeploymentStrategy.GradualRollout, message="Double XP", draft_hash=draft_hash
        )
    )
    assert version == 3
    (post,) = sent(emulator, "POST")
    assert post.path == f"{REPO}/publish"
    assert post.json == {
        "deploymentStrategy": "GradualRollout",
        "message": "Double XP",
        "draftHash": draft_hash,
    }

    config = await resolve(experience.fetch_published_config())
    assert config == {"spawn_point": "monster_cave", "xp_multiplier": 2.0}
    assert config.version_number == 3
    with pytest.raises(oc.NotFound):
        await resolve(experience.fetch_draft_config())


async def test_publish_defaults_to_immediate(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.update_draft_config({"new": "value"}))
    assert await resolve(experience.publish_draft_config()) == 3
    assert sent(emulator, "POST")[-1].json == {"deploymentStrategy": "Immediate"}
    assert oc.CreatorConfigDeploymentStrategy.Immediate.value == 0
    assert oc.CreatorConfigDeploymentStrategy.GradualRollout.value == 1


async def test_publish_without_draft_is_not_found(oc: Any, experience: Any) -> None:
    with pytest.raises(oc.NotFound):
        await resolve(experience.publish_draft_config())


async def test_publish_is_not_retried(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.update_draft_config({"xp_multiplier": 9.0}))
    emulator.inject(Fault(status=503, method="POST", path=r"/publish$", apply_then_fail=True))
    with pytest.raises(oc.ServerError):
        await resolve(experience.publish_draft_config())
    assert len(sent(emulator, "POST")) == 1


# -- delete ------------------------------------------------------------------------


async def test_delete_draft_config(oc: Any, experience: Any, emulator: Emulator) -> None:
    await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    new_hash = await resolve(experience.delete_draft_config())
    assert isinstance(new_hash, str) and new_hash
    (delete,) = sent(emulator, "DELETE")
    assert delete.json is None
    with pytest.raises(oc.NotFound):
        await resolve(experience.fetch_draft_config())
    # Discarding again is a no-op with the same hash, and the hash is usable.
    assert await resolve(experience.delete_draft_config()) == new_hash
    assert await resolve(experience.update_draft_config({"a": "b"}, draft_hash=new_hash)) != new_hash


async def test_delete_draft_config_with_hash(oc: Any, experience: Any, emulator: Emulator) -> None:
    draft_hash = await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    await resolve(experience.delete_draft_config(draft_hash=draft_hash))
    assert sent(emulator, "DELETE")[-1].json == {"draftHash": draft_hash}
    with pytest.raises(oc.NotFound):
        await resolve(experience.fetch_draft_config())


# -- retries and error mapping --------------------------------------------------------


async def test_update_draft_is_retried(experience: Any, emulator: Emulator, sleeps: list[float]) -> None:
    emulator.inject(Fault(status=503, method="PATCH", path=r"/draft$"))
    draft_hash = await resolve(experience.update_draft_config({"xp_multiplier": 2.0}))
    assert len(sent(emulator, "PATCH")) == 2
    assert sleeps
    assert (await resolve(experience.fetch_draft_config())).draft_hash == draft_hash


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, "Forbidden"),
        (403, "Forbidden"),
        (404, "NotFound"),
        (409, "Conflict"),
        (412, "PreconditionFailed"),
    ],
)
async def test_error_mapping(oc: Any, experience: Any, emulator: Emulator, status: int, error: str) -> None:
    calls: list[Callable[[], Any]] = [
        experience.fetch_published_config,
        experience.fetch_draft_config,
        lambda: experience.update_draft_config({"a": 1}),
        lambda: experience.update_draft_config({"a": 1}, overwrite=True),
        experience.publish_draft_config,
        experience.delete_draft_config,
    ]
    for call in calls:
        emulator.inject(Fault(status=status, path=r"/repositories/InExperienceConfig"))
        with pytest.raises(getattr(oc, error)) as info:
            await resolve(call())
        assert info.value.status_code == status
    assert issubclass(oc.PreconditionFailed, oc.Conflict)


# -- validation before I/O -------------------------------------------------------------

BAD_CALLS: list[tuple[str, Callable[[Any, Any], Any], type[Exception]]] = [
    ("entries not dict", lambda oc, e: e.update_draft_config([("a", 1)]), TypeError),
    ("entries None", lambda oc, e: e.update_draft_config(None), TypeError),
    ("key not str", lambda oc, e: e.update_draft_config({1: "x"}), TypeError),
    ("empty key", lambda oc, e: e.update_draft_config({"": "x"}), ValueError),
    ("list value", lambda oc, e: e.update_draft_config({"a": [1, 2]}), TypeError),
    ("set value", lambda oc, e: e.update_draft_config({"a": {1}}), TypeError),
    ("NaN value", lambda oc, e: e.update_draft_config({"a": math.nan}), ValueError),
    ("inf value", lambda oc, e: e.update_draft_config({"a": math.inf}), ValueError),
    ("dict not JSON", lambda oc, e: e.update_draft_config({"a": {"b": object()}}), TypeError),
    ("too many configs", lambda oc, e: e.update_draft_config({f"k{i}": i for i in range(1001)}), ValueError),
    ("overwrite not bool", lambda oc, e: e.update_draft_config({"a": 1}, overwrite="yes"), TypeError),
    ("hash not str", lambda oc, e: e.update_draft_config({"a": 1}, draft_hash=5), TypeError),
    ("empty hash", lambda oc, e: e.update_draft_config({"a": 1}, draft_hash=""), ValueError),
    ("strategy str", lambda oc, e: e.publish_draft_config("Immediate"), TypeError),
    ("strategy int", lambda oc, e: e.publish_draft_config(0), TypeError),
    ("message not str", lambda oc, e: e.publish_draft_config(message=5), TypeError),
    ("publish empty hash", lambda oc, e: e.publish_draft_config(draft_hash=""), ValueError),
    ("delete hash not str", lambda oc, e: e.delete_draft_config(draft_hash=b"x"), TypeError),
]


@pytest.mark.parametrize(("name", "call", "error"), BAD_CALLS, ids=[c[0] for c in BAD_CALLS])
async def test_bad_input_fails_before_io(
    oc: Any,
    experience: Any,
    emulator: Emulator,
    name: str,
    call: Callable[[Any, Any], Any],
    error: type[Exception],
) -> None:
    await rejected_before_io(lambda: call(oc, experience), error, emulator, name)


async def test_large_but_valid_update(experience: Any) -> None:
    # 1,000 active configs are allowed; deletions do not count.
    entries: dict[str, Any] = {f"k{i}": i for i in range(997)}
    entries["gone"] = None
    await resolve(experience.update_draft_config(entries))
    draft = await resolve(experience.fetch_draft_config())
    assert len(draft) == 997


async def test_too_many_configs_rejected_by_server(oc: Any, experience: Any) -> None:
    # 3 published + 998 new keys = 1,001 active configs.
    with pytest.raises(oc.HttpException) as info:
        await resolve(experience.update_draft_config({f"k{i}": i for i in range(998)}))
    assert info.value.status_code == 400
