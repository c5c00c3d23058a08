"""The demo universe every new emulator starts with."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from ._state import State

DEMO_UNIVERSE_ID = 13058

# (hours before "now", data store, scope, key, value, users, attributes), oldest
# first so that revision times come out in the same order as the history reads.
_HISTORY: list[tuple[int, str, str, str, Any, list[str], dict[str, Any]]] = [
    (
        72,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 0, "level": 1},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (71, "Coins", "global", "user_287113233", 40, ["users/287113233"], {}),
    (70, "PlayerData", "global", "user_1", {"xp": 10, "level": 1}, ["users/1"], {}),
    (
        48,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 420, "level": 3},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (47, "PlayerData", "global", "user_156", {"xp": 9001, "level": 30}, ["users/156"], {"source": "demo"}),
    (46, "Settings", "config", "motd", "Welcome!", [], {}),
    (45, "Settings", "config", "maxPlayers", 20, [], {}),
    (30, "Coins", "global", "user_1", 50, ["users/1"], {}),
    (29, "Coins", "global", "user_156", 2500, ["users/156"], {}),
    (28, "PlayerData", "global", "user_2207291", {"xp": 250, "level": 2}, ["users/2207291"], {}),
    (27, "Coins", "global", "user_2207291", 0, ["users/2207291"], {}),
    (26, "PlayerData", "global", "user_1", {"xp": 50, "level": 1}, ["users/1"], {}),
    (
        24,
        "PlayerData",
        "global",
        "user_287113233",
        {"xp": 1337, "level": 7},
        ["users/287113233"],
        {"source": "demo"},
    ),
    (23, "Coins", "global", "user_287113233", 100, ["users/287113233"], {}),
    (22, "Settings", "config", "features", {"trading": True, "pvp": False}, [], {}),
    (2, "Settings", "config", "motd", "Welcome to the Open Cloud emulator!", [], {}),
]

_LEADERBOARD: dict[str, int] = {
    "user_287113233": 1337,
    "user_1": 50,
    "user_156": 9001,
    "user_2207291": 250,
    "user_261": 777,
    "user_1000": 4200,
    "user_2000": 1500,
    "user_3000": 3100,
    "user_4000": 50,
    "user_5000": 6400,
}


def seed_demo(state: State) -> None:
    """Fill the demo universe with a few stores, including entries with history."""
    now = state.now()
    universe = state.universe(DEMO_UNIVERSE_ID)
    for hours, store_name, scope, key, value, users, attributes in _HISTORY:
        store = state.data_store(universe, store_name, create=True)
        assert store is not None
        store.create_time = min(store.create_time, now - timedelta(days=7))
        moment = now - timedelta(hours=hours)
        state.commit(
            store,
            scope,
            key,
            value=copy.deepcopy(value),
            users=list(users),
            attributes=dict(attributes),
            at=moment,
        )
    leaderboard = universe.ordered_scope("Leaderboard", "global", create=True)
    assert leaderboard is not None
    for key, score in _LEADERBOARD.items():
        leaderboard.set(key, score)
