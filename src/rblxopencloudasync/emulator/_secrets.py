"""The secrets store area: per-universe key pairs, sealed-box decryption, secrets CRUD.

Each universe gets an X25519 key pair on first use. Clients fetch the public
key, seal their secret to it (libsodium sealed box) and send it base64-encoded
with the key's id; the emulator opens the box with the private key and keeps
the plain text, so tests can check what really arrived (`SecretArea.secret_value`).
Errors use the secrets store's ProblemDetails shape (``status`` is a string).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._area import (
    Area,
    Context,
    Request,
    Route,
    check_fields,
    empty_response,
    json_response,
    parse_universe_id,
)
from ._errors import ApiError
from ._paging import encode_token, take
from ._time import format_time

if TYPE_CHECKING:
    from nacl.public import PrivateKey

MAX_SECRETS = 500
MAX_SECRET_CHARS = 1024
_DEFAULT_LIMIT = 10
_MAX_LIMIT = 500
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"\*|(?:\*\.)?{_LABEL}(?:\.{_LABEL})*")
_MAX_DOMAIN = 253
_PUBLIC_KEY_ID = "public-key"
_BODY_FIELDS = frozenset({"id", "secret", "key_id", "domain", "create_time", "update_time"})
_OUTPUT_ONLY = ("create_time", "update_time")

_TITLES = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
_TYPES = {
    400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    403: "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    409: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
}


class ProblemError(ApiError):
    """An error answered in the secrets store's ProblemDetails shape."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(_TITLES.get(status, "Error"), detail, status=status)

    def body(self) -> dict[str, Any]:
        """``{type, title, status, detail}`` with ``status`` as a string, as this API sends it."""
        return {
            "type": _TYPES.get(self.status, "about:blank"),
            "title": self.code,
            "status": str(self.status),
            "detail": self.message,
        }


def _as_problem(error: ApiError) -> ApiError:
    """Any error of a secrets request in the ProblemDetails shape."""
    return error if isinstance(error, ProblemError) else ProblemError(error.status, error.message)


def _bad(detail: str) -> ProblemError:
    return ProblemError(400, detail)


@dataclass(slots=True)
class _KeyPair:
    key_id: str
    private: PrivateKey

    @property
    def public_b64(self) -> str:
        return base64.b64encode(bytes(self.private.public_key)).decode("ascii")


@dataclass(slots=True)
class _Secret:
    id: str
    value: bytes
    domain: str
    create_time: datetime
    update_time: datetime

    def metadata(self) -> dict[str, Any]:
        """What listing shows: never the content."""
        return {
            "id": self.id,
            "domain": self.domain,
            "create_time": format_time(self.create_time),
            "update_time": format_time(self.update_time),
        }


def _new_key_pair() -> _KeyPair:
    from nacl.public import PrivateKey  # libsodium is loaded only when secrets are used

    private = PrivateKey.generate()
    key_id = hashlib.sha256(bytes(private.public_key)).hexdigest()[:16]
    return _KeyPair(key_id, private)


