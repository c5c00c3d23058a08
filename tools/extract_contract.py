"""Extract the wire contract used by the test suite from Roblox's OpenAPI spec.

The full spec is several megabytes and lives outside the project, so the tests
read a trimmed, committed copy instead: one entry per operation served from
``https://apis.roblox.com`` with its method, path template, query parameters,
header parameter names, top-level request body fields and top-level 2xx
response fields. Descriptions and examples are dropped. Operations Roblox
documents outside the spec (API key introspection) are added from the
platform reference's facts (`UNDECLARED_OPERATIONS`).

It also writes the emulator's scope table (``emulator/_scopes.json``): for each
Open Cloud operation that lists ``x-roblox-scopes``, its method, path template
and scope names, so the emulator can refuse a key without them. The emulator
ships that table; it never reads the spec.

Usage::

    python tools/extract_contract.py            # regenerate both files
    python tools/extract_contract.py --check    # exit 1 if a committed file is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = PROJECT_ROOT.parent / "shared" / "openapi" / "openapi.json"
DEFAULT_OUT = PROJECT_ROOT / "tests" / "contract" / "wire_contract.json"
DEFAULT_SCOPES_OUT = PROJECT_ROOT / "src" / "rblxopencloudasync" / "emulator" / "_scopes.json"
OPEN_CLOUD_SERVER = "https://apis.roblox.com"
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")

JSONDict = dict[str, Any]


@dataclass
class _Shape:
    """The top level of a schema after resolving ``$ref`` and merging ``allOf``.

    ``properties`` is None when the schema does not list its fields (free-form
    objects, maps, scalars, arrays) so that checkers know not to restrict keys.
    """

    types: set[str] = field(default_factory=set)
    properties: set[str] | None = None
    required: set[str] = field(default_factory=set)
    open: bool = False
    enum: list[Any] | None = None
    item_enum: list[Any] | None = None
    item_types: set[str] = field(default_factory=set)

    def merge(self, other: _Shape) -> None:
        """Fold ``other`` into this shape (used for allOf parts and alternatives)."""
        self.types |= other.types
        if other.properties is not None:
            self.properties = (self.properties or set()) | other.properties
        self.required |= other.required
        self.open = self.open or other.open
        if other.enum is not None:
            self.enum = other.enum if self.enum is None else _union(self.enum, other.enum)
        if other.item_enum is not None:
            self.item_enum = (
                other.item_enum if self.item_enum is None else _union(self.item_enum, other.item_enum)
            )
        self.item_types |= other.item_types

    def type_name(self) -> str | None:
        """The single JSON type of this shape, or None when absent or ambiguous."""
        return next(iter(self.types)) if len(self.types) == 1 else None

    def property_list(self) -> list[str] | None:
        """Sorted property names, or None when keys cannot be restricted."""
        if self.properties is None or self.open:
            return None
        return sorted(self.properties)


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    return first + [value for value in second if value not in first]


class _Resolver:
    """Follows local ``$ref`` pointers inside one spec document."""

    def __init__(self, spec: JSONDict) -> None:
        self._spec = spec

    def deref(self, node: Any) -> Any:
        """Return ``node`` with any chain of ``$ref`` pointers followed."""
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise ValueError(f"unsupported $ref {ref!r}")
            if ref in seen:
                raise ValueError(f"$ref cycle at {ref!r}")
            seen.add(ref)
            target: Any = self._spec
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def shape(self, schema: Any, depth: int = 0) -> _Shape:
        """Flatten the top level of ``schema`` into a :class:`_Shape`."""
        if depth > 32:
            raise ValueError("schema nesting too deep (cyclic allOf?)")
        node = self.deref(schema)
        result = _Shape()
        if not isinstance(node, dict):
            return result
        for part in node.get("allOf", []):
            result.merge(self.shape(part, depth + 1))
        alternatives = [self.shape(part, depth + 1) for part in node.get("oneOf", []) + node.get("anyOf", [])]
        if alternatives:
            either = _Shape()
            for alt in alternatives:
                # One alternative that does not list fields makes the union unrestricted.
                if alt.properties is None and alt.types <= {"object"}:
                    either.open = True
                either.merge(alt)
            either.required = set.intersection(*(alt.required for alt in alternatives))
            result.merge(either)
        if isinstance(node.get("type"), str):
            result.types.add(node["type"])
        if isinstance(node.get("properties"), dict):
            result.properties = (result.properties or set()) | set(node["properties"])
            result.types.add("object")
        if node.get("additionalProperties") not in (None, False):
            result.open = True
        result.required |= set(node.get("required", []))
        if isinstance(node.get("enum"), list):
            result.enum = list(node["enum"])
        if "items" in node:
            items = self.shape(node["items"], depth + 1)
            result.item_enum = items.enum
            result.item_types = items.types
        return result


# Classic web APIs the SDK calls without credentials; the SDK (with a custom
# base URL) and the emulator address them as /_web/<service>/<path>.
WEB_SERVERS = {"https://badges.roblox.com": "badges"}


def _web_service(servers: Any) -> str | None:
    for server in servers or []:
        service = WEB_SERVERS.get(str(server.get("url", "")).rstrip("/"))
        if service is not None:
            return service
    return None


def _is_open_cloud(servers: Any) -> bool:
    if not servers:
        return True
    return any(str(server.get("url", "")).rstrip("/") == OPEN_CLOUD_SERVER for server in servers)


def _security_names(requirements: Iterable[Mapping[str, Any]]) -> list[str]:
    names: list[str] = []
    for requirement in requirements:
        for name in requirement:
            if name not in names:
                names.append(name)
    return names


def _content_entry(resolver: _Resolver, content: Mapping[str, Any] | None) -> JSONDict:
    shape = _Shape()
    content = content or {}
    for media in content.values():
        if isinstance(media, dict) and "schema" in media:
            shape.merge(resolver.shape(media["schema"]))
    return {
        "content_types": sorted(content),
        "properties": shape.property_list() if content else None,
        "required": sorted(shape.required),
        "type": shape.type_name(),
    }


# Request bodies the spec leaves out. The place publishing operation takes the
# raw place file (described in its prose and curl sample, and in the
# place-publishing guide): .rbxl as application/octet-stream, .rbxlx as
# application/xml.
UNDECLARED_BODIES: dict[str, JSONDict] = {
    "Places_CreatePlaceVersionApiKey": {
        "content_types": ["application/octet-stream", "application/xml"],
        "properties": None,
        "required": [],
        "type": "string",
    },
}


# Operations Roblox documents outside the spec, from the platform reference.
# API key introspection (api-keys guide, "Introspect API keys"): a JSON body
# {"apiKey": "<key>"} and no auth header; the answer holds the key's name,
# authorizedUserId, scopes (name, operations and the resources they cover),
# enabled, expired and expirationTimeUtc.
UNDECLARED_OPERATIONS: list[JSONDict] = [
    {
        "id": "ApiKeys_Introspect",
        "method": "POST",
        "path": "/api-keys/v1/introspect",
        "query": {},
        "headers": [],
        "body": {
            "content_types": ["application/json"],
            "properties": ["apiKey"],
            "required": ["apiKey"],
            "type": "object",
        },
        "responses": {
            "200": {
                "content_types": ["application/json"],
                "properties": [
                    "authorizedUserId",
                    "enabled",
                    "expirationTimeUtc",
                    "expired",
                    "name",
                    "scopes",
                ],
                "type": "object",
            }
        },
        "security": [],
        "stability": None,
    },
]

# -- OAuth 2.0 (absent from the spec's paths) --------------------------------------
# From the platform reference, § OAuth 2.0 (Roblox's OAuth 2.0 reference): the
# authorization server on apis.roblox.com. Token, revoke, introspect and
# resources take application/x-www-form-urlencoded bodies; the app
# authenticates with HTTP Basic or client_id/client_secret in the body.
_OAUTH2_FORM = ["application/x-www-form-urlencoded"]
_OAUTH2_CLIENT = ["client_id", "client_secret"]


def _oauth2_operation(
    op_id: str,
    method: str,
    path: str,
    *,
    query: Sequence[str] = (),
    form: Sequence[str] | None = None,
    answer: list[str] | None,
    content_types: Sequence[str] = ("application/json",),
    security: Sequence[str] = (),
) -> JSONDict:
    return {
        "id": op_id,
        "method": method,
        "path": path,
        "query": {name: {"type": "string"} for name in query},
        "headers": [],
        "body": None
        if form is None
        else {"content_types": _OAUTH2_FORM, "properties": sorted(form), "required": [], "type": "object"},
        "responses": {
            "200": {
                "content_types": list(content_types),
                "properties": answer,
                "type": "object" if answer else None,
            }
        },
        "security": list(security),
        "stability": None,
    }


def oauth2_operations() -> list[JSONDict]:
    """The OAuth 2.0 endpoints, as contract operations."""
    return [
        _oauth2_operation(
            "OAuth2_Authorize",
            "GET",
            "/oauth/v1/authorize",
            query=[
                "client_id",
                "redirect_uri",
                "scope",
                "response_type",
                "prompt",
                "nonce",
                "state",
                "code_challenge",
                "code_challenge_method",
            ],
            answer=None,
            content_types=["text/html"],
        ),
        _oauth2_operation(
            "OAuth2_Token",
            "POST",
            "/oauth/v1/token",
            form=["grant_type", "code", "code_verifier", "refresh_token", *_OAUTH2_CLIENT],
            answer=["access_token", "expires_in", "id_token", "refresh_token", "scope", "token_type"],
        ),
        _oauth2_operation(
            "OAuth2_Introspect",
            "POST",
            "/oauth/v1/token/introspect",
            form=["token", *_OAUTH2_CLIENT],
            answer=["active", "aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub", "token_type"],
        ),
        _oauth2_operation(
            "OAuth2_Resources",
            "POST",
            "/oauth/v1/token/resources",
            form=["token", *_OAUTH2_CLIENT],
            answer=["resource_infos"],
        ),
        _oauth2_operation(
            "OAuth2_Revoke",
            "POST",
            "/oauth/v1/token/revoke",
            form=["token", *_OAUTH2_CLIENT],
            answer=None,
            content_types=[],
        ),
        _oauth2_operation(
            "OAuth2_UserInfo",
            "GET",
            "/oauth/v1/userinfo",
            answer=["created_at", "name", "nickname", "picture", "preferred_username", "profile", "sub"],
            security=["roblox-oauth2"],
        ),
        _oauth2_operation("OAuth2_Certs", "GET", "/oauth/v1/certs", answer=["keys"]),
        _oauth2_operation("OAuth2_Discovery", "GET", "/oauth/.well-known/openid-configuration", answer=None),
    ]


def with_oauth2(contract: JSONDict) -> JSONDict:
    """``contract`` with the OAuth 2.0 operations added, in the contract's order."""
    operations = [*contract["operations"], *oauth2_operations()]
    operations.sort(key=lambda entry: (entry["path"], HTTP_METHODS.index(entry["method"].lower())))
    return {**contract, "operations": operations}


