"""OAuth2 apps: "Sign in with Roblox", and acting on a user's behalf.

`OAuth2App` builds the authorization URI and exchanges, refreshes and
revokes tokens; a `PartialAccessToken` (an access token) reads the user's
profile and the resources they granted, as `User`, `Group` and `Experience`
handles that send their requests with the token.

Secrets (the client secret, codes, verifiers and tokens) are kept as hidden
strings: no repr, log record, exception or traceback local variable of the
SDK shows them.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ._resource import EntryPoint, open_client, public_class
from ._shared import checks, deferred_names, exceptions, oauth2 as shared, reprs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from typing_extensions import Unpack

    from ._client import BaseClient, ClientOptions
    from ._shared.oauth2 import AccessTokenInfo, Resources, TokenSet, UserProfile
    from .experience import Experience
    from .group import Group
    from .user import User

__all__ = ["AccessToken", "AccessTokenInfo", "OAuth2App", "PartialAccessToken", "Resources"]
# The models are read from the shared module on first use (type checkers see
# the TYPE_CHECKING imports instead).
if not TYPE_CHECKING:
    __getattr__ = deferred_names(globals(), shared, "AccessTokenInfo", "Resources")


class OAuth2App(EntryPoint):
    """An OAuth2 app registered on the Creator Dashboard: signs users in with Roblox.

    Its own requests authenticate with the client ID and secret (HTTP Basic),
    never with an API key. Takes the keyword options of `Experience`
    (``base_url``, ``timeout``, ``max_retries``, ``transport``, ...); the
    tokens it hands out share its connection pool.

    Args:
        id: The app's client ID.
        secret: The app's client secret. It is never shown in a repr, log
            record or exception.
        redirect_uri: The redirect URI registered for the app, where Roblox
            sends the user back with a code.
        openid_certs_cache_seconds: How long Roblox's ``id_token`` signing keys
            (``oauth/v1/certs``) are reused before being fetched again.

    Attributes:
        id: The client ID.
        redirect_uri: The redirect URI.
        openid_certs_cache_seconds: How long signing keys are cached.
    """

    def __init__(
        self,
        id: int,  # noqa: A002 - the peer SDK's name
        secret: str,
        redirect_uri: str,
        openid_certs_cache_seconds: int = 3600,
        **options: Unpack[ClientOptions],
    ) -> None:
        self.id = checks.check_int(id, "OAuth2App id", minimum=1)
        self._secret = shared.check_token(secret, "secret")
        self.redirect_uri = shared.check_redirect_uri(redirect_uri)
        self.openid_certs_cache_seconds = checks.check_int(
            openid_certs_cache_seconds, "openid_certs_cache_seconds", minimum=0
        )
        self._basic = shared.basic_auth(self.id, self._secret)
        self._client = open_client(**options)
        self._keys: dict[str, Any] = {}
        self._keys_fetched: float | None = None
        self._used_nonces: dict[str, float] = {}

    def __repr__(self) -> str:
        return reprs.model_repr(self, id=self.id, redirect_uri=self.redirect_uri)

    def generate_code_verifier(self, length: int | None = 128) -> str:
        """A random PKCE code verifier (RFC 7636): keep it with the user's session
        and pass it to `generate_uri` and then `exchange_code`.

        Args:
            length: 43 to 128 characters (``None``: 128).

        Raises:
            TypeError: ``length`` is not an int.
            ValueError: ``length`` is outside 43..128.
        """
        return shared.generate_code_verifier(length)

    def generate_uri(
        self,
        scope: str | Sequence[str],
        state: str | None = None,
        generate_code: bool = True,
        code_verifier: str | None = None,
    ) -> str:
        """The URI of Roblox's consent page to send the user to.

        With the ``openid`` scope the URI carries a nonce that only this app can
        make, so `exchange_code` accepts only an ``id_token`` minted for a sign-in
        this app started (within 10 minutes). No request is made.

        Args:
            scope: The scopes, e.g. ``["openid", "profile"]`` (or one
                space-separated string).
            state: An opaque value Roblox returns with the code; use it against
                cross-site request forgery.
            generate_code: ``True`` asks for a code (``response_type=code``);
                ``False`` only for consent (``response_type=none``).
            code_verifier: A verifier from `generate_code_verifier`: adds its
                S256 challenge (PKCE); pass the same one to `exchange_code`.

        Raises:
            TypeError, ValueError: An argument is malformed.
        """
        text = shared.scope_text(scope)
        state = shared.check_state(state)
        code = shared.check_generate_code(generate_code)
        verifier = None if code_verifier is None else shared.check_code_verifier(code_verifier)
        del code_verifier
        nonce = None
        if "openid" in text.split():
            nonce = shared.make_nonce(self._secret, verifier, time.time())
        query = shared.authorize_query(
            self.id,
            self.redirect_uri,
            text,
            state=state,
            response_type="code" if code else "none",
            challenge=None if verifier is None else shared.code_challenge(verifier),
            nonce=nonce,
        )
        return f"{self._client.base_url}{shared.AUTHORIZE_PATH}?{query}"

    def from_access_token_string(self, access_token: str) -> PartialAccessToken:
        """A `PartialAccessToken` for an access token you stored. No request is made."""
        return PartialAccessToken(self, access_token)

    async def exchange_code(self, code: str, code_verifier: str | None = None) -> AccessToken:
        """Exchange the code of the redirect for tokens.

        Never resent after a lost answer: a code is single-use, so a resend
        could only fail (or, worse, mint a second set of tokens).

        Args:
            code: The ``code`` query parameter of the redirect.
            code_verifier: The verifier passed to `generate_uri`, for PKCE.

        Returns:
            The `AccessToken`; with the ``openid`` scope its ``user`` comes from the
            verified ``id_token``.

        Raises:
            InvalidCode: The code is invalid, expired, already used, or does not
                match the verifier.
            InvalidIdToken: The ``id_token`` failed a check (signature, issuer,
                audience, expiry, nonce).
            ImportError: An ``id_token`` came but PyJWT is missing (the ``oauth2`` extra).
        """
        code = shared.check_token(code, "code")
        verifier = None if code_verifier is None else shared.check_code_verifier(code_verifier)
        del code_verifier
        form = {"grant_type": "authorization_code", "code": code}
        if verifier is not None:
            form["code_verifier"] = verifier
        tokens = await self._token_request(form)
        return await self._access_token(tokens, verifier)

    async def refresh_token(self, refresh_token: str) -> AccessToken:
        """New tokens for a refresh token; the old refresh token stops working.

        Store the new ``refresh_token``: each one is single-use. Never resent
        after a lost answer (the first attempt may have used up the token).

        Raises:
            InvalidCode: The refresh token is invalid, expired, revoked or used.
        """
        token = shared.check_token(refresh_token, "refresh_token")
        del refresh_token
        tokens = await self._token_request({"grant_type": "refresh_token", "refresh_token": token})
        return await self._access_token(tokens, None)

    async def revoke_token(self, token: str) -> None:
        """Revoke a refresh token (or an access token): the user's grant to the app ends,
        with every token of it.

        Not resent after a lost answer; revoking again is harmless if unsure.
        """
        hidden = shared.check_token(token, "token")
        del token
        await self._client.request(
            "POST",
            shared.REVOKE_PATH,
            **self._form({"token": hidden}),
            idempotent=False,
        )

    # -- internals -------------------------------------------------------------

    def _form(self, form: dict[str, str]) -> dict[str, Any]:
        """The ``content`` and ``headers`` of a request the app authenticates itself."""
        content, headers = shared.form_body(form)
        headers["authorization"] = self._basic
        return {"content": content, "headers": headers}

    async def _token_request(self, form: dict[str, str]) -> TokenSet:
        failure: exceptions.HttpException | None = None
        try:
            sealed = await self._client.request_json(
                "POST", shared.TOKEN_PATH, **self._form(form), parse=shared.seal, idempotent=False
            )
        except exceptions.HttpException as error:
            if error.status_code != 400:
                raise
            failure = error
        if failure is not None:
            # Raised here, outside the except block: nothing chains to the request's frames.
            raise exceptions.InvalidCode(failure.status_code, failure.body)
        return shared.parse_tokens(sealed)

    async def _access_token(self, tokens: TokenSet, verifier: str | None) -> AccessToken:
        profile = None
        if tokens.id_token is not None:
            profile = await self._verify_id_token(tokens.id_token, verifier)
        return AccessToken(self, tokens, profile)

    async def _verify_id_token(self, id_token: str, verifier: str | None) -> UserProfile:
        kid, _ = shared.id_token_header(id_token)
        key = await self._signing_key(kid)
        claims = shared.verify_id_token(id_token, key)
        now = time.time()
        shared.check_claims(claims, self.id, now)
        if "nonce" in claims:
            nonce = claims["nonce"]
            problem = shared.nonce_problem(self._secret, nonce, verifier, now)
            if problem is None and nonce in self._used_nonces:
                problem = "its nonce was already used by another sign-in"
            if problem is not None:
                raise exceptions.InvalidIdToken(f"the id_token is not trustworthy: {problem}")
            self._remember_nonce(nonce, now)
        return shared.UserProfile.from_wire(claims)

    def _remember_nonce(self, nonce: str, now: float) -> None:
        horizon = now - shared.NONCE_LIFETIME_SECONDS - shared.ID_TOKEN_LEEWAY_SECONDS
        for old in [n for n, seen in self._used_nonces.items() if seen < horizon]:
            del self._used_nonces[old]
        self._used_nonces[nonce] = now

    async def _signing_key(self, kid: str | None) -> Any:
        """The signing key ``kid`` from the cached certs, fetched again once when
        the cache is stale or does not know ``kid`` (Roblox rotated its keys)."""
        now = time.monotonic()
        fresh = self._keys_fetched is not None and now - self._keys_fetched < self.openid_certs_cache_seconds
        if not fresh or self._lookup(kid) is None:
            keys = await self._client.request_json(
                "GET", shared.CERTS_PATH, parse=shared.parse_jwks, auth=False
            )
            self._keys, self._keys_fetched = keys, time.monotonic()
        key = self._lookup(kid)
        if key is None:
            raise exceptions.InvalidIdToken(
                "the id_token is not trustworthy: it is signed by a key that is not among "
                "Roblox's signing keys (oauth/v1/certs)"
            )
        return key

    def _lookup(self, kid: str | None) -> Any:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid)


class PartialAccessToken:
    """An access token: acts on the user's behalf within the granted scopes.

    Made by `OAuth2App.from_access_token_string` (or as an `AccessToken` by
    `OAuth2App.exchange_code`). Access tokens last 15 minutes.

    Attributes:
        app: The `OAuth2App` the token belongs to.
        token: The access token (a ``str`` whose repr is hidden).
    """

    def __init__(self, app: OAuth2App, access_token: str) -> None:
        self.app = app
        self.token: str = shared.check_token(access_token, "access_token")
        del access_token
        self._client: BaseClient = app._client.with_bearer_token(self.token)

    def __repr__(self) -> str:
        return reprs.model_repr(self, app=self.app.id)

    async def fetch_userinfo(self) -> User:
        """The signed-in user (``oauth/v1/userinfo``), as a `User` whose requests use this token.

        Needs the ``openid`` scope; ``profile`` adds the username, display name,
        creation time, profile URI and headshot URI.
        """
        profile = await self._client.request_json(
            "GET", shared.USERINFO_PATH, parse=shared.UserProfile.from_wire
        )
        return self._user(profile)

    async def fetch_resources(self) -> Resources[Experience, User | Group]:
        """The experiences and accounts the user let the app act on.

        Their handles send requests with this token, so e.g.
        ``(await token.fetch_resources()).experiences[0].publish_message(...)``
        works within the granted scopes.
        """
        grants = await self.app._client.request_json(
            "POST",
            shared.RESOURCES_PATH,
            **self.app._form({"token": self.token}),
            parse=shared.parse_resources,
            idempotent=True,
        )
        experiences: list[Experience] = []
        accounts: list[User | Group] = []
        for grant in grants:
            owner = self._owner(grant)
            for universe_id in grant.universe_ids:
                experience = public_class("Experience")._bind(self._client, universe_id)
                experience.owner = owner
                experiences.append(experience)
            for creator in grant.creator_ids:
                if creator == "U":
                    accounts.append(public_class("User")._bind(self._client, grant.owner_id))
                else:
                    accounts.append(public_class("Group")._bind(self._client, int(creator)))
        return shared.Resources(experiences, accounts)

    async def fetch_token_info(self) -> AccessTokenInfo:
        """What Roblox knows of this token (``oauth/v1/token/introspect``): whether it is
        active, its user, scopes and expiry."""
        info: AccessTokenInfo = await self.app._client.request_json(
            "POST",
            shared.INTROSPECT_PATH,
            **self.app._form({"token": self.token}),
            parse=shared.AccessTokenInfo.from_wire,
            idempotent=True,
        )
        return info

    async def revoke(self) -> None:
        """Revoke this token and the grant it belongs to (its refresh token too)."""
        await self.app.revoke_token(self.token)

    def _user(self, profile: UserProfile) -> User:
        user: User = public_class("User")._bind(self._client, profile.id)
        user.username = profile.username
        user.display_name = profile.display_name
        user.created_at = profile.created_at
        user.headshot_uri = profile.headshot_uri
        if profile.profile_uri is not None:
            user.profile_uri = profile.profile_uri
        return user

    def _owner(self, grant: Any) -> User | Group:
        kind = "Group" if grant.owner_type.lower() == "group" else "User"
        owner: User | Group = public_class(kind)._bind(self._client, grant.owner_id)
        return owner


class AccessToken(PartialAccessToken):
    """The tokens of a sign-in or refresh (`OAuth2App.exchange_code`, `OAuth2App.refresh_token`).

    Attributes:
        token: The access token (15 minutes).
        refresh_token: The refresh token: single-use, for `OAuth2App.refresh_token`.
        scope: The granted scopes.
        expires_at: When the access token expires (timezone-aware UTC).
        user: The signed-in `User` from the verified ``id_token`` (``openid``
            scope), else ``None``; its requests use this token.
    """

    def __init__(self, app: OAuth2App, payload: TokenSet, id_token: UserProfile | None) -> None:
        super().__init__(app, payload.access_token)
        self.refresh_token: str = payload.refresh_token
        self.scope: list[str] = list(payload.scope)
        self.expires_at: datetime = datetime.now(timezone.utc) + timedelta(seconds=payload.expires_in)
        self.user: User | None = None if id_token is None else self._user(id_token)

    def __repr__(self) -> str:
        return reprs.model_repr(
            self,
            user=None if self.user is None else self.user.id,
            scope=self.scope,
            expires_at=self.expires_at,
        )

    async def revoke_refresh_token(self) -> None:
        """Revoke the refresh token, ending the user's grant (this access token too)."""
        await self.app.revoke_token(self.refresh_token)
