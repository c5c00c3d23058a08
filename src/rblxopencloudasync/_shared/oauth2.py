"""OAuth2 ("Sign in with Roblox"), the pure part: PKCE, authorization URIs,
nonces, token answers, and the checks an ``id_token`` must pass.

Every secret (the client secret, codes, verifiers, access, refresh and id
tokens) is held as a `Hidden` string or inside a `Sealed` box, so no repr,
exception message or traceback local variable shows it. PyJWT (with
``cryptography``, the ``oauth2`` extra) checks ``id_token`` signatures; it is
imported only when an ``id_token`` arrives.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from types import ModuleType
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode, urlsplit

from .checks import check_bool, check_int
from .exceptions import InvalidIdToken, UnexpectedResponse
from .fields import ResponseShapeError, as_object, opt_int, opt_object, opt_str, req_bool, req_str
from .options import Hidden, HiddenBytes, check_credential
from .reprs import model_repr

__all__ = [
    "AUTHORIZE_PATH",
    "CERTS_PATH",
    "ID_TOKEN_LEEWAY_SECONDS",
    "INTROSPECT_PATH",
    "ISSUER",
    "NONCE_LIFETIME_SECONDS",
    "RESOURCES_PATH",
    "REVOKE_PATH",
    "TOKEN_PATH",
    "USERINFO_PATH",
    "AccessTokenInfo",
    "ResourceGrant",
    "Resources",
    "Sealed",
    "TokenSet",
    "UserProfile",
    "authorize_query",
    "basic_auth",
    "check_claims",
    "check_code_verifier",
    "check_redirect_uri",
    "code_challenge",
    "form_body",
    "generate_code_verifier",
    "make_nonce",
    "nonce_problem",
    "parse_jwks",
    "parse_resources",
    "parse_tokens",
    "scope_text",
    "seal",
    "verify_id_token",
]

AUTHORIZE_PATH = "/oauth/v1/authorize"
TOKEN_PATH = "/oauth/v1/token"
INTROSPECT_PATH = "/oauth/v1/token/introspect"
RESOURCES_PATH = "/oauth/v1/token/resources"
REVOKE_PATH = "/oauth/v1/token/revoke"
USERINFO_PATH = "/oauth/v1/userinfo"
CERTS_PATH = "/oauth/v1/certs"

ISSUER = "https://apis.roblox.com/oauth/"
"""The ``iss`` of Roblox's tokens (an identity, whatever ``base_url`` requests go to)."""

ID_TOKEN_LEEWAY_SECONDS = 30
"""Clock skew allowed when checking an ``id_token``'s ``exp`` and ``iat``."""

NONCE_LIFETIME_SECONDS = 600
"""How long after `generate_uri` the ``id_token`` of that sign-in is accepted."""

# RFC 7636 §4.1: 43 to 128 characters of the unreserved set.
_VERIFIER_ALPHABET = string.ascii_letters + string.digits + "-._~"
_VERIFIER_CHARS = frozenset(_VERIFIER_ALPHABET)
MIN_VERIFIER, MAX_VERIFIER = 43, 128
_NONCE_LABEL = b"rblx-open-cloud oauth2 nonce"
_NONCE_BYTES = 8 + 16 + 16  # issue time, random, MAC
_FORM = "application/x-www-form-urlencoded"

T = TypeVar("T")
E = TypeVar("E")
A = TypeVar("A")