# -- end of OAuth 2.0 ------------------------------------------------------------------


def _query_entry(resolver: _Resolver, parameter: Mapping[str, Any]) -> JSONDict:
    shape = resolver.shape(parameter.get("schema", {}))
    entry: JSONDict = {"type": shape.type_name()}
    if shape.enum is not None:
        entry["enum"] = shape.enum
    if shape.type_name() == "array":
        if shape.item_enum is not None:
            entry["enum"] = shape.item_enum
        if len(shape.item_types) == 1:
            entry["items"] = next(iter(shape.item_types))
    if parameter.get("required"):
        entry["required"] = True
    return entry


def _operation(
    resolver: _Resolver,
    path: str,
    method: str,
    path_item: JSONDict,
    op: JSONDict,
    spec: JSONDict,
) -> JSONDict:
    query: JSONDict = {}
    headers: set[str] = set()
    # Operation-level parameters override path-level ones with the same (name, in).
    merged: dict[tuple[str, str], JSONDict] = {}
    for raw in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        parameter = resolver.deref(raw)
        merged[(parameter["name"], parameter["in"])] = parameter
    for (name, location), parameter in merged.items():
        if location == "query":
            query[name] = _query_entry(resolver, parameter)
        elif location == "header":
            headers.add(name.lower())

    body: JSONDict | None = None
    if "requestBody" in op:
        request_body = resolver.deref(op["requestBody"])
        body = _content_entry(resolver, request_body.get("content"))
    elif op.get("operationId") in UNDECLARED_BODIES:
        body = dict(UNDECLARED_BODIES[op["operationId"]])

    responses: JSONDict = {}
    for status, raw_response in op.get("responses", {}).items():
        if str(status).startswith("2"):
            response = resolver.deref(raw_response)
            entry = _content_entry(resolver, response.get("content"))
            del entry["required"]
            responses[str(status)] = entry

    # An explicit empty list on the operation means "no auth", so only a missing key falls back.
    security = op["security"] if "security" in op else spec.get("security", [])
    method_upper = method.upper()
    return {
        "id": op.get("operationId") or f"{method_upper} {path}",
        "method": method_upper,
        "path": path,
        "query": query,
        "headers": sorted(headers),
        "body": body,
        "responses": responses,
        "security": _security_names(security),
        "stability": op.get("x-roblox-stability"),
    }


