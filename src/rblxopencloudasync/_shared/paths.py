"""URL paths: the one encoder of caller values into path segments, and ids read back from paths."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from .checks import check_int

__all__ = ["segment", "api_path", "unsegment", "path_id", "user_paths", "user_ids_from_paths", "id_from_path"]


# The unreserved characters of RFC 3986, which a path segment may hold as they are.
_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~-"


def segment(value: str) -> str:
    """Percent-encode one URL path segment so that no HTTP library can re-interpret it.

    Everything outside the unreserved set is encoded (``/``, ``@``, ``:``,
    ``?``, ``%``, spaces, ...), and so is every dot of a ``.`` or ``..``
    segment, which httpx and yarl would otherwise collapse as dot-segments.
    """
    # Stripping the unreserved characters leaves "" (a shared object, nothing
    # allocated) when there is nothing to encode: the common case, much cheaper than quote().
    if not value.strip(_UNRESERVED):
        return value.replace(".", "%2E") if value in (".", "..") else value
    return quote(value, safe="")


def api_path(template: str, *values: str | int) -> str:
    """Fill each ``{}`` slot of a URL path template with one encoded path segment.

    This is the one place where the SDK turns caller-supplied values into a
    path: ``api_path("/cloud/v2/universes/{}/data-stores/{}", 1, "a/b")`` is
    ``/cloud/v2/universes/1/data-stores/a%2Fb``. Ints (not bools) are written in
    decimal; strings are encoded by `segment`, so ``..``, ``/`` or ``@`` in a
    key can never name another resource. An empty string is refused: it would
    name the collection instead of an item.
    """
    if template.count("{}") != len(values):
        raise ValueError(
            f"path template {template!r} has {template.count('{}')} slots, got {len(values)} values"
        )
    # Inline fast paths for the common values (a plain int, a name of unreserved
    # characters): every API call builds a path, and the calls would cost more than the work.
    parts: list[str] = []
    for value in values:
        if type(value) is int:
            parts.append(str(value))
        elif type(value) is str and value and not value.strip(_UNRESERVED) and value not in (".", ".."):
            parts.append(value)
        else:
            parts.append(_path_segment(value))
    return template.format(*parts)


def _path_segment(value: str | int) -> str:
    if isinstance(value, str):
        if not value:
            raise ValueError("a path segment must not be empty")
        return segment(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"a path segment must be a str or int, got {type(value).__name__}")


def unsegment(value: str) -> str:
    """Decode a path segment produced by `segment`."""
    return unquote(value)


def path_id(path: Any, collection: str) -> str | None:
    """The decoded id at the end of a resource path taken from a server answer.

    ``path_id("cloud/v2/universes/1/memory-store/operations/x9", "operations")``
    is ``"x9"``. ``None`` unless the path ends with ``{collection}/{id}``. The
    caller rebuilds the URL it requests with `api_path`, so a path in an answer
    can only ever name a resource of the expected kind.
    """
    if not isinstance(path, str):
        return None
    parts = path.split("/")
    if len(parts) < 2 or parts[-2] != collection or not parts[-1]:
        return None
    return unquote(parts[-1])


def user_paths(users: list[int] | None) -> list[str]:
    """Turn user IDs into ``users/{id}`` resource paths, validating them."""
    if users is None:
        return []
    if not isinstance(users, (list, tuple)):
        raise TypeError("users must be a list of user IDs")
    return [f"users/{check_int(user, 'user ID', minimum=1)}" for user in users]


def user_ids_from_paths(paths: Any) -> list[int]:
    """Turn ``users/{id}`` paths (or bare IDs) back into integers."""
    result: list[int] = []
    for item in paths or []:
        text = str(item)
        result.append(int(text.rsplit("/", 1)[-1]))
    return result


def id_from_path(path: Any) -> int | None:
    """The trailing numeric id of a resource path such as ``users/156`` (``None`` if absent)."""
    if not isinstance(path, str) or not path:
        return None
    tail = path.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None