class Sealed(Generic[T]):
    """A value holding secrets (a token answer), shown as ``<sealed>`` everywhere."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def open(self) -> T:
        return self._value

    def __repr__(self) -> str:
        return "<sealed>"


def seal(body: Any) -> Sealed[Any]:
    """The ``parse`` of a request whose answer holds tokens: the body, sealed."""
    return Sealed(body)


# -- arguments -----------------------------------------------------------------


def generate_code_verifier(length: int | None = 128) -> str:
    """A random PKCE code verifier (RFC 7636) of ``length`` characters (43 to 128)."""
    size = MAX_VERIFIER if length is None else check_int(length, "length", minimum=MIN_VERIFIER)
    if size > MAX_VERIFIER:
        raise ValueError(f"length must be <= {MAX_VERIFIER}, got {size}")
    return Hidden("".join(secrets.choice(_VERIFIER_ALPHABET) for _ in range(size)))


def check_code_verifier(value: Any) -> str:
    """A code verifier as RFC 7636 allows it (the value is never shown in errors)."""
    if not isinstance(value, str):
        raise TypeError(f"code_verifier must be a str, got {type(value).__name__}")
    if not MIN_VERIFIER <= len(value) <= MAX_VERIFIER:
        raise ValueError(
            f"code_verifier must be {MIN_VERIFIER} to {MAX_VERIFIER} characters, got {len(value)}"
        )
    if not _VERIFIER_CHARS.issuperset(value):
        raise ValueError("code_verifier may only hold A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636)")
    return Hidden(value)


def code_challenge(verifier: str) -> str:
    """The S256 challenge of a verifier: BASE64URL(SHA-256(verifier)), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def check_redirect_uri(value: Any) -> str:
    """An absolute http(s) redirect URI without a fragment (RFC 6749 §3.1.2)."""
    if not isinstance(value, str):
        raise TypeError(f"redirect_uri must be a str, got {type(value).__name__}")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
        raise ValueError(f"redirect_uri must be an absolute http(s) URI without a fragment, got {value!r}")
    return value


def scope_text(scope: Any) -> str:
    """The ``scope`` parameter: one string of space-separated scopes, or a list of them."""
    if isinstance(scope, str):
        names = scope.split()
    elif isinstance(scope, (list, tuple)):
        names = []
        for name in scope:
            if not isinstance(name, str):
                raise TypeError(f"each scope must be a str, got {type(name).__name__}")
            if not name or name.split() != [name]:
                raise ValueError(f"a scope must be one non-empty word, got {name!r}")
            names.append(name)
    else:
        raise TypeError(f"scope must be a str or a list of str, got {type(scope).__name__}")
    if not names:
        raise ValueError("scope must name at least one scope (e.g. ['openid', 'profile'])")
    return " ".join(dict.fromkeys(names))


def authorize_query(
    client_id: int,
    redirect_uri: str,
    scope: str,
    *,
    state: str | None,
    response_type: str,
    challenge: str | None,
    nonce: str | None,
) -> str:
    """The query string of the authorization URI."""
    params = [
        ("client_id", str(client_id)),
        ("redirect_uri", redirect_uri),
        ("scope", scope),
        ("response_type", response_type),
    ]
    if state is not None:
        params.append(("state", state))
    if nonce is not None:
        params.append(("nonce", nonce))
    if challenge is not None:
        params += [("code_challenge", challenge), ("code_challenge_method", "S256")]
    return urlencode(params, quote_via=quote)


def check_state(state: Any) -> str | None:
    """The optional ``state`` of `generate_uri`."""
    if state is not None and not isinstance(state, str):
        raise TypeError(f"state must be a str or None, got {type(state).__name__}")
    return state


def check_generate_code(value: Any) -> bool:
    return check_bool(value, "generate_code")


# -- client authentication and bodies ------------------------------------------------


def basic_auth(client_id: int, secret: str) -> str:
    """The ``authorization`` header of client_secret_basic (RFC 6749 §2.3.1), hidden."""
    pair = f"{quote(str(client_id), safe='')}:{quote(secret, safe='')}".encode()
    return Hidden("Basic " + base64.b64encode(pair).decode("ascii"))


