"""Experience API area: the secrets store.

Secrets are values (API keys, tokens, private keys) that game servers read with
``HttpService:GetSecret()``. Roblox only accepts them encrypted: the plain text
is sealed (libsodium sealed box, X25519) to the experience's public key, then
base64-encoded. `Experience.create_secret` and `Experience.update_secret`
do that for you; the plain text never leaves this module unencrypted and never
appears in a repr, log record or exception message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._resource import ExperienceResource, paginate
from ._shared import checks, deferred_names, exceptions, fields, page_style, paths, reprs, secret as shared

if TYPE_CHECKING:
    from ._paginator import AsyncPaginator
    from ._shared.secret import MAX_SECRET_CHARS, MAX_SECRETS

__all__ = ["MAX_SECRETS", "MAX_SECRET_CHARS", "Secret", "SecretsMixin"]
# The names of __all__ that the shared module defines are read from it on first use
# (type checkers see the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "MAX_SECRETS", "MAX_SECRET_CHARS")


_PAGE_MAX = 500


class Secret:
    """A secret of an experience, as Roblox describes it (never its content).

    Game servers read a secret's value with ``HttpService:GetSecret(id)``.
    Get one from `Experience.list_secrets`, `Experience.create_secret` or
    `Experience.update_secret`.

    Args:
        data: The secret as the API returned it (``id``, ``domain``,
            ``create_time``, ``update_time``).
        experience: The experience the secret belongs to.

    Attributes:
        id: The secret's id, unique in the experience; game servers fetch it by this.
        domain: The domains the secret may be sent to (``"*"`` = any, ``""`` = none,
            it is a private key). ``None`` when the response that produced this
            object did not say.
        created_at: When the secret was created, if known.
        updated_at: When the secret was last changed, if known.
        experience: The experience the secret belongs to.
    """

    def __init__(self, data: Mapping[str, Any], experience: SecretsMixin) -> None:
        item = fields.as_object(data)
        self.id: str = fields.req_str(item, "id")
        self.domain: str | None = fields.opt_str(item, "domain")
        self.created_at: datetime | None = fields.opt_time(item, "create_time")
        self.updated_at: datetime | None = fields.opt_time(item, "update_time")
        self.experience = experience

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, domain=self.domain)

    async def update(
        self, secret: str | bytes, key_id: str | None = None, domain: str | None = None
    ) -> Secret:
        """Replace the secret's content (and optionally its domain).

        The content is encrypted for you unless ``key_id`` is given (see
        `Experience.update_secret`).

        Args:
            secret: The new content: plain text, or, with ``key_id``, your own
                base64-encoded sealed-box ciphertext.
            key_id: The key id of the public key you encrypted ``secret`` with
                yourself; leave it out for plain text.
            domain: The new domain; ``None`` leaves it unchanged.

        Returns:
            This object, with `updated_at` (and `domain`, if given) refreshed.

        Raises:
            NotFound: The secret no longer exists.
            ValueError: An argument is invalid (checked before any request).
        """
        fresh = await self.experience.update_secret(self.id, secret, key_id=key_id, domain=domain)
        self.updated_at = fresh.updated_at or self.updated_at
        self.created_at = fresh.created_at or self.created_at
        if fresh.domain is not None:
            self.domain = fresh.domain
        return self

    async def delete(self) -> None:
        """Delete this secret, permanently.

        Raises:
            NotFound: The secret does not exist.
        """
        await self.experience.delete_secret(self.id)


class SecretsMixin(ExperienceResource):
    """`Experience` methods for the secrets store.

    Needs an API key with the ``universe.secret:read`` (list, public key) and
    ``universe.secret:write`` (create, update, delete) scopes.

    The experience's public key is fetched on the first write and cached on
    the `Experience` object. If Roblox rejects a write made with the cached key
    (HTTP 400), the key is fetched again and, when it has changed, the write is
    encrypted with the new key and sent once more. `fetch_secrets_public_key`
    always fetches and refreshes the cache.
    """

    _secrets_public_key: tuple[str, bytes] | None = None

    def _secrets_path(self, secret_id: str | None = None) -> str:
        if secret_id is None:
            return paths.api_path("/cloud/v2/universes/{}/secrets", self.id)
        return paths.api_path("/cloud/v2/universes/{}/secrets/{}", self.id, secret_id)

    def list_secrets(self, limit: int | None = None) -> AsyncPaginator[Secret]:
        """Iterate the experience's secrets (their id, domain and times, never their content).

        Args:
            limit: Stop after this many secrets; ``None`` for all of them.

        Returns:
            An iterator of `Secret` fetching up to 500 per request.

        Raises:
            Forbidden: The API key lacks ``universe.secret:read`` (on iteration).
        """
        experience = self
        return paginate(
            self._client,
            self._secrets_path(),
            style=page_style.V1_CURSOR(_PAGE_MAX),
            items_field="secrets",
            parse=lambda item: Secret(item, experience),
            limit=checks.check_limit(limit),
        )

    async def fetch_secrets_public_key(self) -> tuple[str, bytes]:
        """Fetch the public key secrets must be encrypted with, and refresh the cached copy.

        Only needed to encrypt secrets yourself: `create_secret` and
        `update_secret` encrypt plain text for you. Call it after Roblox
        rotated the key to refresh the cache right away.

        Example:
            ```python
            from base64 import b64encode
            from nacl import encoding, public

            key_id, public_key = experience.fetch_secrets_public_key()
            box = public.SealedBox(public.PublicKey(public_key, encoding.Base64Encoder))
            encrypted = b64encode(box.encrypt("secret content".encode()))
            experience.create_secret("my_secret", encrypted, key_id=key_id)
            ```

        Returns:
            ``(key_id, public_key)``: the key's id and the base64-encoded X25519
            public key, as bytes.
        """
        key: tuple[str, bytes] = await self._client.request_json(
            "GET",
            paths.api_path("/cloud/v2/universes/{}/secrets/public-key", self.id),
            parse=shared.public_key_result,
        )
        self._secrets_public_key = key
        return key

    async def create_secret(
        self,
        id: str,  # noqa: A002 - public name of the peer SDK
        secret: str | bytes,
        key_id: str | None = None,
        domain: str = "*",
    ) -> Secret:
        """Create a secret.

        Without ``key_id``, ``secret`` is plain text (a ``str``, or ``bytes``
        for binary content) and is encrypted for you. With ``key_id``, it must
        be content you sealed yourself with the key from
        `fetch_secrets_public_key`, base64-encoded.

        Args:
            id: The secret's id: letters, digits and underscores, 1-64
                characters, not starting with a digit. Unique in the experience.
            secret: The content; at most 1,024 characters of plain text.
            key_id: Only when ``secret`` is already encrypted: the key's id.
            domain: Where game servers may send the secret: ``"*"`` (default, any
                domain), ``"*.example.com"``, ``"api.example.com"``, or ``""``
                for a private key that can't be put in headers or URLs.

        Returns:
            The new `Secret` (its id, domain and times).

        Raises:
            Conflict: A secret with this id exists.
            HttpException: Roblox rejected it (status 400), e.g. 500 secrets already exist.
            Forbidden: The API key lacks ``universe.secret:write``.
            ValueError: An argument is invalid (checked before any request).
            TypeError: An argument has the wrong type.
        """
        secret_id = shared.check_secret_id(id)
        checked_domain = shared.check_domain(domain)
        experience = self
        return await self._send_secret(
            "POST",
            self._secrets_path(),
            {"id": secret_id},
            secret,
            key_id,
            {"domain": checked_domain},
            idempotent=False,  # a repeat of a create that went through answers 409
            parse=lambda body: Secret(
                shared.merged_secret(fields.as_object(body), id=secret_id, domain=checked_domain), experience
            ),
        )

    async def update_secret(
        self,
        id: str,  # noqa: A002 - public name of the peer SDK
        secret: str | bytes,
        key_id: str | None = None,
        domain: str | None = None,
    ) -> Secret:
        """Replace a secret's content (and optionally its domain).

        The content is handled as in `create_secret`: plain text is encrypted
        for you; with ``key_id`` it must be your own base64 sealed box.

        Args:
            id: The id of the existing secret.
            secret: The new content; at most 1,024 characters of plain text.
            key_id: Only when ``secret`` is already encrypted: the key's id.
            domain: The new domain; ``None`` leaves it unchanged.

        Returns:
            The `Secret` (its id and update time; its domain when given here).

        Raises:
            NotFound: No secret has this id.
            Forbidden: The API key lacks ``universe.secret:write``.
            ValueError: An argument is invalid (checked before any request).
            TypeError: An argument has the wrong type.
        """
        secret_id = shared.check_secret_id(id)
        extra = {} if domain is None else {"domain": shared.check_domain(domain)}
        experience = self
        return await self._send_secret(
            "PATCH",
            self._secrets_path(secret_id),
            {},
            secret,
            key_id,
            extra,
            idempotent=True,  # the same content again leaves the same state
            parse=lambda body: Secret(
                shared.merged_secret(fields.as_object(body), id=secret_id, domain=domain), experience
            ),
        )

    async def delete_secret(self, id: str) -> None:  # noqa: A002 - public name of the peer SDK
        """Delete a secret, permanently.

        Args:
            id: The id of the secret.

        Raises:
            NotFound: No secret has this id.
            Forbidden: The API key lacks ``universe.secret:write``.
            ValueError: ``id`` is not a valid secret id (checked before any request).
        """
        await self._client.request("DELETE", self._secrets_path(shared.check_secret_id(id)))

    async def _send_secret(
        self,
        method: str,
        path: str,
        head: dict[str, Any],
        secret: str | bytes,
        key_id: str | None,
        tail: dict[str, Any],
        *,
        idempotent: bool,
        parse: Callable[[Any], Secret],
    ) -> Secret:
        """Send a create/update body ``{**head, secret, key_id, **tail}``, encrypting when needed."""
        if key_id is not None:
            checked_key_id = shared.check_key_id(key_id)
            body = {**head, "secret": shared.check_sealed(secret), "key_id": checked_key_id, **tail}
            result: Secret = await self._client.request_json(
                method, path, json=body, idempotent=idempotent, parse=parse
            )
            return result
        plain = shared.check_plain(secret)
        cached = self._secrets_public_key
        key = cached if cached is not None else await self.fetch_secrets_public_key()
        body = {**head, "secret": shared.seal(key[1], plain), "key_id": key[0], **tail}
        try:
            result = await self._client.request_json(
                method, path, json=body, idempotent=idempotent, parse=parse
            )
            return result
        except exceptions.HttpException as error:
            # A 400 for a write sealed with a cached key may mean the key was
            # rotated: look again, and retry once only if it really changed.
            if cached is None or error.status_code != 400:
                raise
            key = await self.fetch_secrets_public_key()
            if key[0] == cached[0]:
                raise
        body = {**head, "secret": shared.seal(key[1], plain), "key_id": key[0], **tail}
        result = await self._client.request_json(method, path, json=body, idempotent=idempotent, parse=parse)
        return result
