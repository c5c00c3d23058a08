"""Creator configs in the emulator: state, hashes, revisions and strict request shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from tests.emulator._support import AUTH, FakeClock

from rblxopencloudasync.emulator import DEMO_UNIVERSE_ID, Emulator

BASE = f"/creator-configs-public-api/v1/configs/universes/{DEMO_UNIVERSE_ID}/repositories"
REPO = f"{BASE}/InExperienceConfig"
SEEDED = {"spawn_point": "monster_cave", "xp_multiplier": 1.5, "starting_coins": 6700}


def error_message(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"errors"}
    (error,) = body["errors"]
    assert error["code"] == 0
    return str(error["message"])


def _hash(client: httpx.Client, repo: str) -> str:
    response = client.get(f"{repo}/draft")
    if response.status_code == 200:
        return str(response.json()["draftHash"])
    # No draft: an empty PATCH changes nothing and answers with the hash.
    return str(client.patch(f"{repo}/draft", json={}).json()["draftHash"])


# -- reads ---------------------------------------------------------------------------


def test_published_values_and_full(client: httpx.Client, clock: FakeClock) -> None:
    values = client.get(REPO)
    assert values.status_code == 200
    assert values.json() == {"metadata": {"configVersion": 2}, "entries": SEEDED}

    full = client.get(f"{REPO}/full").json()
    assert full["metadata"] == {"configVersion": 2}
    assert set(full["entries"]) == set(SEEDED)
    coins = full["entries"]["starting_coins"]
    assert coins["value"] == 6700
    assert coins["description"] == "Coins given to a new player."
    assert coins["lastModifiedTime"] == "2024-12-01T06:00:00.000000Z"
    assert coins["lastAccessedTime"] == "2024-12-02T05:55:00.000000Z"
    assert full["entries"]["spawn_point"]["lastModifiedTime"] == "2024-11-29T06:00:00.000000Z"


def test_never_published_and_no_draft_are_404(client: httpx.Client) -> None:
    other = f"/creator-configs-public-api/v1/configs/universes/{DEMO_UNIVERSE_ID + 1}/repositories/InExperienceConfig"
    for url in (other, f"{other}/full", f"{other}/draft", f"{REPO}/draft"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert error_message(response)


def test_bad_universe_and_repository(client: httpx.Client) -> None:
    bad_universe = "/creator-configs-public-api/v1/configs/universes/abc/repositories/InExperienceConfig"
    response = client.get(bad_universe)
    assert response.status_code == 400
    assert "abc" in error_message(response)
    response = client.get(f"{BASE}/NotARepository")
    assert response.status_code == 400
    assert "NotARepository" in error_message(response)
    assert client.get(f"{REPO}/nothing").status_code == 404


def test_repositories_are_separate(client: httpx.Client) -> None:
    other = f"{BASE}/DataStoresConfig"
    assert client.get(other).status_code == 404
    client.patch(f"{other}/draft", json={"entries": {"x": 1}}).raise_for_status()
    assert client.post(f"{other}/publish", json={"deploymentStrategy": "Immediate"}).json() == {
        "configVersion": 1
    }
    assert client.get(other).json()["entries"] == {"x": 1}
    assert client.get(REPO).json()["entries"] == SEEDED


def test_requires_api_key(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url="https://apis.roblox.com") as anonymous:
        assert anonymous.get(REPO).status_code == 401


# -- drafts --------------------------------------------------------------------------


def test_patch_merges_and_hash_moves_on(client: httpx.Client) -> None:
    start = _hash(client, REPO)
    first = client.patch(f"{REPO}/draft", json={"entries": {"xp_multiplier": 2, "extra": {"a": [1]}}})
    assert first.status_code == 200
    h1 = first.json()["draftHash"]
    assert h1 != start
    h2 = client.patch(f"{REPO}/draft", json={"entries": {"spawn_point": None}, "draftHash": h1}).json()[
        "draftHash"
    ]
    assert h2 != h1
    draft = client.get(f"{REPO}/draft").json()
    assert draft["draftHash"] == h2
    assert draft["entries"] == {
        "xp_multiplier": {"value": 2, "description": "Multiplier applied to all experience points gained."},
        "extra": {"value": {"a": [1]}, "description": None},
        "spawn_point": {"value": None, "description": "Where new players spawn."},
    }
    # The same change again is not an edit: the hash stays.
    same = client.patch(f"{REPO}/draft", json={"entries": {"spawn_point": None}}).json()["draftHash"]
    assert same == h2
    # Back to the published value discards the change; deleting an unknown key is nothing.
    client.patch(
        f"{REPO}/draft", json={"entries": {"xp_multiplier": 1.5, "spawn_point": "monster_cave", "nope": None}}
    )
    assert client.get(f"{REPO}/draft").json()["entries"] == {
        "extra": {"value": {"a": [1]}, "description": None}
    }


def test_bool_is_not_the_number_one(client: httpx.Client) -> None:
    client.patch(f"{REPO}/draft", json={"entries": {"flag": 1}}).raise_for_status()
    client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate"}).raise_for_status()
    client.patch(f"{REPO}/draft", json={"entries": {"flag": True}}).raise_for_status()
    assert client.get(f"{REPO}/draft").json()["entries"] == {"flag": {"value": True, "description": None}}


def test_overwrite_is_the_intended_final_state(client: httpx.Client) -> None:
    client.patch(f"{REPO}/draft", json={"entries": {"temp": 1}}).raise_for_status()
    response = client.put(
        f"{REPO}/draft:overwrite", json={"entries": {"spawn_point": "monster_cave", "new": "x"}}
    )
    assert response.status_code == 200
    entries = client.get(f"{REPO}/draft").json()["entries"]
    assert {key: item["value"] for key, item in entries.items()} == {
        "xp_multiplier": None,
        "starting_coins": None,
        "new": "x",
    }
    client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate"}).raise_for_status()
    assert client.get(REPO).json() == {
        "metadata": {"configVersion": 3},
        "entries": {"spawn_point": "monster_cave", "new": "x"},
    }


def test_stale_hash_is_409_and_changes_nothing(client: httpx.Client) -> None:
    stale = _hash(client, REPO)
    current = client.patch(f"{REPO}/draft", json={"entries": {"a": 1}}).json()["draftHash"]
    attempts = [
        client.patch(f"{REPO}/draft", json={"entries": {"a": 2}, "draftHash": stale}),
        client.put(f"{REPO}/draft:overwrite", json={"entries": {}, "draftHash": stale}),
        client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate", "draftHash": stale}),
        client.request("DELETE", f"{REPO}/draft", json={"draftHash": stale}),
    ]
    for response in attempts:
        assert response.status_code == 409
        assert "hash" in error_message(response)
    draft = client.get(f"{REPO}/draft").json()
    assert draft["draftHash"] == current
    assert draft["entries"] == {"a": {"value": 1, "description": None}}
    assert client.get(REPO).json()["metadata"] == {"configVersion": 2}


def test_delete_draft(client: httpx.Client) -> None:
    h1 = client.patch(f"{REPO}/draft", json={"entries": {"a": 1}}).json()["draftHash"]
    deleted = client.request("DELETE", f"{REPO}/draft", json={"draftHash": h1})
    assert deleted.status_code == 200
    empty_hash = deleted.json()["draftHash"]
    assert empty_hash != h1
    assert client.get(f"{REPO}/draft").status_code == 404
    assert client.delete(f"{REPO}/draft").json() == {"draftHash": empty_hash}
    assert client.patch(f"{REPO}/draft", json={"entries": {}, "draftHash": empty_hash}).status_code == 200


def test_active_config_limit(client: httpx.Client) -> None:
    too_many = {f"k{i}": i for i in range(998)}  # + 3 published = 1,001
    response = client.patch(f"{REPO}/draft", json={"entries": too_many})
    assert response.status_code == 400
    assert "1000" in error_message(response)
    # Deleting published keys in the same change makes room.
    too_many.update({"spawn_point": None})
    assert client.patch(f"{REPO}/draft", json={"entries": too_many}).status_code == 200
    overwrite = client.put(f"{REPO}/draft:overwrite", json={"entries": {f"k{i}": i for i in range(1001)}})
    assert overwrite.status_code == 400


# -- publish and revisions ---------------------------------------------------------------


def test_publish(client: httpx.Client, clock: FakeClock) -> None:
    assert client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate"}).status_code == 404
    h = client.patch(f"{REPO}/draft", json={"entries": {"xp_multiplier": 3, "starting_coins": None}}).json()[
        "draftHash"
    ]
    clock.advance(minutes=1)
    response = client.post(
        f"{REPO}/publish", json={"deploymentStrategy": "GradualRollout", "message": "tuning", "draftHash": h}
    )
    assert response.status_code == 200
    assert response.json() == {"configVersion": 3}
    full = client.get(f"{REPO}/full").json()
    assert set(full["entries"]) == {"spawn_point", "xp_multiplier"}
    assert full["entries"]["xp_multiplier"]["lastModifiedTime"] == "2024-12-02T06:01:00.000000Z"
    assert (
        full["entries"]["xp_multiplier"]["description"]
        == "Multiplier applied to all experience points gained."
    )
    assert client.get(f"{REPO}/draft").status_code == 404
    newest = client.get(f"{REPO}/revisions").json()["revisions"][0]
    assert newest["version"] == 3
    assert newest["message"] == "tuning"
    assert newest["time"] == "2024-12-02T06:01:00.000000Z"
    assert newest["changes"] == {
        "xp_multiplier": {"before": 1.5, "after": 3},
        "starting_coins": {"before": 6700, "after": None},
    }


def test_list_revisions(client: httpx.Client) -> None:
    revisions = client.get(f"{REPO}/revisions").json()["revisions"]
    assert [r["version"] for r in revisions] == [2, 1]
    assert revisions[1]["changes"] == {
        "spawn_point": {"before": None, "after": "monster_cave"},
        "xp_multiplier": {"before": None, "after": 1.0},
    }
    assert set(revisions[0]) == {
        "revisionId",
        "version",
        "time",
        "publishedBy",
        "message",
        "deploymentResult",
        "autoRestoreToVersion",
        "changes",
    }
    page = client.get(f"{REPO}/revisions", params={"MaxPageSize": "1", "Skip": "1"}).json()["revisions"]
    assert [r["version"] for r in page] == [1]
    ascending = client.get(f"{REPO}/revisions", params={"SortOrder": "SORT_ORDER_ASCENDING"}).json()
    assert [r["version"] for r in ascending["revisions"]] == [1, 2]
    recent = client.get(f"{REPO}/revisions", params={"startTime": "2024-11-30T00:00:00Z"}).json()
    assert [r["version"] for r in recent["revisions"]] == [2]
    search = client.get(f"{REPO}/revisions", params={"SearchKey": "spawn"}).json()
    assert [r["version"] for r in search["revisions"]] == [1]


@pytest.mark.parametrize(
    "params",
    [
        {"MaxPageSize": "0"},
        {"MaxPageSize": "x"},
        {"Skip": "-1"},
        {"SortOrder": "up"},
        {"SortKey": "SORT_KEY_NAME"},
        {"startTime": "yesterday"},
        {"pageToken": "abc"},
    ],
)
def test_list_revisions_rejects_bad_params(client: httpx.Client, params: dict[str, str]) -> None:
    assert client.get(f"{REPO}/revisions", params=params).status_code == 400


def test_restore_revision(client: httpx.Client) -> None:
    first = client.get(f"{REPO}/revisions", params={"SortOrder": "SORT_ORDER_ASCENDING"}).json()["revisions"][
        0
    ]
    client.patch(f"{REPO}/draft", json={"entries": {"unrelated": 1}}).raise_for_status()
    restored = client.post(f"{REPO}/revisions/{first['revisionId']}/restore")
    assert restored.status_code == 200
    draft = client.get(f"{REPO}/draft").json()
    assert draft["draftHash"] == restored.json()["draftHash"]
    # The staging area was cleared and holds only the revert.
    assert {key: item["value"] for key, item in draft["entries"].items()} == {
        "xp_multiplier": 1.0,
        "starting_coins": None,
    }
    client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate"}).raise_for_status()
    assert client.get(REPO).json()["entries"] == {"spawn_point": "monster_cave", "xp_multiplier": 1.0}
    assert client.post(f"{REPO}/revisions/nope/restore").status_code == 404


# -- strict shapes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("PATCH", "/draft", {"entries": {"a": 1}, "extra": True}),
        ("PATCH", "/draft", {"entries": [1, 2]}),
        ("PATCH", "/draft", {"entries": {"a": [1, 2]}}),
        ("PATCH", "/draft", {"entries": {"": 1}}),
        ("PATCH", "/draft", {"entries": {".RBX.conditional.x": 1}}),
        ("PATCH", "/draft", {"entries": {"a": 1}, "draftHash": 5}),
        ("PATCH", "/draft", {"entries": {"a": 1}, "conditionalRules": {"rules": {"r": {"tokens": []}}}}),
        ("PATCH", "/draft", {"entries": {"a": 1}, "conditionalRules": []}),
        ("PUT", "/draft:overwrite", {"entries": {"a": 1}, "values": {}}),
        ("PUT", "/draft:overwrite", {"entries": "a=1"}),
        ("POST", "/publish", {"deploymentStrategy": "Invalid"}),
        ("POST", "/publish", {"deploymentStrategy": 0}),
        ("POST", "/publish", {}),
        ("POST", "/publish", {"deploymentStrategy": "Immediate", "message": 5}),
        ("POST", "/publish", {"deploymentStrategy": "Immediate", "strategy": "x"}),
        ("DELETE", "/draft", {"draftHash": "x", "force": True}),
    ],
)
def test_rejects_bad_bodies(client: httpx.Client, method: str, suffix: str, body: dict[str, Any]) -> None:
    client.patch(f"{REPO}/draft", json={"entries": {"pending": 1}}).raise_for_status()
    before = client.get(f"{REPO}/draft").json()
    response = client.request(method, f"{REPO}{suffix}", json=body)
    assert response.status_code == 400, response.text
    assert error_message(response)
    assert client.get(f"{REPO}/draft").json() == before


def test_rejects_missing_bodies_and_wrong_content_type(client: httpx.Client) -> None:
    assert client.patch(f"{REPO}/draft").status_code == 400
    assert client.put(f"{REPO}/draft:overwrite").status_code == 400
    assert client.post(f"{REPO}/publish").status_code == 400
    form = client.patch(f"{REPO}/draft", content=b"entries=1", headers={"content-type": "text/plain"})
    assert form.status_code == 400


def test_empty_conditional_rules_are_accepted(client: httpx.Client) -> None:
    response = client.patch(f"{REPO}/draft", json={"entries": {"a": 1}, "conditionalRules": {}})
    assert response.status_code == 200


def test_reset_restores_the_seed(emu: Emulator, client: httpx.Client) -> None:
    client.put(f"{REPO}/draft:overwrite", json={"entries": {}}).raise_for_status()
    client.post(f"{REPO}/publish", json={"deploymentStrategy": "Immediate"}).raise_for_status()
    assert client.get(REPO).json()["entries"] == {}
    emu.reset()
    assert client.get(REPO).json() == {"metadata": {"configVersion": 2}, "entries": SEEDED}
    assert client.get(f"{REPO}/draft").status_code == 404


def test_unseeded_emulator_has_no_config(clock: FakeClock) -> None:
    emu = Emulator(clock=clock, seed=False)
    with httpx.Client(transport=emu.transport(), base_url="https://apis.roblox.com", headers=AUTH) as c:
        assert c.get(REPO).status_code == 404