def _recommended_alternatives(spec: JSONDict, operations: list[JSONDict]) -> list[JSONDict]:
    """GET operations on apis.roblox.com that the spec names only as the
    recommended alternative of another operation (``x-roblox-recommended-alternatives``),
    without a path entry of their own: the group shout, GET /cloud/v2/groups/{group_id}/shout.

    Nothing is known of their parameters or answer, so they take no query
    parameters and their answer's fields are not restricted; their security is
    that of the documented operation whose path is the longest prefix of theirs.
    """
    known = {(entry["method"], entry["path"]) for entry in operations}
    found: dict[str, JSONDict] = {}
    for path_item in spec.get("paths", {}).values():
        for method in HTTP_METHODS:
            op = path_item.get(method)
            if not isinstance(op, dict):
                continue
            for alternative in op.get("x-roblox-recommended-alternatives") or []:
                url = str(alternative.get("url", ""))
                if str(alternative.get("httpMethod", "")).upper() != "GET" or not url.startswith(
                    OPEN_CLOUD_SERVER + "/"
                ):
                    continue
                path = url[len(OPEN_CLOUD_SERVER) :]
                if ("GET", path) in known or path in found:
                    continue
                parents = [entry for entry in operations if path.startswith(entry["path"] + "/")]
                parent = max(parents, key=lambda entry: len(entry["path"]), default=None)
                found[path] = {
                    "id": f"GET {path}",
                    "method": "GET",
                    "path": path,
                    "query": {},
                    "headers": [],
                    "body": None,
                    "responses": {
                        "200": {"content_types": ["application/json"], "properties": None, "type": "object"}
                    },
                    "security": list(parent["security"]) if parent is not None else [],
                    "stability": None,
                }
    return list(found.values())


