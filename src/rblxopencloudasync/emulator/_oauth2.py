"""The OAuth2 area: Roblox's authorization server ("Sign in with Roblox"), offline.

It registers apps, shows a consent page (approved at once unless
``auto_approve`` is off), and serves ``oauth/v1/token`` (authorization codes,
with and without PKCE, and single-use refresh tokens), ``token/revoke``,
``token/introspect``, ``token/resources``, ``userinfo`` and ``certs`` (a real
ES256 key pair; ``id_token`` is signed with it). Codes are single-use and
expire after a minute; access tokens after 15 minutes.

The access tokens it issues are bearer credentials for the other areas too:
`OAuth2Area.authorize` lets one through only to the universes, the user and
the groups the consent granted (anything else is 403 ``PERMISSION_DENIED``),
and rejects a revoked or expired one (401).

Signing keys need cryptography (the ``oauth2`` extra); they are made on the
first request that needs one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from ._area import Area, Context, Request, Response, Route, json_response
from ._errors import ApiError
from ._time import UNIX_EPOCH

__all__ = [
    "DEMO_OAUTH2_CLIENT_ID",
    "DEMO_OAUTH2_CLIENT_SECRET",
    "DEMO_OAUTH2_REDIRECT_URI",
    "DEMO_USER_ID",
    "Consent",
    "OAuth2Area",
    "OAuthApp",
]

DEMO_OAUTH2_CLIENT_ID = 1234567890123456789
"""The client ID of the demo OAuth2 app every seeded emulator knows."""
DEMO_OAUTH2_CLIENT_SECRET = "your-client-secret"
"""The demo app's client secret."""
DEMO_OAUTH2_REDIRECT_URI = "https://example.com/redirect"
"""The demo app's registered redirect URI."""
DEMO_USER_ID = 287113233
"""The user who signs in by default (the owner of the demo universe)."""

ISSUER = "https://apis.roblox.com/oauth/"
CODE_SECONDS = 60
ACCESS_SECONDS = 15 * 60
REFRESH_DAYS = 90
_ACCESS_PREFIX = "emu-oauth2-at-"
_FORM = "application/x-www-form-urlencoded"
_AUTHORIZE_PARAMS = frozenset(
    {
        "client_id",
        "redirect_uri",
        "scope",
        "response_type",
        "prompt",
        "nonce",
        "state",
        "code_challenge",
        "code_challenge_method",
    }
)
_FORGERIES = frozenset(
    {
        "other-key",
        "unknown-kid",
        "other-client",
        "expired",
        "unsigned",
        "hs256",
        "wrong-nonce",
        "wrong-issuer",
        "not-a-jwt",
    }
)


@dataclass(frozen=True)
class OAuthApp:
    """An OAuth2 app registered with the emulator."""

    client_id: int
    secret: str = field(repr=False)
    redirect_uris: tuple[str, ...]
    name: str = "Demo app"


@dataclass(frozen=True)
class Consent:
    """What the user approves on the consent page: who they are, and the resources
    they let the app act on (``creator_ids``: ``"U"`` for their own account, group ids)."""

    user_id: int = DEMO_USER_ID
    universe_ids: tuple[int, ...] = ()
    creator_ids: tuple[str, ...] = ("U",)


@dataclass
class _Code:
    app: int
    redirect_uri: str
    scopes: tuple[str, ...]
    challenge: str | None
    nonce: str | None
    consent: Consent
    expires: datetime
    used: bool = False
    grant: _Grant | None = None


@dataclass
class _Grant:
    app: int
    scopes: tuple[str, ...]
    consent: Consent
    refresh_token: str
    refresh_expires: datetime
    revoked: bool = False
    access: list[str] = field(default_factory=list)
    old_refresh: set[str] = field(default_factory=set)


@dataclass
class _Access:
    grant: _Grant
    jti: str
    issued: datetime
    expires: datetime


