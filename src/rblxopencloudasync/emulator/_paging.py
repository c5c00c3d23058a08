"""Page tokens, page sizes and the tiny CEL filter dialects of cloud v2 lists."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from ._errors import invalid
from ._time import parse_time

T = TypeVar("T")

# Parameters that may change between pages without invalidating the token
# (the page-size and cursor parameters of every listing style).
_UNBOUND_PARAMS = frozenset({"pageToken", "maxPageSize", "pageSize", "cursor", "limit"})


def fingerprint(path: str, params: Sequence[tuple[str, str]]) -> str:
    """A short hash of a list request, binding a page token to its query."""
    bound = sorted((name, value) for name, value in params if name not in _UNBOUND_PARAMS)
    text = json.dumps([path, bound], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_token(cursor: Any, query_hash: str) -> str:
    """An opaque token carrying the position after the last item returned."""
    raw = json.dumps({"c": cursor, "f": query_hash}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, query_hash: str) -> Any:
    """The cursor inside ``token``; 400 if it is garbage or minted for another query."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid("Invalid page token.") from None
    if not isinstance(data, dict) or set(data) != {"c", "f"}:
        raise invalid("Invalid page token.")
    if data["f"] != query_hash:
        raise invalid("The page token does not match the other parameters of the request.")
    return data["c"]


def page_size(raw: str | None, *, default: int, maximum: int, name: str = "maxPageSize") -> int:
    """Parse ``maxPageSize`` (or another count, ``name``): unset or 0 means the
    default, larger than max is coerced."""
    if raw is None:
        return default
    try:
        size = int(raw)
    except ValueError:
        raise invalid(f"Invalid value for {name}: {raw!r}.") from None
    if size < 0:
        raise invalid(f"{name} must not be negative.")
    if size == 0:
        return default
    return min(size, maximum)


def take(items: Iterator[T], size: int) -> tuple[list[T], bool]:
    """The first ``size`` items and whether at least one more follows."""
    page: list[T] = []
    for item in items:
        if len(page) == size:
            return page, True
        page.append(item)
    return page, False


_STARTS_WITH = re.compile(r'id\.startsWith\((?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\')\)')


def parse_id_prefix(text: str | None) -> str:
    """Parse ``id.startsWith("prefix")``; an empty or absent filter is ``""``."""
    if not text:
        return ""
    match = _STARTS_WITH.fullmatch(text)
    if match is None:
        raise invalid(f'Invalid filter {text!r}: only id.startsWith("prefix") is supported.')
    quoted = match.group(1) if match.group(1) is not None else match.group(2)
    return re.sub(r"\\(.)", r"\1", quoted)


def _clauses(text: str) -> list[str]:
    return text.split(" && ")


_TIME_CLAUSE = re.compile(r"revision_create_time (>=|<=) (\S+)")


def parse_revision_filter(text: str | None) -> tuple[datetime | None, datetime | None]:
    """Parse ``revision_create_time >= T && revision_create_time <= T`` (either side optional)."""
    lower: datetime | None = None
    upper: datetime | None = None
    if not text:
        return lower, upper
    for clause in _clauses(text):
        match = _TIME_CLAUSE.fullmatch(clause)
        moment = parse_time(match.group(2)) if match else None
        if match is None or moment is None:
            raise invalid(f"Invalid filter {text!r}.")
        if match.group(1) == ">=":
            lower = moment if lower is None else max(lower, moment)
        else:
            upper = moment if upper is None else min(upper, moment)
    return lower, upper


_VALUE_CLAUSE = re.compile(r"entry (>=|<=) (-?\d+)")


def parse_value_filter(text: str | None) -> tuple[int | None, int | None]:
    """Parse ``entry >= N && entry <= N`` (either side optional)."""
    lower: int | None = None
    upper: int | None = None
    if not text:
        return lower, upper
    for clause in _clauses(text):
        match = _VALUE_CLAUSE.fullmatch(clause)
        if match is None:
            raise invalid(f"Invalid filter {text!r}.")
        try:
            bound = int(match.group(2))
        except ValueError:  # more digits than Python converts
            raise invalid(f"Invalid filter {text[:100]!r}: the number is out of range.") from None
        if match.group(1) == ">=":
            lower = bound if lower is None else max(lower, bound)
        else:
            upper = bound if upper is None else min(upper, bound)
    return lower, upper
