"""Check HTTP traffic against the documented Open Cloud wire contract.

The contract (``wire_contract.json`` next to this file) is generated from
Roblox's OpenAPI spec by ``tools/extract_contract.py``. It lists every
operation served from ``https://apis.roblox.com`` with its query parameters,
top-level request body fields and top-level 2xx response fields.

Typical uses::

    # wrap any transport (MockTransport, the emulator's transport, ...)
    transport = ContractTransport(httpx.MockTransport(handler))
    client = httpx.Client(transport=transport, base_url="https://apis.roblox.com")

    # or with respx
    respx_mock.get(url).mock(side_effect=respx_side_effect(handler))

    # or directly
    check_request(request)
    check_response(request, response)
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

__all__ = [
    "CONTRACT_PATH",
    "BodySpec",
    "ContractTransport",
    "Operation",
    "QueryParam",
    "ResponseSpec",
    "check_request",
    "check_response",
    "get_operation",
    "match_operation",
    "operations",
    "respx_side_effect",
]

CONTRACT_PATH = Path(__file__).resolve().with_name("wire_contract.json")

_VARIABLE = re.compile(r"\{[^{}/]+\}")
# A path variable spans one segment and stops at ':' so that a custom verb
# (".../{entry_id}:increment") never matches the plain resource template.
# A variable stops at ':' (custom verbs such as ':increment'), except inside the
# documented '@latest:<RFC3339>' revision suffix of data store entry ids.
_VARIABLE_PATTERN = "[^/:]+(?:@latest:[^/]+)?"
_JSON_TYPES: dict[str, type] = {"object": dict, "array": list}


@dataclass(frozen=True)
class QueryParam:
    """A documented query parameter."""

    name: str
    type: str | None
    enum: tuple[str, ...] | None
    items: str | None
    required: bool


@dataclass(frozen=True)
class BodySpec:
    """A documented request body; ``properties`` is None when keys are unrestricted."""

    content_types: tuple[str, ...]
    properties: frozenset[str] | None
    required: frozenset[str]
    type: str | None


@dataclass(frozen=True)
class ResponseSpec:
    """A documented 2xx response; ``properties`` is None when keys are unrestricted."""

    content_types: tuple[str, ...]
    properties: frozenset[str] | None
    type: str | None


@dataclass(frozen=True)
class Operation:
    """One documented operation: method, path template and wire-level facts."""

    id: str
    method: str
    path: str
    query: Mapping[str, QueryParam]
    headers: tuple[str, ...]
    body: BodySpec | None
    responses: Mapping[str, ResponseSpec]
    security: tuple[str, ...]
    stability: str | None
    pattern: re.Pattern[str]
    specificity: tuple[int, ...]

    def matches_path(self, path: str) -> bool:
        """Whether the (percent-encoded) concrete ``path`` fits this template."""
        return self.pattern.fullmatch(path) is not None


def _compile_template(template: str) -> tuple[re.Pattern[str], tuple[int, ...]]:
    regex_parts: list[str] = []
    specificity: list[int] = []
    for segment in template.split("/"):
        pieces = _VARIABLE.split(segment)
        regex_parts.append(_VARIABLE_PATTERN.join(re.escape(piece) for piece in pieces))
        if len(pieces) == 1:
            specificity.append(2)
        elif any(pieces):
            specificity.append(1)
        else:
            specificity.append(0)
    return re.compile("/".join(regex_parts)), tuple(specificity)


def _frozen_or_none(values: Sequence[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def _parse_operation(raw: Mapping[str, Any]) -> Operation:
    pattern, specificity = _compile_template(raw["path"])
    body = raw["body"]
    return Operation(
        id=raw["id"],
        method=raw["method"],
        path=raw["path"],
        query={
            name: QueryParam(
                name=name,
                type=spec.get("type"),
                enum=None if "enum" not in spec else tuple(str(value) for value in spec["enum"]),
                items=spec.get("items"),
                required=bool(spec.get("required", False)),
            )
            for name, spec in raw["query"].items()
        },
        headers=tuple(raw["headers"]),
        body=None
        if body is None
        else BodySpec(
            content_types=tuple(body["content_types"]),
            properties=_frozen_or_none(body["properties"]),
            required=frozenset(body["required"]),
            type=body["type"],
        ),
        responses={
            status: ResponseSpec(
                content_types=tuple(spec["content_types"]),
                properties=_frozen_or_none(spec["properties"]),
                type=spec["type"],
            )
            for status, spec in raw["responses"].items()
        },
        security=tuple(raw["security"]),
        stability=raw["stability"],
        pattern=pattern,
        specificity=specificity,
    )


@functools.cache
def operations() -> tuple[Operation, ...]:
    """All documented operations, loaded once from ``wire_contract.json``."""
    with CONTRACT_PATH.open(encoding="utf-8") as handle:
        document = json.load(handle)
    return tuple(_parse_operation(raw) for raw in document["operations"])


@functools.cache
def _by_id() -> Mapping[str, Operation]:
    return {op.id: op for op in operations()}


def get_operation(operation_id: str) -> Operation:
    """Look an operation up by its id (``operationId``, or ``"METHOD /path"`` when the spec has none)."""
    try:
        return _by_id()[operation_id]
    except KeyError:
        close = difflib.get_close_matches(operation_id, list(_by_id()), n=5)
        raise AssertionError(f"unknown operation id {operation_id!r}; close: {close}") from None


def _path_only(path: str | bytes) -> str:
    if isinstance(path, bytes):
        path = path.decode("ascii")
    if "://" in path:
        path = httpx.URL(path).raw_path.decode("ascii")
    return path.split("?", 1)[0]


def _close_candidates(method: str, path: str, limit: int = 5) -> list[str]:
    segments = path.split("/")

    def score(op: Operation) -> tuple[int, int, float]:
        template = op.path.split("/")
        prefix = 0
        for template_segment, segment in zip(template, segments, strict=False):
            if not re.fullmatch(_compile_template(template_segment)[0], segment):
                break
            prefix += 1
        similarity = difflib.SequenceMatcher(None, op.path, path).ratio()
        return (prefix, int(op.method == method), similarity)

    ranked = sorted(operations(), key=score, reverse=True)[:limit]
    return [f"{op.method} {op.path}  ({op.id})" for op in ranked]


def match_operation(method: str, path: str | bytes) -> Operation:
    """Find the documented operation for ``method`` and a concrete URL path.

    ``path`` should be the raw, percent-encoded path (``request.url.raw_path``);
    a query string or a full URL is tolerated and ignored. Literal segments win
    over variables when several templates fit. Raises AssertionError listing
    close candidates when nothing matches.
    """
    method = method.upper()
    concrete = _path_only(path)
    fitting = [op for op in operations() if op.matches_path(concrete)]
    candidates = [op for op in fitting if op.method == method]
    if candidates:
        # max() keeps the first of equally specific templates, so ties resolve in contract order.
        return max(candidates, key=lambda op: op.specificity)
    if fitting:
        documented = ", ".join(sorted(f"{op.method} {op.path}" for op in fitting))
        raise AssertionError(
            f"{method} {concrete}: method not documented for this path; documented: {documented}"
        )
    lines = "\n  ".join(_close_candidates(method, concrete))
    raise AssertionError(
        f"{method} {concrete}: no documented Open Cloud operation matches; closest:\n  {lines}"
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _is_json(media_type: str) -> bool:
    return media_type in ("application/json", "text/json") or media_type.endswith("+json")


def _media_allowed(media_type: str, documented: Sequence[str]) -> bool:
    for allowed in documented:
        pattern = re.escape(allowed.lower()).replace(r"\*", "[^/]*")
        if re.fullmatch(pattern, media_type):
            return True
    return False


def _value_ok(param: QueryParam, value: str) -> bool:
    kind = param.items if param.type == "array" else param.type
    if param.enum is not None and value not in param.enum:
        return False
    if kind == "integer":
        return re.fullmatch(r"-?\d+", value) is not None
    if kind == "number":
        return re.fullmatch(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", value) is not None
    if kind == "boolean":
        return value.lower() in ("true", "false")
    return True


def _check_query(op: Operation, request: httpx.Request, errors: list[str]) -> None:
    params = request.url.params
    for name, value in params.multi_items():
        param = op.query.get(name)
        if param is None:
            documented = sorted(op.query) or "none"
            errors.append(f"query parameter {name!r} is not documented (documented: {documented})")
            continue
        # Arrays may arrive repeated (explode) or comma-joined.
        values = value.split(",") if param.type == "array" and not _value_ok(param, value) else [value]
        bad = [item for item in values if not _value_ok(param, item)]
        if bad:
            allowed = (
                f"one of {list(param.enum)}" if param.enum is not None else f"a {param.items or param.type}"
            )
            errors.append(f"query parameter {name}={value!r} is invalid: expected {allowed}")
    for name, param in op.query.items():
        if param.required and name not in params:
            errors.append(f"required query parameter {name!r} is missing")


def _request_content(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return request.read()


def _check_body(op: Operation, request: httpx.Request, errors: list[str]) -> None:
    content = _request_content(request)
    if not content:
        return
    content_type = request.headers.get("content-type")
    if content_type is None:
        errors.append("a request body is sent without a content-type header")
        return
    if op.body is None:
        errors.append(f"the operation documents no request body, but {len(content)} bytes were sent")
        return
    media_type = _media_type(content_type)
    if not _media_allowed(media_type, op.body.content_types):
        errors.append(
            f"content-type {media_type!r} is not documented (documented: {list(op.body.content_types)})"
        )
        return
    if media_type == "application/x-www-form-urlencoded":
        _check_form(op, content, errors)
        return
    if not _is_json(media_type):
        return
    try:
        payload = json.loads(content)
    except ValueError as exc:
        errors.append(f"the JSON request body does not parse: {exc}")
        return
    expected = _JSON_TYPES.get(op.body.type or "")
    # Scalar body types are loose in the spec (raw payloads are typed "string"), so only containers are enforced.
    if expected is not None and not isinstance(payload, expected):
        errors.append(f"the request body must be a JSON {op.body.type}, got {type(payload).__name__}")
        return
    if not isinstance(payload, dict):
        return
    if op.body.properties is not None:
        unknown = sorted(set(payload) - op.body.properties)
        if unknown:
            errors.append(f"undocumented body field(s) {unknown}; documented: {sorted(op.body.properties)}")
    # PATCH bodies are partial (field masks) even where the resource schema marks fields required.
    if op.method != "PATCH":
        missing = sorted(op.body.required - set(payload))
        if missing:
            errors.append(f"required body field(s) {missing} are missing")


def _check_form(op: Operation, content: bytes, errors: list[str]) -> None:
    """The field names of a form-encoded body (the OAuth2 endpoints)."""
    try:
        fields = [
            name
            for name, _ in parse_qsl(content.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        ]
    except (UnicodeDecodeError, ValueError):
        errors.append("the form body does not parse")
        return
    assert op.body is not None
    if op.body.properties is not None:
        unknown = sorted(set(fields) - op.body.properties)
        if unknown:
            errors.append(f"undocumented form field(s) {unknown}; documented: {sorted(op.body.properties)}")
    repeated = sorted({name for name in fields if fields.count(name) > 1})
    if repeated:
        errors.append(f"form field(s) {repeated} sent more than once")


def _raw_path(request: httpx.Request) -> str:
    """The request path as the contract names it: classic web hosts
    (``badges.roblox.com``) become ``/_web/<service>/...``."""
    raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
    host = request.url.host
    if host.endswith(".roblox.com") and host != "apis.roblox.com":
        return f"/_web/{host.removesuffix('.roblox.com')}{raw_path}"
    return raw_path


def check_request(request: httpx.Request) -> Operation:
    """Assert that ``request`` matches a documented operation and return it.

    Checks the method and path, query parameter names (and enum values and
    simple types), the content type and the top-level JSON body fields.
    Raises AssertionError describing every problem found.
    """
    op = match_operation(request.method, _raw_path(request))
    errors: list[str] = []
    _check_query(op, request, errors)
    _check_body(op, request, errors)
    if errors:
        details = "\n  - ".join(errors)
        raise AssertionError(
            f"{request.method} {request.url} does not match {op.id} ({op.path}):\n  - {details}"
        )
    return op


def check_response(request: httpx.Request, response: httpx.Response) -> None:
    """Assert that a 2xx JSON object response only uses documented top-level fields.

    Statuses without documented properties, non-JSON and empty bodies are not checked.
    """
    if not 200 <= response.status_code < 300:
        return
    op = match_operation(request.method, _raw_path(request))
    spec = op.responses.get(str(response.status_code))
    if spec is None or spec.properties is None:
        return
    if not _is_json(_media_type(response.headers.get("content-type", ""))):
        return
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = response.read()
    if not content:
        return
    try:
        payload = json.loads(content)
    except ValueError as exc:
        raise AssertionError(
            f"{op.id}: {response.status_code} response claims JSON but does not parse: {exc}"
        ) from None
    if isinstance(payload, dict):
        unknown = sorted(set(payload) - spec.properties)
        if unknown:
            raise AssertionError(
                f"{op.id}: {response.status_code} response has undocumented field(s) {unknown}; "
                f"documented: {sorted(spec.properties)}"
            )


def _consumed_raw(response: httpx.Response) -> bytes | None:
    """Raw bytes of a response whose stream was already read, or None if unread."""
    if not response.is_stream_consumed:
        return None
    # Responses built in memory (e.g. by MockTransport handlers) are read on construction,
    # but their ByteStream still holds the undecoded bytes and can be iterated again.
    if isinstance(response.stream, httpx.ByteStream):
        return b"".join(response.stream)
    raise RuntimeError("the wrapped transport returned a response whose stream was already consumed")


def _copy_response(response: httpx.Response, raw: bytes, request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        status_code=response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        extensions=response.extensions,
        request=request,
    )


class ContractTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Transport wrapper that checks every request and response against the contract.

    ``checked`` lists the ids of the operations seen, in order; ``failures``
    keeps every assertion message, so a test can still see them if the code
    under test swallowed the AssertionError.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport,
        *,
        check_responses: bool = True,
    ) -> None:
        """Wrap ``transport`` (sync, async or both)."""
        self._transport = transport
        self._check_responses = check_responses
        self.checked: list[str] = []
        self.failures: list[str] = []

    def _check_request(self, request: httpx.Request) -> None:
        try:
            op = check_request(request)
        except AssertionError as exc:
            self.failures.append(str(exc))
            raise
        self.checked.append(op.id)

    def _check_response(self, request: httpx.Request, raw: bytes, response: httpx.Response) -> httpx.Response:
        if self._check_responses:
            # Decode a throwaway copy; the caller gets a fresh, unread response.
            probe = _copy_response(response, raw, request)
            try:
                probe.read()
                check_response(request, probe)
            except AssertionError as exc:
                self.failures.append(str(exc))
                raise
        return _copy_response(response, raw, request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check, forward to the wrapped sync transport, check the response."""
        if not isinstance(self._transport, httpx.BaseTransport):
            raise TypeError(f"{type(self._transport).__name__} is not a sync transport")
        request.read()
        self._check_request(request)
        response = self._transport.handle_request(request)
        raw = _consumed_raw(response)
        if raw is None:
            try:
                raw = b"".join(response.iter_raw())
            finally:
                response.close()
        return self._check_response(request, raw, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Check, forward to the wrapped async transport, check the response."""
        if not isinstance(self._transport, httpx.AsyncBaseTransport):
            raise TypeError(f"{type(self._transport).__name__} is not an async transport")
        await request.aread()
        self._check_request(request)
        response = await self._transport.handle_async_request(request)
        raw = _consumed_raw(response)
        if raw is None:
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        return self._check_response(request, raw, response)

    def close(self) -> None:
        """Close the wrapped sync transport."""
        if isinstance(self._transport, httpx.BaseTransport):
            self._transport.close()

    async def aclose(self) -> None:
        """Close the wrapped async transport."""
        if isinstance(self._transport, httpx.AsyncBaseTransport):
            await self._transport.aclose()


def respx_side_effect(
    handler: Callable[[httpx.Request], httpx.Response] | httpx.Response,
) -> Callable[[httpx.Request], httpx.Response]:
    """Wrap a respx side effect (or a fixed response) with contract checks.

    Usage: ``respx_mock.post(url).mock(side_effect=respx_side_effect(handler))``.
    """

    def side_effect(request: httpx.Request) -> httpx.Response:
        check_request(request)
        response = handler(request) if callable(handler) else handler
        check_response(request, response)
        return response

    return side_effect