class OAuth2Area(Area):
    """Roblox's OAuth2 authorization server.

    Test helpers: `add_app`, `set_consent`, `auto_approve`, `forge_id_token`,
    `rotate_signing_key`, `add_profile`, `authorize_redirect`.
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self.auto_approve = True
        """Approve the consent page at once (a redirect with the code); ``False`` shows
        an HTML page with an "Allow" button instead (for a person at a browser)."""
        self._apps: dict[int, OAuthApp] = {}
        self._consent = Consent()
        self._codes: dict[str, _Code] = {}
        self._grants: dict[str, _Grant] = {}  # by current and old refresh tokens
        self._access: dict[str, _Access] = {}
        self._profiles: dict[int, tuple[str, str, datetime]] = {}
        self._forged: list[str] = []
        self._keys: list[tuple[str, Any]] = []  # (kid, private key), newest last
        self._certs_served = 0

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", ["oauth", "v1", "authorize"]:
                return Route(self.authorize_page, params=_AUTHORIZE_PARAMS, auth=False)
            case "POST", ["oauth", "v1", "authorize"]:
                return Route(self.approve, needs_body=True, body="raw", auth=False)
            case "POST", ["oauth", "v1", "token"]:
                return Route(self.token, needs_body=True, body="raw", auth=False)
            case "POST", ["oauth", "v1", "token", "revoke"]:
                return Route(self.revoke, needs_body=True, body="raw", auth=False)
            case "POST", ["oauth", "v1", "token", "introspect"]:
                return Route(self.introspect, needs_body=True, body="raw", auth=False)
            case "POST", ["oauth", "v1", "token", "resources"]:
                return Route(self.resources, needs_body=True, body="raw", auth=False)
            case "GET", ["oauth", "v1", "userinfo"]:
                return Route(self.userinfo, auth=False)
            case "GET", ["oauth", "v1", "certs"]:
                return Route(self.certs, auth=False)
            case "GET", ["oauth", ".well-known", "openid-configuration"]:
                return Route(self.discovery, auth=False)
        return None

    def clear(self) -> None:
        self._apps.clear()
        self._consent = Consent()
        self._codes.clear()
        self._grants.clear()
        self._access.clear()
        self._profiles.clear()
        self._forged.clear()
        self._certs_served = 0
        self.auto_approve = True

    def seed(self, universe_id: int) -> None:
        self._apps[DEMO_OAUTH2_CLIENT_ID] = OAuthApp(
            DEMO_OAUTH2_CLIENT_ID, DEMO_OAUTH2_CLIENT_SECRET, (DEMO_OAUTH2_REDIRECT_URI,)
        )
        self._consent = Consent(DEMO_USER_ID, (universe_id,), ("U",))
        self._profiles[DEMO_USER_ID] = ("demo_user", "Demo User", datetime(2011, 11, 11, tzinfo=timezone.utc))

    # -- helpers for tests ------------------------------------------------------------

    def add_app(
        self, client_id: int, secret: str, redirect_uris: Iterable[str], name: str = "Test app"
    ) -> OAuthApp:
        """Register (or replace) an OAuth2 app."""
        uris = tuple(redirect_uris)
        if not uris:
            raise ValueError("an app needs at least one redirect URI")
        app = OAuthApp(client_id, secret, uris, name)
        with self._context.lock:
            self._apps[client_id] = app
        return app

    def set_consent(
        self,
        user_id: int = DEMO_USER_ID,
        universe_ids: Iterable[int] = (),
        group_ids: Iterable[int] = (),
        *,
        include_user: bool = True,
    ) -> Consent:
        """Who signs in on the consent page from now on, and what they grant: their own
        account (``include_user``), these universes and these groups."""
        creators = (("U",) if include_user else ()) + tuple(str(g) for g in group_ids)
        consent = Consent(user_id, tuple(universe_ids), creators)
        with self._context.lock:
            self._consent = consent
        return consent

    def add_profile(self, user_id: int, username: str, display_name: str, created: datetime) -> None:
        """The profile ``userinfo`` and ``id_token`` tell for a user."""
        with self._context.lock:
            self._profiles[user_id] = (username, display_name, created)

    def forge_id_token(self, variant: str) -> None:
        """Make the next token answer carry an untrustworthy ``id_token``: ``"other-key"``
        (signed by a key not in ``certs``, with a known ``kid``), ``"unknown-kid"``,
        ``"other-client"`` (another audience), ``"expired"``, ``"unsigned"`` (alg
        ``none``), ``"hs256"``, ``"wrong-nonce"``, ``"wrong-issuer"`` or ``"not-a-jwt"``."""
        if variant not in _FORGERIES:
            raise ValueError(f"unknown forgery {variant!r}; one of {sorted(_FORGERIES)}")
        with self._context.lock:
            self._forged.append(variant)

    def rotate_signing_key(self) -> str:
        """Sign from now on with a new key (new ``kid``, also listed in ``certs``); returns the kid."""
        with self._context.lock:
            return self._new_key()

    def authorize_redirect(self, uri: str) -> str:
        """Visit an authorization URI as the consenting user and return where the
        consent page sends them (the redirect URI with ``code`` and ``state``)."""
        parts = urlsplit(uri)
        query = parse_qsl(parts.query, keep_blank_values=True)
        with self._context.lock:
            answer = self.authorize_page(Request("GET", parts.path, query, dict(query), None))
        return dict(answer.headers)["location"]

    @property
    def certs_fetches(self) -> int:
        """How many times ``oauth/v1/certs`` was fetched."""
        return self._certs_served

    # -- the bearer hook of the App ---------------------------------------------------

    def authorize(self, headers: Mapping[str, str], segments: list[str]) -> bool:
        """Check a request carrying an access token this area issued: ``True`` when it
        may go on, ``False`` when the credential is not one of ours (the App's own
        check applies); 401 for a revoked or expired token, 403 outside its grant."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token.startswith(_ACCESS_PREFIX):
            return False
        access = self._live_access(token)
        if access is None:
            raise ApiError("UNAUTHENTICATED", "Invalid or expired access token", status=401, gateway=True)
        consent = access.grant.consent
        for index, segment in enumerate(segments[:-1]):
            following = segments[index + 1]
            if not _is_id(following):
                continue
            if segment == "universes" and int(following) not in consent.universe_ids:
                raise _denied(f"universe {following}")
            if segment == "users" and not (int(following) == consent.user_id and "U" in consent.creator_ids):
                raise _denied(f"user {following}")
            if segment == "groups" and following not in consent.creator_ids:
                raise _denied(f"group {following}")
        return True

    # -- handlers ---------------------------------------------------------------------

    def authorize_page(self, request: Request) -> Response:
        """``GET /oauth/v1/authorize``: the consent page (a redirect with the code when approved at once)."""
        params = request.params
        app = self._apps.get(_client_id(params.get("client_id")))
        if app is None:
            raise _oauth_error(400, "invalid_client", "Unknown client_id.")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in app.redirect_uris:
            raise _oauth_error(400, "invalid_request", "redirect_uri is not registered for this app.")
        scopes = tuple(params.get("scope", "").split())
        if not scopes:
            raise _oauth_error(400, "invalid_scope", "scope is required.")
        response_type = params.get("response_type")
        if response_type not in ("code", "none"):
            raise _oauth_error(400, "unsupported_response_type", "response_type must be 'code' or 'none'.")
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method")
        if challenge is not None and method != "S256":
            raise _oauth_error(400, "invalid_request", "code_challenge_method must be S256.")
        if challenge is None and method is not None:
            raise _oauth_error(400, "invalid_request", "code_challenge_method without code_challenge.")
        if not self.auto_approve:
            return _consent_page(app, params)
        return self._approved(app, redirect_uri, scopes, response_type, challenge, params)

    def approve(self, request: Request) -> Response:
        """``POST /oauth/v1/authorize``: the consent page's "Allow" button."""
        form = _form(request, frozenset(_AUTHORIZE_PARAMS))
        request.params = form
        self.auto_approve, saved = True, self.auto_approve
        try:
            return self.authorize_page(request)
        finally:
            self.auto_approve = saved

    def _approved(
        self,
        app: OAuthApp,
        redirect_uri: str,
        scopes: tuple[str, ...],
        response_type: str,
        challenge: str | None,
        params: Mapping[str, str],
    ) -> Response:
        reply: list[tuple[str, str]] = []
        if response_type == "code":
            code = "emu-oauth2-code-" + secrets.token_urlsafe(24)
            self._codes[code] = _Code(
                app=app.client_id,
                redirect_uri=redirect_uri,
                scopes=scopes,
                challenge=challenge,
                nonce=params.get("nonce"),
                consent=self._consent,
                expires=self._context.now() + timedelta(seconds=CODE_SECONDS),
            )
            reply.append(("code", code))
        if "state" in params:
            reply.append(("state", params["state"]))
        separator = "&" if urlsplit(redirect_uri).query else "?"
        location = redirect_uri + (separator + urlencode(reply) if reply else "")
        return Response(302, [("location", location)], b"")

    def token(self, request: Request) -> Response:
        """``POST /oauth/v1/token``: a code (optionally with its PKCE verifier) or a refresh token for tokens."""
        form = _form(
            request,
            frozenset(
                {
                    "grant_type",
                    "code",
                    "code_verifier",
                    "redirect_uri",
                    "refresh_token",
                    "client_id",
                    "client_secret",
                }
            ),
        )
        app = self._client(request, form)
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange(app, form)
        if grant_type == "refresh_token":
            return self._refresh(app, form)
        raise _oauth_error(
            400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token."
        )

    def _exchange(self, app: OAuthApp, form: Mapping[str, str]) -> Response:
        code = self._codes.get(form.get("code", ""))
        if code is None or code.app != app.client_id:
            raise _oauth_error(400, "invalid_grant", "The authorization code is invalid.")
        if code.used:
            if code.grant is not None:  # a replayed code: what it issued is revoked (RFC 6749 §4.1.2)
                self._revoke_grant(code.grant)
            raise _oauth_error(400, "invalid_grant", "The authorization code was already used.")
        code.used = True
        if self._context.now() >= code.expires:
            raise _oauth_error(400, "invalid_grant", "The authorization code has expired.")
        if "redirect_uri" in form and form["redirect_uri"] != code.redirect_uri:
            raise _oauth_error(400, "invalid_grant", "redirect_uri does not match the authorization request.")
        verifier = form.get("code_verifier")
        if code.challenge is not None:
            if verifier is None or not _challenge_matches(verifier, code.challenge):
                raise _oauth_error(
                    400, "invalid_grant", "The code_verifier does not match the code_challenge."
                )
        elif verifier is not None:
            raise _oauth_error(400, "invalid_grant", "A code_verifier was sent but no code_challenge.")
        grant = _Grant(
            app=app.client_id,
            scopes=code.scopes,
            consent=code.consent,
            refresh_token=self._refresh_token(),
            refresh_expires=self._context.now() + timedelta(days=REFRESH_DAYS),
        )
        code.grant = grant
        self._grants[grant.refresh_token] = grant
        return self._tokens(app, grant, code.nonce)

    def _refresh(self, app: OAuthApp, form: Mapping[str, str]) -> Response:
        token = form.get("refresh_token", "")
        grant = self._grants.get(token)
        if grant is None or grant.app != app.client_id or grant.revoked:
            raise _oauth_error(400, "invalid_grant", "The refresh token is invalid or revoked.")
        if token != grant.refresh_token:  # a used refresh token again: the grant is compromised
            self._revoke_grant(grant)
            raise _oauth_error(400, "invalid_grant", "The refresh token was already used.")
        if self._context.now() >= grant.refresh_expires:
            raise _oauth_error(400, "invalid_grant", "The refresh token has expired.")
        grant.old_refresh.add(token)
        grant.refresh_token = self._refresh_token()
        grant.refresh_expires = self._context.now() + timedelta(days=REFRESH_DAYS)
        self._grants[grant.refresh_token] = grant
        return self._tokens(app, grant, None)

    def revoke(self, request: Request) -> Response:
        """``POST /oauth/v1/token/revoke``: revoke a refresh or access token (and its grant)."""
        form = _form(request, frozenset({"token", "client_id", "client_secret"}))
        app = self._client(request, form)
        grant = self._grant_of(form.get("token", ""))
        if grant is not None and grant.app == app.client_id:
            self._revoke_grant(grant)
        return Response(200, [], b"")

    def introspect(self, request: Request) -> Any:
        """``POST /oauth/v1/token/introspect``: what an access token is."""
        form = _form(request, frozenset({"token", "client_id", "client_secret"}))
        app = self._client(request, form)
        token = form.get("token", "")
        access = self._live_access(token)
        if access is None or access.grant.app != app.client_id:
            return {"active": False}
        return {
            "active": True,
            "jti": access.jti,
            "iss": ISSUER,
            "token_type": "Bearer",
            "client_id": str(app.client_id),
            "aud": str(app.client_id),
            "sub": str(access.grant.consent.user_id),
            "scope": " ".join(access.grant.scopes),
            "exp": _unix(access.expires),
            "iat": _unix(access.issued),
        }

    def resources(self, request: Request) -> Any:
        """``POST /oauth/v1/token/resources``: the resources the token's consent granted."""
        form = _form(request, frozenset({"token", "client_id", "client_secret"}))
        app = self._client(request, form)
        access = self._live_access(form.get("token", ""))
        if access is None or access.grant.app != app.client_id:
            raise _oauth_error(400, "invalid_token", "The token is invalid, expired or revoked.")
        consent = access.grant.consent
        resources: dict[str, Any] = {}
        if consent.universe_ids:
            resources["universe"] = {"ids": [str(u) for u in consent.universe_ids]}
        if consent.creator_ids:
            resources["creator"] = {"ids": list(consent.creator_ids)}
        owner = {"id": str(consent.user_id), "type": "User"}
        return {"resource_infos": [{"owner": owner, "resources": resources}]}

    def userinfo(self, request: Request) -> Any:
        """``GET /oauth/v1/userinfo``: the signed-in user (bearer token with ``openid``)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        access = self._live_access(token.strip()) if scheme.lower() == "bearer" else None
        if access is None:
            raise ApiError("UNAUTHENTICATED", "Invalid or expired access token", status=401, gateway=True)
        if "openid" not in access.grant.scopes:
            raise _denied("userinfo (the token lacks the openid scope)")
        return self._claims(access.grant)

    def certs(self, request: Request) -> Any:
        """``GET /oauth/v1/certs``: the public keys of the ``id_token`` signatures (JWKS)."""
        self._signing_key()
        self._certs_served += 1
        return {"keys": [_public_jwk(kid, key) for kid, key in self._keys]}

    def discovery(self, request: Request) -> Any:
        """``GET /oauth/.well-known/openid-configuration``."""
        base = "https://apis.roblox.com/oauth"
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{base}/v1/authorize",
            "token_endpoint": f"{base}/v1/token",
            "introspection_endpoint": f"{base}/v1/token/introspect",
            "revocation_endpoint": f"{base}/v1/token/revoke",
            "resources_endpoint": f"{base}/v1/token/resources",
            "userinfo_endpoint": f"{base}/v1/userinfo",
            "jwks_uri": f"{base}/v1/certs",
            "response_types_supported": ["none", "code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "scopes_supported": ["openid", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    # -- internals --------------------------------------------------------------------

    def _client(self, request: Request, form: Mapping[str, str]) -> OAuthApp:
        """The app authenticating the request: HTTP Basic or ``client_id``/``client_secret`` in the form."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            if client_id is not None or secret is not None:
                raise _oauth_error(400, "invalid_request", "Use one client authentication method.")
            try:
                client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
            except ValueError:
                raise _oauth_error(401, "invalid_client", "Malformed Basic credentials.") from None
        app = self._apps.get(_client_id(client_id))
        if app is None or secret is None or not hmac.compare_digest(secret.encode(), app.secret.encode()):
            raise _oauth_error(401, "invalid_client", "Client authentication failed.")
        return app

    def _live_access(self, token: str) -> _Access | None:
        access = self._access.get(token)
        if access is None or access.grant.revoked or self._context.now() >= access.expires:
            return None
        return access

    def _grant_of(self, token: str) -> _Grant | None:
        access = self._access.get(token)
        return access.grant if access is not None else self._grants.get(token)

    def _revoke_grant(self, grant: _Grant) -> None:
        grant.revoked = True

    def _refresh_token(self) -> str:
        return "emu-oauth2-rt-" + secrets.token_urlsafe(32)

    def _tokens(self, app: OAuthApp, grant: _Grant, nonce: str | None) -> Response:
        now = self._context.now()
        token = _ACCESS_PREFIX + secrets.token_urlsafe(32)
        self._access[token] = _Access(
            grant, secrets.token_hex(16), now, now + timedelta(seconds=ACCESS_SECONDS)
        )
        grant.access.append(token)
        body: dict[str, Any] = {
            "access_token": token,
            "refresh_token": grant.refresh_token,
            "token_type": "Bearer",
            "expires_in": ACCESS_SECONDS - 1,
            "scope": " ".join(grant.scopes),
        }
        if "openid" in grant.scopes:
            body["id_token"] = self._id_token(app, grant, nonce, now)
        return json_response(200, body, [("cache-control", "no-store")])

    def _claims(self, grant: _Grant) -> dict[str, Any]:
        user_id = grant.consent.user_id
        claims: dict[str, Any] = {"sub": str(user_id)}
        if "profile" in grant.scopes:
            username, display, created = self._profiles.get(
                user_id, (f"user_{user_id}", f"User {user_id}", UNIX_EPOCH)
            )
            claims.update(
                name=display,
                nickname=display,
                preferred_username=username,
                created_at=_unix(created),
                profile=f"https://www.roblox.com/users/{user_id}/profile",
                picture=f"https://tr.rbxcdn.com/emulator/headshot/{user_id}/150/150/Png",
            )
        return claims

    def _id_token(self, app: OAuthApp, grant: _Grant, nonce: str | None, now: datetime) -> str:
        claims: dict[str, Any] = {
            **self._claims(grant),
            "iss": ISSUER,
            "aud": str(app.client_id),
            "iat": _unix(now),
            "exp": _unix(now) + 3600,
            "jti": secrets.token_hex(16),
        }
        if nonce is not None:
            claims["nonce"] = nonce
        kid, key = self._signing_key()
        forged = self._forged.pop(0) if self._forged else None
        if forged == "other-key":
            key = _new_private_key()
        elif forged == "unknown-kid":
            kid, key = "emulator-unknown-" + secrets.token_hex(4), _new_private_key()
        elif forged == "other-client":
            claims["aud"] = str(app.client_id + 1)
        elif forged == "expired":
            claims.update(iat=_unix(now) - 7200, exp=_unix(now) - 3600)
        elif forged == "wrong-nonce":
            claims["nonce"] = _b64(secrets.token_bytes(40))
        elif forged == "wrong-issuer":
            claims["iss"] = "https://attacker.example/oauth/"
        elif forged == "unsigned":
            return _jws({"alg": "none", "typ": "JWT"}, claims, lambda data: b"")
        elif forged == "hs256":
            shared_key = b"a-shared-secret-of-32-bytes-long"
            return _jws(
                {"alg": "HS256", "typ": "JWT", "kid": kid},
                claims,
                lambda data: hmac.new(shared_key, data, hashlib.sha256).digest(),
            )
        elif forged == "not-a-jwt":
            return "this-is-not-a-jwt"
        return _jws({"alg": "ES256", "typ": "JWT", "kid": kid}, claims, lambda data: _es256(key, data))

    def _signing_key(self) -> tuple[str, Any]:
        if not self._keys:
            self._new_key()
        return self._keys[-1]

    def _new_key(self) -> str:
        kid = "emulator-" + secrets.token_hex(6)
        self._keys.append((kid, _new_private_key()))
        return kid


