"""The creator configs area: published configs, drafts with hashes, publish, revisions and restore.

``/creator-configs-public-api/v1/configs/universes/{u}/repositories/{repo}``
and its ``/full``, ``/draft``, ``/draft:overwrite``, ``/publish``,
``/revisions`` and ``/revisions/{id}/restore`` sub-resources. Each universe
and repository has its own published config (versioned) and draft.

Facts the spec leaves open, chosen here (and documented in docs/configs.md):

- Errors use the ``{"errors":[{"code":0,"message":...}]}`` shape (the spec
  only names an empty ``ActionResult``).
- A ``draftHash`` that does not match the current draft is a 409.
- Reading or publishing a draft with no changes is a 404; reading a config
  that was never published is a 404.
- Conditional rules are not emulated: a non-empty ``conditionalRules`` or a
  ``.RBX.`` key is a 400.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._area import Area, Context, Request, Route, is_finite_number, parse_universe_id
from ._errors import ApiError
from ._time import format_time, parse_time

REPOSITORIES = frozenset(
    {
        "InExperienceConfig",
        "RecommendationServicesConfig",
        "DataStoresConfig",
        "ExtendedServicesConfig",
        "LeaderboardsConfig",
        "ExperienceUserConfig",
        "JourneysConfig",
        "AntiCheatConfig",
    }
)
MAX_ACTIVE_CONFIGS = 1000  # "up to 1,000 active configs" (Roblox's experience configs guide)
_STRATEGIES = frozenset({"Immediate", "GradualRollout"})
_UPDATE_FIELDS = frozenset({"draftHash", "entries", "conditionalRules"})
_DELETE_FIELDS = frozenset({"draftHash"})
_PUBLISH_FIELDS = frozenset({"draftHash", "message", "deploymentStrategy"})
_REVISION_PARAMS = frozenset(
    {"startTime", "endTime", "MaxPageSize", "Skip", "SearchKey", "SortOrder", "SortKey"}
)
_SORT_ORDERS = frozenset({"SORT_ORDER_DESCENDING", "SORT_ORDER_ASCENDING"})
_SORT_KEYS = frozenset({"SORT_KEY_LAST_MODIFIED_TIME"})
_DEFAULT_REVISIONS_PAGE = 10
_MAX_REVISIONS_PAGE = 100
_RESERVED_PREFIX = ".RBX."
# DELETE …/draft documents an optional JSON body ({"draftHash"}). The App
# rejects DELETE bodies unless the route opts in through `Route.delete_body`
# (requested from the lead); until that field exists a hash on DELETE is a 400.


def _error(status: int, code: str, message: str) -> ApiError:
    return ApiError(code, message, status=status, gateway=True)


def _bad(message: str) -> ApiError:
    return _error(400, "INVALID_ARGUMENT", message)


def _not_found(message: str) -> ApiError:
    return _error(404, "NOT_FOUND", message)


@dataclass(slots=True)
class ConfigValue:
    """One published config key."""

    value: Any
    description: str | None
    modified: datetime
    accessed: datetime | None = None


@dataclass(slots=True)
class ConfigRevision:
    """One published version: what changed, and the whole config after it."""

    revision_id: str
    version: int
    time: datetime
    message: str | None
    strategy: str
    changes: dict[str, tuple[Any, Any]]
    snapshot: dict[str, Any]


@dataclass(slots=True)
class ConfigRepository:
    """The published config and the draft of one universe's repository.

    ``draft`` maps each changed key to its new value, ``None`` meaning "delete".
    ``generation`` moves on with every change of the draft, so the hash does too.
    """

    name: str
    universe_id: int
    published: dict[str, ConfigValue] = field(default_factory=dict)
    version: int = 0
    draft: dict[str, Any] = field(default_factory=dict)
    generation: int = 0
    revisions: list[ConfigRevision] = field(default_factory=list)

    @property
    def draft_hash(self) -> str:
        """The concurrency token of the current draft."""
        material = json.dumps(
            [self.universe_id, self.name, self.generation, self.draft], sort_keys=True, separators=(",", ":")
        )
        return hashlib.sha256(material.encode()).hexdigest()[:32]

    def values(self) -> dict[str, Any]:
        """The published key -> value map."""
        return {key: item.value for key, item in self.published.items()}

    def set_draft(self, draft: dict[str, Any]) -> None:
        """Replace the draft, moving the hash on only if it changed."""
        if draft != self.draft:
            self.draft = draft
            self.generation += 1

    def normalised(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Drop changes that are no-ops against the published config."""
        result: dict[str, Any] = {}
        for key, value in changes.items():
            current = self.published.get(key)
            if value is None:
                if current is not None:
                    result[key] = None
            elif current is None or not _same(current.value, value):
                result[key] = value
        return result

    def active_after(self, draft: dict[str, Any]) -> int:
        """How many keys the config would have if ``draft`` were published."""
        keys = set(self.published)
        for key, value in draft.items():
            if value is None:
                keys.discard(key)
            else:
                keys.add(key)
        return len(keys)