def build_contract(spec: JSONDict, undeclared: Iterable[JSONDict] = ()) -> JSONDict:
    """Build the trimmed contract document from a parsed OpenAPI spec, plus the
    ``undeclared`` operations (`UNDECLARED_OPERATIONS` for Roblox's spec)."""
    resolver = _Resolver(spec)
    operations: list[JSONDict] = []
    top_servers = spec.get("servers")
    for path, path_item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = path_item.get(method)
            if op is None:
                continue
            servers = op.get("servers") or path_item.get("servers") or top_servers
            if _is_open_cloud(servers):
                operations.append(_operation(resolver, path, method, path_item, op, spec))
            elif method == "get" and (service := _web_service(servers)) is not None:
                entry = _operation(resolver, path, method, path_item, op, spec)
                entry["path"] = f"/_web/{service}{path.split('#', 1)[0]}"
                if entry["id"] == f"GET {path}":
                    entry["id"] = f"GET {entry['path']}"
                operations.append(entry)
    operations.extend(_recommended_alternatives(spec, operations))
    operations.extend(json.loads(json.dumps(list(undeclared))))  # a copy
    operations.sort(key=lambda entry: (entry["path"], HTTP_METHODS.index(entry["method"].lower())))
    ids = [entry["id"] for entry in operations]
    duplicates = sorted({op_id for op_id in ids if ids.count(op_id) > 1})
    if duplicates:
        raise ValueError(f"duplicate operation ids: {duplicates}")
    return {"operations": operations}