# -- helpers --------------------------------------------------------------------------


def _new_private_key() -> Any:
    try:
        from cryptography.hazmat.primitives.asymmetric import ec
    except ImportError:
        raise ImportError(
            "the emulator's OAuth2 area signs id_tokens with cryptography: pip install 'rblx-open-cloud[oauth2]'"
        ) from None
    return ec.generate_private_key(ec.SECP256R1())


def _es256(key: Any, data: bytes) -> bytes:
    """An ES256 JWS signature: the raw ``r || s`` of an ECDSA P-256 / SHA-256 signature."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def _jws(header: dict[str, Any], claims: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    """A compact JWS: ``header.claims.signature``, each base64url-encoded."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{_b64(sign(signing_input.encode('ascii')))}"


def _public_jwk(kid: str, key: Any) -> dict[str, Any]:
    numbers = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "use": "sig",
        "alg": "ES256",
        "x": _b64(numbers.x.to_bytes(32, "big")),
        "y": _b64(numbers.y.to_bytes(32, "big")),
    }


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unix(moment: datetime) -> int:
    return int((moment - UNIX_EPOCH).total_seconds())


def _challenge_matches(verifier: str, challenge: str) -> bool:
    expected = _b64(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
    return hmac.compare_digest(expected, challenge)


def _client_id(raw: str | None) -> int:
    return int(raw) if raw is not None and _is_id(raw) else -1


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 19


def _form(request: Request, allowed: frozenset[str]) -> dict[str, str]:
    """The fields of a form-encoded body: a 400 for another content type, an
    unknown or repeated field."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != _FORM:
        raise _oauth_error(400, "invalid_request", f"Content-Type must be {_FORM}.")
    try:
        pairs = parse_qsl(request.payload.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError):
        raise _oauth_error(400, "invalid_request", "The body is not a valid form.") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            raise _oauth_error(400, "invalid_request", f"Unknown parameter '{name}'.")
        if name in form:
            raise _oauth_error(400, "invalid_request", f"Parameter '{name}' was given more than once.")
        form[name] = value
    return form


class _OAuthError(ApiError):
    """An RFC 6749 error answer: ``{"error", "error_description"}``."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(error, description, status=status)

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "error_description": self.message}


def _oauth_error(status: int, error: str, description: str) -> ApiError:
    return _OAuthError(status, error, description)


def _denied(what: str) -> ApiError:
    return ApiError("PERMISSION_DENIED", f"The access token was not granted access to {what}.", status=403)


def _consent_page(app: OAuthApp, params: Mapping[str, str]) -> Response:
    fields = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in params.items()
    )
    scopes = ", ".join(html.escape(s) for s in params.get("scope", "").split())
    page = (
        "<!doctype html><html><head><title>Authorize</title></head><body>"
        f"<h1>{html.escape(app.name)} wants to access your Roblox account</h1>"
        f"<p>Scopes: {scopes}</p>"
        f'<form method="post" action="/oauth/v1/authorize">{fields}<button type="submit">Allow</button></form>'
        "</body></html>"
    )
    return Response(200, [("content-type", "text/html; charset=utf-8")], page.encode())