class CreatorConfigArea(Area):
    """``creator-configs-public-api/v1`` configs: published values, drafts, publish and revisions."""

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._repos: dict[tuple[int, str], ConfigRepository] = {}

    def clear(self) -> None:
        self._repos.clear()

    def seed(self, universe_id: int) -> None:
        repo = self._repo_for(universe_id, "InExperienceConfig")
        now = self._context.now()
        descriptions = {
            "spawn_point": "Where new players spawn.",
            "xp_multiplier": "Multiplier applied to all experience points gained.",
            "starting_coins": "Coins given to a new player.",
        }
        history: list[tuple[int, str, dict[str, Any]]] = [
            (72, "Initial configs", {"spawn_point": "monster_cave", "xp_multiplier": 1.0}),
            (24, "Double XP weekend prep", {"xp_multiplier": 1.5, "starting_coins": 6700}),
        ]
        for hours, message, changes in history:
            self._publish(repo, changes, now - timedelta(hours=hours), message, "Immediate", descriptions)
        for item in repo.published.values():
            item.accessed = now - timedelta(minutes=5)

    # -- routing -------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match segments:
            case ["creator-configs-public-api", "v1", "configs", "universes", u, "repositories", repo, *rest]:
                return self._repo_route(method, u, repo, rest)
        return None

    def _repo_route(self, method: str, u: str, repo: str, rest: list[str]) -> Route | None:
        match method, rest:
            case "GET", []:
                return Route(lambda r: self.get_values(u, repo))
            case "GET", ["full"]:
                return Route(lambda r: self.get_full(u, repo))
            case "GET", ["draft"]:
                return Route(lambda r: self.get_draft(u, repo))
            case "PATCH", ["draft"]:
                return Route(lambda r: self.update_draft(r, u, repo, overwrite=False), needs_body=True)
            case "PUT", ["draft", ":overwrite"]:
                return Route(lambda r: self.update_draft(r, u, repo, overwrite=True), needs_body=True)
            case "DELETE", ["draft"]:
                return Route(lambda r: self.delete_draft(r, u, repo), delete_body=True)
            case "POST", ["publish"]:
                return Route(lambda r: self.publish(r, u, repo), needs_body=True)
            case "GET", ["revisions"]:
                return Route(lambda r: self.list_revisions(r, u, repo), _REVISION_PARAMS)
            case "POST", ["revisions", revision, "restore"]:
                return Route(lambda r: self.restore(u, repo, revision))
        return None

    def _repo(self, u: str, repo: str) -> ConfigRepository:
        try:
            universe_id = parse_universe_id(u)
        except ApiError as error:
            raise _bad(error.message) from None
        if repo not in REPOSITORIES:
            raise _bad(f"Unknown repository '{repo}'.")
        return self._repo_for(universe_id, repo)

    def _repo_for(self, universe_id: int, name: str) -> ConfigRepository:
        key = (universe_id, name)
        found = self._repos.get(key)
        if found is None:
            found = self._repos[key] = ConfigRepository(name, universe_id)
        return found

    @staticmethod
    def _published(repo: ConfigRepository) -> None:
        if repo.version == 0:
            raise _not_found("No configuration has been published for this repository.")

    # -- handlers ----------------------------------------------------------------

    def get_values(self, u: str, name: str) -> Any:
        """``GET …/repositories/{repo}``: the published values without metadata."""
        repo = self._repo(u, name)
        self._published(repo)
        return {"metadata": {"configVersion": repo.version}, "entries": repo.values()}

    def get_full(self, u: str, name: str) -> Any:
        """``GET …/repositories/{repo}/full``: the published config with metadata."""
        repo = self._repo(u, name)
        self._published(repo)
        entries: dict[str, Any] = {}
        for key, item in repo.published.items():
            entry: dict[str, Any] = {
                "value": item.value,
                "description": item.description,
                "lastModifiedTime": format_time(item.modified),
            }
            if item.accessed is not None:
                entry["lastAccessedTime"] = format_time(item.accessed)
            entries[key] = entry
        return {"entries": entries, "metadata": {"configVersion": repo.version}}

    def get_draft(self, u: str, name: str) -> Any:
        """``GET …/draft``: the staged changes (404 when there are none)."""
        repo = self._repo(u, name)
        if not repo.draft:
            raise _not_found("There are no draft changes.")
        entries = {}
        for key, value in repo.draft.items():
            current = repo.published.get(key)
            entries[key] = {"value": value, "description": current.description if current else None}
        return {"draftHash": repo.draft_hash, "entries": entries}

    def update_draft(self, request: Request, u: str, name: str, *, overwrite: bool) -> Any:
        """``PATCH …/draft`` (merge) and ``PUT …/draft:overwrite`` (full intended state)."""
        repo = self._repo(u, name)
        payload = request.payload or {}
        _check_fields(payload, _UPDATE_FIELDS)
        _check_conditional_rules(payload.get("conditionalRules"))
        entries = _parse_entries(payload.get("entries"))
        _check_hash(repo, payload.get("draftHash"))
        if overwrite:
            intended = {key: None for key in repo.published}
            intended.update(entries)
            draft = repo.normalised(intended)
        else:
            draft = dict(repo.draft)
            for key, value in entries.items():
                if repo.normalised({key: value}):
                    draft[key] = value
                else:
                    # Setting a key back to its published value (or deleting a
                    # key that is not published) discards that key's change.
                    draft.pop(key, None)
        active = repo.active_after(draft)
        if active > MAX_ACTIVE_CONFIGS:
            raise _bad(
                f"A configuration can have at most {MAX_ACTIVE_CONFIGS} entries; this change makes {active}."
            )
        repo.set_draft(draft)
        return {"draftHash": repo.draft_hash}

    def delete_draft(self, request: Request, u: str, name: str) -> Any:
        """``DELETE …/draft``: discard the staged changes (idempotent)."""
        repo = self._repo(u, name)
        payload = request.payload or {}
        _check_fields(payload, _DELETE_FIELDS)
        _check_hash(repo, payload.get("draftHash"))
        repo.set_draft({})
        return {"draftHash": repo.draft_hash}

    def publish(self, request: Request, u: str, name: str) -> Any:
        """``POST …/publish``: make the draft the new published version."""
        repo = self._repo(u, name)
        payload = request.payload or {}
        _check_fields(payload, _PUBLISH_FIELDS)
        strategy = payload.get("deploymentStrategy")
        if strategy not in _STRATEGIES:
            raise _bad(f"Invalid deploymentStrategy {strategy!r}: expected 'Immediate' or 'GradualRollout'.")
        message = payload.get("message")
        if message is not None and not isinstance(message, str):
            raise _bad("message must be a string.")
        _check_hash(repo, payload.get("draftHash"))
        if not repo.draft:
            raise _not_found("There are no draft changes to publish.")
        self._publish(repo, repo.draft, self._context.now(), message, strategy)
        repo.set_draft({})
        return {"configVersion": repo.version}

    def list_revisions(self, request: Request, u: str, name: str) -> Any:
        """``GET …/revisions``: published versions, newest first unless asked otherwise."""
        repo = self._repo(u, name)
        params = request.params
        size = _int_param(params, "MaxPageSize", _DEFAULT_REVISIONS_PAGE, minimum=1)
        size = min(size, _MAX_REVISIONS_PAGE)
        skip = _int_param(params, "Skip", 0, minimum=0)
        order = params.get("SortOrder", "SORT_ORDER_DESCENDING")
        if order not in _SORT_ORDERS:
            raise _bad(f"Invalid SortOrder '{order}'.")
        sort_key = params.get("SortKey", "SORT_KEY_LAST_MODIFIED_TIME")
        if sort_key not in _SORT_KEYS:
            raise _bad(f"Invalid SortKey '{sort_key}'.")
        start = _time_param(params, "startTime")
        end = _time_param(params, "endTime")
        search = params.get("SearchKey")
        chosen = [
            revision
            for revision in repo.revisions
            if (start is None or revision.time >= start)
            and (end is None or revision.time <= end)
            and (not search or any(search in key for key in revision.changes))
        ]
        if order == "SORT_ORDER_DESCENDING":
            chosen.reverse()
        return {"revisions": [_revision_json(revision) for revision in chosen[skip : skip + size]]}

    def restore(self, u: str, name: str, revision_id: str) -> Any:
        """``POST …/revisions/{id}/restore``: stage a draft that reverts to that revision."""
        repo = self._repo(u, name)
        for revision in repo.revisions:
            if revision.revision_id == revision_id:
                intended: dict[str, Any] = {key: None for key in repo.published}
                intended.update(revision.snapshot)
                repo.set_draft(repo.normalised(intended))
                return {"draftHash": repo.draft_hash}
        raise _not_found(f"Revision '{revision_id}' was not found.")

    # -- state changes -----------------------------------------------------------

    def _publish(
        self,
        repo: ConfigRepository,
        draft: dict[str, Any],
        when: datetime,
        message: str | None,
        strategy: str,
        descriptions: dict[str, str] | None = None,
    ) -> None:
        changes: dict[str, tuple[Any, Any]] = {}
        for key, value in draft.items():
            current = repo.published.get(key)
            before = current.value if current is not None else None
            if value is None:
                repo.published.pop(key, None)
            elif current is None:
                description = (descriptions or {}).get(key)
                repo.published[key] = ConfigValue(value, description, when)
            else:
                current.value, current.modified = value, when
            changes[key] = (before, value)
        repo.version += 1
        repo.revisions.append(
            ConfigRevision(
                revision_id=str(uuid.UUID(int=(repo.universe_id << 32) + repo.version)),
                version=repo.version,
                time=when,
                message=message,
                strategy=strategy,
                changes=changes,
                snapshot=repo.values(),
            )
        )