def form_body(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """A form-encoded body (hidden: it holds a token or code) and its content type."""
    return HiddenBytes(urlencode(fields).encode("ascii")), {"content-type": _FORM}


def check_token(value: Any, what: str) -> str:
    """A code or token argument: a sendable str, held hidden from here on."""
    return Hidden(check_credential(value, what))


# -- nonces ----------------------------------------------------------------------


def _nonce_mac(secret: str, issued: bytes, salt: bytes, verifier: str | None) -> bytes:
    bound = hashlib.sha256((verifier or "").encode("ascii")).digest()
    return hmac.new(secret.encode(), _NONCE_LABEL + issued + salt + bound, hashlib.sha256).digest()[:16]


def make_nonce(secret: str, verifier: str | None, now: float) -> str:
    """A nonce only this app (holding ``secret``) can make, dated ``now`` and bound
    to the PKCE ``verifier`` of the same sign-in: any process of the app can check
    it later without shared state."""
    issued = int(now).to_bytes(8, "big")
    salt = secrets.token_bytes(16)
    raw = issued + salt + _nonce_mac(secret, issued, salt, verifier)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def nonce_problem(secret: str, nonce: Any, verifier: str | None, now: float) -> str | None:
    """Why an ``id_token``'s nonce is not one this app issued for this sign-in, or ``None``."""
    if not isinstance(nonce, str):
        return "its nonce is not a string"
    try:
        raw = base64.urlsafe_b64decode(nonce + "=" * (-len(nonce) % 4))
    except ValueError:
        raw = b""
    if len(raw) != _NONCE_BYTES:
        return "its nonce was not issued by this app's generate_uri"
    issued, salt, mac = raw[:8], raw[8:24], raw[24:]
    if not hmac.compare_digest(mac, _nonce_mac(secret, issued, salt, verifier)):
        return "its nonce was not issued by this app's generate_uri for this sign-in (or the code_verifier differs)"
    age = now - int.from_bytes(issued, "big")
    if age > NONCE_LIFETIME_SECONDS + ID_TOKEN_LEEWAY_SECONDS:
        return f"its nonce is older than {NONCE_LIFETIME_SECONDS} seconds"
    if age < -ID_TOKEN_LEEWAY_SECONDS:
        return "its nonce is dated in the future"
    return None


# -- answers ------------------------------------------------------------------------


def _raise_outside(parse: Callable[[Any], T], sealed: Sealed[Any], *, write: bool) -> T:
    """``parse`` of the sealed body, with a shape error raised from here, where no
    local variable holds a token (the frames that saw them are gone)."""
    try:
        return parse(sealed.open())
    except ResponseShapeError as error:
        reason = str(error)
    raise UnexpectedResponse(200, None, reason=reason, may_have_landed=write)


@dataclass(frozen=True, repr=False)
class TokenSet:
    """A token endpoint's answer; every token hidden."""

    access_token: str
    refresh_token: str
    scope: list[str]
    expires_in: int
    id_token: str | None

    @classmethod
    def _from_wire(cls, body: Any) -> TokenSet:
        data = as_object(body)
        token_type = req_str(data, "token_type")
        if token_type.lower() != "bearer":
            raise ResponseShapeError(f"token_type is {token_type[:20]!r}, not 'Bearer'")
        id_token = opt_str(data, "id_token")
        return cls(
            access_token=Hidden(check_credential(req_str(data, "access_token"), "access_token")),
            refresh_token=Hidden(check_credential(req_str(data, "refresh_token"), "refresh_token")),
            scope=req_str(data, "scope").split(),
            expires_in=_req_seconds(data, "expires_in"),
            id_token=None if id_token is None else Hidden(id_token),
        )

    def __repr__(self) -> str:
        return model_repr(self, scope=self.scope, expires_in=self.expires_in)


def parse_tokens(sealed: Sealed[Any]) -> TokenSet:
    """The `TokenSet` of a token answer; `UnexpectedResponse` (holding no token) if malformed."""
    return _raise_outside(TokenSet._from_wire, sealed, write=True)


def _req_seconds(data: dict[str, Any], key: str) -> int:
    value = opt_int(data, key)
    if value is None or value <= 0:
        raise ResponseShapeError(f"field {key!r} is missing or not a positive number of seconds")
    return value


def _user_id(data: dict[str, Any], key: str) -> int:
    """A numeric id the OAuth2 endpoints send as a string (``"sub": "156"``) or a number."""
    value = data.get(key)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ResponseShapeError(f"field {key!r} is missing or not a numeric id")
    return value


def _unix_time(data: dict[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 2**40:
        raise ResponseShapeError(f"field {key!r} is not a Unix time")
    return datetime.fromtimestamp(value, timezone.utc)


@dataclass(frozen=True)
class UserProfile:
    """What ``oauth/v1/userinfo`` (or a verified ``id_token``) tells about the signed-in user."""

    id: int
    username: str | None
    display_name: str | None
    created_at: datetime | None
    profile_uri: str | None
    headshot_uri: str | None

    @classmethod
    def from_wire(cls, body: Any) -> UserProfile:
        data = as_object(body)
        return cls(
            id=_user_id(data, "sub"),
            username=opt_str(data, "preferred_username"),
            display_name=opt_str(data, "nickname") or opt_str(data, "name"),
            created_at=_unix_time(data, "created_at"),
            profile_uri=opt_str(data, "profile"),
            headshot_uri=opt_str(data, "picture"),
        )


@dataclass(frozen=True)
class AccessTokenInfo:
    """What Roblox knows of an access token (``oauth/v1/token/introspect``).

    A token that is not active (expired, revoked, unknown) has only ``active``
    (``False``); its other attributes are ``None``. A token stays ``active``
    after the user revokes the app until it expires.

    Attributes:
        active: Whether the token can be used.
        id: The token's unique ID (``jti``).
        client_id: The OAuth2 app the token was issued to.
        user_id: The user who authorized it.
        scope: The scopes it grants.
        expires_at: When it expires.
        issued_at: When it was issued.
    """

    active: bool
    id: str | None
    client_id: int | None
    user_id: int | None
    scope: list[str]
    expires_at: datetime | None
    issued_at: datetime | None

    @classmethod
    def from_wire(cls, body: Any) -> AccessTokenInfo:
        data = as_object(body)
        active = req_bool(data, "active")
        if not active:
            return cls(False, None, None, None, [], None, None)
        return cls(
            active=True,
            id=req_str(data, "jti"),
            client_id=_user_id(data, "client_id"),
            user_id=_user_id(data, "sub"),
            scope=req_str(data, "scope").split(),
            expires_at=_unix_time(data, "exp"),
            issued_at=_unix_time(data, "iat"),
        )

    def __repr__(self) -> str:
        return model_repr(self, active=self.active, user_id=self.user_id, scope=self.scope)


@dataclass(frozen=True)
class ResourceGrant:
    """One owner's resources in a ``oauth/v1/token/resources`` answer."""

    owner_id: int
    owner_type: str
    universe_ids: list[int]
    creator_ids: list[str]


def _ids(data: dict[str, Any], kind: str) -> list[Any]:
    block = opt_object(data, kind) or {}
    ids = block.get("ids") or []
    if not isinstance(ids, list) or not all(
        isinstance(i, (str, int)) and not isinstance(i, bool) for i in ids
    ):
        raise ResponseShapeError(f"field {kind!r} holds no list of ids")
    return ids


def parse_resources(body: Any) -> list[ResourceGrant]:
    """Every owner's granted universes and creators."""
    data = as_object(body)
    infos = data.get("resource_infos")
    if not isinstance(infos, list):
        raise ResponseShapeError("field 'resource_infos' is missing or not a list")
    grants = []
    for info in infos:
        info = as_object(info, "a resource_infos item")
        owner = opt_object(info, "owner")
        if owner is None:
            raise ResponseShapeError("a resource_infos item has no 'owner'")
        resources = opt_object(info, "resources") or {}
        universes = []
        for raw in _ids(resources, "universe"):
            universes.append(_user_id({"id": raw}, "id"))
        creators = [str(raw) for raw in _ids(resources, "creator")]
        for creator in creators:
            if creator != "U" and not (creator.isascii() and creator.isdigit()):
                raise ResponseShapeError(f"creator id {creator[:20]!r} is neither 'U' nor a group id")
        grants.append(ResourceGrant(_user_id(owner, "id"), req_str(owner, "type"), universes, creators))
    return grants


@dataclass(frozen=True)
class Resources(Generic[E, A]):
    """The experiences and accounts a user let an app act on (`PartialAccessToken.fetch_resources`).

    Each handle sends its requests with the access token, so
    ``resources.experiences[0].publish_message(...)`` publishes as the app,
    on the user's behalf.

    Attributes:
        experiences: The authorized experiences (`Experience` handles).
        accounts: The authorized accounts: the user (`User`) and groups (`Group`).
    """

    experiences: list[E]
    accounts: list[A]

    def __repr__(self) -> str:
        return model_repr(
            self,
            experiences=[getattr(e, "id", None) for e in self.experiences],
            accounts=[getattr(a, "id", None) for a in self.accounts],
        )


# -- id tokens -----------------------------------------------------------------------


def jwt_module() -> ModuleType:
    """PyJWT with its ``cryptography`` backend, or an ImportError naming the extra."""
    try:
        import jwt
        from jwt.algorithms import has_crypto
    except ImportError:
        has_crypto = False
    if not has_crypto:
        raise ImportError(
            "checking Roblox's id_token (the 'openid' scope) needs PyJWT and cryptography: "
            "pip install 'rblx-open-cloud[oauth2]'"
        ) from None
    return jwt


def parse_jwks(body: Any) -> dict[str, Any]:
    """The ES256 (EC P-256) keys of a JWKS answer, by ``kid``."""
    jwt = jwt_module()
    data = as_object(body)
    keys = data.get("keys")
    if not isinstance(keys, list):
        raise ResponseShapeError("field 'keys' is missing or not a list")
    found: dict[str, Any] = {}
    for entry in keys:
        if not isinstance(entry, dict) or entry.get("kty") != "EC" or entry.get("crv") != "P-256":
            continue
        if entry.get("alg", "ES256") != "ES256" or entry.get("use", "sig") != "sig":
            continue
        kid = entry.get("kid")
        try:
            key = jwt.PyJWK(entry, algorithm="ES256").key
        except jwt.PyJWTError:
            continue
        found[kid if isinstance(kid, str) else ""] = key
    return found


def id_token_header(token: str) -> tuple[str | None, str | None]:
    """The ``(kid, alg)`` of an id_token's header, read before its signature is checked
    (to pick the key); raises `InvalidIdToken` when it is no JWT."""
    jwt = jwt_module()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        header = None
    if header is None:
        raise InvalidIdToken("the id_token is not a JSON Web Token")
    kid, alg = header.get("kid"), header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise InvalidIdToken("the id_token is unsigned (alg 'none'); Roblox signs id_tokens with ES256")
    if alg != "ES256":
        raise InvalidIdToken(f"the id_token is signed with {alg[:20]!r}, not ES256 as Roblox signs them")
    return (kid if isinstance(kid, str) else None), alg


def verify_id_token(token: str, key: Any) -> dict[str, Any]:
    """The claims of an id_token whose ES256 signature ``key`` verifies; the claims
    themselves are checked by `check_claims`."""
    jwt = jwt_module()
    reason = None
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=["ES256"],
            options={
                "verify_signature": True,
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "verify_aud": False,
                "verify_iss": False,
            },
        )
    except jwt.InvalidSignatureError:
        reason = "its signature does not verify with Roblox's key"
    except jwt.PyJWTError as error:
        reason = f"it cannot be decoded ({type(error).__name__})"
    if reason is not None:
        raise InvalidIdToken(f"the id_token is not trustworthy: {reason}")
    if not isinstance(claims, dict):
        raise InvalidIdToken("the id_token's claims are not a JSON object")
    return claims


def check_claims(claims: dict[str, Any], client_id: int, now: float) -> None:
    """The issuer, audience, expiry and issue time of verified claims (nonce apart)."""
    problem = _claims_problem(claims, client_id, now)
    if problem is not None:
        raise InvalidIdToken(f"the id_token is not trustworthy: {problem}")


def _claims_problem(claims: dict[str, Any], client_id: int, now: float) -> str | None:
    if claims.get("iss") != ISSUER:
        return f"it was issued by {str(claims.get('iss'))[:60]!r}, not {ISSUER!r}"
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if str(client_id) not in [str(a) for a in audiences]:
        return "it was issued to another client (audience)"
    times: dict[str, float] = {}
    for name in ("exp", "iat"):
        value = claims.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"its {name!r} claim is missing or not a number"
        times[name] = float(value)
    if times["exp"] + ID_TOKEN_LEEWAY_SECONDS < now:
        return "it has expired"
    if times["iat"] - ID_TOKEN_LEEWAY_SECONDS > now:
        return "it is issued in the future"
    sub = claims.get("sub")
    if not (isinstance(sub, str) and sub.isascii() and sub.isdigit()) and not (
        isinstance(sub, int) and not isinstance(sub, bool)
    ):
        return "its 'sub' claim is not a user id"
    return None