def build_scopes(spec: JSONDict) -> JSONDict:
    """The emulator's scope table: ``[method, path template, [scope, ...]]`` for each
    Open Cloud operation whose ``x-roblox-scopes`` names at least one scope."""
    rows: list[list[Any]] = []
    top_servers = spec.get("servers")
    for path, path_item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = path_item.get(method)
            if op is None:
                continue
            servers = op.get("servers") or path_item.get("servers") or top_servers
            if not _is_open_cloud(servers):
                continue
            names: list[str] = []
            for scope in op.get("x-roblox-scopes") or []:
                name = scope.get("name") if isinstance(scope, dict) else None
                if isinstance(name, str) and name and name not in names:
                    names.append(name)
            if names:
                rows.append([method.upper(), path, names])
    rows.sort(key=lambda row: (row[1], HTTP_METHODS.index(row[0].lower())))
    return {"operations": rows}


def render_scopes(table: JSONDict) -> str:
    """Serialise the scope table compactly: one operation per line."""
    lines = [json.dumps(row, ensure_ascii=True) for row in table["operations"]]
    return '{"operations": [\n' + ",\n".join(lines) + "\n]}\n"


def render(contract: JSONDict) -> str:
    """Serialise the contract deterministically (sorted keys, indent=1, trailing newline)."""
    return json.dumps(contract, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def _write_or_check(path: Path, text: str, check: bool, spec_path: Path, what: str) -> int:
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            state = "missing" if current is None else "out of date"
            print(
                f"{path} is {state} with respect to {spec_path}; "
                f"run: python tools/extract_contract.py --spec {spec_path}",
                file=sys.stderr,
            )
            return 1
        print(f"{path} is up to date ({what})")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"wrote {path} ({what}, {len(text.encode())} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI spec to read")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="contract file to write")
    parser.add_argument(
        "--scopes-out",
        type=Path,
        default=None,
        help="scope table to write (default: the emulator's, unless --out names another contract file)",
    )
    parser.add_argument("--check", action="store_true", help="fail if an output is not up to date")
    args = parser.parse_args(argv)

    spec_path: Path = args.spec
    out_path: Path = args.out
    scopes_path: Path | None = args.scopes_out
    if scopes_path is None and out_path == DEFAULT_OUT:
        scopes_path = DEFAULT_SCOPES_OUT
    if not spec_path.is_file():
        print(f"spec not found: {spec_path}", file=sys.stderr)
        return 2
    with spec_path.open(encoding="utf-8") as handle:
        spec = json.load(handle)
    contract = with_oauth2(build_contract(spec, UNDECLARED_OPERATIONS))
    status = _write_or_check(
        out_path, render(contract), args.check, spec_path, f"{len(contract['operations'])} operations"
    )
    if scopes_path is not None:
        table = build_scopes(spec)
        status |= _write_or_check(
            scopes_path,
            render_scopes(table),
            args.check,
            spec_path,
            f"{len(table['operations'])} scoped operations",
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