# -- request parsing helpers ----------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """JSON equality: ``1 == True`` in Python, but not in JSON."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _check_fields(payload: dict[str, Any], allowed: frozenset[str]) -> None:
    for name in payload:
        if name not in allowed:
            raise _bad(f"Unknown field '{name}' in the request body.")


def _check_hash(repo: ConfigRepository, given: Any) -> None:
    if given is None:
        return
    if not isinstance(given, str):
        raise _bad("draftHash must be a string.")
    if given != repo.draft_hash:
        raise _error(409, "CONFLICT", "The draft hash does not match the current draft.")


def _check_conditional_rules(rules: Any) -> None:
    if rules is None:
        return
    if not isinstance(rules, dict):
        raise _bad("conditionalRules must be an object.")
    if any(value not in (None, {}, []) for value in rules.values()):
        raise _bad("Conditional rules are not supported by the emulator.")


def _parse_entries(raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _bad("entries must be an object of config keys to values.")
    for key, value in raw.items():
        if not key:
            raise _bad("Config keys must not be empty.")
        if key.startswith(_RESERVED_PREFIX):
            raise _bad(
                f"Config key '{key}' is reserved (conditional branches are not supported by the emulator)."
            )
        if isinstance(value, list):
            raise _bad(f"The value of config '{key}' must be a string, number, boolean or JSON object.")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not is_finite_number(value):
            raise _bad(f"The value of config '{key}' is not a finite number.")
    return dict(raw)


def _int_param(params: dict[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 19 or int(raw) < minimum:
        raise _bad(f"Invalid {name} '{raw[:40]}'.")
    return int(raw)


def _time_param(params: dict[str, str], name: str) -> datetime | None:
    raw = params.get(name)
    if raw is None:
        return None
    moment = parse_time(raw)
    if moment is None:
        raise _bad(f"Invalid {name} '{raw}': expected an RFC 3339 timestamp.")
    return moment


def _revision_json(revision: ConfigRevision) -> dict[str, Any]:
    return {
        "revisionId": revision.revision_id,
        "version": revision.version,
        "time": format_time(revision.time),
        "publishedBy": None,
        "message": revision.message,
        "deploymentResult": "Succeeded",
        "autoRestoreToVersion": -1,
        "changes": {
            key: {"before": before, "after": after} for key, (before, after) in revision.changes.items()
        },
    }