class SecretArea(Area):
    """``cloud/v2/universes/{u}/secrets``: list, create, update, delete and the public key.

    Test helpers: `public_key`, `rotate_key`, `secret_value`, `add_secret`
    (reach the instance with ``emulator.area(SecretArea)``).
    """

    def __init__(self, context: Context, *, operation_polls: int) -> None:
        super().__init__(context, operation_polls=operation_polls)
        self._keys: dict[int, _KeyPair] = {}
        self._secrets: dict[int, dict[str, _Secret]] = {}

    def clear(self) -> None:
        self._keys.clear()
        self._secrets.clear()

    def seed(self, universe_id: int) -> None:
        self._store(universe_id, "example_api_key", b"demo-secret-value", "*.example.com")

    # -- routing -------------------------------------------------------------

    def route(self, method: str, segments: list[str]) -> Route | None:
        match method, segments:
            case "GET", ["cloud", "v2", "universes", u, "secrets"]:
                return Route(
                    lambda r: self.list_secrets(r, u), frozenset({"limit", "cursor"}), error=_as_problem
                )
            case "POST", ["cloud", "v2", "universes", u, "secrets"]:
                return Route(lambda r: self.create_secret(r, u), error=_as_problem, needs_body=True)
            case "GET", ["cloud", "v2", "universes", u, "secrets", "public-key"]:
                return Route(lambda r: self.get_public_key(r, u), error=_as_problem)
            case "PATCH", ["cloud", "v2", "universes", u, "secrets", secret_id]:
                return Route(
                    lambda r: self.update_secret(r, u, secret_id), error=_as_problem, needs_body=True
                )
            case "DELETE", ["cloud", "v2", "universes", u, "secrets", secret_id]:
                return Route(lambda r: self.delete_secret(r, u, secret_id), error=_as_problem)
        return None

    # -- handlers --------------------------------------------------------------

    def get_public_key(self, request: Request, u: str) -> Any:
        """``GET …/secrets/public-key``: ``{id: "public-key", secret: <base64 key>, key_id}``."""
        pair = self._key_pair(parse_universe_id(u))
        return {"id": _PUBLIC_KEY_ID, "secret": pair.public_b64, "key_id": pair.key_id}

    def list_secrets(self, request: Request, u: str) -> Any:
        """``GET …/secrets?limit=&cursor=``: metadata only, ordered by id."""
        universe_id = parse_universe_id(u)
        limit = _parse_limit(request.params.get("limit"))
        query_hash, cursor = self.page_cursor(request, "cursor")
        ids = sorted(self._secrets.get(universe_id, {}))
        if cursor is None:
            page, _ = take(iter(ids), limit)
        elif isinstance(cursor, list) and len(cursor) == 2 and cursor[0] in ("n", "p"):
            mark = str(cursor[1])
            if cursor[0] == "n":
                page, _ = take((i for i in ids if i > mark), limit)
            else:
                page = [i for i in ids if i < mark][-limit:]
        else:
            raise _bad("Invalid cursor.")
        secrets = self._secrets.get(universe_id, {})
        return {
            "secrets": [secrets[i].metadata() for i in page],
            "nextPageCursor": (
                encode_token(["n", page[-1]], query_hash) if page and page[-1] != ids[-1] else None
            ),
            "previousPageCursor": (
                encode_token(["p", page[0]], query_hash) if page and page[0] != ids[0] else None
            ),
        }

    def create_secret(self, request: Request, u: str) -> Any:
        """``POST …/secrets``: 201 with the id and times; 409 when the id is taken."""
        universe_id = parse_universe_id(u)
        payload = _check_body(request.payload)
        secret_id = payload.get("id")
        if not isinstance(secret_id, str) or not _ID.fullmatch(secret_id):
            raise _bad(
                "The secret id must be 1-64 letters, digits or underscores and must not start with a digit."
            )
        if "secret" not in payload:
            raise _bad("The field 'secret' is required.")
        value = self._open(universe_id, payload)
        domain = _parse_domain(payload.get("domain"))
        stored = self._secrets.setdefault(universe_id, {})
        if secret_id in stored:
            raise ProblemError(409, f"A secret with id '{secret_id}' already exists.")
        if len(stored) >= MAX_SECRETS:
            raise _bad(f"A universe can have at most {MAX_SECRETS} secrets.")
        now = self._context.now()
        stored[secret_id] = _Secret(secret_id, value, domain, now, now)
        body = {"id": secret_id, "create_time": format_time(now), "update_time": format_time(now)}
        return json_response(201, body)

    def update_secret(self, request: Request, u: str, secret_id: str) -> Any:
        """``PATCH …/secrets/{id}``: new content and/or domain; 404 when missing."""
        universe_id = parse_universe_id(u)
        payload = _check_body(request.payload)
        if "id" in payload and payload["id"] != secret_id:
            raise _bad("The secret id in the body does not match the one in the path.")
        found = self._find(universe_id, secret_id)
        if payload.get("secret") is None and payload.get("domain") is None:
            raise _bad("Nothing to update: give 'secret' (with 'key_id') and/or 'domain'.")
        opened = self._open(universe_id, payload) if payload.get("secret") is not None else None
        if opened is None and payload.get("key_id") is not None:
            raise _bad("'key_id' is only valid together with 'secret'.")
        domain = _parse_domain(payload["domain"]) if payload.get("domain") is not None else None
        if opened is not None:
            found.value = opened
        if domain is not None:
            found.domain = domain
        found.update_time = self._context.now()
        return {"id": found.id, "update_time": format_time(found.update_time)}

    def delete_secret(self, request: Request, u: str, secret_id: str) -> Any:
        """``DELETE …/secrets/{id}``: permanent; 200 with no body, 404 when missing."""
        universe_id = parse_universe_id(u)
        self._find(universe_id, secret_id)
        del self._secrets[universe_id][secret_id]
        return empty_response(200)

    # -- internals ----------------------------------------------------------------

    def _key_pair(self, universe_id: int) -> _KeyPair:
        pair = self._keys.get(universe_id)
        if pair is None:
            pair = self._keys[universe_id] = _new_key_pair()
        return pair

    def _find(self, universe_id: int, secret_id: str) -> _Secret:
        if not _ID.fullmatch(secret_id):
            raise _bad("The secret id must be 1-64 letters, digits or underscores.")
        found = self._secrets.get(universe_id, {}).get(secret_id)
        if found is None:
            raise ProblemError(404, f"The secret '{secret_id}' does not exist.")
        return found

    def _open(self, universe_id: int, payload: Mapping[str, Any]) -> bytes:
        """Check ``key_id`` and open the sealed ``secret``; messages never echo content."""
        from nacl.exceptions import CryptoError
        from nacl.public import SealedBox

        sealed, key_id = payload.get("secret"), payload.get("key_id")
        if not isinstance(sealed, str) or not sealed:
            raise _bad("The field 'secret' must be a non-empty base64 string.")
        if not isinstance(key_id, str) or not key_id:
            raise _bad("The field 'key_id' is required with 'secret'.")
        pair = self._key_pair(universe_id)
        if key_id != pair.key_id:
            raise _bad(f"Unknown key_id '{key_id}': fetch the universe's current public key.")
        try:
            raw = base64.b64decode(sealed, validate=True)
        except (binascii.Error, ValueError):
            raise _bad("The field 'secret' is not valid base64.") from None
        try:
            value = SealedBox(pair.private).decrypt(raw)
        except CryptoError:
            raise _bad("The secret could not be decrypted with the universe's key.") from None
        if not value:
            raise _bad("The secret content must not be empty.")
        if _content_length(value) > MAX_SECRET_CHARS:
            raise _bad(f"The secret content is longer than {MAX_SECRET_CHARS} characters.")
        return value

    def _store(self, universe_id: int, secret_id: str, value: bytes, domain: str) -> None:
        now = self._context.now()
        self._secrets.setdefault(universe_id, {})[secret_id] = _Secret(secret_id, value, domain, now, now)

    # -- helpers for tests ------------------------------------------------------------

    def public_key(self, universe_id: int) -> tuple[str, str]:
        """The universe's current ``(key_id, base64 public key)``, made on first use."""
        with self._context.lock:
            pair = self._key_pair(universe_id)
            return pair.key_id, pair.public_b64

    def rotate_key(self, universe_id: int) -> str:
        """Replace the universe's key pair (stored secrets stay); returns the new key id.

        Writes sealed to the old key are then rejected with a 400, as after a
        rotation on Roblox.
        """
        with self._context.lock:
            pair = self._keys[universe_id] = _new_key_pair()
            return pair.key_id

    def secret_value(self, universe_id: int, secret_id: str) -> bytes:
        """The decrypted content of a stored secret; ``KeyError`` if there is none."""
        with self._context.lock:
            return self._secrets.get(universe_id, {})[secret_id].value

    def add_secret(self, universe_id: int, secret_id: str, value: str | bytes, domain: str = "*") -> None:
        """Store a secret directly (no encryption round trip), replacing one with the same id."""
        if not _ID.fullmatch(secret_id):
            raise ValueError(f"invalid secret id {secret_id!r}")
        with self._context.lock:
            data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
            self._store(universe_id, secret_id, data, _parse_domain(domain))


