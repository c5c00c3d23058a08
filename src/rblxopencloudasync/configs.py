"""Experience API area: creator configs (experience configs).

Roblox keeps an experience's configs in a published version and a draft of
staged changes. Every call here addresses the ``InExperienceConfig``
repository of ``creator-configs-public-api/v1``, the one the Creator Hub's
Configs page and ``ConfigService`` use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource
from ._shared import checks, configs as shared, deferred_names, paths

if TYPE_CHECKING:
    from ._shared.configs import MAX_ACTIVE_CONFIGS, CreatorConfig, CreatorConfigDeploymentStrategy

__all__ = ["MAX_ACTIVE_CONFIGS", "REPOSITORY", "CreatorConfigMixin"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "MAX_ACTIVE_CONFIGS")

REPOSITORY = "InExperienceConfig"
"""The config repository these methods read and write."""


class CreatorConfigMixin(ExperienceResource):
    """`Experience` methods for creator configs (the experience's live config values).

    Changes are staged in a draft (`update_draft_config`) and go live with
    `publish_draft_config`. A draft carries a hash that changes with every
    edit; pass it back as ``draft_hash`` to make a write fail with `Conflict`
    if someone else changed the draft in between.
    """

    def _config_path(self, suffix: str = "") -> str:
        template = "/creator-configs-public-api/v1/configs/universes/{}/repositories/{}" + suffix
        return paths.api_path(template, self.id, REPOSITORY)

    async def fetch_published_config(self) -> CreatorConfig:
        """Fetches the experience configuration for the experience.

        Requires ``universe:read`` on API Key or OAuth2 authorization.

        Returns:
            The experience configuration for the experience, with each key's
                description and last update/access times in `CreatorConfig.full_config`.

        Raises:
            NotFound: The experience has never published a configuration.
            Forbidden: The API key lacks ``universe:read`` for this experience.
        """
        result: CreatorConfig = await self._client.request_json(
            "GET", self._config_path("/full"), idempotent=True, parse=shared.CreatorConfig.from_wire
        )
        return result

    async def fetch_draft_config(self) -> CreatorConfig:
        """Fetches the current draft changes for the experience configuration.

        A draft configuration will only contain keys that have changes;
        unchanged keys in the published configuration are omitted. A key whose
        value is ``None`` is staged to be deleted.

        Requires ``universe:read`` on API Key or OAuth2 authorization.

        Returns:
            The draft experience configuration for the experience, if it
                exists, with its `CreatorConfig.draft_hash`.

        Raises:
            NotFound: There are no current draft changes.
        """
        result: CreatorConfig = await self._client.request_json(
            "GET", self._config_path("/draft"), idempotent=True, parse=shared.CreatorConfig.from_wire
        )
        return result

    async def update_draft_config(
        self,
        entries: Mapping[str, str | float | bool | dict[str, Any] | None],
        draft_hash: str | None = None,
        overwrite: bool = False,
    ) -> str:
        """Updates the staged changes for the experience configuration with the provided entries.

        Changes will not update in game servers until `publish_draft_config`
        is called. With ``overwrite=False`` only the given keys change; with
        ``overwrite=True`` the draft is replaced so that, once published, the
        configuration exactly matches ``entries`` (every other key is staged
        to be deleted).

        Example:
            ```python
            experience.update_draft_config(
                entries={"spawn_point": "vast_plains", "xp_multiplier": 2.0},
                overwrite=False,
            )
            ```

        The request is retried after a server error or timeout: applying the
        same entries twice leaves the same draft. With ``draft_hash``, a retry
        of an attempt that did apply fails with `Conflict` (the hash moved on).

        Requires ``universe:write`` on API Key or OAuth2 authorization.

        Args:
            entries: A dictionary of configuration keys to update with their new
                values (``str``, ``int``/``float``, ``bool`` or a JSON object
                ``dict``). If a value is ``None``, the key will be staged to be deleted.
            draft_hash: If provided, only updates the draft if the current draft
                matches the provided hash. Used for concurrency control.
            overwrite: If ``True``, the entries field will update the draft so
                that when published, the published configuration will exactly
                match entries. Any keys excluded from entries will be staged to be deleted.

        Returns:
            The new draft hash after updating the draft.

        Raises:
            TypeError: ``entries`` is not a dict of str keys to supported values.
            ValueError: A key is empty, a number is not finite, or more than
                1,000 keys would be set.
            Conflict: ``draft_hash`` does not match the current draft.
        """
        checks.check_bool(overwrite, "overwrite")
        payload: dict[str, Any] = {"entries": shared.check_entries(entries)}
        hash_value = shared.check_hash(draft_hash)
        if hash_value is not None:
            payload["draftHash"] = hash_value
        if overwrite:
            method, path = "PUT", self._config_path("/draft:overwrite")
        else:
            method, path = "PATCH", self._config_path("/draft")
        result: str = await self._client.request_json(
            method, path, json=payload, idempotent=True, parse=shared.read_draft_hash
        )
        return result

    async def publish_draft_config(
        self,
        deployment_strategy: CreatorConfigDeploymentStrategy | None = None,
        message: str | None = None,
        draft_hash: str | None = None,
    ) -> int:
        """Publishes the current draft experience configuration.

        This will make the draft configuration the new published configuration.
        The request is never retried after a server error or timeout (a
        publish that did happen must not be repeated); pass ``draft_hash`` to
        make a manual retry safe.

        Requires ``universe:write`` on API Key or OAuth2 authorization.

        Args:
            deployment_strategy: The strategy to use when deploying the new
                configuration and can allow gradual rollouts of new configuration
                (``None``, the default, means ``Immediate``).
            message: An optional message describing the changes in this draft.
            draft_hash: If provided, only publishes if the current draft matches
                the provided hash. Used for concurrency control.

        Returns:
            The new configuration version number after publishing the draft.

        Raises:
            TypeError: ``deployment_strategy`` is not a `CreatorConfigDeploymentStrategy`
                or ``message`` is not a str.
            NotFound: There is no draft to publish.
            Conflict: ``draft_hash`` does not match the current draft.
        """
        # None stands for Immediate: a default naming the enum would load the
        # shared module when this module is imported.
        if deployment_strategy is None:
            deployment_strategy = shared.CreatorConfigDeploymentStrategy.Immediate
        if not isinstance(deployment_strategy, shared.CreatorConfigDeploymentStrategy):
            raise TypeError(
                "deployment_strategy must be a CreatorConfigDeploymentStrategy, "
                f"got {type(deployment_strategy).__name__}"
            )
        if message is not None and not isinstance(message, str):
            raise TypeError(f"message must be a str, got {type(message).__name__}")
        payload: dict[str, Any] = {"deploymentStrategy": deployment_strategy._wire}
        if message is not None:
            payload["message"] = message
        hash_value = shared.check_hash(draft_hash)
        if hash_value is not None:
            payload["draftHash"] = hash_value
        result: int = await self._client.request_json(
            "POST",
            self._config_path("/publish"),
            json=payload,
            idempotent=False,
            parse=shared.config_version_result,
        )
        return result

    async def delete_draft_config(self, draft_hash: str | None = None) -> str:
        """Discards any drafted changes for the experience configuration.

        Discarding twice is the same as discarding once, so the request is
        retried after a server error or timeout.

        Requires ``universe:write`` on API Key or OAuth2 authorization.

        Args:
            draft_hash: If provided, only discards the draft if the current draft
                matches the provided hash. Used for concurrency control.

        Returns:
            The new draft hash after discarding the draft.

        Raises:
            Conflict: ``draft_hash`` does not match the current draft.
        """
        hash_value = shared.check_hash(draft_hash)
        payload = {"draftHash": hash_value} if hash_value is not None else None
        result: str = await self._client.request_json(
            "DELETE",
            self._config_path("/draft"),
            json=payload,
            idempotent=True,
            gone_ok=False,
            parse=shared.read_draft_hash,
        )
        return result
