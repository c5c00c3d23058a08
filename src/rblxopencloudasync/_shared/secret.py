"""Secrets store helpers: argument checks and sealing (pure, shared by both twins)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from .fields import ResponseShapeError, as_object, req_str

__all__ = ["MAX_SECRETS", "MAX_SECRET_CHARS", "public_key_result"]

_X25519_KEY_BYTES = 32

MAX_SECRET_CHARS = 1024
"""Longest secret content Roblox stores, in characters (bytes for ``bytes`` content)."""
MAX_SECRETS = 500
"""Most secrets an experience can have."""


_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"\*|(?:\*\.)?{_LABEL}(?:\.{_LABEL})*")
_MAX_DOMAIN = 253
# A sealed box is the ciphertext plus a 32-byte ephemeral public key and a 16-byte MAC.
_SEAL_OVERHEAD = 48


def merged_secret(body: Any, **known: Any) -> dict[str, Any]:
    """The response fields, completed with what the request said (the API omits some)."""
    data = {name: value for name, value in known.items() if value is not None}
    if isinstance(body, dict):
        data.update({name: value for name, value in body.items() if value is not None})
    return data


def check_secret_id(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"secret id must be a str, got {type(value).__name__}")
    if not _ID.fullmatch(value):
        raise ValueError(
            f"invalid secret id {value!r}: use 1-64 letters, digits or underscores, not starting with a digit"
        )
    return value


def check_domain(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"domain must be a str, got {type(value).__name__}")
    if value and (len(value) > _MAX_DOMAIN or not _DOMAIN.fullmatch(value)):
        raise ValueError(
            f"invalid domain {value!r}: use '*', a host name such as 'api.example.com', "
            "a wildcard such as '*.example.com', or '' for a private key"
        )
    return value


def check_key_id(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"key_id must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError("key_id must not be empty")
    return value


def check_plain(value: Any) -> bytes:
    """Plain secret content as bytes. Messages name the problem, never the content."""
    if isinstance(value, str):
        size, data = len(value), value.encode("utf-8")
        unit = "characters"
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        size, unit = len(data), "bytes"
    else:
        raise TypeError(f"secret must be a str or bytes, got {type(value).__name__}")
    if size == 0:
        raise ValueError("secret must not be empty")
    if size > MAX_SECRET_CHARS:
        raise ValueError(f"secret is {size} {unit} long; the limit is {MAX_SECRET_CHARS}")
    return data


def check_sealed(value: Any) -> str:
    """Content the caller encrypted: base64 text of a sealed box."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            value = bytes(value).decode("ascii")
        except UnicodeDecodeError:
            value = None
    elif not isinstance(value, str):
        raise TypeError(f"secret must be a str or bytes, got {type(value).__name__}")
    try:
        raw = base64.b64decode(value, validate=True) if value is not None else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) <= _SEAL_OVERHEAD:
        raise ValueError(
            "with key_id, secret must be a base64-encoded sealed box made with that key "
            "(leave key_id out to have plain text encrypted for you)"
        )
    return str(value)


def seal(public_key: bytes, plain: bytes) -> str:
    """``plain`` sealed to the base64 ``public_key``, base64-encoded for the wire."""
    # PyNaCl loads libsodium: import it only when a secret is actually written.
    from nacl.encoding import Base64Encoder
    from nacl.public import PublicKey, SealedBox

    try:
        box = SealedBox(PublicKey(public_key, encoder=Base64Encoder))
    except (ValueError, TypeError):
        raise ValueError("the experience's public key from Roblox is not a valid X25519 key") from None
    return base64.b64encode(box.encrypt(plain)).decode("ascii")


def public_key_result(body: Any) -> tuple[str, bytes]:
    """``(key_id, public_key)`` of the public key answer."""
    data = as_object(body)
    key_id, public_key = req_str(data, "key_id"), req_str(data, "secret")
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not key_id or len(raw) != _X25519_KEY_BYTES:
        raise ResponseShapeError(
            "the public key answer has an empty 'key_id' or a 'secret' that is no X25519 key"
        )
    return key_id, public_key.encode("ascii")