def _check_body(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise _bad("The request body must be a JSON object.")
    try:
        check_fields(payload, _BODY_FIELDS)
    except ApiError as error:
        raise _bad(error.message) from None
    for name in _OUTPUT_ONLY:
        if payload.get(name) is not None:
            raise _bad(f"The field '{name}' is output only.")
    for name in ("id", "key_id", "domain"):
        if payload.get(name) is not None and not isinstance(payload[name], str):
            raise _bad(f"The field '{name}' must be a string.")
    return payload


def _parse_domain(value: Any) -> str:
    """A domain wildcard; absent or null means a private key (``""``)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > _MAX_DOMAIN or not _DOMAIN.fullmatch(value):
        raise _bad(f"Invalid domain {value!r}: use '*', 'api.example.com' or '*.example.com'.")
    return value


def _parse_limit(raw: str | None) -> int:
    if raw is None:
        return _DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise _bad(f"Invalid value for limit: {raw!r}.") from None
    if not 1 <= limit <= _MAX_LIMIT:
        raise _bad(f"limit must be between 1 and {_MAX_LIMIT}, got {limit}.")
    return limit


def _content_length(value: bytes) -> int:
    """Characters of UTF-8 text, else bytes."""
    try:
        return len(value.decode("utf-8"))
    except UnicodeDecodeError:
        return len(value)
